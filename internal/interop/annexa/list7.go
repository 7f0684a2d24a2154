// Package annexa writes Ofsted's Annex A lists from case folders: List 7, one row per child on a
// child protection plan on the as-of date or whose plan ended in the six months before it, with
// the headers and codes of Ofsted's template, as CSV (dates dd/MM/yyyy, every cell made inert
// for spreadsheets) or as an .xlsx workbook (real date cells).
package annexa

import (
	"sort"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/redact"
)

// Headers are List 7's columns, as Ofsted's template heads them.
var Headers = []string{
	"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
	"Does the Child have a Disability", "Child Protection Plan Start Date", "Initial Category of Abuse",
	"Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
	"Date of latest review conference", "Child Protection Plan End Date",
	"Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
	"Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker",
}

// The template's codes.
const (
	Yes     = "a) Yes"
	No      = "b) No"
	Unknown = "c) Unknown"
)

var genders = map[string]string{
	casefolder.Male: "a) Male", casefolder.Female: "b) Female", casefolder.NotStated: "c) Not stated/recorded",
	casefolder.Neither: "d) Neither", "": "c) Not stated/recorded",
}

var categories = map[string]string{
	casefolder.Neglect: "a) Neglect", casefolder.Physical: "b) Physical abuse", casefolder.Sexual: "c) Sexual abuse",
	casefolder.Emotional: "d) Emotional abuse", casefolder.Multiple: "e) Multiple/not recommended",
}

// ethnicityCode is the template's code for a census code: a) WBRI ... t) NOBT, and u) UNKNOWN
// when none is recorded.
func ethnicityCode(code string) string {
	for i, e := range casefolder.Ethnicities {
		if e == code {
			return string(rune('a'+i)) + ") " + e
		}
	}
	return "u) UNKNOWN"
}

// Case is a case and the policy it is checked against (which says which visits see the child).
type Case struct {
	C *casefolder.Case
	P *policy.Policy
}

// Options say what to list.
type Options struct {
	AsOf   civil.Date
	Redact bool // the Allocated Worker as initials and a stable tag (as --redact prints names), not the name
}

// Row is one child's row of List 7. Dates are zero and texts empty where the cell is blank.
type Row struct {
	ChildID       string
	Gender        string
	Ethnicity     string
	Born          civil.Date
	Age           int
	HasAge        bool
	Disability    string
	Start         civil.Date
	Initial       string
	Latest        string
	LastVisit     civil.Date
	SeenAlone     string
	LastReview    civil.Date
	End           civil.Date
	Protected     string
	PreviousPlans int
	Team          string
	Worker        string
	Case          string // the case reference, for messages (not a column)
}

// span is a child's time on a plan: from the conference that put the child on it to the one
// that took the child off (to zero while on it).
type span struct {
	from, to civil.Date
	start    *casefolder.Conference
}

// spans are the child's plans from the conferences held on or before asOf, as the engine and the
// record checks count them (package facts).
func spans(c *casefolder.Case, child string, asOf civil.Date) []span {
	var out []span
	for _, p := range facts.Periods(c, asOf) {
		for _, sp := range p.Spans {
			if sp.Child == child {
				out = append(out, span{from: sp.From, to: sp.To, start: sp.Conf})
			}
		}
	}
	return out
}

func (s span) within(d civil.Date) bool { return d >= s.from && (s.to.IsZero() || d <= s.to) }

func decidesFor(cf *casefolder.Conference, child string) bool {
	if len(cf.Children) == 0 {
		return true
	}
	for _, id := range cf.Children {
		if id == child {
			return true
		}
	}
	return false
}

// List7 is the rows of List 7 for the cases on o.AsOf, by case and then by child in the order the
// case lists them.
func List7(cases []Case, o Options) []Row {
	sorted := append([]Case(nil), cases...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].C.Ref < sorted[j].C.Ref })
	var rows []Row
	for _, k := range sorted {
		rows = append(rows, CaseRows(k, o)...)
	}
	Unique(rows)
	return rows
}

// CaseRows are one case's rows of List 7, by child in the order the case lists them, before
// Unique: a run keeps these of each case as it is evaluated, never the case itself.
func CaseRows(k Case, o Options) []Row {
	c := k.C
	sixMonths := o.AsOf.AddMonths(-6)
	var rows []Row
	var visitsMet map[string][]civil.Date
	for _, ch := range c.Children {
		ss := spans(c, ch.ID, o.AsOf)
		if len(ss) == 0 {
			continue
		}
		s := ss[len(ss)-1]
		if !s.to.IsZero() && s.to < sixMonths {
			continue // ended more than six months before
		}
		if visitsMet == nil {
			visitsMet = countedVisits(k, o.AsOf)
		}
		rows = append(rows, row(c, &ch, s, len(ss)-1, visitsMet[ch.ID], o))
	}
	return rows
}

// Unique gives a child id used in more than one case (ids are unique only within a case) its
// case reference, so that each row still names one child. It needs every row of the list.
func Unique(rows []Row) {
	n := map[string]int{}
	for _, r := range rows {
		n[r.ChildID]++
	}
	for i := range rows {
		if n[rows[i].ChildID] > 1 {
			rows[i].ChildID = rows[i].Case + "/" + rows[i].ChildID
		}
	}
}

// countedVisits are, for each child, the dates of the visits the policy counts for seeing the
// child: those that met its visit rules that ask for the child seen (or seen alone), else any of
// its visit rules. A policy with no visit rule counts every visit that saw the child.
func countedVisits(k Case, asOf civil.Date) map[string][]civil.Date {
	out := map[string][]civil.Date{}
	seeing, visitRules := map[string]bool{}, map[string]bool{}
	if k.P != nil {
		for _, r := range k.P.Rules {
			if r.Event == policy.EventVisit {
				visitRules[r.ID] = true
				if r.Visit.Seen || r.Visit.Alone {
					seeing[r.ID] = true
				}
			}
		}
	}
	if len(visitRules) == 0 {
		for _, v := range k.C.Visits {
			if v.NoAccess || v.Date > asOf {
				continue
			}
			for _, id := range v.Seen {
				out[id] = append(out[id], v.Date)
			}
		}
		return out
	}
	rules := seeing
	if len(rules) == 0 {
		rules = visitRules
	}
	for _, ob := range engine.Evaluate(k.C, k.P, engine.Options{AsOf: asOf}) {
		if rules[ob.Rule] && ob.Child != "" && !ob.Met.IsZero() {
			out[ob.Child] = append(out[ob.Child], ob.Met)
		}
	}
	return out
}

func row(c *casefolder.Case, ch *casefolder.Child, s span, before int, visits []civil.Date, o Options) Row {
	r := Row{ChildID: ch.ID, Case: c.Ref, Gender: genders[ch.Gender], Ethnicity: ethnicityCode(ch.Ethnicity), Born: ch.Born,
		Start: s.from, End: s.to, PreviousPlans: ch.PreviousPlans + before}
	if !ch.Born.IsZero() {
		r.Age, r.HasAge = age(ch.Born, o.AsOf), true
	}
	if ch.Disability != nil {
		r.Disability = No
		if *ch.Disability {
			r.Disability = Yes
		}
	}
	r.Initial = categories[s.start.CategoryOf(ch.ID)]
	r.Latest = r.Initial
	for i := range c.Conferences {
		cf := &c.Conferences[i]
		if cf.Date > o.AsOf || !s.within(cf.Date) || !decidesFor(cf, ch.ID) && cf.CategoryOf(ch.ID) == "" {
			continue
		}
		if cat := cf.CategoryOf(ch.ID); cat != "" {
			r.Latest = categories[cat]
		}
		if cf.Kind == casefolder.Review {
			r.LastReview = cf.Date
		}
	}
	for _, d := range visits {
		if s.within(d) && d > r.LastVisit {
			r.LastVisit = d
		}
	}
	if !r.LastVisit.IsZero() {
		r.SeenAlone = seenAlone(c, ch.ID, r.LastVisit)
	}
	r.Protected = No
	for i := range c.Orders {
		if c.Orders[i].Protects(ch.ID, o.AsOf.AddMonths(-6), o.AsOf) {
			r.Protected = Yes
		}
	}
	on := o.AsOf
	if !s.to.IsZero() {
		on = s.to
	}
	r.Team, r.Worker = allocated(c, ch.ID, on, o.Redact)
	return r
}

// seenAlone says whether the visits of that day saw the child alone: Unknown when the visit the
// policy counted does not record the child as seen.
func seenAlone(c *casefolder.Case, child string, d civil.Date) string {
	seen := false
	for _, v := range c.Visits {
		if v.Date != d {
			continue
		}
		if has(v.Alone, child) {
			return Yes
		}
		if has(v.Seen, child) {
			seen = true
		}
	}
	if seen {
		return No
	}
	return Unknown
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// allocated is the team and worker allocated to the child on d: the latest allocation covering
// the day, else the case's team and lead social worker.
func allocated(c *casefolder.Case, child string, d civil.Date, redacted bool) (string, string) {
	team, worker := c.Team, ""
	for i := range c.Allocations {
		a := &c.Allocations[i]
		if a.Covers(child, d) {
			if a.Team != "" {
				team = a.Team
			}
			if a.Worker != "" {
				worker = a.Worker
			}
		}
	}
	if worker == "" {
		worker = c.LeadOn(d)
	}
	if worker == "" {
		return team, ""
	}
	m := c.Member(worker)
	if m == nil || m.Name == "" {
		return team, worker
	}
	if redacted {
		return team, redact.Label(m.Name)
	}
	return team, m.Name
}

// age is the child's age in whole years on d.
func age(born, d civil.Date) int {
	by, bm, bd := born.Civil()
	y, m, dd := d.Civil()
	a := y - by
	if m < bm || m == bm && dd < bd {
		a--
	}
	return max(a, 0)
}
