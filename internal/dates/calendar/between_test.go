package calendar

import (
	"math/rand"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

func TestWorkingDaysBetween(t *testing.T) {
	ew, err := New("england-and-wales", nil)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := New("scotland", []Holiday{{Date: d("2026-12-22"), Name: "Office closed"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cal      *Calendar
		from, to string
		want     int
	}{
		// 21-24 Dec, 29-31 Dec and 4 Jan: Christmas (Fri 25), Boxing Day's substitute (Mon 28) and
		// New Year's Day (Fri 1) are out.
		{ew, "2026-12-18", "2027-01-04", 8},
		// Scotland also loses 2 January's substitute (Mon 4), and this calendar closes on 22 Dec.
		{sc, "2026-12-18", "2027-01-04", 6},
		{ew, "2026-11-20", "2026-11-23", 1}, // Friday to Monday: the Monday only
		{ew, "2026-11-23", "2026-11-23", 0},
		{ew, "2026-11-24", "2026-11-23", 0},
		{ew, "2026-11-21", "2026-11-22", 0}, // a weekend
	} {
		if got := tc.cal.WorkingDaysBetween(d(tc.from), d(tc.to)); got != tc.want {
			t.Errorf("%s: WorkingDaysBetween(%s, %s) = %d, want %d", tc.cal.Jurisdiction(), tc.from, tc.to, got, tc.want)
		}
	}
}

// loopCount is the day-by-day count WorkingDaysBetween replaces.
func loopCount(c *Calendar, from, to civil.Date) int {
	n := 0
	for x := from + 1; x <= to; x++ {
		if c.IsWorkingDay(x) {
			n++
		}
	}
	return n
}

func TestWorkingDaysBetweenMatchesDayLoop(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for _, j := range Jurisdictions() {
		c, err := New(j, []Holiday{{Date: d("2031-03-03")}, {Date: d("1999-07-07")}})
		if err != nil {
			t.Fatal(err)
		}
		base := d("2026-11-23")
		for i := 0; i < 2000; i++ {
			from := base + civil.Date(rng.Intn(40000)-20000)
			to := from + civil.Date(rng.Intn(3000)-100)
			if got, want := c.WorkingDaysBetween(from, to), loopCount(c, from, to); got != want {
				t.Fatalf("%s: WorkingDaysBetween(%s, %s) = %d, the day loop counts %d", j, from, to, got, want)
			}
		}
	}
	// The ends of the calendar: nothing before year 1 or after 9999 is a working day.
	c, _ := New("england-and-wales", nil)
	first, last := d("0001-01-01"), d("9999-12-31")
	for _, r := range [][2]civil.Date{{0, first + 10}, {first - 5, first + 3}, {last - 10, last + 30}} {
		if got, want := c.WorkingDaysBetween(r[0], r[1]), loopCount(c, r[0], r[1]); got != want {
			t.Errorf("WorkingDaysBetween(%d, %d) = %d, the day loop counts %d", r[0], r[1], got, want)
		}
	}
}
