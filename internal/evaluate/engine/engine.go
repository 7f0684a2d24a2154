// Package engine evaluates a case against a policy on a given day and says which obligations are
// met, late, overdue, due, open, waiting, without a timescale or missed. It is a pure function:
// no clock and no I/O; "today" is passed in.
package engine

import (
	"cmp"
	"sort"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// Status is where an obligation stands on the as-of date.
type Status string

// Statuses, as policies/README.md defines them.
const (
	Met         Status = "met"
	Late        Status = "late"
	Overdue     Status = "overdue"
	Due         Status = "due"
	Open        Status = "open"
	Waiting     Status = "waiting"
	NoTimescale Status = "no-timescale"
	Missed      Status = "missed"
)

// Statuses lists every status, worst first (the order --fail-on counts in).
var Statuses = []Status{Overdue, Missed, Due, Late, Waiting, NoTimescale, Open, Met}

// Obligation is one thing a case owes under one rule.
type Obligation struct {
	Case       string
	Team       string
	Worker     string // the lead social worker's member id on the as-of date
	Policy     string
	Rule       string
	Title      string
	Label      string // the rule's short label, when the policy gives one
	Cite       string
	Child      string // empty for rules that are not per child
	Due        civil.Date
	Limit      civil.Date // the rule's limit beside its target (Due), when it sets one
	OverLimit  bool       // met after the limit, or not met and today past it
	Status     Status
	Met        civil.Date
	Days       int  // calendar days late, overdue, missed by, or until due
	HasDays    bool // Days means something (not for waiting and no-timescale)
	Booked     civil.Date
	BookedLate bool // the booking is later than the due date: a foreseeable breach
	Anchor     casefolder.Pos
	Detail     string // what the obligation is about, when the title does not say (a member, a link)
	Period     int    // 1-based plan period, 0 for case-level obligations
	End        civil.Date
	Basis      *Basis // how Due was counted and what met it; only with Options.Explain
}

// Basis is how an obligation's due date was counted, for explanations: Within after From under
// Counting. From is the date of the anchor After (a record's date, or another rule's due date).
// Override is the conference whose override set Within (nil: the policy's own timescale). MetAt
// and BookedAt are the records that met the obligation and the booking beside it.
type Basis struct {
	After    string
	From     civil.Date
	Within   duration.Duration
	Counting duration.Counting
	Before   bool // Within was counted back from From (a before: anchor)
	Override *casefolder.Conference
	MetAt    casefolder.Pos
	BookedAt casefolder.Pos
}

// Options are the as-of date and the horizon for "due".
type Options struct {
	AsOf    civil.Date
	Horizon duration.Duration // default 14 days
	Explain bool              // fill each obligation's Basis
}

// DefaultHorizon is the horizon of `cpcase due`.
var DefaultHorizon = duration.Duration{N: 14, Unit: duration.Days}

// Evaluate returns every obligation of case c under policy p on o.AsOf, in rule order. The case
// must have loaded without errors.
func Evaluate(c *casefolder.Case, p *policy.Policy, o Options) []Obligation {
	if o.Horizon.IsZero() {
		o.Horizon = DefaultHorizon
	}
	e := &eval{c: c, p: p, today: o.AsOf, periods: facts.Periods(c, o.AsOf), explain: o.Explain}
	// Chains give an obligation per meeting or visit: room for a busy case up front spares the
	// copies of a doubling slice of 250-byte obligations.
	e.out = make([]Obligation, 0, 2*len(p.Rules)+len(c.Meetings)+len(c.Visits))
	e.horizonEnd = o.Horizon.After(o.AsOf, p.Calendar, duration.Day0)
	e.worker = c.LeadOn(o.AsOf)
	for _, r := range p.Rules {
		e.rule(r)
	}
	return e.out
}

type eval struct {
	c          *casefolder.Case
	p          *policy.Policy
	today      civil.Date
	horizonEnd civil.Date
	periods    []*facts.Period
	worker     string
	out        []Obligation
	explain    bool
}

// pending is an obligation before its status is worked out.
type pending struct {
	rule     *policy.Rule
	period   *facts.Period
	child    string
	due      civil.Date
	limit    civil.Date
	unset    bool // the timescale is TBD
	waiting  bool // the anchor has not happened
	met      civil.Date
	end      civil.Date // the period (or span, or window) ended on this date without it being met
	endsAll  bool       // missed at the end whatever the due date (window rules)
	anchor   casefolder.Pos
	booked   civil.Date
	detail   string
	caseWide bool
	basis    Basis // for explanations: what the due date was counted from, what met it
}

func (e *eval) emit(x pending) {
	o := Obligation{
		Case: e.c.Ref, Team: e.c.Team, Worker: e.worker, Policy: e.p.ID,
		Rule: x.rule.ID, Title: x.rule.Title, Label: x.rule.Label, Cite: x.rule.Cite, Child: x.child,
		Anchor: x.anchor, Detail: x.detail, End: x.end,
	}
	if x.period != nil && !x.caseWide {
		o.Period = x.period.N
	}
	if !x.waiting && !x.unset {
		o.Due = x.due
		if !x.limit.IsZero() {
			o.Limit = x.limit
			met := x.met
			if met.IsZero() || met > e.today {
				met = e.today
				if !x.end.IsZero() && x.end <= e.today {
					met = x.end
				}
			}
			o.OverLimit = met > x.limit
		}
	}
	switch {
	case !x.met.IsZero() && x.met <= e.today:
		o.Met = x.met
		o.Status = Met
		if !o.Due.IsZero() && x.met > o.Due {
			o.Status = Late
			o.Days, o.HasDays = x.met.Sub(o.Due), true
		} else if !o.Due.IsZero() {
			o.HasDays = true
		}
	case !x.end.IsZero() && x.end <= e.today:
		if x.waiting || x.unset {
			return // no due date: dropped at the end
		}
		if x.endsAll || o.Due <= x.end {
			o.Status = Missed
			o.Days, o.HasDays = max(0, x.end.Sub(o.Due)), true
		} else {
			return // due after the end: dropped
		}
	case x.waiting:
		o.Status = Waiting
	case x.unset:
		o.Status = NoTimescale
	case e.today > o.Due:
		o.Status = Overdue
		o.Days, o.HasDays = e.today.Sub(o.Due), true
	case o.Due <= e.horizonEnd:
		o.Status = Due
		o.Days, o.HasDays = o.Due.Sub(e.today), true
	default:
		o.Status = Open
		o.Days, o.HasDays = o.Due.Sub(e.today), true
	}
	if o.Status != Met && o.Status != Late && o.Status != Missed && !x.booked.IsZero() {
		o.Booked = x.booked
		o.BookedLate = !o.Due.IsZero() && x.booked > o.Due
	}
	if e.explain {
		b := x.basis
		b.Counting = e.counting(x.rule)
		if o.Met.IsZero() {
			b.MetAt = casefolder.Pos{}
		}
		if o.Booked.IsZero() {
			b.BookedAt = casefolder.Pos{}
		}
		o.Basis = &b
	}
	e.out = append(e.out, o)
}

// evaluators maps each rule kind of the policy language to its evaluator, one file each
// (deadline.go, event.go, chain.go, run.go, window.go): a kind in YAML is one hop from its code.
var evaluators = map[string]func(*eval, *policy.Rule){
	policy.KindDeadline: (*eval).deadline,
	policy.KindEvent:    (*eval).eventRule,
	policy.KindChain:    (*eval).chain,
	policy.KindRun:      (*eval).run,
	policy.KindWindow:   (*eval).window,
}

func (e *eval) rule(r *policy.Rule) {
	evaluators[r.Kind](e, r)
}

// Less orders obligations as `cpcase due` shows them: overdue first (most overdue first), then by
// due date (none last), then by case, rule and child so that the order is stable.
func Less(a, b Obligation) bool {
	if c := CompareUrgency(a.Status == Overdue, a.Due, b.Status == Overdue, b.Due); c != 0 {
		return c < 0
	}
	if a.Case != b.Case {
		return a.Case < b.Case
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	if a.Child != b.Child {
		return a.Child < b.Child
	}
	return a.Anchor.Line < b.Anchor.Line
}

// CompareUrgency is Less's first keys as a comparison: overdue first, then by due date, with
// no date last. A record that carries them (a calendar's, an agenda's) sorts as Less sorts the
// obligations it came from.
func CompareUrgency(aOverdue bool, aDue civil.Date, bOverdue bool, bDue civil.Date) int {
	if aOverdue != bOverdue {
		if aOverdue {
			return -1
		}
		return 1
	}
	if aDue != bDue {
		switch {
		case aDue.IsZero():
			return 1
		case bDue.IsZero():
			return -1
		}
		return cmp.Compare(aDue, bDue)
	}
	return 0
}

// Sort orders obligations with Less.
func Sort(obs []Obligation) {
	sort.SliceStable(obs, func(i, j int) bool { return Less(obs[i], obs[j]) })
}
