package engine_test

import (
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
)

// core-group-booking with the frequency set by the conference, as of Mon 23 Nov 2026.
//
// Initial conference Tue 14 Apr 2026 sets core_group_every: 4 weeks; review Tue 14 Jul continues
// the plan and sets nothing, so 4 weeks stays in force.
//   - first-core-group (action 1): 10 working days after Tue 14 Apr (Easter was 3 and 6 Apr, before
//     it): 15,16,17,20,21,22,23,24,27,28 Apr -> Tue 28 Apr; core group Fri 24 Apr: met.
//   - second-core-group (action 4): 6 weeks after 14 Apr -> Tue 26 May; second core group Thu 21
//     May: met.
//   - core-group-cadence (action 2), the conference's 4 weeks: from Fri 24 Apr -> Fri 22 May, met
//     21 May; from Thu 21 May -> Thu 18 Jun, core group Thu 25 Jun: late 7; from 25 Jun -> Thu 23
//     Jul, core group Mon 20 Jul: met; from 20 Jul -> Mon 17 Aug: overdue 98 days.
//   - plan-agreed (action 3): due on the day of the first core group, 24 Apr; agreed 24 Apr: met.
//   - record-to-manager / record-approved / record-circulated (actions 5-7) have no timescale:
//     24 Apr: to manager 25 Apr, approved 27 Apr, circulated 28 Apr: all met (no due date);
//     21 May: nothing yet: to-manager no-timescale; approved and circulated wait for the step
//     before them;
//     25 Jun: to manager 26 Jun: met; approved no-timescale; circulated waiting;
//     20 Jul: nothing: no-timescale, waiting, waiting.
//   - agreement-signed (action 8): on the day of the second core group, Thu 21 May. Members active
//     then: sw1, tm1, mum; the last signed Thu 28 May: late 7.
//   - action-due: meeting action m1 (20 Jul) due Tue 1 Dec, not done: due in 8 days.
func TestBookingSetByConference(t *testing.T) {
	c := leadCase(t, "2026-11-23", map[string]string{
		"plan.yaml": `case: BK-T1
policy: core-group-booking
children: [{id: a, born: 2020-06-01}]
conferences:
  - {kind: initial, date: 2026-04-14, decision: plan, lead: sw1, core_group_every: 4 weeks}
  - {kind: review, date: 2026-07-14, decision: continue}
plan:
  agreed: 2026-04-24
  signed: {sw1: 2026-05-21, tm1: 2026-05-22, mum: 2026-05-28}
`,
		"members.yaml": `members:
  - {id: sw1, role: lead-social-worker}
  - {id: tm1, role: team-manager}
  - {id: mum, role: parent}
`,
		"meetings.yaml": `meetings:
  - {date: 2026-04-24, kind: core-group, record: {to_manager: 2026-04-25, approved: 2026-04-27, circulated: 2026-04-28}}
  - {date: 2026-05-21, kind: core-group}
  - {date: 2026-06-25, kind: core-group, record: {to_manager: 2026-06-26}}
  - {date: 2026-07-20, kind: core-group, actions: [{id: m1, text: GP letter, owner: sw1, due: 2026-12-01}]}
`,
	})
	obs := engine.Evaluate(c, leadPolicy(t, "core-group-booking"), engine.Options{AsOf: civil.MustParse("2026-11-23")})
	leadCompare(t, obs, []string{
		"first-core-group - 2026-04-28 met met=2026-04-24 days=0",
		"second-core-group - 2026-05-26 met met=2026-05-21 days=0",
		"core-group-cadence - 2026-05-22 met met=2026-05-21 days=0",
		"core-group-cadence - 2026-06-18 late met=2026-06-25 days=7",
		"core-group-cadence - 2026-07-23 met met=2026-07-20 days=0",
		"core-group-cadence - 2026-08-17 overdue days=98",
		"plan-agreed - 2026-04-24 met met=2026-04-24 days=0",
		"record-to-manager - - met met=2026-04-25",
		"record-approved - - met met=2026-04-27",
		"record-circulated - - met met=2026-04-28",
		"record-to-manager - - no-timescale",
		"record-approved - - waiting",
		"record-circulated - - waiting",
		"record-to-manager - - met met=2026-06-26",
		"record-approved - - no-timescale",
		"record-circulated - - waiting",
		"record-to-manager - - no-timescale",
		"record-approved - - waiting",
		"record-circulated - - waiting",
		"agreement-signed - 2026-05-21 late met=2026-05-28 days=7",
		"action-due - 2026-12-01 due days=8",
	})
}

// core-group-booking with no frequency set and the second core group not yet held, as of Mon 23
// Nov 2026. Initial conference Mon 2 Nov 2026; a core group is booked for Wed 16 Dec.
//   - first-core-group: 3,4,5,6,9,10,11,12,13,16 Nov -> Mon 16 Nov; held Wed 18 Nov: late 2.
//   - second-core-group: 2 Nov + 6 weeks -> Mon 14 Dec: open (21 days); the booking on 16 Dec is
//     after the due date: a foreseeable breach.
//   - core-group-cadence: no core_group_every, and the procedure gives no default: the open link
//     from 18 Nov has no timescale; the booking is shown beside it.
//   - plan-agreed: due on the day of the first core group, 18 Nov; not agreed: overdue 5 days.
//   - agreement-signed: the second core group is not held, so it is due on the second core
//     group's due date, Mon 14 Dec: open, 21 days.
//   - minutes of 18 Nov: to-manager no-timescale, approved and circulated waiting.
func TestBookingNoFrequency(t *testing.T) {
	c := leadCase(t, "2026-11-23", map[string]string{
		"plan.yaml": `case: BK-T2
policy: core-group-booking
children: [{id: a, born: 2020-06-01}]
conferences:
  - {kind: initial, date: 2026-11-02, decision: plan}
`,
		"members.yaml": "members:\n  - {id: sw1, role: lead-social-worker}\n",
		"meetings.yaml": `meetings:
  - {date: 2026-11-18, kind: core-group}
  - {date: 2026-12-16, kind: core-group}
`,
	})
	obs := engine.Evaluate(c, leadPolicy(t, "core-group-booking"), engine.Options{AsOf: civil.MustParse("2026-11-23")})
	leadCompare(t, obs, []string{
		"first-core-group - 2026-11-16 late met=2026-11-18 days=2",
		"second-core-group - 2026-12-14 open booked=2026-12-16! days=21",
		"core-group-cadence - - no-timescale booked=2026-12-16",
		"plan-agreed - 2026-11-18 overdue days=5",
		"agreement-signed - 2026-12-14 open days=21",
		"record-to-manager - - no-timescale",
		"record-approved - - waiting",
		"record-circulated - - waiting",
	})
}
