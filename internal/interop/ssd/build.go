package ssd

import (
	"sort"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// A family is the children who share an initial conference (the same icpc_icpc_meeting_id, or
// else the same icpc_icpc_id), taken together with every plan of each of them: a child's plans
// stay in one case. A child with a plan and no initial conference is a family alone.

// family is one case to be.
type family struct {
	ref      string
	children []*person
	plans    map[string][]*plan // by person, in start order
	built    *casefolder.Case
	// what the import matched, for the reconcile report
	reviews []matchedReview
	visits  []*visit
	worker  bool // the placeholder worker was needed for a visit
}

// matchedReview is an SSD review row and the plan it belongs to.
type matchedReview struct {
	r    *review
	plan *plan
}

// noWorker is the member id the import gives visits when the extract holds no allocated worker
// on the day: a visit must name who made it.
const noWorker = "worker-not-held"

// families groups the children with plans.
func (x *extract) families() []*family {
	parent := map[string]string{}
	var find func(string) string
	find = func(a string) string {
		if parent[a] == "" || parent[a] == a {
			parent[a] = a
			return a
		}
		r := find(parent[a])
		parent[a] = r
		return r
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[rb] = ra
		}
	}
	keyOwner := map[string]string{}
	for _, p := range x.plans {
		find(p.person)
		if c := x.icpcOf(p); c != nil {
			key := "i:" + c.id
			if c.meeting != "" {
				key = "m:" + c.meeting
			}
			if o, ok := keyOwner[key]; ok {
				union(o, p.person)
			} else {
				keyOwner[key] = p.person
			}
		}
	}
	byRoot := map[string]*family{}
	var out []*family
	for _, p := range x.sortedPlans() {
		root := find(p.person)
		f := byRoot[root]
		if f == nil {
			f = &family{plans: map[string][]*plan{}}
			byRoot[root] = f
			out = append(out, f)
		}
		if f.plans[p.person] == nil {
			f.children = append(f.children, x.persons[p.person])
		}
		f.plans[p.person] = append(f.plans[p.person], p)
	}
	for _, f := range out {
		f.ref = "SSD-" + f.children[0].at.get("pers_person_id")
	}
	return out
}

// sortedPlans is every plan by start date, then person, then plan id.
func (x *extract) sortedPlans() []*plan {
	ps := append([]*plan(nil), x.plans...)
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].start != ps[j].start {
			return ps[i].start < ps[j].start
		}
		if ps[i].person != ps[j].person {
			return ps[i].person < ps[j].person
		}
		return ps[i].id < ps[j].id
	})
	return ps
}

// icpcOf is the initial conference of a plan: the one the plan names, else the one that names
// the plan, else the person's conference on the day the plan started.
func (x *extract) icpcOf(p *plan) *icpc {
	if c := x.icpcs[p.icpc]; c != nil && p.icpc != "" {
		return c
	}
	var byDate *icpc
	for _, c := range x.icpcs {
		if c.plan != "" && c.plan == p.id {
			return c
		}
		if c.person == p.person && c.date == p.start && (byDate == nil || c.id < byDate.id) {
			byDate = c
		}
	}
	return byDate
}

// event is one child's part in a conference, before the children's parts are merged.
type event struct {
	child    string
	kind     string
	date     civil.Date
	decision string
	category string
}

// decisionOrder puts, within a day, the ends first and the starts last: a child whose plan ends
// on the day another starts leaves a plan period before the next begins.
func decisionOrder(d string) int {
	switch d {
	case casefolder.DecisionEnd:
		return 0
	case casefolder.DecisionContinue:
		return 1
	}
	return 2
}

// build makes the case of a family. Odd rows are noted and left out; nothing here refuses.
func (x *extract) build(f *family, o Options) {
	c := &casefolder.Case{Ref: f.ref, Policy: o.Policy}
	var events []event
	for _, p := range f.children {
		ch := casefolder.Child{ID: p.id, Name: p.name, Born: p.born, Expected: p.expected, Ethnicity: p.eth}
		if ch.Born.IsZero() && ch.Expected.IsZero() {
			x.note("%s: person %s has neither pers_dob nor pers_expected_dob; written with no date of birth", p.at.at(), p.id)
		}
		if !ch.Born.IsZero() && !o.AsOf.IsZero() && ch.Born > o.AsOf {
			x.note("%s: person %s is born %s, after the as-of date %s; written as expected", p.at.at(), p.id, ch.Born, o.AsOf)
			ch.Expected, ch.Born = ch.Born, 0
		}
		ch.Gender = p.gender
		if ch.Gender == "" {
			ch.Gender = p.sex
		}
		switch p.disability {
		case "y":
			ch.Disability = ptr(true)
		case "n":
			ch.Disability = ptr(false)
		}
		if !p.died.IsZero() {
			x.note("%s: person %s died on %s (pers_death_date); cpcase does not hold a death, the plan's end date stands", p.at.at(), p.id, p.died)
		}
		c.Children = append(c.Children, ch)
		events = append(events, x.planEvents(f, p)...)
	}
	c.Conferences = mergeConferences(events, c.Children)
	x.allocate(f, c)
	x.addOrders(f, c)
	x.addVisits(f, c, o)
	f.built = c
}

func ptr(b bool) *bool { return &b }

// planEvents are one child's conferences: each plan's start, its reviews and its end.
func (x *extract) planEvents(f *family, p *person) []event {
	var out []event
	var prev *plan
	for _, pl := range f.plans[p.id] {
		if prev != nil && (prev.end.IsZero() || pl.start < prev.end) {
			x.note("%s: plan %s of person %s starts on %s, while plan %s still runs; left out", pl.at.at(), pl.id, p.id, pl.start, prev.id)
			continue
		}
		if !pl.end.IsZero() && pl.end == pl.start {
			x.note("%s: plan %s of person %s starts and ends on %s; left out (a plan period needs a day)", pl.at.at(), pl.id, p.id, pl.start)
			continue
		}
		prev = pl
		start := event{child: p.id, kind: casefolder.Initial, date: pl.start, decision: casefolder.DecisionPlan, category: pl.initial}
		if c := x.icpcOf(pl); c != nil {
			if c.date != pl.start {
				x.note("%s: the initial conference of plan %s is dated %s, the plan starts %s; the plan start date is used", c.at.at(), pl.id, c.date, pl.start)
			}
			if c.outcome == "n" {
				x.note("%s: initial conference %s is recorded as not making a plan, yet plan %s starts from it", c.at.at(), c.id, pl.id)
			}
			if c.transferIn == "y" {
				start.kind = casefolder.TransferIn
			}
		} else {
			x.note("%s: plan %s has no initial conference in the extract; one is written on the plan start date", pl.at.at(), pl.id)
		}
		if start.kind == casefolder.Initial && (p.born.IsZero() && !p.expected.IsZero() || !p.born.IsZero() && p.born > pl.start) {
			start.kind = casefolder.PreBirth
		}
		out = append(out, start)
		startAt := len(out) - 1
		held := x.planReviews(f, p, pl)
		endAt := -1
		for i, r := range held {
			if r.r.date == pl.end {
				endAt = i
			}
		}
		if pl.end.IsZero() {
			for i, r := range held {
				if r.r.cont == "n" {
					pl.end = r.r.date
					endAt = i
					x.note("%s: review %s did not continue plan %s, which has no end date; the plan ends at the review", r.r.at.at(), r.r.id, pl.id)
					held = held[:i+1]
					break
				}
			}
		}
		last := startAt
		for i, r := range held {
			e := event{child: p.id, kind: casefolder.Review, date: r.r.date, decision: casefolder.DecisionContinue}
			if i == endAt {
				e.decision = casefolder.DecisionEnd
			} else if r.r.cont == "n" {
				x.note("%s: review %s did not continue plan %s, but the plan ends later (%s); written as continue", r.r.at.at(), r.r.id, pl.id, pl.end)
			}
			out = append(out, e)
			last = len(out) - 1
		}
		if !pl.end.IsZero() && endAt < 0 {
			out = append(out, event{child: p.id, kind: casefolder.Review, date: pl.end, decision: casefolder.DecisionEnd})
			last = len(out) - 1
			x.note("%s: plan %s ends on %s with no review conference that day in the extract; a review conference ending the plan is written", pl.at.at(), pl.id, pl.end)
		}
		if pl.latest != "" && pl.latest != pl.initial {
			switch {
			case last > startAt:
				out[last].category = pl.latest
			case pl.initial == "":
				out[startAt].category = pl.latest // the only category known
			default:
				x.note("%s: plan %s has latest category %s but no later conference in the extract to hold it; left out", pl.at.at(), pl.id, pl.latest)
			}
		}
	}
	return out
}

// planReviews are the held reviews of a plan, in date order: those naming it, and those naming no
// plan that fall within it for the person. A review with no date is not held yet.
func (x *extract) planReviews(f *family, p *person, pl *plan) []matchedReview {
	var out []matchedReview
	for _, r := range x.of(p.id).reviews {
		within := func(d civil.Date) bool { return d > pl.start && (pl.end.IsZero() || d <= pl.end) }
		mine := r.plan == pl.id || r.plan == "" && (within(r.date) || r.date.IsZero() && within(r.due))
		if !mine {
			continue
		}
		f.reviews = append(f.reviews, matchedReview{r: r, plan: pl})
		if r.date.IsZero() {
			continue
		}
		if !within(r.date) {
			x.note("%s: review %s of plan %s is dated %s, outside the plan (%s to %s); left out", r.at.at(), r.id, pl.id, r.date, pl.start, endText(pl.end))
			continue
		}
		out = append(out, matchedReview{r: r, plan: pl})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].r.date < out[j].r.date })
	// Two rows on one day are one conference.
	var dedup []matchedReview
	for _, r := range out {
		if n := len(dedup); n > 0 && dedup[n-1].r.date == r.r.date {
			if r.r.cont == "n" {
				dedup[n-1] = r
			}
			continue
		}
		dedup = append(dedup, r)
	}
	return dedup
}

func endText(d civil.Date) string {
	if d.IsZero() {
		return "now"
	}
	return d.String()
}

// mergeConferences makes one conference of the children's parts held on the same day, of the
// same kind, with the same decision.
func mergeConferences(events []event, children []casefolder.Child) []casefolder.Conference {
	type key struct {
		date           civil.Date
		kind, decision string
	}
	var keys []key
	parts := map[key][]event{}
	for _, e := range events {
		k := key{e.date, e.kind, e.decision}
		if parts[k] == nil {
			keys = append(keys, k)
		}
		parts[k] = append(parts[k], e)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if keys[i].date != keys[j].date {
			return keys[i].date < keys[j].date
		}
		return decisionOrder(keys[i].decision) < decisionOrder(keys[j].decision)
	})
	order := map[string]int{}
	for i, ch := range children {
		order[ch.ID] = i
	}
	var out []casefolder.Conference
	for _, k := range keys {
		cf := casefolder.Conference{Kind: k.kind, Date: k.date, Decision: k.decision}
		ps := parts[k]
		sort.SliceStable(ps, func(i, j int) bool { return order[ps[i].child] < order[ps[j].child] })
		for _, e := range ps {
			if !contains(cf.Children, e.child) {
				cf.Children = append(cf.Children, e.child)
			}
			if e.category != "" {
				cf.Categories = append(cf.Categories, casefolder.Category{Child: e.child, Category: e.category})
			}
		}
		if len(cf.Children) == len(children) {
			cf.Children = nil // all of them
		}
		out = append(out, cf)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// allocate writes the allocated workers as members (lead social workers over their time) and
// the allocations over time; the case's team is the latest allocation's.
func (x *extract) allocate(f *family, c *casefolder.Case) {
	type key struct {
		from, to     civil.Date
		team, worker string
	}
	var keys []key
	kids := map[key][]string{}
	members := map[string]*casefolder.Member{}
	open := map[string]bool{}
	var order []string
	for _, v := range x.familyRows(f).invos {
		k := key{v.from, v.to, v.team, v.worker}
		if kids[k] == nil {
			keys = append(keys, k)
		}
		if !contains(kids[k], v.person) {
			kids[k] = append(kids[k], v.person)
		}
		if v.worker == "" {
			continue
		}
		m := members[v.worker]
		if m == nil {
			m = &casefolder.Member{ID: v.worker, Name: x.profs[v.worker], Role: "lead-social-worker", Agency: "Children's Social Care", From: v.from, To: v.to}
			members[v.worker] = m
			order = append(order, v.worker)
		}
		m.From = min(m.From, v.from)
		m.To = max(m.To, v.to)
		if v.to.IsZero() {
			open[v.worker] = true
		}
	}
	for _, id := range order {
		m := *members[id]
		if open[id] {
			m.To = 0 // still allocated
		}
		c.Members = append(c.Members, m)
	}
	sort.SliceStable(keys, func(i, j int) bool { return keys[i].from < keys[j].from })
	for _, k := range keys {
		a := casefolder.Allocation{From: k.from, To: k.to, Team: k.team, Worker: k.worker, Children: sortChildren(kids[k], c)}
		if len(a.Children) == len(c.Children) {
			a.Children = nil
		}
		c.Allocations = append(c.Allocations, a)
	}
	var latest *casefolder.Allocation
	for i := range c.Allocations {
		a := &c.Allocations[i]
		if a.Team == "" {
			continue
		}
		if latest == nil || (a.To.IsZero() && !latest.To.IsZero()) || (a.To.IsZero() == latest.To.IsZero() && a.From >= latest.From) {
			latest = a
		}
	}
	if latest != nil {
		c.Team = latest.Team
	}
}

func sortChildren(ids []string, c *casefolder.Case) []string {
	var out []string
	for _, ch := range c.Children {
		if contains(ids, ch.ID) {
			out = append(out, ch.ID)
		}
	}
	return out
}

func (x *extract) addOrders(f *family, c *casefolder.Case) {
	type key struct {
		kind     string
		from, to civil.Date
	}
	var keys []key
	kids := map[key][]string{}
	for _, l := range x.familyRows(f).orders {
		k := key{l.kind, l.from, l.to}
		if kids[k] == nil {
			keys = append(keys, k)
		}
		if !contains(kids[k], l.person) {
			kids[k] = append(kids[k], l.person)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return keys[i].from < keys[j].from })
	for _, k := range keys {
		o := casefolder.Order{Kind: k.kind, From: k.from, To: k.to, Children: sortChildren(kids[k], c)}
		if len(o.Children) == len(c.Children) {
			o.Children = nil
		}
		c.Orders = append(c.Orders, o)
	}
}

// addVisits matches each visit to a plan of its child (the plan it names, else the plan that
// ran on its date) and makes one visit of the rows of one day. A visit that matches no plan is
// left out and listed in the reconcile report.
func (x *extract) addVisits(f *family, c *casefolder.Case, o Options) {
	byDate := map[civil.Date][]*visit{}
	var dates []civil.Date
	for _, v := range x.familyRows(f).visits {
		if planFor(f.plans[v.person], v) == nil {
			continue // listed as a visit with no plan
		}
		if byDate[v.date] == nil {
			dates = append(dates, v.date)
		}
		byDate[v.date] = append(byDate[v.date], v)
		f.visits = append(f.visits, v)
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i] < dates[j] })
	kind := o.VisitKind
	if kind == "" {
		kind = casefolder.Home
	}
	for _, d := range dates {
		v := casefolder.Visit{Date: d, Kind: kind}
		var seen, alone []string
		for _, r := range byDate[d] {
			if r.alone == "y" && r.seen == "n" {
				x.note("%s: visit %s records person %s seen alone but not seen; taken as seen alone", r.at.at(), r.id, r.person)
			}
			if r.seen == "y" || r.alone == "y" {
				seen = append(seen, r.person)
			}
			if r.alone == "y" {
				alone = append(alone, r.person)
			}
			if r.bed == "y" {
				v.Bedroom = true
			}
		}
		v.Seen, v.Alone = sortChildren(seen, c), sortChildren(alone, c)
		v.By = workerOn(c, d, v.Seen)
		if v.By == "" {
			v.By = noWorker
			f.worker = true
		}
		c.Visits = append(c.Visits, v)
	}
	if f.worker {
		c.Members = append(c.Members, casefolder.Member{ID: noWorker, Role: "social-worker", Agency: "Children's Social Care"})
	}
}

// planFor is the plan a visit belongs to, or nil.
func planFor(plans []*plan, v *visit) *plan {
	for _, p := range plans {
		if v.plan != "" {
			if p.id == v.plan {
				return p
			}
			continue
		}
		if v.date >= p.start && (p.end.IsZero() || v.date <= p.end) {
			return p
		}
	}
	return nil
}

// workerOn is the worker allocated on d to the first of the children (or to any child).
func workerOn(c *casefolder.Case, d civil.Date, children []string) string {
	for _, id := range append(append([]string{}, children...), "") {
		for i := len(c.Allocations) - 1; i >= 0; i-- {
			a := &c.Allocations[i]
			if a.Worker == "" {
				continue
			}
			if id == "" && a.From <= d && (a.To.IsZero() || d <= a.To) || id != "" && a.Covers(id, d) {
				return a.Worker
			}
		}
	}
	return ""
}

// folderName is the folder of a case: its reference (made of an id, so already a safe name).
func folderName(ref string) string { return strings.ReplaceAll(ref, "/", "-") }
