package engine

// A run rule is a run of consecutive events that calls for an escalation.

import (
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// run evaluates a trigger on runs of events: each run that reaches the rule's length is due for
// an escalation on the date of the event that completed it.
func (e *eval) run(r *policy.Rule) {
	reason := r.MetBy[len(policy.MetEscalationPrefix):]
	for _, p := range e.periods {
		fire := func(at event, detail string) {
			// A run is counted from the event that completed it (the policy loader gives run
			// rules that single anchor).
			x := pending{rule: r, period: p, end: p.End, anchor: at.pos, detail: detail}
			if w := r.Due.Alternatives[0].Within; w.Unset {
				x.unset = true
			} else {
				x.due = e.add(r, at.date, w.D)
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
				if v.Kind != casefolder.Home || v.Date > e.today || !p.Within(v.Date) {
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
