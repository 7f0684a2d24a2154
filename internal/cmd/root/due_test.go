package root

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/golden/NAME (run from the repo root), or rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cmd/root -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./internal/cmd/root -run %s -update rewrites it)\n--- got\n%s\n--- want\n%s", path, t.Name(), got, want)
	}
}

// The examples as of the day they were written for, in every format: the table a manager reads,
// the audit view, and the JSON and CSV that scripts parse.
func TestDueExamplesGolden(t *testing.T) {
	t.Chdir("../../..")
	for _, c := range []struct {
		name string
		args []string
	}{
		{"due/examples.txt", nil},
		{"due/examples-all.txt", []string{"--all"}},
		{"due/examples.json", []string{"--format", "json"}},
		{"due/examples-all.csv", []string{"--all", "--format", "csv"}},
		{"due/examples-redacted.txt", []string{"--redact"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, append([]string{"due", "examples", "--as-of", "2026-11-23"}, c.args...)...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, c.name, out)
		})
	}
}

func TestDueFailOn(t *testing.T) {
	t.Chdir("../../..")
	for _, c := range []struct {
		failOn string
		want   int
	}{{"never", 0}, {"overdue", 1}, {"due", 1}} {
		_, _, code := run(t, "due", "examples", "--as-of", "2026-11-23", "--fail-on", c.failOn)
		if code != c.want {
			t.Errorf("--fail-on %s: exit %d, want %d", c.failOn, code, c.want)
		}
	}
	// Before the conference nothing had happened: nothing to show. The birth recorded since (28
	// Aug) is not an error: only a birth after the real today is.
	out, _, code := run(t, "due", "examples/ch7-pre-birth-born", "--as-of", "2026-01-05", "--fail-on", "overdue")
	if code != 0 || !strings.Contains(out, "Nothing overdue, due, waiting or without a timescale in 1 case.") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestDueUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"due", "--as-of", "2026-02-30"}, "cpcase: --as-of: 2026-02-30 is not a real calendar date"},
		{[]string{"due", "--within", "2 wekks"}, `cpcase: --within: unknown unit "wekks"`},
		{[]string{"due", "--format", "xml"}, `cpcase: --format: unknown format "xml" (expected table, json, csv or ics)`},
		{[]string{"due", "--fail-on", "late"}, `cpcase: --fail-on: unknown value "late" (expected overdue, due or never)`},
		{[]string{"due", "no/such/folder"}, "cpcase: no/such/folder: no such file or directory"},
		{[]string{"due", "--bogus"}, "cpcase: unknown flag: --bogus"},
	} {
		out, errOut, code := run(t, c.args...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}

// A case with errors is reported with its positions and not evaluated; the others still are.
func TestDueBrokenCase(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	bad := filepath.Join(dir, "bad")
	for _, d := range []string{good, bad} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(good, "plan.yaml"), "case: G-1\npolicy: core-groups-ch7\nchildren: [{id: a}]\nconferences: [{kind: initial, date: 2026-11-02, decision: plan}]\n")
	write(filepath.Join(bad, "plan.yaml"), "case: B-1\npolicy: core-groups-ch7\nchildren: [{id: a}]\nconferences: [{kind: initial, date: 2026-11-31, decision: plan}]\n")
	out, errOut, code := run(t, "due", dir, "--as-of", "2026-11-23", "--format", "csv")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	wantErr := filepath.Join(bad, "plan.yaml") + ":4:37: date: 2026-11-31 is not a real calendar date\n1 case was not evaluated: fix the errors above\n"
	if errOut != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", errOut, wantErr)
	}
	// 10 working days after Mon 2 Nov 2026: 3,4,5,6,9,10,11,12,13,16 Nov -> Mon 16 Nov: overdue.
	if !strings.Contains(out, "G-1,core-groups-ch7,first-core-group,First core group,,2026-11-16,overdue,,7,") {
		t.Errorf("the good case was not evaluated:\n%s", out)
	}
}

// A folder with no case in it is an error, so a mistyped path never looks like a clean caseload.
func TestNoCaseFolders(t *testing.T) {
	for _, cmd := range []string{"check", "due"} {
		out, errOut, code := run(t, cmd, t.TempDir())
		if code != 2 || out != "" || !strings.Contains(errOut, "no case folders found in ") {
			t.Errorf("%s on an empty folder: exit %d, stdout %q, stderr %q", cmd, code, out, errOut)
		}
	}
}
