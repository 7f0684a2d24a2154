package root

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/config"
	"github.com/cpcase/cpcase/internal/iostreams"
)

// TestReadmeWalkthrough runs the README's step-by-step block line by line, as a person pasting
// it at the top of a fresh clone would (a scratch folder holding copies of examples/ and
// policies/), each line in-process by a clock on the walk-through's day. Every line must exit
// 0; the block may hold only cpcase lines, so that nothing in it goes untested.
func TestReadmeWalkthrough(t *testing.T) {
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "<!-- walk-through:")
	if !ok {
		t.Fatal("README.md has no walk-through block")
	}
	_, rest, _ = strings.Cut(rest, "```sh\n")
	block, _, _ := strings.Cut(rest, "```")
	scratch := t.TempDir()
	for _, d := range []string{"examples", "policies"} {
		if err := os.CopyFS(filepath.Join(scratch, d), os.DirFS(filepath.Join(repo, d))); err != nil {
			t.Fatal(err)
		}
	}
	env := config.Env{Getenv: func(string) string { return "" },
		ConfigDir: func() (string, error) { return filepath.Join(scratch, "config"), nil }, ReadFile: os.ReadFile}
	t.Chdir(scratch)
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	var outputs []string
	n := 0
	for _, line := range strings.Split(strings.ReplaceAll(block, "\\\n", " "), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words := shellWords(t, line)
		if words[0] != "cpcase" {
			t.Fatalf("the walk-through runs %q: only cpcase lines can be tested", line)
		}
		var out, errOut bytes.Buffer
		f := &cmdutil.Factory{IOStreams: iostreams.New(strings.NewReader(""), &out, &errOut), Now: now, GC: testGC, ConfigEnv: &env}
		if code := Main(f, words[1:]); code != 0 {
			t.Errorf("%s: exit %d\n%s%s", line, code, out.String(), errOut.String())
		}
		outputs = append(outputs, out.String())
		n++
	}
	if n < 6 {
		t.Fatalf("only %d lines run", n)
	}
	// What the walk-through shows, worked by hand: the first core group of 13 Nov met the ten
	// working days of 9.2.4; its notes are due five working days later, Fri 20 Nov, and overdue
	// by 3 days on Mon 23 Nov; Tia and Leo were last seen on 6 Nov, ten working days on is 20 Nov.
	all := strings.Join(outputs, "\n")
	for _, want := range []string{
		"made case folder cases/NR-2026-0201",
		"1 case checked, no problems found",
		"Core group notes circulated (core group 2026-11-13)  Fri 20 Nov 2026  overdue by 3",
		"tia    Child seen                                           Fri 20 Nov 2026  overdue by 3",
		// Fri 20 Nov to Mon 23 Nov: 3 calendar days, 1 working day.
		"\"days\": 3,",
		"\"working_days\": 1\n",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the walk-through's output has no %q:\n%s", want, all)
		}
	}
	if _, err := os.Stat(filepath.Join(scratch, "report.html")); err != nil {
		t.Error(err)
	}
}
