package ics

import (
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/track"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/redact"
)

// Naming says how a child is named in a calendar: by id (the default), initials or name.
type Naming int

// Namings.
const (
	ByID Naming = iota
	ByInitials
	ByName
)

// ChildLabel is how a child is written under n, given its id and its name ("" when the case does
// not name it: the id is kept).
func ChildLabel(id, name string, n Naming) string {
	if id == "" || n == ByID || name == "" {
		return id
	}
	if n == ByInitials {
		return redact.Label(name) // as every other output writes it under --redact
	}
	return name
}

// CaseOptions say what a calendar holds of a case.
type CaseOptions struct {
	AsOf    civil.Date
	Horizon duration.Duration // "due" within it (zero: the engine's default)
	Window  int               // days of cancellations before AsOf (0: none)
	Naming  Naming
	// Name is the name of the child with that id, for ByInitials and ByName (nil: the case's
	// own; a case read from the cache holds no names).
	Name func(id string) string
	// Keep, when set, says which obligations are in the calendar (the filters of `due`); it is
	// asked of a cancellation too, which has the status it has now (met, late, missed).
	Keep func(it render.Item, cancelled bool) bool
}

// CaseEntries evaluates case c under p and gives its calendar entries: what is still to do, then
// what closed within the window, as cancellations; and how many obligations have no date.
func CaseEntries(c *casefolder.Case, p *policy.Policy, o CaseOptions) ([]Entry, int) {
	cal := track.ForCalendar(c, p, engine.Options{AsOf: o.AsOf, Horizon: o.Horizon}, o.AsOf.AddDays(-o.Window))
	name := o.Name
	if name == nil {
		name = func(id string) string {
			if ch := c.Child(id); ch != nil {
				return ch.Name
			}
			return ""
		}
	}
	item := func(ob engine.Obligation) render.Item {
		label := ob.Child
		if ob.Child != "" && o.Naming != ByID {
			label = ChildLabel(ob.Child, name(ob.Child), o.Naming)
		}
		it := render.Item{Obligation: ob, ChildLabel: label}
		it.WorkingDays = render.WorkingDaysOf(ob, p.Calendar)
		it.Staff = c.StaffOf(ob.Worker)
		return it
	}
	undated := 0
	if o.Keep == nil {
		undated = cal.Undated
	} else {
		keep := func(obs []engine.Obligation, cancelled bool) []engine.Obligation {
			var out []engine.Obligation
			for _, ob := range obs {
				if o.Keep(item(ob), cancelled) {
					out = append(out, ob)
				}
			}
			return out
		}
		cal.Open, cal.Closed = keep(cal.Open, false), keep(cal.Closed, true)
		for _, ob := range cal.All {
			if (ob.Status == engine.Waiting || ob.Status == engine.NoTimescale) && o.Keep(item(ob), false) {
				undated++
			}
		}
	}
	return Entries(cal, item), undated
}

// NotChecked is the event that stands, on the as-of date, for a case that could not be read or
// evaluated: its obligations cannot be known, and an empty calendar must not look like a clean
// caseload. ref is the case reference ("" when plan.yaml gave none); file and line are where its
// first error is, named by the file within the case folder (the folder is not written: folders
// are often named after families); errors is how many there are. The error's own words are not
// in the event: they may quote what the file holds.
func NotChecked(ref, file string, line, errors int, asOf civil.Date) Event {
	who := ref
	if who == "" {
		who = "A case folder"
	}
	where := baseName(file)
	if line > 0 {
		where += " line " + strconv.Itoa(line)
	}
	text := "Status: not checked: its obligations cannot be worked out until it is fixed\nFirst error: " + where
	if errors > 1 {
		text += " (" + strconv.Itoa(errors) + " errors)"
	}
	text += "\nRun cpcase check on the case folder to see them."
	// Keyed by the case and the file, not the path typed to reach it.
	dir := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(file, baseName(file)), "/"), `\`)
	key := "not-checked\x00" + ref + "\x00" + baseName(dir) + "/" + baseName(file)
	return Event{UID: UID(key), Day: asOf, Due: asOf,
		Summary: who + ": not checked: fix it to see what is due", Text: text, Category: "not checked"}
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}
