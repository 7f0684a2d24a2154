// Package track follows obligations from one run to the next, for outputs that are imported over
// their own earlier copies (calendars): a name for each obligation that does not depend on where
// its records sit in their files, and the obligations that were still to do a while ago and are
// not any more. It is pure, like the engine: no clock, no I/O.
package track

import (
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// Anchors names each record of one case by what it is, not by its line: a conference or a
// meeting by its kind, date and ordinal among records of the same kind and date (in file order),
// a visit or an escalation likewise, a child, an action, a member or a plan section by its id or
// name. Moving lines, adding comments or re-formatting a file leave every name as it was.
type Anchors struct {
	names map[casefolder.Pos]string
}

// AnchorsOf names the records of c.
func AnchorsOf(c *casefolder.Case) Anchors {
	a := Anchors{names: map[casefolder.Pos]string{}}
	set := func(p casefolder.Pos, name string) {
		if p.Line == 0 {
			return
		}
		if _, dup := a.names[p]; !dup {
			a.names[p] = name
		}
	}
	set(c.PlanPos, "case")
	for _, ch := range c.Children {
		set(ch.Pos, "child:"+ch.ID)
	}
	seq := ordinals{}
	for _, cf := range c.Conferences {
		set(cf.Pos, seq.next("conference", cf.Kind, cf.Date))
	}
	if ca := c.CoreAssessment; ca != nil {
		set(ca.Pos, "core_assessment") // the format's key: a rule may share the word
	}
	if pl := c.Plan; pl != nil {
		set(pl.AgreedPos, "plan.agreed")
		set(pl.Pos, "plan")
		for _, s := range pl.Sections {
			set(s.Pos, "plan.section:"+s.Name)
		}
		for _, ac := range pl.Actions {
			set(ac.Pos, "plan.action:"+ac.ID)
		}
		for _, sg := range pl.Signed {
			set(sg.Pos, "plan.signed:"+sg.Member)
		}
	}
	for _, m := range c.Meetings {
		name := seq.next("meeting", m.Kind, m.Date)
		set(m.Pos, name)
		for _, ac := range m.Actions {
			set(ac.Pos, name+"/action:"+ac.ID)
		}
	}
	for _, v := range c.Visits {
		set(v.Pos, seq.next("visit", v.Kind, v.Date))
	}
	for _, e := range c.Escalations {
		set(e.Pos, seq.next("escalation", e.Reason, e.Date))
	}
	for _, m := range c.Members {
		set(m.Pos, "member:"+m.ID)
	}
	return a
}

// ordinals counts records of one kind on one date, so that two visits on the same day are told
// apart by their order in the file (the loader keeps file order within a date).
type ordinals map[string]int

func (o ordinals) next(record, kind string, d civil.Date) string {
	base := record + ":" + kind + ":" + d.String()
	o[base]++
	return base + "#" + strconv.Itoa(o[base])
}

// Name is the record at p, or "" when p is not the start of a record this package knows.
func (a Anchors) Name(p casefolder.Pos) string { return a.names[p] }

// Key names an obligation for as long as it exists: its case, rule, child, plan period, the
// record it is counted from (by Anchors, not by line) and what it is about. Its due date and
// status are not part of it, so an obligation whose due date moves, or that is met, keeps its
// key. An anchor this package cannot name (none is known) falls back to its file and line.
func (a Anchors) Key(o engine.Obligation) string {
	anchor := a.Name(o.Anchor)
	if anchor == "" && o.Anchor.Line != 0 {
		anchor = "at:" + baseName(o.Anchor.File) + ":" + strconv.Itoa(o.Anchor.Line)
	}
	var b strings.Builder
	for i, s := range []string{o.Case, o.Rule, o.Child, strconv.Itoa(o.Period), anchor, o.Detail} {
		if i > 0 {
			b.WriteByte(0) // ("ab","c") and ("a","bc") must differ
		}
		b.WriteString(s)
	}
	return b.String()
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// ToDo reports whether an obligation is still to do and has a date: the ones a calendar shows.
func ToDo(o engine.Obligation) bool {
	if o.Due.IsZero() {
		return false
	}
	switch o.Status {
	case engine.Overdue, engine.Due, engine.Open:
		return true
	}
	return false
}

// Closed lists the obligations of c that were still to do (with a date) at some time after since
// and are not on asOf: met or met late, missed when the plan ended, or dropped (due after the end
// of a plan that has ended). now is c's evaluation on asOf. Each is given as it stands on asOf
// when it is still there (met, late, missed), else as it stood on the last day it was to do.
//
// Evaluation is of today's files: an obligation whose anchor record was since deleted, or whose
// date was corrected, is not known any more and cannot be listed.
func Closed(c *casefolder.Case, p *policy.Policy, now []engine.Obligation, since, asOf civil.Date, anchors Anchors) []engine.Obligation {
	if since >= asOf {
		return nil
	}
	open := map[string]bool{}
	for _, o := range now {
		if ToDo(o) {
			open[anchors.Key(o)] = true
		}
	}
	seen := map[string]bool{}
	var out []engine.Obligation
	add := func(o engine.Obligation) {
		k := anchors.Key(o)
		if open[k] || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, o)
	}
	for _, o := range now {
		switch o.Status {
		case engine.Met, engine.Late:
			if o.Met > since && !o.Due.IsZero() {
				add(o)
			}
		case engine.Missed:
			if o.End > since {
				add(o)
			}
		}
	}
	// What was to do on since, and on the last day of each plan period that ended after it: what
	// is neither still open nor met or missed above was dropped.
	days := []civil.Date{since}
	for _, per := range facts.Periods(c, asOf) {
		if !per.End.IsZero() && per.End > since && per.End <= asOf {
			days = append(days, per.End.AddDays(-1))
		}
	}
	for _, d := range days {
		for _, o := range engine.Evaluate(c, p, engine.Options{AsOf: d}) {
			if ToDo(o) {
				add(o)
			}
		}
	}
	return out
}

// Calendar is what a calendar file holds of one case: the obligations still to do that have a
// date, and those closed since the start of the cancellation window, with the names of the
// case's records to key them by.
type Calendar struct {
	All          []engine.Obligation // every obligation on the as-of date, as the engine gives them
	Open, Closed []engine.Obligation
	Anchors      Anchors
	Undated      int // obligations waiting or without a timescale: no date to put in a calendar
}

// ForCalendar evaluates c under p on asOf (with the horizon of "due") and lists what a calendar
// holds of it; since is the first day of the cancellation window (since >= asOf: none).
func ForCalendar(c *casefolder.Case, p *policy.Policy, o engine.Options, since civil.Date) Calendar {
	now := engine.Evaluate(c, p, o)
	cal := Calendar{All: now, Anchors: AnchorsOf(c)}
	for _, ob := range now {
		if ToDo(ob) {
			cal.Open = append(cal.Open, ob)
		}
		if ob.Status == engine.Waiting || ob.Status == engine.NoTimescale {
			cal.Undated++
		}
	}
	cal.Closed = Closed(c, p, now, since, o.AsOf, cal.Anchors)
	return cal
}
