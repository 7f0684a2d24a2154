package root

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cpcase/cpcase/internal/redact"
)

// interopDay is the as-of date of the hand-made SSD family (internal/interop/ssd/testdata/family).
var interopDay = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func runAt(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	out, errOut, code := cpcaseAt(t, func() time.Time { return interopDay }, args...)
	return code, out, errOut
}

// End to end: import the SSD family, check it, export List 7 as CSV and as a workbook, import
// again, and the refusals and usage errors.
func TestImportCheckExport(t *testing.T) {
	extract := filepath.Join("..", "..", "interop", "ssd", "testdata", "family")
	cases := filepath.Join(t.TempDir(), "cases")
	code, out, errOut := runAt(t, "import", "ssd", extract, "-o", cases, "--policy", "core-groups-s9")
	want := "read 3 children with 3 plans from " + extract + "\n"
	if code != ExitClean || !strings.HasPrefix(out, want) || errOut != "" {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	for _, line := range []string{"wrote 1 case folder to " + cases + "\n", "wrote the editors' JSON Schemas to " + filepath.Join(cases, "schemas"),
		"reconcile report: " + filepath.Join(cases, "ssd-reconcile.md") + "\n"} {
		if !strings.Contains(out, line) {
			t.Errorf("import output lacks %q:\n%s", line, out)
		}
	}
	if code, out, _ := runAt(t, "check", "--as-of", "2026-11-23", cases); code != ExitClean || out != "1 case checked, no problems found\n" {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	code, out, errOut = runAt(t, "export", "annex-a", "--list", "7", "--redact", cases)
	if code != ExitClean || errOut != "" {
		t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
	}
	jb := redact.Label("Jo Bloggs")
	wantCSV := "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Does the Child have a Disability," +
		"Child Protection Plan Start Date,Initial Category of Abuse,Latest Category of Abuse,Date of the Last Statutory Visit," +
		"Was the Child Seen Alone?,Date of latest review conference,Child Protection Plan End Date," +
		"Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)," +
		"Number of Previous Child Protection Plans,Allocated Team,Allocated Worker\n" +
		"p1,b) Female,a) WBRI,02/04/2019,7,b) No,01/06/2026,a) Neglect,d) Emotional abuse,10/11/2026,b) No,28/08/2026,,b) No,0,Team South," + jb + "\n" +
		"p2,a) Male,k) APKN,01/06/2021,5,a) Yes,01/06/2026,b) Physical abuse,b) Physical abuse,03/06/2026,b) No,01/09/2026,01/09/2026,b) No,0,Team South," + jb + "\n" +
		"p3,c) Not stated/recorded,u) UNKNOWN,,,,01/06/2026,a) Neglect,a) Neglect,,,28/08/2026,,b) No,0,Team South," + jb + "\n"
	if out != wantCSV {
		t.Errorf("List 7:\n got %q\nwant %q", out, wantCSV)
	}
	book := filepath.Join(t.TempDir(), "list7.xlsx")
	code, out, _ = runAt(t, "export", "annex-a", "--list", "7", cases, "-o", book)
	if code != ExitClean || out != "Wrote "+book+": Annex A List 7 as of 2026-11-23, 3 children.\n" {
		t.Errorf("export -o: exit %d\n%s", code, out)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatalf("excelize cannot open %s: %v", book, err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("List 7", "Q2"); v != "Jo Bloggs" {
		t.Errorf("Q2 = %q, want the worker's name (not redacted)", v)
	}
	if v, _ := f.GetCellValue("List 7", "J2"); v != "10/11/2026" {
		t.Errorf("J2 = %q, want the last statutory visit", v)
	}

	// Again: nothing written, nothing differs.
	code, out, _ = runAt(t, "import", "ssd", extract, "-o", cases, "--policy", "core-groups-s9")
	if code != ExitClean || !strings.Contains(out, "wrote 0 case folders to "+cases+"; 1 case already there, left as they are (0 differ from the extract)\n") {
		t.Errorf("second import: exit %d\n%s", code, out)
	}

	// A cell that cannot be read: named, and nothing written.
	bad := filepath.Join(t.TempDir(), "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ssd_person", "ssd_cp_plans"} {
		b, err := os.ReadFile(filepath.Join(extract, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if name == "ssd_cp_plans" {
			b = bytes.Replace(b, []byte("NEG"), []byte("Domestic abuse"), 1)
		}
		if err := os.WriteFile(filepath.Join(bad, name+".csv"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(t.TempDir(), "other")
	code, out, _ = runAt(t, "import", "ssd", bad, "-o", other, "--policy", "core-groups-s9")
	if code != ExitFindings || !strings.HasPrefix(out, filepath.Join(bad, "ssd_cp_plans.csv")+":2:24: row 1, column cppl_cp_plan_initial_category: \"Domestic abuse\" is not a category of abuse") ||
		!strings.HasSuffix(out, "nothing written: 1 problem in the extract to put right first\n") {
		t.Errorf("refused import: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Error("a refused import wrote something")
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "annex-a", "--list", "5", cases}, "--list 5: List 5 needs section 47 enquiries"},
		{[]string{"export", "annex-a", cases}, `required flag(s) "list" not set`},
		{[]string{"export", "annex-a", "--list", "7", "--format", "ods", cases}, `--format: unknown format "ods"`},
		{[]string{"import", "ssd", extract, "--policy", "core-groups-s9"}, `required flag(s) "output" not set`},
		{[]string{"import", "ssd", extract, "-o", other, "--policy", "core-groups-s9", "--visit-kind", "car"}, `--visit-kind: "car" is not a visit kind`},
		{[]string{"import", "ssd", filepath.Join(extract, "nowhere"), "-o", other, "--policy", "core-groups-s9"}, "no such file or directory"},
	} {
		code, _, errOut := runAt(t, tc.args...)
		if code != ExitUsage || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "goroutine") {
			t.Errorf("%v: exit %d\n%s", tc.args, code, errOut)
		}
	}
}
