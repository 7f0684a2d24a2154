package civil

import (
	"testing"
	"time"
)

func TestRoundTripAgainstTime(t *testing.T) {
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 200*366; i += 7 {
		tm := start.AddDate(0, 0, i)
		d := Of(tm)
		if got, want := d.String(), tm.Format("2006-01-02"); got != want {
			t.Fatalf("day %d: String() = %s, want %s", i, got, want)
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%s: weekday %v, want %v", d, d.Weekday(), tm.Weekday())
		}
		if !d.Time().Equal(tm) {
			t.Fatalf("%s: Time() = %v", d, d.Time())
		}
		if p := MustParse(d.String()); p != d {
			t.Fatalf("parse(%s) = %d, want %d", d, p, d)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, s := range []string{"2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29", "26-01-01", "2026-1-01", "2026/01/01", "abcd-ef-gh", "0000-01-01", "+026-01-01"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
	if _, err := Parse("2024-02-29"); err != nil {
		t.Errorf("leap day rejected: %v", err)
	}
}

func TestAddMonthsClamps(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-08-31", 2, "2026-10-31"},
		{"2026-12-31", 2, "2027-02-28"},
		{"2027-12-31", 2, "2028-02-29"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2026-10-01", 3, "2027-01-01"},
		{"2026-03-31", 6, "2026-09-30"},
		{"2026-05-15", -5, "2025-12-15"},
		{"2026-11-30", 3, "2027-02-28"},
	}
	for _, c := range cases {
		if got := MustParse(c.from).AddMonths(c.n).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestZero(t *testing.T) {
	var d Date
	if !d.IsZero() || d.String() != "" {
		t.Fatal("zero date must be unset and print empty")
	}
	if New(1, 1, 1).IsZero() {
		t.Fatal("0001-01-01 must not be the zero date")
	}
}
