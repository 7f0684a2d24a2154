package engine_test

import (
	"strings"
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

// for: enquiry and the initial-conference event (England: the initial conference within 15
// working days of the strategy discussion). Strategy discussion Mon 2 Mar 2026: 3-6 (4), 9-13
// (9), 16-20 (14), 23 (15) -> Mon 23 Mar.
//   - held Mon 23 Mar (decision no-plan: any initial conference meets it): met.
//   - held Tue 24 Mar: 1 day late.
//   - booked for Wed 25 Mar, as of Fri 20 Mar: due in 3 days, booked after the due date.
//   - no enquiry recorded: no obligation.
func TestEnquiryInitialConference(t *testing.T) {
	p := langPolicy(t, `  - {id: icpc, title: T, cite: "1", kind: event, for: enquiry, after: strategy-discussion, within: 15 working days, event: initial-conference}
`)
	plan := func(date, decision string, enquiry bool) string {
		s := "case: L-E\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n  - {kind: initial, date: " + date + ", decision: " + decision + "}\n"
		if enquiry {
			s += "enquiry: {strategy_discussion: 2026-03-02}\n"
		}
		return s
	}
	checkObligations(t, evalWith(t, p, "2026-03-30", caseYAML{"plan.yaml": plan("2026-03-23", "no-plan", true)}),
		[]string{"icpc - 2026-03-23 met met=2026-03-23 days=0"})
	checkObligations(t, evalWith(t, p, "2026-03-30", caseYAML{"plan.yaml": plan("2026-03-24", "plan", true)}),
		[]string{"icpc - 2026-03-23 late met=2026-03-24 days=1"})
	checkObligations(t, evalWith(t, p, "2026-03-20", caseYAML{"plan.yaml": plan("2026-03-25", "plan", true)}),
		[]string{"icpc - 2026-03-23 due booked=2026-03-25! days=3"})
	checkObligations(t, evalWith(t, p, "2026-03-30", caseYAML{"plan.yaml": plan("2026-03-24", "plan", false)}), nil)
}

// A conference's record steps (Wales: the outline plan circulated within 5 working days of the
// initial conference). Initial Mon 2 Mar 2026: 3, 4, 5, 6, 9 -> Mon 9 Mar; circulated Tue 10 Mar:
// 1 day late. The record (minutes) within 10 working days: 3-6, 9-13, 16 -> Mon 16 Mar; not
// circulated, as of Wed 11 Mar: due in 5 days.
func TestConferenceRecord(t *testing.T) {
	p := langPolicy(t, `  - {id: outline-plan, title: T, cite: "1", kind: deadline, for: conference, conference: {kind: initial}, after: conference, within: 5 working days, met_by: conference.plan_circulated}
  - {id: conf-record, title: T, cite: "1", kind: deadline, for: conference, conference: {kind: initial}, after: conference, within: 10 working days, met_by: conference.record_circulated}
`)
	checkObligations(t, evalWith(t, p, "2026-03-11", caseYAML{"plan.yaml": `case: L-R
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-03-02, decision: plan, record: {plan_circulated: 2026-03-10}}
`}), []string{
		"outline-plan - 2026-03-09 late met=2026-03-10 days=1",
		"conf-record - 2026-03-16 due days=5",
	})
}

// A review chain set by the conference (Highland: "at a time set by the conference"):
// override: next_review. Initial Mon 5 Jan 2026 sets next_review Mon 30 Mar; the review is held
// Wed 1 Apr and sets Mon 28 Sep. As of Thu 2 Apr:
//   - link from 5 Jan: due 30 Mar, met 1 Apr, 2 days late.
//   - link from the review of 1 Apr, which set 28 Sep: due 28 Sep, open, 179 days away (28 to 30
//     Apr, + 31 + 30 + 31 + 31 + 28).
//
// With every: set-by-conference, a link from a conference that set no next_review has no
// timescale.
func TestNextReviewChain(t *testing.T) {
	p := langPolicy(t, `  - {id: review, title: T, cite: "1", kind: chain, for: period, starts_at: period-start, event: review-conference, every: set-by-conference, override: next_review}
`)
	checkObligations(t, evalWith(t, p, "2026-04-02", caseYAML{"plan.yaml": `case: L-N
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-01-05, decision: plan, next_review: 2026-03-30}
  - {kind: review, date: 2026-04-01, decision: continue, next_review: 2026-09-28}
`}), []string{
		"review - 2026-03-30 late met=2026-04-01 days=2",
		"review - 2026-09-28 open days=179",
	})
	checkObligations(t, evalWith(t, p, "2026-04-02", caseYAML{"plan.yaml": `case: L-N
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-01-05, decision: plan}
`}), []string{"review - - no-timescale"})
}

// Conditions on case facts (a pre-birth procedure: "within 10 days of the birth, or 20 if the
// mother is not medically fit"). Pre-birth conference Mon 2 Mar 2026 for u; u born Mon 16 Mar;
// core group Thu 2 Apr; as of Fri 3 Apr.
//   - no fact: 16 Mar + 10 -> Thu 26 Mar; met 2 Apr, 7 days late.
//   - mother-unfit recorded on the case (or on the child): 16 Mar + 20 -> Sun 5 Apr; met.
//   - a rule with unless: {fact: mother-unfit} gives nothing where the fact is recorded.
func TestConditionsOnFacts(t *testing.T) {
	p := langPolicy(t, `  - id: after-birth
    title: T
    cite: "1"
    kind: event
    for: unborn-child
    due:
      first_of:
        - {after: birth, within: 20 days, when: {fact: mother-unfit}}
        - {after: birth, within: 10 days}
    event: core-group
  - {id: only-if-fit, title: T, cite: "1", kind: event, for: unborn-child, after: birth, within: 10 days, event: core-group, unless: {fact: mother-unfit}}
`)
	plan := func(caseFacts, childFacts string) string {
		return "case: L-F\nchildren: [{id: u, born: 2026-03-16" + childFacts + "}]\nconferences:\n  - {kind: pre-birth, date: 2026-03-02, decision: plan}\n" + caseFacts
	}
	meetings := "meetings:\n  - {date: 2026-04-02, kind: core-group}\n"
	checkObligations(t, evalWith(t, p, "2026-04-03", caseYAML{"plan.yaml": plan("", ""), "meetings.yaml": meetings}), []string{
		"after-birth u 2026-03-26 late met=2026-04-02 days=7",
		"only-if-fit u 2026-03-26 late met=2026-04-02 days=7",
	})
	checkObligations(t, evalWith(t, p, "2026-04-03", caseYAML{"plan.yaml": plan("facts: [mother-unfit]\n", ""), "meetings.yaml": meetings}), []string{
		"after-birth u 2026-04-05 met met=2026-04-02 days=0",
	})
	checkObligations(t, evalWith(t, p, "2026-04-03", caseYAML{"plan.yaml": plan("", ", facts: [mother-unfit]"), "meetings.yaml": meetings}), []string{
		"after-birth u 2026-04-05 met met=2026-04-02 days=0",
	})
}

// bedroom per child, and a visit's outcome. Initial Mon 2 Mar 2026 for a and b; a home visit
// Wed 4 Mar sees both but only a's bedroom; as of Thu 5 Mar.
//   - bedroom chain per child, every 4 weeks from coming onto the plan: a met 4 Mar, then from 4
//     Mar -> Wed 1 Apr open (27 days); b: 2 Mar + 28 -> Mon 30 Mar, open (25 days).
//
// Two home visits with outcome not-in (no_access not written), Mon 9 and Wed 11 Mar: a run of
// two no-access home visits, due on the second; escalated Thu 12 Mar: 1 day late.
func TestBedroomPerChildAndOutcome(t *testing.T) {
	p := langPolicy(t, `  - {id: bedroom, title: T, cite: "1", kind: chain, for: child, starts_at: on-plan, event: visit, visit: {bedroom: true}, every: 4 weeks}
  - {id: no-access, title: T, cite: "1", kind: run, for: period, run: no-access-home-visit, met_by: escalation:no-access}
`)
	files := caseYAML{
		"plan.yaml": `case: L-B
children: [{id: a, born: 2019-04-02}, {id: b, born: 2021-01-01}]
conferences:
  - {kind: initial, date: 2026-03-02, decision: plan}
escalations:
  - {date: 2026-03-12, reason: no-access}
`,
		"members.yaml": readingsMembers,
		"visits.yaml": `visits:
  - {date: 2026-03-04, by: sw1, kind: home, seen: [a, b], bedroom: [a]}
  - {date: 2026-03-09, by: sw1, kind: home, outcome: not-in}
  - {date: 2026-03-11, by: sw1, kind: home, outcome: refused}
`,
	}
	checkObligations(t, evalWith(t, p, "2026-03-05", files), []string{
		"bedroom a 2026-03-30 met met=2026-03-04 days=0",
		"bedroom a 2026-04-01 open days=27",
		"bedroom b 2026-03-30 open days=25",
	})
	checkObligations(t, onlyRules(evalWith(t, p, "2026-03-13", files), "no-access"), []string{
		"no-access - 2026-03-11 late met=2026-03-12 days=1",
	})
}

// Counting events between two anchors (Guernsey: "two core groups before the first review"):
// an event rule whose events count from one anchor (counted_from) and whose due date is another.
// Initial Mon 5 Jan 2026; the review-conference chain is due 5 Jan + 3 months = Sun 5 Apr.
//   - core groups Mon 19 Jan and Mon 2 Mar, no review held by Tue 10 Mar: due 5 Apr (the
//     review's due date), met on the second core group, 2 Mar.
//   - one core group (19 Jan), the review held Wed 1 Apr: due 1 Apr (the review itself), not
//     met; as of Fri 10 Apr, 9 days overdue.
func TestCountBetweenAnchors(t *testing.T) {
	p := langPolicy(t, `  - {id: review-conference, title: T, cite: "1", kind: chain, for: period, starts_at: period-start, event: review-conference, every: 3 months}
  - id: two-before-review
    title: T
    cite: "1"
    kind: event
    for: period
    event: core-group
    nth: 2
    counted_from: period-start
    due:
      first_of:
        - {after: first-review}
        - {after: rule:review-conference}
`)
	plan := "case: L-C\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n  - {kind: initial, date: 2026-01-05, decision: plan}\n"
	obs := evalWith(t, p, "2026-03-10", caseYAML{"plan.yaml": plan, "meetings.yaml": "meetings:\n  - {date: 2026-01-19, kind: core-group}\n  - {date: 2026-03-02, kind: core-group}\n"})
	checkObligations(t, onlyRules(obs, "two-before-review"), []string{"two-before-review - 2026-04-05 met met=2026-03-02 days=0"})
	obs = evalWith(t, p, "2026-04-10", caseYAML{"plan.yaml": plan + "  - {kind: review, date: 2026-04-01, decision: continue}\n", "meetings.yaml": "meetings:\n  - {date: 2026-01-19, kind: core-group}\n"})
	checkObligations(t, onlyRules(obs, "two-before-review"), []string{"two-before-review - 2026-04-01 overdue days=9"})
}

// Anchors before a booked event and at a recorded date (Blackpool: "the final core group 10
// working days before the review conference"). Read as: after each conference, a core group
// held no later than 10 working days before the next review conference (held or booked).
// Initial Mon 5 Jan 2026; review Wed 1 Apr (held, next_review Thu 1 Oct); review booked Thu 1
// Oct. Core groups Mon 19 Jan and Mon 21 Sep. As of Fri 25 Sep.
//   - after 5 Jan: 10 working days before Wed 1 Apr: 31, 30, 27, 26, 25, 24, 23, 20, 19, 18 Mar
//     -> Wed 18 Mar; met 19 Jan.
//   - after 1 Apr: 10 working days before Thu 1 Oct: 30, 29, 28, 25, 24, 23, 22, 21, 18, 17 Sep
//     -> Thu 17 Sep; met 21 Sep, 4 days late.
//   - the review held by the date the conference set (after: next-review, a recorded date):
//     5 Jan set none (no row); 1 Apr set 1 Oct, the review is booked then: due 1 Oct, 6 days
//     away, booked on the day.
func TestBeforeABookedReview(t *testing.T) {
	p := langPolicy(t, `  - id: core-group-before-review
    title: T
    cite: "1"
    kind: event
    for: conference
    conference: {ends_plan: false}
    event: core-group
    counted_from: conference
    before: next-review-conference
    within: 10 working days
  - {id: review-by-date-set, title: T, cite: "1", kind: event, for: conference, after: next-review, event: review-conference, if_absent: skip}
`)
	obs := evalWith(t, p, "2026-09-25", caseYAML{
		"plan.yaml": `case: L-BK
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-01-05, decision: plan}
  - {kind: review, date: 2026-04-01, decision: continue, next_review: 2026-10-01}
  - {kind: review, date: 2026-10-01, decision: continue}
`,
		"meetings.yaml": "meetings:\n  - {date: 2026-01-19, kind: core-group}\n  - {date: 2026-09-21, kind: core-group}\n",
	})
	checkObligations(t, obs, []string{
		"core-group-before-review - 2026-03-18 met met=2026-01-19 days=0",
		"core-group-before-review - 2026-09-17 late met=2026-09-21 days=4",
		"review-by-date-set - 2026-10-01 due booked=2026-10-01 days=6",
	})
}

// Runs of visits, generalised: the seed's no-access run written as event: visit with among and
// breaks gives the same obligations as run: no-access-home-visit. Initial Mon 2 Mar 2026. Home
// visits with no access Mon 2 and Fri 6 Mar (a school visit with access on Wed 4 Mar is not a
// home visit: it neither counts nor breaks the run), the child seen at home Mon 9 Mar (breaks
// it), no access again Wed 11 and Fri 13 Mar; escalated Mon 16 Mar. As of Fri 20 Mar:
//   - run of 6 Mar: due 6 Mar, met 16 Mar, 10 days late; run of 13 Mar: 3 days late.
//
// Without met_by a run is a breach (London: "seen alone on at least alternate visits"): per
// child, among the visits that see the child, broken by one that sees the child alone. Visits
// 2 Mar (a alone), 9 Mar (b alone), 16 Mar (neither), 23 Mar (a alone), both seen each time:
// a's run is 9 and 16 Mar, b's 16 and 23 Mar: each missed on its second visit, 0 days.
func TestGeneralisedRuns(t *testing.T) {
	p := langPolicy(t, `  - {id: legacy, title: T, cite: "1", kind: run, for: period, run: no-access-home-visit, met_by: escalation:no-access}
  - {id: general, title: T, cite: "1", kind: run, for: period, event: visit, among: {kind: home}, breaks: {outcome: seen}, met_by: escalation:no-access}
  - {id: alternate-alone, title: T, cite: "1", kind: run, for: period, event: visit, per: child, among: {seen: true}, breaks: {alone: true}}
`)
	obs := evalWith(t, p, "2026-03-20", caseYAML{
		"plan.yaml": `case: L-RUN
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-03-02, decision: plan}
escalations:
  - {date: 2026-03-16, reason: no-access}
`,
		"members.yaml": readingsMembers,
		"visits.yaml": `visits:
  - {date: 2026-03-02, by: sw1, kind: home, no_access: true}
  - {date: 2026-03-04, by: sw1, kind: school, seen: [a]}
  - {date: 2026-03-06, by: sw1, kind: home, outcome: not-in}
  - {date: 2026-03-09, by: sw1, kind: home, seen: [a]}
  - {date: 2026-03-11, by: sw1, kind: home, no_access: true}
  - {date: 2026-03-13, by: sw1, kind: home, outcome: refused}
`,
	})
	checkObligations(t, onlyRules(obs, "legacy", "general"), []string{
		"legacy - 2026-03-06 late met=2026-03-16 days=10",
		"legacy - 2026-03-13 late met=2026-03-16 days=3",
		"general - 2026-03-06 late met=2026-03-16 days=10",
		"general - 2026-03-13 late met=2026-03-16 days=3",
	})
	obs = evalWith(t, p, "2026-03-25", caseYAML{
		"plan.yaml":    "case: L-ALT\nchildren: [{id: a, born: 2019-04-02}, {id: b, born: 2020-04-02}]\nconferences:\n  - {kind: initial, date: 2026-03-02, decision: plan}\n",
		"members.yaml": readingsMembers,
		"visits.yaml": `visits:
  - {date: 2026-03-02, by: sw1, kind: home, seen: [a, b], alone: [a]}
  - {date: 2026-03-09, by: sw1, kind: home, seen: [a, b], alone: [b]}
  - {date: 2026-03-16, by: sw1, kind: home, seen: [a, b]}
  - {date: 2026-03-23, by: sw1, kind: home, seen: [a, b], alone: [a]}
`,
	})
	checkObligations(t, onlyRules(obs, "alternate-alone"), []string{
		"alternate-alone a 2026-03-16 missed days=0",
		"alternate-alone b 2026-03-23 missed days=0",
	})
}

// A target and a limit on one rule (Wales: "monthly, and no more than 6-weekly"): a chain every
// month with a limit of 6 weeks. Initial Mon 2 Mar 2026; core groups Mon 9 Mar, Tue 14 Apr, Fri
// 29 May; as of Mon 1 Jun.
//   - link from 9 Mar: target 9 Apr, limit 9 Mar + 42 = Mon 20 Apr; met 14 Apr: 5 days late,
//     within the limit.
//   - link from 14 Apr: target 14 May, limit 14 Apr + 42 = Tue 26 May; met 29 May: 15 days
//     late, over the limit.
//   - link from 29 May: target Mon 29 Jun, limit Fri 10 Jul; open, 28 days.
func TestTargetAndLimit(t *testing.T) {
	p := langPolicy(t, `  - {id: monthly, title: T, cite: "1", kind: chain, for: period, starts_at: core-group:1, event: core-group, every: 1 month, limit: 6 weeks}
`)
	obs := evalWith(t, p, "2026-06-01", caseYAML{
		"plan.yaml":     "case: L-L\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n  - {kind: initial, date: 2026-03-02, decision: plan}\n",
		"meetings.yaml": "meetings:\n  - {date: 2026-03-09, kind: core-group}\n  - {date: 2026-04-14, kind: core-group}\n  - {date: 2026-05-29, kind: core-group}\n",
	})
	checkObligations(t, obs, []string{
		"monthly - 2026-04-09 late met=2026-04-14 days=5",
		"monthly - 2026-05-14 late met=2026-05-29 days=15",
		"monthly - 2026-06-29 open days=28",
	})
	want := map[string]string{"2026-04-09": "2026-04-20 false", "2026-05-14": "2026-05-26 true", "2026-06-29": "2026-07-10 false"}
	for _, o := range obs {
		if got := o.Limit.String() + " " + map[bool]string{true: "true", false: "false"}[o.OverLimit]; got != want[o.Due.String()] {
			t.Errorf("link due %s: limit and over %s, want %s", o.Due, got, want[o.Due.String()])
		}
	}
}

// At least K of every N visits: "seen alone on at least 2 of every 3 visits". Visits every
// Monday from 2 Mar 2026 to 13 Apr, the child seen each time and alone on 2 Mar, 16 Mar, 6 Apr
// and 13 Apr. Windows of three: 2-16 Mar has 2 alone; 9-23 Mar has 1: a breach on 23 Mar; the
// windows to 30 Mar and 6 Apr are short too but the same stretch; 30 Mar-13 Apr has 2 again. One
// breach, missed on 23 Mar, 0 days.
func TestAtLeastKOfN(t *testing.T) {
	p := langPolicy(t, `  - {id: k-of-n, title: T, cite: "1", kind: run, for: period, event: visit, per: child, among: {seen: true}, breaks: {alone: true}, at_least: 2, length: 3}
`)
	visits := "visits:\n"
	for _, d := range []string{"03-02 alone", "03-09", "03-16 alone", "03-23", "03-30", "04-06 alone", "04-13 alone"} {
		date, alone, _ := strings.Cut(d, " ")
		visits += "  - {date: 2026-" + date + ", by: sw1, kind: home, seen: [a]"
		if alone != "" {
			visits += ", alone: [a]"
		}
		visits += "}\n"
	}
	obs := evalWith(t, p, "2026-04-14", caseYAML{
		"plan.yaml":    "case: L-K\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n  - {kind: initial, date: 2026-03-02, decision: plan}\n",
		"members.yaml": readingsMembers,
		"visits.yaml":  visits,
	})
	checkObligations(t, obs, []string{"k-of-n a 2026-03-23 missed days=0"})
}

// The seed's absence run written in the general form: a run of core groups for each member,
// broken by one the member is not listed absent from, gives the same obligations as
// run: member-absent. Initial Mon 2 Mar 2026; core groups Mon 2 and 16 Mar (dad absent), Mon 30
// Mar (dad present), Mon 13 and 27 Apr (dad absent); escalated Fri 20 Mar. As of Thu 30 Apr:
//   - the run of 16 Mar: met 20 Mar, 4 days late; the run of 27 Apr: 3 days overdue.
func TestGeneralisedMemberRuns(t *testing.T) {
	p := langPolicy(t, `  - {id: legacy, title: T, cite: "1", kind: run, for: period, run: member-absent, met_by: escalation:absence}
  - {id: general, title: T, cite: "1", kind: run, for: period, event: core-group, per: member, breaks: {absent: false}, met_by: escalation:absence}
`)
	obs := evalWith(t, p, "2026-04-30", caseYAML{
		"plan.yaml": `case: L-ABS
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-03-02, decision: plan}
escalations:
  - {date: 2026-03-20, reason: absence}
`,
		"members.yaml": "members:\n  - {id: sw1, role: lead-social-worker}\n  - {id: dad, role: parent}\n",
		"meetings.yaml": `meetings:
  - {date: 2026-03-02, kind: core-group, present: [sw1], absent: [dad]}
  - {date: 2026-03-16, kind: core-group, present: [sw1], absent: [dad]}
  - {date: 2026-03-30, kind: core-group, present: [sw1, dad]}
  - {date: 2026-04-13, kind: core-group, present: [sw1], absent: [dad]}
  - {date: 2026-04-27, kind: core-group, present: [sw1], absent: [dad]}
`,
	})
	checkObligations(t, obs, []string{
		"legacy - 2026-03-16 late met=2026-03-20 days=4",
		"legacy - 2026-04-27 overdue days=3",
		"general - 2026-03-16 late met=2026-03-20 days=4",
		"general - 2026-04-27 overdue days=3",
	})
	for _, o := range obs {
		if o.Detail != "dad absent 2026-03-02, 2026-03-16" && o.Detail != "dad absent 2026-04-13, 2026-04-27" {
			t.Errorf("%s detail %q", o.Rule, o.Detail)
		}
	}
}
