package engine

// Where an obligation points and what it is about.

import (
	"strings"

	"github.com/cpcase/cpcase/internal/load/casefolder"
)

func (e *eval) scopePos(s scope) casefolder.Pos {
	switch {
	case s.meeting != nil:
		return s.meeting.Pos
	case s.action != nil:
		return s.action.Pos
	case s.child != "":
		return e.childPos(s.child)
	case s.conf != nil:
		return s.conf.Pos
	case s.p != nil:
		return s.p.StartConf.Pos
	case e.c.Enquiry != nil:
		return e.c.Enquiry.Pos
	}
	return e.c.PlanPos
}

// scopeDetail names what an obligation is about where the title does not say.
func (e *eval) scopeDetail(s scope) string {
	switch {
	case s.action != nil:
		return "action " + s.action.ID
	case s.meeting != nil:
		return strings.ReplaceAll(s.meeting.Kind, "-", " ") + " " + s.meeting.Date.String()
	case s.conf != nil && s.child == "":
		return s.conf.Kind + " conference " + s.conf.Date.String()
	}
	return ""
}

// setDue records a due date, or why there is none.
func (x *pending) setDue(due point, st dueState) {
	switch st {
	case dueWaiting:
		x.waiting = true
	case dueUnset:
		x.unset = true
		x.basis.After, x.basis.From = due.after, due.from
	default:
		x.due = due.date
		x.basis.After, x.basis.From, x.basis.Within, x.basis.Before = due.after, due.from, due.within, due.before
	}
}
