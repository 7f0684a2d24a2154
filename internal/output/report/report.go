// Package report draws a caseload as one self-contained HTML page (overview tables and a timeline
// per case as inline SVG) or as Markdown with the same content. It holds only what it draws:
// FromCase copies the dates and labels it needs out of a loaded case, so the case can be dropped.
package report

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/render"
)

// Report is everything a report shows.
type Report struct {
	AsOf       civil.Date
	Horizon    string     // "14 days": due means due within it
	HorizonEnd civil.Date // the last day that counts as due; zero when the horizon is in working days
	Policy     string     // --policy for every case; "" when each case names its own
	Redacted   bool       // names are initials
	Cases      []Case     // in the order the folders were found
	NotRead    []NotRead  // folders with errors, left out of the report
}

// NotRead is a case folder that could not be evaluated.
type NotRead struct {
	Dir     string
	Problem string // the first error, file:line:col: message
	Errors  int
}

// More is how many errors the folder has besides the one shown.
func (n NotRead) More() int { return max(0, n.Errors-1) }

// Case is what the report draws of one case.
type Case struct {
	Ref, Dir, Team, Policy string
	Lead                   string // the lead social worker on the as-of date (name, or initials); "" when none is recorded
	Children               []Child
	Events                 []Event       // conferences, meetings and visits, in date order
	Items                  []render.Item // every obligation, in the engine's (policy rule) order

	// A Summary holds only the overdue and due-soon obligations, and counts the rest here (a
	// summary for a Page holds none and counts them all; the Page keeps the overdue ones).
	missed, undated, due, overdue int
	section                       section // where a Page keeps the case's part of the page
	id                            uint32  // the Page's number for the case
}

// Child is a child on the case.
type Child struct {
	Label    string // name, initials under --redact, or the id
	Born     civil.Date
	Expected civil.Date
}

// EventKind is a row of the timeline.
type EventKind string

// The kinds of event drawn.
const (
	Conference EventKind = "conference"
	CoreGroup  EventKind = "core-group"
	Meeting    EventKind = "meeting" // child-plan and professionals' meetings
	Visit      EventKind = "visit"
)

// Event is something that happened (or is booked) on a date.
type Event struct {
	Kind      EventKind
	Date      civil.Date
	Label     string // what it was, in words: "Review conference: plan continues"
	Short     string // a word or two drawn beside a conference marker
	Booked    bool   // dated after the as-of date
	Cancelled bool
	NoAccess  bool
}

// Namer turns a person's recorded name into what the report prints.
type Namer func(name string) string

// FromCase copies what the report draws out of a loaded case. items are the case's obligations
// (every status) with their labels already made; name is applied to every personal name.
func FromCase(c *casefolder.Case, items []render.Item, asOf civil.Date, name Namer) Case {
	// A report is a document passed round: its folders are written with / on every system, so
	// that the same cases give the same report on Windows as elsewhere.
	out := Case{Ref: c.Ref, Dir: filepath.ToSlash(c.Dir), Team: c.Team, Policy: c.Policy, Items: items}
	if len(items) > 0 {
		out.Policy = items[0].Policy // the policy evaluated, which --policy may have overridden
	}
	person := func(id string) string {
		if m := c.Member(id); m != nil && m.Name != "" {
			return name(m.Name)
		}
		return id
	}
	if id := c.LeadOn(asOf); id != "" {
		out.Lead = person(id)
	}
	child := map[string]string{}
	for _, ch := range c.Children {
		label := ch.ID
		if ch.Name != "" {
			label = name(ch.Name)
		}
		child[ch.ID] = label
		out.Children = append(out.Children, Child{Label: label, Born: ch.Born, Expected: ch.Expected})
	}
	for _, conf := range c.Conferences {
		e := Event{Kind: Conference, Date: conf.Date, Booked: conf.Date > asOf}
		kind := conferenceKinds[conf.Kind]
		if kind == "" {
			kind = conf.Kind
		}
		e.Short = kind
		e.Label = upperFirst(kind) + " conference"
		switch conf.Decision {
		case casefolder.DecisionPlan:
			e.Label += ": plan"
		case casefolder.DecisionContinue:
			e.Label += ": plan continues"
		case casefolder.DecisionEnd:
			e.Label += ": plan ended"
			e.Short += ": end"
		case casefolder.DecisionNoPlan:
			e.Label += ": no plan"
			e.Short += ": no plan"
		}
		if len(conf.Children) > 0 && len(conf.Children) < len(c.Children) {
			e.Label += " (" + names(conf.Children, child) + ")"
		}
		out.Events = append(out.Events, e)
	}
	for _, m := range c.Meetings {
		e := Event{Kind: Meeting, Date: m.Date, Booked: m.Date > asOf, Cancelled: m.Cancelled}
		switch m.Kind {
		case casefolder.CoreGroup:
			e.Kind, e.Label = CoreGroup, "Core group"
		case casefolder.ChildPlan:
			e.Label = "Child's plan meeting"
		case casefolder.Professionals:
			e.Label = "Professionals' meeting"
		default:
			e.Label = upperFirst(m.Kind) + " meeting"
		}
		switch {
		case m.Cancelled:
			e.Label += " (cancelled)"
		case e.Booked:
			e.Label += " (booked)"
		}
		if !m.RescheduledFrom.IsZero() {
			e.Label += ", moved from " + render.DateText(m.RescheduledFrom)
		}
		out.Events = append(out.Events, e)
	}
	for _, v := range c.Visits {
		e := Event{Kind: Visit, Date: v.Date, Booked: v.Date > asOf, NoAccess: v.NoAccess}
		kind := v.Kind
		if kind == "" {
			kind = "other"
		}
		e.Label = upperFirst(kind) + " visit"
		if v.By != "" {
			e.Label += " by " + person(v.By)
		}
		switch {
		case v.NoAccess:
			e.Label += ": no access"
		case len(v.Seen) > 0:
			e.Label += ": saw " + names(v.Seen, child)
			if len(v.Alone) > 0 {
				e.Label += " (alone: " + names(v.Alone, child) + ")"
			}
			if v.Bedroom {
				e.Label += "; bedroom seen"
			}
		}
		out.Events = append(out.Events, e)
	}
	sort.SliceStable(out.Events, func(i, j int) bool {
		a, b := out.Events[i], out.Events[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		return kindOrder[a.Kind] < kindOrder[b.Kind]
	})
	return out
}

var conferenceKinds = map[string]string{
	casefolder.Initial:    "initial",
	casefolder.PreBirth:   "pre-birth",
	casefolder.Review:     "review",
	casefolder.TransferIn: "transfer-in",
}

var kindOrder = map[EventKind]int{Conference: 0, CoreGroup: 1, Meeting: 2, Visit: 3}

func names(ids []string, label map[string]string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = label[id]
		if out[i] == "" {
			out[i] = id
		}
	}
	return strings.Join(out, ", ")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Tally counts a group of cases' obligations for the overview.
type Tally struct {
	Name    string // the team or the lead worker
	Teams   string // for a lead worker: the teams of their cases
	Cases   int
	Overdue int
	Due     int
	Missed  int
	Undated int // waiting or without a timescale: nothing to count down to
}

func (t *Tally) add(c *Case) {
	t.count(c.overdue, c.due, c.missed, c.undated)
	for _, it := range c.Items {
		switch it.Status {
		case engine.Overdue:
			t.Overdue++
		case engine.Due:
			t.Due++
		case engine.Missed:
			t.Missed++
		case engine.Waiting, engine.NoTimescale:
			t.Undated++
		}
	}
}

// count adds a case with so many obligations of each status.
func (t *Tally) count(overdue, due, missed, undated int) {
	t.Cases++
	t.Overdue += overdue
	t.Due += due
	t.Missed += missed
	t.Undated += undated
}

// NoTeam and NoLead name the groups of cases that record no team or lead social worker.
const (
	NoTeam = "(no team recorded)"
	NoLead = "(no lead social worker recorded)"
)

// Total counts every case.
func (r *Report) Total() Tally {
	t := Tally{Name: "All cases"}
	for i := range r.Cases {
		t.add(&r.Cases[i])
	}
	return t
}

// ByTeam counts per team, worst first (most overdue, then most due), then by name.
func (r *Report) ByTeam() []Tally {
	return r.group(func(c *Case) string {
		if c.Team == "" {
			return NoTeam
		}
		return c.Team
	})
}

// ByLead counts per lead social worker on the as-of date, worst first.
func (r *Report) ByLead() []Tally {
	return r.group(func(c *Case) string {
		if c.Lead == "" {
			return NoLead
		}
		return c.Lead
	})
}

func (r *Report) group(key func(*Case) string) []Tally {
	idx := map[string]int{}
	teams := map[string][]string{}
	var out []Tally
	for i := range r.Cases {
		c := &r.Cases[i]
		k := key(c)
		j, ok := idx[k]
		if !ok {
			j = len(out)
			idx[k] = j
			out = append(out, Tally{Name: k})
		}
		out[j].add(c)
		team := c.Team
		if team == "" {
			team = NoTeam
		}
		if !contains(teams[k], team) {
			teams[k] = append(teams[k], team)
		}
	}
	for i := range out {
		ts := teams[out[i].Name]
		sort.Strings(ts)
		out[i].Teams = strings.Join(ts, ", ")
	}
	worstFirst(out)
	return out
}

// worstFirst sorts groups as the overview lists them: most overdue, then most due, then by name.
func worstFirst(ts []Tally) {
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if a.Overdue != b.Overdue {
			return a.Overdue > b.Overdue
		}
		if a.Due != b.Due {
			return a.Due > b.Due
		}
		return a.Name < b.Name
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Line is an obligation as a row of the report's tables.
type Line struct {
	Case, Team, Lead string
	render.Item
}

// Overdue lists every overdue obligation, most overdue first.
func (r *Report) Overdue() []Line {
	var out []Line
	for _, c := range r.Cases {
		for _, it := range c.Items {
			if it.Status == engine.Overdue {
				out = append(out, Line{Case: c.Ref, Team: c.Team, Lead: c.Lead, Item: it})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return engine.Less(out[i].Obligation, out[j].Obligation) })
	return out
}

// Attention is what the case table lists: everything not yet met (overdue, due, open, waiting,
// without a timescale) and what was missed, in `cpcase due` order.
func (c *Case) Attention() []render.Item {
	var out []render.Item
	for _, it := range c.Items {
		if it.Status != engine.Met && it.Status != engine.Late {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return engine.Less(out[i].Obligation, out[j].Obligation) })
	return out
}

// StatusCount is how many of a case's obligations have one status.
type StatusCount struct {
	Status engine.Status
	Word   string
	N      int
}

// Counts are the case's obligations per status, in the legend's order, leaving out zeros.
func (c *Case) Counts() []StatusCount {
	n := map[engine.Status]int{}
	for _, it := range c.Items {
		n[it.Status]++
	}
	var out []StatusCount
	for _, s := range legendOrder {
		if n[s] > 0 {
			out = append(out, StatusCount{s, statusWords[s], n[s]})
		}
	}
	return out
}

// legendOrder is the order statuses are explained and counted in: from done to not yet due.
var legendOrder = []engine.Status{engine.Met, engine.Late, engine.Missed, engine.Overdue, engine.Due, engine.Open, engine.Waiting, engine.NoTimescale}

var statusWords = map[engine.Status]string{
	engine.Met:         "met",
	engine.Late:        "met late",
	engine.Missed:      "missed",
	engine.Overdue:     "overdue",
	engine.Due:         "due soon",
	engine.Open:        "not yet due",
	engine.Waiting:     "waiting",
	engine.NoTimescale: "no timescale",
}

// Title is an obligation's title with what it is about when the title alone does not say, as
// `cpcase due` prints it.
func Title(it render.Item) string {
	t := it.Title
	if it.Detail != "" && it.Child == "" {
		t += " (" + it.Detail + ")"
	}
	return t
}

// ChildOf is the child an obligation is for, or "".
func ChildOf(it render.Item) string {
	if it.Child == "" {
		return ""
	}
	return it.ChildLabel
}
