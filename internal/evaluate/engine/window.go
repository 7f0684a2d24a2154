package engine

// A window rule is met by the first qualifying event between one conference and the next.

import (
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/policy"
)

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
				x.met, x.basis.MetAt = ev.date, ev.pos
				break
			}
		}
		if !next.IsZero() {
			x.end, x.endsAll = next, r.MissedAtNext
		} else {
			x.end = s.p.End
		}
		e.emit(x)
	}
}
