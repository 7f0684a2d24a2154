package due

import (
	"fmt"
	"io"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/render"
)

// writeICS writes `cpcase due --format ics`: the items that have a date and are still to do, as
// a calendar on out. Obligations it leaves out for want of a date are counted on errOut, so that
// nobody takes an empty calendar for a clean caseload.
func writeICS(out, errOut io.Writer, items []render.Item, day civil.Date, todo bool) error {
	undated := 0
	for _, it := range items {
		if it.Status == engine.Waiting || it.Status == engine.NoTimescale {
			undated++
		}
	}
	if err := render.ICS(out, items, render.ICSOptions{AsOf: day, Todo: todo}); err != nil {
		return err
	}
	if undated > 0 {
		fmt.Fprintf(errOut, "%s without a date (waiting or no timescale) not in the calendar; see cpcase due\n", cmdutil.PluralN(undated, "obligation"))
	}
	return nil
}
