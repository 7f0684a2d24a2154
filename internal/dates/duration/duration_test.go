package duration

import (
	"encoding/json"
	"math/rand"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/calendar"
	"github.com/cpcase/cpcase/internal/dates/civil"
)

var d = civil.MustParse

func TestParseAccepts(t *testing.T) {
	cases := []struct {
		in   string
		want Duration
		str  string
	}{
		{"10 working days", Duration{10, WorkingDays}, "10 working days"},
		{"1 working day", Duration{1, WorkingDays}, "1 working day"},
		{"15 days", Duration{15, Days}, "15 days"},
		{"1 day", Duration{1, Days}, "1 day"},
		{"6 weeks", Duration{6, Weeks}, "6 weeks"},
		{"1 week", Duration{1, Weeks}, "1 week"},
		{"2 months", Duration{2, Months}, "2 months"},
		{"1 month", Duration{1, Months}, "1 month"},
		{"0 days", Duration{0, Days}, "0 days"},
		{"1000 days", Duration{1000, Days}, "1000 days"},
		{"  10   Working \t DAYS ", Duration{10, WorkingDays}, "10 working days"},
		{"3 Months", Duration{3, Months}, "3 months"},
		{"2 week", Duration{2, Weeks}, "2 weeks"}, // singular and plural both read
		{"1 days", Duration{1, Days}, "1 day"},
		{"007 days", Duration{7, Days}, "7 days"},
	}
	for _, k := range cases {
		got, err := Parse(k.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", k.in, err)
			continue
		}
		if got != k.want {
			t.Errorf("Parse(%q) = %+v, want %+v", k.in, got, k.want)
		}
		if got.String() != k.str {
			t.Errorf("Parse(%q).String() = %q, want %q", k.in, got.String(), k.str)
		}
		if back, err := Parse(got.String()); err != nil || back != got {
			t.Errorf("round trip of %q: %+v, %v", got.String(), back, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		"":                             `empty duration (expected a number and a unit, e.g. "10 working days")`,
		"   ":                          `empty duration (expected a number and a unit, e.g. "10 working days")`,
		"10 wekks":                     `unknown unit "wekks" (expected working days, days, weeks or months)`,
		"10 Wekks":                     `unknown unit "Wekks" (expected working days, days, weeks or months)`,
		"10 working":                   `unknown unit "working" (expected working days, days, weeks or months)`,
		"10 days later":                `unknown unit "days later" (expected working days, days, weeks or months)`,
		"ten days":                     `"ten" is not a whole number`,
		"1.5 days":                     `"1.5" is not a whole number`,
		"+3 days":                      `"+3" is not a whole number`,
		"10days":                       `"10days" is not a whole number`,
		"days":                         `missing number`,
		"Working Days":                 `missing number`,
		"10":                           `missing unit after 10 (expected working days, days, weeks or months)`,
		"-3 days":                      `-3 is negative (expected 0 or more)`,
		"1001 days":                    `1001 is too large (at most 1000)`,
		"99999999999999999999999 days": `99999999999999999999999 is too large (at most 1000)`,
	}
	for in, want := range cases {
		_, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) accepted", in)
			continue
		}
		if err.Error() != want {
			t.Errorf("Parse(%q) error\n got %s\nwant %s", in, err, want)
		}
	}
}

func TestZeroAndStrings(t *testing.T) {
	var z Duration
	if !z.IsZero() || z.String() != "0 working days" {
		t.Errorf("zero Duration: IsZero %v, String %q", z.IsZero(), z.String())
	}
	if (Duration{3, Days}).IsZero() {
		t.Error("3 days IsZero")
	}
	if s := (Duration{2, Unit(9)}).String(); s != "2 Unit(9)" {
		t.Errorf("invalid unit String = %q", s)
	}
	for u, want := range map[Unit]string{WorkingDays: "working days", Days: "days", Weeks: "weeks", Months: "months"} {
		if u.String() != want {
			t.Errorf("Unit %d String = %q, want %q", int(u), u.String(), want)
		}
	}
}

func TestText(t *testing.T) {
	var v struct {
		Due   Duration `json:"due"`
		Count Counting `json:"count"`
	}
	if err := json.Unmarshal([]byte(`{"due":"10 Working Days","count":"day-1"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.Due != (Duration{10, WorkingDays}) || v.Count != Day1 {
		t.Fatalf("unmarshalled %+v", v)
	}
	b, err := json.Marshal(v)
	if err != nil || string(b) != `{"due":"10 working days","count":"day-1"}` {
		t.Fatalf("marshalled %s, %v", b, err)
	}
	err = json.Unmarshal([]byte(`{"due":"10 wekks"}`), &v)
	if err == nil || err.Error() != `unknown unit "wekks" (expected working days, days, weeks or months)` {
		t.Fatalf("bad duration error: %v", err)
	}
}

func TestParseCounting(t *testing.T) {
	for in, want := range map[string]Counting{"day-0": Day0, "day-1": Day1, "DAY-1": Day1, " day-0 ": Day0} {
		got, err := ParseCounting(in)
		if err != nil || got != want {
			t.Errorf("ParseCounting(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "day0", "day-2", "1"} {
		_, err := ParseCounting(in)
		want := `unknown counting "` + in + `" (expected day-0 or day-1)`
		if err == nil || err.Error() != want {
			t.Errorf("ParseCounting(%q) error = %v, want %s", in, err, want)
		}
	}
	if Day0.String() != "day-0" || Day1.String() != "day-1" || Counting(7).String() != "Counting(7)" {
		t.Error("Counting.String")
	}
}

func mustCal(t testing.TB, j string, closures ...calendar.Holiday) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(j, closures)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAfter are hand-worked examples; the working is in the comments.
func TestAfter(t *testing.T) {
	ew := mustCal(t, "england-and-wales")
	sc := mustCal(t, "scotland")
	cases := []struct {
		dur, from string
		cal       *calendar.Calendar
		c         Counting
		want      string
	}{
		// Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr): from Wed 1 Apr, day 0, working
		// days are Thu 2 (1), Tue 7 (2) ... Fri 17 (10).
		{"10 working days", "2026-04-01", ew, Day0, "2026-04-17"},
		// Day 1: Wed 1 Apr is a working day and is day 1: Thu 2 (2), Tue 7 (3) ... Thu 16 (10).
		{"10 working days", "2026-04-01", ew, Day1, "2026-04-16"},
		// Day 1 from Sat 4 Apr, not a working day: the first working day after it, Tue 7, is day 1,
		// so day 10 is Mon 20 Apr, the same as day 0.
		{"10 working days", "2026-04-04", ew, Day1, "2026-04-20"},
		{"10 working days", "2026-04-04", ew, Day0, "2026-04-20"},
		// 1 working day, day 1, from a working day: the anchor itself.
		{"1 working day", "2026-04-01", ew, Day1, "2026-04-01"},
		// Scotland keeps Easter Monday: Thu 2 (1), Mon 6 (2) ... Thu 16 (10).
		{"10 working days", "2026-04-01", sc, Day0, "2026-04-16"},
		// Thu 1 Oct 2026 + 10 working days, no holidays: Thu 15 Oct.
		{"10 working days", "2026-10-01", ew, Day0, "2026-10-15"},
		{"15 days", "2026-04-01", nil, Day0, "2026-04-16"},
		{"15 days", "2026-04-01", nil, Day1, "2026-04-15"},
		{"1 day", "2026-12-31", nil, Day0, "2027-01-01"},
		{"6 weeks", "2026-04-01", nil, Day0, "2026-05-13"},
		{"6 weeks", "2026-04-01", nil, Day1, "2026-05-12"},
		// Months clamp to the month's last day.
		{"2 months", "2026-08-31", nil, Day0, "2026-10-31"},
		{"2 months", "2026-08-31", nil, Day1, "2026-10-30"},
		{"2 months", "2026-12-31", nil, Day0, "2027-02-28"},
		{"2 months", "2027-12-31", nil, Day0, "2028-02-29"},
		{"1 month", "2026-01-31", nil, Day0, "2026-02-28"},
		{"1 month", "2026-03-01", nil, Day1, "2026-03-31"},
		{"12 months", "2028-02-29", nil, Day0, "2029-02-28"},
		// Nothing to add: the anchor, under either counting.
		{"0 days", "2026-04-01", nil, Day1, "2026-04-01"},
		{"0 working days", "2026-04-04", ew, Day1, "2026-04-04"},
	}
	for _, k := range cases {
		dur, err := Parse(k.dur)
		if err != nil {
			t.Fatal(err)
		}
		if got := dur.After(d(k.from), k.cal, k.c).String(); got != k.want {
			t.Errorf("%s after %s (%v) = %s, want %s", k.dur, k.from, k.c, got, k.want)
		}
	}
	if got := (Duration{3, Days}).After(0, nil, Day0); got != 0 {
		t.Errorf("after the zero Date: %v", got)
	}
}

// TestDay1Property: with Day1 there are exactly N working days in [from, result] when from is a
// working day, and in (from, result] when it is not.
func TestDay1Property(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	c := mustCal(t, "northern-ireland", calendar.Holiday{Date: d("2026-07-14")})
	base := d("2018-01-01")
	for i := 0; i < 2000; i++ {
		from := base.AddDays(rng.Intn(4000))
		n := 1 + rng.Intn(60)
		got := Duration{n, WorkingDays}.After(from, c, Day1)
		start := from + 1
		if c.IsWorkingDay(from) {
			start = from
		}
		count := 0
		for x := start; x <= got; x++ {
			if c.IsWorkingDay(x) {
				count++
			}
		}
		if count != n || !c.IsWorkingDay(got) {
			t.Fatalf("%d working days after %s (day-1) = %s: %d counted", n, from, got, count)
		}
	}
}

func TestAfterPanicsOnBadUnit(t *testing.T) {
	defer func() {
		if r := recover(); r != "duration: invalid unit 9" {
			t.Errorf("recovered %v", r)
		}
	}()
	Duration{1, Unit(9)}.After(d("2026-01-01"), nil, Day0)
}
