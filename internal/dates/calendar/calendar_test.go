package calendar

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

var d = civil.MustParse

type govukFile map[string]struct {
	Division string `json:"division"`
	Events   []struct {
		Title string `json:"title"`
		Date  string `json:"date"`
		Notes string `json:"notes"`
	} `json:"events"`
}

func loadGOVUK(t *testing.T) govukFile {
	t.Helper()
	b, err := os.ReadFile("../../../testdata/bank-holidays.json")
	if err != nil {
		t.Fatal(err)
	}
	var f govukFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func mustNew(t testing.TB, j string, closures ...Holiday) *Calendar {
	t.Helper()
	c, err := New(j, closures)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestJurisdictions(t *testing.T) {
	want := []string{"england-and-wales", "northern-ireland", "scotland"}
	if got := Jurisdictions(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Jurisdictions() = %v, want %v", got, want)
	}
	var fromData []string
	for k, v := range loadGOVUK(t) {
		if v.Division != k {
			t.Errorf("division %q under key %q", v.Division, k)
		}
		fromData = append(fromData, k)
	}
	sort.Strings(fromData)
	if !reflect.DeepEqual(fromData, want) {
		t.Fatalf("data divisions %v, want %v", fromData, want)
	}
}

func TestUnknownJurisdiction(t *testing.T) {
	_, err := New("wales", nil)
	want := `unknown jurisdiction "wales" (expected england-and-wales, northern-ireland or scotland)`
	if err == nil || err.Error() != want {
		t.Fatalf("New(wales) error = %v, want %s", err, want)
	}
	if _, err := New("england-and-wales", []Holiday{{Name: "party"}}); err == nil || err.Error() != `closure "party" has no valid date` {
		t.Fatalf("closure without date: error = %v", err)
	}
}

// TestAgainstGOVUK compares every jurisdiction and year of the published list both ways: the
// listed days, names included, are exactly NonWorking's, and every other weekday is a working day.
func TestAgainstGOVUK(t *testing.T) {
	data := loadGOVUK(t)
	for _, j := range Jurisdictions() {
		c := mustNew(t, j)
		byYear := map[int][]Holiday{}
		for _, e := range data[j].Events {
			name := e.Title
			switch e.Notes {
			case "":
			case "Substitute day":
				name += " (substitute day)"
			default:
				t.Fatalf("%s %s: unexpected notes %q", j, e.Date, e.Notes)
			}
			h := Holiday{Date: d(e.Date), Name: name}
			byYear[h.Date.Year()] = append(byYear[h.Date.Year()], h)
		}
		for y := 2018; y <= 2027; y++ {
			want := byYear[y]
			if len(want) < 8 {
				t.Fatalf("%s %d: only %d events in the data", j, y, len(want))
			}
			if got := c.NonWorking(y); !reflect.DeepEqual(got, want) {
				t.Errorf("%s %d:\n got %v\nwant %v", j, y, got, want)
			}
			listed := map[civil.Date]bool{}
			for _, h := range want {
				listed[h.Date] = true
				if h.Date.IsWeekend() {
					t.Errorf("%s %s: data lists a weekend day", j, h.Date)
				}
			}
			for x := civil.New(y, 1, 1); x.Year() == y; x++ {
				if want := !x.IsWeekend() && !listed[x]; c.IsWorkingDay(x) != want {
					t.Errorf("%s: IsWorkingDay(%s %s) = %v, want %v", j, x, x.Weekday(), !want, want)
				}
			}
		}
	}
}

// TestBeyondTheData checks a year the published list does not hold yet.
func TestBeyondTheData(t *testing.T) {
	// 1 January 2028 is a Saturday: New Year's Day moves to Monday 3, and Scotland's 2 January
	// (a Sunday) to Tuesday 4. Easter Sunday is 16 April 2028.
	want := map[string][]string{
		"england-and-wales": {
			"2028-01-03 New Year’s Day (substitute day)",
			"2028-04-14 Good Friday",
			"2028-04-17 Easter Monday",
			"2028-05-01 Early May bank holiday",
			"2028-05-29 Spring bank holiday",
			"2028-08-28 Summer bank holiday",
			"2028-12-25 Christmas Day",
			"2028-12-26 Boxing Day",
		},
		"scotland": {
			"2028-01-03 New Year’s Day (substitute day)",
			"2028-01-04 2nd January (substitute day)",
			"2028-04-14 Good Friday",
			"2028-05-01 Early May bank holiday",
			"2028-05-29 Spring bank holiday",
			"2028-08-07 Summer bank holiday",
			"2028-11-30 St Andrew’s Day",
			"2028-12-25 Christmas Day",
			"2028-12-26 Boxing Day",
		},
		"northern-ireland": {
			"2028-01-03 New Year’s Day (substitute day)",
			"2028-03-17 St Patrick’s Day",
			"2028-04-14 Good Friday",
			"2028-04-17 Easter Monday",
			"2028-05-01 Early May bank holiday",
			"2028-05-29 Spring bank holiday",
			"2028-07-12 Battle of the Boyne (Orangemen’s Day)",
			"2028-08-28 Summer bank holiday",
			"2028-12-25 Christmas Day",
			"2028-12-26 Boxing Day",
		},
	}
	for j, w := range want {
		var got []string
		for _, h := range mustNew(t, j).NonWorking(2028) {
			got = append(got, h.Date.String()+" "+h.Name)
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s 2028:\n got %q\nwant %q", j, got, w)
		}
	}
	// Later substitutes: St Andrew's Day 2030 is a Saturday (Monday 2 December); St Patrick's Day
	// 2029 a Saturday (Monday 19 March); the Boyne 2029 a Thursday and 2032 a Monday.
	checks := []struct {
		j    string
		date string
		work bool
	}{
		{"scotland", "2030-12-02", false},
		{"scotland", "2030-11-29", true},
		{"northern-ireland", "2029-03-19", false},
		{"northern-ireland", "2029-07-12", false},
		{"northern-ireland", "2032-07-12", false},
		{"england-and-wales", "2029-03-19", true},
		{"england-and-wales", "2026-06-15", true},
		{"scotland", "2027-06-15", true}, // the World Cup holiday is 2026 only
		{"scotland", "2026-04-06", true}, // no Easter Monday in Scotland
	}
	for _, k := range checks {
		if got := mustNew(t, k.j).IsWorkingDay(d(k.date)); got != k.work {
			t.Errorf("%s IsWorkingDay(%s) = %v, want %v", k.j, k.date, got, k.work)
		}
	}
}

// TestHandWorked are examples counted by hand; the working is in the comments.
func TestHandWorked(t *testing.T) {
	ew := mustNew(t, "england-and-wales")
	sc := mustNew(t, "scotland")
	ni := mustNew(t, "northern-ireland")
	cases := []struct {
		name string
		c    *Calendar
		from string
		n    int
		want string
	}{
		// Easter 2026, England: from Wed 1 Apr: Thu 2 (1), Fri 3 Good Friday, Sat, Sun, Mon 6 Easter
		// Monday, Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5), Mon 13 (6), Tue 14 (7), Wed 15 (8),
		// Thu 16 (9), Fri 17 (10).
		{"easter ew", ew, "2026-04-01", 10, "2026-04-17"},
		// Scotland has no Easter Monday: Thu 2 (1), Mon 6 (2) ... Thu 16 (10).
		{"easter scotland", sc, "2026-04-01", 10, "2026-04-16"},
		// Back over Easter: the working day before Tue 7 Apr is Thu 2 Apr.
		{"easter back", ew, "2026-04-07", -1, "2026-04-02"},
		{"easter back 2", ew, "2026-04-07", -2, "2026-04-01"},
		// Christmas 2021: 25 Dec Saturday, so Mon 27 and Tue 28 are bank holidays; 1 Jan 2022 is a
		// Saturday, so Mon 3 Jan too. From Thu 23 Dec: Fri 24 (1), Wed 29 (2), Thu 30 (3),
		// Fri 31 (4), Tue 4 Jan (5).
		{"christmas 2021 ew", ew, "2021-12-23", 5, "2022-01-04"},
		// In Scotland 2 Jan 2022 (Sunday) moves to Tue 4 Jan: the fifth is Wed 5 Jan.
		{"christmas 2021 scotland", sc, "2021-12-23", 5, "2022-01-05"},
		// Christmas 2022: 25 Dec Sunday; Boxing Day Mon 26, Christmas substitute Tue 27. From
		// Fri 23 Dec the next working day is Wed 28.
		{"christmas 2022", ew, "2022-12-23", 1, "2022-12-28"},
		// Scottish New Year 2027: 1 Jan Friday, 2 Jan Saturday moves to Mon 4 Jan. From Thu 31 Dec
		// 2026 the next working day is Tue 5 Jan in Scotland, Mon 4 Jan elsewhere.
		{"new year 2027 scotland", sc, "2026-12-31", 1, "2027-01-05"},
		{"new year 2027 ew", ew, "2026-12-31", 1, "2027-01-04"},
		// World Cup bank holiday, Scotland only: from Fri 12 Jun 2026, Mon 15 is off in Scotland.
		{"world cup scotland", sc, "2026-06-12", 1, "2026-06-16"},
		{"world cup ew", ew, "2026-06-12", 1, "2026-06-15"},
		// Boyne 2026 is a Sunday, substitute Mon 13 Jul in Northern Ireland.
		{"boyne 2026", ni, "2026-07-10", 1, "2026-07-14"},
		// From a non-working day: the first working day after Sat 4 Apr 2026 is Tue 7 Apr.
		{"from weekend", ew, "2026-04-04", 1, "2026-04-07"},
		{"zero", ew, "2026-04-04", 0, "2026-04-04"},
		// State Funeral, Mon 19 Sep 2022, in all three: from Fri 16 Sep the next is Tue 20.
		{"state funeral ni", ni, "2022-09-16", 1, "2022-09-20"},
		{"state funeral scotland", sc, "2022-09-16", 1, "2022-09-20"},
	}
	for _, k := range cases {
		if got := k.c.AddWorkingDays(d(k.from), k.n).String(); got != k.want {
			t.Errorf("%s: AddWorkingDays(%s, %d) = %s, want %s", k.name, k.from, k.n, got, k.want)
		}
	}
}

func TestClosures(t *testing.T) {
	c := mustNew(t, "england-and-wales",
		Holiday{Date: d("2026-12-31"), Name: "Office closed"},
		Holiday{Date: d("2026-12-29"), Name: "Office closed"},
		Holiday{Date: d("2026-12-30")},                         // no name: "Closure"
		Holiday{Date: d("2026-12-30"), Name: "Second listing"}, // same date: listed once
		Holiday{Date: d("2026-12-25"), Name: "Office closed"},  // a bank holiday already
		Holiday{Date: d("2026-12-27"), Name: "Office closed"},  // a Sunday
	)
	// Thu 24 Dec 2026: Fri 25 Christmas, Sat, Sun, Mon 28 Boxing Day substitute, Tue 29 - Thu 31
	// closed, Fri 1 Jan New Year, Sat, Sun: the next working day is Mon 4 Jan 2027.
	if got := c.AddWorkingDays(d("2026-12-24"), 1).String(); got != "2027-01-04" {
		t.Errorf("with closures: %s, want 2027-01-04", got)
	}
	if got := mustNew(t, "england-and-wales").AddWorkingDays(d("2026-12-24"), 1).String(); got != "2026-12-29" {
		t.Errorf("without closures: %s, want 2026-12-29", got)
	}
	// Counting back from Mon 4 Jan 2027: the working day before is Thu 24 Dec 2026.
	if got := c.AddWorkingDays(d("2027-01-04"), -1).String(); got != "2026-12-24" {
		t.Errorf("back over closures: %s, want 2026-12-24", got)
	}
	var got []string
	for _, h := range c.NonWorking(2026)[6:] {
		got = append(got, h.Date.String()+" "+h.Name)
	}
	want := []string{
		"2026-12-25 Christmas Day",
		"2026-12-27 Office closed",
		"2026-12-28 Boxing Day (substitute day)",
		"2026-12-29 Office closed",
		"2026-12-30 Closure",
		"2026-12-31 Office closed",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("NonWorking(2026) tail:\n got %q\nwant %q", got, want)
	}
	if n := len(c.NonWorking(2027)); n != 8 {
		t.Errorf("closures leaked into 2027: %d days", n)
	}
}

// naive is an independent oracle: weekday, and not in NonWorking's list for the year.
func naive(c *Calendar, x civil.Date) bool {
	if x.IsWeekend() {
		return false
	}
	for _, h := range c.NonWorking(x.Year()) {
		if h.Date == x {
			return false
		}
	}
	return true
}

// cachedOracle is naive with each year's list computed once.
type cachedOracle struct {
	c     *Calendar
	years map[int]map[civil.Date]bool
}

func (o *cachedOracle) working(x civil.Date) bool {
	off, ok := o.years[x.Year()]
	if !ok {
		off = map[civil.Date]bool{}
		for _, h := range o.c.NonWorking(x.Year()) {
			off[h.Date] = true
		}
		o.years[x.Year()] = off
	}
	return !x.IsWeekend() && !off[x]
}

// TestProperties checks random dates and counts with a fixed seed against a day-by-day walk.
func TestProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(20260401))
	base := civil.New(1990, time.January, 1)
	for _, j := range Jurisdictions() {
		var closures []Holiday
		for i := 0; i < 40; i++ {
			closures = append(closures, Holiday{Date: base.AddDays(rng.Intn(70 * 365)), Name: "closed"})
		}
		c := mustNew(t, j, closures...)
		o := &cachedOracle{c: mustNew(t, j, closures...), years: map[int]map[civil.Date]bool{}}
		for i := 0; i < 3000; i++ {
			from := base.AddDays(rng.Intn(70 * 365))
			n := rng.Intn(700) - 200
			if i%3 == 0 {
				n = rng.Intn(25) + 1
			}
			got := c.AddWorkingDays(from, n)
			if n == 0 {
				if got != from {
					t.Fatalf("%s: AddWorkingDays(%s, 0) = %s", j, from, got)
				}
				continue
			}
			if !o.working(got) {
				t.Fatalf("%s: AddWorkingDays(%s, %d) = %s, not a working day", j, from, n, got)
			}
			if !c.IsWorkingDay(got) {
				t.Fatalf("%s: IsWorkingDay(%s) false for a result", j, got)
			}
			// Exactly |n| working days in (from, got] going forward, [got, from) going back.
			count := 0
			if n > 0 {
				for x := from + 1; x <= got; x++ {
					if o.working(x) {
						count++
					}
				}
			} else {
				for x := got; x < from; x++ {
					if o.working(x) {
						count++
					}
				}
			}
			if want := n; n < 0 && count != -want || n > 0 && count != want {
				t.Fatalf("%s: AddWorkingDays(%s, %d) = %s with %d working days between", j, from, n, got, count)
			}
			x := base.AddDays(rng.Intn(70 * 365))
			if c.IsWorkingDay(x) != o.working(x) {
				t.Fatalf("%s: IsWorkingDay(%s) = %v, oracle disagrees", j, x, c.IsWorkingDay(x))
			}
		}
	}
}

func TestEdges(t *testing.T) {
	c := mustNew(t, "england-and-wales")
	if c.Jurisdiction() != "england-and-wales" {
		t.Errorf("Jurisdiction() = %q", c.Jurisdiction())
	}
	if c.IsWorkingDay(0) {
		t.Error("the zero Date is a working day")
	}
	if got := c.AddWorkingDays(0, 3); got != 0 {
		t.Errorf("AddWorkingDays(0, 3) = %v", got)
	}
	// 31 Dec 9999 is a Friday: nothing after it, and nothing before 1 Jan 0001 either.
	if got := c.AddWorkingDays(d("9999-12-30"), 1).String(); got != "9999-12-31" {
		t.Errorf("last day: %s", got)
	}
	if got := c.AddWorkingDays(d("9999-12-30"), 2); got != 0 {
		t.Errorf("past 9999: %s, want the zero Date", got)
	}
	if got := c.AddWorkingDays(d("0001-01-03"), -3); got != 0 {
		t.Errorf("before year 1: %s, want the zero Date", got)
	}
	if c.NonWorking(0) != nil || c.NonWorking(10000) != nil {
		t.Error("NonWorking outside 1-9999 is not empty")
	}
	// A long count across many years grows the snapshot: 261 weekdays in 2026 less 8 holidays.
	if got := mustNew(t, "england-and-wales").AddWorkingDays(d("2025-12-31"), 253).String(); got != "2026-12-31" {
		t.Errorf("a year of working days: %s, want 2026-12-31", got)
	}
	// Historic one-offs: the 2011 royal wedding, the 2012 Diamond Jubilee moving the spring holiday.
	for _, s := range []string{"2011-04-29", "2012-06-04", "2012-06-05", "1999-12-31"} {
		if c.IsWorkingDay(d(s)) {
			t.Errorf("%s is a working day", s)
		}
	}
	if !c.IsWorkingDay(d("2012-05-28")) {
		t.Error("2012-05-28 (spring holiday moved) is not a working day")
	}
}

// TestConcurrent lets goroutines grow one calendar from far-apart years at once (run with -race).
func TestConcurrent(t *testing.T) {
	c := mustNew(t, "scotland")
	ref := mustNew(t, "scotland")
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(seed))
			for i := 0; i < 500; i++ {
				x := civil.New(1900+rng.Intn(300), time.Month(1+rng.Intn(12)), 1+rng.Intn(28))
				n := rng.Intn(40) + 1
				if got := c.AddWorkingDays(x, n); !naive(ref, got) || c.IsWorkingDay(x) != naive(ref, x) {
					errs <- fmt.Sprintf("AddWorkingDays(%s, %d) = %s", x, n, got)
					return
				}
			}
		}(int64(g))
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestNamesUseGOVUKApostrophes(t *testing.T) {
	for _, h := range mustNew(t, "northern-ireland").NonWorking(2026) {
		if strings.Contains(h.Name, "'") {
			t.Errorf("%s %q: straight apostrophe", h.Date, h.Name)
		}
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := mustNew(b, "england-and-wales")
	base := d("2020-01-01")
	c.IsWorkingDay(base)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if c.IsWorkingDay(base + civil.Date(i%3650)) {
			n++
		}
	}
	_ = n
}

func BenchmarkAddWorkingDays(b *testing.B) {
	c := mustNew(b, "scotland")
	base := d("2020-01-01")
	c.IsWorkingDay(base)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			c.AddWorkingDays(base+civil.Date(i%3650), 1+i%20)
			i++
		}
	})
}

// TestNoCollisions: no two rules of a jurisdiction land on the same day in any year, since
// NonWorking would list such a day once and a day off would be lost without a word.
func TestNoCollisions(t *testing.T) {
	for _, j := range Jurisdictions() {
		for y := 1995; y <= 2400; y++ {
			n := 0
			for _, r := range rules[j] {
				if _, obs := r.Calc(y); !obs.IsZero() {
					n++
				}
			}
			if got := len(bankHolidays(j, y)); got != n {
				t.Errorf("%s %d: %d rules observed but %d distinct days", j, y, n, got)
			}
		}
	}
}
