package app

import (
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/redact"
)

// ItemOptions say which obligations of a case become items, and how they are labelled.
type ItemOptions struct {
	All    bool // every obligation; otherwise only those due lists by default
	Names  bool // label children by name (JSON and CSV give ids only: a cached case need not read names)
	Redact bool // names as initials
}

// ShownByDefault reports whether `cpcase due` lists an obligation of this status without --all.
func ShownByDefault(s engine.Status) bool {
	switch s {
	case engine.Overdue, engine.Due, engine.Waiting, engine.NoTimescale:
		return true
	}
	return false
}

// Items evaluates one case as of day and gives the obligations to show, as the renderers take
// them: due, report and the calendar all build them here.
func Items(c *Case, day civil.Date, horizon duration.Duration, o ItemOptions) []render.Item {
	obs := engine.Evaluate(c.Case, c.Policy, engine.Options{AsOf: day, Horizon: horizon})
	n := 0
	for _, ob := range obs {
		if o.All || ShownByDefault(ob.Status) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	items := make([]render.Item, 0, n) // exactly: report holds them to the end of its run
	for _, ob := range obs {
		if !o.All && !ShownByDefault(ob.Status) {
			continue
		}
		it := render.Item{Obligation: ob, ChildLabel: ob.Child}
		if ob.Child != "" && o.Names {
			if name := c.ChildName(ob.Child); name != "" {
				it.ChildLabel = name
				if o.Redact {
					it.ChildLabel = redact.Label(name)
				}
			}
		}
		if ob.Status == engine.Overdue {
			it.WorkingDays = WorkingDaysBetween(c.Policy, ob.Due, day)
		}
		items = append(items, it)
	}
	return items
}

// WorkingDaysBetween counts the policy's working days in (from, to], at most 10000.
func WorkingDaysBetween(p *policy.Policy, from, to civil.Date) int {
	return min(p.Calendar.WorkingDaysBetween(from, to), 10000)
}
