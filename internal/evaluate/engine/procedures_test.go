package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cpcase/cpcase/internal/load/policy"
)

// The five procedures of testdata/policies, each written without a workaround, on one case each
// with every obligation worked by hand. Bank holidays of 2026: England and Wales 1 Jan, 3 Apr,
// 6 Apr, 4 May, 25 May, 31 Aug, 25 and 28 Dec; Scotland also 2 Jan and 3 Aug, not 31 Aug; Northern
// Ireland also 17 Mar and 13 Jul.

func procedure(t *testing.T, name string) *policy.Policy {
	t.Helper()
	path := filepath.Join("..", "..", "..", "testdata", "policies", name+".yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, d := policy.Load(path, data, path)
	if p == nil || len(d) > 0 {
		t.Fatalf("%s does not load clean:\n%v", name, d)
	}
	return p
}

// England. Strategy discussion Mon 2 Mar 2026; initial conference Mon 23 Mar (plan); core group
// Wed 1 Apr; the child seen Sat 28 Mar and Tue 14 Apr. As of Wed 15 Apr.
//   - initial-conference: 15 working days after 2 Mar: 3-6, 9-13, 16-20, 23 -> Mon 23 Mar; met.
//   - first-core-group: 10 working days after 23 Mar: 24-27, 30, 31, 1, 2, (3 and 6 Apr bank
//     holidays) 7, 8 -> Wed 8 Apr; met 1 Apr.
//   - core-group-cadence: 1 Apr + 42 -> Wed 13 May, open, 28 days.
//   - review-conference: 23 Mar + 3 months -> Tue 23 Jun, open, 69 days.
//   - child-seen, counted from and including the day (day-1): from Mon 23 Mar, day 1 on 23 Mar:
//     23, 24, 25, 26, 27, 30, 31, 1, 2, 7 -> Tue 7 Apr, met Sat 28 Mar. From Sat 28 Mar (not a
//     working day: Mon 30 Mar is day 1): 30, 31, 1, 2, 7, 8, 9, 10, 13, 14 -> Tue 14 Apr, met that
//     day (the 9-working-days workaround would have made it 13 Apr: a day short). From Tue 14 Apr
//     (day 1): 14, 15, 16, 17, 20-24, 27 -> Mon 27 Apr, due in 12 days.
func TestProcedureEngland(t *testing.T) {
	obs := evalWith(t, procedure(t, "england-wt2023"), "2026-04-15", caseYAML{
		"plan.yaml": `case: P-ENG
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-03-23, decision: plan}
enquiry: {strategy_discussion: 2026-03-02}
`,
		"members.yaml":  readingsMembers,
		"meetings.yaml": "meetings:\n  - {date: 2026-04-01, kind: core-group}\n",
		"visits.yaml":   "visits:\n  - {date: 2026-03-28, by: sw1, kind: home, seen: [a]}\n  - {date: 2026-04-14, by: sw1, kind: home, seen: [a]}\n",
	})
	checkObligations(t, obs, []string{
		"initial-conference - 2026-03-23 met met=2026-03-23 days=0",
		"first-core-group - 2026-04-08 met met=2026-04-01 days=0",
		"core-group-cadence - 2026-05-13 open days=28",
		"review-conference - 2026-06-23 open days=69",
		"child-seen a 2026-04-07 met met=2026-03-28 days=0",
		"child-seen a 2026-04-14 met met=2026-04-14 days=0",
		"child-seen a 2026-04-27 due days=12",
	})
}

// Wales. Initial conference Mon 2 Mar 2026 (plan), outline plan circulated Tue 10 Mar; core
// groups Mon 9 Mar, Tue 14 Apr, Fri 29 May. As of Mon 1 Jun.
//   - outline-plan-circulated: 3, 4, 5, 6, 9 -> Mon 9 Mar; 1 day late.
//   - first-core-group: 3-6, 9-13, 16 -> Mon 16 Mar; met 9 Mar.
//   - core-group-cadence (monthly, limit 6 weeks): from 9 Mar target 9 Apr, met 14 Apr, 5 days
//     late (within the limit, 20 Apr); from 14 Apr target 14 May, met 29 May, 15 days late (over
//     the limit, 26 May); from 29 May target Mon 29 Jun, open, 28 days.
//   - review-conference: 2 Mar + 3 months -> Tue 2 Jun, due tomorrow.
func TestProcedureWales(t *testing.T) {
	obs := evalWith(t, procedure(t, "wales-procedures"), "2026-06-01", caseYAML{
		"plan.yaml": `case: P-WAL
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-03-02, decision: plan, record: {plan_circulated: 2026-03-10}}
`,
		"meetings.yaml": "meetings:\n  - {date: 2026-03-09, kind: core-group}\n  - {date: 2026-04-14, kind: core-group}\n  - {date: 2026-05-29, kind: core-group}\n",
	})
	checkObligations(t, obs, []string{
		"outline-plan-circulated - 2026-03-09 late met=2026-03-10 days=1",
		"first-core-group - 2026-03-16 met met=2026-03-09 days=0",
		"core-group-cadence - 2026-04-09 late met=2026-04-14 days=5",
		"core-group-cadence - 2026-05-14 late met=2026-05-29 days=15",
		"core-group-cadence - 2026-06-29 open days=28",
		"review-conference - 2026-06-02 due days=1",
	})
	for _, o := range obs {
		if o.Rule == "core-group-cadence" && o.Due.String() == "2026-05-14" && !o.OverLimit {
			t.Error("the link met 29 May is over its 6-week limit (26 May)")
		}
	}
}

// Scotland. Child protection planning meeting (initial) Tue 5 May 2026, plan, review set for
// Tue 4 Aug; its record circulated Wed 20 May; core group Tue 19 May; the review held Tue 4 Aug,
// setting the next for Tue 2 Feb 2027. As of Wed 5 Aug.
//   - planning-meeting-record: 10 working days after 5 May: 6, 7, 8, 11-15, 18, 19 -> Tue 19
//     May; 1 day late.
//   - first-core-group: 5 May + 15 calendar days -> Wed 20 May; met 19 May.
//   - review-conference: from 5 May, due on the date set, 4 Aug: met that day; from 4 Aug, due 2
//     Feb 2027, open, 181 days (26 to 31 Aug, +30 +31 +30 +31 +31 +2).
func TestProcedureScotland(t *testing.T) {
	obs := evalWith(t, procedure(t, "scotland-ng2021"), "2026-08-05", caseYAML{
		"plan.yaml": `case: P-SCO
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-05-05, decision: plan, next_review: 2026-08-04, record: {circulated: 2026-05-20}}
  - {kind: review, date: 2026-08-04, decision: continue, next_review: 2027-02-02}
`,
		"meetings.yaml": "meetings:\n  - {date: 2026-05-19, kind: core-group}\n",
	})
	checkObligations(t, obs, []string{
		"planning-meeting-record - 2026-05-19 late met=2026-05-20 days=1",
		"first-core-group - 2026-05-20 met met=2026-05-19 days=0",
		"review-conference - 2026-08-04 met met=2026-08-04 days=0",
		"review-conference - 2027-02-02 open days=181",
	})
}

// Northern Ireland. Initial conference Thu 5 Mar 2026 (plan); core groups Thu 19 Mar and Thu 30
// Apr; the child seen Mon 9 Mar (bedroom too), Mon 23 Mar and Mon 6 Apr (bedroom not seen). As of
// Mon 4 May.
//   - first-core-group: 10 working days after 5 Mar: 6, 9-13, 16, (17 Mar St Patrick's Day) 18,
//     19, 20 -> Fri 20 Mar; met 19 Mar.
//   - review-conference: 5 Mar + 3 months -> Fri 5 Jun, open, 32 days.
//   - two-core-groups-before-review: no review held; due by the review's due date, 5 Jun; met on
//     the second core group, 30 Apr.
//   - bedroom-alternate-visits: 23 Mar and 6 Apr in a row without the bedroom: a breach on 6
//     Apr, missed, 0 days.
func TestProcedureNorthernIreland(t *testing.T) {
	obs := evalWith(t, procedure(t, "ni-sbni"), "2026-05-04", caseYAML{
		"plan.yaml":     "case: P-NI\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n  - {kind: initial, date: 2026-03-05, decision: plan}\n",
		"members.yaml":  readingsMembers,
		"meetings.yaml": "meetings:\n  - {date: 2026-03-19, kind: core-group}\n  - {date: 2026-04-30, kind: core-group}\n",
		"visits.yaml": `visits:
  - {date: 2026-03-09, by: sw1, kind: home, seen: [a], bedroom: [a]}
  - {date: 2026-03-23, by: sw1, kind: home, seen: [a]}
  - {date: 2026-04-06, by: sw1, kind: home, seen: [a]}
`,
	})
	checkObligations(t, obs, []string{
		"first-core-group - 2026-03-20 met met=2026-03-19 days=0",
		"review-conference - 2026-06-05 open days=32",
		"two-core-groups-before-review - 2026-06-05 met met=2026-04-30 days=0",
		"bedroom-alternate-visits a 2026-04-06 missed days=0",
	})
}

// The pre-birth variant, extending the England test policy. Pre-birth conference Mon 23 Feb
// 2026 (plan) for u; u born Mon 16 Mar; the case records mother-unfit; core group Thu 2 Apr. As
// of Fri 3 Apr.
//   - pre-birth-core-group: mother-unfit, so 16 Mar + 20 days -> Sun 5 Apr; met 2 Apr.
//   - first-core-group: replaced by one for plans started by initial or transfer-in: no row.
//   - core-group-cadence (the baseline's): 2 Apr + 42 -> Thu 14 May, open, 41 days.
//   - review-conference (the baseline's): 23 Feb + 3 months -> Sat 23 May, open, 50 days.
//   - initial-conference and child-seen are removed.
func TestProcedurePreBirthVariant(t *testing.T) {
	obs := evalWith(t, procedure(t, "pre-birth-variant"), "2026-04-03", caseYAML{
		"plan.yaml": `case: P-PB
children: [{id: u, born: 2026-03-16}]
conferences:
  - {kind: pre-birth, date: 2026-02-23, decision: plan}
enquiry: {strategy_discussion: 2026-02-02}
facts: [mother-unfit]
`,
		"meetings.yaml": "meetings:\n  - {date: 2026-04-02, kind: core-group}\n",
	})
	checkObligations(t, obs, []string{
		"pre-birth-core-group u 2026-04-05 met met=2026-04-02 days=0",
		"core-group-cadence - 2026-05-14 open days=41",
		"review-conference - 2026-05-23 open days=50",
	})
}
