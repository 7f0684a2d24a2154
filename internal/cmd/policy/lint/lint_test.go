package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/testutil"
)

// The shipped policies (the five procedures and the five national baselines) lint clean but
// for the booking policy's three timescales left unset, which --strict makes errors.
func TestShipped(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(testutil.Path(t, "policies/*.yaml"))
	for _, strict := range []bool{false, true} {
		ios, _, out, _ := iostreams.Test()
		err := Run(&Options{IO: ios, Files: files, Strict: strict, Format: "text"})
		want, code := "10 policy files linted: 0 errors, 3 warnings\n", cmdutil.ExitClean
		if strict {
			want, code = "10 policy files linted: 3 errors, 0 warnings\n", cmdutil.ExitFindings
		}
		if cmdutil.ExitCode(err) != code || !strings.HasSuffix(out.String(), want) || strings.Count(out.String(), "record-") != 3 {
			t.Errorf("strict %v: %v\n%s", strict, err, out)
		}
	}
}
