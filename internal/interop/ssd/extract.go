package ssd

import (
	"fmt"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
)

// The tables read, by SSD name, and the columns each must have. Every other column is optional:
// one not held is listed in the reconcile report.
var tables = []struct {
	name     string
	required []string
	optional []string
}{
	{"ssd_person", []string{"pers_person_id"}, []string{"pers_sex", "pers_gender", "pers_ethnicity", "pers_dob", "pers_expected_dob", "pers_death_date"}},
	{"ssd_cp_plans", []string{"cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"}, []string{"cppl_icpc_id", "cppl_cp_plan_end_date", "cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"}},
	{"ssd_initial_cp_conference", []string{"icpc_icpc_id", "icpc_person_id", "icpc_icpc_date"}, []string{"icpc_icpc_meeting_id", "icpc_cp_plan_id", "icpc_icpc_transfer_in", "icpc_icpc_outcome_cp_flag"}},
	{"ssd_cp_reviews", []string{"cppr_cp_review_id", "cppr_person_id"}, []string{"cppr_cp_plan_id", "cppr_cp_review_due", "cppr_cp_review_date", "cppr_cp_review_outcome_continue_cp"}},
	{"ssd_cp_visits", []string{"cppv_cp_visit_id", "cppv_person_id", "cppv_cp_visit_date"}, []string{"cppv_cp_plan_id", "cppv_cp_visit_seen", "cppv_cp_visit_seen_alone", "cppv_cp_visit_bedroom"}},
	{"ssd_involvements", []string{"invo_professional_id", "invo_person_id", "invo_involvement_start_date"}, []string{"invo_professional_team", "invo_involvement_end_date"}},
	{"ssd_professionals", []string{"prof_professional_id"}, []string{"prof_professional_name"}},
	{"ssd_department", []string{"dept_team_id", "dept_team_name"}, nil},
	{"ssd_legal_status", []string{"lega_person_id", "lega_legal_status", "lega_legal_status_start_date"}, []string{"lega_legal_status_end_date"}},
	{"ssd_disability", []string{"disa_person_id", "disa_disability_code"}, nil},
}

// extract is what the import reads of the SSD tables.
type extract struct {
	dir     string
	persons map[string]*person
	order   []string // person ids in file order
	plans   []*plan
	icpcs   map[string]*icpc // by icpc_icpc_id
	reviews []*review
	visits  []*visit
	invos   []*involvement
	profs   map[string]string // professional id: name
	teams   map[string]string // team id: name
	orders  []*legal
	// notHeld counts, per table and column, the rows with no value; absent lists the optional
	// columns a table does not have; missing lists the tables not in the folder.
	notHeld map[string]map[string]int
	rows    map[string]int
	absent  map[string][]string
	missing []string
	notes   []string // what the import did with odd rows, for the report
	refused diag.List
	by      map[string]*rows // the rows of each person
	// badPersons are the person ids refused in ssd_person, so that rows naming them are not
	// refused again as naming no person.
	badPersons map[string]bool
}

type person struct {
	id, name         string
	sex, gender, eth string
	born, expected   civil.Date
	died             civil.Date
	disability       string // y, n or "" (not held)
	at               row
}

type plan struct {
	id, person, icpc string
	start, end       civil.Date
	initial, latest  string
	at               row
}

type icpc struct {
	id, meeting, person, plan string
	date                      civil.Date
	transferIn, outcome       string
	at                        row
}

type review struct {
	id, person, plan string
	due, date        civil.Date
	cont             string
	at               row
}

type visit struct {
	id, person, plan string
	date             civil.Date
	seen, alone, bed string
	at               row
}

type involvement struct {
	worker, person, team string
	from, to             civil.Date
	at                   row
}

type legal struct {
	person, kind string
	from, to     civil.Date
	at           row
}

// read reads the tables in dir. Refusals are collected, not returned as an error: the error is
// for the folder itself (it cannot be read).
func read(dir string) (*extract, error) {
	x := &extract{dir: dir, persons: map[string]*person{}, icpcs: map[string]*icpc{}, profs: map[string]string{}, teams: map[string]string{},
		notHeld: map[string]map[string]int{}, rows: map[string]int{}, absent: map[string][]string{}, badPersons: map[string]bool{}}
	got := map[string]*table{}
	for _, spec := range tables {
		t, err := readTable(dir, spec.name, &x.refused)
		if err != nil {
			return nil, err
		}
		if t == nil {
			x.missing = append(x.missing, spec.name)
			continue
		}
		if x.refusedFile(spec.name) {
			continue // the file does not read: its refusal says why
		}
		if !t.require(spec.required...) {
			continue
		}
		for _, c := range spec.optional {
			if !t.has(c) {
				x.absent[spec.name] = append(x.absent[spec.name], c)
			}
		}
		x.rows[spec.name] = len(t.rows)
		counts := map[string]int{}
		for _, r := range t.rows {
			for _, c := range append(append([]string{}, spec.required...), spec.optional...) {
				if t.has(c) && r.get(c) == "" {
					counts[c]++
				}
			}
		}
		x.notHeld[spec.name] = counts
		got[spec.name] = t
	}
	for _, name := range []string{"ssd_person", "ssd_cp_plans"} {
		if got[name] == nil && !x.refusedFile(name) {
			x.refused.Add(dir, 0, 0, "the extract has no %s.csv; the import needs ssd_person and ssd_cp_plans at least", name)
		}
	}
	x.readPersons(got["ssd_person"])
	x.readDisability(got["ssd_disability"])
	x.readPlans(got["ssd_cp_plans"])
	x.readICPCs(got["ssd_initial_cp_conference"])
	x.readReviews(got["ssd_cp_reviews"])
	x.readVisits(got["ssd_cp_visits"])
	x.readStaff(got["ssd_professionals"], got["ssd_department"])
	x.readInvolvements(got["ssd_involvements"])
	x.readLegal(got["ssd_legal_status"])
	x.refused.Sort()
	x.index()
	return x, nil
}

// index files the rows by person, in file order, so that a family's rows are found without
// reading every row of the extract for each family.
func (x *extract) index() {
	x.by = map[string]*rows{}
	of := func(id string) *rows {
		r := x.by[id]
		if r == nil {
			r = &rows{}
			x.by[id] = r
		}
		return r
	}
	for _, r := range x.reviews {
		of(r.person).reviews = append(of(r.person).reviews, r)
	}
	for _, v := range x.visits {
		of(v.person).visits = append(of(v.person).visits, v)
	}
	for _, v := range x.invos {
		of(v.person).invos = append(of(v.person).invos, v)
	}
	for _, l := range x.orders {
		of(l.person).orders = append(of(l.person).orders, l)
	}
}

// rows are one person's rows of the tables read.
type rows struct {
	reviews []*review
	visits  []*visit
	invos   []*involvement
	orders  []*legal
}

// of is the person's rows (none for a person with no rows).
func (x *extract) of(id string) *rows {
	if r := x.by[id]; r != nil {
		return r
	}
	return &rows{}
}

// familyRows are the rows of the family's children, child by child.
func (x *extract) familyRows(f *family) *rows {
	out := &rows{}
	for _, ch := range f.children {
		r := x.of(ch.id)
		out.reviews = append(out.reviews, r.reviews...)
		out.visits = append(out.visits, r.visits...)
		out.invos = append(out.invos, r.invos...)
		out.orders = append(out.orders, r.orders...)
	}
	return out
}

func (x *extract) refusedFile(name string) bool {
	for _, d := range x.refused {
		if strings.HasSuffix(d.File, name+".csv") {
			return true
		}
	}
	return false
}

func (x *extract) note(format string, args ...any) {
	x.notes = append(x.notes, fmt.Sprintf(format, args...))
}

// need refuses a row whose required cell is empty.
func need(r row, col, v string) bool {
	if v == "" {
		r.refuse(col, "empty; every row needs its %s", col)
		return false
	}
	return true
}

func (x *extract) readPersons(t *table) {
	if t == nil {
		return
	}
	for _, r := range t.rows {
		p := &person{at: r}
		var okID bool
		p.id, okID = r.id("pers_person_id")
		p.sex, _ = r.gender("pers_sex")
		p.gender, _ = r.gender("pers_gender")
		p.eth, _ = r.ethnicity("pers_ethnicity")
		p.born, _ = r.date("pers_dob")
		p.expected, _ = r.date("pers_expected_dob")
		p.died, _ = r.date("pers_death_date")
		p.name = strings.TrimSpace(r.get("pers_forename") + " " + r.get("pers_surname"))
		if !okID {
			x.badPersons[strings.ToLower(r.get("pers_person_id"))] = true
			continue
		}
		if !need(r, "pers_person_id", p.id) {
			continue
		}
		if prev, dup := x.persons[p.id]; dup {
			r.refuse("pers_person_id", "person %s is also on %s; each person has one row", r.get("pers_person_id"), prev.at.at())
			continue
		}
		x.persons[p.id] = p
		x.order = append(x.order, p.id)
	}
}

func (x *extract) readDisability(t *table) {
	if t == nil {
		return
	}
	for _, r := range t.rows {
		id, _ := r.id("disa_person_id")
		p := x.persons[id]
		if p == nil {
			continue // not a child of the CP tables
		}
		code := strings.ToUpper(r.get("disa_disability_code"))
		switch {
		case code == "":
		case code == "NONE":
			if p.disability == "" {
				p.disability = "n"
			}
		default:
			p.disability = "y"
		}
	}
}

func (x *extract) readPlans(t *table) {
	if t == nil {
		return
	}
	ids := map[string]row{}
	for _, r := range t.rows {
		p := &plan{at: r}
		var ok [7]bool
		p.id, ok[0] = r.id("cppl_cp_plan_id")
		p.person, ok[1] = r.id("cppl_person_id")
		p.icpc, ok[2] = r.id("cppl_icpc_id")
		p.start, ok[3] = r.date("cppl_cp_plan_start_date")
		p.end, ok[4] = r.date("cppl_cp_plan_end_date")
		p.initial, ok[5] = r.category("cppl_cp_plan_initial_category")
		p.latest, ok[6] = r.category("cppl_cp_plan_latest_category")
		if !all(ok[:]) || !need(r, "cppl_cp_plan_id", p.id) || !need(r, "cppl_person_id", p.person) || !need(r, "cppl_cp_plan_start_date", r.get("cppl_cp_plan_start_date")) {
			continue
		}
		if prev, dup := ids[p.id]; dup {
			r.refuse("cppl_cp_plan_id", "plan %s is also on %s; each plan has one row", p.id, prev.at())
			continue
		}
		ids[p.id] = r
		if !p.end.IsZero() && p.end < p.start {
			r.refuse("cppl_cp_plan_end_date", "the plan ends (%s) before it starts (%s)", p.end, p.start)
			continue
		}
		pers := x.persons[p.person]
		if pers == nil && x.badPersons[p.person] {
			continue // the person's own row is refused
		}
		if pers == nil {
			r.refuse("cppl_person_id", "person %s is not in ssd_person", r.get("cppl_person_id"))
			continue
		}
		x.plans = append(x.plans, p)
	}
}

func (x *extract) readICPCs(t *table) {
	if t == nil {
		return
	}
	for _, r := range t.rows {
		c := &icpc{at: r}
		var ok [7]bool
		c.id, ok[0] = r.id("icpc_icpc_id")
		c.meeting, ok[1] = r.id("icpc_icpc_meeting_id")
		c.person, ok[2] = r.id("icpc_person_id")
		c.plan, ok[3] = r.id("icpc_cp_plan_id")
		c.date, ok[4] = r.date("icpc_icpc_date")
		c.transferIn, ok[5] = r.flag("icpc_icpc_transfer_in")
		c.outcome, ok[6] = r.flag("icpc_icpc_outcome_cp_flag")
		if !all(ok[:]) || !need(r, "icpc_icpc_id", c.id) || !need(r, "icpc_icpc_date", r.get("icpc_icpc_date")) {
			continue
		}
		if prev, dup := x.icpcs[c.id]; dup {
			r.refuse("icpc_icpc_id", "conference %s is also on %s; each initial conference has one row", c.id, prev.at.at())
			continue
		}
		x.icpcs[c.id] = c
	}
}

func (x *extract) readReviews(t *table) {
	if t == nil {
		return
	}
	for _, r := range t.rows {
		v := &review{at: r}
		var ok [6]bool
		v.id, ok[0] = r.id("cppr_cp_review_id")
		v.person, ok[1] = r.id("cppr_person_id")
		v.plan, ok[2] = r.id("cppr_cp_plan_id")
		v.due, ok[3] = r.date("cppr_cp_review_due")
		v.date, ok[4] = r.date("cppr_cp_review_date")
		v.cont, ok[5] = r.flag("cppr_cp_review_outcome_continue_cp")
		if !all(ok[:]) || !need(r, "cppr_person_id", v.person) {
			continue
		}
		x.reviews = append(x.reviews, v)
	}
}

func (x *extract) readVisits(t *table) {
	if t == nil {
		return
	}
	for _, r := range t.rows {
		v := &visit{at: r}
		var ok [7]bool
		v.id, ok[0] = r.id("cppv_cp_visit_id")
		v.person, ok[1] = r.id("cppv_person_id")
		v.plan, ok[2] = r.id("cppv_cp_plan_id")
		v.date, ok[3] = r.date("cppv_cp_visit_date")
		v.seen, ok[4] = r.flag("cppv_cp_visit_seen")
		v.alone, ok[5] = r.flag("cppv_cp_visit_seen_alone")
		v.bed, ok[6] = r.flag("cppv_cp_visit_bedroom")
		if !all(ok[:]) || !need(r, "cppv_person_id", v.person) || !need(r, "cppv_cp_visit_date", r.get("cppv_cp_visit_date")) {
			continue
		}
		x.visits = append(x.visits, v)
	}
}

func (x *extract) readStaff(profs, depts *table) {
	if profs != nil {
		for _, r := range profs.rows {
			if id := strings.ToLower(r.get("prof_professional_id")); id != "" {
				x.profs[id] = r.get("prof_professional_name")
			}
		}
	}
	if depts != nil {
		for _, r := range depts.rows {
			if id := strings.ToLower(r.get("dept_team_id")); id != "" {
				x.teams[id] = r.get("dept_team_name")
			}
		}
	}
}

func (x *extract) readInvolvements(t *table) {
	if t == nil {
		return
	}
	for _, r := range t.rows {
		v := &involvement{at: r}
		var ok [4]bool
		v.worker, ok[0] = r.id("invo_professional_id")
		v.person, ok[1] = r.id("invo_person_id")
		v.from, ok[2] = r.date("invo_involvement_start_date")
		v.to, ok[3] = r.date("invo_involvement_end_date")
		v.team = r.get("invo_professional_team")
		if name, ok := x.teams[strings.ToLower(v.team)]; ok {
			v.team = name
		}
		if !all(ok[:]) || !need(r, "invo_person_id", v.person) || !need(r, "invo_involvement_start_date", r.get("invo_involvement_start_date")) {
			continue
		}
		if !v.to.IsZero() && v.to < v.from {
			r.refuse("invo_involvement_end_date", "the involvement ends (%s) before it starts (%s)", v.to, v.from)
			continue
		}
		x.invos = append(x.invos, v)
	}
}

// readLegal keeps the statuses Annex A asks about: L1 police protection, L2 emergency
// protection order.
func (x *extract) readLegal(t *table) {
	if t == nil {
		return
	}
	for _, r := range t.rows {
		l := &legal{at: r}
		var ok [3]bool
		l.person, ok[0] = r.id("lega_person_id")
		l.from, ok[1] = r.date("lega_legal_status_start_date")
		l.to, ok[2] = r.date("lega_legal_status_end_date")
		s := strings.ToLower(r.get("lega_legal_status"))
		switch {
		case strings.HasPrefix(s, "l1") || strings.Contains(s, "police"):
			l.kind = "police-protection"
		case strings.HasPrefix(s, "l2") || strings.Contains(s, "emergency protection") || s == "epo":
			l.kind = "epo"
		default:
			continue
		}
		if !all(ok[:]) || !need(r, "lega_legal_status_start_date", r.get("lega_legal_status_start_date")) {
			continue
		}
		if !l.to.IsZero() && l.to < l.from {
			r.refuse("lega_legal_status_end_date", "the legal status ends (%s) before it starts (%s)", l.to, l.from)
			continue
		}
		x.orders = append(x.orders, l)
	}
}

func all(ok []bool) bool {
	for _, b := range ok {
		if !b {
			return false
		}
	}
	return true
}
