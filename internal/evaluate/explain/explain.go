// Package explain shows how each obligation's due date was reached: the rule and its citation,
// the anchor record and its date, the duration and how it was counted (the days skipped), the
// conference override in force, the record that met it or the booking beside it, and the status
// on the as-of date. It reads what the engine recorded while evaluating (engine.Basis) and never
// counts a date of its own: the count it shows is checked against the engine's due date.
package explain

import (
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// Pos is a place in a case or policy file.
type Pos = casefolder.Pos

// Derivation is the chain behind one obligation.
type Derivation struct {
	Obligation engine.Obligation
	AsOf       civil.Date
	Kind       string // the rule kind: deadline, event, chain, run, window
	RuleText   string // the rule in plain English, as `policy show` words it
	RuleAt     Pos    // where the rule is in the policy file
	Anchor     Record // what the due date was counted from
	AnchorText string // the anchor in the policy's words ("the conference that started the plan")
	// Count is how the due date was counted; nil when there is no due date (waiting, no
	// timescale).
	Count    *Count
	Override *Override // the conference setting in force, nil when the policy's timescale applies
	Interval string    // for a chain without an override: which of the policy's intervals applies
	Met      *Record   // the record that met it
	Booked   *Record   // the booking beside it, when still to do
	Status   string    // the status on the as-of date in words: "met on time", "overdue by 3 days"
	Why      string    // why there is no due date (waiting, no timescale), or why it was missed
}

// Record is a dated record of the case and where it is.
type Record struct {
	What string // "initial conference", "core group", "home visit", "the due date of first-core-group"
	Fact string // for a deadline met by a recorded date: what was recorded ("minutes circulated")
	Date civil.Date
	At   Pos
}

// Count is a duration counted from a date in a calendar.
type Count struct {
	Within   duration.Duration
	From     civil.Date
	Counting duration.Counting
	Before   bool   // counted back from From: the due date is Within before it
	Calendar string // the jurisdiction, for working days
	Due      civil.Date
	Counted  int    // working days counted (working-day durations only)
	Skipped  []Skip // the days passed over without counting them (working-day durations only)
	Note     string // a note on the result, e.g. that calendar counting does not move a Sunday
	// Agrees is false when counting the duration again does not give the engine's due date (a
	// defect to report, never expected).
	Agrees bool
}

// Skip is a day that was not counted, and why.
type Skip struct {
	Date civil.Date
	Why  string // weekend, bank holiday, closure
	Name string // the bank holiday's or closure's name
}

// Reasons a day is skipped.
const (
	Weekend     = "weekend"
	BankHoliday = "bank holiday"
	Closure     = "closure"
)

// Override is a conference's setting that replaced the policy's timescale.
type Override struct {
	Key        string // core_group_every, visit_every
	Value      duration.Duration
	Conference Record // the conference that set it
}

// Options choose what is explained.
type Options struct {
	AsOf    civil.Date
	Horizon duration.Duration // default: the engine's
	Rule    string            // only this rule (empty: every rule)
	Child   string            // only obligations of this child (empty: all)
}

// Case evaluates c against p as of o.AsOf and explains each obligation (in the engine's order),
// limited to o.Rule and o.Child when set.
func Case(c *casefolder.Case, p *policy.Policy, o Options) []Derivation {
	obs := engine.Evaluate(c, p, engine.Options{AsOf: o.AsOf, Horizon: o.Horizon, Explain: true})
	var out []Derivation
	for _, ob := range obs {
		if (o.Rule != "" && ob.Rule != o.Rule) || (o.Child != "" && ob.Child != o.Child) {
			continue
		}
		out = append(out, Explain(c, p, o.AsOf, ob))
	}
	return out
}

// Explain derives one obligation evaluated with engine.Options.Explain.
func Explain(c *casefolder.Case, p *policy.Policy, asOf civil.Date, ob engine.Obligation) Derivation {
	d := Derivation{Obligation: ob, AsOf: asOf}
	r := p.Rule(ob.Rule)
	if r != nil {
		d.Kind = r.Kind
		d.RuleText = strings.TrimSuffix(strings.TrimPrefix(r.Describe(), r.Title+": "), " ("+r.Cite+")")
		d.RuleAt = r.Pos
	}
	b := ob.Basis
	if b == nil {
		b = &engine.Basis{}
	}
	d.AnchorText = anchorText(r, b.After)
	d.Anchor = Record{What: describeAt(c, ob.Anchor), Date: b.From, At: ob.Anchor}
	if b.From.IsZero() {
		d.Anchor.Date = recordDate(c, ob.Anchor)
	} else if rd := recordDate(c, ob.Anchor); !rd.IsZero() && rd != b.From {
		d.Anchor.What += " of " + rd.String() // a step of a record: the minutes of a meeting
	}
	if strings.HasPrefix(b.After, policy.AnchorRulePrefix) {
		d.Anchor.What = "counted from the " + describeAt(c, ob.Anchor)
		if rd := recordDate(c, ob.Anchor); !rd.IsZero() {
			d.Anchor.What += " of " + rd.String()
		}
	}
	if !ob.Due.IsZero() {
		d.Count = count(p, b, ob.Due)
	}
	if b.Override != nil && r != nil {
		cf := b.Override
		d.Override = &Override{Key: r.Override, Value: b.Within, Conference: Record{What: cf.Kind + " conference", Date: cf.Date, At: cf.Pos}}
	} else if r != nil && r.Kind == policy.KindChain && !b.Within.IsZero() {
		d.Interval = chainInterval(c, r, ob, asOf)
	}
	if !ob.Met.IsZero() {
		d.Met = &Record{What: describeAt(c, b.MetAt), Date: ob.Met, At: b.MetAt}
		if r != nil && r.Kind == policy.KindDeadline {
			d.Met.Fact = policy.MetByWords.Says(r.MetBy)
			if l, ok := locate(c, b.MetAt); ok && l.date != ob.Met && !l.date.IsZero() {
				d.Met.What += " of " + l.date.String()
			}
		}
	}
	if !ob.Booked.IsZero() {
		d.Booked = &Record{What: describeAt(c, b.BookedAt), Date: ob.Booked, At: b.BookedAt}
	}
	d.Status = statusText(ob)
	d.Why = why(r, ob)
	return d
}

// chainInterval says which of a chain's own intervals a link used: the first, or a later one from
// the first review on; and that no conference override was in force.
func chainInterval(c *casefolder.Case, r *policy.Rule, ob engine.Obligation, asOf civil.Date) string {
	s := "the policy's " + r.Every.D.String()
	if ps := facts.Periods(c, asOf); ob.Period >= 1 && ob.Period <= len(ps) {
		for _, th := range r.Then {
			if th.From != "first-review" {
				continue
			}
			for _, cf := range ps[ob.Period-1].Conferences {
				if cf.Kind == casefolder.Review && cf.Date <= ob.Basis.From {
					s = "the policy's " + th.Every.D.String() + " from " + policy.AnchorText(th.From) + " on: " + Record{What: cf.Kind + " conference", Date: cf.Date, At: cf.Pos}.text()
					break
				}
			}
		}
	}
	if r.Override != "" {
		s += "; no conference set " + r.Override
	}
	return s
}

// Files renames the case files the derivation points at (rename gives the new name of each),
// for a tree read from a copy: the positions then name the files as the user knows them.
func (d *Derivation) Files(rename func(string) string) {
	d.Obligation.Anchor.File = rename(d.Obligation.Anchor.File)
	for _, r := range []*Record{&d.Anchor, d.Met, d.Booked} {
		if r != nil {
			r.At.File = rename(r.At.File)
		}
	}
	if d.Override != nil {
		d.Override.Conference.At.File = rename(d.Override.Conference.At.File)
	}
}

// anchorText is the anchor in the policy's words.
func anchorText(r *policy.Rule, after string) string {
	if r == nil || after == "" {
		return ""
	}
	if r.Kind == policy.KindChain {
		if _, ok := policy.AnchorWords.Lookup(after); ok && after != r.StartsAt {
			return policy.AnchorText(after) // a date a conference set
		}
		if after == r.StartsAt {
			return policy.StartWords.Says(after)
		}
		return "the previous " + policy.EventWords.Says(after)
	}
	return policy.AnchorText(after)
}

// count shows how within was counted from b.From to the engine's due date.
func count(p *policy.Policy, b *engine.Basis, due civil.Date) *Count {
	k := &Count{Within: b.Within, From: b.From, Counting: b.Counting, Due: due}
	if b.From.IsZero() {
		return nil
	}
	k.Agrees = b.Within.After(b.From, p.Calendar, b.Counting) == due
	if b.Before {
		// Counted back from the anchor: the due date is that many days before it.
		k.Before = true
		switch b.Within.Unit {
		case duration.WorkingDays:
			k.Counted = p.Calendar.WorkingDaysBetween(due-1, b.From-1) // due counted, the anchor not
			k.Agrees = k.Counted == b.Within.N && p.Calendar.IsWorkingDay(due)
			k.Calendar = p.Jurisdiction
			for d := due + 1; d < b.From; d++ {
				if s := nonWorking(p, d); s.Why != "" {
					k.Skipped = append(k.Skipped, s)
				}
			}
		case duration.Months:
			k.Agrees = b.From.AddMonths(-b.Within.N) == due
		case duration.Weeks:
			k.Agrees = b.From.AddDays(-7*b.Within.N) == due
		default:
			k.Agrees = b.From.AddDays(-b.Within.N) == due
		}
		return k
	}
	if b.Within.Unit != duration.WorkingDays || b.Within.IsZero() {
		if off := nonWorking(p, due); off.Why != "" && !b.Within.IsZero() {
			what := off.Name
			if off.Why == Weekend {
				what = "a " + due.Weekday().String()
			}
			k.Note = "falls on " + what + ": " + b.Within.Unit.String() + " are calendar days, so the date does not move"
		}
		return k
	}
	k.Calendar = p.Jurisdiction
	for d := b.From + 1; d <= due; d++ {
		if s := nonWorking(p, d); s.Why != "" {
			k.Skipped = append(k.Skipped, s)
		}
	}
	k.Counted = p.Calendar.WorkingDaysBetween(b.From, due)
	if b.Counting == duration.Day1 && p.Calendar.IsWorkingDay(b.From) {
		k.Counted++ // the anchor day is day 1
	}
	return k
}

// nonWorking says why d is not a working day in p's calendar (Why empty: it is one).
func nonWorking(p *policy.Policy, d civil.Date) Skip {
	if d.IsWeekend() {
		return Skip{Date: d, Why: Weekend}
	}
	if p.Calendar == nil || p.Calendar.IsWorkingDay(d) {
		return Skip{}
	}
	for _, h := range p.Calendar.NonWorking(d.Year()) {
		if h.Date != d {
			continue
		}
		why := BankHoliday
		for _, cl := range p.Closures {
			if cl.Date == d && cl.Name == h.Name {
				why = Closure
			}
		}
		return Skip{Date: d, Why: why, Name: h.Name}
	}
	return Skip{Date: d, Why: Closure, Name: "Closure"}
}

// statusText is the status on the as-of date in words.
func statusText(o engine.Obligation) string {
	days := func(n int) string {
		if n == 1 {
			return "1 day"
		}
		return itoa(n) + " days"
	}
	switch o.Status {
	case engine.Met:
		if o.Due.IsZero() {
			return "met (no timescale to be late against)"
		}
		return "met on time"
	case engine.Late:
		return "met late, by " + days(o.Days)
	case engine.Overdue:
		return "overdue by " + days(o.Days)
	case engine.Due:
		if o.Days == 0 {
			return "due today"
		}
		return "due in " + days(o.Days) + ", within the horizon"
	case engine.Open:
		return "open: due in " + days(o.Days)
	case engine.Missed:
		if o.Days == 0 {
			return "missed: not met when its time ended on " + o.End.String()
		}
		return "missed: not met when its time ended on " + o.End.String() + ", " + days(o.Days) + " after it was due"
	case engine.Waiting:
		return "waiting: the anchor has not happened yet"
	case engine.NoTimescale:
		return "no timescale set"
	}
	return string(o.Status)
}

// why says what a due date is missing, or why the obligation ended.
func why(r *policy.Rule, o engine.Obligation) string {
	switch o.Status {
	case engine.Waiting:
		if r == nil {
			return ""
		}
		if r.Kind == policy.KindChain {
			return "the chain counts from " + policy.StartWords.Says(r.StartsAt) + ", which has not happened"
		}
		var as []string
		for _, a := range r.Due.Alternatives {
			as = append(as, policy.AnchorText(a.After))
		}
		return "counted from " + strings.Join(as, " or ") + ", which has not happened"
	case engine.NoTimescale:
		if r != nil && r.Override != "" {
			return "the procedure leaves the timescale to the conference, and no conference set " + r.Override
		}
		return "the procedure gives no number (TBD in the policy)"
	case engine.Missed:
		return "the plan period (or the child's time on the plan, or the window) ended on " + o.End.String() + " with it unmet"
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }
