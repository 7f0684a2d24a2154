package engine_test

import (
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
)

// Worked examples for core-groups-ch7 (chapter 7, England and Wales). Every due date below is
// worked by hand from the procedure and docs/calendars.md: "N working days after D" is the Nth
// Monday-to-Friday after D that is not an England and Wales bank holiday (2026: 1 Jan, 3 Apr,
// 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec), D itself not counted. Days are calendar days
// (late, overdue, until due, or from the due date to the end of the plan for missed).

// ch7Plan is a plan.yaml for one child, already born, with the conferences given (YAML list items).
func ch7Plan(ref string, conferences string, rest string) string {
	return "case: " + ref + "\npolicy: core-groups-ch7\nchildren: [{id: a, born: 2019-09-09}]\nconferences:\n" + conferences + rest
}

// 7.7: "The first core group should be held within ten working days ... of the child protection
// conference"; the same plan, initial conference Wed 1 Apr 2026, seen on different days.
//
// 10 working days after Wed 1 Apr, skipping Good Friday 3 Apr and Easter Monday 6 Apr:
// 2 (1), 7 (2), 8 (3), 9 (4), 10 (5), 13 (6), 14 (7), 15 (8), 16 (9), 17 (10) -> Fri 17 Apr.
func TestCh7FirstCoreGroup(t *testing.T) {
	plan := ch7Plan("CH7-F", "  - {kind: initial, date: 2026-04-01, decision: plan}\n", "")
	runScenarios(t, "core-groups-ch7", []scenario{
		{
			// Held on the due date itself: met. The six-weekly chain (7.7, 7.16) starts there:
			// Fri 17 Apr + 42 days -> Fri 29 May; as of Mon 20 Apr that is 10 + 29 = 39 days
			// away, beyond the 14-day horizon: open.
			name: "met on the due date",
			asOf: "2026-04-20",
			files: caseYAML{"plan.yaml": plan, "meetings.yaml": `meetings:
  - {date: 2026-04-17, kind: core-group}
`},
			want: []string{
				"first-core-group - 2026-04-17 met met=2026-04-17 days=0 at=plan.yaml:5",
				"core-group-cadence - 2026-05-29 open days=39",
			},
		},
		{
			// Held Tue 21 Apr: 4 days after Fri 17 Apr. The chain from it: + 42 -> Tue 2 Jun,
			// 42 days from today.
			name: "late",
			asOf: "2026-04-21",
			files: caseYAML{"plan.yaml": plan, "meetings.yaml": `meetings:
  - {date: 2026-04-21, kind: core-group}
`},
			want: []string{
				"first-core-group - 2026-04-17 late met=2026-04-21 days=4",
				"core-group-cadence - 2026-06-02 open days=42",
			},
		},
		{
			// Held on the conference day itself: "the first core group after it" is the first
			// dated on or after it: met. Chain: Wed 1 Apr + 42 -> Wed 13 May, 42 days away.
			name: "met on the conference day",
			asOf: "2026-04-01",
			files: caseYAML{"plan.yaml": plan, "meetings.yaml": `meetings:
  - {date: 2026-04-01, kind: core-group}
`},
			want: []string{
				"first-core-group - 2026-04-17 met met=2026-04-01 days=0",
				"core-group-cadence - 2026-05-13 open days=42",
			},
		},
		{
			// None held by Mon 20 Apr: 3 days overdue. The core group of Tue 31 Mar, before the
			// conference, is outside the plan period and counts for nothing; with no core group
			// in the period the cadence chain has no rows (first-core-group covers that time).
			name: "overdue and no chain before the first core group",
			asOf: "2026-04-20",
			files: caseYAML{"plan.yaml": plan, "meetings.yaml": `meetings:
  - {date: 2026-03-31, kind: core-group}
`},
			want: []string{
				"first-core-group - 2026-04-17 overdue days=3",
			},
		},
		{
			// As of Fri 3 Apr the horizon runs to 3 Apr + 14 = Fri 17 Apr, today included:
			// the due date is its last day, so due, 14 days.
			name:  "due on the last day of the horizon",
			asOf:  "2026-04-03",
			files: caseYAML{"plan.yaml": plan},
			want: []string{
				"first-core-group - 2026-04-17 due days=14",
			},
		},
		{
			// As of Thu 2 Apr the horizon ends Thu 16 Apr; 17 Apr is 15 days away: open. A
			// core group booked for Mon 20 Apr is shown beside it and is later than the due
			// date; the meeting of Thu 16 Apr was cancelled in advance and is no booking.
			name: "open beyond the horizon, booked late",
			asOf: "2026-04-02",
			files: caseYAML{"plan.yaml": plan, "meetings.yaml": `meetings:
  - {date: 2026-04-16, kind: core-group, cancelled: true}
  - {date: 2026-04-20, kind: core-group}
`},
			want: []string{
				"first-core-group - 2026-04-17 open booked=2026-04-20! days=15",
			},
		},
		{
			// A transfer-in conference that makes a plan starts a period like an initial one.
			// Mon 2 Mar + 10 working days: 3,4,5,6,9,10,11,12,13,16 Mar -> Mon 16 Mar; core
			// group Thu 12 Mar: met. Chain: 12 Mar + 42 -> Thu 23 Apr; from Mon 16 Mar that is
			// 15 + 23 = 38 days: open.
			name: "transfer-in plan",
			asOf: "2026-03-16",
			files: caseYAML{
				"plan.yaml":     ch7Plan("CH7-T", "  - {kind: transfer-in, date: 2026-03-02, decision: plan}\n", ""),
				"meetings.yaml": "meetings:\n  - {date: 2026-03-12, kind: core-group}\n",
			},
			want: []string{
				"first-core-group - 2026-03-16 met met=2026-03-12 days=0",
				"core-group-cadence - 2026-04-23 open days=38",
			},
		},
		{
			// An initial conference that makes no plan starts no period: nothing is owed,
			// whatever meetings follow.
			name: "no plan, nothing owed",
			asOf: "2026-04-20",
			files: caseYAML{
				"plan.yaml":     ch7Plan("CH7-N", "  - {kind: initial, date: 2026-04-01, decision: no-plan}\n", ""),
				"meetings.yaml": "meetings:\n  - {date: 2026-04-10, kind: core-group}\n",
			},
			want: nil,
		},
	})
}

// 7.9: "For pre-birth conferences where it is agreed that the baby will be subject of a child
// protection plan from birth, the core group should meet within 10 days of the birth": 10
// calendar days after the birth. A plan started at a pre-birth conference has no
// first-core-group (7.9 replaces 7.7's clock), but the six-weekly chain still runs from its first
// core group.
//
// Pre-birth conference Tue 3 Mar 2026 for the unborn u, with a sibling born in 2022 and a child
// b born on the day of the conference: neither was unborn at the conference, so neither gets the
// rule. u is born Fri 10 Apr (in the scenarios after the birth): 10 Apr + 10 -> Mon 20 Apr.
func TestCh7PreBirth(t *testing.T) {
	plan := func(born string) string {
		return `case: CH7-P
policy: core-groups-ch7
children:
  - {id: sib, born: 2022-05-05}
  - {id: b, born: 2026-03-03}
  - {id: u, expected: 2026-04-12` + born + `}
conferences:
  - {kind: pre-birth, date: 2026-03-03, decision: plan}
`
	}
	runScenarios(t, "core-groups-ch7", []scenario{
		{
			// Not born by Fri 20 Mar: waiting, no due date and no days. No first-core-group
			// for a pre-birth plan, and no chain without a core group.
			name:  "waiting before the birth",
			asOf:  "2026-03-20",
			files: caseYAML{"plan.yaml": plan("")},
			want: []string{
				"pre-birth-core-group u - waiting",
			},
		},
		{
			// Born Fri 10 Apr; as of Wed 15 Apr, due Mon 20 Apr is 5 days away.
			name:  "due after the birth",
			asOf:  "2026-04-15",
			files: caseYAML{"plan.yaml": plan(", born: 2026-04-10")},
			want: []string{
				"pre-birth-core-group u 2026-04-20 due days=5",
			},
		},
		{
			// A core group Wed 25 Mar, before the birth, cannot meet it (the first core group
			// after the birth does): Thu 16 Apr meets it. The chain starts at the period's
			// first core group, 25 Mar: + 42 -> Wed 6 May, met 16 Apr; from 16 Apr + 42 -> Thu
			// 28 May, from Mon 20 Apr 10 + 28 = 38 days: open.
			name: "met by the first core group after the birth",
			asOf: "2026-04-20",
			files: caseYAML{"plan.yaml": plan(", born: 2026-04-10"), "meetings.yaml": `meetings:
  - {date: 2026-03-25, kind: core-group}
  - {date: 2026-04-16, kind: core-group}
`},
			want: []string{
				"pre-birth-core-group u 2026-04-20 met met=2026-04-16 days=0",
				"core-group-cadence - 2026-05-06 met met=2026-04-16 days=0",
				"core-group-cadence - 2026-05-28 open days=38",
			},
		},
		{
			// Held Wed 22 Apr: 2 days late. Chain from 22 Apr + 42 -> Wed 3 Jun: 42 days.
			name: "late",
			asOf: "2026-04-22",
			files: caseYAML{"plan.yaml": plan(", born: 2026-04-10"), "meetings.yaml": `meetings:
  - {date: 2026-04-22, kind: core-group}
`},
			want: []string{
				"pre-birth-core-group u 2026-04-20 late met=2026-04-22 days=2",
				"core-group-cadence - 2026-06-03 open days=42",
			},
		},
		{
			// None by Mon 27 Apr: 7 days overdue.
			name:  "overdue",
			asOf:  "2026-04-27",
			files: caseYAML{"plan.yaml": plan(", born: 2026-04-10")},
			want: []string{
				"pre-birth-core-group u 2026-04-20 overdue days=7",
			},
		},
		{
			// The review of Wed 1 Apr ends the plan before u is born: the waiting obligation
			// has no due date and is dropped at the end. Core groups Wed 18 Mar and Wed 25 Mar:
			// chain 18 Mar + 42 -> Wed 29 Apr, met 25 Mar; 25 Mar + 42 -> Wed 6 May, after the
			// end: dropped.
			name: "plan ended before the birth",
			asOf: "2026-04-06",
			files: caseYAML{
				"plan.yaml":     plan("") + "  - {kind: review, date: 2026-04-01, decision: end}\n",
				"meetings.yaml": "meetings:\n  - {date: 2026-03-18, kind: core-group}\n  - {date: 2026-03-25, kind: core-group}\n",
			},
			want: []string{
				"core-group-cadence - 2026-04-29 met met=2026-03-25 days=0",
			},
		},
		{
			// The same plan, u born Fri 10 Apr after the end: due Mon 20 Apr, after the end on
			// 1 Apr: dropped, although it would be overdue by Mon 27 Apr.
			name: "born after the plan ended",
			asOf: "2026-04-27",
			files: caseYAML{
				"plan.yaml":     plan(", born: 2026-04-10") + "  - {kind: review, date: 2026-04-01, decision: end}\n",
				"meetings.yaml": "meetings:\n  - {date: 2026-03-18, kind: core-group}\n  - {date: 2026-03-25, kind: core-group}\n",
			},
			want: []string{
				"core-group-cadence - 2026-04-29 met met=2026-03-25 days=0",
			},
		},
	})
}

// 7.7 and 7.16: "at least six weekly", a chain from the first core group; a conference's
// core_group_every replaces it for links that start on or after that conference. As of Mon 31
// Aug 2026 (the summer bank holiday; no working days are counted after the first core group).
//
// Initial conference Mon 2 Mar; review Mon 15 Jun continues the plan and sets 4 weeks.
//   - first-core-group: 3,4,5,6,9,10,11,12,13,16 Mar -> Mon 16 Mar; held Thu 12 Mar: met.
//   - core-group-cadence:
//   - from Thu 12 Mar + 42 -> Thu 23 Apr; Wed 22 Apr: met.
//   - from Wed 22 Apr + 42 -> Wed 3 Jun; the core group of Tue 2 Jun was cancelled and meets
//     nothing; Fri 5 Jun: late 2.
//   - from Fri 5 Jun: the link starts before the review of 15 Jun, so 6 weeks are in
//     force: 5 Jun + 42 -> Fri 17 Jul; Thu 16 Jul: met.
//   - from Thu 16 Jul: the review's 4 weeks: + 28 -> Thu 13 Aug; the professionals' meeting of
//     Thu 30 Jul is not a core group; Fri 14 Aug: late 1.
//   - from Fri 14 Aug + 28 -> Fri 11 Sep: 11 days away, due; the core group booked for Mon 14
//     Sep is shown beside it, later than the due date.
//   - action-due (7.6), case level, a period running:
//   - plan action p1 due Fri 1 May, done Thu 30 Apr: met.
//   - plan action p2 due Thu 20 Aug, done Tue 25 Aug: late 5.
//   - plan action p3 due Thu 27 Aug, done Wed 2 Sep: that has not happened by 31 Aug: overdue 4.
//   - plan action p4 has no due date: no obligation.
//   - m1 (core group 16 Jul) due Fri 28 Aug, not done: overdue 3.
//   - m2 (core group 14 Aug) due Wed 30 Sep: 30 days away, open.
//   - c1 belongs to the cancelled meeting and m3 to the booked one: neither was agreed at a
//     meeting that was held, so neither counts.
func TestCh7CadenceAndActions(t *testing.T) {
	files := caseYAML{
		"plan.yaml": ch7Plan("CH7-C", `  - {kind: initial, date: 2026-03-02, decision: plan}
  - {kind: review, date: 2026-06-15, decision: continue, core_group_every: 4 weeks}
`, `plan:
  actions:
    - {id: p1, text: Nursery referral, due: 2026-05-01, done: 2026-04-30}
    - {id: p2, text: Housing letter, due: 2026-08-20, done: 2026-08-25}
    - {id: p3, text: Parenting course, due: 2026-08-27, done: 2026-09-02}
    - {id: p4, text: No date agreed}
`),
		"meetings.yaml": `meetings:
  - {date: 2026-03-12, kind: core-group}
  - {date: 2026-04-22, kind: core-group}
  - {date: 2026-06-02, kind: core-group, cancelled: true, actions: [{id: c1, text: Cancelled, due: 2026-06-10}]}
  - {date: 2026-06-05, kind: core-group}
  - {date: 2026-07-16, kind: core-group, actions: [{id: m1, text: School report, due: 2026-08-28}]}
  - {date: 2026-07-30, kind: professionals}
  - {date: 2026-08-14, kind: core-group, actions: [{id: m2, text: Health check, due: 2026-09-30}]}
  - {date: 2026-09-14, kind: core-group, actions: [{id: m3, text: Booked only, due: 2026-09-10}]}
`,
	}
	runScenarios(t, "core-groups-ch7", []scenario{{
		name:  "chain, override, cancelled, booked, actions",
		asOf:  "2026-08-31",
		files: files,
		want: []string{
			"first-core-group - 2026-03-16 met met=2026-03-12 days=0",
			"core-group-cadence - 2026-04-23 met met=2026-04-22 days=0",
			"core-group-cadence - 2026-06-03 late met=2026-06-05 days=2",
			"core-group-cadence - 2026-07-17 met met=2026-07-16 days=0",
			"core-group-cadence - 2026-08-13 late met=2026-08-14 days=1",
			"core-group-cadence - 2026-09-11 due booked=2026-09-14! days=11",
			"action-due - 2026-05-01 met met=2026-04-30 days=0 at=plan.yaml:9",
			"action-due - 2026-08-20 late met=2026-08-25 days=5 at=plan.yaml:10",
			"action-due - 2026-08-27 overdue days=4 at=plan.yaml:11",
			"action-due - 2026-08-28 overdue days=3 at=meetings.yaml:6",
			"action-due - 2026-09-30 open days=30 at=meetings.yaml:8",
		},
	}})
}

// A pre-birth conference held while a plan runs (decision plan adds the unborn u to it) owes the
// core group after u's birth; the period, started by an initial conference, keeps its
// first-core-group and its chain. As of Mon 29 Jun 2026.
//   - initial Mon 2 Mar for a: first-core-group 3,4,5,6,9,10,11,12,13,16 Mar -> Mon 16 Mar; Thu
//     12 Mar: met.
//   - core-group-cadence: 12 Mar + 42 -> Thu 23 Apr, met Wed 22 Apr; 22 Apr + 42 -> Wed 3 Jun,
//     met Tue 2 Jun; 2 Jun + 42 -> Tue 14 Jul, met Wed 24 Jun; 24 Jun + 42 -> Wed 5 Aug:
//     1 + 31 + 5 = 37 days away, open.
//   - pre-birth conference Mon 1 Jun for u; u born Mon 15 Jun: + 10 -> Thu 25 Jun; the core
//     group of Wed 24 Jun: met.
func TestCh7PreBirthWhilePlanRuns(t *testing.T) {
	runScenarios(t, "core-groups-ch7", []scenario{{
		name: "unborn sibling added",
		asOf: "2026-06-29",
		files: caseYAML{
			"plan.yaml": `case: CH7-S
policy: core-groups-ch7
children:
  - {id: a, born: 2019-09-09}
  - {id: u, expected: 2026-06-20, born: 2026-06-15}
conferences:
  - {kind: initial, date: 2026-03-02, decision: plan, children: [a]}
  - {kind: pre-birth, date: 2026-06-01, decision: plan, children: [u]}
`,
			"meetings.yaml": `meetings:
  - {date: 2026-03-12, kind: core-group}
  - {date: 2026-04-22, kind: core-group}
  - {date: 2026-06-02, kind: core-group}
  - {date: 2026-06-24, kind: core-group}
`,
		},
		want: []string{
			"first-core-group - 2026-03-16 met met=2026-03-12 days=0",
			"core-group-cadence - 2026-04-23 met met=2026-04-22 days=0",
			"core-group-cadence - 2026-06-03 met met=2026-06-02 days=0",
			"core-group-cadence - 2026-07-14 met met=2026-06-24 days=0",
			"core-group-cadence - 2026-08-05 open days=37",
			"pre-birth-core-group u 2026-06-25 met met=2026-06-24 days=0 at=plan.yaml:5",
		},
	}})
}

// Plan periods: what an ended plan leaves, and a plan started again.
func TestCh7PlanPeriods(t *testing.T) {
	runScenarios(t, "core-groups-ch7", []scenario{
		{
			// Initial Mon 2 Feb 2026; the review of Mon 27 Apr ends the plan. As of Mon 1 Jun.
			//   - first-core-group: 3,4,5,6,9,10,11,12,13,16 Feb -> Mon 16 Feb; Wed 11 Feb: met.
			//   - core-group-cadence: 11 Feb + 42 -> Wed 25 Mar; no core group before the end
			//     (the one of Wed 6 May is after it and counts for nothing): missed, 25 Mar to
			//     27 Apr = 6 + 27 = 33 days.
			//   - action-due ends with the last period: a1 due Mon 20 Apr, on or before the end,
			//     not done: missed, 7 days; a2 due Fri 1 May, after the end: dropped; a3 due Fri
			//     10 Apr, done Wed 20 May after the end: a done date counts whenever it falls:
			//     late, 20 + 20 = 40 days.
			name: "ended: missed and dropped",
			asOf: "2026-06-01",
			files: caseYAML{
				"plan.yaml": ch7Plan("CH7-E", `  - {kind: initial, date: 2026-02-02, decision: plan}
  - {kind: review, date: 2026-04-27, decision: end}
`, `plan:
  actions:
    - {id: a1, text: Referral, due: 2026-04-20}
    - {id: a2, text: Letter, due: 2026-05-01}
    - {id: a3, text: Check, due: 2026-04-10, done: 2026-05-20}
`),
				"meetings.yaml": `meetings:
  - {date: 2026-02-11, kind: core-group}
  - {date: 2026-05-06, kind: core-group}
`,
			},
			want: []string{
				"first-core-group - 2026-02-16 met met=2026-02-11 days=0",
				"core-group-cadence - 2026-03-25 missed days=33",
				"action-due - 2026-04-20 missed days=7",
				"action-due - 2026-04-10 late met=2026-05-20 days=40",
			},
		},
		{
			// Three periods, as of Fri 23 Oct 2026.
			// Period 1: initial Mon 2 Feb sets core_group_every: 3 weeks; the review of Mon 27
			// Apr ends it.
			//   - first-core-group: -> Mon 16 Feb (as above); Wed 11 Feb: met.
			//   - core-group-cadence, the conference's 3 weeks: 11 Feb + 21 -> Wed 4 Mar; none
			//     before the end: missed, 4 Mar to 27 Apr = 27 + 27 = 54 days.
			// Period 2: initial Mon 1 Jun; the review of Fri 14 Aug ends it.
			//   - first-core-group starts again: 2,3,4,5,8,9,10,11,12,15 Jun -> Mon 15 Jun; Wed
			//     17 Jun: late 2.
			//   - core-group-cadence is back to the policy's 6 weeks (a new period): 17 Jun + 42
			//     -> Wed 29 Jul; Tue 28 Jul: met. 28 Jul + 42 -> Tue 8 Sep, after the end on 14
			//     Aug: dropped. The core group of Wed 2 Sep falls in no period.
			// Period 3: initial Mon 5 Oct.
			//   - first-core-group: 6,7,8,9,12,13,14,15,16,19 Oct -> Mon 19 Oct; none (earlier
			//     core groups belong to earlier periods): overdue 4. No chain yet.
			name: "restarted: clocks start again",
			asOf: "2026-10-23",
			files: caseYAML{
				"plan.yaml": ch7Plan("CH7-R", `  - {kind: initial, date: 2026-02-02, decision: plan, core_group_every: 3 weeks}
  - {kind: review, date: 2026-04-27, decision: end}
  - {kind: initial, date: 2026-06-01, decision: plan}
  - {kind: review, date: 2026-08-14, decision: end}
  - {kind: initial, date: 2026-10-05, decision: plan}
`, ""),
				"meetings.yaml": `meetings:
  - {date: 2026-02-11, kind: core-group}
  - {date: 2026-06-17, kind: core-group}
  - {date: 2026-07-28, kind: core-group}
  - {date: 2026-09-02, kind: core-group}
`,
			},
			want: []string{
				"first-core-group - 2026-02-16 met met=2026-02-11 days=0 at=plan.yaml:5",
				"core-group-cadence - 2026-03-04 missed days=54",
				"first-core-group - 2026-06-15 late met=2026-06-17 days=2 at=plan.yaml:7",
				"core-group-cadence - 2026-07-29 met met=2026-07-28 days=0",
				"first-core-group - 2026-10-19 overdue days=4 at=plan.yaml:9",
			},
		},
	})
}

// engine.Less orders obligations as `cpcase due` shows them: overdue first, the most overdue (the
// earliest due date) first; then every other status by due date; undated ones (waiting,
// no-timescale) last; ties by case, rule, child. As of Fri 15 May 2026.
func TestLessOrder(t *testing.T) {
	d := civil.MustParse
	ob := func(label, ref, rule, child, due string, st engine.Status) engine.Obligation {
		o := engine.Obligation{Case: ref, Rule: rule, Child: child, Status: st, Detail: label}
		if due != "" {
			o.Due = d(due)
		}
		return o
	}
	// Listed in the order wanted; labels name the reason for each place.
	want := []engine.Obligation{
		ob("overdue 14 days", "A", "first-core-group", "", "2026-05-01", engine.Overdue),
		ob("overdue 5 days", "A", "core-group-cadence", "", "2026-05-10", engine.Overdue),
		ob("overdue 5 days, case B", "B", "action-due", "", "2026-05-10", engine.Overdue),
		ob("missed, earliest date", "A", "core-group-cadence", "", "2026-03-01", engine.Missed),
		ob("met 1 Apr", "A", "core-group-cadence", "", "2026-04-01", engine.Met),
		ob("due 20 May, action-due", "A", "action-due", "", "2026-05-20", engine.Due),
		ob("due 20 May, pre-birth child a", "A", "pre-birth-core-group", "a", "2026-05-20", engine.Due),
		ob("due 20 May, pre-birth child b", "A", "pre-birth-core-group", "b", "2026-05-20", engine.Due),
		ob("due 20 May, record", "A", "record-circulated", "", "2026-05-20", engine.Due),
		ob("due 20 May, case B", "B", "action-due", "", "2026-05-20", engine.Due),
		ob("open 1 Jun", "A", "action-due", "", "2026-06-01", engine.Open),
		ob("undated, case A no-timescale", "A", "core-group-cadence", "", "", engine.NoTimescale),
		ob("undated, case A waiting", "A", "pre-birth-core-group", "u", "", engine.Waiting),
		ob("undated, case B", "B", "pre-birth-core-group", "u", "", engine.Waiting),
	}
	for i, a := range want {
		if engine.Less(a, a) {
			t.Errorf("Less(%s, itself) = true", a.Detail)
		}
		for j, b := range want {
			if got := engine.Less(a, b); got != (i < j) {
				t.Errorf("Less(%s, %s) = %v, want %v", a.Detail, b.Detail, got, i < j)
			}
		}
	}
	// Sort puts a reversed and an interleaved copy back in order.
	n := len(want)
	for _, perm := range [][]int{lessReversed(n), lessInterleaved(n)} {
		got := make([]engine.Obligation, n)
		for i, k := range perm {
			got[i] = want[k]
		}
		engine.Sort(got)
		if g, w := lessDetails(got), lessDetails(want); g != w {
			t.Errorf("Sort:\n got  %s\n want %s", g, w)
		}
	}
}

func lessReversed(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = n - 1 - i
	}
	return out
}

// lessInterleaved is 1, 3, 5, ..., then 0, 2, 4, ...
func lessInterleaved(n int) []int {
	var out []int
	for i := 1; i < n; i += 2 {
		out = append(out, i)
	}
	for i := 0; i < n; i += 2 {
		out = append(out, i)
	}
	return out
}

func lessDetails(obs []engine.Obligation) string {
	var s []string
	for _, o := range obs {
		s = append(s, o.Detail)
	}
	return strings.Join(s, " | ")
}
