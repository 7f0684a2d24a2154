package diff

import (
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/load/policy"
)

func load(t *testing.T, src string) *policy.Policy {
	t.Helper()
	p, d := policy.Load("p.yaml", []byte(src), "test")
	if p == nil || len(d) > 0 {
		t.Fatalf("policy does not load clean: %v", d)
	}
	return p
}

const base = `id: a
title: A
jurisdiction: england-and-wales
rules:
  - id: first-core-group
    title: First core group
    cite: "4.2"
    kind: event
    for: period
    after: period-start
    within: 10 working days
    event: core-group
  - id: record-circulated
    title: Minutes circulated
    cite: "4.7"
    kind: deadline
    for: core-group
    after: meeting
    within: 5 working days
    met_by: meeting.circulated
`

// Each change in the words a sign-off meeting reads; the policy's counting is said once, not on
// every rule that follows it; a rule moved to another line of the file is no change.
func TestCompare(t *testing.T) {
	a := load(t, base)
	b := load(t, strings.NewReplacer(
		"id: a\ntitle: A\njurisdiction: england-and-wales", "id: b\ntitle: A\njurisdiction: scotland\ncounting: day-1",
		"within: 10 working days", "within: 15 working days",
		"  - id: record-circulated", "\n\n  - id: record-circulated",
	).Replace(base)+`  - id: review-conference
    title: Review conference
    cite: "4.9"
    kind: chain
    for: period
    starts_at: period-start
    event: review-conference
    every: 3 months
`)
	res := Compare(a, b)
	var got []string
	for _, c := range res.Policy {
		got = append(got, c.Sentence)
	}
	for _, r := range res.Rules {
		got = append(got, r.ID+" "+r.Status)
		for _, c := range r.Changes {
			got = append(got, "  "+c.Sentence)
		}
	}
	want := []string{
		"calendar: england-and-wales bank holidays → scotland bank holidays",
		"counting: the anchor day not counted → the anchor day counted as day 1",
		"first-core-group changed",
		"  timescale: 10 working days → 15 working days",
		"review-conference added",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Changed != 1 || res.Added != 1 || res.Removed != 0 || res.Same != 1 {
		t.Errorf("counts %+v", res)
	}
	back := Compare(b, a)
	if back.Removed != 1 || back.Rules[len(back.Rules)-1].Status != Removed {
		t.Errorf("b to a: %+v", back.Rules)
	}
	if same := Compare(a, load(t, strings.Replace(base, "rules:\n", "rules:\n\n", 1))); same.Changed+same.Added+same.Removed != 0 || same.Same != 2 {
		t.Errorf("a policy moved down a line differs: %+v", same)
	}
}

// A target gaining a limit, and a rule gaining a condition, are said as such.
func TestCompareLimitAndConditions(t *testing.T) {
	a := load(t, base)
	b := load(t, strings.NewReplacer(
		"    within: 10 working days\n", "    within: 10 working days\n    limit: 15 working days\n    when: {fact: mother-unfit}\n",
	).Replace(base))
	var got []string
	for _, r := range Compare(a, b).Rules {
		for _, c := range r.Changes {
			got = append(got, c.Sentence)
		}
	}
	want := "limit: 15 working days (new)\napplies where: mother-unfit is recorded (new)"
	if strings.Join(got, "\n") != want {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
