package cli

import (
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

// now is the clock; tests replace it.
var now = time.Now

// london is the zone "today" is read in; tzdata is embedded by the cpcase command, so it loads on
// any machine.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return nil
	}
	return loc
}()

// today is the date in Europe/London, whatever the machine's zone.
func today() civil.Date { return londonDate(now()) }

// londonDate is the civil date of t in Europe/London.
func londonDate(t time.Time) civil.Date {
	if london == nil {
		return civil.Of(t.UTC()) // the UK is on UTC or one hour ahead; never reached with tzdata embedded
	}
	return civil.Of(t.In(london))
}

// isTerminal reports whether w is a terminal, so that scripts and pipes get plain, stable
// columns. (A character-device test would take /dev/null for one.)
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// useColor is colour on a terminal, unless NO_COLOR is set (https://no-color.org) or TERM=dumb.
func useColor(w io.Writer) bool {
	_, noColor := os.LookupEnv("NO_COLOR")
	return isTerminal(w) && !noColor && os.Getenv("TERM") != "dumb"
}
