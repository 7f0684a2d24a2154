package engine

// A deadline rule is met by a recorded date: plan.agreed, a record step, an action's done date,
// the signatures.

import (
	"github.com/cpcase/cpcase/internal/dates/civil"
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
		x.met = e.recorded(r, s, at, due)
		e.emit(x)
	}
}

// recorded is the date a recorded fact meets a deadline, or zero.
func (e *eval) recorded(r *policy.Rule, s scope, at, due point) civil.Date {
	metBy := r.MetBy
	on := func(d civil.Date) civil.Date {
		if d.IsZero() || d > e.today {
			return 0 // not yet happened
		}
		return d
	}
	switch metBy {
	case policy.MetPlanAgreed:
		if pl := e.c.Plan; pl != nil && (s.caseWide || s.p.Within(pl.Agreed)) {
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
		return e.allSigned(day, r.Signatories)
	}
	return 0
}

// allSigned is the date the plan was fully signed: the last signature of the members who must
// sign (active on day, not excluded, and signatories by role: by default all but the child),
// once every one of them has signed; zero
// until then. A member who joined later and signed later does not make it late.
func (e *eval) allSigned(day civil.Date, who policy.Signatories) civil.Date {
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
		if !m.ActiveOn(day) || m.Excluded || !who.Signs(m.Role) {
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
