package policy

import (
	"strings"
	"testing"
)

// base is a valid policy; each case below breaks one thing in it.
const base = `id: local
title: Local procedure
source: test
jurisdiction: england-and-wales
closures:
  - 2026-12-29
rules:
  - id: first-core-group
    title: First core group
    cite: "1.1"
    kind: event
    for: period
    after: period-start
    within: 10 working days
    event: core-group
  - id: core-group-cadence
    title: Cadence
    cite: "1.2"
    kind: chain
    for: period
    starts_at: core-group:1
    event: core-group
    every: 6 weeks
`

func TestLintBaseIsClean(t *testing.T) {
	p, d := Load("p.yaml", []byte(base), "test")
	if p == nil || len(d) > 0 {
		t.Fatalf("base policy: %v", d)
	}
	if p.Calendar.IsWorkingDay(p.Closures[0].Date) {
		t.Error("closure 2026-12-29 should not be a working day")
	}
}

// Every class of lint finding, with its exact message and position.
func TestLintErrors(t *testing.T) {
	cases := []struct {
		name, from, to, want string
	}{
		{"unknown key with a suggestion", "jurisdiction: england", "jurisdicton: england",
			`p.yaml:4:1: unknown key "jurisdicton" in a policy (did you mean "jurisdiction"?); expected one of: id, title, source, extends, remove, jurisdiction, counting, closures, rules, checks`},
		{"missing required key", "id: local\n", "",
			`p.yaml:1:1: a policy is missing the required key "id"`},
		{"wrong type", "    title: First core group", "    title: [First, core]",
			`p.yaml:9:12: title must be text, found a list`},
		{"bad duration", "within: 10 working days", "within: 10 wrking days",
			`p.yaml:14:13: within: unknown unit "wrking days" (expected working days, days, weeks or months)`},
		{"unknown jurisdiction", "jurisdiction: england-and-wales", "jurisdiction: wales",
			`p.yaml:4:15: unknown jurisdiction "wales"; expected one of: england-and-wales, northern-ireland, scotland`},
		{"unknown anchor", "after: period-start", "after: period-begin",
			`p.yaml:13:12: unknown anchor "period-begin" for a rule for period; expected one of: period-start, first-review, plan.agreed, meeting, meeting.to_manager, meeting.approved, meeting.circulated, next-review, next-review-conference, core-group:N or rule:ID`},
		{"unknown rule kind", "kind: event", "kind: evnt",
			`p.yaml:11:11: unknown rule kind "evnt" (did you mean "event"?); expected one of: deadline, event, chain, run, window`},
		{"duplicate rule id", "  - id: core-group-cadence", "  - id: first-core-group",
			`p.yaml:16:5: duplicate rule id "first-core-group" (first at line 8)`},
		{"missing title", "    title: Cadence\n", "",
			`p.yaml:16:5: a rule is missing the required key "title"`},
		{"missing citation", "    cite: \"1.2\"\n", "",
			`p.yaml:16:5: a rule is missing the required key "cite"`},
		{"empty citation", `cite: "1.2"`, `cite: ""`,
			`p.yaml:18:11: cite must not be empty`},
		{"closure not a date", "  - 2026-12-29", "  - 2026-12-32",
			`p.yaml:6:5: closure: 2026-12-32 is not a real calendar date`},
		{"closure not a date at all", "  - 2026-12-29", "  - next tuesday",
			`p.yaml:6:5: closure must be a date (YYYY-MM-DD), found "next tuesday"`},
		{"chain with no start", "    starts_at: core-group:1\n", "",
			`p.yaml:16:5: chain rule "core-group-cadence" has no start: add starts_at (period-start, core-group:1 or on-plan)`},
		{"key that does not fit the kind", "    every: 6 weeks\n", "    every: 6 weeks\n    met_by: plan.agreed\n",
			`p.yaml:24:5: met_by does not apply to a chain rule (it takes: starts_at, event, visit, every, limit, then, override)`},
		{"unknown rule in an anchor", "after: period-start", "after: rule:second-core-group",
			`p.yaml:13:12: unknown rule "second-core-group" in anchor "rule:second-core-group"`},
		{"deadline without met_by", "    kind: event", "    kind: deadline",
			`p.yaml:8:5: deadline rule "first-core-group" has no met_by: say which recorded date meets it`},
		{"yaml syntax", "rules:", "rules: [",
			`p.yaml:7:1: YAML syntax error: a value is missing or cannot start here`},
		{"tab indentation", "    title: Cadence", "\ttitle: Cadence",
			`p.yaml:17:1: tab character in indentation; YAML indents with spaces only`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.from) {
				t.Fatalf("base has no %q", c.from)
			}
			src := strings.Replace(base, c.from, c.to, 1)
			p, d := Load("p.yaml", []byte(src), "test")
			var got []string
			for _, x := range d {
				got = append(got, x.String())
			}
			if !contains(got, c.want) {
				t.Errorf("want finding\n  %s\ngot\n  %s", c.want, strings.Join(got, "\n  "))
			}
			if p != nil && d.Errors() > 0 {
				t.Error("a policy with errors must not be returned")
			}
		})
	}
}

func TestLintTBDIsAWarning(t *testing.T) {
	src := strings.Replace(base, "within: 10 working days", "within: TBD", 1)
	p, d := Load("p.yaml", []byte(src), "test")
	if p == nil || d.Errors() != 0 || d.Warnings() != 1 {
		t.Fatalf("TBD: policy=%v findings=%v", p != nil, d)
	}
	want := `p.yaml:14:13: warning: rule "first-core-group" leaves its timescale unset (TBD): due shows no-timescale until a number is filled in`
	if d[0].String() != want {
		t.Errorf("got  %s\nwant %s", d[0], want)
	}
}

// The shipped policies lint clean, but for the booking procedure's three unset timescales.
func TestShippedPolicies(t *testing.T) {
	for name, data := range Embedded() {
		p, d := Load(name, data, "embedded")
		if p == nil {
			t.Errorf("%s: %v", name, d)
			continue
		}
		want := 0
		if p.ID == "core-group-booking" {
			want = 3
		}
		if d.Warnings() != want || d.Errors() != 0 {
			t.Errorf("%s: %d warnings, %d errors; want %d warnings: %v", name, d.Warnings(), d.Errors(), want, d)
		}
		if name != p.ID+".yaml" {
			t.Errorf("%s holds policy %q: the file must be named after the id", name, p.ID)
		}
	}
}

// A run may give a timescale after the event that completes it, with no anchor of its own.
func TestRunTakesWithin(t *testing.T) {
	src := base + `  - id: no-access-escalation
    title: Escalated
    cite: "1.3"
    kind: run
    for: period
    run: no-access-home-visit
    met_by: escalation:no-access
    within: 1 working day
`
	p, d := Load("p.yaml", []byte(src), "test")
	if p == nil || len(d) > 0 {
		t.Fatalf("run with within: %v", d)
	}
	if got := p.Rule("no-access-escalation").Due.Alternatives[0].Within.D.String(); got != "1 working day" {
		t.Errorf("within = %q", got)
	}
}
