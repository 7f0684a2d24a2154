package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

var testAsOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// readTree maps each file's path (relative to dir) to its bytes.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, run := range []struct {
		dir  string
		seed uint64
	}{{a, 7}, {b, 7}, {c, 8}} {
		if err := Generate(run.dir, 20, run.seed, testAsOf); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb, tc := readTree(t, a), readTree(t, b), readTree(t, c)
	if len(ta) != 80 {
		t.Fatalf("20 cases gave %d files, want 80", len(ta))
	}
	if len(ta) != len(tb) {
		t.Fatalf("same seed: %d files, then %d", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("same seed: %s differs between runs", name)
		}
	}
	same := len(ta) == len(tc)
	for name, data := range ta {
		same = same && bytes.Equal(data, tc[name])
	}
	if same {
		t.Error("seeds 7 and 8 gave identical trees")
	}
}

// TestValid loads every generated case with the case loader: no errors, references unique.
func TestValid(t *testing.T) {
	dir := t.TempDir()
	if err := Generate(dir, 300, 1, testAsOf); err != nil {
		t.Fatal(err)
	}
	today := civil.New(2026, time.November, 23)
	refs := map[string]string{}
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != casefolder.PlanFile {
			return err
		}
		n++
		caseDir := filepath.Dir(path)
		c, diags := casefolder.Load(caseDir, today)
		if diags.Errors() > 0 {
			for _, dg := range diags {
				t.Errorf("%s", dg)
			}
			return nil
		}
		if prev, dup := refs[c.Ref]; dup {
			t.Errorf("case reference %s used by %s and %s", c.Ref, prev, caseDir)
		}
		refs[c.Ref] = caseDir
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 300 {
		t.Errorf("found %d cases, want 300", n)
	}
}

func TestLayoutTeams(t *testing.T) {
	for _, n := range []int{0, 1, 20, 99, 100, 499, 500, 501, 599, 600, 601, 1000, 50000} {
		for seed := uint64(1); seed <= 20; seed++ {
			sum := 0
			for _, tm := range layoutTeams(n, seed) {
				if tm.first != sum {
					t.Fatalf("n=%d seed=%d: team starts at %d, want %d", n, seed, tm.first, sum)
				}
				if tm.size > 500 || tm.size < 100 && n >= 100 || tm.size < 1 {
					t.Errorf("n=%d seed=%d: team of %d cases", n, seed, tm.size)
				}
				sum += tm.size
			}
			if sum != n {
				t.Errorf("n=%d seed=%d: teams hold %d cases", n, seed, sum)
			}
		}
	}
}
