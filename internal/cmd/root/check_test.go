package root

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// malformedRoot holds one case folder per kind of mistake, each with expected.txt: "# exit N" and
// then the exact standard output of check (testdata/malformed/README.md).
const malformedRoot = "testdata/malformed"

// TestCheckMalformed runs check on every folder of the malformed corpus from the repository root
// and compares the exit status and standard output with the folder's expected.txt; -update
// rewrites them. A panic anywhere in the loader fails the whole run, so this also proves that no
// folder makes check panic.
func TestCheckMalformed(t *testing.T) {
	t.Chdir("../../..")
	entries, err := os.ReadDir(malformedRoot)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		n++
		dir := malformedRoot + "/" + e.Name()
		t.Run(e.Name(), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := testMain([]string{"check", "--as-of", "2026-11-23", dir}, &stdout, &stderr)
			if stderr.Len() > 0 {
				t.Errorf("standard error is not empty:\n%s", stderr.String())
			}
			expPath := filepath.Join(dir, "expected.txt")
			got := fmt.Sprintf("# exit %d\n%s", code, stdout.String())
			if *update {
				if err := os.WriteFile(expPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			data, err := os.ReadFile(expPath)
			if err != nil {
				t.Fatalf("%v (go test ./internal/cmd/root -run TestCheckMalformed -update writes it)", err)
			}
			wantCode, wantOut, err := parseExpected(string(data))
			if err != nil {
				t.Fatalf("%s: %v", expPath, err)
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d", code, wantCode)
			}
			if stdout.String() != wantOut {
				t.Errorf("standard output differs from %s (- want, + got; -update rewrites it):\n%s", expPath, lineDiff(wantOut, stdout.String()))
			}
		})
	}
	if n < 30 {
		t.Errorf("found %d folders in %s, want the whole corpus (30 or more)", n, malformedRoot)
	}
}

// parseExpected splits an expected.txt into its exit status and standard output.
func parseExpected(s string) (int, string, error) {
	first, rest, _ := strings.Cut(s, "\n")
	num, ok := strings.CutPrefix(first, "# exit ")
	if !ok {
		return 0, "", fmt.Errorf("first line is %q, want \"# exit N\"", first)
	}
	code, err := strconv.Atoi(num)
	if err != nil {
		return 0, "", fmt.Errorf("first line is %q, want \"# exit N\"", first)
	}
	return code, rest, nil
}

// lineDiff is a line diff of want and got: unchanged lines start with two spaces, lines only in
// want with "- ", lines only in got with "+ ".
func lineDiff(want, got string) string {
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

func TestLineDiff(t *testing.T) {
	got := lineDiff("a\nb\nc\n", "a\nc\nd\n")
	want := "  a\n- b\n  c\n+ d\n"
	if got != want {
		t.Errorf("lineDiff:\n%s\nwant:\n%s", got, want)
	}
	if got := lineDiff("x\n", "x\n"); got != "  x\n" {
		t.Errorf("lineDiff of equal texts = %q", got)
	}
	// a changed line: the wanted one first
	if got := lineDiff("a\nx\nb\n", "a\ny\nb\n"); got != "  a\n- x\n+ y\n  b\n" {
		t.Errorf("lineDiff of a changed line = %q", got)
	}
	if got := lineDiff("", "1 case checked\n"); got != "+ 1 case checked\n" {
		t.Errorf("lineDiff from nothing = %q", got)
	}
}

func TestParseExpected(t *testing.T) {
	code, out, err := parseExpected("# exit 1\nfile:1:1: bad\n1 case checked: 1 error in 1 case\n")
	if err != nil || code != 1 || out != "file:1:1: bad\n1 case checked: 1 error in 1 case\n" {
		t.Errorf("parseExpected = %d, %q, %v", code, out, err)
	}
	if _, _, err := parseExpected("exit 1\n"); err == nil {
		t.Error("parseExpected accepted a first line without \"# exit\"")
	}
	if _, _, err := parseExpected("# exit one\n"); err == nil {
		t.Error("parseExpected accepted a status that is not a number")
	}
}

// The shipped examples are well-formed as of the day they were written for.
func TestCheckExamplesClean(t *testing.T) {
	t.Chdir("../../..")
	var stdout, stderr bytes.Buffer
	code := testMain([]string{"check", "--as-of", "2026-11-23", "examples"}, &stdout, &stderr)
	if code != ExitClean || stderr.Len() > 0 || !strings.HasSuffix(stdout.String(), "cases checked, no problems found\n") {
		t.Errorf("check examples: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
}
