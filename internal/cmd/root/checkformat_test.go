package root

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scratchExamples is a copy of the examples in a temporary folder.
func scratchExamples(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "examples")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s: no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// check warns about a role typo and a visit recorded twice, in text, JSON and GitHub
// annotations; warnings do not fail the run.
func TestCheckWarningsAndFormats(t *testing.T) {
	dir := scratchExamples(t)
	s9 := filepath.Join(dir, "s9-three-children")
	replaceIn(t, filepath.Join(s9, "members.yaml"), "role: lead-social-worker", "role: lead-socialworker")
	visits, _ := os.ReadFile(filepath.Join(s9, "visits.yaml"))
	first := strings.Index(string(visits), "  - ")
	end := strings.Index(string(visits)[first+4:], "  - ") + first + 4
	if err := os.WriteFile(filepath.Join(s9, "visits.yaml"), append(visits, visits[first:end]...), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := cli(t, "", "check", "--as-of", "2026-11-23", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		`members.yaml:10:5: warning: member "sw1" has role "lead-socialworker", which has no meaning in policies; did you mean "lead-social-worker"?`,
		`visits.yaml:25:5: warning: visit on 2026-06-12 by "sw1" (home) is the same as the one at line 7`,
		"6 cases checked: no errors, 2 warnings",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text: no %q in\n%s", want, out)
		}
	}
	js, _, _ := cli(t, "", "check", "--as-of", "2026-11-23", "--format", "json", dir)
	var findings []struct{ File, Severity, Message string }
	if err := json.Unmarshal([]byte(js), &findings); err != nil || len(findings) != 2 || findings[0].Severity != "warning" {
		t.Errorf("json (%v): %s", err, js)
	}
	gh, _, _ := cli(t, "", "check", "--as-of", "2026-11-23", "--format", "github", dir)
	if !strings.HasPrefix(gh, "::warning file=") || !strings.Contains(gh, "members.yaml,line=10,col=5::member") {
		t.Errorf("github:\n%s", gh)
	}
	if _, _, code := cli(t, "", "check", "--format", "xml", dir); code != ExitUsage {
		t.Errorf("--format xml: exit %d", code)
	}
}

// --policy takes an id or a file as on every command, with a space or an =; --records is each
// case's own policy; a bare --policy still works and says it is now --records.
func TestCheckPolicyMeanings(t *testing.T) {
	ex := filepath.Join("..", "..", "..", "examples")
	s9 := filepath.Join(ex, "s9-three-children")
	for _, args := range [][]string{
		{"check", "--as-of", "2026-11-23", "--policy", "core-groups-s9", s9},
		{"check", "--as-of", "2026-11-23", "--policy=core-groups-s9", s9},
	} {
		out, errOut, code := cli(t, "", args...)
		if code != 0 || errOut != "" || out != "1 case checked, no problems found\n" {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	// The value is a policy: an unknown one is named as such.
	if out, _, code := cli(t, "", "check", "--as-of", "2026-11-23", "--policy", "core-groups-s99", s9); code != ExitFindings || !strings.Contains(out, `unknown policy "core-groups-s99"`) {
		t.Errorf("--policy core-groups-s99: exit %d\n%s", code, out)
	}
	out, errOut, code := cli(t, "", "check", "--as-of", "2026-11-23", "--records", ex)
	if code != 0 || errOut != "" || out != "6 cases checked, no problems found\n" {
		t.Errorf("--records: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = cli(t, "", "check", "--as-of", "2026-11-23", "--policy", ex)
	if code != 0 || out != "6 cases checked, no problems found\n" || !strings.Contains(errOut, "now --records") {
		t.Errorf("bare --policy: exit %d\n%s%s", code, out, errOut)
	}
}
