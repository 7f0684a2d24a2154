package root

import (
	"bytes"
	"os/exec"
	"testing"

	"github.com/cpcase/cpcase/internal/testutil"
)

// The compatibility goldens (testdata/compat): every obligation of the shipped examples under
// each shipped policy and the sixth test policy, and of a generated tree under each case's own
// policy. They were written before the policy language and the command layer were reworked,
// and must not change through any refactor: a difference here is a change of meaning.
func TestCompatGoldens(t *testing.T) {
	t.Parallel()
	runScripts(t, "testdata/compat")
}

func TestCompatGeneratedTree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	t.Parallel()
	tree := t.TempDir()
	gen := exec.Command("go", "run", "./testdata/gen", "-n", "30", "-seed", "1", "-o", tree)
	gen.Dir = testutil.Root(t)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, out)
	}
	var out, errOut bytes.Buffer
	cmd := exec.Command(testBinary(t), "due", ".", "--as-of", "2026-11-23", "--all", "--format", "json")
	cmd.Dir, cmd.Env = tree, asCpcase()
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil || errOut.Len() > 0 {
		t.Fatalf("%v: %s", err, errOut.String())
	}
	testutil.Golden(t, "compat/generated-seed1-n30-all.json", out.String())
}
