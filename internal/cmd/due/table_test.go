package due

import (
	"fmt"
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/testutil"
)

// The table on a narrow terminal (80 and 60 columns: every fitting step taken), into a file, and
// the explanations below it and in JSON and CSV, over the examples and a case that cannot be
// checked: golden files.
func TestFittedTable(t *testing.T) {
	for _, c := range []struct {
		width        int
		all, explain bool
		format       string
	}{
		{80, false, false, "table"}, {60, false, false, "table"}, {80, true, false, "table"}, {60, true, false, "table"},
		{0, true, false, "table"}, {120, true, true, "table"}, {0, false, true, "table"},
		{0, true, true, "json"}, {0, true, true, "csv"},
	} {
		name := fmt.Sprintf("due/fitted-%d", c.width)
		if c.all {
			name += "-all"
		}
		if c.explain {
			name += "-explain"
		}
		name += ".txt"
		if c.format != "table" {
			name = "due/explain-all." + c.format
		}
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(c.width > 0)
		ios.SetTerminalWidth(c.width)
		o := options(ios)
		o.Paths = []string{"../../../examples", "testdata/broken"}
		o.All, o.Explain, o.Format = c.all, c.explain, c.format
		if err := Run(o); err == nil {
			t.Fatalf("%s: no error for the case that cannot be checked", name)
		}
		testutil.Golden(t, name, out.String())
	}
}
