package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/testutil"
)

func options(paths ...string) (*Options, *strings.Builder) {
	var b strings.Builder
	ios := iostreams.New(strings.NewReader(""), &b, os.Stderr)
	return &Options{IO: ios, Today: func() civil.Date { return civil.MustParse("2026-11-23") }, Paths: paths}, &b
}

// TestMalformed runs check on every folder of the malformed corpus (testdata/malformed, one
// folder per kind of mistake) from the repository root, and compares the exit status and the
// output with the folder's expected.txt ("# exit N", then the output); -update rewrites them.
// A panic anywhere in the loader fails the whole run, so this also shows that no folder makes
// check panic.
func TestMalformed(t *testing.T) {
	t.Chdir(testutil.Root(t))
	const corpus = "testdata/malformed"
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		n++
		dir := corpus + "/" + e.Name()
		t.Run(e.Name(), func(t *testing.T) {
			o, out := options(dir)
			err := Run(o)
			if err != nil && err != cmdutil.ErrFindings {
				t.Errorf("error beside the findings: %v", err)
			}
			testutil.File(t, filepath.Join(dir, "expected.txt"), fmt.Sprintf("# exit %d\n%s", cmdutil.ExitCode(err), out))
		})
	}
	if n < 30 {
		t.Errorf("found %d folders in %s, want the whole corpus (30 or more)", n, corpus)
	}
}

// The shipped examples are well-formed as of the day they were written for, and meet their
// policies' record checks.
func TestExamplesClean(t *testing.T) {
	t.Parallel()
	for _, records := range []bool{false, true} {
		o, out := options(testutil.Path(t, "examples"))
		o.Records = records
		if err := Run(o); err != nil || out.String() != "6 cases checked, no problems found\n" {
			t.Errorf("records %v: %v\n%s", records, err, out)
		}
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		cases, errs, warns, bad int
		want                    string
	}{
		{0, 0, 0, 0, "no case folders found (a case folder holds a plan.yaml)"},
		{1, 0, 0, 0, "1 case checked, no problems found"},
		{3, 2, 0, 1, "3 cases checked: 2 errors in 1 case"},
		{3, 1, 2, 1, "3 cases checked: 1 error in 1 case, 2 warnings"},
	} {
		if got := Summary(c.cases, c.errs, c.warns, c.bad); got != c.want {
			t.Errorf("Summary(%d, %d, %d, %d) = %q, want %q", c.cases, c.errs, c.warns, c.bad, got, c.want)
		}
	}
}
