// Package duration reads and applies the timescales policies and flags write: "10 working days",
// "15 days", "6 weeks", "2 months".
package duration

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/calendar"
	"github.com/cpcase/cpcase/internal/dates/civil"
)

// Max is the largest number a duration may hold: more is a typo, not a timescale.
const Max = 1000

// Unit is what a duration counts.
type Unit int

const (
	WorkingDays Unit = iota
	Days
	Weeks
	Months
)

var unitNames = [...][2]string{
	WorkingDays: {"working day", "working days"},
	Days:        {"day", "days"},
	Weeks:       {"week", "weeks"},
	Months:      {"month", "months"},
}

// String is the plural name: "working days", "days", "weeks", "months".
func (u Unit) String() string {
	if u < 0 || int(u) >= len(unitNames) {
		return fmt.Sprintf("Unit(%d)", int(u))
	}
	return unitNames[u][1]
}

// Duration is N units. The zero Duration is "0 working days", which IsZero.
type Duration struct {
	N    int
	Unit Unit
}

// Parse reads "<number> <unit>": a whole number 0 to Max and working day(s), day(s), week(s) or
// month(s), in any case, with any spacing between words. Singular and plural are both accepted.
func Parse(s string) (Duration, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return Duration{}, fmt.Errorf(`empty duration (expected a number and a unit, e.g. "10 working days")`)
	}
	num, rest := f[0], f[1:]
	if _, isUnit := unitOf(strings.Join(f, " ")); isUnit {
		return Duration{}, fmt.Errorf("missing number")
	}
	if strings.HasPrefix(num, "-") && allDigits(num[1:]) {
		return Duration{}, fmt.Errorf("%s is negative (expected 0 or more)", num)
	}
	if !allDigits(num) {
		return Duration{}, fmt.Errorf("%q is not a whole number", num)
	}
	n, err := strconv.Atoi(num)
	if err != nil || n > Max {
		return Duration{}, fmt.Errorf("%s is too large (at most %d)", num, Max)
	}
	if len(rest) == 0 {
		return Duration{}, fmt.Errorf("missing unit after %s (expected working days, days, weeks or months)", num)
	}
	word := strings.Join(rest, " ")
	u, ok := unitOf(word)
	if !ok {
		return Duration{}, fmt.Errorf("unknown unit %q (expected working days, days, weeks or months)", word)
	}
	return Duration{N: n, Unit: u}, nil
}

func unitOf(word string) (Unit, bool) {
	w := strings.ToLower(word)
	for u, names := range unitNames {
		if w == names[0] || w == names[1] {
			return Unit(u), true
		}
	}
	return 0, false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String is the canonical form Parse reads back: "10 working days", "1 week", "0 days".
func (d Duration) String() string {
	if d.Unit < 0 || int(d.Unit) >= len(unitNames) {
		return fmt.Sprintf("%d %v", d.N, d.Unit)
	}
	if d.N == 1 {
		return "1 " + unitNames[d.Unit][0]
	}
	return strconv.Itoa(d.N) + " " + unitNames[d.Unit][1]
}

// IsZero reports a duration of nothing, whatever its unit.
func (d Duration) IsZero() bool { return d.N == 0 }

// MarshalText writes the canonical form.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what Parse reads.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Counting says whether the anchor day itself is counted.
type Counting int

const (
	// Day0 is cpcase's rule (docs/calendars.md): the anchor day is day 0 and not counted, so
	// "10 working days after D" is the 10th working day after D.
	Day0 Counting = iota
	// Day1 counts the anchor day as day 1, as the DfE census validator does: the result is one
	// counted day earlier than Day0's (for working days, only when the anchor is a working day).
	Day1
)

// String is "day-0" or "day-1".
func (c Counting) String() string {
	switch c {
	case Day0:
		return "day-0"
	case Day1:
		return "day-1"
	}
	return fmt.Sprintf("Counting(%d)", int(c))
}

// ParseCounting reads "day-0" or "day-1" (any case).
func ParseCounting(s string) (Counting, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "day-0":
		return Day0, nil
	case "day-1":
		return Day1, nil
	}
	return 0, fmt.Errorf("unknown counting %q (expected day-0 or day-1)", s)
}

// MarshalText writes "day-0" or "day-1".
func (c Counting) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads what ParseCounting reads.
func (c *Counting) UnmarshalText(b []byte) error {
	v, err := ParseCounting(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// After is the date d after from: the last day on which something due d after from is on time.
//
// Day0 (the anchor is day 0):
//   - N working days: cal.AddWorkingDays(from, N), the Nth working day after from;
//   - N days: from + N; N weeks: from + 7N;
//   - N months: the same day N months on, or that month's last day (31 Aug + 2 months = 31 Oct).
//
// Day1 (the anchor is day 1) ends one counted day earlier:
//   - N working days: AddWorkingDays(from, N-1) when from is a working day (it was day 1), else
//     AddWorkingDays(from, N) (the first working day after it is day 1);
//   - days, weeks, months: the Day0 date less one day.
//
// A zero duration gives from under either counting, and a zero from gives the zero Date. cal is
// used only for working days and must then be non-nil.
func (d Duration) After(from civil.Date, cal *calendar.Calendar, c Counting) civil.Date {
	if from.IsZero() || d.N == 0 {
		return from
	}
	var back int // Day1: one day earlier for calendar units
	if c == Day1 {
		back = 1
	}
	switch d.Unit {
	case WorkingDays:
		n := d.N
		if c == Day1 && cal.IsWorkingDay(from) {
			n--
		}
		return cal.AddWorkingDays(from, n)
	case Days:
		return from.AddDays(d.N - back)
	case Weeks:
		return from.AddDays(7*d.N - back)
	case Months:
		return from.AddMonths(d.N).AddDays(-back)
	}
	panic(fmt.Sprintf("duration: invalid unit %d", int(d.Unit)))
}
