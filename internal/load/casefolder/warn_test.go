package casefolder

import (
	"reflect"
	"testing"
)

const warnPlan = `case: W-1
children:
  - {id: a, born: 2020-01-01}
  - {id: b}
conferences:
  - {kind: initial, date: 2026-10-01, decision: plan}
`

func warnings(t *testing.T, files map[string]string, roles ...string) []string {
	t.Helper()
	c, errs := memCase(t, files)
	if len(errs) > 0 {
		t.Fatalf("load: %v", errs)
	}
	var out []string
	for _, d := range Warnings(c, roles...) {
		out = append(out, d.String())
	}
	return out
}

func TestWarnings(t *testing.T) {
	got := warnings(t, map[string]string{
		"plan.yaml": warnPlan,
		"members.yaml": `members:
  - {id: sw1, role: lead-socialworker, staff: e10432}
  - {id: hv, role: health-visitor}
  - {id: x, role: youth-worker}
  - {id: pl, role: practise-lead}
`,
		"visits.yaml": `visits:
  - {date: 2026-10-05, by: sw1, kind: home, seen: [a, b]}
  - {date: 2026-10-05, by: sw1, kind: home, seen: [b, a]}
  - {date: 2026-10-05, by: sw1, kind: school, seen: [a, b]}
  - {date: 2026-10-05, by: hv, kind: home, seen: [a, b]}
  - {date: 2026-10-05, by: sw1, kind: home, seen: [a]}
`,
	}, "practise-lead")
	want := []string{
		`c/members.yaml:2:5: warning: member "sw1" has role "lead-socialworker", which has no meaning in policies; did you mean "lead-social-worker"?`,
		`c/plan.yaml:4:5: warning: child "b" has neither born nor expected: obligations counted from the birth wait for it; add born: YYYY-MM-DD (or expected: for an unborn child)`,
		`c/visits.yaml:3:5: warning: visit on 2026-10-05 by "sw1" (home) is the same as the one at line 2: the same visit recorded twice?`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n%q\nwant\n%q", got, want)
	}
}

// Inside a pre-birth conference a child may have neither date yet; a clean case has no warning.
func TestWarningsPreBirthAndClean(t *testing.T) {
	got := warnings(t, map[string]string{
		"plan.yaml": `case: W-2
children:
  - {id: u}
conferences:
  - {kind: pre-birth, date: 2026-10-01, decision: plan}
`,
		"members.yaml": "members:\n  - {id: sw1, role: lead-social-worker}\n",
	})
	if len(got) != 0 {
		t.Errorf("warnings: %q", got)
	}
}

func TestStaffLoadsAndIsOptional(t *testing.T) {
	c, errs := memCase(t, map[string]string{
		"plan.yaml":    warnPlan,
		"members.yaml": "members:\n  - {id: sw1, role: lead-social-worker, staff: e10432}\n  - {id: hv}\n",
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if c.StaffOf("sw1") != "e10432" || c.StaffOf("hv") != "" || c.StaffOf("nobody") != "" {
		t.Errorf("staff: %q %q", c.StaffOf("sw1"), c.StaffOf("hv"))
	}
	_, errs = memCase(t, map[string]string{
		"plan.yaml":    warnPlan,
		"members.yaml": "members:\n  - {id: sw1, staff: E 10432}\n",
	})
	if len(errs) != 1 {
		t.Fatalf("a staff id that is not an id: %q", errs)
	}
}

func TestSameVisit(t *testing.T) {
	a := Visit{Date: day("2026-10-05"), By: "sw1", Kind: Home, Seen: []string{"a", "b"}}
	b := a
	b.Seen = []string{"b", "a"}
	if !SameVisit(a, b) {
		t.Error("same children in another order are the same visit")
	}
	b.Kind = School
	if SameVisit(a, b) {
		t.Error("another kind is another visit")
	}
}
