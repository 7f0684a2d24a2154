// Package synth writes a synthetic Standard Safeguarding Dataset extract: the CP tables of an
// invented authority, with the quirks of real extracts (dates with a time or day first, flags in
// any case, categories as codes or words, visits with no plan id, bedroom and review due dates
// not held, a transfer in, unborn children, protection orders). Nothing in it is a real person.
// The output depends only on the seed and the number of families.
package synth

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// AsOf is the day the extract is taken.
var AsOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// Extract is the tables, by SSD name, as rows of cells (the header first).
type Extract map[string][][]string

var headers = map[string][]string{
	"ssd_person":                {"pers_person_id", "pers_forename", "pers_surname", "pers_sex", "pers_gender", "pers_ethnicity", "pers_dob", "pers_expected_dob", "pers_death_date"},
	"ssd_initial_cp_conference": {"icpc_icpc_id", "icpc_icpc_meeting_id", "icpc_s47_enquiry_id", "icpc_person_id", "icpc_cp_plan_id", "icpc_referral_id", "icpc_icpc_transfer_in", "icpc_icpc_target_date", "icpc_icpc_date", "icpc_icpc_outcome_cp_flag", "icpc_icpc_outcome_json", "icpc_icpc_team", "icpc_icpc_worker_id"},
	"ssd_cp_plans":              {"cppl_cp_plan_id", "cppl_referral_id", "cppl_icpc_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "cppl_cp_plan_ola", "cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"},
	"ssd_cp_reviews":            {"cppr_cp_review_id", "cppr_person_id", "cppr_cp_plan_id", "cppr_cp_review_due", "cppr_cp_review_date", "cppr_cp_review_meeting_id", "cppr_cp_review_outcome_continue_cp", "cppr_cp_review_quorate", "cppr_cp_review_participation"},
	"ssd_cp_visits":             {"cppv_cp_visit_id", "cppv_person_id", "cppv_cp_plan_id", "cppv_cp_visit_date", "cppv_cp_visit_seen", "cppv_cp_visit_seen_alone", "cppv_cp_visit_bedroom"},
	"ssd_involvements":          {"invo_involvements_id", "invo_professional_id", "invo_professional_team", "invo_person_id", "invo_involvement_start_date", "invo_involvement_end_date"},
	"ssd_professionals":         {"prof_professional_id", "prof_professional_name"},
	"ssd_department":            {"dept_team_id", "dept_team_name"},
	"ssd_legal_status":          {"lega_legal_status_id", "lega_person_id", "lega_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date"},
	"ssd_disability":            {"disa_table_id", "disa_person_id", "disa_disability_code"},
}

// Tables are the table names in the order they are written.
var Tables = []string{"ssd_person", "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cp_reviews", "ssd_cp_visits",
	"ssd_involvements", "ssd_professionals", "ssd_department", "ssd_legal_status", "ssd_disability"}

type gen struct {
	r      *rand.Rand
	x      Extract
	n      map[string]int
	asOf   time.Time
	mosaic bool // the authority's review due dates are held for only some families
}

func (g *gen) next(prefix string) string {
	g.n[prefix]++
	return fmt.Sprintf("%s%d", prefix, g.n[prefix])
}

func (g *gen) add(table string, cells ...string) { g.x[table] = append(g.x[table], cells) }

func (g *gen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

// date writes a day as real extracts do: with a time, or day first.
func (g *gen) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	switch g.r.IntN(3) {
	case 0:
		return t.Format("2006-01-02") + " 00:00:00.000"
	case 1:
		return t.Format("02/01/2006")
	}
	return t.Format("2006-01-02")
}

func (g *gen) flag(b bool) string {
	if b {
		return g.pick("Y", "y", "Yes", "YES", "yes")
	}
	return g.pick("N", "n", "No", "NO", "no")
}

var cats = [][]string{
	{"NEG", "Neglect", "neglect"},
	{"PHY", "Physical Abuse", "physical abuse"},
	{"SAB", "Sexual Abuse", "SAB"},
	{"EMO", "Emotional Abuse", "emo"},
	{"MUL", "Multiple", "MUL"},
}

var ethnic = []string{"WBRI", "WBRI", "WBRI", "WBRI", "WIRI", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
	"ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT", "White British", "Pakistani", "WBRI1", ""}

var forenames = []string{"Ada", "Ben", "Cal", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lou", "Max", "Nia", "Oz", "Pip", "Rae", "Sol", "Tam", "Uma"}
var surnames = []string{"Abbot", "Birch", "Cole", "Dunn", "Eade", "Frost", "Grey", "Hale", "Irons", "Judd", "Keen", "Lake", "Moss", "Nash", "Oakes", "Penn"}

// Generate makes the extract of n families.
func Generate(seed uint64, families int) Extract {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x5eed)), x: Extract{}, n: map[string]int{}, asOf: AsOf}
	for _, t := range Tables {
		g.add(t, headers[t]...)
	}
	teams := []string{"Team North", "Team South", "Team East", "Team West", "Pre-birth Team"}
	for i, t := range teams {
		g.add("ssd_department", fmt.Sprintf("T%02d", i+1), t)
	}
	for i := 0; i < 24; i++ {
		g.add("ssd_professionals", fmt.Sprintf("W%03d", i+1), forenames[i%len(forenames)]+" "+surnames[(i*7)%len(surnames)])
	}
	for f := 0; f < families; f++ {
		g.family(f)
	}
	return g.x
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func (g *gen) family(f int) {
	size := 1 + g.r.IntN(3)
	if g.r.IntN(10) == 0 {
		size = 4
	}
	// The conference: from January 2024 to ten days before the extract.
	span := int(g.asOf.Sub(day(2024, 1, 8)).Hours()/24) - 10
	icpcDate := day(2024, 1, 8).AddDate(0, 0, g.r.IntN(span))
	for icpcDate.Weekday() == time.Saturday || icpcDate.Weekday() == time.Sunday {
		icpcDate = icpcDate.AddDate(0, 0, 1)
	}
	meeting := g.next("M")
	transfer := g.r.IntN(25) == 0
	dueHeld := g.r.IntN(5) != 0
	surname := surnames[g.r.IntN(len(surnames))]
	// Whether the family's plan ended, and when: ended plans end 3 to 20 months in.
	var end time.Time
	if g.r.IntN(5) < 2 {
		end = icpcDate.AddDate(0, 3+g.r.IntN(18), g.r.IntN(20))
		if !end.Before(g.asOf) {
			end = time.Time{}
		}
	}
	team := fmt.Sprintf("T%02d", 1+g.r.IntN(4))
	workers := []string{fmt.Sprintf("W%03d", 1+g.r.IntN(24))}
	if g.r.IntN(3) == 0 {
		workers = append(workers, fmt.Sprintf("W%03d", 1+g.r.IntN(24)))
	}
	sched := g.schedule(icpcDate, end, len(workers))
	for c := 0; c < size; c++ {
		pid := fmt.Sprintf("%d", 100000+f*10+c)
		unborn := c == size-1 && g.r.IntN(12) == 0
		var dob, expected time.Time
		if unborn {
			expected = icpcDate.AddDate(0, 1+g.r.IntN(3), g.r.IntN(28))
			if expected.Before(g.asOf) && g.r.IntN(2) == 0 {
				dob = expected.AddDate(0, 0, g.r.IntN(10)-5) // born since
			}
		} else {
			dob = icpcDate.AddDate(-1-g.r.IntN(15), -g.r.IntN(12), -g.r.IntN(28))
		}
		sex := g.pick("M", "F", "M", "F", "U")
		gender := map[string]string{"M": g.pick("1", "Male", "1"), "F": g.pick("2", "Female", "2"), "U": g.pick("9", "")}[sex]
		if unborn && dob.IsZero() {
			sex, gender = "", "0"
		}
		g.add("ssd_person", pid, forenames[g.r.IntN(len(forenames))], surname, sex, gender, g.pick(ethnic...), g.date(dob), g.date(expected), "")
		switch g.r.IntN(6) {
		case 0:
			g.add("ssd_disability", g.next("D"), pid, g.pick("AUT", "LD", "MOB", "COMM"))
		case 1, 2:
			g.add("ssd_disability", g.next("D"), pid, "NONE")
		}
		// An earlier plan, ended, for some children.
		if g.r.IntN(12) == 0 {
			start := icpcDate.AddDate(-2, -g.r.IntN(6), 0)
			prevEnd := start.AddDate(0, 6+g.r.IntN(9), 0)
			if dob.IsZero() || dob.Before(start) {
				g.plan(pid, g.next("M"), g.schedule(start, prevEnd, 1), false, true, team, workers[:1], dob, unborn)
			}
		}
		g.plan(pid, meeting, sched, transfer, dueHeld, team, workers, dob, unborn)
		// Police protection or an EPO before the conference, for a few.
		switch g.r.IntN(14) {
		case 0:
			from := icpcDate.AddDate(0, 0, -20-g.r.IntN(10))
			g.add("ssd_legal_status", g.next("L"), pid, g.pick("L1", "L1: Police protection"), g.date(from), g.date(from.AddDate(0, 0, 2)))
		case 1:
			from := icpcDate.AddDate(0, 0, -25)
			g.add("ssd_legal_status", g.next("L"), pid, g.pick("L2", "L2: EPO"), g.date(from), g.date(from.AddDate(0, 0, 8)))
		case 2:
			g.add("ssd_legal_status", g.next("L"), pid, "V2", g.date(icpcDate.AddDate(0, -3, 0)), "")
		}
		// A visit from before any plan, with no plan id: it matches nothing.
		if g.r.IntN(20) == 0 {
			g.add("ssd_cp_visits", g.next("V"), pid, "", g.date(icpcDate.AddDate(0, -4, 0)), g.flag(true), g.flag(false), "")
		}
	}
}

// schedule is the dates a family's plan runs by: siblings are reviewed and visited together.
type schedule struct {
	start, end time.Time
	held, dues []time.Time // reviews held, and the due date each had
	next       time.Time   // the next review's due date, while the plan runs
	visits     []time.Time
	from       time.Time // the worker's allocation
	change     time.Time // the second worker's, or zero
}

func (g *gen) schedule(start, end time.Time, workers int) *schedule {
	s := &schedule{start: start, end: end, from: start.AddDate(0, 0, -g.r.IntN(20))}
	last := g.asOf
	if !end.IsZero() {
		last = end
	}
	// Reviews: three months in, then every six months from the last one held.
	due := start.AddDate(0, 3, 0)
	for {
		held := due.AddDate(0, 0, g.r.IntN(9)-6)
		if !end.IsZero() && !held.Before(end) {
			break
		}
		if held.After(last) {
			if end.IsZero() {
				s.next = due
			}
			break
		}
		s.held, s.dues = append(s.held, held), append(s.dues, due)
		due = held.AddDate(0, 6, 0)
	}
	if !end.IsZero() {
		s.next = due
	}
	for v := start.AddDate(0, 0, 2+g.r.IntN(5)); !v.After(last); v = v.AddDate(0, 0, 6+g.r.IntN(9)) {
		s.visits = append(s.visits, v)
	}
	if workers > 1 {
		change := start.AddDate(0, 2+g.r.IntN(3), 0)
		if (end.IsZero() || change.Before(end)) && !change.After(g.asOf) {
			s.change = change
		}
	}
	return s
}

func (g *gen) plan(pid, meeting string, s *schedule, transfer, dueHeld bool, team string, workers []string, dob time.Time, unborn bool) {
	start, end := s.start, s.end
	plan := g.next("P")
	icpc := g.next("IC")
	g.add("ssd_initial_cp_conference", icpc, meeting, g.next("S"), pid, plan, g.next("R"), g.flag(transfer),
		g.date(start.AddDate(0, 0, -3)), g.date(start), g.flag(true), "", team, workers[0])
	initial := g.r.IntN(len(cats))
	latest := initial
	if g.r.IntN(4) == 0 {
		latest = g.r.IntN(len(cats))
	}
	planICPC := icpc
	if g.r.IntN(10) == 0 {
		planICPC = "" // linked from the conference's side only (icpc_cp_plan_id)
	}
	g.add("ssd_cp_plans", plan, g.next("R"), planICPC, pid, g.date(start), g.date(end), "N",
		g.pick(cats[initial]...), g.pick(cats[latest]...))
	for i, held := range s.held {
		ssdDue := s.dues[i]
		if g.r.IntN(12) == 0 {
			ssdDue = ssdDue.AddDate(0, 0, 7) // an SSD due date that disagrees with the policy
		}
		g.add("ssd_cp_reviews", g.next("CR"), pid, g.pick(plan, plan, plan, ""), g.dueText(ssdDue, dueHeld), g.date(held), g.next("MT"), g.flag(true), g.flag(true), "")
	}
	switch {
	case end.IsZero() && !s.next.IsZero():
		g.add("ssd_cp_reviews", g.next("CR"), pid, g.pick(plan, plan, ""), g.dueText(s.next, dueHeld), "", "", "", "", "")
	case !end.IsZero() && g.r.IntN(8) != 0:
		// the review that ended the plan; for some plans the extract holds none
		g.add("ssd_cp_reviews", g.next("CR"), pid, plan, g.dueText(s.next, dueHeld), g.date(end), g.next("MT"), g.flag(false), g.flag(true), "")
	}
	// Visits: one row per child seen or not, on the family's visit days; a few days missed.
	bedroomHeld := g.r.IntN(3) != 0
	for _, v := range s.visits {
		if !dob.IsZero() && v.Before(dob) || unborn && dob.IsZero() || g.r.IntN(15) == 0 {
			continue // not born yet, or not visited that day
		}
		seen := g.r.IntN(12) != 0
		alone := ""
		switch {
		case !seen:
			alone = g.flag(false)
		case g.r.IntN(10) == 0:
			alone = "" // not held
		default:
			alone = g.flag(g.r.IntN(3) != 0)
		}
		bed := ""
		if bedroomHeld && seen {
			bed = g.flag(g.r.IntN(4) != 0)
		}
		pl := plan
		if g.r.IntN(5) == 0 {
			pl = "" // matched by person and date
		}
		g.add("ssd_cp_visits", g.next("V"), pid, pl, g.date(v), g.flag(seen), alone, bed)
	}
	// Involvements: the allocated worker and team, and a change of worker part way for some.
	if s.change.IsZero() {
		g.add("ssd_involvements", g.next("I"), workers[0], team, pid, g.date(s.from), g.date(end))
		return
	}
	g.add("ssd_involvements", g.next("I"), workers[0], team, pid, g.date(s.from), g.date(s.change.AddDate(0, 0, -1)))
	g.add("ssd_involvements", g.next("I"), workers[1], team, pid, g.date(s.change), g.date(end))
}

func (g *gen) dueText(d time.Time, held bool) string {
	if !held {
		return ""
	}
	return g.date(d)
}

// CSV writes one table as CSV, CRLF line ends as SQL Server tools write them.
func CSV(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	_ = w.WriteAll(rows) // a bytes.Buffer does not fail
	return b.Bytes()
}

// Write writes the extract's tables to dir, one CSV each.
func Write(dir string, x Extract) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, t := range Tables {
		if err := os.WriteFile(filepath.Join(dir, t+".csv"), CSV(x[t]), 0o644); err != nil {
			return err
		}
	}
	return nil
}
