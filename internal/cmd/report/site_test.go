package report

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/testutil"
)

func writeSite(t *testing.T, dir string, paths ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	o := &Options{IO: ios, Paths: paths, AsOf: "2026-11-23", Output: dir, OutputSet: true, Format: "html", Within: "14 days"}
	err := Run(o)
	return out.String(), err
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var href = regexp.MustCompile(`href="([^"#]+)"`)

// -o DIR/ writes a front page, a page per team and a page per case; every link leads to a page
// that is there; the front page lists teams with their overdue counts and no timeline, each case
// page has its timeline and what is still to do.
func TestReportFolderOfPages(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "site") + "/"
	printed, err := writeSite(t, dir, testutil.Path(t, "examples"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Wrote " + filepath.Join(dir, "index.html") + ": 6 cases, 8 overdue, 8 due soon.\n"; printed != want {
		t.Errorf("printed %q, want %q", printed, want)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	cases, teams := 0, 0
	for _, n := range names {
		cases += b2i(strings.HasPrefix(n, "case-"))
		teams += b2i(strings.HasPrefix(n, "team-"))
	}
	if !slices.Contains(names, "index.html") || cases != len(exampleRefs) || teams != 5 {
		t.Fatalf("wrote %v: want index.html, %d case pages and 5 team pages", names, len(exampleRefs))
	}
	index := read(t, filepath.Join(dir, "index.html"))
	if strings.Contains(index, "<svg class=\"timeline\"") || !strings.Contains(index, `id="by-team"`) {
		t.Error("the front page should list the teams and draw no timeline")
	}
	if strings.Index(index, `id="by-team"`) > strings.Index(index, "Most overdue") {
		t.Error("the teams should come before the list of overdue obligations")
	}
	linked := map[string]bool{}
	for _, n := range names {
		for _, m := range href.FindAllStringSubmatch(read(t, filepath.Join(dir, n)), -1) {
			linked[m[1]] = true
			if _, err := os.Stat(filepath.Join(dir, m[1])); err != nil {
				t.Errorf("%s links to %s, which is not there", n, m[1])
			}
		}
	}
	for _, n := range names {
		if n != "index.html" && !linked[n] {
			t.Errorf("no page links to %s", n)
		}
	}
	for _, ref := range exampleRefs {
		for _, n := range names {
			if strings.HasPrefix(n, "case-"+strings.ToLower(ref)+"-") {
				page := read(t, filepath.Join(dir, n))
				if !strings.Contains(page, `<section class="case" id="case-`+ref+`"`) || !strings.Contains(page, `<svg class="timeline"`) {
					t.Errorf("%s lacks its case section or timeline", n)
				}
			}
		}
	}
}

// A later run removes the pages of cases that are gone, and nothing else in the folder.
func TestReportFolderRemovesOnlyItsOldPages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := writeSite(t, dir, testutil.Path(t, "examples")); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "notes.html")
	os.WriteFile(mine, []byte("mine"), 0o644)
	if _, err := writeSite(t, dir, filepath.Join(testutil.Path(t, "examples"), "s9-three-children")); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	cases := 0
	for _, e := range ents {
		cases += b2i(strings.HasPrefix(e.Name(), "case-"))
	}
	if cases != 1 {
		t.Errorf("%d case pages after a run over one case, want 1", cases)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Error("a file the report did not write was removed")
	}
}

// A folder of pages is HTML only.
func TestReportFolderNotMarkdown(t *testing.T) {
	t.Parallel()
	ios, _, _, _ := iostreams.Test()
	o := &Options{IO: ios, Paths: []string{testutil.Path(t, "examples")}, AsOf: "2026-11-23", Output: t.TempDir(), OutputSet: true, Format: "markdown", Within: "14 days"}
	var ue cmdutil.UsageError
	if err := Run(o); !errors.As(err, &ue) {
		t.Errorf("markdown into a folder: %v, want a usage error", err)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
