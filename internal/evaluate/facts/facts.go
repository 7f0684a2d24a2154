// Package facts derives from a case what both the engine and the record checks count by: the plan
// periods, each child's time on the plan, the core groups held in a period, the lead social
// worker on a date, and which conferences a policy's conference filter selects. One home, so a
// rule and a check never read the same case two ways.
package facts

import (
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// Period is one run of a child protection plan, from the conference that started it to the one
// that ended it (End is zero while it runs).
type Period struct {
	N           int // 1-based
	Start       civil.Date
	StartConf   *casefolder.Conference
	End         civil.Date
	EndConf     *casefolder.Conference
	Conferences []*casefolder.Conference // held within the period, the start and end included
	Spans       []Span                   // children on the plan
}

// Span is a child's time on the plan within a period (To is zero while on it).
type Span struct {
	Child    string
	From, To civil.Date
	Conf     *casefolder.Conference // the conference that put the child on the plan
}

// Within reports whether d falls in the period (both ends included).
func (p *Period) Within(d civil.Date) bool {
	return d >= p.Start && (p.End.IsZero() || d <= p.End)
}

// Periods works out the plan periods from the conferences held on or before today: a conference
// with decision plan (initial, pre-birth or transfer-in) starts one when none runs; while one
// runs, plan adds the children it names (continue adds nobody); end removes them, and the period
// ends with the last.
func Periods(c *casefolder.Case, today civil.Date) []*Period {
	var out []*Period
	var cur *Period
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
			cur = &Period{N: len(out) + 1, Start: conf.Date, StartConf: conf}
			out = append(out, cur)
		}
		cur.Conferences = append(cur.Conferences, conf)
		switch conf.Decision {
		case casefolder.DecisionPlan:
			for _, id := range names {
				if !cur.OnPlan(id) {
					cur.Spans = append(cur.Spans, Span{Child: id, From: conf.Date, Conf: conf})
				}
			}
		case casefolder.DecisionEnd:
			left := 0
			for j := range cur.Spans {
				s := &cur.Spans[j]
				if s.To.IsZero() && contains(names, s.Child) {
					s.To = conf.Date
				}
				if s.To.IsZero() {
					left++
				}
			}
			if left == 0 {
				cur.End, cur.EndConf = conf.Date, conf
				cur = nil
			}
		}
	}
	return out
}

// SpanAt is the child's time on the plan that covers day, the conference on day included (a span
// ended on day by that conference still covers it), or nil.
func (p *Period) SpanAt(id string, day civil.Date) *Span {
	for i := len(p.Spans) - 1; i >= 0; i-- { // the latest first: a child put back on the same day
		s := &p.Spans[i]
		if s.Child == id && s.From <= day && (s.To.IsZero() || s.To >= day) {
			return s
		}
	}
	return nil
}

// OnPlan reports whether the child is on the plan now (an open span).
func (p *Period) OnPlan(id string) bool {
	for _, s := range p.Spans {
		if s.Child == id && s.To.IsZero() {
			return true
		}
	}
	return false
}

// FirstReview is the first review conference held in the period, or nil.
func (p *Period) FirstReview() *casefolder.Conference {
	for _, cf := range p.Conferences {
		if cf.Kind == casefolder.Review {
			return cf
		}
	}
	return nil
}

// Meetings are the meetings of a kind held (not cancelled, not after today) on or after from,
// within p (p nil: any time).
func Meetings(c *casefolder.Case, kind string, p *Period, from, today civil.Date) []*casefolder.Meeting {
	var out []*casefolder.Meeting
	for i := range c.Meetings {
		m := &c.Meetings[i]
		if m.Kind != kind || m.Cancelled || m.Date > today || m.Date < from {
			continue
		}
		if p != nil && !p.Within(m.Date) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// CoreGroups are the core groups held in period p.
func CoreGroups(c *casefolder.Case, p *Period, today civil.Date) []*casefolder.Meeting {
	return Meetings(c, casefolder.CoreGroup, p, 0, today)
}

// LeadOn is the lead social worker on d (see casefolder.Case.LeadOn).
func LeadOn(c *casefolder.Case, d civil.Date) string { return c.LeadOn(d) }

// MatchConference applies a policy's conference filter to a conference of period p: the one
// filter rules (for: conference) and checks (first-after-conference) both use. While a plan runs,
// decision plan means continue.
func MatchConference(f policy.ConferenceFilter, cf *casefolder.Conference, p *Period) bool {
	if len(f.Kinds) > 0 && !contains(f.Kinds, cf.Kind) {
		return false
	}
	decision := cf.Decision
	if decision == casefolder.DecisionPlan && cf != p.StartConf {
		decision = casefolder.DecisionContinue
	}
	if len(f.Decisions) > 0 && !contains(f.Decisions, decision) {
		return false
	}
	if f.EndsPlan != nil && *f.EndsPlan != (cf == p.EndConf) {
		return false
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
