package root

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/config"
	"github.com/cpcase/cpcase/internal/iostreams"
)

// helpExample is one command line printed by a command's --help.
type helpExample struct {
	cmd  string // the command whose help prints it
	line string
	args []string
	repo bool // written "cd my-cases-repo && cpcase ...": it reads git's history
}

// helpExamples are every cpcase command line in every command's Example, continuation lines
// joined, with what the shell would do to it: a comment, a pipe and a redirection cut off, a
// process substitution's command taken out, quotes removed. Lines that run another program
// (man -l ...) are left out.
func helpExamples(t *testing.T, root *cobra.Command) []helpExample {
	t.Helper()
	var out []helpExample
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		text := strings.ReplaceAll(c.Example, "\\\n", " ")
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			// "cd my-cases-repo && cpcase ...": the history examples, run in a git repository
			// (the scratch folder becomes one before them).
			rest, repo := strings.CutPrefix(line, "cd my-cases-repo && ")
			line = rest
			if i := strings.Index(line, "<(cpcase "); i >= 0 {
				line = strings.TrimSuffix(line[i+2:], ")")
			}
			if !strings.HasPrefix(line, "cpcase ") {
				continue
			}
			words := shellWords(t, line)
			out = append(out, helpExample{cmd: c.CommandPath(), line: line, args: words[1:], repo: repo})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// shellWords splits a line as sh would for these examples: quotes, a comment, and the end of the
// command at a pipe or a redirection.
func shellWords(t *testing.T, line string) []string {
	var words []string
	var cur strings.Builder
	inWord, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case (r == '#' || r == '|' || r == '>') && !inWord:
			return words
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("unclosed quote in %q", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// TestEveryHelpExampleRuns runs every example of every command's --help, in a scratch folder
// holding copies of examples/ and policies/ (and cases/, the same cases under the name the
// examples use), the way a person would paste them: init and add first, since the others use
// the case init makes. None may panic or exit with a usage error (exit 2 or more); findings
// (exit 1) are what some examples are for.
func TestEveryHelpExampleRuns(t *testing.T) {
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	scratch := t.TempDir()
	for _, d := range []string{"examples", "policies"} {
		if err := os.CopyFS(filepath.Join(scratch, d), os.DirFS(filepath.Join(repo, d))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(scratch, "cases"), os.DirFS(filepath.Join(repo, "examples"))); err != nil {
		t.Fatal(err)
	}
	// policies/local.yaml is the examples' name for a policy of your own.
	s9, _ := os.ReadFile(filepath.Join(repo, "policies", "core-groups-s9.yaml"))
	local := strings.Replace(string(s9), "id: core-groups-s9", "id: local", 1)
	if err := os.WriteFile(filepath.Join(scratch, "policies", "local.yaml"), []byte(local), 0o644); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(scratch, "home")
	env := config.Env{
		Getenv: func(k string) string {
			return map[string]string{"HOME": home, "CPCASE_STAFF": "e10432"}[k]
		},
		ConfigDir: func() (string, error) { return filepath.Join(home, ".config"), nil },
		ReadFile:  os.ReadFile,
	}
	t.Chdir(scratch)
	now := func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	examples := helpExamples(t, NewCmdRoot(&cmdutil.Factory{IOStreams: iostreams.New(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}), Now: now}))
	first := func(e helpExample) int {
		switch {
		case strings.HasPrefix(e.cmd, "cpcase init"):
			return 0
		case strings.HasPrefix(e.cmd, "cpcase add"):
			return 1
		case e.repo:
			return 3
		}
		return 2
	}
	slices.SortStableFunc(examples, func(a, b helpExample) int { return first(a) - first(b) })
	if len(examples) < 40 {
		t.Fatalf("only %d examples found", len(examples))
	}
	seen := map[string]bool{}
	history := false
	for _, e := range examples {
		if seen[e.line] {
			continue // the same line in a command's help and its parent's
		}
		seen[e.line] = true
		if e.repo && !history {
			// changes, explain --at and due --at read git's history: after every other example
			// has run outside one (as a pasted line would), the scratch folder becomes a
			// repository with a few weeks of it.
			gitHistory(t, scratch)
			history = true
		}
		args := slices.Clone(e.args)
		for i, a := range args {
			if strings.HasPrefix(a, "~/") {
				args[i] = filepath.Join(home, a[2:])
			}
			if strings.ContainsAny(a, "*?") {
				if m, _ := filepath.Glob(a); len(m) > 0 {
					args = slices.Concat(args[:i], m, args[i+1:])
				}
			}
		}
		var out, errOut bytes.Buffer
		f := &cmdutil.Factory{IOStreams: iostreams.New(strings.NewReader(""), &out, &errOut), Now: now, GC: testGC, ConfigEnv: &env}
		code := Main(f, args)
		t.Logf("exit %d: %s", code, e.line)
		if code > 1 || strings.Contains(errOut.String(), "internal error") || strings.Contains(errOut.String(), "goroutine ") {
			t.Errorf("%s (from %s --help): exit %d\n%s", e.line, e.cmd, code, errOut.String())
		}
	}
}

// gitHistory makes dir a git repository of six commits, one a day from Mon 2 Nov 2026, the
// third tagged last-review, the last changing a visit.
func gitHistory(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on the PATH: the history examples cannot run")
	}
	git := func(date string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=T",
			"GIT_COMMITTER_EMAIL=t@example.org", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date, "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("2026-11-02T09:00:00Z", "init", "-q")
	for i := range 6 {
		date := fmt.Sprintf("2026-11-%02dT09:00:00Z", 2+i)
		if i > 0 {
			f, err := os.OpenFile(filepath.Join(dir, "cases", "NR-2026-0142", "visits.yaml"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(f, "# day %d\n", i)
			f.Close()
		}
		git(date, "add", "-A")
		git(date, "commit", "-q", "-m", fmt.Sprintf("day %d", i))
		if i == 2 {
			git(date, "tag", "last-review")
		}
	}
}

// A panic still caught at the top is one line naming it an internal error, with exit status 3,
// and no stack trace.
func TestPanicIsOneLine(t *testing.T) {
	var out, errOut bytes.Buffer
	f := &cmdutil.Factory{IOStreams: iostreams.New(strings.NewReader(""), &out, &errOut), GC: testGC,
		Now: func() time.Time { panic("clock broke\n\tat somewhere") }}
	code := Main(f, []string{"due", "../../../examples"})
	if code != 3 {
		t.Errorf("exit %d, want 3", code)
	}
	if got := errOut.String(); got != "cpcase: internal error (a bug in cpcase, please report it with the command you ran): clock broke at somewhere\n" {
		t.Errorf("stderr %q", got)
	}
}
