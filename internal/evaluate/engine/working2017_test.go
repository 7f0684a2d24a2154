package engine_test

import (
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/evaluate/engine"
)

// Worked examples for core-group-working-2017 (the October 2017 leaflet, England and Wales). "N working days
// after D" is the Nth Monday-to-Friday after D that is not an England and Wales bank holiday
// (2026: 1 Jan, 3 Apr, 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec; 2027: 1 Jan), D not counted.

const w17Members = `members:
  - {id: sw1, role: lead-social-worker}
  - {id: tm1, role: team-manager}
  - {id: mum, role: parent}
  - {id: dad, role: parent}
  - {id: gp1, role: gp}
  - {id: hv1, role: health-visitor}
`

// A running plan as of Mon 13 Jul 2026: every rule id of the policy.
//
// Initial conference Tue 14 Apr 2026; review Mon 15 Jun continues the plan.
//   - first-core-group ("within 10 working days of the ICPC"): 15,16,17,20,21,22,23,24,27,28 Apr
//     -> Tue 28 Apr; held Thu 30 Apr: late 2.
//   - core-group-cadence ("every 4 weeks"): 30 Apr + 28 -> Thu 28 May, Wed 27 May: met;
//     27 May + 28 -> Wed 24 Jun, 24 Jun: met; 24 Jun + 28 -> Wed 22 Jul: 9 days away, due; the core
//     group booked for Thu 23 Jul is shown beside it, later than the due date.
//   - post-review-core-group ("Following a RCPC the Core Group should meet within 10 working
//     days"): Mon 15 Jun: 16,17,18,19,22,23,24,25,26,29 Jun -> Mon 29 Jun; Wed 24 Jun: met.
//   - record-circulated ("copies of the CPP ... within 5 working days"), per core group held:
//   - Thu 30 Apr: Fri 1 May (1), Mon 4 May is the early May bank holiday, 5 (2), 6 (3), 7 (4),
//     8 (5) -> Fri 8 May; circulated 8 May: met.
//   - Wed 27 May: 28 (1), 29 (2), 1 Jun (3), 2 (4), 3 (5) -> Wed 3 Jun; circulated Thu 4 Jun:
//     late 1.
//   - Wed 24 Jun: 25, 26, 29, 30 Jun, 1 Jul -> Wed 1 Jul; the record gives circulated Tue 14
//     Jul, after today, which has not happened yet: overdue 12.
//   - the booked core group of 23 Jul has no record yet: nothing owed.
//   - absence-escalation ("Continual absence from Core Group meetings"), due on the date of the
//     run's second meeting, met by the first escalation for absence on or after it:
//   - dad absent 30 Apr and 27 May (present 24 Jun ends the run): due Wed 27 May; escalated
//     (absence) Fri 29 May: late 2.
//   - gp1 unlisted 30 Apr, absent 27 May and 24 Jun: due Wed 24 Jun; the absence escalation of
//     29 May came before it, the one of Thu 25 Jun is for drift and the one dated Mon 20 Jul
//     has not happened yet: overdue 19 (6 + 13).
//   - action-due ("Delay and drift"): m1 (core group 30 Apr) due Fri 15 May, done then: met;
//     plan action p1 due Fri 10 Jul, not done: overdue 3; m2 belongs to the booked meeting and
//     is not counted.
func TestWorking2017RunningPlan(t *testing.T) {
	runScenarios(t, "core-group-working-2017", []scenario{{
		name: "every rule",
		asOf: "2026-07-13",
		files: caseYAML{
			"plan.yaml": `case: W17-R
policy: core-group-working-2017
children: [{id: a, born: 2017-07-07}]
conferences:
  - {kind: initial, date: 2026-04-14, decision: plan, lead: sw1}
  - {kind: review, date: 2026-06-15, decision: continue}
plan:
  actions: [{id: p1, text: Referral, owner: sw1, due: 2026-07-10}]
escalations:
  - {date: 2026-05-29, reason: absence, to: tm1}
  - {date: 2026-06-25, reason: drift, to: tm1}
  - {date: 2026-07-20, reason: absence, to: tm1}
`,
			"members.yaml": w17Members,
			"meetings.yaml": `meetings:
  - {date: 2026-04-30, kind: core-group, chair: tm1, present: [sw1], absent: [dad], record: {circulated: 2026-05-08}, actions: [{id: m1, text: Chase GP, owner: sw1, due: 2026-05-15, done: 2026-05-15}]}
  - {date: 2026-05-27, kind: core-group, chair: sw1, present: [sw1], absent: [dad, gp1], record: {circulated: 2026-06-04}}
  - {date: 2026-06-24, kind: core-group, chair: sw1, present: [sw1, dad], absent: [gp1], record: {circulated: 2026-07-14}}
  - {date: 2026-07-23, kind: core-group, chair: sw1, actions: [{id: m2, text: Booked, owner: sw1, due: 2026-07-20}]}
`,
		},
		want: []string{
			"first-core-group - 2026-04-28 late met=2026-04-30 days=2 at=plan.yaml:5",
			"core-group-cadence - 2026-05-28 met met=2026-05-27 days=0",
			"core-group-cadence - 2026-06-24 met met=2026-06-24 days=0",
			"core-group-cadence - 2026-07-22 due booked=2026-07-23! days=9",
			"post-review-core-group - 2026-06-29 met met=2026-06-24 days=0 at=plan.yaml:6",
			"record-circulated - 2026-05-08 met met=2026-05-08 days=0 at=meetings.yaml:2",
			"record-circulated - 2026-06-03 late met=2026-06-04 days=1 at=meetings.yaml:3",
			"record-circulated - 2026-07-01 overdue days=12 at=meetings.yaml:4",
			"absence-escalation - 2026-05-27 late met=2026-05-29 days=2 at=meetings.yaml:3",
			"absence-escalation - 2026-06-24 overdue days=19 at=meetings.yaml:4",
			"action-due - 2026-05-15 met met=2026-05-15 days=0 at=meetings.yaml:2",
			"action-due - 2026-07-10 overdue days=3 at=plan.yaml:8",
		},
	}})
}

// absence-escalation runs, as of Fri 16 Oct 2026. Initial conference Mon 1 Jun; core groups every
// fourth Thursday, each record circulated the next day.
//   - dad: absent 11 Jun, 9 Jul, 6 Aug (a run of three gives one obligation), unlisted 3 Sep,
//     present 1 Oct: due Thu 9 Jul; escalated for absence on 9 Jul itself: met.
//   - gp1: absent 11 Jun, apologies 9 Jul (ends the run), absent 6 Aug and 3 Sep: due Thu 3 Sep;
//     escalated Mon 7 Sep: late 4.
//   - hv1: absent 11 Jun, present 9 Jul, absent 6 Aug, unlisted 3 Sep, absent 1 Oct: never two in
//     a row, nothing owed.
//   - mum: absent 3 Sep and 1 Oct: due Thu 1 Oct; no escalation since: overdue 15.
//
// The other rules, for completeness:
//   - first-core-group: 2,3,4,5,8,9,10,11,12,15 Jun -> Mon 15 Jun; Thu 11 Jun: met.
//   - core-group-cadence: 11 Jun + 28 -> 9 Jul, + 28 -> 6 Aug, + 28 -> 3 Sep, + 28 -> 1 Oct,
//     each met on the day; 1 Oct + 28 -> Thu 29 Oct: 13 days away, due.
//   - record-circulated, 5 working days after each Thursday: Thu 11 Jun -> 12,15,16,17,18 ->
//     Thu 18 Jun; 9 Jul -> 10,13,14,15,16 -> 16 Jul; 6 Aug -> 7,10,11,12,13 -> 13 Aug; 3 Sep ->
//     4,7,8,9,10 -> 10 Sep; 1 Oct -> 2,5,6,7,8 -> 8 Oct; all circulated the next day: met.
func TestWorking2017AbsenceRuns(t *testing.T) {
	runScenarios(t, "core-group-working-2017", []scenario{{
		name: "runs",
		asOf: "2026-10-16",
		files: caseYAML{
			"plan.yaml": `case: W17-A
policy: core-group-working-2017
children: [{id: a, born: 2017-07-07}]
conferences:
  - {kind: initial, date: 2026-06-01, decision: plan}
escalations:
  - {date: 2026-07-09, reason: absence}
  - {date: 2026-09-07, reason: absence}
`,
			"members.yaml": w17Members,
			"meetings.yaml": `meetings:
  - {date: 2026-06-11, kind: core-group, present: [sw1, mum], absent: [dad, gp1, hv1], record: {circulated: 2026-06-12}}
  - {date: 2026-07-09, kind: core-group, present: [sw1, mum, hv1], apologies: [gp1], absent: [dad], record: {circulated: 2026-07-10}}
  - {date: 2026-08-06, kind: core-group, present: [sw1, mum], absent: [dad, gp1, hv1], record: {circulated: 2026-08-07}}
  - {date: 2026-09-03, kind: core-group, present: [sw1], absent: [gp1, mum], record: {circulated: 2026-09-04}}
  - {date: 2026-10-01, kind: core-group, present: [sw1, dad], absent: [mum, hv1], record: {circulated: 2026-10-02}}
`,
		},
		want: []string{
			"absence-escalation - 2026-07-09 met met=2026-07-09 days=0 at=meetings.yaml:3",
			"absence-escalation - 2026-09-03 late met=2026-09-07 days=4 at=meetings.yaml:5",
			"absence-escalation - 2026-10-01 overdue days=15 at=meetings.yaml:6",
			"first-core-group - 2026-06-15 met met=2026-06-11 days=0",
			"core-group-cadence - 2026-07-09 met met=2026-07-09 days=0",
			"core-group-cadence - 2026-08-06 met met=2026-08-06 days=0",
			"core-group-cadence - 2026-09-03 met met=2026-09-03 days=0",
			"core-group-cadence - 2026-10-01 met met=2026-10-01 days=0",
			"core-group-cadence - 2026-10-29 due days=13",
			"record-circulated - 2026-06-18 met met=2026-06-12 days=0",
			"record-circulated - 2026-07-16 met met=2026-07-10 days=0",
			"record-circulated - 2026-08-13 met met=2026-08-07 days=0",
			"record-circulated - 2026-09-10 met met=2026-09-04 days=0",
			"record-circulated - 2026-10-08 met met=2026-10-02 days=0",
		},
	}})
}

// post-review-core-group, per review that continues the plan, as of Mon 9 Nov 2026.
//
// Initial conference Mon 2 Feb 2026; reviews Tue 5 May (continue), Wed 5 Aug (decision plan while
// the plan runs: docs/format.md reads it as continue), Mon 2 Nov (continue); a review booked for Mon 1
// Feb 2027 has not happened and owes nothing.
//   - first-core-group: 3,4,5,6,9,10,11,12,13,16 Feb -> Mon 16 Feb; Fri 13 Feb: met.
//   - post-review-core-group:
//   - Tue 5 May: 6,7,8,11,12,13,14,15,18,19 May -> Tue 19 May; Wed 20 May: late 1.
//   - Wed 5 Aug: 6,7,10,11,12,13,14,17,18,19 Aug -> Wed 19 Aug; Tue 18 Aug: met.
//   - Mon 2 Nov: 3,4,5,6,9,10,11,12,13,16 Nov -> Mon 16 Nov: 7 days away, due; booked Thu 12
//     Nov, in time.
//   - core-group-cadence, 4 weeks: 13 Feb + 28 -> Fri 13 Mar, met 20 May: late 18 + 30 + 20 =
//     68; 20 May + 28 -> Wed 17 Jun, met 18 Aug: late 13 + 31 + 18 = 62; 18 Aug + 28 -> Tue 15
//     Sep: overdue 15 + 31 + 9 = 55, with the booking of 12 Nov beside it, after the due date.
//   - record-circulated: Fri 13 Feb -> 16,17,18,19,20 -> Fri 20 Feb, circulated 16 Feb: met; Wed
//     20 May -> 21 (1), 22 (2), Mon 25 May is the spring bank holiday, 26 (3), 27 (4), 28 (5) ->
//     Thu 28 May, circulated 28 May: met; Tue 18 Aug -> 19,20,21,24,25 -> Tue 25 Aug,
//     circulated Wed 26 Aug: late 1.
func TestWorking2017PostReview(t *testing.T) {
	runScenarios(t, "core-group-working-2017", []scenario{{
		name: "reviews",
		asOf: "2026-11-09",
		files: caseYAML{
			"plan.yaml": `case: W17-P
policy: core-group-working-2017
children: [{id: a, born: 2017-07-07}]
conferences:
  - {kind: initial, date: 2026-02-02, decision: plan}
  - {kind: review, date: 2026-05-05, decision: continue}
  - {kind: review, date: 2026-08-05, decision: plan}
  - {kind: review, date: 2026-11-02, decision: continue}
  - {kind: review, date: 2027-02-01, decision: continue}
`,
			"meetings.yaml": `meetings:
  - {date: 2026-02-13, kind: core-group, record: {circulated: 2026-02-16}}
  - {date: 2026-05-20, kind: core-group, record: {circulated: 2026-05-28}}
  - {date: 2026-08-18, kind: core-group, record: {circulated: 2026-08-26}}
  - {date: 2026-11-12, kind: core-group}
`,
		},
		want: []string{
			"first-core-group - 2026-02-16 met met=2026-02-13 days=0",
			"post-review-core-group - 2026-05-19 late met=2026-05-20 days=1 at=plan.yaml:6",
			"post-review-core-group - 2026-08-19 met met=2026-08-18 days=0 at=plan.yaml:7",
			"post-review-core-group - 2026-11-16 due booked=2026-11-12 days=7 at=plan.yaml:8",
			"core-group-cadence - 2026-03-13 late met=2026-05-20 days=68",
			"core-group-cadence - 2026-06-17 late met=2026-08-18 days=62",
			"core-group-cadence - 2026-09-15 overdue booked=2026-11-12! days=55",
			"record-circulated - 2026-02-20 met met=2026-02-16 days=0",
			"record-circulated - 2026-05-28 met met=2026-05-28 days=0",
			"record-circulated - 2026-08-25 late met=2026-08-26 days=1",
		},
	}})
}

// Over Christmas, as of Tue 5 Jan 2027. Initial conference Mon 7 Dec 2026.
//   - first-core-group: 8,9,10,11,14,15,16,17,18,21 Dec -> Mon 21 Dec; Wed 23 Dec: late 2.
//   - record-circulated: after Wed 23 Dec: Thu 24 (1); Fri 25 Christmas Day; Mon 28 Boxing Day
//     (substitute); 29 (2), 30 (3), 31 (4); Fri 1 Jan 2027 New Year's Day; Mon 4 Jan (5) -> Mon 4
//     Jan 2027; not circulated: overdue 1.
//   - core-group-cadence: 23 Dec + 28 -> Wed 20 Jan 2027; the horizon ends 5 Jan + 14 = Tue 19
//     Jan, so 15 days away is open.
func TestWorking2017Christmas(t *testing.T) {
	runScenarios(t, "core-group-working-2017", []scenario{{
		name: "record over the holidays",
		asOf: "2027-01-05",
		files: caseYAML{
			"plan.yaml": `case: W17-X
policy: core-group-working-2017
children: [{id: a, born: 2017-07-07}]
conferences:
  - {kind: initial, date: 2026-12-07, decision: plan}
`,
			"meetings.yaml": "meetings:\n  - {date: 2026-12-23, kind: core-group}\n",
		},
		want: []string{
			"first-core-group - 2026-12-21 late met=2026-12-23 days=2",
			"record-circulated - 2027-01-04 overdue days=1",
			"core-group-cadence - 2027-01-20 open days=15",
		},
	}})
}

// A plan that ended, as of Mon 1 Jun 2026: missed and dropped obligations of the period, and
// facts dated after the end that complete something already anchored.
//
// Initial conference Mon 2 Mar 2026; the review of Tue 21 Apr ends the plan (so no
// post-review-core-group). Core groups Thu 12 Mar, Thu 9 Apr, Mon 20 Apr.
//   - first-core-group: 3,4,5,6,9,10,11,12,13,16 Mar -> Mon 16 Mar; 12 Mar: met.
//   - core-group-cadence: 12 Mar + 28 -> Thu 9 Apr, met 9 Apr; 9 Apr + 28 -> Thu 7 May, met 20
//     Apr; 20 Apr + 28 -> Mon 18 May, after the end: dropped.
//   - record-circulated:
//   - Thu 12 Mar: 13,16,17,18,19 -> Thu 19 Mar; circulated Mon 27 Apr, after the end, which
//     still completes it: late 12 + 27 = 39.
//   - Thu 9 Apr: 10 (1), 13 (2), 14 (3), 15 (4), 16 (5) -> Thu 16 Apr; never circulated:
//     missed, 16 Apr to 21 Apr = 5 days.
//   - Mon 20 Apr: 21,22,23,24,27 -> Mon 27 Apr, after the end, not circulated: dropped.
//   - absence-escalation: dad absent 12 Mar and 9 Apr: due Thu 9 Apr, escalated (absence) that
//     day: met; gp1 absent 9 Apr and 20 Apr: due Mon 20 Apr, and the escalation of 9 Apr came
//     before it: missed, 20 Apr to 21 Apr = 1 day.
func TestWorking2017Ended(t *testing.T) {
	runScenarios(t, "core-group-working-2017", []scenario{{
		name: "missed and dropped",
		asOf: "2026-06-01",
		files: caseYAML{
			"plan.yaml": `case: W17-E
policy: core-group-working-2017
children: [{id: a, born: 2017-07-07}]
conferences:
  - {kind: initial, date: 2026-03-02, decision: plan}
  - {kind: review, date: 2026-04-21, decision: end}
escalations:
  - {date: 2026-04-09, reason: absence}
`,
			"members.yaml": w17Members,
			"meetings.yaml": `meetings:
  - {date: 2026-03-12, kind: core-group, absent: [dad], record: {circulated: 2026-04-27}}
  - {date: 2026-04-09, kind: core-group, absent: [dad, gp1]}
  - {date: 2026-04-20, kind: core-group, absent: [gp1]}
`,
		},
		want: []string{
			"first-core-group - 2026-03-16 met met=2026-03-12 days=0",
			"core-group-cadence - 2026-04-09 met met=2026-04-09 days=0",
			"core-group-cadence - 2026-05-07 met met=2026-04-20 days=0",
			"record-circulated - 2026-03-19 late met=2026-04-27 days=39",
			"record-circulated - 2026-04-16 missed days=5",
			"absence-escalation - 2026-04-09 met met=2026-04-09 days=0 at=meetings.yaml:3",
			"absence-escalation - 2026-04-20 missed days=1 at=meetings.yaml:4",
		},
	}})
}

// Two absence runs end on the same meeting: each is its own obligation, anchored on that meeting
// and naming its member, so a manager can tell them apart. Initial conference Mon 1 Jun 2026; dad
// and gp1 absent Thu 11 Jun and Thu 9 Jul: both due Thu 9 Jul, not escalated; as of Mon 13 Jul:
// overdue 4. (first-core-group: -> Mon 15 Jun, met 11 Jun; chain 11 Jun + 28 -> 9 Jul, met; 9 Jul
// + 28 -> Thu 6 Aug, 24 days away: open; records 11 Jun -> Thu 18 Jun, circulated 12 Jun: met;
// 9 Jul -> 10,13,14,15,16 -> Thu 16 Jul, not yet: due in 3 days.)
func TestWorking2017AbsenceNamesMember(t *testing.T) {
	obs := evaluateCase(t, "core-group-working-2017", "2026-07-13", caseYAML{
		"plan.yaml": `case: W17-M
policy: core-group-working-2017
children: [{id: a, born: 2017-07-07}]
conferences:
  - {kind: initial, date: 2026-06-01, decision: plan}
`,
		"members.yaml": w17Members,
		"meetings.yaml": `meetings:
  - {date: 2026-06-11, kind: core-group, absent: [dad, gp1], record: {circulated: 2026-06-12}}
  - {date: 2026-07-09, kind: core-group, absent: [gp1, dad]}
`,
	})
	checkObligations(t, obs, []string{
		"first-core-group - 2026-06-15 met met=2026-06-11 days=0",
		"core-group-cadence - 2026-07-09 met met=2026-07-09 days=0",
		"core-group-cadence - 2026-08-06 open days=24",
		"record-circulated - 2026-06-18 met met=2026-06-12 days=0",
		"record-circulated - 2026-07-16 due days=3",
		"absence-escalation - 2026-07-09 overdue days=4 at=meetings.yaml:3",
		"absence-escalation - 2026-07-09 overdue days=4 at=meetings.yaml:3",
	})
	runs := findObligations(obs, "absence-escalation", "", "meetings.yaml:3")
	if len(runs) != 2 {
		t.Fatalf("absence runs anchored on meetings.yaml:3: %d, want 2", len(runs))
	}
	// One names dad and not gp1, the other gp1 and not dad, in either order.
	names := func(o engine.Obligation, m string) bool { return strings.Contains(o.Detail, m) }
	a, b := runs[0], runs[1]
	if names(a, "gp1") {
		a, b = b, a
	}
	if !names(a, "dad") || names(a, "gp1") || !names(b, "gp1") || names(b, "dad") {
		t.Errorf("details %q and %q should name dad and gp1, one each", runs[0].Detail, runs[1].Detail)
	}
}
