package engine

import (
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// event is a dated record that can meet a rule.
type event struct {
	date civil.Date
	pos  casefolder.Pos
	ref  any // the meeting, conference or visit, to skip the event a chain link starts at
}

// timed evaluates a deadline or event rule in one scope.
func (e *eval) timed(r *policy.Rule, s scope) {
	due, at, st := e.dueDate(r, s)
	x := pending{rule: r, period: s.p, child: s.child, end: s.end, caseWide: s.caseWide, anchor: at.pos, detail: e.scopeDetail(s)}
	if !at.ok {
		x.anchor = e.scopePos(s)
	}
	x.setDue(due, st)
	switch r.Kind {
	case policy.KindDeadline:
		x.met = e.recorded(r.MetBy, s, at, due)
	case policy.KindEvent:
		if at.ok {
			evs := e.events(r, s, at.date)
			if len(evs) >= r.Nth {
				x.met = evs[r.Nth-1].date
			} else {
				x.booked = e.booked(r.Event, at.date, r.Nth-len(evs))
			}
		}
	}
	e.emit(x)
}

// recorded is the date a recorded fact meets a deadline, or zero.
func (e *eval) recorded(metBy string, s scope, at, due point) civil.Date {
	on := func(d civil.Date) civil.Date {
		if d.IsZero() || d > e.today {
			return 0 // not yet happened
		}
		return d
	}
	switch metBy {
	case policy.MetPlanAgreed:
		if pl := e.c.Plan; pl != nil && (s.caseWide || s.p.within(pl.Agreed)) {
			return on(pl.Agreed)
		}
	case policy.MetAssessment:
		if ca := e.c.CoreAssessment; ca != nil {
			return on(ca.Completed)
		}
	case policy.MetToManager, policy.MetApproved, policy.MetCirculated:
		if s.meeting != nil {
			return on(recordStep(s.meeting, metBy))
		}
	case policy.MetActionDone:
		if s.action != nil {
			return on(s.action.Done)
		}
	case policy.MetPlanSigned:
		// The anchor is the selected meeting when there is one (the core group the plan was
		// agreed at, the second core group), else the date the signatures are due.
		day := due.date
		if s.meeting != nil {
			day = s.meeting.Date
		} else if at.ok && day.IsZero() {
			day = at.date
		}
		if day.IsZero() {
			day = e.today
		}
		return e.allSigned(day)
	}
	return 0
}

// allSigned is the date the plan was fully signed: the last signature of the members who must
// sign (active on day, not excluded, not the child), once every one of them has signed; zero
// until then. A member who joined later and signed later does not make it late.
func (e *eval) allSigned(day civil.Date) civil.Date {
	pl := e.c.Plan
	if pl == nil {
		return 0
	}
	signed := map[string]civil.Date{}
	for _, sg := range pl.Signed {
		if sg.Date <= e.today {
			signed[sg.Member] = sg.Date
		}
	}
	var last civil.Date
	need := 0
	for i := range e.c.Members {
		m := &e.c.Members[i]
		if !m.ActiveOn(day) || m.Excluded || m.Role == "child" {
			continue
		}
		need++
		d, ok := signed[m.ID]
		if !ok {
			return 0
		}
		last = max(last, d)
	}
	if need == 0 {
		return 0
	}
	return last
}

// events lists the events of a rule's kind on or after from, in the scope, that have happened.
func (e *eval) events(r *policy.Rule, s scope, from civil.Date) []event {
	var p *period
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
			if cf.Kind == casefolder.Review && cf.Date >= from && cf.Date <= e.today && (p == nil || p.within(cf.Date)) && !ended(cf.Date) {
				out = append(out, event{date: cf.Date, pos: cf.Pos, ref: cf})
			}
		}
	case policy.EventVisit:
		for i := range e.c.Visits {
			v := &e.c.Visits[i]
			if v.Date < from || v.Date > e.today || (p != nil && !p.within(v.Date)) {
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
	if v.NoAccess {
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
	if f.Bedroom && !v.Bedroom {
		return false
	}
	if f.ByLead && v.By != e.c.LeadOn(v.Date) {
		return false
	}
	return true
}

// booked is the n-th booking (after today, on or after from) of an event that would meet a rule.
func (e *eval) booked(ev string, from civil.Date, n int) civil.Date {
	switch ev {
	case policy.EventCoreGroup, policy.EventChildPlan:
		return e.booking(ev, max(from, e.today+1), n)
	case policy.EventReview:
		return e.reviewBooking(max(from, e.today+1), n)
	}
	return 0
}

// interval is the chain interval in force for a link that starts on day in period p: a
// conference's override, else the policy's interval (as changed from an event on).
func (e *eval) interval(r *policy.Rule, p *period, day civil.Date) (duration.Duration, bool) {
	if r.Override != "" {
		var set duration.Duration
		for _, cf := range p.conferences {
			if cf.Date > day {
				break
			}
			v := cf.CoreGroupEvery
			if r.Override == "visit_every" {
				v = cf.VisitEvery
			}
			if !v.IsZero() {
				set = v
			}
		}
		if !set.IsZero() {
			return set, false
		}
	}
	t := r.Every
	for _, th := range r.Then {
		if th.From == "first-review" {
			if fr := firstReview(p); fr != nil && fr.Date <= day {
				t = th.Every
			}
		}
	}
	if t.Unset || t.ByConference || t.D.IsZero() {
		return duration.Duration{}, true
	}
	return t.D, false
}

// chain evaluates an "at least every N" rule: each qualifying event meets the open link and
// starts the next; the last link is still open.
func (e *eval) chain(r *policy.Rule) {
	for _, p := range e.periods {
		if len(r.StartedBy) > 0 && !contains(r.StartedBy, p.startConf.Kind) {
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
		e.chainIn(r, scope{p: p, end: p.end})
	}
}

// chainStart is the event a chain's first link starts at; false while there is none (no core
// group yet, a child not yet born).
func (e *eval) chainStart(r *policy.Rule, s scope) (event, bool) {
	switch r.StartsAt {
	case policy.StartPeriod:
		return event{date: s.p.start, pos: s.p.startConf.Pos, ref: s.p.startConf}, true
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
		x := e.link(r, s, cur)
		x.met = ev.date
		e.emit(x)
		cur = ev
	}
	x := e.link(r, s, cur)
	x.booked = e.booked(r.Event, cur.date, 1)
	e.emit(x)
}

// linkOpenOn is the start of the chain's link open on day: the link that starts that day, or
// where none does, the one already running. False before the chain's first link.
func (e *eval) linkOpenOn(r *policy.Rule, s scope, day civil.Date) (event, bool) {
	cs := scope{p: s.p, end: s.p.end}
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

func (e *eval) link(r *policy.Rule, s scope, from event) pending {
	x := pending{rule: r, period: s.p, child: s.child, end: s.end, anchor: from.pos, detail: "since " + from.date.String()}
	if iv, unset := e.interval(r, s.p, from.date); unset {
		x.unset = true
	} else {
		x.due = e.add(from.date, iv)
	}
	return x
}

// run evaluates a trigger on runs of events: each run that reaches the rule's length is due for
// an escalation on the date of the event that completed it.
func (e *eval) run(r *policy.Rule) {
	reason := r.MetBy[len(policy.MetEscalationPrefix):]
	for _, p := range e.periods {
		fire := func(at event, detail string) {
			// A run is counted from the event that completed it (the policy loader gives run
			// rules that single anchor).
			x := pending{rule: r, period: p, end: p.end, anchor: at.pos, detail: detail}
			if w := r.Due.Alternatives[0].Within; w.Unset {
				x.unset = true
			} else {
				x.due = e.add(at.date, w.D)
			}
			for _, esc := range e.c.Escalations {
				if esc.Reason == reason && esc.Date >= at.date && esc.Date <= e.today {
					x.met = esc.Date
					break
				}
			}
			e.emit(x)
		}
		switch r.Run {
		case policy.RunNoAccess:
			n := 0
			var dates []string
			for i := range e.c.Visits {
				v := &e.c.Visits[i]
				if v.Kind != casefolder.Home || v.Date > e.today || !p.within(v.Date) {
					continue
				}
				if !v.NoAccess {
					n, dates = 0, nil
					continue
				}
				n++
				dates = append(dates, v.Date.String())
				if n == r.Length {
					fire(event{date: v.Date, pos: v.Pos}, "no access "+joinDates(dates))
				}
			}
		case policy.RunAbsent:
			groups := e.coreGroups(p)
			for i := range e.c.Members {
				id := e.c.Members[i].ID
				n := 0
				var dates []string
				for _, m := range groups {
					if !contains(m.Absent, id) {
						n, dates = 0, nil
						continue
					}
					n++
					dates = append(dates, m.Date.String())
					if n == r.Length {
						fire(event{date: m.Date, pos: m.Pos}, id+" absent "+joinDates(dates))
					}
				}
			}
		}
	}
}

func joinDates(ds []string) string {
	out := ""
	for i, d := range ds {
		if i > 0 {
			out += ", "
		}
		out += d
	}
	return out
}

// window evaluates "between one conference and the next": met by the first qualifying event on
// or after the conference and before the next one is held.
func (e *eval) window(r *policy.Rule) {
	for _, s := range e.scopes(r) {
		cf := s.conf
		due, at, st := e.dueDate(r, s)
		x := pending{rule: r, period: s.p, anchor: cf.Pos, detail: cf.Kind + " conference " + cf.Date.String()}
		if at.ok {
			x.anchor = cf.Pos
		}
		x.setDue(due, st)
		var next civil.Date
		for i := range e.c.Conferences {
			if d := e.c.Conferences[i].Date; d > cf.Date && d <= e.today {
				next = d
				break
			}
		}
		for _, ev := range e.events(r, scope{p: s.p}, cf.Date) {
			if next.IsZero() || ev.date < next {
				x.met = ev.date
				break
			}
		}
		if !next.IsZero() {
			x.end, x.endsAll = next, r.MissedAtNext
		} else {
			x.end = s.p.end
		}
		e.emit(x)
	}
}

// scopePos is where a scope's record is, for obligations whose anchor has not happened.
func (e *eval) scopePos(s scope) casefolder.Pos {
	switch {
	case s.meeting != nil:
		return s.meeting.Pos
	case s.action != nil:
		return s.action.Pos
	case s.child != "":
		return e.childPos(s.child)
	case s.conf != nil:
		return s.conf.Pos
	case s.p != nil:
		return s.p.startConf.Pos
	}
	return e.c.PlanPos
}

// scopeDetail names what an obligation is about where the title does not say.
func (e *eval) scopeDetail(s scope) string {
	switch {
	case s.action != nil:
		return "action " + s.action.ID
	case s.meeting != nil:
		return strings.ReplaceAll(s.meeting.Kind, "-", " ") + " " + s.meeting.Date.String()
	case s.conf != nil && s.child == "":
		return s.conf.Kind + " conference " + s.conf.Date.String()
	}
	return ""
}

// setDue records a due date, or why there is none.
func (x *pending) setDue(due point, st dueState) {
	switch st {
	case dueWaiting:
		x.waiting = true
	case dueUnset:
		x.unset = true
	default:
		x.due = due.date
	}
}
