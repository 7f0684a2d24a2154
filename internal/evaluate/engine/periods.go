package engine

import (
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// period is one run of a child protection plan, from the conference that started it to the one
// that ended it (end is zero while it runs).
type period struct {
	n           int
	start       civil.Date
	startConf   *casefolder.Conference
	end         civil.Date
	endConf     *casefolder.Conference
	conferences []*casefolder.Conference // held within the period, the start and end included
	spans       []span                   // children on the plan
}

// span is a child's time on the plan within a period (to is zero while on it).
type span struct {
	child    string
	from, to civil.Date
	conf     *casefolder.Conference
}

// within reports whether d falls in the period (both ends included).
func (p *period) within(d civil.Date) bool {
	return d >= p.start && (p.end.IsZero() || d <= p.end)
}

// periods works out the plan periods from the conferences held on or before today: a conference
// with decision plan (initial, pre-birth or transfer-in) starts one when none runs; while one
// runs, plan adds the children it names; end removes them, and the period ends with the last.
func periods(c *casefolder.Case, today civil.Date) []*period {
	var out []*period
	var cur *period
	for i := range c.Conferences {
		conf := &c.Conferences[i]
		if conf.Date.IsZero() || conf.Date > today {
			break // a booking: it has not happened
		}
		names := conf.Children
		if len(names) == 0 {
			for _, ch := range c.Children {
				names = append(names, ch.ID)
			}
		}
		if cur == nil {
			startable := conf.Kind == casefolder.Initial || conf.Kind == casefolder.PreBirth || conf.Kind == casefolder.TransferIn
			if conf.Decision != casefolder.DecisionPlan || !startable {
				continue
			}
			cur = &period{n: len(out) + 1, start: conf.Date, startConf: conf}
			out = append(out, cur)
		}
		cur.conferences = append(cur.conferences, conf)
		switch conf.Decision {
		case casefolder.DecisionPlan:
			for _, id := range names {
				if !cur.onPlan(id) {
					cur.spans = append(cur.spans, span{child: id, from: conf.Date, conf: conf})
				}
			}
		case casefolder.DecisionEnd:
			left := 0
			for j := range cur.spans {
				s := &cur.spans[j]
				if s.to.IsZero() && contains(names, s.child) {
					s.to = conf.Date
				}
				if s.to.IsZero() {
					left++
				}
			}
			if left == 0 {
				cur.end, cur.endConf = conf.Date, conf
				cur = nil
			}
		}
	}
	return out
}

// spanAt is the child's time on the plan that covers day, the conference on day included (a
// span ended on day by that conference still covers it), or nil.
func (p *period) spanAt(id string, day civil.Date) *span {
	for i := len(p.spans) - 1; i >= 0; i-- { // the latest first: a child put back on the same day
		s := &p.spans[i]
		if s.child == id && s.from <= day && (s.to.IsZero() || s.to >= day) {
			return s
		}
	}
	return nil
}

func (p *period) onPlan(id string) bool {
	for _, s := range p.spans {
		if s.child == id && s.to.IsZero() {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Period is a plan period as other stages see it (the record checks choose "first" and "later"
// core groups by it): from the conference that started it to the one that ended it (End is zero
// while it runs), with the conferences held in it.
type Period struct {
	Start, End  civil.Date
	Conferences []*casefolder.Conference
}

// Within reports whether d falls in the period, both ends included.
func (p Period) Within(d civil.Date) bool { return d >= p.Start && (p.End.IsZero() || d <= p.End) }

// Periods are the plan periods of c from the conferences held on or before today.
func Periods(c *casefolder.Case, today civil.Date) []Period {
	var out []Period
	for _, p := range periods(c, today) {
		out = append(out, Period{Start: p.start, End: p.end, Conferences: p.conferences})
	}
	return out
}
