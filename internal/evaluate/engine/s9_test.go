package engine_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// leadCase writes the files of a case into a temporary folder and loads it; it fails the test on
// any format error.
func leadCase(t *testing.T, asOf string, files map[string]string) *casefolder.Case {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, d := casefolder.Load(dir, civil.MustParse(asOf))
	if d.Errors() > 0 {
		t.Fatalf("case does not load: %v", d)
	}
	return c
}

// leadPolicy loads a shipped policy file.
func leadPolicy(t *testing.T, id string) *policy.Policy {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "policies", id+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, d := policy.Load(id+".yaml", data, "test")
	if p == nil {
		t.Fatalf("policy does not load: %v", d)
	}
	return p
}

// leadLines renders obligations as "rule child due status met=D booked=D days=N", sorted, so a
// whole evaluation compares as one list.
func leadLines(obs []engine.Obligation) []string {
	var out []string
	for _, o := range obs {
		child := o.Child
		if child == "" {
			child = "-"
		}
		due := o.Due.String()
		if due == "" {
			due = "-"
		}
		s := o.Rule + " " + child + " " + due + " " + string(o.Status)
		if !o.Met.IsZero() {
			s += " met=" + o.Met.String()
		}
		if !o.Booked.IsZero() {
			s += " booked=" + o.Booked.String()
			if o.BookedLate {
				s += "!"
			}
		}
		if o.HasDays {
			s += " days=" + itoa(o.Days)
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func leadCompare(t *testing.T, got []engine.Obligation, want []string) {
	t.Helper()
	g := leadLines(got)
	w := append([]string(nil), want...)
	sort.Strings(w)
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Errorf("obligations differ\n got:\n  %s\nwant:\n  %s", strings.Join(g, "\n  "), strings.Join(w, "\n  "))
	}
}

// A running core-groups-s9 plan, as of Mon 23 Nov 2026, covering every rule id of the policy.
// England and Wales; no bank holiday falls in the working-day counts below except where noted.
//
// Initial conference Mon 1 Jun 2026 (children a, b and the unborn c); review Tue 1 Sep 2026
// continues the plan and sets visit_every: 4 weeks. A review is booked for Sat 20 Feb 2027.
//
// first-core-group (9.2.4): 10 working days after Mon 1 Jun: 2,3,4,5,8,9,10,11,12,15 Jun -> Mon 15
// Jun. Core group Thu 11 Jun: met.
//
// core-group-cadence (9.2.4): chain from the first core group (11 Jun).
//   - link from Thu 11 Jun, 6 weeks -> Thu 23 Jul; core group Mon 20 Jul: met.
//   - link from Mon 20 Jul (before the first review), 6 weeks -> Mon 31 Aug; core group Thu 3
//     Sep: late by 3 days.
//   - link from Thu 3 Sep (on or after the first review on 1 Sep), 2 months -> Tue 3 Nov; core
//     group Mon 2 Nov: met.
//   - link from Mon 2 Nov, 2 months -> Sat 2 Jan 2027: open, 40 days; booked core group Mon 14
//     Dec 2026 shown beside it.
//
// core-assessment (9.3.1): started Mon 1 Jun; 35 working days: June 2-5 (4), 8-12 (9), 15-19
// (14), 22-26 (19), 29-30 (21), July 1-3 (24), 6-10 (29), 13-17 (34), 20 (35) -> Mon 20 Jul.
// Completed Fri 24 Jul: late by 4 days.
//
// record-circulated (9.3.26), 5 working days after each core group:
//   - Thu 11 Jun: 12,15,16,17,18 -> Thu 18 Jun; circulated 16 Jun: met.
//   - Mon 20 Jul: 21,22,23,24,27 -> Mon 27 Jul; circulated Wed 29 Jul: late by 2.
//   - Thu 3 Sep: 4,7,8,9,10 -> Thu 10 Sep; circulated 10 Sep: met.
//   - Mon 2 Nov: 3,4,5,6,9 -> Mon 9 Nov; not circulated: overdue by 14 days.
//
// agreement-signed (9.3.26): plan.agreed 11 Jun is the core group of 11 Jun; its notes were
// circulated Tue 16 Jun, so signatures are due 5 working days later: 17,18,19,22,23 -> Tue 23 Jun.
// Members active on 11 Jun, not excluded, not the child: sw1, tm1, mum, hv1 (gp1 joined 1 Sep;
// kid has role child). The last of them signed Wed 24 Jun: late by 1. gp1's signature of 5 Sep
// does not count against it.
//
// child-seen (9.3.30): per child, chain from the period start (1 Jun), 10 working days; from the
// review on 1 Sep the conference's visit_every (4 weeks) replaces it.
//
//	a: seen 10 Jun, 26 Jun, 1 Sep, 28 Sep, 20 Nov (a school visit on 28 Sep counts: any visit).
//	  - from Mon 1 Jun -> Mon 15 Jun; seen Wed 10 Jun: met.
//	  - from Wed 10 Jun: 11,12,15,16,17,18,19,22,23,24 -> Wed 24 Jun; seen Fri 26 Jun: late 2.
//	  - from Fri 26 Jun: 29,30 Jun, 1,2,3,6,7,8,9,10 Jul -> Fri 10 Jul; seen Tue 1 Sep: late 53.
//	  - from Tue 1 Sep, 4 weeks -> Tue 29 Sep; seen Mon 28 Sep: met.
//	  - from Mon 28 Sep, 4 weeks -> Mon 26 Oct; seen Fri 20 Nov: late 25.
//	  - from Fri 20 Nov, 4 weeks -> Fri 18 Dec: open, 25 days.
//	b: seen 10 Jun and Mon 2 Nov.
//	  - from 1 Jun -> 15 Jun; met 10 Jun.
//	  - from Wed 10 Jun (still 10 working days) -> 24 Jun; met 2 Nov: late 131.
//	  - from Mon 2 Nov, 4 weeks -> Mon 30 Nov: due in 7 days.
//	c: unborn: waiting for the birth.
//
// seen-alone (9.4.6): home visit by the lead social worker (sw1) with the child in alone, every
// 6 weeks (visit_every does not change it).
//
//	a: alone at home with sw1 on 26 Jun and 1 Sep; alone at school on 28 Sep and at home with
//	   hv1 on 20 Nov do not count.
//	  - from Mon 1 Jun + 42 days -> Mon 13 Jul; met 26 Jun.
//	  - from Fri 26 Jun -> Fri 7 Aug; met Tue 1 Sep: late 25.
//	  - from Tue 1 Sep -> Tue 13 Oct: overdue 41 days.
//	b: never alone: from 1 Jun -> 13 Jul: overdue 133 days. c: waiting.
//
// bedroom-seen (9.4.6): per conference but the one that ends the plan.
//   - initial 1 Jun: due when the review link from it is due, 3 months -> Tue 1 Sep; bedroom
//     seen 10 Jun: met.
//   - review 1 Sep: due 6 months later -> Mon 1 Mar 2027; not yet: open, 98 days.
//
// review-conference (9.4.11): from 1 Jun, 3 months -> 1 Sep; review 1 Sep: met. From 1 Sep, 6
// months -> 1 Mar 2027: open 98 days, booked 20 Feb 2027.
//
// no-access-escalation (9.5.3): home visits with no access Wed 1 Jul and Fri 3 Jul: due Fri 3 Jul;
// escalation (no-access) Mon 6 Jul: late by 3. Home no-access Mon 5 Oct, a school visit Wed 7 Oct
// (not a home visit: does not end the run), home no-access Fri 9 Oct: due 9 Oct, no escalation
// since: overdue 45 days.
//
// action-due (9.2.1): plan action a1 due 1 Jul, done 30 Jun: met. Meeting action m1 (2 Nov) due
// Mon 30 Nov: due in 7 days. The booked meeting's action (due 20 Dec) is not counted.
func TestS9RunningPlan(t *testing.T) {
	c := leadCase(t, "2026-11-23", map[string]string{
		"plan.yaml": `case: S9-T1
policy: core-groups-s9
children:
  - {id: a, born: 2018-05-01}
  - {id: b, born: 2021-02-10}
  - {id: c, expected: 2027-01-10}
conferences:
  - {kind: initial, date: 2026-06-01, decision: plan, lead: sw1}
  - {kind: review, date: 2026-09-01, decision: continue, visit_every: 4 weeks}
  - {kind: review, date: 2027-02-20, decision: continue}
core_assessment: {started: 2026-06-01, completed: 2026-07-24}
plan:
  agreed: 2026-06-11
  sections: {needs: x, outcomes: x, contingency: x, views-child: x, views-family: x}
  actions:
    - {id: a1, text: Nursery place, owner: sw1, due: 2026-07-01, done: 2026-06-30}
  signed: {sw1: 2026-06-12, tm1: 2026-06-15, mum: 2026-06-22, hv1: 2026-06-24, gp1: 2026-09-05}
escalations:
  - {date: 2026-07-06, reason: no-access, to: tm1}
`,
		"members.yaml": `members:
  - {id: sw1, role: lead-social-worker}
  - {id: tm1, role: team-manager}
  - {id: mum, role: parent}
  - {id: hv1, role: health-visitor}
  - {id: kid, role: child}
  - {id: gp1, role: gp, from: 2026-09-01}
`,
		"meetings.yaml": `meetings:
  - {date: 2026-06-11, kind: core-group, chair: tm1, record: {circulated: 2026-06-16}}
  - {date: 2026-07-20, kind: core-group, chair: sw1, record: {circulated: 2026-07-29}}
  - {date: 2026-09-03, kind: core-group, chair: sw1, record: {circulated: 2026-09-10}}
  - date: 2026-11-02
    kind: core-group
    chair: sw1
    actions: [{id: m1, text: Health check, owner: hv1, due: 2026-11-30}]
  - date: 2026-12-14
    kind: core-group
    actions: [{id: m2, text: Booked, owner: hv1, due: 2026-12-20}]
`,
		"visits.yaml": `visits:
  - {date: 2026-06-10, by: sw1, kind: home, seen: [a, b], bedroom: true}
  - {date: 2026-06-26, by: sw1, kind: home, seen: [a], alone: [a]}
  - {date: 2026-07-01, by: sw1, kind: home, no_access: true}
  - {date: 2026-07-03, by: sw1, kind: home, no_access: true}
  - {date: 2026-09-01, by: sw1, kind: home, seen: [a], alone: [a]}
  - {date: 2026-09-28, by: sw1, kind: school, seen: [a], alone: [a]}
  - {date: 2026-10-05, by: sw1, kind: home, no_access: true}
  - {date: 2026-10-07, by: hv1, kind: school, seen: []}
  - {date: 2026-10-09, by: sw1, kind: home, no_access: true}
  - {date: 2026-11-02, by: hv1, kind: home, seen: [b]}
  - {date: 2026-11-20, by: hv1, kind: home, seen: [a], alone: [a]}
`,
	})
	obs := engine.Evaluate(c, leadPolicy(t, "core-groups-s9"), engine.Options{AsOf: civil.MustParse("2026-11-23")})
	leadCompare(t, obs, []string{
		"first-core-group - 2026-06-15 met met=2026-06-11 days=0",
		"core-group-cadence - 2026-07-23 met met=2026-07-20 days=0",
		"core-group-cadence - 2026-08-31 late met=2026-09-03 days=3",
		"core-group-cadence - 2026-11-03 met met=2026-11-02 days=0",
		"core-group-cadence - 2027-01-02 open booked=2026-12-14 days=40",
		"core-assessment - 2026-07-20 late met=2026-07-24 days=4",
		"record-circulated - 2026-06-18 met met=2026-06-16 days=0",
		"record-circulated - 2026-07-27 late met=2026-07-29 days=2",
		"record-circulated - 2026-09-10 met met=2026-09-10 days=0",
		"record-circulated - 2026-11-09 overdue days=14",
		"agreement-signed - 2026-06-23 late met=2026-06-24 days=1",
		"child-seen a 2026-06-15 met met=2026-06-10 days=0",
		"child-seen a 2026-06-24 late met=2026-06-26 days=2",
		"child-seen a 2026-07-10 late met=2026-09-01 days=53",
		"child-seen a 2026-09-29 met met=2026-09-28 days=0",
		"child-seen a 2026-10-26 late met=2026-11-20 days=25",
		"child-seen a 2026-12-18 open days=25",
		"child-seen b 2026-06-15 met met=2026-06-10 days=0",
		"child-seen b 2026-06-24 late met=2026-11-02 days=131",
		"child-seen b 2026-11-30 due days=7",
		"child-seen c - waiting",
		"seen-alone a 2026-07-13 met met=2026-06-26 days=0",
		"seen-alone a 2026-08-07 late met=2026-09-01 days=25",
		"seen-alone a 2026-10-13 overdue days=41",
		"seen-alone b 2026-07-13 overdue days=133",
		"seen-alone c - waiting",
		"bedroom-seen - 2026-09-01 met met=2026-06-10 days=0",
		"bedroom-seen - 2027-03-01 open days=98",
		"review-conference - 2026-09-01 met met=2026-09-01 days=0",
		"review-conference - 2027-03-01 open booked=2027-02-20 days=98",
		"no-access-escalation - 2026-07-03 late met=2026-07-06 days=3",
		"no-access-escalation - 2026-10-09 overdue days=45",
		"action-due - 2026-07-01 met met=2026-06-30 days=0",
		"action-due - 2026-11-30 due days=7",
	})
}

// An s9 plan that ended and started again, as of Mon 23 Nov 2026: missed and dropped obligations
// at the end of the first period, fresh clocks in the second.
//
// Period 1: initial Mon 2 Mar 2026; review Tue 26 May ends it (child a only).
//   - first-core-group: 3,4,5,6,9,10,11,12,13,16 Mar -> Mon 16 Mar; core group Fri 20 Mar: late 4.
//   - core-group-cadence: from Fri 20 Mar + 6 weeks -> Fri 1 May; no core group before the end on
//     26 May: missed (due before the end), 25 days after the due date.
//   - review-conference: from 2 Mar + 3 months -> Tue 2 Jun; review 26 May: met. Its next link
//     (from 26 May, due 26 Nov) falls after the end: dropped.
//   - child-seen a: from 2 Mar -> 16 Mar, seen Tue 10 Mar: met; from 10 Mar: 11,12,13,16,17,18,19,
//     20,23,24 Mar -> Tue 24 Mar; not seen again before the end: missed, 63 days before the end.
//   - seen-alone a: from 2 Mar + 42 days -> Mon 13 Apr: missed (43 days).
//   - bedroom-seen: the initial conference's window closes at the review of 26 May, held without a
//     bedroom visit: missed although due 2 Jun (after the end).
//   - record-circulated: core group Fri 20 Mar: 23,24,25,26,27 -> Fri 27 Mar; never circulated:
//     missed (60 days).
//
// Period 2: initial Mon 7 Sep 2026.
//   - first-core-group: 8,9,10,11,14,15,16,17,18,21 Sep -> Mon 21 Sep; core group Tue 15 Sep: met.
//   - core-group-cadence: from 15 Sep + 6 weeks -> Tue 27 Oct; core group 27 Oct: met. From 27
//     Oct -> Tue 8 Dec: open, 15 days (beyond the 14-day horizon ending Mon 7 Dec).
//   - review-conference: from 7 Sep + 3 months -> Mon 7 Dec: due in 14 days (the horizon ends on
//     7 Dec, today counted as day 0 of it: 23 Nov + 14 days).
//   - child-seen a: from 7 Sep -> 21 Sep, seen Fri 18 Sep: met; from 18 Sep: 21,22,23,24,25,28,
//     29,30 Sep, 1,2 Oct -> Fri 2 Oct; seen Thu 19 Nov: late 48; from 19 Nov: 20,23,24,25,26,27,
//     30 Nov, 1,2,3 Dec -> Thu 3 Dec: due in 10 days.
//   - seen-alone a: from 7 Sep + 42 days -> Mon 19 Oct; alone at home with sw1 19 Nov: late 31;
//     from 19 Nov -> Thu 31 Dec: open, 38 days.
//   - bedroom-seen: from 7 Sep, due with the review link, 7 Dec; bedroom seen 18 Sep: met.
//   - record-circulated: Tue 15 Sep -> 16,17,18,21,22 -> Tue 22 Sep, circulated 21 Sep: met;
//     Tue 27 Oct -> 28,29,30 Oct, 2,3 Nov -> Tue 3 Nov, circulated Wed 4 Nov: late 1.
//
// agreement-signed: no plan.agreed, so no core group held on it: no obligation.
// action-due is case level and a period is running: a1 due Fri 1 May, not done: overdue 206 days.
func TestS9EndedAndRestarted(t *testing.T) {
	c := leadCase(t, "2026-11-23", map[string]string{
		"plan.yaml": `case: S9-T2
policy: core-groups-s9
children: [{id: a, born: 2019-01-01}]
conferences:
  - {kind: initial, date: 2026-03-02, decision: plan, lead: sw1}
  - {kind: review, date: 2026-05-26, decision: end}
  - {kind: initial, date: 2026-09-07, decision: plan}
plan:
  actions: [{id: a1, text: Refer, owner: sw1, due: 2026-05-01}]
`,
		"members.yaml": `members:
  - {id: sw1, role: lead-social-worker}
  - {id: tm1, role: team-manager}
`,
		"meetings.yaml": `meetings:
  - {date: 2026-03-20, kind: core-group, chair: tm1}
  - {date: 2026-09-15, kind: core-group, chair: tm1, record: {circulated: 2026-09-21}}
  - {date: 2026-10-27, kind: core-group, chair: sw1, record: {circulated: 2026-11-04}}
`,
		"visits.yaml": `visits:
  - {date: 2026-03-10, by: sw1, kind: home, seen: [a]}
  - {date: 2026-09-18, by: sw1, kind: home, seen: [a], bedroom: true}
  - {date: 2026-11-19, by: sw1, kind: home, seen: [a], alone: [a]}
`,
	})
	obs := engine.Evaluate(c, leadPolicy(t, "core-groups-s9"), engine.Options{AsOf: civil.MustParse("2026-11-23")})
	leadCompare(t, obs, []string{
		"first-core-group - 2026-03-16 late met=2026-03-20 days=4",
		"core-group-cadence - 2026-05-01 missed days=25",
		"review-conference - 2026-06-02 met met=2026-05-26 days=0",
		"child-seen a 2026-03-16 met met=2026-03-10 days=0",
		"child-seen a 2026-03-24 missed days=63",
		"seen-alone a 2026-04-13 missed days=43",
		"bedroom-seen - 2026-06-02 missed days=0",
		"record-circulated - 2026-03-27 missed days=60",
		"first-core-group - 2026-09-21 met met=2026-09-15 days=0",
		"core-group-cadence - 2026-10-27 met met=2026-10-27 days=0",
		"core-group-cadence - 2026-12-08 open days=15",
		"review-conference - 2026-12-07 due days=14",
		"child-seen a 2026-09-21 met met=2026-09-18 days=0",
		"child-seen a 2026-10-02 late met=2026-11-19 days=48",
		"child-seen a 2026-12-03 due days=10",
		"seen-alone a 2026-10-19 late met=2026-11-19 days=31",
		"seen-alone a 2026-12-31 open days=38",
		"bedroom-seen - 2026-12-07 met met=2026-09-18 days=0",
		"record-circulated - 2026-09-22 met met=2026-09-21 days=0",
		"record-circulated - 2026-11-03 late met=2026-11-04 days=1",
		"action-due - 2026-05-01 overdue days=206",
	})
}
