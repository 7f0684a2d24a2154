package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/filter"
)

func run(t *testing.T, paths []string, format string, f filter.Filter) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	o := &Options{IO: ios, Today: func() civil.Date { return civil.MustParse("2026-11-23") }, Paths: paths,
		Output: "-", OutputSet: true, Format: format, AsOf: "2026-11-23", Within: "14 days", Filter: f}
	err := Run(o)
	return out.String(), err
}

// The filters choose the cases and obligations of the report, in both formats; a case that
// cannot be read is named in it.
func TestReportFiltersAndNotChecked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "examples")
	if err := os.CopyFS(dir, os.DirFS("../../../examples")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "ch7-pre-birth-waiting", "visits.yaml")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "by: sw1", "by: sw11", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"markdown", "html"} {
		out, err := run(t, []string{dir}, format, filter.Filter{Teams: []string{"Team North (example)", "Team East (example)"}})
		if err == nil {
			t.Errorf("%s: exit 0 with a case not checked", format)
		}
		if !strings.Contains(out, "EX-S9-0001") || !strings.Contains(out, "EX-CH7-0001") || strings.Contains(out, "EX-BK-0001") || strings.Contains(out, "EX-W17-0001") {
			t.Errorf("%s: the team filter:\n%.2000s", format, out)
		}
		if !strings.Contains(out, "ch7-pre-birth-waiting") || !strings.Contains(out, "sw11") {
			t.Errorf("%s: the case not checked is not named", format)
		}
	}
	out, _ := run(t, []string{dir}, "markdown", filter.Filter{Teams: []string{"Team West (example)"}})
	if strings.Contains(out, "ch7-pre-birth-waiting") {
		t.Errorf("a case not checked of another team (its team known) is named:\n%.1500s", out)
	}
}
