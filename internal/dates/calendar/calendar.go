// Package calendar knows the working days of the three UK bank holiday jurisdictions, as GOV.UK
// names them: england-and-wales, scotland and northern-ireland.
//
// A working day is Monday to Friday, not a bank holiday of the jurisdiction and not a closure (an
// extra non-working date a policy lists: an office closure, a newly proclaimed bank holiday). Bank
// holidays come from rules (github.com/rickar/cal/v2), weekend substitute days included, so years
// after the published list come out right too. Dates outside years 1-9999 are never working days.
package calendar

import (
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

const (
	minYear = 1
	maxYear = 9999
	// span is how many years a calendar computes at a time, around the first date it is asked about.
	span = 24
	// maxSteps bounds AddWorkingDays: more working days than years 1-9999 hold.
	maxSteps = 4_000_000
)

// Jurisdictions lists the known jurisdictions, sorted.
func Jurisdictions() []string {
	out := make([]string, 0, len(rules))
	for j := range rules {
		out = append(out, j)
	}
	sort.Strings(out)
	return out
}

// Holiday is one non-working date and what it is.
type Holiday struct {
	Date civil.Date
	Name string
}

// Calendar answers working-day questions for one jurisdiction and its closures. It is safe for
// concurrent use: lookups read an immutable snapshot without locking; a lookup outside the years
// computed so far builds a wider snapshot once.
type Calendar struct {
	jurisdiction string
	closures     []Holiday // sorted by date, one per date
	snap         atomic.Pointer[snapshot]
	mu           sync.Mutex // serialises growing the snapshot
}

// New returns the calendar of a jurisdiction (see Jurisdictions) with extra closure dates. A closure
// without a name is called "Closure".
func New(jurisdiction string, closures []Holiday) (*Calendar, error) {
	if _, ok := rules[jurisdiction]; !ok {
		return nil, fmt.Errorf("unknown jurisdiction %q (expected %s)", jurisdiction, orList(Jurisdictions()))
	}
	cs := make([]Holiday, 0, len(closures))
	for _, h := range closures {
		if y := h.Date.Year(); h.Date.IsZero() || y < minYear || y > maxYear {
			return nil, fmt.Errorf("closure %q has no valid date", h.Name)
		}
		if h.Name == "" {
			h.Name = "Closure"
		}
		cs = append(cs, h)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Date < cs[j].Date })
	cs = dedupe(cs)
	c := &Calendar{jurisdiction: jurisdiction, closures: cs}
	c.snap.Store(&snapshot{})
	return c, nil
}

// orList is "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// dedupe keeps the first holiday of each date of a date-sorted list.
func dedupe(hs []Holiday) []Holiday {
	out := hs[:0]
	for i, h := range hs {
		if i > 0 && h.Date == out[len(out)-1].Date {
			continue
		}
		out = append(out, h)
	}
	return out
}

// Jurisdiction is the jurisdiction the calendar was made for.
func (c *Calendar) Jurisdiction() string { return c.jurisdiction }

// bankHolidays lists the observed bank holidays of a year, sorted by date. A holiday moved off a
// weekend is named "... (substitute day)", as GOV.UK notes it.
func bankHolidays(jurisdiction string, year int) []Holiday {
	var out []Holiday
	for _, r := range rules[jurisdiction] {
		actual, observed := r.Calc(year)
		if observed.IsZero() {
			continue
		}
		name := r.Name
		if !sameDay(actual, observed) {
			name += " (substitute day)"
		}
		out = append(out, Holiday{Date: civil.Of(observed), Name: name})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return dedupe(out)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// NonWorking lists every bank holiday and closure of a year, sorted by date. A closure on a bank
// holiday is listed once, as the bank holiday; a closure on a weekend is listed too.
func (c *Calendar) NonWorking(year int) []Holiday {
	if year < minYear || year > maxYear {
		return nil
	}
	out := bankHolidays(c.jurisdiction, year)
	lo, hi := civil.New(year, time.January, 1), civil.New(year, time.December, 31)
	i := sort.Search(len(c.closures), func(i int) bool { return c.closures[i].Date >= lo })
	for ; i < len(c.closures) && c.closures[i].Date <= hi; i++ {
		out = append(out, c.closures[i])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return dedupe(out)
}

// IsWorkingDay reports whether d is Monday to Friday, not a bank holiday and not a closure.
func (c *Calendar) IsWorkingDay(d civil.Date) bool {
	for {
		s := c.snap.Load()
		if i := int(d) - int(s.first); uint(i) < uint(s.n) {
			return s.work[i>>6]&(1<<(uint(i)&63)) != 0
		}
		y := d.Year()
		if d.IsZero() || y < minYear || y > maxYear {
			return false
		}
		c.grow(y, y)
	}
}

// AddWorkingDays is the nth working day after d, d itself not counted: 1 is the next working day
// whatever d is. A negative n counts back the same way (-1 is the last working day before d), and
// 0 returns d. A result outside years 1-9999, or a zero d, gives the zero Date.
func (c *Calendar) AddWorkingDays(d civil.Date, n int) civil.Date {
	if n == 0 || d.IsZero() {
		return d
	}
	y := d.Year()
	if y < minYear || y > maxYear || n > maxSteps || n < -maxSteps {
		return 0
	}
	for {
		s := c.snap.Load()
		r, ok := s.add(d, n)
		if ok {
			return r
		}
		// Grow towards the answer. A year has at least 200 working days, but closures can take
		// more, so loop: each grow widens the range, up to years 1-9999.
		lo, hi := y, y
		ahead := abs(n)/200 + 1
		covered := uint(int(d)-int(s.first)) < uint(s.n)
		switch {
		case n > 0 && covered && s.hiYear >= maxYear, n < 0 && covered && s.loYear <= minYear:
			return 0
		case n > 0:
			hi = y + ahead
			if covered {
				hi = max(hi, s.hiYear+1)
			}
		default:
			lo = y - ahead
			if covered {
				lo = min(lo, s.loYear-1)
			}
		}
		c.grow(max(lo, minYear), min(hi, maxYear))
	}
}

// WorkingDaysBetween counts the working days in (from, to]: after from, up to and including to;
// 0 when to is not after from. It is rank arithmetic on the snapshot, not a walk over the days.
func (c *Calendar) WorkingDaysBetween(from, to civil.Date) int {
	lo, hi := max(from+1, civil.New(minYear, time.January, 1)), min(to, civil.New(maxYear, time.December, 31))
	if hi < lo {
		return 0
	}
	for {
		s := c.snap.Load()
		i, j := int(lo)-int(s.first), int(hi)-int(s.first)
		if i >= 0 && j < s.n {
			return s.rank(j) - s.rank(i-1)
		}
		c.grow(lo.Year(), hi.Year())
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// grow makes the snapshot cover at least years lo..hi, widening it at least twofold so that a walk
// through the years costs linear time overall.
func (c *Calendar) grow(lo, hi int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.snap.Load()
	if s.n > 0 {
		if s.loYear <= lo && hi <= s.hiYear {
			return // another goroutine got here first
		}
		width := s.hiYear - s.loYear + 1
		if lo < s.loYear {
			lo = min(lo, s.loYear-width)
		} else {
			lo = s.loYear
		}
		if hi > s.hiYear {
			hi = max(hi, s.hiYear+width)
		} else {
			hi = s.hiYear
		}
	} else {
		lo, hi = min(lo, hi-span/2), max(hi, lo+span/2)
	}
	c.snap.Store(c.build(max(lo, minYear), min(hi, maxYear)))
}

// snapshot is an immutable bitset of working days over whole years loYear..hiYear.
type snapshot struct {
	first          civil.Date // 1 January of loYear: bit 0
	n              int        // days covered
	loYear, hiYear int
	work           []uint64 // bit i set: first+i is a working day
	cum            []int32  // cum[w]: working days in words [0, w); len(work)+1 entries
}

func (c *Calendar) build(lo, hi int) *snapshot {
	first := civil.New(lo, time.January, 1)
	n := civil.New(hi, time.December, 31).Sub(first) + 1
	s := &snapshot{first: first, n: n, loYear: lo, hiYear: hi, work: make([]uint64, (n+63)/64)}
	wd := int(first.Weekday())
	for i := 0; i < n; i++ {
		if wd != int(time.Saturday) && wd != int(time.Sunday) {
			s.work[i>>6] |= 1 << (uint(i) & 63)
		}
		if wd++; wd == 7 {
			wd = 0
		}
	}
	off := func(d civil.Date) {
		if i := int(d) - int(first); uint(i) < uint(n) {
			s.work[i>>6] &^= 1 << (uint(i) & 63)
		}
	}
	for y := lo; y <= hi; y++ {
		for _, h := range bankHolidays(c.jurisdiction, y) {
			off(h.Date)
		}
	}
	for _, h := range c.closures {
		off(h.Date)
	}
	s.cum = make([]int32, len(s.work)+1)
	for w, x := range s.work {
		s.cum[w+1] = s.cum[w] + int32(bits.OnesCount64(x))
	}
	return s
}

// rank is the number of working days in bits [0, i]; rank(-1) is 0.
func (s *snapshot) rank(i int) int {
	if i < 0 {
		return 0
	}
	w := i >> 6
	mask := uint64(2)<<(uint(i)&63) - 1 // bits 0..i&63; wraps to all ones for bit 63
	return int(s.cum[w]) + bits.OnesCount64(s.work[w]&mask)
}

// add finds the working day of AddWorkingDays inside the snapshot; ok is false when d or the
// answer lies outside it.
func (s *snapshot) add(d civil.Date, n int) (civil.Date, bool) {
	i := int(d) - int(s.first)
	if uint(i) >= uint(s.n) {
		return 0, false
	}
	var target, lo, hi int // the answer is the working day of rank target, in words [lo, hi)
	if n > 0 {
		target = s.rank(i) + n
		lo, hi = i>>6, len(s.work)
	} else {
		target = s.rank(i-1) + n + 1
		lo, hi = 0, i>>6+1
	}
	total := int(s.cum[len(s.work)])
	if target < 1 || target > total {
		return 0, false
	}
	// Smallest word w in [lo, hi) with cum[w+1] >= target.
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(s.cum[m+1]) >= target {
			hi = m
		} else {
			lo = m + 1
		}
	}
	w := lo
	x := s.work[w]
	for k := target - int(s.cum[w]); k > 1; k-- {
		x &= x - 1 // drop the lowest working day
	}
	return s.first + civil.Date(w<<6+bits.TrailingZeros64(x)), true
}
