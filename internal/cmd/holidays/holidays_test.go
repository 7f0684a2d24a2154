package holidays

import (
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/iostreams"
)

func run(t *testing.T, o Options) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	o.IO = ios
	if o.Today == nil {
		o.Today = func() civil.Date { return civil.MustParse("2026-11-23") }
	}
	if o.Format == "" {
		o.Format = "table"
	}
	if o.Counting == "" {
		o.Counting = "day-0"
	}
	err := Run(&o)
	return out.String(), err
}

// Timescales worked by hand. From Thu 1 Oct 2026, ten working days: 2, 5-9, 12-15 Oct (day 0 is
// not counted) -> Thu 15 Oct; counting 1 Oct as day 1 -> Wed 14 Oct; a closure on Fri 2 Oct
// pushes it to Fri 16 Oct. Two months from 31 Aug: 31 Oct.
func TestAdd(t *testing.T) {
	t.Parallel()
	add := map[string]bool{"add": true, "from": true, "jurisdiction": true}
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{Jurisdiction: "england-and-wales", Add: "10 working days", From: "2026-10-01", Given: add}, "2026-10-15\n"},
		{Options{Jurisdiction: "england-and-wales", Add: "10 working days", From: "2026-10-01", Counting: "day-1", Given: map[string]bool{"add": true, "counting": true}}, "2026-10-14\n"},
		{Options{Jurisdiction: "england-and-wales", Add: "10 working days", From: "2026-10-01", Closures: []string{"2026-10-02"}, Given: add}, "2026-10-16\n"},
		{Options{Add: "2 months", From: "2026-08-31", Given: map[string]bool{"add": true, "from": true}}, "2026-10-31\n"},
	} {
		got, err := run(t, c.o)
		if err != nil || got != c.want {
			t.Errorf("%+v: %q, %v; want %q", c.o, got, err, c.want)
		}
	}
}

// The year listed by default is today's, by the clock given.
func TestDefaultYear(t *testing.T) {
	t.Parallel()
	o := Options{Jurisdiction: "scotland", Today: func() civil.Date { return civil.MustParse("2031-12-31") }, Given: map[string]bool{"jurisdiction": true}}
	got, err := run(t, o)
	if err != nil || !strings.HasPrefix(got, "date        weekday    name\n2031-01-01  Wednesday  New Year’s Day\n") {
		t.Errorf("%v:\n%s", err, got)
	}
	o.Given["from"] = true
	if _, err := run(t, o); cmdutil.ExitCode(err) != cmdutil.ExitUsage || err.Error() != "--from needs --add" {
		t.Errorf("--from without --add: %v", err)
	}
}

// On a terminal the list is a boxed table; into a pipe, plain columns.
func TestTerminal(t *testing.T) {
	t.Parallel()
	for _, tty := range []bool{false, true} {
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		o := Options{IO: ios, Today: func() civil.Date { return civil.MustParse("2026-11-23") }, Jurisdiction: "scotland", Format: "table", Counting: "day-0", Given: map[string]bool{"jurisdiction": true}}
		if err := Run(&o); err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(out.String(), "\n")
		if boxed := strings.HasPrefix(first, "┌"); boxed != tty {
			t.Errorf("terminal %v: first line %q", tty, first)
		}
	}
}
