// Package agenda is the weeks ahead as conference administrators, chairs and business support
// see them: the conferences and core groups booked in the next days, each beside the obligation
// it would meet and that obligation's due date (marked when the booking is later), and the
// obligations falling due with no booking at all. Rows reads a case's bookings beside its
// evaluated obligations; Case evaluates them first.
package agenda

import (
	"slices"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/track"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// DefaultDays is the window of `cpcase agenda`: four weeks.
const DefaultDays = 28

// Row is one line of the agenda: a booking and one obligation it would meet, a booking that meets
// none yet, or an obligation with no booking.
type Row struct {
	Case, Team, Worker string

	// The booking; Booked zero for an obligation with no booking.
	Booked  civil.Date
	Meeting string     // what is booked: "core group", "review conference", ...
	Chair   string     // the member id of the chair, when the booking names one
	Moved   civil.Date // rescheduled_from, when the booking records it

	// The obligation the booking would meet, or that has none; Rule empty for a booking that
	// meets no obligation yet (one after the next, say).
	Rule, Title, Cite, Child, Detail string
	ChildLabel                       string // the child as written, when not by id (set by the caller)
	Due                              civil.Date
	Status                           engine.Status
	Late                             bool // booked after the due date: a foreseeable breach

	Key string // the obligation's track key (the case and the booking's record when there is none)
	ob  engine.Obligation
}

// Obligation is the row's obligation (zero for a booking that meets none).
func (r Row) Obligation() engine.Obligation { return r.ob }

// Options are the as-of date and the window.
type Options struct {
	AsOf civil.Date
	Days int // the window is the days after AsOf up to AsOf+Days (default DefaultDays)
}

func (o Options) end() civil.Date {
	if o.Days <= 0 {
		o.Days = DefaultDays
	}
	return o.AsOf.AddDays(o.Days)
}

// booking is a conference or meeting dated after the as-of date.
type booking struct {
	date, moved civil.Date
	what, chair string
	event       string // the rule event it counts as: core-group, child-plan, review-conference
	pos         casefolder.Pos
}

func bookings(c *casefolder.Case, asOf civil.Date) []booking {
	var out []booking
	for _, cf := range c.Conferences {
		if cf.Date > asOf {
			ev := ""
			if cf.Kind == casefolder.Review {
				ev = policy.EventReview
			}
			out = append(out, booking{date: cf.Date, what: cf.Kind + " conference", event: ev, pos: cf.Pos})
		}
	}
	for _, m := range c.Meetings {
		if m.Date <= asOf || m.Cancelled || (m.Kind != casefolder.CoreGroup && m.Kind != casefolder.ChildPlan) {
			continue // held, called off, or not the conference team's (professionals' meetings)
		}
		what := "core group"
		if m.Kind == casefolder.ChildPlan {
			what = "child's plan meeting"
		}
		out = append(out, booking{date: m.Date, moved: m.RescheduledFrom, what: what, chair: m.Chair, event: m.Kind, pos: m.Pos})
	}
	return out
}

// bookable reports whether a booking could meet the rule: it is met by a meeting or a conference.
func bookable(r *policy.Rule) bool {
	if r == nil || (r.Kind != policy.KindEvent && r.Kind != policy.KindChain && r.Kind != policy.KindWindow) {
		return false
	}
	switch r.Event {
	case policy.EventCoreGroup, policy.EventChildPlan, policy.EventReview:
		return true
	}
	return false
}

// Rows are the agenda of one case: first each booking in the window (and each later booking of an
// obligation due in it), one row per obligation it would meet, in date order; then the
// obligations due by the end of the window (overdue ones included) that a meeting or conference
// would meet and that have no booking, overdue first. obs are the case's obligations on o.AsOf.
func Rows(c *casefolder.Case, p *policy.Policy, obs []engine.Obligation, o Options) []Row {
	end := o.end()
	anchors := track.AnchorsOf(c)
	row := func(ob engine.Obligation) Row {
		return Row{Case: c.Ref, Team: c.Team, Worker: ob.Worker, Rule: ob.Rule, Title: ob.Title, Cite: ob.Cite, Child: ob.Child,
			Detail: ob.Detail, Due: ob.Due, Status: ob.Status, Late: ob.BookedLate, Key: anchors.Key(ob), ob: ob}
	}
	var open []engine.Obligation
	for _, ob := range obs {
		if track.ToDo(ob) && bookable(p.Rule(ob.Rule)) {
			open = append(open, ob)
		}
	}
	var booked, unbooked []Row
	for _, b := range bookings(c, o.AsOf) {
		var met []Row
		for _, ob := range open {
			if ob.Booked == b.date && p.Rule(ob.Rule).Event == b.event {
				met = append(met, row(ob))
			}
		}
		if len(met) == 0 {
			if b.date > end {
				continue
			}
			// Keyed by the case and the booking's record: it has no obligation to be keyed by.
			met = []Row{{Case: c.Ref, Team: c.Team, Worker: c.LeadOn(o.AsOf), Key: c.Ref + "\x00booking\x00" + anchors.Name(b.pos)}}
		}
		for _, r := range met {
			if b.date > end && r.Due > end {
				continue // both after the window
			}
			r.Booked, r.Meeting, r.Chair, r.Moved = b.date, b.what, b.chair, b.moved
			booked = append(booked, r)
		}
	}
	for _, ob := range open {
		if ob.Booked.IsZero() && ob.Due <= end {
			unbooked = append(unbooked, row(ob))
		}
	}
	return append(booked, unbooked...)
}

// Sort orders the rows of many cases: bookings by date, then the unbooked, overdue first and by
// due date; ties by case, rule and child (ComparePlace).
func Sort(rows []Row) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		pa, pb := PlaceOf(&a, 0), PlaceOf(&b, 0)
		return ComparePlace(&pa, &pb)
	})
}

// Case evaluates c under p on o.AsOf and gives its agenda rows, and the rows of obligations a
// booking would meet that closed in the window days before (for a calendar's cancellations).
func Case(c *casefolder.Case, p *policy.Policy, o Options, window int) (rows, closed []Row) {
	cal := track.ForCalendar(c, p, engine.Options{AsOf: o.AsOf}, o.AsOf.AddDays(-window))
	return Rows(c, p, cal.All, o), ClosedRows(p, cal.Anchors, cal.Closed)
}
