package ssd

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

var asOf = civil.MustParse("2026-11-23")

func day(s string) civil.Date { return civil.MustParse(s) }

// oneFamily (testdata/family) is a hand-made extract of one family of three, with the quirks of
// real extracts: dates
// with a time and day first, flags in any case, categories as codes and words, an unborn child,
// visits with no plan id (one matches by date, one does not), a plan id that names no plan,
// bedroom and seen alone not held, a review due date absent and one not yet held.
var oneFamily = readFamily()

func readFamily() map[string]string {
	out := map[string]string{}
	paths, _ := filepath.Glob(filepath.Join("testdata", "family", "*.csv"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			panic(err) // the test's own data
		}
		out[strings.TrimSuffix(filepath.Base(p), ".csv")] = string(b)
	}
	return out
}

func writeExtract(t *testing.T, tables map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "extract")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range tables {
		if err := os.WriteFile(filepath.Join(dir, name+".csv"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func with(tables map[string]string, name, body string) map[string]string {
	out := map[string]string{}
	for k, v := range tables {
		out[k] = v
	}
	if body == "" {
		delete(out, name)
	} else {
		out[name] = body
	}
	return out
}

func importOK(t *testing.T, dir, out string) *Result {
	t.Helper()
	res, err := Import(dir, out, Options{Policy: "core-groups-s9", AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Refused) > 0 {
		t.Fatalf("refused:\n%v", res.Refused)
	}
	return res
}

func loadCase(t *testing.T, dir string) *casefolder.Case {
	t.Helper()
	c, d := casefolder.Load(dir, asOf)
	if len(d) > 0 {
		t.Fatalf("%s fails cpcase check:\n%v", dir, d)
	}
	return c
}

func TestImportFamily(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cases")
	res := importOK(t, writeExtract(t, oneFamily), out)
	if len(res.Written) != 1 || filepath.Base(res.Written[0]) != "SSD-P1" || res.Children != 3 || res.Plans != 3 {
		t.Fatalf("result %+v", res)
	}
	c := loadCase(t, res.Written[0])
	f, tr := false, true
	wantKids := []casefolder.Child{
		{ID: "p1", Name: "Ada Moss", Born: day("2019-04-02"), Gender: casefolder.Female, Ethnicity: "WBRI", Disability: &f},
		{ID: "p2", Name: "Ben Moss", Born: day("2021-06-01"), Gender: casefolder.Male, Ethnicity: "APKN", Disability: &tr},
		{ID: "p3", Expected: day("2027-01-15")},
	}
	for i := range c.Children {
		c.Children[i].Pos = casefolder.Pos{}
	}
	if !reflect.DeepEqual(c.Children, wantKids) {
		t.Errorf("children:\n got %+v\nwant %+v", c.Children, wantKids)
	}
	type conf struct {
		kind, date, decision string
		children             []string
		cats                 []casefolder.Category
	}
	var got []conf
	for _, cf := range c.Conferences {
		got = append(got, conf{cf.Kind, cf.Date.String(), cf.Decision, cf.Children, cf.Categories})
	}
	want := []conf{
		{"initial", "2026-06-01", "plan", []string{"p1", "p2"}, []casefolder.Category{{Child: "p1", Category: "neglect"}, {Child: "p2", Category: "physical"}}},
		{"pre-birth", "2026-06-01", "plan", []string{"p3"}, []casefolder.Category{{Child: "p3", Category: "neglect"}}},
		// The latest category of p1's plan is held by its last conference.
		{"review", "2026-08-28", "continue", []string{"p1", "p3"}, []casefolder.Category{{Child: "p1", Category: "emotional"}}},
		{"review", "2026-09-01", "end", []string{"p2"}, nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("conferences:\n got %+v\nwant %+v", got, want)
	}
	if c.Team != "Team South" || len(c.Allocations) != 2 || c.Allocations[0].Worker != "w1" || !reflect.DeepEqual(c.Allocations[0].Children, []string{"p1", "p2"}) ||
		c.Allocations[0].To != day("2026-08-31") || c.Allocations[1].Team != "Team South" || !c.Allocations[1].To.IsZero() {
		t.Errorf("team %q, allocations %+v", c.Team, c.Allocations)
	}
	if len(c.Members) != 2 || c.Members[0].Name != "Sam Okafor" || c.Members[0].Role != "lead-social-worker" ||
		c.Members[0].From != day("2026-05-20") || c.Members[0].To != day("2026-08-31") || c.Members[1].ID != "w2" || !c.Members[1].To.IsZero() {
		t.Errorf("members %+v", c.Members)
	}
	if len(c.Orders) != 1 || c.Orders[0].Kind != casefolder.PoliceProtection || c.Orders[0].From != day("2026-05-18") ||
		c.Orders[0].To != day("2026-05-20") || !reflect.DeepEqual(c.Orders[0].Children, []string{"p1"}) {
		t.Errorf("orders %+v (only L1 and L2 are kept)", c.Orders)
	}
	// V1 and V2 are one visit; V3 matched CP1 by its date; V4 (after CP2 ended) and V5 (a plan id
	// that names no plan) match no plan.
	if len(c.Visits) != 2 {
		t.Fatalf("visits %+v", c.Visits)
	}
	v1, v3 := c.Visits[0], c.Visits[1]
	if v1.Date != day("2026-06-03") || v1.By != "w1" || v1.Kind != "home" || !reflect.DeepEqual(v1.Seen, []string{"p1", "p2"}) ||
		!reflect.DeepEqual(v1.Alone, []string{"p1"}) || !v1.Bedroom {
		t.Errorf("first visit %+v", v1)
	}
	if v3.Date != day("2026-11-10") || v3.By != "w2" || !reflect.DeepEqual(v3.Seen, []string{"p1"}) || len(v3.Alone) != 0 || v3.Bedroom {
		t.Errorf("second visit %+v", v3)
	}

	rep, err := os.ReadFile(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(rep), "| SSD-P1 |"); n != 1 {
		t.Errorf("%d reviews listed with a different due date, want 1", n)
	}
	for _, line := range []string{
		"| ssd_cp_visits.csv:5 (row 4) | v4 | p2 | 2026-11-10 | none |",
		"| ssd_cp_visits.csv:6 (row 5) | v5 | p1 | 2026-07-01 | cp9 |",
		"2 visits named no plan and were matched to the plan of their child that ran on their date.",
		// core-groups-s9: the first review within 3 months of the plan, by 2026-09-01, as the SSD
		// has it (not listed). The next, 6 months after 2026-08-28, falls on Sunday 2027-02-28,
		// which the policy's calendar moves to Monday 2027-03-01; the SSD says 2027-02-28. The
		// absent due date of R2 is not compared.
		"| SSD-P1 | p1 | r4 | not yet | 2027-02-28 | 2027-03-01 | review-conference | ssd_cp_reviews.csv:5 (row 4) |",
		"| ssd_cp_visits | cppv_cp_visit_seen_alone | 1 | 5 |",
		"| ssd_cp_visits | cppv_cp_visit_bedroom | 3 | 5 |",
		"| ssd_cp_reviews | cppr_cp_review_due | 1 | 4 |",
	} {
		if !strings.Contains(string(rep), line) {
			t.Errorf("the reconcile report lacks %q:\n%s", line, rep)
		}
	}
}
