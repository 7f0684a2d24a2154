package engine

import (
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// scope is what one obligation is counted for: a period, and within it perhaps a child, a
// conference, a meeting or an action.
type scope struct {
	p        *facts.Period
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
	for _, s := range e.allScopes(r) {
		if e.holds(r.When, s.child) {
			out = append(out, s)
		}
	}
	return out
}

// holds reports whether every condition holds of the case (and the child, when not "").
func (e *eval) holds(when []policy.Condition, child string) bool {
	for _, c := range when {
		if e.c.HasFact(c.Fact, child) == c.Not {
			return false
		}
	}
	return true
}

func (e *eval) allScopes(r *policy.Rule) []scope {
	var out []scope
	switch r.For {
	case policy.ForEnquiry:
		if e.c.Enquiry == nil {
			return nil
		}
		return []scope{{caseWide: true}} // plan or no plan: it comes before any

	case policy.ForCase, policy.ForAction:
		if len(e.periods) == 0 {
			return nil
		}
		last := e.periods[len(e.periods)-1]
		base := scope{p: last, caseWide: true, end: last.End}
		if r.For == policy.ForCase {
			return []scope{base} // whatever the case holds; an absent anchor is if_absent's
		}
		for _, a := range e.actions() {
			s := base
			s.action = a
			out = append(out, s)
		}
		return out
	}
	for _, p := range e.periods {
		if len(r.StartedBy) > 0 && !contains(r.StartedBy, p.StartConf.Kind) {
			continue
		}
		base := scope{p: p, end: p.End}
		switch r.For {
		case policy.ForPeriod:
			if r.MeetingSelect != "" {
				base.meeting = e.selectMeeting(p, r.MeetingSelect)
				if base.meeting == nil {
					if r.IfNoMeeting == policy.IfNoMeetingSkip || r.IfAbsent == policy.IfAbsentSkip {
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
			for _, cf := range p.Conferences {
				if !facts.MatchConference(r.Conference, cf, p) {
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
			for _, cf := range p.Conferences {
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
					sp := p.SpanAt(ch.ID, cf.Date)
					if sp == nil {
						continue
					}
					s := base
					s.conf, s.child, s.birth = cf, ch.ID, ch.Born
					if !sp.To.IsZero() {
						s.end = sp.To
					}
					out = append(out, s)
				}
			}
		case policy.ForChild:
			for _, sp := range p.Spans {
				s := base
				s.child = sp.Child
				s.conf = sp.Conf
				if ch := e.c.Child(sp.Child); ch != nil {
					s.birth = ch.Born
				}
				if !sp.To.IsZero() {
					s.end = sp.To
				}
				out = append(out, s)
			}
		}
	}
	return out
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

// coreGroups are the core groups held in period p.
func (e *eval) coreGroups(p *facts.Period) []*casefolder.Meeting {
	return facts.CoreGroups(e.c, p, e.today)
}

// meetings of a kind held on or after from, within p (p nil: any time).
func (e *eval) meetings(kind string, p *facts.Period, from civil.Date) []*casefolder.Meeting {
	return facts.Meetings(e.c, kind, p, from, e.today)
}

// booking is the n-th meeting of a kind booked after today on or after from (n counts from 1).
func (e *eval) booking(kind string, from civil.Date, n int) event {
	for i := range e.c.Meetings {
		m := &e.c.Meetings[i]
		if m.Kind == kind && !m.Cancelled && m.Date > e.today && m.Date >= from {
			if n--; n <= 0 {
				return event{date: m.Date, pos: m.Pos}
			}
		}
	}
	return event{}
}

// conferenceBooking is the n-th conference of a kind booked after today on or after from.
func (e *eval) conferenceBooking(kind string, from civil.Date, n int) event {
	for i := range e.c.Conferences {
		if cf := &e.c.Conferences[i]; cf.Kind == kind && cf.Date > e.today && cf.Date >= from {
			if n--; n <= 0 {
				return event{date: cf.Date, pos: cf.Pos}
			}
		}
	}
	return event{}
}

func (e *eval) selectMeeting(p *facts.Period, sel string) *casefolder.Meeting {
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

// point is an anchor's date: it has happened (an event) or is known (a due date). A due date
// also carries how it was counted (within after the date from of anchor after), for explanations.
type point struct {
	date   civil.Date
	pos    casefolder.Pos
	ok     bool
	ref    any // the conference or meeting it is the date of, so that it never meets its own rule
	after  string
	from   civil.Date
	within duration.Duration
	before bool // within counted back from the anchor
}

func (e *eval) happened(d civil.Date, pos casefolder.Pos) point {
	return point{date: d, pos: pos, ok: !d.IsZero() && d <= e.today}
}

// anchor resolves an anchor name in a scope.
func (e *eval) anchor(name string, s scope) point {
	p := s.p
	switch name {
	case "period-start":
		return point{date: p.Start, pos: p.StartConf.Pos, ok: true, ref: p.StartConf}
	case "first-review":
		if cf := p.FirstReview(); cf != nil {
			return point{date: cf.Date, pos: cf.Pos, ok: true, ref: cf}
		}
		return point{}
	case "plan.agreed":
		if pl := e.c.Plan; pl != nil && (s.caseWide || p.Within(pl.Agreed)) {
			return e.happened(pl.Agreed, pl.AgreedPos)
		}
		return point{}
	case "birth":
		return e.happened(s.birth, e.childPos(s.child))
	case "on-plan":
		// docs/format.md: a child with no born date is unborn; its chain waits for the birth.
		from, pos := s.p.Start, p.StartConf.Pos
		if s.conf != nil { // the conference that put the child on the plan
			from, pos = s.conf.Date, s.conf.Pos
		}
		if s.birth.IsZero() || s.birth > from {
			return e.happened(s.birth, e.childPos(s.child))
		}
		return point{date: from, pos: pos, ok: true}
	case "conference":
		return point{date: s.conf.Date, pos: s.conf.Pos, ok: true, ref: s.conf}
	case "core-assessment.started":
		if ca := e.c.CoreAssessment; ca != nil {
			return e.happened(ca.Started, ca.Pos)
		}
		return point{}
	case "action.due":
		return point{date: s.action.Due, pos: s.action.Pos, ok: true}
	case "next-review":
		// A recorded date: the one the scope's conference set, else the latest of the period.
		if s.conf != nil {
			if !s.conf.NextReview.IsZero() {
				return point{date: s.conf.NextReview, pos: s.conf.Pos, ok: true}
			}
			return point{}
		}
		var at point
		for _, cf := range p.Conferences {
			if !cf.NextReview.IsZero() {
				at = point{date: cf.NextReview, pos: cf.Pos, ok: true}
			}
		}
		return at
	case "next-review-conference":
		// A booked event or a held one: the first review after the conference (or the start).
		from, self := p.Start, any(p.StartConf)
		if s.conf != nil {
			from, self = s.conf.Date, s.conf
		}
		for i := range e.c.Conferences {
			cf := &e.c.Conferences[i]
			if cf.Kind == casefolder.Review && cf.Date >= from && cf != self {
				return point{date: cf.Date, pos: cf.Pos, ok: true, ref: cf}
			}
		}
		return point{}
	case "strategy-discussion", "section47-started":
		if q := e.c.Enquiry; q != nil {
			d := q.StrategyDiscussion
			if name == "section47-started" {
				d = q.Section47Started
			}
			return e.happened(d, q.Pos)
		}
		return point{}
	case "meeting", "meeting.to_manager", "meeting.approved", "meeting.circulated":
		m := s.meeting
		if m == nil {
			return point{}
		}
		at := e.happened(recordStep(m, name), m.Pos)
		at.ref = m
		return at
	}
	if id, ok := strings.CutPrefix(name, policy.AnchorRulePrefix); ok {
		return e.ruleDue(e.p.Rule(id), s)
	}
	if strings.HasPrefix(name, "core-group:") {
		if m := e.selectMeeting(p, name); m != nil {
			return point{date: m.Date, pos: m.Pos, ok: true, ref: m}
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
	if r == nil || s.p == nil {
		return point{}
	}
	if r.Kind == policy.KindChain {
		day := s.p.Start
		if s.conf != nil {
			day = s.conf.Date
		}
		from, ok := e.linkOpenOn(r, s, day)
		if !ok {
			return point{}
		}
		due, _, _, unset := e.linkDue(r, s.p, from)
		if unset {
			return point{}
		}
		return point{date: due, pos: from.pos, ok: true}
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
		if !e.holds(a.When, s.child) {
			continue
		}
		at := e.anchor(a.After, s)
		if !at.ok {
			continue
		}
		if a.Within.Unset {
			unset := point{after: a.After, from: at.date} // no date: what it would count from
			if !r.Due.Earliest {
				return unset, at, dueUnset
			}
			if state == dueWaiting {
				state, bestAnchor, best = dueUnset, at, unset
			}
			continue
		}
		d := point{date: e.add(r, at.date, a.Within.D), pos: at.pos, ok: true, after: a.After, from: at.date, within: a.Within.D}
		if a.Before {
			d.date, d.before = e.back(at.date, a.Within.D), true
		}
		if !r.Due.Earliest {
			return d, at, dueKnown
		}
		if state != dueKnown || d.date < best.date {
			best, bestAnchor, state = d, at, dueKnown
		}
	}
	return best, bestAnchor, state
}

// back counts a duration back from d: the Nth working day before it, or d less the days, weeks
// or months (the same day N months earlier, or that month's last day).
func (e *eval) back(d civil.Date, t duration.Duration) civil.Date {
	switch t.Unit {
	case duration.WorkingDays:
		for n := t.N; n > 0; {
			d = d.AddDays(-1)
			if e.p.Calendar.IsWorkingDay(d) {
				n--
			}
		}
		return d
	case duration.Weeks:
		return d.AddDays(-7 * t.N)
	case duration.Months:
		return d.AddMonths(-t.N)
	}
	return d.AddDays(-t.N)
}

// add counts a duration from d in the policy's calendar and the rule's counting (else the
// policy's); nothing added is d itself.
func (e *eval) add(r *policy.Rule, d civil.Date, t duration.Duration) civil.Date {
	return t.After(d, e.p.Calendar, e.counting(r))
}

// counting is the rule's counting, else the policy's.
func (e *eval) counting(r *policy.Rule) duration.Counting {
	if r.Counting != nil {
		return *r.Counting
	}
	return e.p.Counting
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
