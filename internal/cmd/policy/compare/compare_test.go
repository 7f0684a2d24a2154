package compare

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"reflect"
	"testing"

	statscmd "github.com/cpcase/cpcase/internal/cmd/stats"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/stats"
	"github.com/cpcase/cpcase/internal/testutil"
)

// Over a generated tree of 200 cases, 4-weekly against 6-weekly core groups (two test policies
// that differ only there): the figures compare gives under each policy are the ones stats gives
// with --policy, rule by rule and in total, and the change is B less A.
func TestCompareEqualsStats(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	tree := t.TempDir()
	gen := exec.Command("go", "run", "./testdata/gen", "-n", "200", "-seed", "1", "-o", tree)
	gen.Dir = testutil.Root(t)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, out)
	}
	a := testutil.Path(t, "testdata/policies/compare/core-groups-4-weekly.yaml")
	b := testutil.Path(t, "testdata/policies/compare/core-groups-6-weekly.yaml")
	const from, to, asOf = "2026-01-01", "2026-11-23", "2026-11-23"

	ios, _, out, errOut := iostreams.Test()
	if err := Run(&Options{IO: ios, A: a, B: b, Paths: []string{tree}, From: from, To: to, AsOf: asOf, Format: "json"}); err != nil {
		t.Fatalf("compare: %v\n%s", err, errOut)
	}
	var got struct {
		Cases int `json:"cases"`
		Rules []struct {
			Rule   string    `json:"rule"`
			A      stats.Row `json:"a"`
			B      stats.Row `json:"b"`
			Change struct {
				Total, Late, Missed, Overdue int
			} `json:"change"`
		} `json:"rules"`
		Changes []json.RawMessage `json:"changes"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Cases != 200 {
		t.Errorf("compared %d cases, want 200", got.Cases)
	}
	statsOf := func(policy string) map[string]stats.Row {
		ios, _, out, errOut := iostreams.Test()
		if err := statscmd.Run(&statscmd.Options{IO: ios, Paths: []string{tree}, From: from, To: to, AsOf: asOf, By: "rule", Format: "json", Policy: policy}); err != nil {
			t.Fatalf("stats: %v\n%s", err, errOut)
		}
		var rows []stats.Row
		if err := json.Unmarshal(out.Bytes(), &rows); err != nil {
			t.Fatal(err)
		}
		m := map[string]stats.Row{}
		for _, r := range rows {
			m[r.Rule] = r
		}
		return m
	}
	wantA, wantB := statsOf(a), statsOf(b)
	if len(got.Rules) != len(wantA) || len(wantA) != len(wantB) {
		t.Fatalf("compare has %d rows, stats %d and %d", len(got.Rules), len(wantA), len(wantB))
	}
	cadence := false
	for _, r := range got.Rules {
		if !reflect.DeepEqual(r.A, wantA[r.Rule]) {
			t.Errorf("rule %q under A: compare %+v, stats %+v", r.Rule, r.A, wantA[r.Rule])
		}
		if !reflect.DeepEqual(r.B, wantB[r.Rule]) {
			t.Errorf("rule %q under B: compare %+v, stats %+v", r.Rule, r.B, wantB[r.Rule])
		}
		if r.Change.Late != r.B.Late-r.A.Late || r.Change.Missed != r.B.Missed-r.A.Missed || r.Change.Overdue != r.B.Overdue-r.A.Overdue {
			t.Errorf("rule %q: change %+v is not B less A", r.Rule, r.Change)
		}
		if r.Rule == "core-group-cadence" {
			cadence = true
			// the same core groups are late more often against 4 weeks than against 6
			if r.A.Late <= r.B.Late || r.A.OnTime >= r.B.OnTime {
				t.Errorf("cadence: 4-weekly %+v against 6-weekly %+v", r.A, r.B)
			}
		} else if r.Rule != "" && !reflect.DeepEqual(r.A, r.B) {
			t.Errorf("rule %q differs between policies that differ only in the cadence", r.Rule)
		}
	}
	if !cadence {
		t.Error("no core-group-cadence row")
	}
	if len(got.Changes) == 0 {
		t.Error("no obligation changes status")
	}
}

// The examples, 4- against 6-weekly: the table, and the CSV of the changes.
func TestCompareExamples(t *testing.T) {
	a := testutil.Path(t, "testdata/policies/compare/core-groups-4-weekly.yaml")
	b := testutil.Path(t, "testdata/policies/compare/core-groups-6-weekly.yaml")
	for _, tc := range []struct {
		name, format string
		changes      bool
	}{
		{"policy-compare/examples.txt", "table", false},
		{"policy-compare/examples.csv", "csv", false},
		{"policy-compare/examples-changes.csv", "csv", true},
	} {
		ios, _, out, errOut := iostreams.Test()
		err := Run(&Options{IO: ios, A: a, B: b, Paths: []string{testutil.Path(t, "examples")}, From: "2026-01-01", To: "2026-11-23", AsOf: "2026-11-23", Format: tc.format, Changes: tc.changes})
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.name, err, errOut)
		}
		testutil.Golden(t, tc.name, out.String())
	}
	var buf bytes.Buffer
	ios, _, _, _ := iostreams.Test()
	ios.Out = &buf
	if err := Run(&Options{IO: ios, A: a, B: b, From: "2026-01-01", To: "2026-11-23", AsOf: "2026-11-23", Format: "json", Changes: true}); err == nil {
		t.Error("--changes with json: no usage error")
	}
}
