package due

import (
	"fmt"
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/testutil"
)

// The table on a narrow terminal (80 and 60 columns: every fitting step taken), into a file, and
// the explanations below it and in JSON and CSV, over the examples and a case that cannot be
// checked: golden files (made before the table streamed). Each is made in memory and with the
// obligations sorted, and grouped by worker, in runs of 3 on disk, read back on every pass.
func TestFittedTable(t *testing.T) {
	for _, budget := range []int{0, 3} {
		fittedTable(t, budget)
	}
}

func fittedTable(t *testing.T, budget int) {
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
		o.All, o.Explain, o.Format, o.SortBudget = c.all, c.explain, c.format, budget
		if err := Run(o); err == nil {
			t.Fatalf("%s, budget %d: no error for the case that cannot be checked", name, budget)
		}
		if msg := testutil.Compare(testutil.Path(t, "testdata/golden/"+name), out.String()); msg != "" {
			t.Errorf("budget %d: %s", budget, msg)
		}
	}
}
