package engine

// A chain rule is "at least every N": each qualifying event meets the open link and starts the
// next.

import (
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// interval is the chain interval in force for a link that starts on day in period p: a
// conference's override (and that conference), else the policy's interval (as changed from an
// event on).
func (e *eval) interval(r *policy.Rule, p *facts.Period, day civil.Date) (duration.Duration, *casefolder.Conference, bool) {
	if r.Override == "core_group_every" || r.Override == "visit_every" {
		var set duration.Duration
		var by *casefolder.Conference
		for _, cf := range p.Conferences {
			if cf.Date > day {
				break
			}
			v := cf.CoreGroupEvery
			if r.Override == "visit_every" {
				v = cf.VisitEvery
			}
			if !v.IsZero() {
				set, by = v, cf
			}
		}
		if !set.IsZero() {
			return set, by, false
		}
	}
	t := r.Every
	for _, th := range r.Then {
		if th.From == "first-review" {
			if fr := p.FirstReview(); fr != nil && fr.Date <= day {
				t = th.Every
			}
		}
	}
	if t.Unset || t.ByConference || t.D.IsZero() {
		return duration.Duration{}, nil, true
	}
	return t.D, nil, false
}

// chain evaluates an "at least every N" rule: each qualifying event meets the open link and
// starts the next; the last link is still open.
func (e *eval) chain(r *policy.Rule) {
	for _, p := range e.periods {
		if len(r.StartedBy) > 0 && !contains(r.StartedBy, p.StartConf.Kind) {
			continue
		}
		if r.For == policy.ForChild {
			for _, s := range e.scopes(r) {
				if s.p == p {
					e.chainIn(r, s)
				}
			}
			continue
		}
		if e.holds(r.When, "") {
			e.chainIn(r, scope{p: p, end: p.End})
		}
	}
}

// chainStart is the event a chain's first link starts at; false while there is none (no core
// group yet, a child not yet born).
func (e *eval) chainStart(r *policy.Rule, s scope) (event, bool) {
	switch r.StartsAt {
	case policy.StartPeriod:
		return event{date: s.p.Start, pos: s.p.StartConf.Pos, ref: s.p.StartConf}, true
	case policy.StartFirstGroup:
		groups := e.coreGroups(s.p)
		if len(groups) == 0 {
			return event{}, false
		}
		return event{date: groups[0].Date, pos: groups[0].Pos, ref: groups[0]}, true
	case policy.StartOnPlan:
		at := e.anchor("on-plan", s)
		return event{date: at.date, pos: at.pos}, at.ok
	}
	return event{}, false
}

func (e *eval) chainIn(r *policy.Rule, s scope) {
	start, ok := e.chainStart(r, s)
	if !ok {
		if r.StartsAt == policy.StartOnPlan {
			at := e.anchor("on-plan", s)
			e.emit(pending{rule: r, period: s.p, child: s.child, end: s.end, waiting: true, anchor: at.pos, detail: "from the birth"})
		}
		return // no rows before the first core group: first-core-group covers it
	}
	cur := start
	for _, ev := range e.events(r, s, start.date) {
		if ev.ref != nil && ev.ref == start.ref {
			continue // a link is met by the next event, not the one it starts at
		}
		x := e.link(r, s, cur, start)
		x.met, x.basis.MetAt = ev.date, ev.pos
		e.emit(x)
		cur = ev
	}
	x := e.link(r, s, cur, start)
	b := e.booked(r.Event, cur.date, 1)
	x.booked, x.basis.BookedAt = b.date, b.pos
	e.emit(x)
}

// linkOpenOn is the start of the chain's link open on day: the link that starts that day, or
// where none does, the one already running. False before the chain's first link.
func (e *eval) linkOpenOn(r *policy.Rule, s scope, day civil.Date) (event, bool) {
	cs := scope{p: s.p, end: s.p.End}
	if r.For == policy.ForChild {
		cs = s
	}
	start, ok := e.chainStart(r, cs)
	if !ok || start.date > day {
		return event{}, false
	}
	cur := start
	for _, ev := range e.events(r, cs, start.date) {
		if ev.date > day {
			break
		}
		if ev.ref == nil || ev.ref != start.ref {
			cur = ev
		}
	}
	return cur, true
}

// linkDue is the due date of the link that starts at from, with the interval and the conference
// that set it (for explanations), or unset: the date a conference set (override: next_review),
// else the interval in force counted from the link's start.
func (e *eval) linkDue(r *policy.Rule, p *facts.Period, from event) (civil.Date, duration.Duration, *casefolder.Conference, bool) {
	if r.Override == policy.OverrideReview {
		if cf, ok := from.ref.(*casefolder.Conference); ok && !cf.NextReview.IsZero() {
			return cf.NextReview, duration.Duration{}, cf, false
		}
	}
	iv, by, unset := e.interval(r, p, from.date)
	if unset {
		return 0, iv, nil, true
	}
	return e.add(r, from.date, iv), iv, by, false
}

func (e *eval) link(r *policy.Rule, s scope, from, start event) pending {
	x := pending{rule: r, period: s.p, child: s.child, end: s.end, anchor: from.pos, detail: "since " + from.date.String()}
	x.basis.After, x.basis.From = r.Event, from.date
	if from == start {
		x.basis.After = r.StartsAt
	}
	var iv duration.Duration
	var by *casefolder.Conference
	x.due, iv, by, x.unset = e.linkDue(r, s.p, from)
	if !x.unset && iv.IsZero() && by != nil {
		// due on the date the conference set (next_review): that date is the anchor
		x.basis.After, x.basis.From, by = "next-review", x.due, nil
	}
	if !x.unset {
		x.basis.Within, x.basis.Override = iv, by
		if !r.Limit.D.IsZero() {
			x.limit = e.add(r, from.date, r.Limit.D)
		}
	}
	return x
}
