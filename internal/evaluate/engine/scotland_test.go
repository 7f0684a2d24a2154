package engine_test

import "testing"

// Worked examples for core-group-scotland (a Scottish authority's guidance). Every timescale of this policy is
// in calendar days or weeks ("within 15 calendar days of the ICPCC", "every 4 weeks", "no more
// than 6 weeks after the RCPCC"), so Scottish bank holidays (2026: 1-2 Jan, 3 Apr, 4 May, 25 May,
// 15 Jun, 3 Aug, 30 Nov, 25 Dec, 28 Dec) move none of the dates below; some as-of dates fall on
// them on purpose.

// scotPlan is a plan.yaml for one child with the conferences given (YAML list items) and more.
func scotPlan(ref string, conferences string, rest string) string {
	return "case: " + ref + "\npolicy: core-group-scotland\nchildren: [{id: a, born: 2015-01-20}]\nconferences:\n" + conferences + rest
}

// "the first meeting must take place within 15 calendar days of the ICPCC": initial conference
// Mon 2 Mar 2026 + 15 -> Tue 17 Mar.
func TestScotlandFirstCoreGroup(t *testing.T) {
	plan := scotPlan("SC-F", "  - {kind: initial, date: 2026-03-02, decision: plan}\n", "")
	runScenarios(t, "core-group-scotland", []scenario{
		{
			// Held on the due date: met. "every 4 weeks" from it: 17 Mar + 28 -> Tue 14 Apr;
			// from Wed 18 Mar that is 13 + 14 = 27 days: open.
			name:  "met on the due date",
			asOf:  "2026-03-18",
			files: caseYAML{"plan.yaml": plan, "meetings.yaml": "meetings:\n  - {date: 2026-03-17, kind: core-group}\n"},
			want: []string{
				"first-core-group - 2026-03-17 met met=2026-03-17 days=0 at=plan.yaml:5",
				"core-group-cadence - 2026-04-14 open days=27",
			},
		},
		{
			// Held Thu 19 Mar: late 2. Chain: 19 Mar + 28 -> Thu 16 Apr, 28 days away.
			name:  "late",
			asOf:  "2026-03-19",
			files: caseYAML{"plan.yaml": plan, "meetings.yaml": "meetings:\n  - {date: 2026-03-19, kind: core-group}\n"},
			want: []string{
				"first-core-group - 2026-03-17 late met=2026-03-19 days=2",
				"core-group-cadence - 2026-04-16 open days=28",
			},
		},
		{
			// None by Mon 23 Mar: overdue 6; no chain before the first core group.
			name:  "overdue",
			asOf:  "2026-03-23",
			files: caseYAML{"plan.yaml": plan},
			want:  []string{"first-core-group - 2026-03-17 overdue days=6"},
		},
		{
			// As of the due date itself, Tue 17 Mar, with none held: due, 0 days (overdue only
			// from the day after).
			name:  "due today",
			asOf:  "2026-03-17",
			files: caseYAML{"plan.yaml": plan},
			want:  []string{"first-core-group - 2026-03-17 due days=0"},
		},
		{
			// As of Tue 3 Mar the horizon ends 3 Mar + 14 = Tue 17 Mar: due, 14 days.
			name:  "due",
			asOf:  "2026-03-03",
			files: caseYAML{"plan.yaml": plan},
			want:  []string{"first-core-group - 2026-03-17 due days=14"},
		},
		{
			// As of the conference day, Mon 2 Mar: 15 days away, beyond the horizon: open.
			name:  "open",
			asOf:  "2026-03-02",
			files: caseYAML{"plan.yaml": plan},
			want:  []string{"first-core-group - 2026-03-17 open days=15"},
		},
	})
}

// A running plan as of Mon 15 Jun 2026 (a Scottish bank holiday). Initial conference Mon 2 Mar;
// the review of Mon 1 Jun continues the plan, so no post-plan-meeting is owed for it.
//   - first-core-group: 2 Mar + 15 -> Tue 17 Mar; held 17 Mar: met.
//   - core-group-cadence, 4 weeks from the first core group:
//   - from Tue 17 Mar + 28 -> Tue 14 Apr; Mon 13 Apr: met.
//   - from Mon 13 Apr + 28 -> Mon 11 May; Thu 14 May: late 3 (the child's plan meeting of Thu
//     7 May is not a core group).
//   - from Thu 14 May + 28 -> Thu 11 Jun: overdue 4; the core group booked for Tue 16 Jun is
//     shown beside it, after the due date.
//   - action-due: m1 (core group 13 Apr) due Fri 1 May, done that day: met; plan action p1 due
//     Fri 19 Jun: 4 days away, due.
func TestScotlandRunningPlan(t *testing.T) {
	runScenarios(t, "core-group-scotland", []scenario{{
		name: "cadence and actions",
		asOf: "2026-06-15",
		files: caseYAML{
			"plan.yaml": scotPlan("SC-R", `  - {kind: initial, date: 2026-03-02, decision: plan}
  - {kind: review, date: 2026-06-01, decision: continue}
`, `plan:
  actions:
    - {id: p1, text: Nursery place, due: 2026-06-19}
`),
			"meetings.yaml": `meetings:
  - {date: 2026-03-17, kind: core-group}
  - {date: 2026-04-13, kind: core-group, actions: [{id: m1, text: Health check, due: 2026-05-01, done: 2026-05-01}]}
  - {date: 2026-05-07, kind: child-plan}
  - {date: 2026-05-14, kind: core-group}
  - {date: 2026-06-16, kind: core-group}
`,
		},
		want: []string{
			"first-core-group - 2026-03-17 met met=2026-03-17 days=0",
			"core-group-cadence - 2026-04-14 met met=2026-04-13 days=0",
			"core-group-cadence - 2026-05-11 late met=2026-05-14 days=3",
			"core-group-cadence - 2026-06-11 overdue booked=2026-06-16! days=4",
			"action-due - 2026-05-01 met met=2026-05-01 days=0 at=meetings.yaml:3",
			"action-due - 2026-06-19 due days=4 at=plan.yaml:9",
		},
	}})
}

// "Following de-registration a child's plan meeting should take place no more than 6 weeks after
// the RCPCC": the review of Tue 2 Jun 2026 ends the plan (initial Mon 2 Mar); 2 Jun + 42 -> Tue 14
// Jul. It is owed after the plan has ended, so it is never missed or dropped with the period.
//
// Common to every scenario (the plan ended on 2 Jun, before every as-of date):
//   - first-core-group: 2 Mar + 15 -> Tue 17 Mar; held 17 Mar: met.
//   - core-group-cadence: 17 Mar + 28 -> Tue 14 Apr, met 14 Apr; 14 Apr + 28 -> Tue 12 May, met
//     12 May; 12 May + 28 -> Tue 9 Jun, after the end: dropped.
//   - action-due, ended with the period on 2 Jun: plan action x1 due Fri 22 May, done Thu 21
//     May: met; y1 (core group 12 May) due Fri 29 May, not done: missed, 29 May to 2 Jun = 4
//     days; y2 due Fri 12 Jun, after the end: dropped.
//   - the child's plan meeting of Wed 20 May is before the review and cannot meet it.
func TestScotlandPostPlanMeeting(t *testing.T) {
	files := func(more string) caseYAML {
		return caseYAML{
			"plan.yaml": scotPlan("SC-P", `  - {kind: initial, date: 2026-03-02, decision: plan}
  - {kind: review, date: 2026-06-02, decision: end}
`, `plan:
  actions:
    - {id: x1, text: Referral, due: 2026-05-22, done: 2026-05-21}
`),
			"meetings.yaml": `meetings:
  - {date: 2026-03-17, kind: core-group}
  - {date: 2026-04-14, kind: core-group}
  - {date: 2026-05-12, kind: core-group, actions: [{id: y1, text: Report, due: 2026-05-29}, {id: y2, text: Visit, due: 2026-06-12}]}
  - {date: 2026-05-20, kind: child-plan}
` + more,
		}
	}
	common := []string{
		"first-core-group - 2026-03-17 met met=2026-03-17 days=0",
		"core-group-cadence - 2026-04-14 met met=2026-04-14 days=0",
		"core-group-cadence - 2026-05-12 met met=2026-05-12 days=0",
		"action-due - 2026-05-22 met met=2026-05-21 days=0",
		"action-due - 2026-05-29 missed days=4",
	}
	with := func(lines ...string) []string { return append(append([]string(nil), common...), lines...) }
	runScenarios(t, "core-group-scotland", []scenario{
		{
			// A child's plan meeting Thu 9 Jul, after the period ended: met.
			name:  "met after the plan ended",
			asOf:  "2026-07-20",
			files: files("  - {date: 2026-07-09, kind: child-plan}\n"),
			want:  with("post-plan-meeting - 2026-07-14 met met=2026-07-09 days=0 at=plan.yaml:6"),
		},
		{
			// Thu 16 Jul: late 2.
			name:  "late",
			asOf:  "2026-07-20",
			files: files("  - {date: 2026-07-16, kind: child-plan}\n"),
			want:  with("post-plan-meeting - 2026-07-14 late met=2026-07-16 days=2"),
		},
		{
			// None by Mon 20 Jul: overdue 6. A core group held Mon 6 Jul is not a child's plan
			// meeting (and, after the end, counts for nothing else).
			name:  "overdue when none",
			asOf:  "2026-07-20",
			files: files("  - {date: 2026-07-06, kind: core-group}\n"),
			want:  with("post-plan-meeting - 2026-07-14 overdue days=6"),
		},
		{
			// As of Wed 1 Jul: 13 days away, due; booked for Thu 16 Jul, after the due date.
			name:  "due, booked late",
			asOf:  "2026-07-01",
			files: files("  - {date: 2026-07-16, kind: child-plan}\n"),
			want:  with("post-plan-meeting - 2026-07-14 due booked=2026-07-16! days=13"),
		},
		{
			// As of the review day, Tue 2 Jun: 42 days away, open.
			name:  "open",
			asOf:  "2026-06-02",
			files: files(""),
			want:  with("post-plan-meeting - 2026-07-14 open days=42"),
		},
	})
}

// A review that ends the plan for one child of two does not end the plan: no post-plan-meeting,
// and the chain runs on. Initial conference Mon 2 Mar for a and b; review Tue 2 Jun ends it for a
// only. As of Mon 8 Jun 2026.
//   - first-core-group: -> Tue 17 Mar, met 17 Mar.
//   - core-group-cadence: 17 Mar -> 14 Apr met 14 Apr; 14 Apr -> 12 May met 12 May; 12 May + 28
//     -> Tue 9 Jun: 1 day away, due.
func TestScotlandPartialEnd(t *testing.T) {
	runScenarios(t, "core-group-scotland", []scenario{{
		name: "one child stays on the plan",
		asOf: "2026-06-08",
		files: caseYAML{
			"plan.yaml": `case: SC-2
policy: core-group-scotland
children: [{id: a, born: 2015-01-20}, {id: b, born: 2017-03-03}]
conferences:
  - {kind: initial, date: 2026-03-02, decision: plan}
  - {kind: review, date: 2026-06-02, decision: end, children: [a]}
`,
			"meetings.yaml": `meetings:
  - {date: 2026-03-17, kind: core-group}
  - {date: 2026-04-14, kind: core-group}
  - {date: 2026-05-12, kind: core-group}
`,
		},
		want: []string{
			"first-core-group - 2026-03-17 met met=2026-03-17 days=0",
			"core-group-cadence - 2026-04-14 met met=2026-04-14 days=0",
			"core-group-cadence - 2026-05-12 met met=2026-05-12 days=0",
			"core-group-cadence - 2026-06-09 due days=1",
		},
	}})
}
