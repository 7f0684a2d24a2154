package records

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

const checksPolicy = `id: t
title: T
jurisdiction: england-and-wales
rules:
  - {id: first-core-group, title: F, cite: "1", kind: event, for: period, after: period-start, within: 10 working days, event: core-group}
checks:
  - {id: first-chair, title: C1, cite: "7.8", kind: chair, meetings: first-core-group, roles: [team-manager]}
  - {id: later-chair, title: C2, cite: "9.4.5", kind: chair, meetings: later-core-groups, roles: [lead]}
  - {id: record, title: R, cite: "7.19", kind: meeting-fields, meetings: core-groups, fields: [present, summary, decisions|actions, next]}
  - {id: dates, title: D, cite: "9.2.6", kind: dates-set, meetings: first-after-conference, conference: {kind: review}}
  - {id: sections, title: S, cite: "7.15", kind: plan-sections, sections: [needs, outcomes, contingency]}
  - {id: exclusion, title: E, cite: "7.3", kind: exclusion-reason, roles: [parent]}
  - {id: actions, title: A, cite: "x", kind: action-fields, fields: [owner, due]}
`

// Every record check kind, each finding with its position and wording, as of Mon 23 Nov 2026.
// The plan runs from 1 Sep; a review on 3 Nov continues it. Core groups: 8 Sep (chaired by the
// lead, not a team manager), 6 Oct (chaired by the team manager, not the lead; no summary and
// neither decisions nor actions), 10 Nov (the first after the review: no dates_set), and one
// booked for 1 Dec (not checked). A core group held before the plan began is not checked.
func TestEveryCheckKind(t *testing.T) {
	p, d := policy.Load("t.yaml", []byte(checksPolicy), "test")
	if p == nil {
		t.Fatal(d)
	}
	files := map[string]string{
		"plan.yaml": `case: R-1
children: [{id: a}]
conferences:
  - {kind: initial, date: 2026-09-01, decision: plan, lead: sw1}
  - {kind: review, date: 2026-11-03, decision: continue}
plan:
  sections: {needs: x, contingency: x}
  actions:
    - {id: a1, text: Refer, owner: sw1}
`,
		"members.yaml": `members:
  - {id: sw1, role: social-worker}
  - {id: tm1, role: team-manager}
  - {id: mum, role: parent, excluded: true}
  - {id: dad, role: parent, excluded: Violence towards staff}
`,
		"meetings.yaml": `meetings:
  - {date: 2026-08-20, kind: core-group, chair: mum}
  - {date: 2026-09-08, kind: core-group, chair: sw1, present: [sw1], summary: s, decisions: [d], next: 2026-10-06}
  - {date: 2026-10-06, kind: core-group, chair: tm1, present: [sw1], next: 2026-11-10}
  - {date: 2026-11-10, kind: core-group, chair: sw1, present: [sw1], summary: s, actions: [{id: m1, text: t, due: 2026-12-01}], next: 2026-12-01}
  - {date: 2026-12-01, kind: core-group}
`,
	}
	c, ld := casefolder.LoadWith("r", civil.MustParse("2026-11-23"), func(name string) ([]byte, error) {
		return []byte(files[filepath.Base(name)]), nil
	})
	if ld.Errors() > 0 {
		t.Fatal(ld)
	}
	var got []string
	for _, x := range Check(c, p, civil.MustParse("2026-11-23")) {
		got = append(got, x.String())
	}
	want := []string{
		`r/meetings.yaml:3:49: core group on 2026-09-08 is chaired by "sw1" (social-worker); it must be chaired by a team-manager (t first-chair, 7.8)`,
		`r/meetings.yaml:4:5: core group record of 2026-10-06 has no decisions or actions (t record, 7.19)`,
		`r/meetings.yaml:4:5: core group record of 2026-10-06 has no summary (t record, 7.19)`,
		`r/meetings.yaml:4:49: core group on 2026-10-06 is chaired by "tm1" (team-manager); it must be chaired by the lead social worker (t later-chair, 9.4.5)`,
		`r/meetings.yaml:5:5: core group on 2026-11-10 is the first after a conference and sets no future dates (dates_set) (t dates, 9.2.6)`,
		`r/meetings.yaml:5:92: action "m1" has no owner (t actions, x)`,
		`r/members.yaml:4:5: parent "mum" is excluded with no reason recorded (t exclusion, 7.3)`,
		`r/plan.yaml:7:3: plan has no section "outcomes" (t sections, 7.15)`,
		`r/plan.yaml:9:7: action "a1" has no due (t actions, x)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Checks filter conferences as rules do: ends_plan is honoured (before, a check with
// ends_plan: true fired after every conference), and decision plan while a plan runs counts as
// continue. Plan from Tue 1 Sep 2026; a pre-birth conference Tue 6 Oct (plan, adds b); core
// groups 8 Sep and 13 Oct, neither with dates_set; as of Mon 23 Nov.
func TestChecksShareTheConferenceFilter(t *testing.T) {
	files := map[string]string{
		"plan.yaml": `case: R-2
children: [{id: a, born: 2020-01-01}, {id: b, expected: 2027-01-01}]
conferences:
  - {kind: initial, date: 2026-09-01, decision: plan, children: [a]}
  - {kind: pre-birth, date: 2026-10-06, decision: plan, children: [b]}
`,
		"meetings.yaml": `meetings:
  - {date: 2026-09-08, kind: core-group}
  - {date: 2026-10-13, kind: core-group}
`,
	}
	c, ld := casefolder.LoadWith("r", civil.MustParse("2026-11-23"), func(name string) ([]byte, error) {
		return []byte(files[filepath.Base(name)]), nil
	})
	if ld.Errors() > 0 {
		t.Fatal(ld)
	}
	for _, tc := range []struct{ filter, want string }{
		{"{ends_plan: true}", ""},
		{"{ends_plan: false}", "2026-09-08 2026-10-13"},
		{"{decision: continue}", "2026-10-13"},
		{"{decision: plan}", "2026-09-08"},
	} {
		src := `id: t
title: T
jurisdiction: england-and-wales
rules:
  - {id: f, title: F, cite: "1", kind: event, for: period, after: period-start, within: 10 working days, event: core-group}
checks:
  - {id: dates, title: D, cite: "2", kind: dates-set, meetings: first-after-conference, conference: ` + tc.filter + `}
`
		p, d := policy.Load("t.yaml", []byte(src), "test")
		if p == nil {
			t.Fatal(d)
		}
		var got []string
		for _, x := range Check(c, p, civil.MustParse("2026-11-23")) {
			got = append(got, strings.Fields(x.Msg)[3])
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: findings for %v, want %q", tc.filter, got, tc.want)
		}
	}
}
