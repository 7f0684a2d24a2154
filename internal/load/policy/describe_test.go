package policy

import (
	"strings"
	"testing"
)

func TestArticle(t *testing.T) {
	for w, want := range map[string]string{"event": "an event", "core group": "a core group", "8th core group": "an 8th core group",
		"11th core group": "an 11th core group", "18th core group": "an 18th core group", "21st core group": "a 21st core group",
		"initial conference": "an initial conference", "111th core group": "a 111th core group"} {
		if got := article(w); got != want {
			t.Errorf("article(%q) = %q, want %q", w, got, want)
		}
	}
}

// policy show states everything that moves a date: the timescale, and in Details the scope,
// the periods, filters, counting, conditions, who signs and what an absent anchor does.
func TestDescribeEverythingThatMovesADate(t *testing.T) {
	src := `id: d
title: D
jurisdiction: england-and-wales
rules:
  - {id: nth, title: Twenty-first core group, cite: "1", kind: event, for: period, after: period-start, within: 1 month, event: core-group, nth: 21}
  - id: after-birth
    title: Core group after the birth
    cite: "2"
    kind: event
    for: unborn-child
    started_by: [pre-birth]
    counting: day-1
    due:
      first_of:
        - {after: birth, within: 20 days, when: {fact: mother-unfit}}
        - {after: birth, within: 10 days}
    event: core-group
  - {id: signed, title: Signed, cite: "3", kind: deadline, for: period, after: period-start, within: 10 working days, met_by: plan.signed, signatories: {roles: [parent]}, unless: {fact: interpreter}}
  - {id: before, title: Before review, cite: "4", kind: event, for: conference, conference: {kind: review, decision: continue}, counted_from: conference, before: next-review-conference, within: 10 working days, event: core-group}
  - {id: alt, title: Alternate, cite: "5", kind: run, for: period, event: visit, per: child, among: {seen: true}, breaks: {alone: true}}
`
	p, d := Load("d.yaml", []byte(src), "test")
	if p == nil {
		t.Fatal(d)
	}
	want := map[string][2]string{
		"nth": {"Twenty-first core group: a 21st core group within 1 month of the conference that started the plan (1)", "one for each plan period"},
		"after-birth": {"Core group after the birth: a core group within 20 days of the birth if mother-unfit is recorded; else within 10 days of the birth (2)",
			"one for each child a pre-birth conference put on the plan unborn, until the child's own end; only in plans started by a pre-birth conference; counted with the anchor day counted as day 1"},
		"signed": {"Signed: the plan signed by every member who must sign, within 10 working days of the conference that started the plan (3)",
			"one for each plan period; only unless interpreter is recorded; who signs: every member active on the day, not excluded, in role parent, except role child"},
		"before": {"Before review: a core group by 10 working days before the next review conference (4)",
			"one for each conference held in a plan period; at review conferences deciding continue; events counted from the conference"},
		"alt": {"Alternate: a run of 2 visits is a breach (5)",
			"one for each plan period; a run of visits seeing the child, broken by one seeing the child alone, for each child"},
	}
	for _, r := range p.Rules {
		w := want[r.ID]
		if got := r.Describe(); got != w[0] {
			t.Errorf("%s:\n got  %s\n want %s", r.ID, got, w[0])
		}
		if got := strings.Join(r.Details(), "; "); got != w[1] {
			t.Errorf("%s details:\n got  %s\n want %s", r.ID, got, w[1])
		}
	}
}
