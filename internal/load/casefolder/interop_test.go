package casefolder

import (
	"reflect"
	"strings"
	"testing"
)

// The keys the data interchange reads and writes (docs/interop.md): who the child is, the
// categories of abuse, protection orders and allocations.
const interopPlan = `case: X-1
children:
  - {id: a, born: 2019-04-02, gender: female, ethnicity: MWBA, disability: true, previous_plans: 2}
  - {id: b, born: 2021-06-01, disability: false}
  - {id: c, expected: 2027-01-15}
conferences:
  - {kind: initial, date: 2026-10-01, decision: plan, categories: {a: neglect, b: emotional}}
  - {kind: review, date: 2026-12-17, decision: continue, categories: {b: multiple}}
orders:
  - {kind: epo, from: 2026-09-20, to: 2026-09-27, children: [a]}
  - {kind: police-protection, from: 2026-09-18}
allocations:
  - {from: 2026-11-01, team: Team South, worker: sw2}
  - {from: 2026-09-20, to: 2026-10-31, team: Team North, worker: sw1, children: [a, b]}
`

const interopMembers = `members:
  - {id: sw1, role: lead-social-worker}
  - {id: sw2, role: lead-social-worker}
`

func TestInteropKeys(t *testing.T) {
	c, msgs := memCase(t, map[string]string{PlanFile: interopPlan, MembersFile: interopMembers})
	if len(msgs) > 0 {
		t.Fatalf("findings: %v", msgs)
	}
	a, b, cc := c.Child("a"), c.Child("b"), c.Child("c")
	if a.Gender != Female || a.Ethnicity != "MWBA" || a.Disability == nil || !*a.Disability || a.PreviousPlans != 2 {
		t.Errorf("child a read as %+v", a)
	}
	if b.Gender != "" || b.Ethnicity != "" || b.Disability == nil || *b.Disability || b.PreviousPlans != 0 {
		t.Errorf("child b read as %+v", b)
	}
	if cc.Disability != nil {
		t.Errorf("child c: disability not recorded, read as %v", *cc.Disability)
	}
	first, review := &c.Conferences[0], &c.Conferences[1]
	if first.CategoryOf("a") != Neglect || first.CategoryOf("b") != Emotional || first.CategoryOf("c") != "" || review.CategoryOf("b") != Multiple {
		t.Errorf("categories read as %+v and %+v", first.Categories, review.Categories)
	}
	// Orders and allocations are taken in date order.
	if len(c.Orders) != 2 || c.Orders[0].Kind != PoliceProtection || !c.Orders[0].To.IsZero() ||
		c.Orders[1].Kind != EPO || c.Orders[1].To != day("2026-09-27") || !reflect.DeepEqual(c.Orders[1].Children, []string{"a"}) {
		t.Errorf("orders read as %+v", c.Orders)
	}
	if !c.Orders[1].Protects("a", day("2026-09-27"), day("2027-03-01")) || c.Orders[1].Protects("a", day("2026-09-28"), day("2027-03-01")) ||
		c.Orders[1].Protects("b", day("2026-09-01"), day("2027-03-01")) || !c.Orders[0].Protects("b", day("2027-03-01"), day("2027-03-01")) {
		t.Error("Protects: wrong span or children")
	}
	if len(c.Allocations) != 2 || c.Allocations[0].Worker != "sw1" || c.Allocations[1].Team != "Team South" {
		t.Fatalf("allocations read as %+v", c.Allocations)
	}
	if !c.Allocations[0].Covers("b", day("2026-10-31")) || c.Allocations[0].Covers("c", day("2026-10-01")) ||
		c.Allocations[0].Covers("a", day("2026-11-01")) || !c.Allocations[1].Covers("c", day("2030-01-01")) {
		t.Error("Covers: wrong span or children")
	}
}

func TestInteropKeysRefused(t *testing.T) {
	for _, tc := range []struct{ plan, want string }{
		{"  - {id: a, gender: Female}\n", `plan.yaml:3:21: unknown gender "Female" (did you mean "female"?)`},
		{"  - {id: a, ethnicity: wbri}\n", `unknown ethnicity "wbri"`},
		{"  - {id: a, previous_plans: -1}\n", `previous_plans must be a whole number from 0 to 100, found -1`},
		{"  - {id: a, disability: yes}\n", `disability must be true or false`},
	} {
		_, msgs := memCase(t, map[string]string{PlanFile: "case: X\nchildren:\n" + tc.plan +
			"conferences:\n  - {kind: initial, date: 2026-10-01, decision: plan}\n"})
		if len(msgs) != 1 || !strings.Contains(msgs[0], tc.want) {
			t.Errorf("%q: got %v, want %s", tc.plan, msgs, tc.want)
		}
	}
	for _, tc := range []struct{ extra, want string }{
		{"    categories: {z: neglect}\n", `plan.yaml:8:18: unknown child "z" in categories`},
		{"    categories: {a: abuse}\n", `unknown category of abuse "abuse"`},
		{"    categories: [a]\n", `categories must map child ids to categories of abuse`},
		{"orders:\n  - {kind: epo, from: 2026-10-02, to: 2026-10-01}\n", `order ended (to: 2026-10-01) before it started (from: 2026-10-02)`},
		{"orders:\n  - {kind: care-order, from: 2026-10-02}\n", `unknown order kind "care-order"`},
		{"allocations:\n  - {from: 2026-10-02, worker: sw9}\n", `unknown member "sw9" in worker`},
		{"allocations:\n  - {to: 2026-10-02}\n", `missing the required key "from"`},
	} {
		_, msgs := memCase(t, map[string]string{PlanFile: "case: X\nchildren:\n  - {id: a}\nconferences:\n" +
			"  - kind: initial\n    date: 2026-10-01\n    decision: plan\n" + tc.extra})
		if len(msgs) != 1 || !strings.Contains(msgs[0], tc.want) {
			t.Errorf("%q: got %v, want %s", tc.extra, msgs, tc.want)
		}
	}
}
