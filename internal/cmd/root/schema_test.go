package root

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestCIRecipes runs every cpcase command of the CI recipes in examples/ci, on the shipped
// policies and the examples in place of the user's policies/ and cases/: each must exist, take
// the flags given, and pass on files that are clean.
func TestCIRecipes(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "examples", "ci")
	var commands []string
	var workflow struct {
		Jobs map[string]struct {
			Steps []struct{ Run string }
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "github-actions.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &workflow); err != nil {
		t.Fatalf("github-actions.yml: %v", err)
	}
	for _, job := range workflow.Jobs {
		for _, s := range job.Steps {
			if strings.HasPrefix(s.Run, "cpcase ") {
				commands = append(commands, s.Run)
			}
		}
	}
	var hooks []struct {
		ID, Entry string
		Args      []string
	}
	data, err = os.ReadFile(filepath.Join(dir, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	for _, h := range hooks {
		cmd := h.Entry + " " + strings.Join(h.Args, " ")
		if strings.HasPrefix(h.Entry, "cpcase policy lint") {
			cmd += " policies/*.yaml" // pre-commit passes the changed policy files
		}
		commands = append(commands, cmd)
	}
	if len(commands) != 4 {
		t.Fatalf("found %d cpcase commands in the recipes, want 4: %q", len(commands), commands)
	}
	examples, _ := filepath.Abs(filepath.Join("..", "..", "..", "examples"))
	policies, _ := filepath.Glob(filepath.Join("..", "..", "..", "policies", "*.yaml"))
	for i := range policies {
		policies[i], _ = filepath.Abs(policies[i])
	}
	for _, c := range commands {
		var args []string
		for _, a := range strings.Fields(c)[1:] {
			switch a {
			case "policies/*.yaml":
				args = append(args, policies...)
			case "cases/", ".":
				args = append(args, examples)
			default:
				args = append(args, a)
			}
		}
		out, errOut, code := cpcaseAt(t, examplesDay, append([]string{"dir=" + t.TempDir()}, args...)...)
		if code != 0 {
			t.Errorf("%s: exit %d\n%s%s", c, code, out, errOut)
		}
		if strings.Contains(c, "--format github") && !strings.Contains(out, "::warning file=") {
			t.Errorf("%s: no GitHub annotations in\n%s", c, out)
		}
	}
}
