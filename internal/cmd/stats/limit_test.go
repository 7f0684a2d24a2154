package stats

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/stats"
	"github.com/cpcase/cpcase/internal/testutil"
)

// The Wales test policy's case (as in due's TestLimitFields), from 1 Mar to 1 Jun 2026 as of 1
// Jun: outline plan due 9 Mar, met late 10 Mar (no limit); first core group due 16 Mar, met 9
// Mar; the cadence's links due 9 Apr (met 14 Apr, within its limit of 20 Apr) and 14 May (met 29
// May, past its limit of 26 May). The review (2 Jun) and the next link (29 Jun) are later.
// Within limit: the first core group and the 9 Apr link, 2 of 4; of the cadence, 1 of 2.
func TestWithinLimit(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"plan.yaml": "case: P-WAL\nchildren: [{id: a, born: 2019-04-02}]\nconferences:\n" +
			"  - {kind: initial, date: 2026-03-02, decision: plan, record: {plan_circulated: 2026-03-10}}\n",
		"meetings.yaml": "meetings:\n  - {date: 2026-03-09, kind: core-group}\n  - {date: 2026-04-14, kind: core-group}\n  - {date: 2026-05-29, kind: core-group}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(format string) string {
		ios, _, out, errOut := iostreams.Test()
		o := &Options{IO: ios, Paths: []string{dir}, AsOf: "2026-06-01", From: "2026-03-01", To: "2026-06-01", Format: format, By: "rule",
			Policy: filepath.Join(testutil.Root(t), "testdata", "policies", "wales-procedures.yaml")}
		if err := Run(o); err != nil {
			t.Fatalf("%v\n%s", err, errOut)
		}
		return out.String()
	}
	var rows []stats.Row
	if err := json.Unmarshal([]byte(run("json")), &rows); err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{"core-group-cadence": {2, 0, 1}, "": {4, 1, 2}}
	for _, r := range rows {
		if r.WithinLimit == nil {
			t.Fatalf("row %q has no within_limit", r.Rule)
		}
		if w, ok := want[r.Rule]; ok {
			if got := [3]int{r.Total, r.OnTime, *r.WithinLimit}; got != w {
				t.Errorf("%q: fell due, on time, within limit %v, want %v", r.Rule, got, w)
			}
			delete(want, r.Rule)
		}
	}
	if len(want) > 0 {
		t.Errorf("rows missing: %v", want)
	}
	if head, _, _ := strings.Cut(run("csv"), "\n"); !strings.HasSuffix(head, ",overdue_pct,within_limit") {
		t.Errorf("CSV header %q", head)
	}
	if table := run("table"); !strings.Contains(table, "Within limit") {
		t.Errorf("table has no Within limit column:\n%s", table)
	}
	// A policy without limits: no such figure.
	if rows := statsJSON(t, "2026-01-01", "2026-11-23"); rows[0].WithinLimit != nil {
		t.Error("the examples' policy sets no limits, yet within_limit is given")
	}
}
