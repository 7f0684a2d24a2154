package engine

// A deadline rule is met by a recorded date: plan.agreed, a record step, an action's done date,
// the signatures.

import (
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// deadline evaluates a deadline rule in each of its scopes.
func (e *eval) deadline(r *policy.Rule) {
	for _, s := range e.scopes(r) {
		x, at := e.timed(r, s)
		if e.skipAbsent(r, x, at) {
			continue
		}
		due := point{date: x.due, ok: !x.due.IsZero()}
		met := e.recorded(r, s, at, due)
		x.met, x.basis.MetAt = met.date, met.pos
		e.emit(x)
	}
}

// recorded is the recorded fact (its date and place) that meets a deadline, or zero.
func (e *eval) recorded(r *policy.Rule, s scope, at, due point) event {
	metBy := r.MetBy
	on := func(d civil.Date, pos casefolder.Pos) event {
		if d.IsZero() || d > e.today {
			return event{} // not yet happened
		}
		return event{date: d, pos: pos}
	}
	switch metBy {
	case policy.MetPlanAgreed:
		if pl := e.c.Plan; pl != nil && (s.caseWide || s.p.Within(pl.Agreed)) {
			return on(pl.Agreed, pl.AgreedPos)
		}
	case policy.MetAssessment:
		if ca := e.c.CoreAssessment; ca != nil {
			return on(ca.Completed, ca.Pos)
		}
	case policy.MetToManager, policy.MetApproved, policy.MetCirculated:
		if s.meeting != nil {
			return on(recordStep(s.meeting, metBy), s.meeting.Pos)
		}
	case policy.MetConfRecord, policy.MetConfPlan:
		if s.conf != nil {
			if metBy == policy.MetConfRecord {
				return on(s.conf.Record.Circulated, s.conf.Pos)
			}
			return on(s.conf.Record.PlanCirculated, s.conf.Pos)
		}
	case policy.MetActionDone:
		if s.action != nil {
			return on(s.action.Done, s.action.Pos)
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
		return e.allSigned(day, r.Signatories)
	}
	return event{}
}

// allSigned is the date the plan was fully signed: the last signature of the members who must
// sign (active on day, not excluded, and signatories by role: by default all but the child),
// once every one of them has signed; zero
// until then. A member who joined later and signed later does not make it late.
func (e *eval) allSigned(day civil.Date, who policy.Signatories) event {
	pl := e.c.Plan
	if pl == nil {
		return event{}
	}
	signed := map[string]event{}
	for _, sg := range pl.Signed {
		if sg.Date <= e.today {
			signed[sg.Member] = event{date: sg.Date, pos: sg.Pos}
		}
	}
	var last event
	need := 0
	for i := range e.c.Members {
		m := &e.c.Members[i]
		if !m.ActiveOn(day) || m.Excluded || !who.Signs(m.Role) {
			continue
		}
		need++
		d, ok := signed[m.ID]
		if !ok {
			return event{}
		}
		if d.date > last.date {
			last = d
		}
	}
	if need == 0 {
		return event{}
	}
	return last
}
