package root

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/speed"
)

// Exit statuses, as the tests name them.
const (
	ExitClean    = cmdutil.ExitClean
	ExitFindings = cmdutil.ExitFindings
	ExitUsage    = cmdutil.ExitUsage
)

// The tests here run the whole command tree. A command's own behaviour is tested through its
// Run function in its package, and the command line end to end by the scripts (script_test.go);
// what is left here is what crosses commands: the cache, read-only runs, redaction everywhere,
// hostile files, completion.

// cpcase runs cpcase in-process, by the real clock, in the working directory (dir, when given
// as "dir=PATH" first, for the length of the run), and returns what it printed and its exit
// status.
func cpcase(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return cpcaseAt(t, time.Now, args...)
}

// cpcaseAt is cpcase with the clock at now.
func cpcaseAt(t testing.TB, now func() time.Time, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if len(args) > 0 && strings.HasPrefix(args[0], "dir=") {
		wd, _ := os.Getwd()
		if err := os.Chdir(strings.TrimPrefix(args[0], "dir=")); err != nil {
			t.Fatal(err)
		}
		defer os.Chdir(wd)
		args = args[1:]
	}
	var out, errOut bytes.Buffer
	f := &cmdutil.Factory{IOStreams: iostreams.New(strings.NewReader(""), &out, &errOut), Now: now, GC: testGC}
	code = Main(f, args)
	return out.String(), errOut.String(), code
}

// testGC is the one collector floor of the test process, as a real run has one.
var testGC = &speed.GCFloor{}

// examplesDay is noon on 23 November 2026, the day the examples are written for.
func examplesDay() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }

// cli is cpcase as of 23 Nov 2026 (the examples' day) at noon, in dir when dir is not "".
func cli(t testing.TB, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	at := func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	if dir != "" {
		args = append([]string{"dir=" + dir}, args...)
	}
	return cpcaseAt(t, at, args...)
}
