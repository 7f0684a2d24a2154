package root

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// exampleNames are the people's names recorded in the examples: members and children.
func exampleNames(t *testing.T) []string {
	t.Helper()
	dirs, err := casefolder.Find([]string{filepath.Join("..", "..", "..", "examples")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, dir := range dirs {
		c, d := casefolder.Load(dir, civil.MustParse("2026-11-23"))
		if d.Errors() > 0 {
			t.Fatalf("example %s: %v", dir, d)
		}
		for _, m := range c.Members {
			if m.Name != "" {
				names = append(names, m.Name)
			}
		}
		for _, ch := range c.Children {
			if ch.Name != "" {
				names = append(names, ch.Name)
			}
		}
	}
	if len(names) < 20 {
		t.Fatalf("found %d names in the examples; the test needs them all", len(names))
	}
	return names
}

// leaks lists the names, and the capitalised words of names ("Ruth" of "Ruth (designated
// safeguarding lead)"), that appear in out as whole words.
func leaks(out string, names []string) []string {
	var found []string
	seen := map[string]bool{}
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		cands := []string{n}
		for _, w := range strings.Fields(n) {
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && utf8.RuneCountInString(w) > 1 {
				cands = append(cands, w)
			}
		}
		for _, c := range cands {
			if !seen[c] && containsWord(out, c) {
				seen[c] = true
				found = append(found, c)
			}
		}
	}
	return found
}

// leakyCopy copies the examples and writes every name of each case where it does not belong, so
// that findings quote it: as an unknown key in plan.yaml and as the chair of a meeting.
func leakyCopy(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "examples")
	if err := os.CopyFS(root, os.DirFS(filepath.Join("..", "..", "..", "examples"))); err != nil {
		t.Fatal(err)
	}
	dirs, _ := casefolder.Find([]string{root})
	for _, dir := range dirs {
		c, _ := casefolder.Load(dir, civil.MustParse("2026-11-23"))
		var extra strings.Builder
		for _, m := range c.Members {
			if m.Name != "" {
				fmt.Fprintf(&extra, "%q: x\n", m.Name)
			}
		}
		for _, ch := range c.Children {
			if ch.Name != "" {
				fmt.Fprintf(&extra, "%q: x\n", ch.Name)
			}
		}
		plan := filepath.Join(dir, "plan.yaml")
		data, _ := os.ReadFile(plan)
		writeFile(t, plan, append(data, extra.String()...))
		meetings := filepath.Join(dir, "meetings.yaml")
		if data, err := os.ReadFile(meetings); err == nil && len(c.Members) > 0 {
			i := strings.Index(string(data), "chair: ")
			if i < 0 {
				continue
			}
			j := i + strings.IndexByte(string(data[i:]), '\n')
			writeFile(t, meetings, []byte(string(data[:i])+fmt.Sprintf("chair: %q", c.Members[0].Name)+string(data[j:])))
		}
	}
	return root
}

// readCommands are every command that prints case data, as run on dir.
func readCommands(dir, outDir string) [][]string {
	asOf := []string{"--as-of", "2026-11-23"}
	cmds := [][]string{
		{"check", dir},
		{"check", "--policy", dir},
		{"due", dir},
		{"due", dir, "--all"},
		{"due", dir, "--all", "--format", "json"},
		{"due", dir, "--all", "--format", "csv"},
		{"due", dir, "--all", "--format", "ics"},
		{"due", dir, "--all", "--format", "ics", "--todo"},
		{"agenda", dir, "--days", "120"},
		{"agenda", dir, "--days", "120", "--format", "json"},
		{"agenda", dir, "--days", "120", "--format", "ics"},
		{"report", dir, "-o", "-"},
		{"report", dir, "--format", "markdown", "-o", "-"},
		{"report", dir, "-o", filepath.Join(outDir, "report.html")},
		{"stats", dir, "--from", "2026-01-01", "--to", "2026-11-23"},
		{"stats", dir, "--from", "2026-01-01", "--to", "2026-11-23", "--by", "team"},
		{"stats", dir, "--from", "2026-01-01", "--to", "2026-11-23", "--by", "worker"},
		{"stats", dir, "--from", "2026-01-01", "--to", "2026-11-23", "--by", "worker", "--format", "json"},
		{"stats", dir, "--from", "2026-01-01", "--to", "2026-11-23", "--by", "worker", "--format", "csv"},
		{"due", dir, "--explain"},
		{"due", dir, "--all", "--explain", "--format", "csv"},
		{"explain", filepath.Join(dir, "s9-three-children")},
		{"explain", filepath.Join(dir, "booking-cadence-set-by-conference"), "--format", "json"},
	}
	for i := range cmds {
		cmds[i] = append(cmds[i], asOf...)
	}
	return cmds
}

// TestRedactEveryCommand runs every command that prints case data with --redact, over the
// examples and over a copy in which every name is quoted by a finding, and finds no name in what
// it prints or writes.
func TestRedactEveryCommand(t *testing.T) {
	t.Parallel()
	names := exampleNames(t)
	for _, tree := range []struct{ name, dir string }{
		{"examples", filepath.Join("..", "..", "..", "examples")},
		{"names in findings", leakyCopy(t)},
	} {
		outDir := t.TempDir()
		for _, args := range readCommands(tree.dir, outDir) {
			args = append(args, "--redact")
			t.Run(tree.name+"/"+strings.Join(args[:1], " "), func(t *testing.T) {
				stdout, stderr, code := cpcase(t, args...)
				if code == ExitUsage {
					t.Fatalf("cpcase %s: exit 2\n%s", strings.Join(args, " "), stderr)
				}
				written := ""
				if data, err := os.ReadFile(filepath.Join(outDir, "report.html")); err == nil {
					written = string(data)
				}
				for what, text := range map[string]string{"standard output": stdout, "standard error": stderr, "report.html": written} {
					if l := leaks(text, names); len(l) > 0 {
						t.Errorf("cpcase %s: %s holds the names %q", strings.Join(args, " "), what, l)
					}
				}
			})
		}
	}
}

// TestRedactNamesInFindings: the leaky copy does quote names, so the test above proves something.
func TestRedactNamesInFindings(t *testing.T) {
	t.Parallel()
	names := exampleNames(t)
	stdout, _, code := cpcase(t, "check", leakyCopy(t), "--as-of", "2026-11-23")
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1", code)
	}
	if l := leaks(stdout, names); len(l) < len(names)/2 {
		t.Errorf("without --redact, findings quote only %d names (%q); the leaky copy is not leaky", len(l), l)
	}
}

// TestRedactJSONAndCSVCarryIDs: the machine formats of due never hold a name, --redact or not:
// children and workers are ids there.
func TestRedactJSONAndCSVCarryIDs(t *testing.T) {
	t.Parallel()
	names := exampleNames(t)
	ex := filepath.Join("..", "..", "..", "examples")
	for format, column := range map[string]string{"json": `"child": "`, "csv": ",child,"} {
		stdout, stderr, code := cpcase(t, "due", ex, "--all", "--as-of", "2026-11-23", "--format", format)
		if code != ExitClean {
			t.Fatalf("due --format %s: exit %d\n%s", format, code, stderr)
		}
		if l := leaks(stdout, names); len(l) > 0 {
			t.Errorf("due --format %s holds the names %q", format, l)
		}
		if !strings.Contains(stdout, column) {
			t.Errorf("due --format %s lacks the child column %q", format, column)
		}
	}
}

// containsWord reports whether w appears in s as a whole word (not inside a longer one).
func containsWord(s, w string) bool {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:at])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (at == 0 || !isWord(before)) && (end == len(s) || !isWord(after)) {
			return true
		}
		i = at + 1
	}
}
