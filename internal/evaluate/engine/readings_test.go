package engine_test

import (
	"testing"

	"github.com/cpcase/cpcase/internal/evaluate/engine"
)

// Three readings on cases where a plan runs for several children at once: which conferences a
// window opens at and what it is due by, an unborn child's own end, and who a decision adds. Dates
// worked by hand; England and Wales bank holidays of 2026: 1 Jan, 3 Apr, 6 Apr, 4 May, 25 May,
// 31 Aug, 25 Dec, 28 Dec.

// onlyRules keeps the obligations of the rules named.
func onlyRules(obs []engine.Obligation, rules ...string) []engine.Obligation {
	var out []engine.Obligation
	for _, o := range obs {
		for _, r := range rules {
			if o.Rule == r {
				out = append(out, o)
			}
		}
	}
	return out
}

const readingsMembers = `members:
  - {id: sw1, role: lead-social-worker}
  - {id: mum, role: parent}
`

// bedroom-seen (9.4.6, "at least once between each conference") has a row for every held
// conference of the period but the one that ends it; its due date is that of the
// review-conference link open on the conference's date: the link that starts there, or where
// none starts, the one already running.
//
// Initial conference Mon 5 Jan 2026 for a; pre-birth conference Mon 2 Feb (plan) for baby b;
// review Wed 1 Apr; one visit with the bedroom seen, Sat 10 Jan.
//   - 5 Jan: the first review link starts there, 5 Jan + 3 months -> Sun 5 Apr; the window runs
//     to the next conference held, 2 Feb; the visit of 10 Jan meets it.
//   - 2 Feb: no review link starts at a pre-birth conference; the running one (from 5 Jan) is
//     due 5 Apr (not 2 Feb + 3 months = 2 May). Nothing between 2 Feb and 1 Apr: missed at the
//     1 Apr review, 0 days after a due date still to come.
//   - 1 Apr: a review: its own link, 1 Apr + 6 months -> Thu 1 Oct; no later conference: open,
//     as of Thu 2 Apr 182 days away (28 to 30 Apr, +31 May +30 Jun +31 Jul +31 Aug +30 Sep
//     +1 = 182).
//
// Second case, the same but a no-plan initial conference for a sibling c on Mon 2 Mar and a
// transfer-in conference (plan, for a) on Mon 9 Mar, inside the running period: each opens a
// window due by the running link, 5 Apr. 2 Feb's window now closes at 2 Mar, 2 Mar's at 9 Mar,
// 9 Mar's at 1 Apr: all three missed, 0 days.
func TestBedroomSeenAtEveryConference(t *testing.T) {
	visits := `visits:
  - {date: 2026-01-10, by: sw1, kind: home, seen: [a], bedroom: true}
`
	runRules := func(t *testing.T, plan string, want []string) {
		t.Helper()
		obs := evaluateCase(t, "core-groups-s9", "2026-04-02", caseYAML{
			"plan.yaml": plan, "members.yaml": readingsMembers, "visits.yaml": visits,
		})
		checkObligations(t, onlyRules(obs, "bedroom-seen"), want)
	}
	t.Run("pre-birth conference in a running period", func(t *testing.T) {
		runRules(t, `case: R-BED-1
policy: core-groups-s9
children:
  - {id: a, born: 2019-04-02}
  - {id: b, expected: 2026-06-01}
conferences:
  - {kind: initial, date: 2026-01-05, decision: plan, children: [a]}
  - {kind: pre-birth, date: 2026-02-02, decision: plan, children: [b]}
  - {kind: review, date: 2026-04-01, decision: continue}
`, []string{
			"bedroom-seen - 2026-04-05 met met=2026-01-10 days=0 at=plan.yaml:7",
			"bedroom-seen - 2026-04-05 missed days=0 at=plan.yaml:8",
			"bedroom-seen - 2026-10-01 open days=182 at=plan.yaml:9",
		})
	})
	t.Run("no-plan and transfer-in conferences in a running period", func(t *testing.T) {
		runRules(t, `case: R-BED-2
policy: core-groups-s9
children:
  - {id: a, born: 2019-04-02}
  - {id: b, expected: 2026-06-01}
  - {id: c, born: 2020-05-05}
conferences:
  - {kind: initial, date: 2026-01-05, decision: plan, children: [a]}
  - {kind: pre-birth, date: 2026-02-02, decision: plan, children: [b]}
  - {kind: initial, date: 2026-03-02, decision: no-plan, children: [c]}
  - {kind: transfer-in, date: 2026-03-09, decision: plan, children: [a]}
  - {kind: review, date: 2026-04-01, decision: continue}
`, []string{
			"bedroom-seen - 2026-04-05 met met=2026-01-10 days=0 at=plan.yaml:8",
			"bedroom-seen - 2026-04-05 missed days=0 at=plan.yaml:9",
			"bedroom-seen - 2026-04-05 missed days=0 at=plan.yaml:10",
			"bedroom-seen - 2026-04-05 missed days=0 at=plan.yaml:11",
			"bedroom-seen - 2026-10-01 open days=182 at=plan.yaml:12",
		})
	})
}

// pre-birth-core-group (ch7 7.9) ends with the unborn child's own time on the plan: when a review
// ends the plan for the baby only, the period running on for a sibling, the obligation is missed
// at that review and a core group held after it does not meet it.
//
// Initial conference Mon 5 Jan 2026 for a; pre-birth conference Mon 2 Feb (plan) for b.
//   - b born Mon 16 Feb: due 16 Feb + 10 days -> Thu 26 Feb. Review Mon 2 Mar ends the plan for
//     b; core group Thu 5 Mar. Missed at 2 Mar, 4 days after the due date (26 Feb -> 2 Mar,
//     February 2026 has 28 days); not late on 5 Mar.
//   - b born Wed 25 Feb: due 25 Feb + 10 -> Sat 7 Mar, after b's end on 2 Mar: dropped.
//   - b still unborn at the 2 Mar review: waiting, dropped at b's end.
func TestUnbornChildEndsWithItsOwnTime(t *testing.T) {
	plan := func(born string) string {
		b := "  - {id: b, expected: 2026-03-20}\n"
		if born != "" {
			b = "  - {id: b, born: " + born + "}\n"
		}
		return `case: R-UNB
policy: core-groups-ch7
children:
  - {id: a, born: 2019-04-02}
` + b + `conferences:
  - {kind: initial, date: 2026-01-05, decision: plan, children: [a]}
  - {kind: pre-birth, date: 2026-02-02, decision: plan, children: [b]}
  - {kind: review, date: 2026-03-02, decision: end, children: [b]}
`
	}
	meetings := `meetings:
  - {date: 2026-03-05, kind: core-group}
`
	for _, tc := range []struct {
		name, born string
		want       []string
	}{
		{"due before the end: missed", "2026-02-16", []string{"pre-birth-core-group b 2026-02-26 missed days=4"}},
		{"due after the end: dropped", "2026-02-25", nil},
		{"unborn at the end: dropped", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			obs := evaluateCase(t, "core-groups-ch7", "2026-03-10", caseYAML{"plan.yaml": plan(tc.born), "meetings.yaml": meetings})
			checkObligations(t, onlyRules(obs, "pre-birth-core-group"), tc.want)
		})
	}
}

// Only plan adds a child to a running plan: a pre-birth conference with decision continue that
// names a baby not on the plan owes that baby nothing, under any per-child rule.
//
// Initial conference Mon 5 Jan 2026 for a; pre-birth conference Mon 2 Feb, continue, naming b;
// b born Mon 16 Feb. ch7: no pre-birth-core-group row for b. s9: child-seen and seen-alone have
// rows for a only (checked here: none for b).
func TestContinueAddsNobody(t *testing.T) {
	plan := func(policy string) string {
		return `case: R-CONT
policy: ` + policy + `
children:
  - {id: a, born: 2019-04-02}
  - {id: b, born: 2026-02-16}
conferences:
  - {kind: initial, date: 2026-01-05, decision: plan, children: [a]}
  - {kind: pre-birth, date: 2026-02-02, decision: continue, children: [b]}
`
	}
	meetings := `meetings:
  - {date: 2026-02-20, kind: core-group}
`
	obs := evaluateCase(t, "core-groups-ch7", "2026-03-10", caseYAML{"plan.yaml": plan("core-groups-ch7"), "meetings.yaml": meetings})
	checkObligations(t, onlyRules(obs, "pre-birth-core-group"), nil)

	obs = evaluateCase(t, "core-groups-s9", "2026-03-10", caseYAML{"plan.yaml": plan("core-groups-s9"), "members.yaml": readingsMembers, "meetings.yaml": meetings})
	for _, o := range onlyRules(obs, "child-seen", "seen-alone") {
		if o.Child != "a" {
			t.Errorf("%s for %q: only a is on the plan", o.Rule, o.Child)
		}
	}
	if len(onlyRules(obs, "child-seen")) == 0 {
		t.Error("child-seen has no rows for a")
	}
}

// The same three questions asked of the other per-child and per-conference rules.
//
// s9 child-seen (10 working days, from the child coming onto the plan) and seen-alone (6 weeks):
// initial conference Mon 5 Jan 2026 for a; a second initial conference Mon 12 Jan (plan) adds the
// sibling c; the review of Mon 2 Feb ends the plan for c only. Home visits by the lead, Thu 15
// Jan and Wed 4 Feb, both children seen, neither alone. As of Fri 6 Feb.
//   - child-seen a: 5 Jan + 10 working days (6-9, 12-16, 19) -> Mon 19 Jan, met 15 Jan; from 15
//     Jan (16, 19-23, 26-29) -> Thu 29 Jan, met 4 Feb, 6 days late; from 4 Feb (5, 6, 9-13,
//     16-18) -> Wed 18 Feb, 12 days away: due.
//   - child-seen c: from 12 Jan (13-16, 19-23, 26) -> Mon 26 Jan, met 15 Jan; from 15 Jan -> Thu
//     29 Jan, not met by c's end on 2 Feb (the visit of 4 Feb is after it): missed, 4 days.
//   - seen-alone a: 5 Jan + 42 days -> Mon 16 Feb, 10 days away: due. seen-alone c: 12 Jan + 42
//     -> Mon 23 Feb, after c's end: dropped.
//
// working-2017 post-review-core-group (10 working days after each review that continues the
// plan): initial Mon 5 Jan for a and c; review Wed 1 Apr ends the plan for c only (decision end:
// not a review that continues, no row); review Mon 1 Jun with decision plan while the plan runs
// (plan means continue): 2-5, 8-12, 15 -> Mon 15 Jun; no core group by Wed 10 Jun: due, 5 days.
func TestOtherPerChildAndConferenceRules(t *testing.T) {
	t.Run("s9 child-seen and seen-alone", func(t *testing.T) {
		obs := evaluateCase(t, "core-groups-s9", "2026-02-06", caseYAML{
			"plan.yaml": `case: R-KIDS
policy: core-groups-s9
children:
  - {id: a, born: 2019-04-02}
  - {id: c, born: 2021-07-07}
conferences:
  - {kind: initial, date: 2026-01-05, decision: plan, children: [a]}
  - {kind: initial, date: 2026-01-12, decision: plan, children: [c]}
  - {kind: review, date: 2026-02-02, decision: end, children: [c]}
`,
			"members.yaml": readingsMembers,
			"visits.yaml": `visits:
  - {date: 2026-01-15, by: sw1, kind: home, seen: [a, c]}
  - {date: 2026-02-04, by: sw1, kind: home, seen: [a, c]}
`,
		})
		checkObligations(t, onlyRules(obs, "child-seen", "seen-alone"), []string{
			"child-seen a 2026-01-19 met met=2026-01-15 days=0",
			"child-seen a 2026-01-29 late met=2026-02-04 days=6",
			"child-seen a 2026-02-18 due days=12",
			"child-seen c 2026-01-26 met met=2026-01-15 days=0",
			"child-seen c 2026-01-29 missed days=4",
			"seen-alone a 2026-02-16 due days=10",
		})
	})
	t.Run("working-2017 post-review-core-group", func(t *testing.T) {
		obs := evaluateCase(t, "core-group-working-2017", "2026-06-10", caseYAML{
			"plan.yaml": `case: R-REV
policy: core-group-working-2017
children:
  - {id: a, born: 2019-04-02}
  - {id: c, born: 2021-07-07}
conferences:
  - {kind: initial, date: 2026-01-05, decision: plan}
  - {kind: review, date: 2026-04-01, decision: end, children: [c]}
  - {kind: review, date: 2026-06-01, decision: plan}
`,
		})
		checkObligations(t, onlyRules(obs, "post-review-core-group"), []string{
			"post-review-core-group - 2026-06-15 due days=5",
		})
	})
}
