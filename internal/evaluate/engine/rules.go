package engine

import (
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// scope is what one obligation is counted for: a period, and within it perhaps a child, a
// conference, a meeting or an action.
type scope struct {
	p        *period
	caseWide bool
	end      civil.Date // when the scope ends unmet (zero: still running)
	child    string
	birth    civil.Date
	conf     *casefolder.Conference
	meeting  *casefolder.Meeting
	action   *casefolder.Action
	noMeet   bool // the period's selected meeting was not found
}

// scopes lists the scopes a deadline or event rule applies to.
func (e *eval) scopes(r *policy.Rule) []scope {
	var out []scope
	switch r.For {
	case policy.ForCase, policy.ForAction:
		if len(e.periods) == 0 {
			return nil
		}
		last := e.periods[len(e.periods)-1]
		base := scope{p: last, caseWide: true, end: last.end}
		if r.For == policy.ForCase {
			if ca := e.c.CoreAssessment; ca == nil || ca.Started.IsZero() || ca.Started > e.today {
				return nil // once core_assessment.started has happened
			}
			return []scope{base}
		}
		for _, a := range e.actions() {
			s := base
			s.action = a
			out = append(out, s)
		}
		return out
	}
	for _, p := range e.periods {
		if len(r.StartedBy) > 0 && !contains(r.StartedBy, p.startConf.Kind) {
			continue
		}
		base := scope{p: p, end: p.end}
		switch r.For {
		case policy.ForPeriod:
			if r.MeetingSelect != "" {
				base.meeting = e.selectMeeting(p, r.MeetingSelect)
				if base.meeting == nil {
					if r.IfNoMeeting == policy.IfNoMeetingSkip {
						continue
					}
					base.noMeet = true
				}
			}
			out = append(out, base)
		case policy.ForCoreGroup:
			for _, m := range e.coreGroups(p) {
				s := base
				s.meeting = m
				out = append(out, s)
			}
		case policy.ForConference:
			for _, cf := range p.conferences {
				if !matchConf(r.Conference, cf, p) {
					continue
				}
				s := base
				s.conf = cf
				if r.OutlivesPlan {
					s.end = 0
				}
				out = append(out, s)
			}
		case policy.ForUnbornChild:
			for _, cf := range p.conferences {
				if cf.Kind != casefolder.PreBirth || cf.Decision == casefolder.DecisionEnd || cf.Decision == casefolder.DecisionNoPlan {
					continue
				}
				for _, ch := range e.c.Children {
					if len(cf.Children) > 0 && !contains(cf.Children, ch.ID) {
						continue
					}
					if !ch.Born.IsZero() && ch.Born <= cf.Date {
						continue // born by the conference: not unborn then
					}
					// Only plan adds a child: a continue that names a baby not on the plan
					// owes it nothing. The obligation ends with the child's own time on it.
					sp := p.spanAt(ch.ID, cf.Date)
					if sp == nil {
						continue
					}
					s := base
					s.conf, s.child, s.birth = cf, ch.ID, ch.Born
					if !sp.to.IsZero() {
						s.end = sp.to
					}
					out = append(out, s)
				}
			}
		case policy.ForChild:
			for _, sp := range p.spans {
				s := base
				s.child = sp.child
				s.conf = sp.conf
				if ch := e.c.Child(sp.child); ch != nil {
					s.birth = ch.Born
				}
				if !sp.to.IsZero() {
					s.end = sp.to
				}
				out = append(out, s)
			}
		}
	}
	return out
}

// matchConf applies a rule's conference filter to a conference of period p.
func matchConf(f policy.ConferenceFilter, cf *casefolder.Conference, p *period) bool {
	if len(f.Kinds) > 0 && !contains(f.Kinds, cf.Kind) {
		return false
	}
	decision := cf.Decision
	if decision == casefolder.DecisionPlan && cf != p.startConf {
		decision = casefolder.DecisionContinue // docs/format.md: while a plan runs, plan means continue
	}
	if len(f.Decisions) > 0 && !contains(f.Decisions, decision) {
		return false
	}
	if f.EndsPlan != nil && *f.EndsPlan != (cf == p.endConf) {
		return false
	}
	return true
}

// actions are the actions with a due date: in the plan, or agreed at a meeting that was held.
func (e *eval) actions() []*casefolder.Action {
	var out []*casefolder.Action
	if e.c.Plan != nil {
		for i := range e.c.Plan.Actions {
			if a := &e.c.Plan.Actions[i]; !a.Due.IsZero() {
				out = append(out, a)
			}
		}
	}
	for i := range e.c.Meetings {
		m := &e.c.Meetings[i]
		if m.Cancelled || m.Date > e.today {
			continue
		}
		for j := range m.Actions {
			if a := &m.Actions[j]; !a.Due.IsZero() {
				out = append(out, a)
			}
		}
	}
	return out
}

// coreGroups are the core groups held in period p: not cancelled, dated within it and not after
// today.
func (e *eval) coreGroups(p *period) []*casefolder.Meeting {
	return e.meetings(casefolder.CoreGroup, p, 0)
}

// meetings of a kind held on or after from, within p (p nil: any time).
func (e *eval) meetings(kind string, p *period, from civil.Date) []*casefolder.Meeting {
	var out []*casefolder.Meeting
	for i := range e.c.Meetings {
		m := &e.c.Meetings[i]
		if m.Kind != kind || m.Cancelled || m.Date > e.today || m.Date < from {
			continue
		}
		if p != nil && !p.within(m.Date) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// booking is the n-th meeting of a kind booked after today on or after from (n counts from 1).
func (e *eval) booking(kind string, from civil.Date, n int) civil.Date {
	for i := range e.c.Meetings {
		m := &e.c.Meetings[i]
		if m.Kind == kind && !m.Cancelled && m.Date > e.today && m.Date >= from {
			if n--; n <= 0 {
				return m.Date
			}
		}
	}
	return 0
}

// reviewBooking is the n-th review conference booked after today on or after from.
func (e *eval) reviewBooking(from civil.Date, n int) civil.Date {
	for _, cf := range e.c.Conferences {
		if cf.Kind == casefolder.Review && cf.Date > e.today && cf.Date >= from {
			if n--; n <= 0 {
				return cf.Date
			}
		}
	}
	return 0
}

func (e *eval) selectMeeting(p *period, sel string) *casefolder.Meeting {
	groups := e.coreGroups(p)
	if sel == "core-group-on:plan.agreed" {
		if e.c.Plan == nil || e.c.Plan.Agreed.IsZero() {
			return nil
		}
		for _, m := range groups {
			if m.Date == e.c.Plan.Agreed {
				return m
			}
		}
		return nil
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(sel, "core-group:"))
	if n >= 1 && n <= len(groups) {
		return groups[n-1]
	}
	return nil
}

// firstReview is the first review conference held in the period, or zero.
func firstReview(p *period) *casefolder.Conference {
	for _, cf := range p.conferences {
		if cf.Kind == casefolder.Review {
			return cf
		}
	}
	return nil
}

// point is an anchor's date: it has happened (an event) or is known (a due date).
type point struct {
	date civil.Date
	pos  casefolder.Pos
	ok   bool
}

func (e *eval) happened(d civil.Date, pos casefolder.Pos) point {
	return point{date: d, pos: pos, ok: !d.IsZero() && d <= e.today}
}

// anchor resolves an anchor name in a scope.
func (e *eval) anchor(name string, s scope) point {
	p := s.p
	switch name {
	case "period-start":
		return point{date: p.start, pos: p.startConf.Pos, ok: true}
	case "first-review":
		if cf := firstReview(p); cf != nil {
			return point{date: cf.Date, pos: cf.Pos, ok: true}
		}
		return point{}
	case "plan.agreed":
		if pl := e.c.Plan; pl != nil && (s.caseWide || p.within(pl.Agreed)) {
			return e.happened(pl.Agreed, pl.AgreedPos)
		}
		return point{}
	case "birth":
		return e.happened(s.birth, e.childPos(s.child))
	case "on-plan":
		// docs/format.md: a child with no born date is unborn; its chain waits for the birth.
		from, pos := s.p.start, p.startConf.Pos
		if s.conf != nil { // the conference that put the child on the plan
			from, pos = s.conf.Date, s.conf.Pos
		}
		if s.birth.IsZero() || s.birth > from {
			return e.happened(s.birth, e.childPos(s.child))
		}
		return point{date: from, pos: pos, ok: true}
	case "conference":
		return point{date: s.conf.Date, pos: s.conf.Pos, ok: true}
	case "core-assessment.started":
		ca := e.c.CoreAssessment
		return e.happened(ca.Started, ca.Pos)
	case "action.due":
		return point{date: s.action.Due, pos: s.action.Pos, ok: true}
	case "meeting", "meeting.to_manager", "meeting.approved", "meeting.circulated":
		m := s.meeting
		if m == nil {
			return point{}
		}
		return e.happened(recordStep(m, name), m.Pos)
	}
	if id, ok := strings.CutPrefix(name, policy.AnchorRulePrefix); ok {
		return e.ruleDue(e.p.Rule(id), s)
	}
	if strings.HasPrefix(name, "core-group:") {
		if m := e.selectMeeting(p, name); m != nil {
			return point{date: m.Date, pos: m.Pos, ok: true}
		}
	}
	return point{}
}

func recordStep(m *casefolder.Meeting, name string) civil.Date {
	switch name {
	case "meeting.to_manager":
		return m.Record.ToManager
	case "meeting.approved":
		return m.Record.Approved
	case "meeting.circulated":
		return m.Record.Circulated
	}
	return m.Date
}

func (e *eval) childPos(id string) casefolder.Pos {
	if ch := e.c.Child(id); ch != nil {
		return ch.Pos
	}
	return e.c.PlanPos
}

// ruleDue is another rule's due date in the same scope: a known date, not an event. For a chain,
// it is the due date of the link that starts at the scope's conference (or the period start).
func (e *eval) ruleDue(r *policy.Rule, s scope) point {
	if r == nil {
		return point{}
	}
	if r.Kind == policy.KindChain {
		day := s.p.start
		if s.conf != nil {
			day = s.conf.Date
		}
		from, ok := e.linkOpenOn(r, s, day)
		if !ok {
			return point{}
		}
		iv, unset := e.interval(r, s.p, from.date)
		if unset {
			return point{}
		}
		return point{date: e.add(from.date, iv), pos: from.pos, ok: true}
	}
	due, _, st := e.dueDate(r, scope{p: s.p, end: s.end})
	if st != dueKnown {
		return point{}
	}
	return point{date: due.date, pos: due.pos, ok: true}
}

type dueState int

const (
	dueKnown dueState = iota
	dueUnset
	dueWaiting
)

// dueDate applies a rule's due alternatives in a scope. It returns the due date (with the anchor
// it counts from), the anchor alternative used, and whether it is known, unset or waiting.
func (e *eval) dueDate(r *policy.Rule, s scope) (point, point, dueState) {
	var best, bestAnchor point
	state := dueWaiting
	for _, a := range r.Due.Alternatives {
		at := e.anchor(a.After, s)
		if !at.ok {
			continue
		}
		if a.Within.Unset {
			if !r.Due.Earliest {
				return point{}, at, dueUnset
			}
			if state == dueWaiting {
				state, bestAnchor = dueUnset, at
			}
			continue
		}
		d := point{date: e.add(at.date, a.Within.D), pos: at.pos, ok: true}
		if !r.Due.Earliest {
			return d, at, dueKnown
		}
		if state != dueKnown || d.date < best.date {
			best, bestAnchor, state = d, at, dueKnown
		}
	}
	return best, bestAnchor, state
}

// add counts a duration from d in the policy's calendar and counting; nothing added is d itself.
func (e *eval) add(d civil.Date, t duration.Duration) civil.Date {
	return t.After(d, e.p.Calendar, e.p.Counting)
}
