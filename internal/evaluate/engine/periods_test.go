package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// Plan periods from FORMAT.md: started by plan (initial, pre-birth, transfer-in) when none runs;
// plan while one runs adds children; end takes children off, and the period ends with the last;
// a conference after today is a booking and changes nothing.
func TestPeriods(t *testing.T) {
	conf := func(kind, date, decision string, children ...string) casefolder.Conference {
		return casefolder.Conference{Kind: kind, Date: civil.MustParse(date), Decision: decision, Children: children}
	}
	c := &casefolder.Case{
		Children: []casefolder.Child{{ID: "a"}, {ID: "b"}, {ID: "c"}},
		Conferences: []casefolder.Conference{
			conf("review", "2026-01-05", "plan"),           // no period runs, and a review cannot start one
			conf("initial", "2026-01-12", "no-plan"),       // no plan made
			conf("initial", "2026-02-02", "plan", "a"),     // period 1 starts, for a
			conf("initial", "2026-03-02", "plan", "b"),     // adds b
			conf("review", "2026-04-06", "end", "a"),       // a comes off; b remains
			conf("review", "2026-05-04", "continue"),       // keeps it
			conf("review", "2026-06-01", "end"),            // all off: period 1 ends
			conf("transfer-in", "2026-07-06", "plan", "c"), // period 2
			conf("review", "2026-12-07", "end"),            // booked: not yet held
		},
	}
	ps := periods(c, civil.MustParse("2026-11-23"))
	var got []string
	for _, p := range ps {
		s := fmt.Sprintf("%d: %s..%s", p.n, p.start, p.end)
		for _, sp := range p.spans {
			s += fmt.Sprintf(" %s[%s..%s]", sp.child, sp.from, sp.to)
		}
		got = append(got, s)
	}
	want := []string{
		"1: 2026-02-02..2026-06-01 a[2026-02-02..2026-04-06] b[2026-03-02..2026-06-01]",
		"2: 2026-07-06.. c[2026-07-06..]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("periods:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(ps[0].conferences) != 5 {
		t.Errorf("period 1 holds %d conferences, want 5 (2 Feb to 1 Jun)", len(ps[0].conferences))
	}
}
