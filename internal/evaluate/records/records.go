// Package records runs a policy's record checks on a case: who chairs which meeting, what a
// meeting record and the plan must hold, exclusions with reasons, dates set, actions with owners.
// They are findings with positions, not dated obligations.
package records

import (
	"fmt"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// Check returns the findings of p's record checks on c as of today.
func Check(c *casefolder.Case, p *policy.Policy, today civil.Date) diag.List {
	var d diag.List
	ps := facts.Periods(c, today)
	for _, ch := range p.Checks {
		add := func(pos casefolder.Pos, format string, args ...any) {
			msg := fmt.Sprintf(format, args...)
			d.Add(pos.File, pos.Line, pos.Col, "%s (%s %s, %s)", msg, p.ID, ch.ID, ch.Cite)
		}
		switch ch.Kind {
		case policy.CheckChair:
			for _, m := range selectMeetings(c, ps, ch, today) {
				if m.Chair == "" {
					add(m.Pos, "core group on %s records no chair; it must be chaired by %s", m.Date, roleList(ch.Roles))
					continue
				}
				if !chairOK(c, m, ch.Roles) {
					mem := c.Member(m.Chair)
					add(m.ChairPos, "core group on %s is chaired by %q (%s); it must be chaired by %s", m.Date, m.Chair, roleOf(mem), roleList(ch.Roles))
				}
			}
		case policy.CheckMeetingFields:
			for _, m := range selectMeetings(c, ps, ch, today) {
				for _, alts := range ch.Fields {
					if !holdsAny(m, alts) {
						add(m.Pos, "core group record of %s has no %s", m.Date, strings.Join(alts, " or "))
					}
				}
			}
		case policy.CheckDatesSet:
			for _, m := range selectMeetings(c, ps, ch, today) {
				if len(m.DatesSet) == 0 {
					add(m.Pos, "core group on %s is the first after a conference and sets no future dates (dates_set)", m.Date)
				}
			}
		case policy.CheckPlanSections:
			if len(ps) == 0 {
				continue
			}
			if c.Plan == nil {
				continue // no detailed plan yet: plan-agreed rules count the time to write one
			}
			pos := c.Plan.Pos
			var missing []string
			for _, s := range ch.Sections {
				if !c.Plan.HasSection(s) {
					missing = append(missing, s)
				}
			}
			if len(missing) > 0 {
				add(pos, "plan has no section %s", strings.Join(quoteAll(missing), ", "))
			}
		case policy.CheckExclusion:
			for i := range c.Members {
				m := &c.Members[i]
				if m.Excluded && strings.TrimSpace(m.Reason) == "" && (len(ch.Roles) == 0 || contains(ch.Roles, m.Role)) {
					add(m.Pos, "%s %q is excluded with no reason recorded", m.Role, m.ID)
				}
			}
		case policy.CheckActionFields:
			each := func(a *casefolder.Action) {
				for _, alts := range ch.Fields {
					if !actionHolds(a, alts) {
						add(a.Pos, "action %q has no %s", a.ID, strings.Join(alts, " or "))
					}
				}
			}
			if c.Plan != nil {
				for i := range c.Plan.Actions {
					each(&c.Plan.Actions[i])
				}
			}
			for i := range c.Meetings {
				for j := range c.Meetings[i].Actions {
					each(&c.Meetings[i].Actions[j])
				}
			}
		}
	}
	d.Sort()
	return d
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = `"` + s + `"`
	}
	return out
}

func roleOf(m *casefolder.Member) string {
	if m == nil || m.Role == "" {
		return "no role"
	}
	return m.Role
}

func roleList(roles []string) string {
	out := make([]string, len(roles))
	for i, r := range roles {
		if r == policy.ChairLead {
			out[i] = "the lead social worker"
		} else {
			out[i] = "a " + r
		}
	}
	return strings.Join(out, " or ")
}

func chairOK(c *casefolder.Case, m *casefolder.Meeting, roles []string) bool {
	mem := c.Member(m.Chair)
	for _, r := range roles {
		if r == policy.ChairLead && c.LeadOn(m.Date) == m.Chair {
			return true
		}
		if mem != nil && mem.Role == r {
			return true
		}
	}
	return false
}

func holdsAny(m *casefolder.Meeting, alts []string) bool {
	for _, a := range alts {
		if m.Holds(a) {
			return true
		}
	}
	return false
}

func actionHolds(a *casefolder.Action, alts []string) bool {
	for _, f := range alts {
		switch f {
		case "id":
			return a.ID != ""
		case "text":
			if a.Text != "" {
				return true
			}
		case "owner":
			if a.Owner != "" {
				return true
			}
		case "due":
			if !a.Due.IsZero() {
				return true
			}
		case "done":
			if !a.Done.IsZero() {
				return true
			}
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// selectMeetings picks the held core groups a check applies to.
func selectMeetings(c *casefolder.Case, ps []*facts.Period, ch *policy.Check, today civil.Date) []*casefolder.Meeting {
	var out []*casefolder.Meeting
	for _, p := range ps {
		groups := facts.CoreGroups(c, p, today)
		switch ch.Meetings {
		case policy.MeetingsAll:
			out = append(out, groups...)
		case policy.MeetingsFirst:
			if len(groups) > 0 {
				out = append(out, groups[0])
			}
		case policy.MeetingsLater:
			if len(groups) > 1 {
				out = append(out, groups[1:]...)
			}
		case policy.MeetingsFirstAfter:
			for i, cf := range p.Conferences {
				if !facts.MatchConference(ch.Conference, cf, p) {
					continue // the same filter as rules for: conference
				}
				if cf.Date == p.End && i == len(p.Conferences)-1 {
					continue // the conference that ended the plan has no core group after it
				}
				for _, m := range groups {
					if m.Date >= cf.Date {
						if !containsMeeting(out, m) {
							out = append(out, m)
						}
						break
					}
				}
			}
		}
	}
	return out
}

func containsMeeting(list []*casefolder.Meeting, m *casefolder.Meeting) bool {
	for _, x := range list {
		if x == m {
			return true
		}
	}
	return false
}
