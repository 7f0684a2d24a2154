package due

import (
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/testutil"
)

// options are due's defaults as the command sets them, on test streams, as of the examples' day.
func options(ios *iostreams.IOStreams) *Options {
	return &Options{IO: ios, Today: func() civil.Date { return civil.MustParse("2026-11-23") },
		Paths: []string{"../../../examples"}, Within: "14 days", Format: "table", FailOn: "never"}
}

// A horizon in working days has no single end date (it depends on each case's calendar): the
// table's heading leaves the date out. It used to count the horizon on a nil calendar and panic,
// on due's own help example.
func TestWorkingDaysHorizon(t *testing.T) {
	for _, tty := range []bool{false, true} {
		ios, _, out, errOut := iostreams.Test()
		ios.SetStdoutTTY(tty)
		o := options(ios)
		o.AsOf, o.Within = "2026-11-23", "10 working days"
		if err := Run(o); err != nil {
			t.Fatalf("terminal %v: %v\n%s", tty, err, errOut)
		}
		head, _, _ := strings.Cut(out.String(), "\n")
		if want := "As of Mon 23 Nov 2026 (Europe/London); due means due within 10 working days."; head != want {
			t.Errorf("terminal %v: heading %q, want %q", tty, head, want)
		}
	}
	// In calendar days the end is named.
	ios, _, out, _ := iostreams.Test()
	o := options(ios)
	if err := Run(o); err != nil {
		t.Fatal(err)
	}
	if head, _, _ := strings.Cut(out.String(), "\n"); head != "As of Mon 23 Nov 2026 (Europe/London); due means due within 14 days, by Mon 7 Dec 2026." {
		t.Errorf("heading %q", head)
	}
}

// On a terminal the table is fitted to its width (render.WriteDue), each worker named once above
// their rows, and coloured unless colour is off (NO_COLOR, TERM=dumb); into a file or a pipe it
// is every column whole, the worker on every row (the golden files of the scripts). The terminal
// is the fake one of iostreams.Test.
func TestTerminal(t *testing.T) {
	t.Chdir(testutil.Root(t))
	for _, c := range []struct {
		name  string
		color bool
	}{
		{"due/examples-terminal.txt", false},
		{"due/examples-terminal-colour.txt", true},
	} {
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(true)
		ios.SetColorEnabled(c.color)
		ios.SetTerminalWidth(200)
		o := options(ios)
		o.Paths = []string{"examples"}
		if err := Run(o); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if strings.Contains(got, "\x1b[") != c.color {
			t.Errorf("%s: colour %v, want %v", c.name, !c.color, c.color)
		}
		if n := strings.Count(got, "Owen"); n != 1 {
			t.Errorf("%s: the worker Owen written %d times, want once:\n%.300s", c.name, n, got)
		}
		testutil.Golden(t, c.name, got)
	}
}
