package explain

import (
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// located is a record of the case found by its position.
type located struct {
	what string
	date civil.Date
}

// locate finds the record that starts at pos: a conference, meeting, visit, action, signature,
// escalation, child, the core assessment or the plan's agreed date.
func locate(c *casefolder.Case, pos Pos) (located, bool) {
	if pos.Line == 0 {
		return located{}, false
	}
	for i := range c.Conferences {
		if cf := &c.Conferences[i]; cf.Pos == pos {
			return located{cf.Kind + " conference", cf.Date}, true
		}
	}
	for i := range c.Meetings {
		m := &c.Meetings[i]
		if m.Pos == pos {
			what := policy.EventWords.Says(m.Kind)
			if what == "" || what == m.Kind {
				what = strings.ReplaceAll(m.Kind, "-", " ")
			}
			if m.Cancelled {
				what = "cancelled " + what
			}
			return located{what, m.Date}, true
		}
		for j := range m.Actions {
			if a := &m.Actions[j]; a.Pos == pos {
				return located{"action " + a.ID, a.Due}, true
			}
		}
	}
	for i := range c.Visits {
		if v := &c.Visits[i]; v.Pos == pos {
			what := v.Kind + " visit"
			if v.NoAccess {
				what = "no-access " + what
			}
			return located{what, v.Date}, true
		}
	}
	if pl := c.Plan; pl != nil {
		if pl.AgreedPos == pos {
			return located{"plan agreed", pl.Agreed}, true
		}
		for i := range pl.Actions {
			if a := &pl.Actions[i]; a.Pos == pos {
				return located{"action " + a.ID, a.Due}, true
			}
		}
		for i := range pl.Signed {
			if sg := &pl.Signed[i]; sg.Pos == pos {
				return located{"signature of " + sg.Member, sg.Date}, true
			}
		}
	}
	for i := range c.Escalations {
		if e := &c.Escalations[i]; e.Pos == pos {
			return located{"escalation (" + e.Reason + ")", e.Date}, true
		}
	}
	for i := range c.Children {
		if ch := &c.Children[i]; ch.Pos == pos {
			return located{"child " + ch.ID, ch.Born}, true
		}
	}
	if ca := c.CoreAssessment; ca != nil && ca.Pos == pos {
		return located{"core assessment", ca.Started}, true
	}
	return located{}, false
}

// describeAt names the record at pos ("initial conference", "home visit"), or "record".
func describeAt(c *casefolder.Case, pos Pos) string {
	if l, ok := locate(c, pos); ok {
		return l.what
	}
	return "record"
}

// recordDate is the date of the record at pos, or zero.
func recordDate(c *casefolder.Case, pos Pos) civil.Date {
	l, _ := locate(c, pos)
	return l.date
}
