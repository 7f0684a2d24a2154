package engine

// An event rule is met by the n-th qualifying event on or after its anchor. The events every
// kind counts are listed here.

import (
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// event is a dated record that can meet a rule.
type event struct {
	date civil.Date
	pos  casefolder.Pos
	ref  any // the meeting, conference or visit, to skip the event a chain link starts at
}

// eventRule evaluates an event rule in each of its scopes.
func (e *eval) eventRule(r *policy.Rule) {
	for _, s := range e.scopes(r) {
		x, at := e.timed(r, s)
		if e.skipAbsent(r, x, at) {
			continue
		}
		if r.CountedFrom != "" {
			at = e.anchor(r.CountedFrom, s) // events counted from here, the due date from its own anchor
		}
		if at.ok {
			var evs []event
			for _, ev := range e.events(r, s, at.date) {
				if ev.ref == nil || ev.ref != at.ref {
					evs = append(evs, ev) // never met by the event it is counted from
				}
			}
			if len(evs) >= r.Nth {
				x.met, x.basis.MetAt = evs[r.Nth-1].date, evs[r.Nth-1].pos
			} else {
				b := e.booked(r.Event, at.date, r.Nth-len(evs))
				x.booked, x.basis.BookedAt = b.date, b.pos
			}
		}
		e.emit(x)
	}
}

// skipAbsent reports whether an obligation whose anchor is absent is no obligation at all: the
// rule's if_absent, else its first anchor's default (a record a case may never have is skip).
func (e *eval) skipAbsent(r *policy.Rule, x pending, at point) bool {
	if !x.waiting || at.ok {
		return false
	}
	how := r.IfAbsent
	if how == "" && len(r.Due.Alternatives) > 0 {
		if w, ok := policy.AnchorWords.Lookup(r.Due.Alternatives[0].After); ok {
			how = w.Absent
		}
	}
	return how == policy.IfAbsentSkip
}

// timed starts the obligation of a deadline or event rule in one scope: its due date and the
// anchor it counts from.
func (e *eval) timed(r *policy.Rule, s scope) (pending, point) {
	due, at, st := e.dueDate(r, s)
	x := pending{rule: r, period: s.p, child: s.child, end: s.end, caseWide: s.caseWide, anchor: at.pos, detail: e.scopeDetail(s)}
	if !at.ok {
		x.anchor = e.scopePos(s)
	}
	x.setDue(due, st)
	if st == dueKnown && !r.Limit.D.IsZero() && len(r.Due.Alternatives) == 1 {
		x.limit = e.add(r, at.date, r.Limit.D)
	}
	return x, at
}

// events lists the events of a rule's kind on or after from, in the scope, that have happened.
func (e *eval) events(r *policy.Rule, s scope, from civil.Date) []event {
	var p *facts.Period
	if !r.OutlivesPlan {
		p = s.p
	}
	// The scope's own end: a child taken off the plan while the period runs on is not met by
	// what happens after.
	ended := func(d civil.Date) bool { return p != nil && !s.end.IsZero() && d > s.end }
	var out []event
	switch r.Event {
	case policy.EventCoreGroup, policy.EventChildPlan:
		for _, m := range e.meetings(r.Event, p, from) {
			if !ended(m.Date) {
				out = append(out, event{date: m.Date, pos: m.Pos, ref: m})
			}
		}
	case policy.EventReview:
		for i := range e.c.Conferences {
			cf := &e.c.Conferences[i]
			if cf.Kind == casefolder.Review && cf.Date >= from && cf.Date <= e.today && (p == nil || p.Within(cf.Date)) && !ended(cf.Date) {
				out = append(out, event{date: cf.Date, pos: cf.Pos, ref: cf})
			}
		}
	case policy.EventInitial:
		for i := range e.c.Conferences {
			cf := &e.c.Conferences[i]
			if cf.Kind == casefolder.Initial && cf.Date >= from && cf.Date <= e.today && (p == nil || p.Within(cf.Date)) && !ended(cf.Date) {
				out = append(out, event{date: cf.Date, pos: cf.Pos, ref: cf})
			}
		}
	case policy.EventVisit:
		for i := range e.c.Visits {
			v := &e.c.Visits[i]
			if v.Date < from || v.Date > e.today || (p != nil && !p.Within(v.Date)) {
				continue
			}
			if ended(v.Date) {
				continue
			}
			if e.visitQualifies(v, r.Visit, s.child) {
				out = append(out, event{date: v.Date, pos: v.Pos, ref: v})
			}
		}
	}
	return out
}

func (e *eval) visitQualifies(v *casefolder.Visit, f policy.VisitFilter, child string) bool {
	return e.visitIs(v, f, child, false)
}

// visitIs applies a visit filter; a visit with no access passes only when the filter names its
// outcome, or anyAccess (runs, whose sequences hold visits with no access too).
func (e *eval) visitIs(v *casefolder.Visit, f policy.VisitFilter, child string, anyAccess bool) bool {
	if len(f.Outcomes) > 0 {
		if !contains(f.Outcomes, outcome(v)) {
			return false
		}
	} else if v.NoAccess && !anyAccess {
		return false
	}
	if len(f.Kinds) > 0 && !contains(f.Kinds, v.Kind) {
		return false
	}
	if f.Seen && !contains(v.Seen, child) {
		return false
	}
	if f.Alone && !contains(v.Alone, child) {
		return false
	}
	if f.Bedroom && !v.BedroomSeen(child) {
		return false
	}
	if f.ByLead && v.By != e.c.LeadOn(v.Date) {
		return false
	}
	return true
}

// outcome is a visit's outcome: as recorded, else no-access or seen by its no_access.
func outcome(v *casefolder.Visit) string {
	switch {
	case v.Outcome != "":
		return v.Outcome
	case v.NoAccess:
		return "no-access"
	}
	return "seen"
}

// booked is the n-th booking (after today, on or after from) of an event that would meet a rule.
func (e *eval) booked(ev string, from civil.Date, n int) event {
	switch ev {
	case policy.EventCoreGroup, policy.EventChildPlan:
		return e.booking(ev, max(from, e.today+1), n)
	case policy.EventReview:
		return e.conferenceBooking(casefolder.Review, max(from, e.today+1), n)
	case policy.EventInitial:
		return e.conferenceBooking(casefolder.Initial, max(from, e.today+1), n)
	}
	return event{}
}
