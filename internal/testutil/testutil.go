// Package testutil holds what the tests share: the one -update flag, golden files compared with
// a line diff, the repository's root, and copies of the examples to work on.
package testutil

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update is -update: rewrite the golden files (and the scripts' expected output) from what the
// code prints now. It is the only such flag in the repository.
var update = flag.Bool("update", false, "rewrite golden files and the scripts' expected output")

// Update reports whether -update was given.
func Update() bool { return *update }

// Root is the repository's root: the folder of go.mod, found from the working directory up.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Path is a path inside the repository, given with slashes from its root ("examples/ci").
func Path(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(Root(t), filepath.FromSlash(rel))
}

// Golden compares got with the golden file testdata/golden/NAME, or rewrites it under -update.
func Golden(t testing.TB, name, got string) {
	t.Helper()
	File(t, Path(t, "testdata/golden/"+name), got)
}

// File compares got with the file at path, or rewrites it under -update.
func File(t testing.TB, path, got string) {
	t.Helper()
	if msg := Compare(path, got); msg != "" {
		t.Error(msg)
	}
}

// Compare compares got with the file at path, or rewrites it under -update, and says what is
// wrong ("" for nothing).
func Compare(path, got string) string {
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err.Error()
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			return err.Error()
		}
		return ""
	}
	want, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("%v (-update writes it)", err)
	}
	if got != string(want) {
		return fmt.Sprintf("%s differs (- want, + got; -update rewrites it):\n%s", path, LineDiff(string(want), got))
	}
	return ""
}

// LineDiff is a line diff of want and got: unchanged lines start with two spaces, lines only in
// want with "- ", lines only in got with "+ ".
func LineDiff(want, got string) string {
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	}
	a, b := split(want), split(got)
	// lcs[i][j] is the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out.WriteString("  " + a[i] + "\n")
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			out.WriteString("- " + a[i] + "\n")
			i++
		default:
			out.WriteString("+ " + b[j] + "\n")
			j++
		}
	}
	return out.String()
}

// CopyTree copies the folder src into a new temporary folder and returns the copy.
func CopyTree(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// ReadDir is the files of the folder dir (not its subfolders' files), by name, with their text.
func ReadDir(t testing.TB, dir string) map[string]string {
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

// Examples is a fresh copy of the repository's examples/ (or of one example, given its name).
func Examples(t testing.TB, name ...string) string {
	t.Helper()
	return CopyTree(t, Path(t, filepath.Join(append([]string{"examples"}, name...)...)))
}
