package ics

import (
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/track"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
)

// Naming says how a child is named in a calendar: by id (the default), initials or name.
type Naming int

// Namings.
const (
	ByID Naming = iota
	ByInitials
	ByName
)

// ChildLabel is how child id of case c is written under n. A child the case does not name keeps
// its id.
func ChildLabel(c *casefolder.Case, id string, n Naming) string {
	if id == "" || n == ByID {
		return id
	}
	ch := c.Child(id)
	if ch == nil || ch.Name == "" {
		return id
	}
	if n == ByInitials {
		return Initials(ch.Name)
	}
	return ch.Name
}

// Initials turns a name into initials: "Sam Okafor" -> "S.O.".
func Initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		b.WriteString(strings.ToUpper(string(r[0])))
		b.WriteString(".")
	}
	return b.String()
}

// CaseOptions say what a calendar holds of a case.
type CaseOptions struct {
	AsOf    civil.Date
	Horizon duration.Duration // "due" within it (zero: the engine's default)
	Window  int               // days of cancellations before AsOf (0: none)
	Naming  Naming
}

// CaseEntries evaluates case c under p and gives its calendar entries: what is still to do, then
// what closed within the window, as cancellations.
func CaseEntries(c *casefolder.Case, p *policy.Policy, o CaseOptions) []Entry {
	cal := track.ForCalendar(c, p, engine.Options{AsOf: o.AsOf, Horizon: o.Horizon}, o.AsOf.AddDays(-o.Window))
	return Entries(cal, func(ob engine.Obligation) render.Item {
		it := render.Item{Obligation: ob, ChildLabel: ChildLabel(c, ob.Child, o.Naming)}
		if ob.Status == engine.Overdue && p.Calendar != nil {
			it.WorkingDays = min(p.Calendar.WorkingDaysBetween(ob.Due, o.AsOf), 10000)
		}
		return it
	})
}
