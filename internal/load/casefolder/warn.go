package casefolder

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// KnownRoles are the member roles docs/format.md lists as having a meaning in policies. Roles are
// free words; these are the ones a near miss is likely a typo of.
var KnownRoles = []string{
	"social-worker", "lead-social-worker", "lead-practitioner", "team-manager", "practice-lead", "parent", "carer",
	"family", "child", "foster-carer", "health-visitor", "teacher", "gp", "police", "midwife",
	"school-nurse", "designated-safeguarding-lead",
}

// Warnings are the mistakes people make that the format allows: they leave a case valid but not
// meaning what was meant. They read only what a cached case keeps (ids, roles, dates, kinds).
// roles are more words to count as known (a policy's chair and exclusion roles).
//
//   - a child with neither born nor expected, outside a pre-birth conference: every clock
//     counted from the birth waits for a date nobody will write;
//   - a role one or two letters from a known one ("lead-socialworker"): the member silently
//     plays no part a policy gives that role;
//   - two visits alike in date, by, kind and the children seen: the same visit recorded twice.
func Warnings(c *Case, roles ...string) diag.List {
	var d diag.List
	warn := func(p Pos, format string, args ...any) { d.Warn(p.File, p.Line, p.Col, format, args...) }
	for _, ch := range c.Children {
		if ch.Born.IsZero() && ch.Expected.IsZero() && !c.preBirthFor(ch.ID) {
			warn(ch.Pos, "child %q has neither born nor expected: obligations counted from the birth wait for it; add born: YYYY-MM-DD (or expected: for an unborn child)", ch.ID)
		}
	}
	known := append(slices.Clone(KnownRoles), roles...)
	for _, m := range c.Members {
		if m.Role == "" || slices.Contains(known, m.Role) {
			continue
		}
		if near := yamlwalk.Closest(m.Role, known); near != "" {
			warn(m.Pos, "member %q has role %q, which has no meaning in policies; did you mean %q?", m.ID, m.Role, near)
		}
	}
	first := map[string]Pos{}
	for _, v := range c.Visits {
		key := visitKey(v)
		if p, ok := first[key]; ok {
			warn(v.Pos, "visit on %s by %q (%s) is the same as the one at line %d: the same visit recorded twice?", v.Date, v.By, v.Kind, p.Line)
			continue
		}
		first[key] = v.Pos
	}
	d.Sort()
	return d
}

// preBirthFor reports whether a pre-birth conference decided for the child.
func (c *Case) preBirthFor(child string) bool {
	for _, conf := range c.Conferences {
		if conf.Kind == PreBirth && (len(conf.Children) == 0 || slices.Contains(conf.Children, child)) {
			return true
		}
	}
	return false
}

// SameVisit reports whether a and b are alike in date, by, kind, children seen and outcome: what
// `cpcase add visit` refuses as a duplicate and Warnings reports.
func SameVisit(a, b Visit) bool { return visitKey(a) == visitKey(b) }

func visitKey(v Visit) string {
	seen := slices.Clone(v.Seen)
	slices.Sort(seen)
	// What happened is part of it: a refused visit and a no-access one the same day are two tries.
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%s\x00%t", v.Date, v.By, v.Kind, strings.Join(seen, ","), v.Outcome, v.NoAccess)
}
