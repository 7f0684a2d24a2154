package root

import (
	"io"
	"strings"
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

// testGC is the one collector floor of the test process, as a real run has one.
var testGC = &speed.GCFloor{}

// mainAt runs cpcase in-process with the clock at now, writing to stdout and stderr (not a
// terminal), and returns the exit status.
func mainAt(now func() time.Time, args []string, stdout, stderr io.Writer) int {
	f := &cmdutil.Factory{IOStreams: iostreams.New(strings.NewReader(""), stdout, stderr), Now: now, GC: testGC}
	return Main(f, args)
}

// testMain runs cpcase in-process by the real clock.
func testMain(args []string, stdout, stderr io.Writer) int {
	return mainAt(time.Now, args, stdout, stderr)
}
