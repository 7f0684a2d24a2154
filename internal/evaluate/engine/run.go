package engine

// A run rule is a run of consecutive events that calls for an escalation, or is a breach.

import (
	"strings"

	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// run evaluates a trigger on runs of events: each run that reaches the rule's length is due for
// an escalation on the date of the event that completed it.
func (e *eval) run(r *policy.Rule) {
	if !e.holds(r.When, "") {
		return
	}
	reason, breach := strings.CutPrefix(r.MetBy, policy.MetEscalationPrefix)
	breach = !breach // no escalation answers it: the run itself is the breach
	for _, p := range e.periods {
		fire := func(at event, child, detail string) {
			// A run is counted from the event that completed it (the policy loader gives run
			// rules that single anchor).
			x := pending{rule: r, period: p, child: child, end: p.End, anchor: at.pos, detail: detail}
			x.basis.After, x.basis.From = r.Due.Alternatives[0].After, at.date
			if breach {
				x.due, x.end, x.endsAll = at.date, at.date, true
				e.emit(x)
				return
			}
			if w := r.Due.Alternatives[0].Within; w.Unset {
				x.unset = true
			} else {
				x.due = e.add(r, at.date, w.D)
				x.basis.Within = w.D
			}
			for _, esc := range e.c.Escalations {
				if esc.Reason == reason && esc.Date >= at.date && esc.Date <= e.today {
					x.met, x.basis.MetAt = esc.Date, esc.Pos
					break
				}
			}
			e.emit(x)
		}
		switch {
		case r.Run == "" && r.Event == policy.EventCoreGroup:
			e.memberRuns(r, p, fire)
		case r.Run == "":
			e.visitRuns(r, p, fire)
		case r.Run == policy.RunNoAccess:
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
					fire(event{date: v.Date, pos: v.Pos}, "", "no access "+joinDates(dates))
				}
			}
		case r.Run == policy.RunAbsent:
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
						fire(event{date: m.Date, pos: m.Pos}, "", id+" absent "+joinDates(dates))
					}
				}
			}
		}
	}
}

// visitRuns counts runs of visits in period p: the visits among the sequence that do not break
// it, per child when the rule says, each run that reaches the length once.
func (e *eval) visitRuns(r *policy.Rule, p *facts.Period, fire func(event, string, string)) {
	children := []string{""}
	if r.Per == policy.ForChild {
		children = children[:0]
		for _, sp := range p.Spans {
			children = append(children, sp.Child)
		}
	}
	for ci, child := range children {
		var sp *facts.Span
		if child != "" {
			sp = &p.Spans[ci]
		}
		// The last Length visits of the sequence, and whether each counts (matches breaks):
		// fewer than AtLeast of them counting is a run; one run per stretch of such windows.
		type seen struct {
			v      *casefolder.Visit
			counts bool
		}
		var win []seen
		inRun := false
		for i := range e.c.Visits {
			v := &e.c.Visits[i]
			if v.Date > e.today || !p.Within(v.Date) || sp != nil && (v.Date < sp.From || !sp.To.IsZero() && v.Date > sp.To) {
				continue
			}
			if !e.visitIs(v, r.Among, child, true) {
				continue
			}
			win = append(win, seen{v, e.visitIs(v, r.Breaks, child, true)})
			if len(win) > r.Length {
				win = win[1:]
			}
			if len(win) < r.Length {
				continue
			}
			n := 0
			var dates []string
			for _, w := range win {
				if w.counts {
					n++
				}
				dates = append(dates, w.v.Date.String())
			}
			short := n < r.AtLeast
			if short && !inRun {
				fire(event{date: v.Date, pos: v.Pos}, child, "visits "+joinDates(dates))
			}
			inRun = short
		}
	}
}

// memberRuns counts, for each member, runs of the core groups held in period p: those among the
// sequence that do not break it (absent: whether the member is listed absent).
func (e *eval) memberRuns(r *policy.Rule, p *facts.Period, fire func(event, string, string)) {
	is := func(m *casefolder.Meeting, f policy.VisitFilter, id string) bool {
		return f.Absent == nil || *f.Absent == contains(m.Absent, id)
	}
	groups := e.coreGroups(p)
	for i := range e.c.Members {
		id := e.c.Members[i].ID
		var win []bool
		var dates []string
		inRun := false
		for _, m := range groups {
			if !is(m, r.Among, id) {
				continue
			}
			win, dates = append(win, is(m, r.Breaks, id)), append(dates, m.Date.String())
			if len(win) > r.Length {
				win, dates = win[1:], dates[1:]
			}
			if len(win) < r.Length {
				continue
			}
			n := 0
			for _, counts := range win {
				if counts {
					n++
				}
			}
			short := n < r.AtLeast
			if short && !inRun {
				fire(event{date: m.Date, pos: m.Pos}, "", id+" absent "+joinDates(dates))
			}
			inRun = short
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
