package due

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/testutil"
)

// limitCase is the Wales test policy's case (engine's TestProcedureWales): initial conference
// Mon 2 Mar 2026, core groups 9 Mar, 14 Apr and 29 May; as of Mon 1 Jun. The cadence is monthly
// with a limit of 6 weeks:
//   - from 9 Mar: target 9 Apr, limit 20 Apr; met 14 Apr, late but within the limit.
//   - from 14 Apr: target 14 May, limit 26 May; met 29 May, past the limit.
//   - from 29 May: target 29 Jun, limit 10 Jul; open, not past it.
func limitCase(t *testing.T) (dir, pol string) {
	t.Helper()
	dir = t.TempDir()
	files := map[string]string{
		"plan.yaml": "case: P-WAL\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n" +
			"  - {kind: initial, date: 2026-03-02, decision: plan, record: {plan_circulated: 2026-03-10}}\n",
		"meetings.yaml": "meetings:\n  - {date: 2026-03-09, kind: core-group}\n  - {date: 2026-04-14, kind: core-group}\n  - {date: 2026-05-29, kind: core-group}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, filepath.Join(testutil.Root(t), "testdata", "policies", "wales-procedures.yaml")
}

func runLimit(t *testing.T, format string) string {
	t.Helper()
	dir, pol := limitCase(t)
	ios, _, out, errOut := iostreams.Test()
	o := options(ios)
	o.Paths, o.Policy, o.AsOf, o.Format, o.All = []string{dir}, pol, "2026-06-01", format, true
	if err := Run(o); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	return out.String()
}

// A policy with limits gives each obligation its limit and whether it was passed, in JSON and
// CSV (null and false for a rule without one); the table says "past the limit".
func TestLimitFields(t *testing.T) {
	var recs []map[string]any
	if err := json.Unmarshal([]byte(runLimit(t, "json")), &recs); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		if r["rule"] == "core-group-cadence" || r["rule"] == "first-core-group" {
			got = append(got, strings.Join([]string{r["rule"].(string), str2(r["due"]), str2(r["limit"]), str2(r["over_limit"])}, " "))
		}
	}
	want := []string{
		"first-core-group 2026-03-16 <nil> false",
		"core-group-cadence 2026-04-09 2026-04-20 false",
		"core-group-cadence 2026-05-14 2026-05-26 true",
		"core-group-cadence 2026-06-29 2026-07-10 false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("JSON limits:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	csv := runLimit(t, "csv")
	head, _, _ := strings.Cut(csv, "\n")
	if !strings.HasSuffix(head, ",working_days,limit,over_limit") {
		t.Errorf("CSV header %q lacks limit, over_limit", head)
	}
	if !strings.Contains(csv, ",2026-05-26,true\n") || !strings.Contains(csv, ",2026-04-20,false\n") {
		t.Errorf("CSV rows lack the limits:\n%s", csv)
	}

	table := runLimit(t, "table")
	if !strings.Contains(table, "met late by 15 on Fri 29 May 2026, past the limit") {
		t.Errorf("table does not say the limit was passed:\n%s", table)
	}
	if n := strings.Count(table, "past the limit"); n != 1 {
		t.Errorf("table says past the limit %d times, want once:\n%s", n, table)
	}
}

// A policy without limits has no limit fields at all: its outputs read as they always have.
func TestNoLimitFields(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	o := options(ios)
	o.Paths, o.Format, o.All = []string{filepath.Join(testutil.Root(t), "examples")}, "json", true
	if err := Run(o); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "limit") {
		t.Error("a policy without limits gives limit fields")
	}
}

func str2(v any) string {
	switch x := v.(type) {
	case nil:
		return "<nil>"
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return "?"
}
