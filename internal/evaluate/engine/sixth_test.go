package engine_test

import (
	"os"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/records"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// The sixth policy (testdata/policies/ni-sample.yaml) is one no seed has: Northern Ireland's
// calendar, other numbers, a rule left out, local closures on 29 and 30 Dec 2026, and the anchor
// day counted as day 1. It loads and evaluates with no code change.
func sixthPolicy(t *testing.T) *policy.Policy {
	t.Helper()
	data, err := os.ReadFile("../../../testdata/policies/ni-sample.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, d := policy.Load("ni-sample.yaml", data, "test")
	if p == nil || len(d) > 0 {
		t.Fatalf("ni-sample does not lint clean: %v", d)
	}
	return p
}

// As of Fri 15 Jan 2027. Northern Ireland: Christmas Fri 25 Dec 2026, Boxing Day (Sat 26) moved
// to Mon 28 Dec, New Year's Day Fri 1 Jan 2027; the policy closes the office on Tue 29 and Wed 30
// Dec. The anchor day counts as day 1.
//
// Initial conference Fri 18 Dec 2026 (a working day, so it is day 1 of 8):
//   - first-core-group, 8 working days: 18 Dec (1), 21 (2), 22 (3), 23 (4), 24 (5), 31 Dec (6),
//     4 Jan (7), 5 Jan (8) -> Tue 5 Jan 2027; core group Wed 6 Jan: late 1.
//   - core-group-cadence, 5 weeks from Wed 6 Jan, day 1 counted: 6 Jan + 35 - 1 -> Tue 9 Feb:
//     open, 25 days.
//   - record-circulated, 3 working days from Wed 6 Jan (day 1), 7 (2), 8 (3) -> Fri 8 Jan;
//     circulated Mon 11 Jan: late 3.
//   - no core assessment rule: the policy leaves it out, so the recorded assessment owes nothing.
//
// Pre-birth conference Tue 1 Dec 2026; the baby is born Mon 14 Dec:
//   - pre-birth-core-group, the sooner of 10 working days from the birth (14 Dec is day 1: 15,
//     16, 17, 18, 21, 22, 23, 24, 31 Dec -> Thu 31 Dec) and 3 months from the conference (1 Dec +
//     3 months - 1 day = Sun 28 Feb 2027): Thu 31 Dec; core group Mon 4 Jan: late 4.
//   - no first-core-group: that rule is only for plans started by an initial or transfer-in
//     conference.
//   - core-group-cadence from Mon 4 Jan: + 35 - 1 -> Sun 7 Feb: open, 23 days.
//   - record-circulated from Mon 4 Jan: 4 (1), 5 (2), 6 (3) -> Wed 6 Jan; not circulated:
//     overdue 9 days.
func TestSixthPolicy(t *testing.T) {
	p := sixthPolicy(t)
	asOf := civil.MustParse("2027-01-15")
	members := "members:\n  - {id: sw1, role: lead-social-worker}\n  - {id: tm1, role: team-manager}\n  - {id: mum, role: parent}\n"
	initial := leadCase(t, "2027-01-15", map[string]string{
		"plan.yaml": `case: NI-T1
children: [{id: a, born: 2019-03-03}]
conferences: [{kind: initial, date: 2026-12-18, decision: plan}]
core_assessment: {started: 2026-12-18}
`,
		"members.yaml":  members,
		"meetings.yaml": "meetings:\n  - {date: 2027-01-06, kind: core-group, chair: mum, record: {circulated: 2027-01-11}}\n",
	})
	leadCompare(t, engine.Evaluate(initial, p, engine.Options{AsOf: asOf}), []string{
		"first-core-group - 2027-01-05 late met=2027-01-06 days=1",
		"core-group-cadence - 2027-02-09 open days=25",
		"record-circulated - 2027-01-08 late met=2027-01-11 days=3",
	})
	d := records.Check(initial, p, asOf)
	if len(d) != 1 || !strings.HasSuffix(d[0].String(), `meetings.yaml:2:49: core group on 2027-01-06 is chaired by "mum" (parent); it must be chaired by a team-manager or the lead social worker (ni-sample chair, 2.3)`) {
		t.Errorf("record checks = %v", d)
	}

	preBirth := leadCase(t, "2027-01-15", map[string]string{
		"plan.yaml": `case: NI-T2
children: [{id: u, expected: 2026-12-20, born: 2026-12-14}]
conferences: [{kind: pre-birth, date: 2026-12-01, decision: plan}]
`,
		"members.yaml":  members,
		"meetings.yaml": "meetings:\n  - {date: 2027-01-04, kind: core-group, chair: tm1}\n",
	})
	leadCompare(t, engine.Evaluate(preBirth, p, engine.Options{AsOf: asOf}), []string{
		"pre-birth-core-group u 2026-12-31 late met=2027-01-04 days=4",
		"core-group-cadence - 2027-02-07 open days=23",
		"record-circulated - 2027-01-06 overdue days=9",
	})
}
