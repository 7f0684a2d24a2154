package ssd

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/load/casefolder"
)

var update = flag.Bool("update", false, "rewrite the golden reconcile report")

// A second import writes what is new and changes no case that is there: it says how each
// differs from the extract.
func TestSecondImport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cases")
	first := importOK(t, writeExtract(t, oneFamily), out)
	caseDir := first.Written[0]
	before := readDir(t, caseDir)

	// The same extract again: nothing written, nothing differs.
	again := importOK(t, writeExtract(t, oneFamily), out)
	if len(again.Written) != 0 || len(again.Existing) != 1 || len(again.Existing[0].Differences) != 0 {
		t.Fatalf("the same extract again: %+v", again)
	}
	// A later extract: R1 moved to 2026-08-27, V3 gone, a visit on 2026-11-20 added, and a new
	// family (person P9).
	later := with(oneFamily, "ssd_cp_reviews", strings.Replace(oneFamily["ssd_cp_reviews"], "2026-08-28,Y", "2026-08-27,Y", 1))
	later = with(later, "ssd_cp_visits", strings.Replace(oneFamily["ssd_cp_visits"], "V3,P1,,2026-11-10,Y,,\n", "V6,P1,CP1,2026-11-20,Y,Y,\n", 1))
	later = with(later, "ssd_person", oneFamily["ssd_person"]+"P9,,,F,2,BAFR,2015-03-03,,\n")
	later = with(later, "ssd_cp_plans", oneFamily["ssd_cp_plans"]+"CP9,,P9,2026-10-01,,SAB,SAB\n")
	res := importOK(t, writeExtract(t, later), out)
	if len(res.Written) != 1 || filepath.Base(res.Written[0]) != "SSD-P9" {
		t.Errorf("written %v, want the new family SSD-P9 only", res.Written)
	}
	if len(res.Existing) != 1 {
		t.Fatalf("existing %+v", res.Existing)
	}
	want := []string{
		// p1's review moved; p3's stays on 2026-08-28 (R3), so the case's conference on that day
		// still holds p3.
		"child p1: the review of 2026-08-28 in the case is on 2026-08-27 in the extract",
		"a visit on 2026-11-20 is in the extract and not in the case",
		"a visit on 2026-11-10 is in the case and not in the extract",
	}
	if got := res.Existing[0].Differences; !reflect.DeepEqual(got, want) {
		t.Errorf("differences:\n got %q\nwant %q", got, want)
	}
	if after := readDir(t, caseDir); !reflect.DeepEqual(before, after) {
		t.Error("the case that was there was changed")
	}
	rep, _ := os.ReadFile(res.Report)
	for _, line := range want {
		if !bytes.Contains(rep, []byte("  - "+line+"\n")) {
			t.Errorf("the report lacks %q", line)
		}
	}
}

// A folder where a case would go that holds a case file already is never written over.
func TestNeverOverwrites(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cases")
	dir := filepath.Join(out, "SSD-P1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, casefolder.VisitsFile), []byte("visits: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Import(writeExtract(t, oneFamily), out, Options{Policy: "core-groups-s9", AsOf: asOf})
	if err == nil || !strings.Contains(err.Error(), "visits.yaml already exists: the import never overwrites a case file") {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, casefolder.VisitsFile)); string(b) != "visits: []\n" {
		t.Errorf("visits.yaml was written over: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, casefolder.PlanFile)); !os.IsNotExist(err) {
		t.Error("plan.yaml was written beside a file that was there, making a half case")
	}
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

var authority = filepath.Join("..", "..", "..", "testdata", "ssd", "authority")

// The synthetic authority imports with no refusal, every case passes cpcase check, and the
// reconcile report is the expected one (testdata/ssd/authority-reconcile.md).
func TestImportSyntheticAuthority(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cases")
	res := importOK(t, authority, out)
	if res.Children < 200 || len(res.Written) != 150 {
		t.Errorf("%d children, %d cases written; want a few hundred children in 150 families", res.Children, len(res.Written))
	}
	dirs, err := casefolder.Find([]string{out})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != len(res.Written) {
		t.Errorf("%d case folders found, %d written", len(dirs), len(res.Written))
	}
	for _, d := range dirs {
		loadCase(t, d)
	}
	got, err := os.ReadFile(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("..", "..", "..", "testdata", "ssd", "authority-reconcile.md")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the reconcile report differs from %s (run with -update after checking the change)", golden)
	}
	// A second import of the same extract writes nothing and finds no difference.
	again := importOK(t, authority, out)
	if len(again.Written) != 0 || len(again.Existing) != 150 {
		t.Errorf("second import: %d written, %d there", len(again.Written), len(again.Existing))
	}
	for _, e := range again.Existing {
		if len(e.Differences) > 0 {
			t.Errorf("%s differs from the same extract: %v", e.Ref, e.Differences)
		}
	}
}

// A policy given as a relative path is written relative to each case folder, where cpcase looks
// for it first, so the case checks from any working folder.
func TestPolicyPath(t *testing.T) {
	root := t.TempDir()
	pol := filepath.Join(root, "local.yaml")
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "policies", "core-groups-s9.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pol, b, 0o644); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	rel, _ := filepath.Rel(wd, pol)
	res, err := Import(writeExtract(t, oneFamily), filepath.Join(root, "cases"), Options{Policy: rel, AsOf: asOf})
	if err != nil || len(res.Refused) > 0 {
		t.Fatalf("%v %v", err, res.Refused)
	}
	if c := loadCase(t, res.Written[0]); c.Policy != "../../local.yaml" {
		t.Errorf("policy written as %q", c.Policy)
	}
}
