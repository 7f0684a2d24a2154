package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Generate writes n synthetic case folders under dir, spread over team folders
// (dir/team-07/case-012345/). The output depends only on (n, seed, asOf): every case is built
// from its own random stream derived from (seed, index), so the files are byte-identical
// whatever the number of workers. dir must be empty or not exist yet, so that no case of an
// earlier run is left beside the new ones (it would double a case).
func Generate(dir string, n int, seed uint64, asOf time.Time) error {
	if n < 0 {
		return fmt.Errorf("n must not be negative")
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%s is not empty; write into a new or empty folder", dir)
	}
	today := mkday(asOf.Year(), int(asOf.Month()), asOf.Day())
	teams := layoutTeams(n, seed)
	teamW := max(2, len(strconv.Itoa(len(teams))))
	caseW := max(6, len(strconv.Itoa(n-1)))
	for i := range teams {
		teams[i].dir = filepath.Join(dir, fmt.Sprintf("team-%0*d", teamW, i+1))
		if err := os.MkdirAll(teams[i].dir, 0o755); err != nil {
			return err
		}
	}
	workers := runtime.GOMAXPROCS(0) * 2
	var next atomic.Int64
	var firstErr error
	var errOnce sync.Once
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var files caseFiles
			t := 0
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				for i >= teams[t].first+teams[t].size {
					t++
				}
				for i < teams[t].first {
					t--
				}
				c := buildCase(seed, i, today, &teams[t])
				files.render(c, seed, i)
				caseDir := filepath.Join(teams[t].dir, fmt.Sprintf("case-%0*d", caseW, i))
				if err := files.write(caseDir); err != nil {
					errOnce.Do(func() { firstErr = err })
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// team is one team folder: a contiguous range of case indexes.
type team struct {
	first, size int
	name, code  string
	dir         string
}

// layoutTeams splits n cases into team folders of 100-500 cases, drawn from the seed.
func layoutTeams(n int, seed uint64) []team {
	r := rand.New(rand.NewPCG(mix(seed), mix(seed^0x7465616d73)))
	var ts []team
	for first := 0; first < n; {
		size := 100 + r.IntN(401)
		switch rest := n - first; {
		case rest <= 500:
			size = rest // the last team
		case rest < 600:
			size = rest / 2 // two last teams, both 250-300
		default:
			size = min(size, rest-100) // leave at least 100 for the next
		}
		k := len(ts)
		area := areas[r.IntN(len(areas))]
		ts = append(ts, team{
			first: first,
			size:  size,
			name:  fmt.Sprintf("Team %02d %s", k+1, area),
			code:  fmt.Sprintf("T%02d", k+1),
		})
		first += size
	}
	return ts
}

// mix is splitmix64's finaliser: it spreads nearby seeds over the whole space.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// ---- civil dates -------------------------------------------------------------------------

// day is a civil date as days since 1970-01-01; 0 means "none" (that date is never generated).
type day int32

func mkday(y, m, d int) day {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return day(era*146097 + doe - 719468)
}

func (d day) civil() (y, m, dd int) {
	z := int(d) + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, dd
}

// weekday: 0 Sunday ... 6 Saturday.
func (d day) weekday() int { return ((int(d) % 7) + 7 + 4) % 7 }

func (d day) String() string { return string(d.appendTo(nil)) }

func (d day) appendTo(b []byte) []byte {
	y, m, dd := d.civil()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
	return b
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// addMonths is the same day n months later, or that month's last day.
func addMonths(d day, n int) day {
	y, m, dd := d.civil()
	m += n
	for m > 12 {
		m -= 12
		y++
	}
	for m < 1 {
		m += 12
		y--
	}
	return mkday(y, m, min(dd, daysIn(y, m)))
}

func parseDay(s string) day {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return mkday(t.Year(), int(t.Month()), t.Day())
}

// calendar knows working days: Monday to Friday, not a bank holiday.
type calendar struct{ hol map[day]bool }

var (
	calOnce             sync.Once
	calEngland, calScot *calendar
)

func calendars() (*calendar, *calendar) {
	calOnce.Do(func() {
		mk := func(list []string) *calendar {
			c := &calendar{hol: make(map[day]bool, len(list))}
			for _, s := range list {
				c.hol[parseDay(s)] = true
			}
			return c
		}
		calEngland, calScot = mk(holidaysEnglandWales), mk(holidaysScotland)
	})
	return calEngland, calScot
}

func (c *calendar) working(d day) bool {
	w := d.weekday()
	return w != 0 && w != 6 && !c.hol[d]
}

// onOrAfter is d, or the next working day.
func (c *calendar) onOrAfter(d day) day {
	for !c.working(d) {
		d++
	}
	return d
}

// onOrBefore is d, or the working day before it.
func (c *calendar) onOrBefore(d day) day {
	for !c.working(d) {
		d--
	}
	return d
}

// addWorking is the nth working day after d (not counting d).
func (c *calendar) addWorking(d day, n int) day {
	for n > 0 {
		d++
		if c.working(d) {
			n--
		}
	}
	return d
}

// every is a frequency: n days, or n months.
type every struct {
	n      int
	months bool
}

func (e every) after(d day) day {
	if e.months {
		return addMonths(d, e.n)
	}
	return d + day(e.n)
}

// ---- the case model -----------------------------------------------------------------------

type child struct {
	id, name       string
	born, expected day
	unbornAtStart  bool
}

type member struct {
	id, name, role, agency string
	from, to               day
	excluded               string
}

func (m *member) active(d day) bool {
	return (m.from == 0 || m.from <= d) && (m.to == 0 || d <= m.to)
}

type conference struct {
	kind, decision string
	date           day
	children       []string // empty: all
	lead           string
	cgSet          day
	cgEvery        string
	visitEvery     string
	nextReview     day
	onPlan         []string // children on the plan after this conference (not written)
	period         int      // index of the plan period it belongs to, -1 for none
}

type action struct {
	id, text, owner string
	due, done       day
}

type meeting struct {
	date                           day
	kind, chair                    string
	present, apologies, absent     []string
	summary                        string
	decisions, disagreements       []string
	actions                        []action
	next                           day
	datesSet                       []day
	toManager, approved, circulate day
	rescheduledFrom                day
	cancelled, booked              bool
}

type visit struct {
	date           day
	by, kind       string
	seen, alone    []string
	bedroom, noAcc bool
}

type escalation struct {
	date             day
	reason, to, note string
}

type period struct {
	start, end day // end 0 while running
	confs      []int
}

type caseData struct {
	ref, policy, team string
	children          []child
	members           []member
	conferences       []conference
	periods           []period
	caStarted, caDone day
	planAgreed        day
	hasPlan           bool
	sections          []string
	planActions       []action
	signed            []action // owner and done only
	escalations       []escalation
	meetings          []meeting
	visits            []visit
}

// policyInfo is what the generator needs to know of each policy.
type policyInfo struct {
	id       string
	scotland bool
	cadence  []every // before / from the first review
	required []string
}

var policies = []policyInfo{
	{"core-groups-ch7", false, []every{{42, false}, {42, false}}, []string{"needs", "outcomes", "contingency"}},
	{"core-groups-s9", false, []every{{42, false}, {2, true}}, []string{"needs", "outcomes", "contingency", "views-child", "views-family"}},
	{"core-group-booking", false, []every{{35, false}, {35, false}}, []string{"needs", "outcomes", "contingency"}},
	{"core-group-scotland", true, []every{{28, false}, {28, false}}, []string{"safety", "monitoring", "assessment", "supporting-change", "achieving-the-best", "contingency", "views-child", "views-family"}},
	{"core-group-working-2017", false, []every{{28, false}, {28, false}}, []string{"needs", "outcomes", "contingency"}},
}

// g holds the state of building one case.
type g struct {
	r     *rand.Rand
	today day
	cal   *calendar
	pol   *policyInfo
	c     *caseData

	swChange day // the day sw2 takes over from sw1, 0 for none
	hasSW3   bool
	used     []string // first names and surnames already given, so no two people share one
}

func (s *g) chance(p float64) bool { return s.r.Float64() < p }
func (s *g) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + s.r.IntN(hi-lo+1)
}
func pick[T any](s *g, xs []T) T { return xs[s.r.IntN(len(xs))] }

func (s *g) member(id string) *member {
	for i := range s.c.members {
		if s.c.members[i].id == id {
			return &s.c.members[i]
		}
	}
	return nil
}

func (s *g) hasMember(id string) bool { return s.member(id) != nil }

// lead is the lead social worker on d.
func (s *g) lead(d day) string {
	if s.swChange != 0 && d >= s.swChange {
		return "sw2"
	}
	return "sw1"
}

func (s *g) chairFor(d day, first bool) string {
	if s.pol.scotland {
		return "pl1"
	}
	if first {
		if s.chance(0.04) {
			return s.lead(d)
		}
		return "tm1"
	}
	p := 0.08 // concern has risen: the team manager chairs
	if s.pol.id == "core-groups-s9" {
		p = 0.04 // a finding under this procedure, so rarer
	}
	if s.chance(p) {
		return "tm1"
	}
	return s.lead(d)
}

func buildCase(seed uint64, index int, today day, t *team) *caseData {
	ce, cs := calendars()
	s := &g{
		r:     rand.New(rand.NewPCG(mix(seed), mix(seed^mix(uint64(index)+1)))),
		today: today,
		c:     &caseData{team: t.name},
	}
	s.pol = &policies[s.r.IntN(len(policies))]
	s.cal = ce
	if s.pol.scotland {
		s.cal = cs
	}
	s.c.policy = s.pol.id

	// First conference: most cases have 12-18 months of history, some started within the year.
	var start day
	if s.chance(0.85) {
		start = today - day(s.between(365, 548))
	} else {
		start = today - day(s.between(15, 364))
	}
	start = s.cal.onOrAfter(start)
	y, _, _ := start.civil()
	s.c.ref = fmt.Sprintf("SYN-%s-%d-%06d", t.code, y, index)

	prebirth := s.chance(0.18)
	s.children(start, prebirth)
	if s.chance(0.2) && start+60 < today-30 {
		s.swChange = start + day(s.between(60, int(today-30-start)))
	}
	s.membersFor(start, prebirth)
	s.conferences(start, prebirth)
	s.meetingsAll()
	s.visitsAll()
	s.absences()
	s.assessmentAndPlan(start)
	sort.SliceStable(s.c.meetings, func(i, j int) bool { return s.c.meetings[i].date < s.c.meetings[j].date })
	sort.SliceStable(s.c.escalations, func(i, j int) bool { return s.c.escalations[i].date < s.c.escalations[j].date })
	return s.c
}

// children: 1-4, eldest first; in a pre-birth case the youngest is unborn at the conference.
func (s *g) children(start day, prebirth bool) {
	n := 1
	switch x := s.r.Float64(); {
	case x < 0.4:
		n = 1
	case x < 0.7:
		n = 2
	case x < 0.9:
		n = 3
	default:
		n = 4
	}
	given := make([]string, 0, n)
	for len(given) < n {
		if nm := pick(s, childNames); !contains(given, nm) {
			given = append(given, nm)
		}
	}
	older := n
	if prebirth {
		older = n - 1
	}
	// Ages at the first conference in days, eldest first, siblings 13 months to 5 years apart,
	// all under 17.
	ages := make([]int, older)
	for i := older - 1; i >= 0; i-- {
		switch {
		case i == older-1 && prebirth:
			ages[i] = s.between(400, 10*365)
		case i == older-1:
			ages[i] = s.between(60, 16*365-(older-1)*400)
		default:
			ages[i] = max(ages[i+1]+400, min(ages[i+1]+s.between(400, 5*365), 16*365+s.between(0, 180)))
		}
	}
	for i, a := range ages {
		s.c.children = append(s.c.children, child{id: strings.ToLower(given[i]), name: given[i], born: start - day(a)})
	}
	if prebirth {
		ch := child{id: strings.ToLower(given[n-1]), name: given[n-1], unbornAtStart: true}
		ch.expected = start + day(s.between(20, 120))
		born := ch.expected + day(s.between(-21, 12))
		if born <= start {
			born = start + 3
		}
		if born <= s.today {
			ch.born = born
		}
		if s.chance(0.15) {
			ch.name = "" // not yet named in the record
		}
		s.c.children = append(s.c.children, ch)
	}
}

func (s *g) ageYears(c *child, d day) int {
	if c.born == 0 || c.born > d {
		return -1
	}
	return int(d-c.born) / 365
}

// fresh picks a name from pool that nobody in the case has yet (when the pool allows).
func (s *g) fresh(pool []string) string {
	for try := 0; ; try++ {
		n := pick(s, pool)
		if try >= 20 || !contains(s.used, n) {
			s.used = append(s.used, n)
			return n
		}
	}
}

func (s *g) person() string {
	pool := womenFirst
	if s.chance(0.35) {
		pool = menFirst
	}
	return s.fresh(pool) + " " + s.fresh(surnames)
}

func (s *g) hasActiveRole(role string, d day) bool {
	for i := range s.c.members {
		if m := &s.c.members[i]; m.role == role && m.active(d) && m.excluded == "" {
			return true
		}
	}
	return false
}

func (s *g) membersFor(start day, prebirth bool) {
	csc := "Children's Social Care"
	if s.pol.scotland {
		csc = "Social Work Services"
	}
	add := func(m member) { s.c.members = append(s.c.members, m) }
	add(member{id: "tm1", name: s.person(), role: "team-manager", agency: csc})
	sw1 := member{id: "sw1", name: s.person(), role: "lead-social-worker", agency: csc}
	if s.swChange != 0 {
		sw1.to = s.swChange - 1
	}
	add(sw1)
	if s.swChange != 0 {
		add(member{id: "sw2", name: s.person(), role: "lead-social-worker", agency: csc, from: s.swChange})
	}
	if s.pol.scotland {
		add(member{id: "pl1", name: s.person(), role: "practice-lead", agency: csc})
	}
	// Parents.
	hasMum := prebirth || s.chance(0.93)
	hasDad := !hasMum || s.chance(0.55)
	if hasMum {
		add(member{id: "mum", name: s.fresh(womenFirst), role: "parent"})
	}
	if hasDad {
		add(member{id: "dad", name: s.fresh(menFirst), role: "parent"})
	}
	if hasMum && hasDad && s.chance(0.06) {
		s.member("dad").excluded = pick(s, exclusionReasons)
	}
	// Who is in the household decides which professionals are involved.
	under5, school, teen, secondary, nursery := prebirth, false, false, false, false
	for i := range s.c.children {
		a := s.ageYears(&s.c.children[i], start)
		switch {
		case a < 0:
		case a < 5:
			under5 = true
		case a < 16:
			school = true
		}
		if a >= 12 {
			teen = true
		}
		if a >= 11 {
			secondary = true
		}
		if a >= 1 && a < 5 {
			nursery = true
		}
		if a >= 5 {
			school = true
		}
	}
	target := s.between(5, 10)
	type opt struct {
		m      member
		forced bool
	}
	var opts []opt
	if prebirth {
		mw := member{id: "mw1", name: s.person(), role: "midwife", agency: "Maternity Services"}
		for _, c := range s.c.children {
			if c.unbornAtStart && c.born != 0 && c.born+28 < s.today {
				mw.to = c.born + 28
			}
		}
		opts = append(opts, opt{mw, true})
	}
	if under5 {
		opts = append(opts, opt{member{id: "hv1", name: s.person(), role: "health-visitor", agency: "Health Visiting Service"}, true})
	}
	if school {
		sch := pick(s, primarySchools)
		if secondary {
			sch = pick(s, secondarySchools)
		}
		opts = append(opts, opt{member{id: "tch1", name: s.person(), role: "teacher", agency: sch}, true})
	}
	var extra []member
	extra = append(extra, member{id: "gp1", name: "Dr " + s.fresh(surnames), role: "gp", agency: "Riverside Medical Practice"})
	extra = append(extra, member{id: "pol1", name: "DC " + s.fresh(surnames), role: "police", agency: "Police Public Protection Unit"})
	if school {
		extra = append(extra, member{id: "sn1", name: s.person(), role: "school-nurse", agency: "School Nursing"})
	}
	if hasMum {
		cr := member{id: "carer1", name: s.fresh(menFirst) + " (mum's partner)", role: "carer"}
		if s.chance(0.3) {
			cr.from = start + day(s.between(30, 200))
			if cr.from > s.today {
				cr.from = 0
			}
		}
		extra = append(extra, cr)
	}
	extra = append(extra, member{id: "gran", name: s.fresh(womenFirst) + " (grandmother)", role: "family"})
	if teen || school {
		cm := member{id: "camhs1", name: s.person(), role: "camhs-practitioner", agency: "CAMHS"}
		if s.chance(0.5) && start+120 < s.today {
			cm.from = start + day(s.between(30, 120))
		}
		extra = append(extra, cm)
	}
	if nursery {
		extra = append(extra, member{id: "ey1", name: s.person(), role: "early-years-practitioner", agency: "Sunflower Nursery"})
	}
	extra = append(extra, member{id: "sw3", name: s.person(), role: "social-worker", agency: csc})
	if teen {
		for _, c := range s.c.children {
			if s.ageYears(&c, start) >= 12 {
				extra = append(extra, member{id: "yp-" + c.id, name: c.name, role: "child"})
				break
			}
		}
	}
	s.r.Shuffle(len(extra), func(i, j int) { extra[i], extra[j] = extra[j], extra[i] })
	for _, o := range opts {
		if len(s.c.members) < 10 {
			add(o.m)
		}
	}
	for _, m := range extra {
		if len(s.c.members) >= target && len(s.c.members) >= 5 {
			break
		}
		add(m)
	}
	s.hasSW3 = s.hasMember("sw3")
}

func (s *g) childIDs() []string {
	ids := make([]string, len(s.c.children))
	for i, c := range s.c.children {
		ids[i] = c.id
	}
	return ids
}

var cgEveryChoices = []string{"4 weeks", "6 weeks", "1 month", "4 weeks", "3 weeks", "5 weeks"}
var visitEveryChoices = []string{"10 working days", "15 working days", "2 weeks", "10 working days", "5 working days"}

func parseEvery(s string) every {
	f := strings.Fields(s)
	n, _ := strconv.Atoi(f[0])
	switch {
	case strings.HasPrefix(f[1], "week"):
		return every{n * 7, false}
	case strings.HasPrefix(f[1], "month"):
		return every{n, true}
	case f[1] == "working":
		return every{n * 7 / 5, false}
	}
	return every{n, false}
}

func (s *g) conferences(start day, prebirth bool) {
	c := s.c
	t := start
	first := true
	for {
		kind := "initial"
		if first && prebirth {
			kind = "pre-birth"
		} else if first && s.chance(0.06) {
			kind = "transfer-in"
		}
		if first && !prebirth && kind == "initial" && s.chance(0.04) && t+150 < s.today {
			c.conferences = append(c.conferences, conference{kind: "initial", decision: "no-plan", date: t, period: -1})
			t = s.cal.onOrAfter(t + day(s.between(30, 100)))
		}
		pi := len(c.periods)
		c.periods = append(c.periods, period{start: t})
		onPlan := s.childIDs()
		sc := conference{kind: kind, decision: "plan", date: t, period: pi}
		if first && !prebirth && len(onPlan) >= 2 && s.chance(0.06) {
			// the conference decided for all but the eldest
			onPlan = onPlan[1:]
			sc.children = append([]string(nil), onPlan...)
		}
		sc.onPlan = onPlan
		s.confDetails(&sc, true)
		c.conferences = append(c.conferences, sc)
		c.periods[pi].confs = append(c.periods[pi].confs, len(c.conferences)-1)
		prev := t
		reviews := 0
		ended := false
		for {
			months := 6
			if reviews == 0 {
				months = 3
			}
			planned := s.cal.onOrAfter(addMonths(prev, months) - day(s.between(0, 10)))
			last := &c.conferences[len(c.conferences)-1]
			if s.chance(0.85) {
				last.nextReview = planned
			}
			actual := planned
			if s.chance(0.12) {
				actual = s.cal.onOrAfter(planned + day(s.between(5, 21)))
			}
			if actual > s.today {
				break
			}
			rc := conference{kind: "review", decision: "continue", date: actual, period: pi}
			endP := 0.2
			if reviews == 0 {
				endP = 0.08
			}
			switch {
			case s.chance(endP):
				rc.decision = "end"
				ended = true
			case len(onPlan) >= 2 && s.chance(0.05):
				// ends the plan for one child (moved to a relative, turned 18 ...)
				gone := onPlan[0]
				rc.decision = "end"
				rc.children = []string{gone}
				onPlan = append([]string(nil), onPlan[1:]...)
			}
			rc.onPlan = onPlan
			if ended {
				rc.onPlan = nil
			}
			s.confDetails(&rc, false)
			c.conferences = append(c.conferences, rc)
			c.periods[pi].confs = append(c.periods[pi].confs, len(c.conferences)-1)
			reviews++
			prev = actual
			if ended {
				c.periods[pi].end = actual
				break
			}
		}
		if ended && s.chance(0.35) {
			t2 := s.cal.onOrAfter(c.periods[pi].end + day(s.between(45, 150)))
			if t2 < s.today-20 {
				t = t2
				first = false
				continue
			}
		}
		break
	}
}

// confDetails fills lead, core_group_set, core_group_every and visit_every.
func (s *g) confDetails(cf *conference, starts bool) {
	if s.swChange == 0 && s.chance(0.6) || s.swChange != 0 && cf.date >= s.swChange {
		cf.lead = s.lead(cf.date)
	}
	ending := cf.decision == "end" && len(cf.children) == 0
	if ending {
		return
	}
	if starts && s.chance(0.7) || !starts && s.chance(0.5) {
		cf.cgSet = s.cal.addWorking(cf.date, s.between(3, 10))
	}
	if s.pol.id == "core-group-booking" {
		if starts && s.chance(0.75) || !starts && s.chance(0.25) {
			cf.cgEvery = pick(s, cgEveryChoices)
		}
	} else if s.chance(0.05) {
		cf.cgEvery = pick(s, cgEveryChoices)
	}
	p := 0.05
	if s.pol.id == "core-groups-s9" {
		p = 0.2
	}
	if s.chance(p) {
		cf.visitEvery = pick(s, visitEveryChoices)
	}
}

// onPlanAt is the children on a plan on d (after any conference held that day).
func (s *g) onPlanAt(d day) []string {
	var cur []string
	for i := range s.c.conferences {
		cf := &s.c.conferences[i]
		if cf.date > d {
			break
		}
		if cf.period >= 0 {
			cur = cf.onPlan
		}
	}
	return cur
}

func (s *g) child(id string) *child {
	for i := range s.c.children {
		if s.c.children[i].id == id {
			return &s.c.children[i]
		}
	}
	return nil
}

// bornOnPlan is the children on the plan on d who are born by d.
func (s *g) bornOnPlan(d day) []*child {
	var out []*child
	for _, id := range s.onPlanAt(d) {
		if ch := s.child(id); ch.born != 0 && ch.born <= d {
			out = append(out, ch)
		}
	}
	return out
}

func names(cs []*child) string {
	switch len(cs) {
	case 0:
		return "the children"
	case 1:
		if cs[0].name == "" {
			return "the baby"
		}
		return cs[0].name
	}
	var b strings.Builder
	for i, c := range cs {
		switch {
		case i == len(cs)-1:
			b.WriteString(" and ")
		case i > 0:
			b.WriteString(", ")
		}
		if c.name == "" {
			b.WriteString("the baby")
		} else {
			b.WriteString(c.name)
		}
	}
	return b.String()
}

func fill(tmpl, name string) string { return strings.ReplaceAll(tmpl, "%s", name) }

// ---- meetings -----------------------------------------------------------------------------

func (s *g) meetingsAll() {
	c := s.c
	for pi := range c.periods {
		p := &c.periods[pi]
		firstOfPeriod := true
		var last day
		for k, ci := range p.confs {
			cf := &c.conferences[ci]
			if cf.decision == "end" && len(cf.children) == 0 {
				break
			}
			segEnd := day(1 << 30)
			if k+1 < len(p.confs) {
				segEnd = c.conferences[p.confs[k+1]].date
			} else if pi+1 < len(c.periods) {
				segEnd = c.periods[pi+1].start
			}
			from := len(c.meetings)
			s.segment(cf, k, segEnd, &firstOfPeriod, &last)
			if k+1 < len(p.confs) {
				s.recommend(from, &c.conferences[p.confs[k+1]])
			}
		}
		if p.end != 0 {
			s.childPlanMeetings(p, pi)
		}
	}
	if s.chance(0.05) && len(c.meetings) > 0 {
		m := c.meetings[s.r.IntN(len(c.meetings))]
		d := s.cal.onOrAfter(m.date + day(s.between(7, 20)))
		if d <= s.today && len(s.onPlanAt(d)) > 0 {
			pm := meeting{date: d, kind: "professionals", chair: "tm1", summary: "Professionals met to share information about recent concerns."}
			s.attendance(&pm, "tm1", true)
			for _, mb := range c.members {
				switch mb.role {
				case "parent", "carer", "family", "child": // professionals only
					pm.present = remove(pm.present, mb.id)
					pm.apologies = remove(pm.apologies, mb.id)
					pm.absent = remove(pm.absent, mb.id)
				}
			}
			c.meetings = append(c.meetings, pm)
		}
	}
}

// recommend records, at the last core group before a review, what the core group recommended.
func (s *g) recommend(from int, next *conference) {
	for i := len(s.c.meetings) - 1; i >= from; i-- {
		m := &s.c.meetings[i]
		if m.kind != "core-group" || m.cancelled || m.booked {
			continue
		}
		if m.date < next.date-60 || !s.chance(0.8) {
			return
		}
		rec := "Recommend the review conference continues the plan"
		if next.decision == "end" && len(next.children) == 0 {
			rec = "Recommend the review conference ends the plan"
		}
		if len(m.decisions) >= 2 {
			m.decisions = m.decisions[:1]
		}
		m.decisions = append(m.decisions, rec)
		return
	}
}

// interval is the core group frequency in force after conference k of a period.
func (s *g) interval(cf *conference, k int) every {
	p := &s.c.periods[cf.period]
	for j := k; j >= 0; j-- {
		if e := s.c.conferences[p.confs[j]].cgEvery; e != "" {
			return parseEvery(e)
		}
	}
	if k > 0 {
		return s.pol.cadence[1]
	}
	return s.pol.cadence[0]
}

// segment writes the core groups between a conference and the next one. last is the date of
// the latest core group held in the period (0 before the first); segment updates it.
func (s *g) segment(cf *conference, k int, segEnd day, firstOfPeriod *bool, last *day) {
	iv := s.interval(cf, k)
	// nominal is the date the next core group is planned for, counted from one on from.
	nominal := func(from day) day {
		due := iv.after(from)
		if s.chance(0.9) {
			d := s.cal.onOrBefore(due - day(s.between(0, 7)))
			if d <= from+14 {
				d = s.cal.onOrAfter(from + 14)
			}
			return d
		}
		return s.cal.onOrAfter(due + day(s.between(1, 14)))
	}
	var planned day
	switch {
	case cf.cgSet != 0:
		planned = cf.cgSet
	case k == 0 && s.chance(0.1):
		planned = s.cal.addWorking(cf.date, s.between(11, 18))
	default:
		planned = s.cal.addWorking(cf.date, s.between(4, 9))
	}
	if k > 0 && *last != 0 && s.chance(0.9) {
		// the cadence runs on through a review: do not let the first one after it slip
		if n := nominal(*last); n < planned {
			planned = max(n, s.cal.addWorking(cf.date, 1))
		}
	}
	nextReview := cf.nextReview
	if nextReview == 0 {
		nextReview = addMonths(cf.date, 3)
	}
	firstOfSeg := true
	booked := 0
	for planned < segEnd {
		// a birth brings the next core group forward (pre-birth plans)
		prev := *last
		if prev == 0 {
			prev = cf.date
		}
		if b := s.birthBetween(prev, planned); b != 0 && planned > b+10 && s.chance(0.85) {
			planned = s.cal.onOrAfter(b + day(s.between(2, 7)))
		}
		if planned > s.today {
			// a booking: at most two, the second rarer
			if booked == 0 && s.chance(0.6) || booked == 1 && s.chance(0.3) {
				m := meeting{date: planned, kind: "core-group", chair: s.chairFor(planned, *firstOfPeriod), booked: true}
				s.c.meetings = append(s.c.meetings, m)
				booked++
				*firstOfPeriod = false
				planned = nominal(planned)
				continue
			}
			return
		}
		held := planned
		var from day
		cancelled := false
		switch x := s.r.Float64(); {
		case x < 0.05:
			held = s.cal.onOrAfter(planned + day(s.between(2, 10)))
			from = planned
		case x < 0.09:
			cancelled = true
		case x < 0.11 && !firstOfSeg:
			// not held and not recorded: the next one is planned from this date
			planned = nominal(planned)
			continue
		}
		if cancelled {
			cm := meeting{date: planned, kind: "core-group", chair: s.chairFor(planned, *firstOfPeriod), cancelled: true}
			s.c.meetings = append(s.c.meetings, cm)
			held = s.cal.onOrAfter(planned + day(s.between(3, 12)))
			from = planned
		}
		if held >= segEnd || held > s.today {
			planned = nominal(planned)
			if held > s.today {
				continue
			}
			return
		}
		nxt := nominal(held)
		m := meeting{date: held, kind: "core-group", rescheduledFrom: from, next: nxt}
		m.chair = s.chairFor(held, *firstOfPeriod)
		if firstOfSeg && s.chance(0.93) {
			for d := iv.after(held); d <= nextReview && len(m.datesSet) < 8; d = iv.after(d) {
				m.datesSet = append(m.datesSet, s.cal.onOrBefore(d))
			}
			if len(m.datesSet) == 0 {
				m.datesSet = []day{nxt}
			} else {
				m.next = m.datesSet[0]
				nxt = m.next
			}
		}
		s.fillMeeting(&m, *firstOfPeriod)
		s.c.meetings = append(s.c.meetings, m)
		*firstOfPeriod = false
		*last = held
		firstOfSeg = false
		planned = nxt
	}
}

// birthBetween is the birth date of a child unborn at the first conference born after lo and
// before hi, or 0.
func (s *g) birthBetween(lo, hi day) day {
	for _, c := range s.c.children {
		if c.unbornAtStart && c.born > lo && c.born < hi {
			return c.born
		}
	}
	return 0
}

func (s *g) attendance(m *meeting, chair string, lead bool) {
	ld := s.lead(m.date)
	for i := range s.c.members {
		mb := &s.c.members[i]
		if !mb.active(m.date) || mb.excluded != "" {
			continue
		}
		id := mb.id
		if id == chair || (lead && id == ld) {
			m.present = append(m.present, id)
			continue
		}
		pPresent, pApol := 0.75, 0.22
		switch mb.role {
		case "parent", "carer", "family":
			pPresent, pApol = 0.8, 0.12
		case "child":
			pPresent, pApol = 0.5, 0.5
		case "team-manager", "practice-lead":
			pPresent, pApol = 0.2, 0.1
		case "lead-social-worker":
			pPresent, pApol = 0.3, 0.0 // the other lead, around a handover
		case "social-worker":
			pPresent, pApol = 0.5, 0.2
		}
		if mb.role == "team-manager" || mb.role == "practice-lead" || mb.role == "lead-social-worker" {
			if s.chance(pPresent) {
				m.present = append(m.present, id)
			}
			continue
		}
		switch x := s.r.Float64(); {
		case x < pPresent:
			m.present = append(m.present, id)
		case x < pPresent+pApol:
			m.apologies = append(m.apologies, id)
		default:
			m.absent = append(m.absent, id)
		}
	}
}

func (s *g) fillMeeting(m *meeting, first bool) {
	s.attendance(m, m.chair, true)
	kids := s.bornOnPlan(m.date)
	m.summary = s.summary(kids, m.date)
	if first {
		m.decisions = []string{"Detailed plan agreed"}
	}
	for n := s.between(1, 2) - len(m.decisions); n > 0; n-- {
		if d := s.decision(m.date); !contains(m.decisions, d) {
			m.decisions = append(m.decisions, d)
		}
	}
	if s.chance(0.06) {
		if t := pick(s, disagreementTexts); s.hasActiveRole(t.role, m.date) {
			m.disagreements = []string{t.text}
		}
	}
	na := 0
	switch x := s.r.Float64(); {
	case x < 0.35:
	case x < 0.8:
		na = 1
	default:
		na = 2
	}
	for j := 0; j < na; j++ {
		a, ok := s.newAction(m.date, kids)
		if !ok || len(m.actions) > 0 && m.actions[0].text == a.text {
			continue
		}
		a.id = fmt.Sprintf("m%s%c", m.date.String()[2:4]+m.date.String()[5:7]+m.date.String()[8:], 'a'+j)
		m.actions = append(m.actions, a)
	}
	// The record: to the manager, approved, circulated; now and then late, or a step missing.
	if s.chance(0.98) {
		d := s.cal.addWorking(m.date, s.between(1, 2))
		if s.chance(0.06) {
			d = s.cal.addWorking(m.date, s.between(3, 8))
		}
		if d > s.today {
			return
		}
		m.toManager = d
		if !s.chance(0.95) {
			return
		}
		d = s.cal.addWorking(d, s.between(0, 2))
		if d > s.today {
			return
		}
		m.approved = d
		if !s.chance(0.95) {
			return
		}
		d = s.cal.addWorking(d, s.between(0, 1))
		if s.chance(0.08) {
			d = s.cal.addWorking(d, s.between(3, 8))
		}
		if d <= s.today {
			m.circulate = d
		}
	}
}

// summary is a sentence about one of the children, fitting the child's age.
func (s *g) summary(kids []*child, d day) string {
	if len(kids) == 0 {
		return pick(s, preBirthSummaries)
	}
	k := kids[s.r.IntN(len(kids))]
	age := s.ageYears(k, d)
	for {
		t := pick(s, summaries)
		if t.age == 0 || t.age == 1 && age < 5 || t.age == 2 && age >= 5 {
			return fill(t.text, names([]*child{k}))
		}
	}
}

// decision is a decision that fits the members of the case.
func (s *g) decision(d day) string {
	for {
		t := pick(s, decisions)
		if t.role == "" || s.hasActiveRole(t.role, d) {
			return t.text
		}
	}
}

// newAction is an action whose owner is an active member with the template's role.
func (s *g) newAction(d day, kids []*child) (action, bool) {
	for try := 0; try < 6; try++ {
		t := pick(s, actionTemplates)
		var owner string
		for i := range s.c.members {
			mb := &s.c.members[i]
			role := mb.role
			if t.role == "lead-social-worker" && mb.id != s.lead(d) {
				continue
			}
			if role == t.role && mb.active(d) && mb.excluded == "" {
				owner = mb.id
				break
			}
		}
		if owner == "" {
			continue
		}
		a := action{owner: owner, text: t.text}
		if strings.Contains(t.text, "%s") {
			var fit []*child
			for _, k := range kids {
				if age := s.ageYears(k, d); t.age == 0 && age >= 0 || t.age == 1 && age >= 0 && age < 5 || t.age == 2 && age >= 5 {
					fit = append(fit, k)
				}
			}
			if len(fit) == 0 {
				continue
			}
			a.text = fill(t.text, names(fit[s.r.IntN(len(fit)):][:1]))
		}
		if s.pol.id == "core-group-working-2017" || s.chance(0.92) {
			a.due = d + day(s.between(7, 42))
		}
		ref := a.due
		if ref == 0 {
			ref = d + 21
		}
		if ref <= s.today+10 && s.chance(0.85) {
			done := ref - day(s.between(0, 14))
			if s.chance(0.2) {
				done = ref + day(s.between(1, 21))
			}
			if done <= d {
				done = d + 1
			}
			if done <= s.today {
				a.done = done
			}
		}
		return a, true
	}
	return action{}, false
}

// childPlanMeetings: after a plan ends, child in need (child-plan) meetings.
func (s *g) childPlanMeetings(p *period, pi int) {
	if !s.chance(0.85) {
		return
	}
	limit := s.today
	if pi+1 < len(s.c.periods) {
		limit = s.c.periods[pi+1].start - 5
	}
	d := s.cal.onOrAfter(p.end + day(s.between(14, 45)))
	if s.chance(0.1) {
		d = s.cal.onOrAfter(p.end + day(s.between(46, 70)))
	}
	for n := s.between(1, 4); n > 0; n-- {
		if d > limit {
			if d > s.today && pi+1 == len(s.c.periods) && s.chance(0.4) {
				s.c.meetings = append(s.c.meetings, meeting{date: d, kind: "child-plan", chair: s.lead(d), booked: true})
			}
			return
		}
		m := meeting{date: d, kind: "child-plan", chair: s.lead(d)}
		s.attendance(&m, m.chair, true)
		var kids []*child
		for i := range s.c.children {
			if ch := &s.c.children[i]; ch.born != 0 && ch.born <= d {
				kids = append(kids, ch)
			}
		}
		m.summary = fill(pick(s, childPlanSummaries), names(kids))
		m.decisions = []string{"Continue the child in need plan"}
		nd := s.cal.onOrAfter(d + day(s.between(42, 70)))
		m.next = nd
		if s.chance(0.85) {
			if t := s.cal.addWorking(d, s.between(1, 5)); t <= s.today {
				m.toManager = t
			}
		}
		s.c.meetings = append(s.c.meetings, m)
		d = nd
	}
}

// absences makes one member absent from two or three core groups running in some cases, then
// records the absence escalations for every run of two.
func (s *g) absences() {
	var held []int
	for i := range s.c.meetings {
		m := &s.c.meetings[i]
		if m.kind == "core-group" && !m.cancelled && !m.booked {
			held = append(held, i)
		}
	}
	sort.SliceStable(held, func(a, b int) bool { return s.c.meetings[held[a]].date < s.c.meetings[held[b]].date })
	if len(held) >= 3 && s.chance(0.15) {
		var cands []string
		for _, mb := range s.c.members {
			switch mb.role {
			case "parent", "carer", "gp", "police", "teacher", "family":
				if mb.excluded == "" {
					cands = append(cands, mb.id)
				}
			}
		}
		if len(cands) > 0 {
			who := pick(s, cands)
			from := s.r.IntN(len(held) - 1)
			for j := from; j < len(held) && j < from+s.between(2, 3); j++ {
				m := &s.c.meetings[held[j]]
				if m.chair == who || !s.member(who).active(m.date) {
					continue
				}
				m.present = remove(m.present, who)
				m.apologies = remove(m.apologies, who)
				m.absent = remove(m.absent, who)
				m.absent = append(m.absent, who)
			}
		}
	}
	// runs of absence
	for _, mb := range s.c.members {
		run := 0
		for _, i := range held {
			m := &s.c.meetings[i]
			if contains(m.absent, mb.id) {
				run++
			} else {
				run = 0
			}
			if run == 2 && s.chance(0.65) {
				d := m.date
				if s.chance(0.35) {
					d += day(s.between(1, 7))
				}
				if d <= s.today {
					s.c.escalations = append(s.c.escalations, escalation{date: d, reason: "absence", to: "tm1", note: pick(s, escalationNotes["absence"])})
				}
			}
		}
	}
}

func remove(xs []string, x string) []string {
	out := xs[:0]
	for _, y := range xs {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// ---- visits -------------------------------------------------------------------------------

func (s *g) visitsAll() {
	c := s.c
	base := s.between(4, 9)
	if s.pol.id == "core-groups-s9" {
		base = s.between(4, 8)
	}
	for pi := range c.periods {
		p := &c.periods[pi]
		end := s.today
		if p.end != 0 && p.end < end {
			end = p.end
		}
		d := s.cal.addWorking(p.start, s.between(1, 5))
		bedroomDue := true
		lastConf := p.start
		prevNoAccess, run := false, 0
		for d <= end {
			// the frequency the latest conference stipulated, if any
			b := base
			for _, ci := range p.confs {
				cf := &c.conferences[ci]
				if cf.date > d {
					break
				}
				if cf.date > lastConf {
					lastConf = cf.date
					bedroomDue = true
				}
				if cf.visitEvery != "" {
					b = max(4, parseEvery(cf.visitEvery).n*5/7)
				}
			}
			v := s.visit(d, prevNoAccess && run < 2, bedroomDue)
			if v.bedroom {
				bedroomDue = false
			}
			if v.noAcc && prevNoAccess && s.chance(0.65) {
				e := d
				if s.chance(0.3) {
					e += day(s.between(1, 5))
				}
				if e <= s.today {
					c.escalations = append(c.escalations, escalation{date: e, reason: "no-access", to: "tm1", note: pick(s, escalationNotes["no-access"])})
				}
			}
			prevNoAccess = v.noAcc && v.kind == "home"
			if prevNoAccess {
				run++
			} else {
				run = 0
			}
			c.visits = append(c.visits, v)
			gap := min(15, max(4, b+s.between(-2, 3)))
			if s.pol.id == "core-groups-s9" && gap > b && s.chance(0.8) {
				gap = b // within the stipulated frequency, most of the time
			}
			if s.chance(0.07) {
				gap += s.between(4, 10)
			}
			if v.noAcc {
				gap = s.between(1, 3)
			}
			d = s.cal.addWorking(d, gap)
		}
		if p.end != 0 && s.chance(0.7) {
			// a few child in need visits after the plan ended
			limit := s.today
			if pi+1 < len(c.periods) {
				limit = c.periods[pi+1].start - 1
			}
			d = s.cal.addWorking(p.end, s.between(10, 20))
			for n := s.between(2, 8); n > 0 && d <= limit; n-- {
				v := visit{date: d, by: s.lead(d), kind: "home"}
				for i := range c.children {
					if ch := &c.children[i]; ch.born != 0 && ch.born <= d {
						v.seen = append(v.seen, ch.id)
					}
				}
				c.visits = append(c.visits, v)
				d = s.cal.addWorking(d, s.between(10, 20))
			}
		}
	}
}

func (s *g) visit(d day, prevNoAccess, bedroomDue bool) visit {
	lead := s.lead(d)
	v := visit{date: d, by: lead, kind: "home"}
	kids := s.bornOnPlan(d)
	var schoolKids []*child
	young := false
	for _, k := range kids {
		if a := s.ageYears(k, d); a >= 4 {
			schoolKids = append(schoolKids, k)
		} else {
			young = true
		}
	}
	switch x := s.r.Float64(); {
	case prevNoAccess && s.chance(0.35):
		v.noAcc = true
		return v
	case x < 0.7:
	case x < 0.82 && len(schoolKids) > 0 && s.hasMember("tch1"):
		v.kind = "school"
		kids = schoolKids
	case x < 0.91:
		v.kind = "office"
	default:
		v.kind = "other"
	}
	if v.kind == "home" && !prevNoAccess && s.chance(0.06) {
		v.noAcc = true
		return v
	}
	switch x := s.r.Float64(); {
	case x < 0.06 && young && s.hasMember("hv1") && s.member("hv1").active(d):
		v.by = "hv1"
		v.kind = "home"
		var ys []*child
		for _, k := range kids {
			if s.ageYears(k, d) < 5 {
				ys = append(ys, k)
			}
		}
		kids = ys
	case x < 0.12 && s.hasSW3:
		v.by = "sw3"
	}
	for _, k := range kids {
		v.seen = append(v.seen, k.id)
	}
	if v.by != "hv1" {
		for _, k := range kids {
			if s.ageYears(k, d) >= 4 && s.chance(0.75) {
				v.alone = append(v.alone, k.id)
			}
		}
	}
	if v.kind == "home" && len(v.seen) > 0 {
		if bedroomDue && s.chance(0.8) || s.chance(0.2) {
			v.bedroom = true
		}
	}
	return v
}

// ---- assessment, plan, escalations --------------------------------------------------------

func (s *g) assessmentAndPlan(start day) {
	c := s.c
	pa := 0.5
	if s.pol.id == "core-groups-s9" {
		pa = 0.75
	}
	if s.chance(pa) {
		st := start + day(s.between(-14, 10))
		if st > s.today {
			st = s.today
		}
		c.caStarted = st
		done := s.cal.addWorking(st, s.between(20, 35))
		if s.chance(0.2) {
			done = s.cal.addWorking(st, s.between(36, 60))
		}
		if done <= s.today && s.chance(0.9) {
			c.caDone = done
		}
	}
	// The plan was agreed at the first core group of the latest period that has one.
	var agreed day
	for pi := len(c.periods) - 1; pi >= 0 && agreed == 0; pi-- {
		p := &c.periods[pi]
		for _, m := range c.meetings {
			if m.kind == "core-group" && !m.cancelled && !m.booked && m.date >= p.start && (p.end == 0 || m.date < p.end) {
				if agreed == 0 || m.date < agreed {
					agreed = m.date
				}
			}
		}
	}
	if agreed == 0 || s.chance(0.03) {
		return
	}
	c.hasPlan = true
	c.planAgreed = agreed
	if s.chance(0.04) {
		c.planAgreed = agreed + day(s.between(3, 20))
		if c.planAgreed > s.today {
			c.planAgreed = s.today
		}
	}
	// Sections: the policy's own, one sometimes missing, and others from the union.
	want := map[string]bool{}
	for _, n := range s.pol.required {
		want[n] = true
	}
	if s.chance(0.04) {
		delete(want, pick(s, s.pol.required))
	}
	for _, n := range allSections {
		if !want[n] && s.chance(0.3) {
			want[n] = true
		}
	}
	kids := s.bornOnPlan(agreed)
	if len(kids) == 0 {
		for i := range c.children {
			kids = append(kids, &c.children[i])
		}
	}
	for _, n := range allSections {
		if want[n] {
			t := pick(s, sectionTexts[n])
			if n == "views-child" && s.ageYears(kids[0], agreed) < 6 {
				t = "Too young to give a view; observed to be settled and well cared for (%s)."
			}
			c.sections = append(c.sections, n, fill(t, names(kids)))
		}
	}
	for j, n := 0, s.between(2, 5); j < n; j++ {
		a, ok := s.newAction(agreed, kids)
		dup := false
		for _, b := range c.planActions {
			dup = dup || b.text == a.text
		}
		if !ok || dup {
			continue
		}
		a.id = fmt.Sprintf("a%d", len(c.planActions)+1)
		a.due = agreed + day(s.between(14, 120))
		a.done = 0
		if a.due <= s.today+20 && s.chance(0.85) {
			dn := a.due - day(s.between(0, 20))
			if s.chance(0.2) {
				dn = a.due + day(s.between(1, 21))
			}
			if dn <= s.today && dn > agreed {
				a.done = dn
			}
		}
		c.planActions = append(c.planActions, a)
	}
	for _, mb := range c.members {
		if !mb.active(agreed) && !mb.active(agreed+60) || mb.excluded != "" || mb.role == "child" {
			continue
		}
		if !s.chance(0.96) {
			continue
		}
		d := max(agreed, mb.from) + day(s.between(0, 6))
		if d <= s.today {
			c.signed = append(c.signed, action{owner: mb.id, done: d})
		}
	}
	if s.chance(0.03) {
		d := s.today - day(s.between(5, 60))
		if d > start {
			c.escalations = append(c.escalations, escalation{date: d, reason: "drift", to: "tm1", note: pick(s, escalationNotes["drift"])})
		}
	}
	if s.chance(0.01) {
		d := s.today - day(s.between(5, 60))
		if d > start {
			c.escalations = append(c.escalations, escalation{date: d, reason: "other", to: "tm1", note: pick(s, escalationNotes["other"])})
		}
	}
}

// ---- writing ------------------------------------------------------------------------------

// caseFiles holds the four files of a case as text, with buffers reused between cases.
type caseFiles struct {
	plan, members, meetings, visits []byte
}

func (f *caseFiles) write(dir string) error {
	if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
		return err
	}
	for _, x := range []struct {
		name string
		data []byte
	}{{"plan.yaml", f.plan}, {"members.yaml", f.members}, {"meetings.yaml", f.meetings}, {"visits.yaml", f.visits}} {
		if err := os.WriteFile(filepath.Join(dir, x.name), x.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// text writes s as a YAML scalar: plain when that is safe, else double-quoted.
func text(b []byte, s string) []byte {
	if plainSafe(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func plainSafe(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	if s[0] >= '0' && s[0] <= '9' {
		return isDuration(s)
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return false
	}
	if strings.ContainsAny(s, "#:,[]{}\"\\\t\n") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~":
		return false
	}
	return true
}

// isDuration: digits, a space, then lower-case words ("10 working days"); plain in YAML.
func isDuration(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(s) || s[i] != ' ' {
		return false
	}
	for _, r := range s[i+1:] {
		if r != ' ' && (r < 'a' || r > 'z') {
			return false
		}
	}
	return true
}

func ids(b []byte, xs []string) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, x...)
	}
	return append(b, ']')
}

func kv(b []byte, indent, key string) []byte {
	b = append(b, indent...)
	b = append(b, key...)
	return append(b, ": "...)
}

func dateKV(b []byte, indent, key string, d day) []byte {
	if d == 0 {
		return b
	}
	b = kv(b, indent, key)
	b = d.appendTo(b)
	return append(b, '\n')
}

func textKV(b []byte, indent, key, s string) []byte {
	if s == "" {
		return b
	}
	b = kv(b, indent, key)
	b = text(b, s)
	return append(b, '\n')
}

func (f *caseFiles) render(c *caseData, seed uint64, index int) {
	header := fmt.Sprintf("# Synthetic case %d from testdata/gen (seed %d). Invented data: no real people.\n", index, seed)

	// plan.yaml
	b := append(f.plan[:0], header...)
	b = textKV(b, "", "case", c.ref)
	b = textKV(b, "", "policy", c.policy)
	b = textKV(b, "", "team", c.team)
	b = append(b, "children:\n"...)
	for _, ch := range c.children {
		b = append(b, "  - id: "...)
		b = append(b, ch.id...)
		b = append(b, '\n')
		b = textKV(b, "    ", "name", ch.name)
		b = dateKV(b, "    ", "born", ch.born)
		b = dateKV(b, "    ", "expected", ch.expected)
	}
	b = append(b, "conferences:\n"...)
	for _, cf := range c.conferences {
		b = append(b, "  - kind: "...)
		b = append(b, cf.kind...)
		b = append(b, '\n')
		b = dateKV(b, "    ", "date", cf.date)
		b = textKV(b, "    ", "decision", cf.decision)
		if len(cf.children) > 0 {
			b = ids(kv(b, "    ", "children"), cf.children)
			b = append(b, '\n')
		}
		b = textKV(b, "    ", "lead", cf.lead)
		b = dateKV(b, "    ", "core_group_set", cf.cgSet)
		b = textKV(b, "    ", "core_group_every", cf.cgEvery)
		b = textKV(b, "    ", "visit_every", cf.visitEvery)
		b = dateKV(b, "    ", "next_review", cf.nextReview)
	}
	if c.caStarted != 0 {
		b = append(b, "core_assessment:\n"...)
		b = dateKV(b, "  ", "started", c.caStarted)
		b = dateKV(b, "  ", "completed", c.caDone)
	}
	if c.hasPlan {
		b = append(b, "plan:\n"...)
		b = dateKV(b, "  ", "agreed", c.planAgreed)
		if len(c.sections) > 0 {
			b = append(b, "  sections:\n"...)
			for i := 0; i+1 < len(c.sections); i += 2 {
				b = textKV(b, "    ", c.sections[i], c.sections[i+1])
			}
		}
		if len(c.planActions) > 0 {
			b = append(b, "  actions:\n"...)
			b = actionsBlock(b, "    ", c.planActions)
		}
		if len(c.signed) > 0 {
			b = append(b, "  signed:\n"...)
			for _, sg := range c.signed {
				b = dateKV(b, "    ", sg.owner, sg.done)
			}
		}
	}
	if len(c.escalations) > 0 {
		b = append(b, "escalations:\n"...)
		for _, e := range c.escalations {
			b = append(b, "  - date: "...)
			b = e.date.appendTo(b)
			b = append(b, '\n')
			b = textKV(b, "    ", "reason", e.reason)
			b = textKV(b, "    ", "to", e.to)
			b = textKV(b, "    ", "note", e.note)
		}
	}
	f.plan = b

	// members.yaml
	b = append(f.members[:0], header...)
	b = append(b, "members:\n"...)
	for _, m := range c.members {
		b = append(b, "  - id: "...)
		b = append(b, m.id...)
		b = append(b, '\n')
		b = textKV(b, "    ", "name", m.name)
		b = textKV(b, "    ", "role", m.role)
		b = textKV(b, "    ", "agency", m.agency)
		b = dateKV(b, "    ", "from", m.from)
		b = dateKV(b, "    ", "to", m.to)
		b = textKV(b, "    ", "excluded", m.excluded)
	}
	f.members = b

	// meetings.yaml
	b = append(f.meetings[:0], header...)
	if len(c.meetings) == 0 {
		b = append(b, "meetings: []\n"...)
	} else {
		b = append(b, "meetings:\n"...)
	}
	for _, m := range c.meetings {
		b = append(b, "  - date: "...)
		b = m.date.appendTo(b)
		b = append(b, '\n')
		b = textKV(b, "    ", "kind", m.kind)
		b = textKV(b, "    ", "chair", m.chair)
		for _, l := range []struct {
			k  string
			xs []string
		}{{"present", m.present}, {"apologies", m.apologies}, {"absent", m.absent}} {
			if len(l.xs) > 0 {
				b = ids(kv(b, "    ", l.k), l.xs)
				b = append(b, '\n')
			}
		}
		b = textKV(b, "    ", "summary", m.summary)
		b = textList(b, "    ", "decisions", m.decisions)
		if len(m.actions) > 0 {
			b = append(b, "    actions:\n"...)
			b = actionsBlock(b, "      ", m.actions)
		}
		b = textList(b, "    ", "disagreements", m.disagreements)
		b = dateKV(b, "    ", "next", m.next)
		if len(m.datesSet) > 0 {
			b = kv(b, "    ", "dates_set")
			b = append(b, '[')
			for i, d := range m.datesSet {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = d.appendTo(b)
			}
			b = append(b, "]\n"...)
		}
		if m.toManager != 0 || m.approved != 0 || m.circulate != 0 {
			b = append(b, "    record:\n"...)
			b = dateKV(b, "      ", "to_manager", m.toManager)
			b = dateKV(b, "      ", "approved", m.approved)
			b = dateKV(b, "      ", "circulated", m.circulate)
		}
		b = dateKV(b, "    ", "rescheduled_from", m.rescheduledFrom)
		if m.cancelled {
			b = append(b, "    cancelled: true\n"...)
		}
	}
	f.meetings = b

	// visits.yaml
	b = append(f.visits[:0], header...)
	if len(c.visits) == 0 {
		b = append(b, "visits: []\n"...)
	} else {
		b = append(b, "visits:\n"...)
	}
	for _, v := range c.visits {
		b = append(b, "  - {date: "...)
		b = v.date.appendTo(b)
		b = append(b, ", by: "...)
		b = append(b, v.by...)
		b = append(b, ", kind: "...)
		b = append(b, v.kind...)
		if v.noAcc {
			b = append(b, ", no_access: true"...)
		}
		if len(v.seen) > 0 {
			b = ids(append(b, ", seen: "...), v.seen)
		}
		if len(v.alone) > 0 {
			b = ids(append(b, ", alone: "...), v.alone)
		}
		if v.bedroom {
			b = append(b, ", bedroom: true"...)
		}
		b = append(b, "}\n"...)
	}
	f.visits = b
}

func textList(b []byte, indent, key string, xs []string) []byte {
	if len(xs) == 0 {
		return b
	}
	b = append(b, indent...)
	b = append(b, key...)
	b = append(b, ":\n"...)
	for _, x := range xs {
		b = append(b, indent...)
		b = append(b, "  - "...)
		b = text(b, x)
		b = append(b, '\n')
	}
	return b
}

func actionsBlock(b []byte, indent string, as []action) []byte {
	for _, a := range as {
		b = append(b, indent...)
		b = append(b, "- id: "...)
		b = append(b, a.id...)
		b = append(b, '\n')
		in := indent + "  "
		b = textKV(b, in, "text", a.text)
		b = textKV(b, in, "owner", a.owner)
		b = dateKV(b, in, "due", a.due)
		b = dateKV(b, in, "done", a.done)
	}
	return b
}
