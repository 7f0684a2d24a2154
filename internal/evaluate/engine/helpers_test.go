package engine_test

// Shared helpers for worked examples: build a case from YAML text, load a shipped policy,
// evaluate, and compare the result with hand-worked expectations written one obligation a line.
//
// An expectation line reads
//
//	rule child due status [met=DATE] [booked=DATE[!]] [days=N] [at=FILE:LINE]
//
// with "-" for no child (rules that are not per child) and for no due date (waiting,
// no-timescale). booked=DATE! means the booking is later than the due date. days= is required
// for every status that carries days (all but waiting and no-timescale) and forbidden for those.
// at= names the record the obligation is anchored on (file name without its folder); leave it out
// when rule, child and due date already tell the obligations apart.

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// caseYAML is the text of a case folder's files by file name ("plan.yaml", "members.yaml",
// "meetings.yaml", "visits.yaml"); a file left out is absent from the folder.
type caseYAML map[string]string

// loadCase writes files into a fresh t.TempDir() and loads the case as of asOf (YYYY-MM-DD). Any
// finding, error or warning, fails the test: worked examples must be clean cases.
func loadCase(t *testing.T, asOf string, files caseYAML) *casefolder.Case {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, d := casefolder.Load(dir, civil.MustParse(asOf))
	if len(d) > 0 {
		t.Fatalf("case does not load clean:\n%v", d)
	}
	return c
}

// shippedPolicy resolves a shipped policy by id through policy.NewRegistry (from a test's folder
// there is no ./policies, so this is the embedded copy of policies/ID.yaml). Any finding fails.
func shippedPolicy(t *testing.T, id string) *policy.Policy {
	t.Helper()
	p, d, err := policy.NewRegistry().Resolve(id)
	if err != nil {
		t.Fatal(err)
	}
	if p == nil || len(d) > 0 {
		t.Fatalf("policy %s does not load clean:\n%v", id, d)
	}
	return p
}

// evaluateCase loads files as of asOf and evaluates them against the shipped policy policyID with
// the default horizon (14 days).
func evaluateCase(t *testing.T, policyID, asOf string, files caseYAML) []engine.Obligation {
	t.Helper()
	c := loadCase(t, asOf, files)
	return engine.Evaluate(c, shippedPolicy(t, policyID), engine.Options{AsOf: civil.MustParse(asOf)})
}

// anchorOf is "FILE:LINE" of the record an obligation is anchored on, the file without its folder
// ("meetings.yaml:3").
func anchorOf(o engine.Obligation) string {
	return filepath.Base(o.Anchor.File) + ":" + strconv.Itoa(o.Anchor.Line)
}

// findObligations returns the obligations of rule for child ("" for rules that are not per child)
// anchored at anchor ("FILE:LINE", or "" for any anchor), in evaluation order.
func findObligations(obs []engine.Obligation, rule, child, anchor string) []engine.Obligation {
	var out []engine.Obligation
	for _, o := range obs {
		if o.Rule == rule && o.Child == child && (anchor == "" || anchorOf(o) == anchor) {
			out = append(out, o)
		}
	}
	return out
}

// scenario is one worked example: a case, an as-of date, and every obligation it must give.
type scenario struct {
	name  string
	asOf  string
	files caseYAML
	want  []string // expectation lines, see the top of this file
	skip  string   // set when the engine disagrees with the hand working: the subtest is skipped
}

// runScenarios runs each scenario as a subtest against the shipped policy policyID.
func runScenarios(t *testing.T, policyID string, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) {
			if sc.skip != "" {
				t.Skip("engine disagrees: " + sc.skip)
			}
			checkObligations(t, evaluateCase(t, policyID, sc.asOf, sc.files), sc.want)
		})
	}
}

// expectation is one parsed expectation line.
type expectation struct {
	line                          string
	rule, child, due, status, met string
	booked, at                    string
	bookedLate, hasDays           bool
	days                          int
}

func parseExpectation(t *testing.T, line string) expectation {
	t.Helper()
	f := strings.Fields(line)
	if len(f) < 4 {
		t.Fatalf("expectation %q: want rule child due status ...", line)
	}
	x := expectation{line: line, rule: f[0], child: f[1], due: f[2], status: f[3]}
	if x.child == "-" {
		x.child = ""
	}
	if x.due == "-" {
		x.due = ""
	}
	for _, kv := range f[4:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Fatalf("expectation %q: %q is not key=value", line, kv)
		}
		switch k {
		case "met":
			x.met = v
		case "booked":
			x.booked, x.bookedLate = strings.CutSuffix(v, "!")
		case "days":
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("expectation %q: days %q", line, v)
			}
			x.days, x.hasDays = n, true
		case "at":
			x.at = v
		default:
			t.Fatalf("expectation %q: unknown key %q", line, k)
		}
	}
	daysless := x.status == string(engine.Waiting) || x.status == string(engine.NoTimescale)
	if x.hasDays == daysless {
		t.Fatalf("expectation %q: days= is required for status %s unless waiting or no-timescale", line, x.status)
	}
	return x
}

// renderObligation writes an obligation as an expectation line, anchor included.
func renderObligation(o engine.Obligation) string {
	child, due := o.Child, o.Due.String()
	if child == "" {
		child = "-"
	}
	if o.Due.IsZero() {
		due = "-"
	}
	s := fmt.Sprintf("%s %s %s %s", o.Rule, child, due, o.Status)
	if !o.Met.IsZero() {
		s += " met=" + o.Met.String()
	}
	if !o.Booked.IsZero() {
		s += " booked=" + o.Booked.String()
		if o.BookedLate {
			s += "!"
		}
	}
	if o.HasDays {
		s += " days=" + strconv.Itoa(o.Days)
	}
	return s + " at=" + anchorOf(o)
}

// checkObligations asserts that got holds exactly the obligations the expectation lines describe,
// in any order: each line is paired with an unused obligation of the same rule, child, due date
// (and anchor when at= is given), then status, met, booked (and whether it is late) and days must
// agree. Obligations no line describes are reported too.
func checkObligations(t *testing.T, got []engine.Obligation, lines []string) {
	t.Helper()
	used := make([]bool, len(got))
	for _, line := range lines {
		x := parseExpectation(t, line)
		i := -1
		for j, o := range got {
			if !used[j] && o.Rule == x.rule && o.Child == x.child && o.Due.String() == x.due && (x.at == "" || anchorOf(o) == x.at) {
				i = j
				break
			}
		}
		if i < 0 {
			t.Errorf("missing: %s", line)
			continue
		}
		used[i] = true
		o := got[i]
		var diffs []string
		if string(o.Status) != x.status {
			diffs = append(diffs, fmt.Sprintf("status %s, want %s", o.Status, x.status))
		}
		if o.Met.String() != x.met {
			diffs = append(diffs, fmt.Sprintf("met %q, want %q", o.Met, x.met))
		}
		if o.Booked.String() != x.booked || o.BookedLate != x.bookedLate {
			diffs = append(diffs, fmt.Sprintf("booked %q (late %v), want %q (late %v)", o.Booked, o.BookedLate, x.booked, x.bookedLate))
		}
		if o.HasDays != x.hasDays || o.Days != x.days {
			diffs = append(diffs, fmt.Sprintf("days %d (has %v), want %d", o.Days, o.HasDays, x.days))
		}
		if len(diffs) > 0 {
			t.Errorf("%s\n  got  %s\n  %s", line, renderObligation(o), strings.Join(diffs, "; "))
		}
	}
	for j, o := range got {
		if !used[j] {
			t.Errorf("unexpected: %s", renderObligation(o))
		}
	}
}
