package configcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/config"
	"github.com/cpcase/cpcase/internal/iostreams"
)

func env(t *testing.T, vars map[string]string) (config.Env, string) {
	dir := t.TempDir()
	return config.Env{
		Getenv:    func(k string) string { return vars[k] },
		ConfigDir: func() (string, error) { return dir, nil },
		ReadFile:  os.ReadFile,
	}, filepath.Join(dir, "cpcase", "config.yaml")
}

func do(t *testing.T, e config.Env, action, key, value string) (string, string, error) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	err := Run(&Options{IO: ios, Env: e, Action: action, Key: key, Value: value})
	return out.String(), errOut.String(), err
}

// set writes the file, list shows each value with where it came from, the environment wins
// over the file, unset takes a key out, and a bad value is refused before anything is written.
func TestConfigCommand(t *testing.T) {
	e, file := env(t, map[string]string{"CPCASE_CACHE": "/tmp/c"})
	if out, _, err := do(t, e, "list", "", ""); err != nil || !strings.Contains(out, "staff= (not set)") || !strings.Contains(out, "not there yet") {
		t.Errorf("empty list (%v):\n%s", err, out)
	}
	if _, _, err := do(t, e, "set", "staff", "e10432"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := do(t, e, "set", "within", "10 working days"); err != nil {
		t.Fatal(err)
	}
	out, _, _ := do(t, e, "list", "", "")
	for _, want := range []string{"staff=e10432 (" + file + ":2)", "within=10 working days (" + file + ":3)", "cache=/tmp/c (environment CPCASE_CACHE)", "file: " + file + "\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("list: no %q in\n%s", want, out)
		}
	}
	if out, _, _ := do(t, e, "get", "within", ""); out != "10 working days\n" {
		t.Errorf("get: %q", out)
	}
	before, _ := os.ReadFile(file)
	if _, _, err := do(t, e, "set", "within", "soon"); err == nil {
		t.Error("a horizon that is not a duration was set")
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Error("a refused value changed the file")
	}
	if _, _, err := do(t, e, "unset", "within", ""); err != nil {
		t.Fatal(err)
	}
	if out, _, _ := do(t, e, "get", "within", ""); out != "\n" {
		t.Errorf("after unset: %q", out)
	}
	if _, _, err := do(t, e, "get", "colour", ""); err == nil {
		t.Error("an unknown key")
	}
	if out, _, _ := do(t, e, "path", "", ""); out != file+"\n" {
		t.Errorf("path: %q", out)
	}
}
