// Package civil holds the calendar date used everywhere in cpcase: a day with no time and no zone.
//
// A Date is a count of days, so comparing and adding days is integer arithmetic; the zero Date means
// "no date" and is never a real day.
package civil

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a proleptic Gregorian calendar day. The zero value is "unset".
type Date int32

// offset makes 0000-03-01 day 1, so that no valid year 1..9999 date is zero.
const offset = 719468 + 1

// New returns the date y-m-d, which must be a real date (see Valid).
func New(y int, m time.Month, d int) Date {
	return Date(daysFromCivil(y, int(m), d) + offset)
}

// Valid reports whether y-m-d is a real calendar date in years 1..9999.
func Valid(y, m, d int) bool {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= DaysIn(y, time.Month(m))
}

// DaysIn is the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Parse reads an ISO 8601 calendar date, YYYY-MM-DD, and rejects impossible ones such as 2026-02-30.
func Parse(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("%q is not a date (expected YYYY-MM-DD)", s)
	}
	y, e1 := strconv.Atoi(s[0:4])
	m, e2 := strconv.Atoi(s[5:7])
	d, e3 := strconv.Atoi(s[8:10])
	if e1 != nil || e2 != nil || e3 != nil || !digits(s[0:4]+s[5:7]+s[8:10]) {
		return 0, fmt.Errorf("%q is not a date (expected YYYY-MM-DD)", s)
	}
	if !Valid(y, m, d) {
		return 0, fmt.Errorf("%s is not a real calendar date", s)
	}
	return New(y, time.Month(m), d), nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustParse is Parse for constants in tests and tables; it panics on a bad date.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Of is the civil date of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return New(y, m, d)
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == 0 }

// Civil returns year, month and day.
func (d Date) Civil() (int, time.Month, int) {
	y, m, dd := civilFromDays(int(d) - offset)
	return y, time.Month(m), dd
}

// Year is the date's year.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// String is YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	y, m, dd := d.Civil()
	var b [10]byte
	put := func(i, v, n int) {
		for j := n - 1; j >= 0; j-- {
			b[i+j] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, int(m), 2)
	b[7] = '-'
	put(8, dd, 2)
	return string(b[:])
}

// Weekday is the day of the week.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	w := (int(d) - offset + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// IsWeekend reports Saturday or Sunday.
func (d Date) IsWeekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// AddDays is d + n calendar days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths is the same day n months later, or that month's last day when it has no such day
// (31 Aug + 2 months = 31 Oct; 31 Dec + 2 months = 28 or 29 Feb).
func (d Date) AddMonths(n int) Date {
	y, m, dd := d.Civil()
	mi := int(m) - 1 + n
	y += floorDiv(mi, 12)
	mi = mi - floorDiv(mi, 12)*12
	mm := time.Month(mi + 1)
	if last := DaysIn(y, mm); dd > last {
		dd = last
	}
	return New(y, mm, dd)
}

// Sub is the number of days from e to d (d - e).
func (d Date) Sub(e Date) int { return int(d) - int(e) }

// Time is midnight UTC of d, for libraries that want a time.Time (calendars, holiday rules).
func (d Date) Time() time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// MarshalText writes YYYY-MM-DD, so JSON carries dates as strings.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// daysFromCivil and civilFromDays are Howard Hinnant's algorithms (days since 1970-01-01).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) (int, int, int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
