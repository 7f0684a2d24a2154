package root

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := testMain(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestPolicyLintShipped(t *testing.T) {
	files, _ := filepath.Glob("../../../policies/*.yaml")
	args := append([]string{"policy", "lint"}, files...)
	out, _, code := run(t, args...)
	if code != 0 {
		t.Errorf("exit %d, want 0:\n%s", code, out)
	}
	if !strings.HasSuffix(out, "5 policy files linted: 0 errors, 3 warnings\n") || strings.Count(out, "warning: rule ") != 3 {
		t.Errorf("unexpected report:\n%s", out)
	}
	out, _, code = run(t, append(args, "--strict")...)
	if code != 1 || !strings.Contains(out, "3 errors, 0 warnings") {
		t.Errorf("--strict: exit %d, want 1:\n%s", code, out)
	}
}

func TestPolicyLintGitHub(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("id: x\ntitle: X\njurisdicton: scotland\nrules: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_ACTIONS", "true")
	out, _, code := run(t, "policy", "lint", bad)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	wantFirst := "::error file=" + strings.NewReplacer("%", "%25", ":", "%3A", ",", "%2C").Replace(bad) + ",line=3,col=1::unknown key \"jurisdicton\" in a policy (did you mean \"jurisdiction\"?); expected one of: "
	if !strings.HasPrefix(lines[0], wantFirst) {
		t.Errorf("first line is not the annotation:\n%s\nwant prefix\n%s", lines[0], wantFirst)
	}
	// The full text report follows the annotations.
	if !strings.Contains(out, bad+":3:1: unknown key \"jurisdicton\"") || !strings.HasSuffix(out, "1 policy file linted: 1 error, 0 warnings\n") {
		t.Errorf("no text report after the annotations:\n%s", out)
	}
	out, _, _ = run(t, "policy", "lint", "--format", "json", bad)
	if !strings.HasPrefix(out, "[\n  {\n    \"file\": ") || !strings.Contains(out, `"severity": "error"`) {
		t.Errorf("json:\n%s", out)
	}
	_, errOut, code := run(t, "policy", "lint", "--format", "xml", bad)
	if code != 2 || !strings.Contains(errOut, `unknown format "xml"`) {
		t.Errorf("bad format: exit %d, %s", code, errOut)
	}
}

func TestPolicyShow(t *testing.T) {
	out, _, code := run(t, "policy", "show", "core-groups-ch7")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"core-groups-ch7: Core groups and the implementation of the child protection plan (chapter 7)",
		"First core group: a core group within 10 working days of the conference that started the plan (7.7)",
		"Core group after the birth: a core group within 10 days of the birth (7.9)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	_, errOut, code := run(t, "policy", "show", "no-such-policy")
	if code != 2 || !strings.Contains(errOut, `unknown policy "no-such-policy"`) {
		t.Errorf("unknown id: exit %d, %s", code, errOut)
	}
}
