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
			`p.yaml:13:12: unknown anchor "period-stat" for a rule for period (did you mean "period-start"?); expected one of: period-start, first-review, plan.agreed, meeting, meeting.to_manager, meeting.approved, meeting.circulated, next-review, next-review-conference, core-group:N or rule:ID`},
		{"rule counting", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    counting: day-2\n  - id: core-group-cadence",
			`p.yaml:16:15: unknown counting "day-2" (did you mean "day-0"?); expected one of: day-0, day-1`},
		{"if_absent", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    if_absent: skp\n  - id: core-group-cadence",
			`p.yaml:16:16: unknown if_absent "skp" (did you mean "skip"?); expected one of: waiting, skip`},
		{"signatories without plan.signed", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    signatories: {roles: [parent]}\n  - id: core-group-cadence",
			`p.yaml:16:5: signatories does not apply to an event rule (it takes: after, before, within, limit, due, event, nth, counted_from, visit, outlives_plan)`},
		{"order out of range", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    order: 0\n  - id: core-group-cadence",
			`p.yaml:16:12: order must be between 1 and 1000`},
		{"a conference record needs for: conference", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n  - {id: x, title: X, cite: \"1\", kind: deadline, for: period, after: period-start, within: 5 working days, met_by: conference.plan_circulated}\n  - id: core-group-cadence",
			`p.yaml:16:116: conference.plan_circulated is a conference's record: use for: conference`},
		{"next_review on a chain of core groups", "    every: 6 weeks\n", "    every: 6 weeks\n    override: next_review\n",
			`p.yaml:24:15: override next_review does not match the chain's event core-group`},
		{"visit outcome", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n  - {id: x, title: X, cite: \"1\", kind: event, for: period, after: period-start, event: visit, visit: {outcome: not-inn}}\n  - id: core-group-cadence",
			`p.yaml:16:112: unknown visit outcome "not-inn" (did you mean "not-in"?); expected one of: seen, not-in, refused, away, no-access`},
		{"enquiry anchors", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n  - {id: x, title: X, cite: \"1\", kind: event, for: enquiry, after: strategy-discusion, event: initial-conference}\n  - id: core-group-cadence",
			`p.yaml:16:68: unknown anchor "strategy-discusion" for a rule for enquiry (did you mean "strategy-discussion"?); expected one of: strategy-discussion, section47-started, core-group:N or rule:ID`},
		{"a condition without a fact", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    when: {fct: mother-unfit}\n  - id: core-group-cadence",
			`p.yaml:16:12: unknown key "fct" in a condition (did you mean "fact"?); expected one of: fact`},
		{"after and before", "    after: period-start\n", "    after: period-start\n    before: first-review\n",
			`p.yaml:14:5: give either after or before, not both`},
		{"counted_from with a slip", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n    counted_from: period-strat\n  - id: core-group-cadence",
			`p.yaml:16:19: unknown anchor "period-strat" for a rule for period (did you mean "period-start"?); expected one of: period-start, first-review, plan.agreed, meeting, meeting.to_manager, meeting.approved, meeting.circulated, next-review, next-review-conference, core-group:N or rule:ID`},
		{"a run both named and of events", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n  - {id: x, title: X, cite: \"1\", kind: run, for: period, run: member-absent, event: visit}\n  - id: core-group-cadence",
			`p.yaml:16:78: give either run: (a named run) or event: with among and breaks, not both`},
		{"a run of visits seen per child", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n  - {id: x, title: X, cite: \"1\", kind: run, for: period, event: visit, among: {seen: true}, breaks: {alone: true}}\n  - id: core-group-cadence",
			`p.yaml:16:5: run rule "x": seen and alone are about one child: add per: child`},
		{"limit with before", "    after: period-start\n", "    before: first-review\n    limit: 15 working days\n",
			`p.yaml:14:5: limit goes with after/within (or a chain's every), not with due or before`},
		{"limit TBD", "    every: 6 weeks\n", "    every: 6 weeks\n    limit: TBD\n",
			`p.yaml:24:12: limit must be a timescale: leave it out when the procedure sets none`},
		{"a run of core groups needs per: member", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n  - {id: x, title: X, cite: \"1\", kind: run, for: period, event: core-group, breaks: {absent: false}}\n  - id: core-group-cadence",
			`p.yaml:16:65: a run of core groups is counted for each member: add per: member`},
		{"absent on a visit rule", "    event: core-group\n  - id: core-group-cadence", "    event: core-group\n  - {id: x, title: X, cite: \"1\", kind: event, for: period, after: period-start, event: visit, visit: {absent: true}}\n  - id: core-group-cadence",
			`p.yaml:16:95: absent is about a member at a core group: use it in a run rule's among or breaks`},
		{"rule anchor with a slip", "    after: period-start\n", "    after: rule:core-group-cadense\n",
			`p.yaml:13:12: unknown rule "core-group-cadense" in anchor "rule:core-group-cadense" (did you mean "core-group-cadence"?)`},
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

// Where reports list a rule: its order, else its position in the file.
func TestRank(t *testing.T) {
	p, d := Load("p.yaml", []byte(strings.Replace(base, "    every: 6 weeks\n", "    every: 6 weeks\n    order: 9\n    label: Cadence\n", 1)), "test")
	if p == nil {
		t.Fatal(d)
	}
	for id, want := range map[string]int{"first-core-group": 1, "core-group-cadence": 9, "nothing": 0} {
		if got := p.Rank(id); got != want {
			t.Errorf("rank of %s: %d, want %d", id, got, want)
		}
	}
	if got := p.Rules[0].ShortLabel(); got != "First core group" {
		t.Errorf("label %q, want the title", got)
	}
	if got := p.Rules[1].ShortLabel(); got != "Cadence" {
		t.Errorf("label %q, want Cadence", got)
	}
}
