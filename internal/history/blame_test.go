package history

import (
	"os/exec"
	"strings"
	"testing"
)

// A blame keeps only each line's commit and indentation; the record's extent and its commits
// must come out as they would from the text.
func TestParseBlame(t *testing.T) {
	a := strings.Repeat("a", 40)
	c := strings.Repeat("c", 40)
	porcelain := strings.Join([]string{
		a + " 1 1 2", "author x", "filename visits.yaml", "\tvisits:",
		a + " 2 2", "\t  - date: 2026-11-02",
		c + " 3 3 1", "author y", "filename visits.yaml", "\t    seen: true",
		a + " 4 4", "\t",
		uncommitted + " 5 5 1", "\t# a note",
		c + " 6 6", "\t    by: sw1",
		a + " 7 7", "\t  - date: 2026-11-09",
		"",
	}, "\n")
	b, err := parseBlame([]byte(porcelain))
	if err != nil {
		t.Fatal(err)
	}
	if b.lines() != 8 {
		t.Fatalf("lines() = %d, want 8 (7 lines and the placeholder)", b.lines())
	}
	// The record at line 2, column 5 runs over the blank line and the comment to line 6; line 7
	// is indented less.
	if from, to := b.span(2, 5); from != 2 || to != 6 {
		t.Errorf("span(2, 5) = %d, %d; want 2, 6", from, to)
	}
	if from, to := b.span(1, 1); from != 1 || to != 7 {
		t.Errorf("span(1, 1) = %d, %d; want 1, 7", from, to)
	}
	if from, to := b.span(8, 1); from != 0 || to != -1 {
		t.Errorf("span past the end = %d, %d; want 0, -1", from, to)
	}
	want := []string{a, a, c, a, uncommitted, c, a}
	for i, h := range want {
		if got := b.hash(i + 1); got != h {
			t.Errorf("hash(%d) = %.6s, want %.6s", i+1, got, h)
		}
	}
	if len(b.hashes) != 4 { // "", a, c, uncommitted
		t.Errorf("%d distinct hashes kept, want 4", len(b.hashes))
	}
}

// Every git command here reads the object store through bounded windows and caches, so that
// reading a national tree's files does not grow git past the memory cpcase keeps to.
func TestGitIsBounded(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	for key, want := range map[string]string{
		"core.packedGitWindowSize": "16m",
		"core.packedGitLimit":      "48m",
		"core.deltaBaseCacheLimit": "16m",
		"core.quotePath":           "false",
	} {
		out, err := git(t.TempDir(), "config", "--get", key)
		if err != nil {
			t.Fatalf("git config --get %s: %v", key, err)
		}
		if got := strings.TrimSpace(string(out)); got != want {
			t.Errorf("%s = %q in the git cpcase runs, want %q", key, got, want)
		}
	}
}
