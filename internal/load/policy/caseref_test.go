package policy

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Row 13 of the hostile-files table: policy: ../../../etc/passwd or an absolute path was read,
// and findings quoted its first bytes.
func TestCaseRefStaysInTree(t *testing.T) {
	tree := t.TempDir()
	outside := t.TempDir()
	caseDir := filepath.Join(tree, "cases", "c1")
	os.MkdirAll(caseDir, 0o755)
	os.MkdirAll(filepath.Join(tree, "policies"), 0o755)
	os.WriteFile(filepath.Join(tree, "policies", "local.yaml"), []byte("id: local\n"), 0o644)
	os.WriteFile(filepath.Join(outside, "secret.yaml"), []byte("token: x\n"), 0o644)
	roots := []string{tree}

	for _, c := range []struct{ ref, want, err string }{
		{"core-groups-ch7", "core-groups-ch7", ""},
		{"../../policies/local.yaml", realPath(t, filepath.Join(tree, "policies", "local.yaml")), ""},
		{"/etc/passwd", "", "absolute path"},
		{"../../../../../../../../etc/passwd", "", "outside the folders being checked"},
		{filepath.Join("..", "..", "..", filepath.Base(outside), "secret.yaml"), "", "outside"},
		{"../../policies/missing.yaml", filepath.Join(caseDir, "../../policies/missing.yaml"), ""},
	} {
		got, err := CaseRef(c.ref, caseDir, roots)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "--policy") {
				t.Errorf("CaseRef(%q) = %q, %v; want an error saying %q and pointing to --policy", c.ref, got, err, c.err)
			}
			continue
		}
		if err != nil || realPath(t, got) != realPath(t, c.want) && got != c.want {
			t.Errorf("CaseRef(%q) = %q, %v; want %q", c.ref, got, err, c.want)
		}
	}
	if runtime.GOOS == "windows" {
		return
	}
	// a link inside the tree that leads out of it
	os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(caseDir, "p.yaml"))
	if _, err := CaseRef("p.yaml", caseDir, roots); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("a link out of the tree: %v", err)
	}
}

func realPath(t *testing.T, p string) string {
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		return p // not there: compared as given
	}
	a, _ := filepath.Abs(r)
	return a
}

// ./policies, where ids resolve, is allowed too: cpcase init points a case there.
func TestCaseRefLocalPolicies(t *testing.T) {
	repo := t.TempDir()
	os.MkdirAll(filepath.Join(repo, "cases", "c1"), 0o755)
	os.MkdirAll(filepath.Join(repo, "policies"), 0o755)
	os.WriteFile(filepath.Join(repo, "policies", "local.yaml"), []byte("id: local\n"), 0o644)
	os.WriteFile(filepath.Join(repo, "other.yaml"), []byte("id: x\n"), 0o644)
	t.Chdir(repo)
	caseDir := filepath.Join("cases", "c1")
	if got, err := CaseRef("../../policies/local.yaml", caseDir, []string{"cases"}); err != nil || realPath(t, got) != realPath(t, filepath.Join(repo, "policies", "local.yaml")) {
		t.Errorf("./policies: %q, %v", got, err)
	}
	if _, err := CaseRef("../../other.yaml", caseDir, []string{"cases"}); err == nil {
		t.Error("a file beside ./policies, outside the cases, was allowed")
	}
}

// A file that is not a policy is reported without a byte of it quoted.
func TestNotAPolicyIsNotQuoted(t *testing.T) {
	for _, data := range []string{
		"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
		"token: ghp_SECRETSECRET\npassword: hunter2\n",
		"- ghp_SECRETSECRET\n",
		"ghp_SECRETSECRET\n",
	} {
		p, d := Load("f.yaml", []byte(data), "f.yaml")
		if p != nil || len(d) != 1 {
			t.Fatalf("%q: %v %v", data, p, d)
		}
		for _, secret := range []string{"root", "daemon", "ghp_", "SECRET", "hunter2", "token", "password"} {
			if strings.Contains(d[0].Msg, secret) {
				t.Errorf("%q: finding %q quotes the file", data, d[0].Msg)
			}
		}
		if !strings.Contains(d[0].Msg, "not a policy file") {
			t.Errorf("%q: %q", data, d[0].Msg)
		}
	}
}
