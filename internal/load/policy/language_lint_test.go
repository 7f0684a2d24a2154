package policy

import (
	"strings"
	"testing"
)

// Lint's message for each mistake in the newer words of the language, with its position: did
// you mean on every word, and what a key needs.
func TestLintLanguageMistakes(t *testing.T) {
	cases := []struct {
		name, from, to, want string
	}{
		{"anchor with a slip", "after: period-start", "after: period-stat",
			`p.yaml:13:12: unknown anchor "period-stat" for a rule for period (did you mean "period-start"?); expected one of: period-start, first-review, plan.agreed, meeting, meeting.to_manager, meeting.approved, meeting.circulated, core-group:N or rule:ID`},
		{"rule counting", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    counting: day-2\n  - id: core-group-cadence",
			`p.yaml:16:15: unknown counting "day-2" (did you mean "day-0"?); expected one of: day-0, day-1`},
		{"if_absent", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    if_absent: skp\n  - id: core-group-cadence",
			`p.yaml:16:16: unknown if_absent "skp" (did you mean "skip"?); expected one of: waiting, skip`},
		{"signatories without plan.signed", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    signatories: {roles: [parent]}\n  - id: core-group-cadence",
			`p.yaml:16:5: signatories does not apply to an event rule (it takes: after, within, due, event, nth, visit, outlives_plan)`},
		{"order names a rule that is not there", "    every: 6 weeks\n", "    every: 6 weeks\norder: [first-core-grup]\n",
			`p.yaml:24:9: unknown rule "first-core-grup" in order (did you mean "first-core-group"?)`},
		{"order twice", "    every: 6 weeks\n", "    every: 6 weeks\norder: [first-core-group, first-core-group]\n",
			`p.yaml:24:27: rule "first-core-group" is listed twice in order`},
		{"calendar days misspelt", "within: 10 working days", "within: 10 calender days",
			`p.yaml:14:13: within: unknown unit "calender days" (expected working days, days, weeks or months)`},
		{"empty label", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    label: \"\"\n  - id: core-group-cadence",
			`p.yaml:16:12: label must not be empty`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(base, tc.from, tc.to, 1)
			if src == base {
				t.Fatalf("%q not in base", tc.from)
			}
			_, d := Load("p.yaml", []byte(src), "test")
			var got []string
			for _, x := range d {
				got = append(got, x.String())
			}
			found := false
			for _, g := range got {
				found = found || g == tc.want
			}
			if !found {
				t.Errorf("want finding\n  %s\ngot\n  %s", tc.want, strings.Join(got, "\n  "))
			}
		})
	}
}

// A policy's order of rules for reports: those named first, the rest in file order.
func TestRankedOrder(t *testing.T) {
	p, d := Load("p.yaml", []byte(base+"order: [core-group-cadence]\n"), "test")
	if p == nil {
		t.Fatal(d)
	}
	if got := p.Rank("core-group-cadence"); got != 1 {
		t.Errorf("cadence rank %d, want 1", got)
	}
	if got := p.Rank("first-core-group"); got != 2 {
		t.Errorf("first-core-group rank %d, want 2", got)
	}
	if got := p.Rank("nothing"); got != 0 {
		t.Errorf("unknown rule rank %d, want 0", got)
	}
	if got := p.Rules[0].ShortLabel(); got != "First core group" {
		t.Errorf("label %q, want the title", got)
	}
}
