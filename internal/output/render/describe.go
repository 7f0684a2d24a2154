package render

import (
	"strings"

	"github.com/cpcase/cpcase/internal/cache"
	"github.com/cpcase/cpcase/internal/dates/calendar"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/redact"
)

// Redacted stands for free text left out with --redact.
const Redacted = "(text not shown: --redact)"

// Describe fills in the words a person reads beside an obligation of case c: the child's and the
// lead social worker's names (initials with redact), the staff id, the working days, and for an
// obligation about an action its text (left out with redact: free text may name anyone) and its
// owner. A case from the cache has no names: ids stand in for them.
func Describe(it *Item, c *casefolder.Case, cal *calendar.Calendar, redact bool) {
	name := func(n, id string) string {
		switch {
		case n == "":
			return id
		case redact:
			return Initials(n)
		}
		return n
	}
	if it.Child != "" {
		it.ChildLabel = it.Child
		if ch := c.Child(it.Child); ch != nil {
			it.ChildLabel = name(ch.Name, ch.ID)
		}
	}
	if m := c.Member(it.Worker); m != nil {
		it.Staff = m.Staff
		it.WorkerLabel = name(m.Name, m.ID)
	} else {
		it.WorkerLabel = it.Worker
	}
	it.WorkingDays = WorkingDaysOf(it.Obligation, cal)
	if a := actionAt(c, it.Anchor); a != nil {
		switch {
		case strings.TrimSpace(a.Text) == "" || a.Text == cache.Withheld: // the cache keeps no free text
		case redact:
			it.ActionText = Redacted
		default:
			it.ActionText = strings.Join(strings.Fields(a.Text), " ")
		}
		if a.Owner != "" {
			it.ActionOwner = a.Owner
			if m := c.Member(a.Owner); m != nil {
				it.ActionOwner = name(m.Name, m.ID)
			}
		}
	}
}

// actionAt is the action written at p, or nil.
func actionAt(c *casefolder.Case, p casefolder.Pos) *casefolder.Action {
	if p.File == "" {
		return nil
	}
	if c.Plan != nil {
		for i := range c.Plan.Actions {
			if c.Plan.Actions[i].Pos == p {
				return &c.Plan.Actions[i]
			}
		}
	}
	for i := range c.Meetings {
		for j := range c.Meetings[i].Actions {
			if c.Meetings[i].Actions[j].Pos == p {
				return &c.Meetings[i].Actions[j]
			}
		}
	}
	return nil
}

// Initials is a name as --redact prints it: initials and a stable tag (redact.Label).
func Initials(name string) string { return redact.Label(name) }
