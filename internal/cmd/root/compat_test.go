package root

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// The compatibility goldens: every obligation (--all, JSON) of the shipped examples under each
// shipped policy and the sixth test policy, and of a generated tree under each case's own policy.
// They were written before the policy language and the command layer were reworked, and must not
// change through any refactor: a difference here is a change of meaning, not of form.
func TestCompatGoldens(t *testing.T) {
	t.Chdir("../../..")
	for _, pol := range []string{"", "core-groups-s9", "core-groups-ch7", "core-group-booking",
		"core-group-scotland", "core-group-working-2017", "testdata/policies/ni-sample.yaml"} {
		name := "compat/examples-all.json"
		args := []string{"due", "examples", "--as-of", "2026-11-23", "--all", "--format", "json"}
		if pol != "" {
			name = "compat/examples-all-" + trimExt(filepath.Base(pol)) + ".json"
			args = append(args, "--policy", pol)
		}
		t.Run(name, func(t *testing.T) {
			out, errOut, code := run(t, args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, name, out)
		})
	}
}

func TestCompatGeneratedTree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	tree := t.TempDir()
	gen := exec.Command("go", "run", "./testdata/gen", "-n", "30", "-seed", "1", "-o", tree)
	gen.Dir = root
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, out)
	}
	t.Chdir(tree)
	out, errOut, code := run(t, "due", ".", "--as-of", "2026-11-23", "--all", "--format", "json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	t.Chdir(root)
	golden(t, "compat/generated-seed1-n30-all.json", out)
}

func trimExt(name string) string { return name[:len(name)-len(filepath.Ext(name))] }
