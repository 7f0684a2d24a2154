package app

import (
	"github.com/cpcase/cpcase/internal/cache"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/filter"
	"github.com/cpcase/cpcase/internal/output/render"
)

// ItemOptions say which obligations of a case become items, and how they are labelled.
type ItemOptions struct {
	All    bool // every obligation; otherwise only those due lists by default
	Names  bool // label children by name (JSON and CSV give ids only: a cached case need not read names)
	Redact bool // names as initials, no free text
	Filter filter.Filter
}

// ShownByDefault reports whether `cpcase due` lists an obligation of this status without --all.
func ShownByDefault(s engine.Status) bool {
	switch s {
	case engine.Overdue, engine.Due, engine.Waiting, engine.NoTimescale:
		return true
	}
	return false
}

// Keeper reports whether Items keeps an obligation of a status (with --status the filter
// chooses among them all), as a function that does not look at the options again: it is asked
// of each of a case's sixty-odd obligations, and of each case's obligations more than once.
func (o ItemOptions) Keeper() func(engine.Status) bool {
	if o.All || o.Filter.ByStatus() {
		return keepAll
	}
	return ShownByDefault
}

func keepAll(engine.Status) bool { return true }

// Items evaluates one case as of day and gives the obligations to show, as the renderers take
// them: due, report and the calendar all build them here. A case the filter cannot keep is not
// evaluated; --status chooses the statuses instead of All and the default.
func Items(c *Case, day civil.Date, horizon duration.Duration, o ItemOptions) []render.Item {
	if !o.Filter.KeepCase(c.Case.Ref, c.Case.Team) {
		return nil
	}
	keep := o.Keeper()
	obs := c.evaluate(day, horizon, keep)
	n := 0
	for _, ob := range obs {
		if keep(ob.Status) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	c.summaryActions()
	limited := c.Policy.HasLimits()
	items := make([]render.Item, 0, n) // exactly, when unfiltered: report holds them to the end of its run
	// Names and action text are for people (JSON and CSV give ids); a cached case has none, so a
	// table reads them from the case's files.
	names := o.Names || len(o.Filter.Children) > 0
	src := c.Case
	if names {
		src = c.fullFor(needed(c, obs, keep))
	}
	for _, ob := range obs {
		if !keep(ob.Status) {
			continue
		}
		it := render.Item{Obligation: ob, Limited: limited}
		render.Describe(&it, src, c.Policy.Calendar, o.Redact)
		if !names {
			it.ChildLabel = ob.Child
		}
		if o.Filter.Keep(it) {
			items = append(items, it)
		}
	}
	return items
}

// summaryActions reads the actions of a case given as its summary (they are read only for a
// case with rows to show); should they not read, the case is read from its files.
func (c *Case) summaryActions() {
	if !c.summary || c.entry.SummaryActions(c.Case) {
		return
	}
	if whole, d := casefolder.Load(c.Dir, c.bornBy); whole != nil && len(d) == 0 {
		c.Case, c.Cached, c.summary, c.full = whole, false, false, nil
		c.entry.Release()
		c.entry = nil
	}
}

// Unevaluated is the item that stands for a case that could not be read or evaluated, at its
// first error.
func Unevaluated[T any](r Result[T]) render.Item {
	first, errs := diag.Diagnostic{}, r.Diags.Errors()
	for _, d := range r.Diags {
		if d.Severity == diag.Error {
			first = d
			break
		}
	}
	why := first.Msg
	if why == "" {
		why = "could not be read"
	}
	it := render.Unevaluated(r.Ref, r.Dir, render.Pos(first.File, first.Line, first.Col), why, errs)
	it.Team = r.Team
	return it
}

// KeptUnevaluated are the items of the cases in results that could not be evaluated and that f
// keeps, in path order.
func KeptUnevaluated[T any](results []Result[T], f filter.Filter) []render.Item {
	var out []render.Item
	for _, r := range results {
		if r.Failed {
			if it := Unevaluated(r); f.Keep(it) {
				out = append(out, it)
			}
		}
	}
	return out
}

// needed is what the obligations kept need read back of what a cached case leaves out: the
// children's names when one names a child, an action's text when one is about an action of the
// plan or of a meeting (meetings.yaml is most of a case: it is read only then).
func needed(c *Case, obs []engine.Obligation, keep func(engine.Status) bool) cache.Need {
	var n cache.Need
	if !c.Cached {
		return n
	}
	// A few obligations kept against some twenty actions: looked up in place, not in maps made
	// for each case.
	at := func(as []casefolder.Action, p casefolder.Pos) bool {
		for i := range as {
			if as[i].Pos == p {
				return true
			}
		}
		return false
	}
	for _, ob := range obs {
		if !keep(ob.Status) {
			continue
		}
		n.Children = n.Children || ob.Child != ""
		if !n.PlanActions && c.Case.Plan != nil {
			n.PlanActions = at(c.Case.Plan.Actions, ob.Anchor)
		}
		for i := range c.Case.Meetings {
			if n.MeetingActions {
				break
			}
			n.MeetingActions = at(c.Case.Meetings[i].Actions, ob.Anchor)
		}
	}
	return n
}

// Evaluate is engine.Evaluate of the case as of day with the horizon. A case read through the
// cache keeps its obligations in its entry, keyed by the policy, the day and the horizon: an
// unchanged case evaluated the same way again (a second run that day) is not evaluated at all.
func (c *Case) Evaluate(day civil.Date, horizon duration.Duration) []engine.Obligation {
	return c.evaluate(day, horizon, nil)
}

// evaluate is Evaluate giving only the obligations keep keeps (all for nil): cached ones that it
// does not keep are not even decoded.
func (c *Case) evaluate(day civil.Date, horizon duration.Duration, keep func(engine.Status) bool) []engine.Obligation {
	if c.entry == nil {
		return kept(engine.Evaluate(c.Case, c.Policy, engine.Options{AsOf: day, Horizon: horizon}), keep)
	}
	key := cache.EvalKey(c.Policy, day, horizon)
	if obs, ok := c.entry.ObligationsKept(key, keep); ok {
		return obs
	}
	if c.summary {
		// Not cached for this evaluation: the whole case, from the entry.
		c.summary, c.full = false, nil
		if whole := c.entry.Case(); whole != nil {
			c.Case = whole
		} else if whole, d := casefolder.Load(c.Dir, c.bornBy); whole != nil && len(d) == 0 {
			// Sealed but not decoded: never seen, but the files say the same.
			c.Case, c.Cached, c.entry = whole, false, nil
			return kept(engine.Evaluate(c.Case, c.Policy, engine.Options{AsOf: day, Horizon: horizon}), keep)
		} else {
			return nil
		}
	}
	obs := engine.Evaluate(c.Case, c.Policy, engine.Options{AsOf: day, Horizon: horizon})
	c.entry.PutObligations(key, obs)
	return kept(obs, keep)
}

// kept are the obligations keep keeps, in order (all for a nil keep).
func kept(obs []engine.Obligation, keep func(engine.Status) bool) []engine.Obligation {
	if keep == nil {
		return obs
	}
	out := obs[:0:0]
	for _, o := range obs {
		if keep(o.Status) {
			out = append(out, o)
		}
	}
	return out
}
