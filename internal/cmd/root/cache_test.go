package root

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/redact"
)

// cacheEntries are the cache folder's entries, without its key.
func cacheEntries(dir string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "*.case"))
	return m
}

// copyExamples copies examples/ to root/examples with the files' times an hour back, so that the
// cache does not hold them back as just written; edit rewrites one file's text on the way.
func copyExamples(t *testing.T, root string, edit func(rel string, data []byte) []byte) {
	t.Helper()
	src := "../../../examples"
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		dst := filepath.Join(root, "examples", rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if edit != nil {
			data = edit(rel, data)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
		return os.Chtimes(dst, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A run with --cache prints exactly what a run without it does: the first run, which fills the
// cache, and the second, which reads every case from it (names for the table come from plan.yaml).
func TestDueWithCacheMatchesTheGoldenFiles(t *testing.T) {
	goldens, err := filepath.Abs("../../../testdata/golden")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	copyExamples(t, root, nil)
	cacheDir := filepath.Join(t.TempDir(), "cache")
	t.Chdir(root)
	for pass := 1; pass <= 2; pass++ {
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
			out, errOut, code := cpcase(t, append([]string{"due", "examples", "--as-of", "2026-11-23", "--cache", cacheDir}, c.args...)...)
			if code != 0 || errOut != "" {
				t.Fatalf("pass %d, %s: exit %d: %s", pass, c.name, code, errOut)
			}
			want, err := os.ReadFile(filepath.Join(goldens, c.name))
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("pass %d: due --cache %v differs from %s\n--- got\n%s\n--- want\n%s", pass, c.args, c.name, out, want)
			}
		}
		if ents := cacheEntries(cacheDir); len(ents) != 6 {
			t.Fatalf("pass %d: %d cache entries, want one per example case (6)", pass, len(ents))
		}
		// The listings' pack of the walk (the second pass reads the cases from it).
		if packs, _ := filepath.Glob(filepath.Join(cacheDir, "pack-*")); len(packs) != 1 {
			t.Fatalf("pass %d: packs %v, want one for the walk over examples", pass, packs)
		}
	}
	// iCalendar output with --names names the children too.
	plain, _, _ := cpcase(t, "due", "examples", "--as-of", "2026-11-23", "--format", "ics", "--names")
	cached, _, _ := cpcase(t, "due", "examples", "--as-of", "2026-11-23", "--format", "ics", "--names", "--cache", cacheDir)
	if cached != plain || !strings.Contains(plain, "EX-S9-0001 Tia:") {
		t.Errorf("due --format ics --cache differs from the run without the cache (or names no child)")
	}
}

// Findings still come from the files: a case with errors is never cached, and a cached case whose
// record checks find something under --redact is read again for the names to redact.
func TestCheckWithCacheReportsAsWithout(t *testing.T) {
	root := t.TempDir()
	copyExamples(t, root, func(rel string, data []byte) []byte {
		switch rel {
		case filepath.Join("ch7-pre-birth-waiting", "meetings.yaml"):
			// the first core group chaired by the housing officer: a record finding
			return bytes.Replace(data, []byte("chair: tm1"), []byte("chair: ho1"), 1)
		case filepath.Join("ch7-pre-birth-waiting", "members.yaml"):
			return bytes.Replace(data, []byte("role: housing-officer"), []byte("role: housing officer for Amira"), 1)
		case filepath.Join("scotland-plan-ended", "visits.yaml"):
			return append(data, "  - {date: 2026-02-30, by: sw1}\n"...) // a format error
		}
		return data
	})
	cacheDir := filepath.Join(t.TempDir(), "cache")
	t.Chdir(root)
	for _, args := range [][]string{
		{"check", "examples"},
		{"check", "--policy", "examples"},
		{"check", "--policy", "--redact", "examples"},
		{"due", "examples"},
	} {
		args = append(args, "--as-of", "2026-11-23")
		wantOut, wantErr, wantCode := cpcase(t, args...)
		for pass := 1; pass <= 2; pass++ {
			out, errOut, code := cpcase(t, append(args, "--cache", cacheDir)...)
			if out != wantOut || errOut != wantErr || code != wantCode {
				t.Errorf("%v --cache, pass %d: exit %d\n%s%s\nwant exit %d\n%s%s", args, pass, code, out, errOut, wantCode, wantOut, wantErr)
			}
		}
		if wantCode != 1 {
			t.Errorf("%v: exit %d, want 1 (the broken date)", args, wantCode)
		}
	}
	out, _, _ := cpcase(t, "check", "--policy", "--redact", "examples", "--as-of", "2026-11-23", "--cache", cacheDir)
	if !strings.Contains(out, `chaired by "ho1" (housing officer for `+redact.Label("Amira")+`)`) || strings.Contains(out, "Amira") {
		t.Errorf("check --policy --redact --cache: want the finding with the name redacted:\n%s", out)
	}
	// Not cached: the one with an error, and the one whose role is a phrase (free text).
	if ents := cacheEntries(cacheDir); len(ents) != 4 {
		t.Errorf("%d cache entries, want 4: every example but the one with an error and the one with a free-text role", len(ents))
	}
}

func TestCacheFolderOthersCanReadIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := cpcase(t, "due", "../../../examples", "--cache", dir)
	if code != 2 || !strings.Contains(errOut, "--cache: cache folder") || !strings.Contains(errOut, "chmod 700") {
		t.Errorf("exit %d, %q; want exit 2 refusing the folder", code, errOut)
	}
}
