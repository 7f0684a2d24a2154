package policytest

import (
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/load/policy"
)

func shipped(t *testing.T, id string) *policy.Policy {
	t.Helper()
	p, d, err := policy.NewRegistry().Resolve(id)
	if err != nil || p == nil {
		t.Fatalf("%s: %v %v", id, err, d)
	}
	return p
}

// A mistake in an inline case is reported at its line and column in the test file itself.
func TestInlineCasePositions(t *testing.T) {
	src := `policy: core-groups-ch7
tests:
  - name: one
    as_of: 2026-04-20
    case:
      plan:
        case: T-1
        children: [{id: a, born: 2019-09-09}]
        conferences:
          - {kind: initial, date: 2026-04-01, decision: plam}
      meetings:
        - {date: 2026-04-17, kind: core-grop}
    expect: []
`
	f, d := Parse("t.yaml", []byte(src))
	if f == nil {
		t.Fatal(d)
	}
	res := Run(f, shipped(t, "core-groups-ch7"), nil)
	var got []string
	for _, x := range res[0].Diags {
		got = append(got, x.String())
	}
	want := []string{
		`t.yaml:10:57: unknown decision "plam"`,
		`t.yaml:12:36: unknown meeting kind "core-grop"`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d = %q, want it to start %q", i, got[i], want[i])
		}
	}
}

// --update rewrites only the expected rows of the failed test; the comments, the passing test
// and every other byte stay.
func TestUpdate(t *testing.T) {
	head := `policy: core-groups-ch7 # the policy
tests:
  # a hand-worked comment
  - name: late
    as_of: 2026-04-21
    case:
      plan:
        case: T-1
        children: [{id: a, born: 2019-09-09}]
        conferences: [{kind: initial, date: 2026-04-01, decision: plan}]
      meetings: [{date: 2026-04-21, kind: core-group}]
    expect:
`
	tail := `
  # the next test's comment
  - name: none
    as_of: 2026-04-02
    case:
      plan:
        case: T-2
        children: [{id: a, born: 2019-09-09}]
        conferences: [{kind: initial, date: 2026-04-01, decision: plan}]
    expect:
      - {rule: first-core-group, due: 2026-04-17, status: open}
`
	src := head + "      - {rule: first-core-group, due: 2026-04-17, status: met} # wrong\n      # trailing\n" + tail
	f, d := Parse("t.yaml", []byte(src))
	if f == nil {
		t.Fatal(d)
	}
	res := Run(f, shipped(t, "core-groups-ch7"), nil)
	if res[0].Passed() || !res[1].Passed() {
		t.Fatalf("passed: %v %v", res[0].Passed(), res[1].Passed())
	}
	out, n, err := Update(f, res)
	if err != nil || n != 1 {
		t.Fatalf("update: %v, %d", err, n)
	}
	want := head + "      - {rule: first-core-group, due: 2026-04-17, status: late, met: 2026-04-21}\n" +
		"      - {rule: core-group-cadence, due: 2026-06-02, status: open}\n      # trailing\n" + tail
	if string(out) != want {
		t.Errorf("updated:\n%s\nwant:\n%s", out, want)
	}
	f2, d := Parse("t.yaml", out)
	if f2 == nil {
		t.Fatal(d)
	}
	for _, r := range Run(f2, shipped(t, "core-groups-ch7"), nil) {
		if !r.Passed() {
			t.Errorf("%s fails after --update", r.Test.Name)
		}
	}
}
