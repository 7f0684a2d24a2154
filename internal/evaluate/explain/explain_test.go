package explain_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/explain"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// text renders ds with the examples folder left out of positions.
func text(t *testing.T, ds []explain.Derivation) string {
	t.Helper()
	var b bytes.Buffer
	if err := explain.Text(&b, ds); err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(b.String(), filepath.Join("..", "..", "..", "examples")+string(filepath.Separator), "")
	// Where a rule sits in its policy file moves as the policies are edited; TestEveryExampleAgrees
	// checks it against the policy.
	return ruleLine.ReplaceAllString(out, "$1:N")
}

var ruleLine = regexp.MustCompile(`(embedded:[a-z0-9-]+\.yaml):\d+`)

// pick is the one derivation whose detail is detail.
func pick(t *testing.T, ds []explain.Derivation, detail string) explain.Derivation {
	t.Helper()
	var out []explain.Derivation
	for _, d := range ds {
		if d.Obligation.Detail == detail {
			out = append(out, d)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d derivations with detail %q, want 1", len(out), detail)
	}
	return out[0]
}

func same(t *testing.T, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// A deadline-style event rule on working days: the s9 first core group, 10 working days after
// Thu 11 Jun 2026 (12, 15-19, 22-25 Jun; the weekends 13-14 and 20-21 Jun skipped) = Thu 25 Jun;
// the core group of Wed 24 Jun meets it.
func TestEventWorkingDays(t *testing.T) {
	ds := explainExample(t, "s9-three-children", "first-core-group", "")
	same(t, text(t, ds), `EX-S9-0001  first-core-group: First core group (9.2.4)
  rule      a core group within 10 working days of the conference that started the plan
            policy core-groups-s9, embedded:core-groups-s9.yaml:N
  period    plan period 1
  anchor    the conference that started the plan: initial conference, Thu 11 Jun 2026 (s9-three-children/plan.yaml:21)
  count     10 working days after Thu 11 Jun 2026, the anchor day not counted; 10 working days counted in the england-and-wales calendar
  skipped   4 weekend days: Sat 13 Jun, Sun 14 Jun, Sat 20 Jun, Sun 21 Jun
  due       Thu 25 Jun 2026
  met       core group, Wed 24 Jun 2026 (s9-three-children/meetings.yaml:7)
  status    met on time (as of Mon 23 Nov 2026)
`)
}

// A deadline met by a recorded date, counted from a step of a record: the s9 written agreement
// for the core group of Wed 24 Jun, 5 working days after its minutes were circulated on Mon 29 Jun
// (30 Jun, 1, 2, 3, 6 Jul) = Mon 6 Jul; the last of the eight signatures (dad) on Fri 3 Jul.
func TestDeadline(t *testing.T) {
	d := pick(t, explainExample(t, "s9-three-children", "agreement-signed", ""), "core group 2026-06-24")
	same(t, text(t, []explain.Derivation{d}), `EX-S9-0001  agreement-signed: Written agreement signed by the core group (9.3.26)
  rule      the plan signed by every member who must sign, within 5 working days of the minutes being circulated; else within 10 working days of the meeting
            policy core-groups-s9, embedded:core-groups-s9.yaml:N
  about     core group 2026-06-24
  period    plan period 1
  anchor    the minutes being circulated: core group of 2026-06-24, Mon 29 Jun 2026 (s9-three-children/meetings.yaml:7)
  count     5 working days after Mon 29 Jun 2026, the anchor day not counted; 5 working days counted in the england-and-wales calendar
  skipped   2 weekend days: Sat 4 Jul, Sun 5 Jul
  due       Mon 6 Jul 2026
  met       the plan signed by every member who must sign Fri 3 Jul 2026 (signature of dad, s9-three-children/plan.yaml:84)
  status    met on time (as of Mon 23 Nov 2026)
`)
}

// An event rule in calendar days: ch7's core group within 10 days of the birth (Fri 28 Aug 2026)
// = Mon 7 Sep; the core group of Fri 4 Sep meets it.
func TestEventCalendarDays(t *testing.T) {
	ds := explainExample(t, "ch7-pre-birth-born", "pre-birth-core-group", "b")
	same(t, text(t, ds), `EX-CH7-0001  pre-birth-core-group: Core group after the birth (7.9)
  rule      a core group within 10 days of the birth
            policy core-groups-ch7, embedded:core-groups-ch7.yaml:N
  child     b
  period    plan period 1
  anchor    the birth: child b, Fri 28 Aug 2026 (ch7-pre-birth-born/plan.yaml:11)
  count     10 days after Fri 28 Aug 2026, the anchor day not counted
  due       Mon 7 Sep 2026
  met       core group, Fri 4 Sep 2026 (ch7-pre-birth-born/meetings.yaml:45)
  status    met on time (as of Mon 23 Nov 2026)
`)
}

// A chain over a bank holiday: Tia seen, the link from the home visit of Thu 27 Aug 2026: 28 Aug,
// (29-30 Aug weekend, Mon 31 Aug Summer bank holiday), 1-4 Sep, (5-6 Sep), 7-11 Sep = Fri 11 Sep;
// the home visit of Wed 9 Sep meets it.
func TestChainBankHoliday(t *testing.T) {
	d := pick(t, explainExample(t, "s9-three-children", "child-seen", "t"), "since 2026-08-27")
	same(t, text(t, []explain.Derivation{d}), `EX-S9-0001  child-seen: Child seen (9.3.30)
  rule      a visit at least every 10 working days, counted from the child coming onto the plan (or the birth); a conference's visit_every replaces it
            policy core-groups-s9, embedded:core-groups-s9.yaml:N
  child     t
  about     since 2026-08-27
  period    plan period 1
  anchor    the previous visit: home visit, Thu 27 Aug 2026 (s9-three-children/visits.yaml:15)
  interval  the policy's 10 working days; no conference set visit_every
  count     10 working days after Thu 27 Aug 2026, the anchor day not counted; 10 working days counted in the england-and-wales calendar
  skipped   4 weekend days: Sat 29 Aug, Sun 30 Aug, Sat 5 Sep, Sun 6 Sep
            Mon 31 Aug 2026: Summer bank holiday (bank holiday)
  due       Fri 11 Sep 2026
  met       home visit, Wed 9 Sep 2026 (s9-three-children/visits.yaml:16)
  status    met on time (as of Mon 23 Nov 2026)
`)
	if got := explain.Short(d); got != "10 working days after home visit, Thu 27 Aug 2026 (../../../examples/s9-three-children/visits.yaml:15), skipping 4 weekend days and Mon 31 Aug 2026 (Summer bank holiday); met Wed 9 Sep 2026 (../../../examples/s9-three-children/visits.yaml:16)" {
		t.Errorf("short: %s", got)
	}
}

// A chain with the conference's override: booking's cadence. The initial conference (plan.yaml:14)
// set 4 weeks; the review of Tue 14 Jul (plan.yaml:22) set 6 weeks, for links starting on or
// after it. The link from Thu 18 Jun keeps 4 weeks (due Thu 16 Jul, met late by the core group of
// Thu 23 Jul); the link from Thu 15 Oct is 6 weeks (due Thu 26 Nov) and the core group moved to
// Thu 3 Dec is booked after it.
func TestChainOverride(t *testing.T) {
	ds := explainExample(t, "booking-cadence-set-by-conference", "core-group-cadence", "")
	same(t, text(t, []explain.Derivation{pick(t, ds, "since 2026-06-18"), pick(t, ds, "since 2026-10-15")}), `EX-BK-0001  core-group-cadence: Core group at the frequency the conference set (action 2)
  rule      a core group at the frequency the conference sets, counted from the first core group; a conference's core_group_every replaces it
            policy core-group-booking, embedded:core-group-booking.yaml:N
  about     since 2026-06-18
  period    plan period 1
  anchor    the previous core group: core group, Thu 18 Jun 2026 (booking-cadence-set-by-conference/meetings.yaml:31)
  override  core_group_every: 4 weeks, set by the initial conference, Tue 14 Apr 2026 (booking-cadence-set-by-conference/plan.yaml:14)
  count     4 weeks after Thu 18 Jun 2026, the anchor day not counted
  due       Thu 16 Jul 2026
  met       core group, Thu 23 Jul 2026 (booking-cadence-set-by-conference/meetings.yaml:43)
  status    met late, by 7 days (as of Mon 23 Nov 2026)

EX-BK-0001  core-group-cadence: Core group at the frequency the conference set (action 2)
  rule      a core group at the frequency the conference sets, counted from the first core group; a conference's core_group_every replaces it
            policy core-group-booking, embedded:core-group-booking.yaml:N
  about     since 2026-10-15
  period    plan period 1
  anchor    the previous core group: core group, Thu 15 Oct 2026 (booking-cadence-set-by-conference/meetings.yaml:69)
  override  core_group_every: 6 weeks, set by the review conference, Tue 14 Jul 2026 (booking-cadence-set-by-conference/plan.yaml:22)
  count     6 weeks after Thu 15 Oct 2026, the anchor day not counted
  due       Thu 26 Nov 2026
  booked    booked: core group, Thu 3 Dec 2026 (booking-cadence-set-by-conference/meetings.yaml:82), after the due date: a foreseeable breach
  status    due in 3 days, within the horizon (as of Mon 23 Nov 2026)
`)
}

// A chain's later interval: s9's cadence becomes 2 months from the first review (Thu 10 Sep); the
// link from Tue 20 Oct is due Sun 20 Dec, which month counting does not move.
func TestChainThenInterval(t *testing.T) {
	d := pick(t, explainExample(t, "s9-three-children", "core-group-cadence", ""), "since 2026-10-20")
	got := text(t, []explain.Derivation{d})
	for _, want := range []string{
		"  interval  the policy's 2 months from the first review conference on: review conference, Thu 10 Sep 2026 (s9-three-children/plan.yaml:27); no conference set core_group_every\n",
		"  count     2 months after Tue 20 Oct 2026, the anchor day not counted\n",
		"  note      falls on a Sunday: months are calendar days, so the date does not move\n",
		"  due       Sun 20 Dec 2026\n",
		"  booked    booked: core group, Tue 15 Dec 2026 (s9-three-children/meetings.yaml:61)\n",
		"  status    open: due in 27 days (as of Mon 23 Nov 2026)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// A run: s9's second run of no-access home visits (Mon 16, Wed 18 Nov) is due an escalation the
// day of the second visit, and none was recorded: overdue by 5 days on Mon 23 Nov.
func TestRun(t *testing.T) {
	d := pick(t, explainExample(t, "s9-three-children", "no-access-escalation", ""), "no access 2026-11-16, 2026-11-18")
	same(t, text(t, []explain.Derivation{d}), `EX-S9-0001  no-access-escalation: Manager told after two home visits with no access (9.5.3)
  rule      after 2 consecutive home visits with no access, an escalation (no-access) on the second event of the run
            policy core-groups-s9, embedded:core-groups-s9.yaml:N
  about     no access 2026-11-16, 2026-11-18
  period    plan period 1
  anchor    the second event of the run: no-access home visit, Wed 18 Nov 2026 (s9-three-children/visits.yaml:23)
  count     due on the day of the anchor
  due       Wed 18 Nov 2026
  status    overdue by 5 days (as of Mon 23 Nov 2026)
`)
}

// A window anchored on another rule's due date: the bedroom seen between the review of Thu 10
// Sep 2026 and the next, due on that review's own review date (10 Sep + 6 months = Wed 10 Mar
// 2027), met by the home visit of Tue 22 Sep.
func TestWindow(t *testing.T) {
	d := pick(t, explainExample(t, "s9-three-children", "bedroom-seen", ""), "review conference 2026-09-10")
	same(t, text(t, []explain.Derivation{d}), `EX-S9-0001  bedroom-seen: Child's bedroom seen between conferences (9.4.6)
  rule      a visit between each conference and the next, on the review-conference due date
            policy core-groups-s9, embedded:core-groups-s9.yaml:N
  about     review conference 2026-09-10
  period    plan period 1
  anchor    the review-conference due date: counted from the review conference of 2026-09-10, Wed 10 Mar 2027 (s9-three-children/plan.yaml:27)
  count     due on the day of the anchor
  due       Wed 10 Mar 2027
  met       home visit, Tue 22 Sep 2026 (s9-three-children/visits.yaml:17)
  status    met on time (as of Mon 23 Nov 2026)
`)
}

// No due date: ch7's unborn baby (waiting for the birth) and booking's circulation of the
// 15 Oct minutes (the procedure gives no number).
func TestNoDueDate(t *testing.T) {
	ds := explainExample(t, "ch7-pre-birth-waiting", "pre-birth-core-group", "")
	same(t, text(t, ds), `EX-CH7-0002  pre-birth-core-group: Core group after the birth (7.9)
  rule      a core group within 10 days of the birth
            policy core-groups-ch7, embedded:core-groups-ch7.yaml:N
  child     u
  period    plan period 1
  anchor    child u (ch7-pre-birth-waiting/plan.yaml:9)
  why       counted from the birth, which has not happened
  status    waiting: the anchor has not happened yet (as of Mon 23 Nov 2026)
`)
	d := pick(t, explainExample(t, "booking-cadence-set-by-conference", "record-circulated", ""), "core group 2026-10-15")
	got := text(t, []explain.Derivation{d})
	for _, want := range []string{
		"  anchor    the manager approving the minutes: core group of 2026-10-15, Tue 27 Oct 2026 (booking-cadence-set-by-conference/meetings.yaml:69)\n",
		"  why       the procedure gives no number (TBD in the policy)\n",
		"  status    no timescale set (as of Mon 23 Nov 2026)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// Every obligation of every example: the count agrees with the engine's due date, a working-day
// count counts exactly its days (day-0), and no skipped day is a working day.
func TestEveryExampleAgrees(t *testing.T) {
	dirs, err := os.ReadDir(filepath.Join("..", "..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range dirs {
		if _, err := os.Stat(filepath.Join("..", "..", "..", "examples", e.Name(), "plan.yaml")); err != nil {
			continue
		}
		c, p := example(t, e.Name())
		for _, d := range explain.Case(c, p, explain.Options{AsOf: asOf}) {
			n++
			o := d.Obligation
			if o.Due.IsZero() != (d.Count == nil) {
				t.Errorf("%s %s %s: due %v but count %v", o.Case, o.Rule, o.Detail, o.Due, d.Count)
				continue
			}
			if d.Count == nil {
				continue
			}
			if !d.Count.Agrees {
				t.Errorf("%s %s %s: %s after %s is not %s", o.Case, o.Rule, o.Detail, d.Count.Within, d.Count.From, o.Due)
			}
			if d.Count.Within.Unit == duration.WorkingDays && d.Count.Counted != d.Count.Within.N {
				t.Errorf("%s %s %s: counted %d of %s", o.Case, o.Rule, o.Detail, d.Count.Counted, d.Count.Within)
			}
			for _, s := range d.Count.Skipped {
				if p.Calendar.IsWorkingDay(s.Date) {
					t.Errorf("%s %s: skipped a working day %s", o.Case, o.Rule, s.Date)
				}
			}
			if r := p.Rule(o.Rule); r == nil || d.RuleAt != r.Pos || d.RuleAt.Line == 0 {
				t.Errorf("%s %s: rule at %v", o.Case, o.Rule, d.RuleAt)
			}
			if d.Anchor.At.Line == 0 {
				t.Errorf("%s %s %s: no anchor position", o.Case, o.Rule, o.Detail)
			}
			if (d.Met == nil) != o.Met.IsZero() || (d.Met != nil && d.Met.At.Line == 0) {
				t.Errorf("%s %s %s: met %v without a record", o.Case, o.Rule, o.Detail, o.Met)
			}
			if (d.Booked == nil) != o.Booked.IsZero() || (d.Booked != nil && d.Booked.At.Line == 0) {
				t.Errorf("%s %s %s: booked %v without a record", o.Case, o.Rule, o.Detail, o.Booked)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d obligations explained", n)
	}
}

// A closure and a day-1 count: a local policy closing the office on Tue 29 Dec 2026 and counting
// the anchor day as day 1. 5 working days from Wed 23 Dec: 23 (day 1), 24, (25 Christmas Day,
// 26-27 weekend, 28 Boxing Day substitute, 29 closure), 30, 31 Dec, (1 Jan New Year's Day, 2-3
// Jan weekend), Mon 4 Jan 2027 (day 5).
func TestClosureDay1(t *testing.T) {
	p, d := policy.Load("local.yaml", []byte(`id: local
title: Local
jurisdiction: england-and-wales
counting: day-1
closures:
  - {date: 2026-12-29, name: Office closure}
rules:
  - id: first-core-group
    title: First core group
    cite: "1.1"
    kind: event
    for: period
    after: period-start
    within: 5 working days
    event: core-group
`), "local.yaml")
	if p == nil {
		t.Fatal(d)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "plan.yaml"), []byte("case: T-1\nchildren: [{id: a, born: 2020-01-01}]\nconferences:\n  - {kind: initial, date: 2026-12-23, decision: plan}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, cd := casefolder.Load(dir, civil.MustParse("2026-12-24"))
	if cd.Errors() > 0 {
		t.Fatal(cd)
	}
	ds := explain.Case(c, p, explain.Options{AsOf: civil.MustParse("2026-12-24")})
	if len(ds) != 1 {
		t.Fatalf("%d derivations", len(ds))
	}
	k := ds[0].Count
	if ds[0].Obligation.Due != civil.MustParse("2027-01-04") || !k.Agrees || k.Counted != 5 || k.Counting != duration.Day1 {
		t.Fatalf("due %s, count %+v", ds[0].Obligation.Due, k)
	}
	var got []string
	for _, s := range k.Skipped {
		got = append(got, s.Date.String()+" "+s.Why+" "+s.Name)
	}
	want := []string{
		"2026-12-25 bank holiday Christmas Day",
		"2026-12-26 weekend ",
		"2026-12-27 weekend ",
		"2026-12-28 bank holiday Boxing Day (substitute day)",
		"2026-12-29 closure Office closure",
		"2027-01-01 bank holiday New Year’s Day",
		"2027-01-02 weekend ",
		"2027-01-03 weekend ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var b bytes.Buffer
	if err := explain.JSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	count := out[0]["count"].(map[string]any)
	if count["within"] != "5 working days" || count["from"] != "2026-12-23" || count["counting"] != "day-1" || count["working_days_counted"] != 5.0 || len(count["skipped"].([]any)) != 8 {
		t.Errorf("json count: %v", count)
	}
	if out[0]["due"] != "2027-01-04" || out[0]["status"] != "due" || out[0]["kind"] != "event" {
		t.Errorf("json: %v", out[0])
	}
}

// Text from a file cannot redraw a terminal.
func TestTextDropsControls(t *testing.T) {
	ds := explainExample(t, "s9-three-children", "first-core-group", "")
	ds[0].Obligation.Title = "First\x1b[2J core\rgroup"
	if got := text(t, ds); strings.ContainsAny(got, "\x1b\r") {
		t.Errorf("control characters kept: %q", got)
	}
}

// A due date counted back from its anchor (before:): 10 working days before the review booked
// for Thu 1 Oct 2026: 30, 29, 28, 25, 24, 23, 22, 21, 18, 17 Sep (the weekends 26-27 and 19-20
// Sep passed over) = Thu 17 Sep. The count says "before" and agrees with the engine.
func TestBeforeAnchor(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"plan.yaml": `case: X-B
children: [{id: a, born: 2019-04-02}]
conferences:
  - {kind: initial, date: 2026-04-01, decision: plan}
  - {kind: review, date: 2026-10-01, decision: continue}
`,
		"meetings.yaml": "meetings:\n  - {date: 2026-09-21, kind: core-group}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	day := civil.MustParse("2026-09-25")
	c, d := casefolder.Load(dir, day)
	if d.Errors() > 0 {
		t.Fatal(d)
	}
	p, pd := policy.Load("b.yaml", []byte(`id: b
title: B
jurisdiction: england-and-wales
rules:
  - {id: before, title: Before review, cite: "1", kind: event, for: conference, conference: {kind: initial}, counted_from: conference, before: next-review-conference, within: 10 working days, event: core-group}
`), "test")
	if p == nil {
		t.Fatal(pd)
	}
	ds := explain.Case(c, p, explain.Options{AsOf: day})
	if len(ds) != 1 || ds[0].Count == nil {
		t.Fatalf("%d derivations", len(ds))
	}
	k := ds[0].Count
	if !k.Before || !k.Agrees || k.Counted != 10 || len(k.Skipped) != 4 || ds[0].Obligation.Due.String() != "2026-09-17" {
		t.Errorf("count %+v, due %s", k, ds[0].Obligation.Due)
	}
	if s := explain.Short(ds[0]); !strings.Contains(s, "10 working days before") {
		t.Errorf("short: %s", s)
	}
}

// A rule with a target and a limit: the explanation gives the limit and whether it was kept.
// Chain every month, limit 6 weeks, from the core group of Mon 9 Mar 2026: target Thu 9 Apr,
// limit Mon 20 Apr; the core group of Tue 14 Apr meets it late, within the limit.
func TestLimit(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"plan.yaml":     "case: X-L\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n  - {kind: initial, date: 2026-03-02, decision: plan}\n",
		"meetings.yaml": "meetings:\n  - {date: 2026-03-09, kind: core-group}\n  - {date: 2026-04-14, kind: core-group}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	day := civil.MustParse("2026-04-15")
	c, d := casefolder.Load(dir, day)
	if d.Errors() > 0 {
		t.Fatal(d)
	}
	p, pd := policy.Load("l.yaml", []byte("id: l\ntitle: L\njurisdiction: england-and-wales\nrules:\n  - {id: monthly, title: Monthly, cite: \"1\", kind: chain, for: period, starts_at: core-group:1, event: core-group, every: 1 month, limit: 6 weeks}\n"), "test")
	if p == nil {
		t.Fatal(pd)
	}
	ds := explain.Case(c, p, explain.Options{AsOf: day})
	var b bytes.Buffer
	if err := explain.Text(&b, ds[:1]); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "limit     Mon 20 Apr 2026, the rule's outer limit; within it") {
		t.Errorf("no limit line in:\n%s", b.String())
	}
}
