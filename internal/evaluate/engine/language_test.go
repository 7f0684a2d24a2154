package engine_test

import (
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// Constructs of the policy language beyond the shipped policies, each with dates worked by hand.
// England and Wales bank holidays of 2026: 1 Jan, 3 Apr (Good Friday), 6 Apr (Easter Monday),
// 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec.

// langPolicy loads a policy written inline; any finding fails the test.
func langPolicy(t *testing.T, rules string) *policy.Policy {
	t.Helper()
	src := "id: lang\ntitle: Language test\njurisdiction: england-and-wales\nrules:\n" + rules
	p, d := policy.Load("lang.yaml", []byte(src), "test")
	if p == nil || len(d) > 0 {
		t.Fatalf("policy does not load clean:\n%v", d)
	}
	return p
}

func evalWith(t *testing.T, p *policy.Policy, asOf string, files caseYAML) []engine.Obligation {
	t.Helper()
	return engine.Evaluate(loadCase(t, asOf, files), p, engine.Options{AsOf: civil.MustParse(asOf)})
}

const langPlanApril = `case: L-1
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-04-01, decision: plan}
`

// counting on one rule; calendar days as a unit. Initial conference Wed 1 Apr 2026, no core
// group, as of Mon 20 Apr.
//   - day-0 (the policy's): 10 working days after 1 Apr, not counting it, skipping 3 and 6 Apr:
//     2, 7, 8, 9, 10, 13, 14, 15, 16, 17 -> Fri 17 Apr, 3 days overdue.
//   - counting: day-1 on the rule: 1 Apr is a working day and counts as the first: 1, 2, 7, 8,
//     9, 10, 13, 14, 15, 16 -> Thu 16 Apr, 4 days overdue.
//   - 15 calendar days: 1 Apr + 15 -> Thu 16 Apr, 4 days overdue (day-0).
func TestRuleCountingAndCalendarDays(t *testing.T) {
	p := langPolicy(t, `  - {id: day0, title: T, cite: "1", kind: event, for: period, after: period-start, within: 10 working days, event: core-group}
  - {id: day1, title: T, cite: "1", kind: event, for: period, after: period-start, within: 10 working days, event: core-group, counting: day-1}
  - {id: cal, title: T, cite: "1", kind: event, for: period, after: period-start, within: 15 calendar days, event: core-group}
`)
	checkObligations(t, evalWith(t, p, "2026-04-20", caseYAML{"plan.yaml": langPlanApril}), []string{
		"day0 - 2026-04-17 overdue days=3",
		"day1 - 2026-04-16 overdue days=4",
		"cal - 2026-04-16 overdue days=4",
	})
}

// An event rule is never met by the event it is counted from: "a review within 6 months of each
// review" is not met by that review itself. Initial Mon 5 Jan 2026; reviews Wed 1 Apr and Wed 1
// Jul; as of Thu 2 Jul.
//   - review 1 Apr: due 1 Apr + 6 months -> Thu 1 Oct; met by the review of 1 Jul.
//   - review 1 Jul: due Fri 1 Jan 2027; open, 183 days away (2 Jul -> 2 Jan is 184).
func TestEventNotMetByItsAnchor(t *testing.T) {
	p := langPolicy(t, `  - {id: next-review, title: T, cite: "1", kind: event, for: conference, conference: {kind: review}, after: conference, within: 6 months, event: review-conference}
`)
	checkObligations(t, evalWith(t, p, "2026-07-02", caseYAML{"plan.yaml": `case: L-2
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-01-05, decision: plan}
  - {kind: review, date: 2026-04-01, decision: continue}
  - {kind: review, date: 2026-07-01, decision: continue}
`}), []string{
		"next-review - 2026-10-01 met met=2026-07-01 days=0",
		"next-review - 2027-01-01 open days=183",
	})
}

// for: case counts whatever the case holds; an absent anchor is if_absent's. Initial Wed 1 Apr
// 2026, no core assessment, as of Mon 20 Apr.
//   - for: case after period-start, 10 working days, a core group: Fri 17 Apr, 3 days overdue
//     (before, for: case gave nothing without a core assessment).
//   - after core-assessment.started: absent; that anchor's default is skip (no row); with
//     if_absent: waiting, one waiting row.
func TestCaseScopeAndIfAbsent(t *testing.T) {
	p := langPolicy(t, `  - {id: case-cg, title: T, cite: "1", kind: event, for: case, after: period-start, within: 10 working days, event: core-group}
  - {id: ca-skip, title: T, cite: "1", kind: deadline, for: case, after: core-assessment.started, within: 35 working days, met_by: core-assessment.completed}
  - {id: ca-wait, title: T, cite: "1", kind: deadline, for: case, after: core-assessment.started, within: 35 working days, met_by: core-assessment.completed, if_absent: waiting}
`)
	checkObligations(t, evalWith(t, p, "2026-04-20", caseYAML{"plan.yaml": langPlanApril}), []string{
		"case-cg - 2026-04-17 overdue days=3",
		"ca-wait - - waiting",
	})
}

// signatories: who must sign is the policy's. Initial Wed 1 Apr 2026; the plan signed within 20
// working days of it: 2, 7-10, 13-17, 20-24, 27-30, 1 May -> Fri 1 May. Members: the social
// worker sw1, parents mum (signed 10 Apr) and dad (signed 14 Apr), the child a1. As of Mon 20 Apr.
//   - default (all but the child): sw1 has not signed: not met, due in 11 days.
//   - signatories {roles: [parent]}: met on the last parent's signature, 14 Apr.
//   - signatories {except_roles: []} (the child signs too): a1 has not: not met.
func TestSignatories(t *testing.T) {
	p := langPolicy(t, `  - {id: signed-default, title: T, cite: "1", kind: deadline, for: period, after: period-start, within: 20 working days, met_by: plan.signed}
  - {id: signed-parents, title: T, cite: "1", kind: deadline, for: period, after: period-start, within: 20 working days, met_by: plan.signed, signatories: {roles: [parent]}}
  - {id: signed-all, title: T, cite: "1", kind: deadline, for: period, after: period-start, within: 20 working days, met_by: plan.signed, signatories: {except_roles: []}}
`)
	checkObligations(t, evalWith(t, p, "2026-04-20", caseYAML{
		"plan.yaml": langPlanApril + `plan:
  signed: {mum: 2026-04-10, dad: 2026-04-14}
`,
		"members.yaml": `members:
  - {id: sw1, role: social-worker}
  - {id: mum, role: parent}
  - {id: dad, role: parent}
  - {id: a1, role: child}
`,
	}), []string{
		"signed-default - 2026-05-01 due days=11",
		"signed-parents - 2026-05-01 met met=2026-04-14 days=0",
		"signed-all - 2026-05-01 due days=11",
	})
}
