// Package policy holds a local procedure written as data: its calendar, its timed rules built from
// a few generic kinds, and its record checks. Nothing of any one procedure lives in Go; the policy
// language is documented in policies/README.md.
package policy

import (
	"github.com/cpcase/cpcase/internal/dates/calendar"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// Pos is a place in a policy file.
type Pos = yamlwalk.Pos

// Policy is one local procedure.
type Policy struct {
	ID           string
	Title        string
	Source       string
	Extends      string   // the policy this one extends, as written (empty: none)
	Removes      []string // the base's rules and checks it leaves out
	Jurisdiction string
	Counting     duration.Counting
	Closures     []calendar.Holiday
	Rules        []*Rule
	Checks       []*Check
	Origin       string   // where it was loaded from: a path, or "embedded"
	Sum          [32]byte // SHA-256 of its file and of the policy it extends: what the cache keys evaluations by
	Calendar     *calendar.Calendar
	Pos          Pos
}

// Rule returns the rule with that id, or nil.
func (p *Policy) Rule(id string) *Rule {
	for _, r := range p.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Rank is where reports list a rule: its order, else its 1-based position in the file; 0 for
// a rule the policy does not hold. Ranks compare across policies, so that a report over cases
// under several policies lists the rules they share in one order.
// HasLimits reports whether any rule sets a limit beside its target: outputs show the limit
// columns only then, so a policy without limits reads as it always has.
func (p *Policy) HasLimits() bool {
	for _, r := range p.Rules {
		if !r.Limit.D.IsZero() {
			return true
		}
	}
	return false
}

func (p *Policy) Rank(id string) int {
	for i, r := range p.Rules {
		if r.ID == id {
			if r.Order > 0 {
				return r.Order
			}
			return i + 1
		}
	}
	return 0
}

// Rule kinds.
const (
	KindDeadline = "deadline" // due a time after an anchor; met by a recorded date
	KindEvent    = "event"    // due a time after an anchor; met by the n-th event on or after it
	KindChain    = "chain"    // at least every N: each event starts the next link
	KindRun      = "run"      // a run of events triggers an escalation
	KindWindow   = "window"   // something must happen between one conference and the next
)

// Scopes: what one obligation is counted for.
const (
	ForCase        = "case"         // once per case (ends with the last plan period)
	ForPeriod      = "period"       // once per plan period
	ForChild       = "child"        // each child on the plan, per period
	ForUnbornChild = "unborn-child" // each child of a pre-birth conference who was unborn then
	ForConference  = "conference"   // each conference of a period that matches the filter
	ForCoreGroup   = "core-group"   // each core group held in a period
	ForAction      = "action"       // each action with a due date (case level)
	ForEnquiry     = "enquiry"      // the enquiry the conferences followed, once recorded
)

// Events that meet event, chain and window rules, and that runs are made of.
const (
	EventCoreGroup  = "core-group"
	EventChildPlan  = "child-plan"
	EventReview     = "review-conference"
	EventVisit      = "visit"
	EventInitial    = "initial-conference"
	RunNoAccess     = "no-access-home-visit"
	RunAbsent       = "member-absent"
	MetEscalation   = "escalation"
	MetPlanAgreed   = "plan.agreed"
	MetAssessment   = "core-assessment.completed"
	MetToManager    = "meeting.to_manager"
	MetApproved     = "meeting.approved"
	MetCirculated   = "meeting.circulated"
	MetActionDone   = "action.done"
	MetPlanSigned   = "plan.signed"
	MetConfRecord   = "conference.record_circulated"
	MetConfPlan     = "conference.plan_circulated"
	OverrideReview  = "next_review"
	StartPeriod     = "period-start"
	StartFirstGroup = "core-group:1"
	StartOnPlan     = "on-plan"
)

// Rule is one timed obligation.
type Rule struct {
	ID    string
	Title string
	Label string // short name for reports (empty: Title)
	Order int    // where reports list it (0: its position in the file)
	Cite  string
	Kind  string
	For   string

	// Counting is this rule's own counting, when it says (else the policy's).
	Counting *duration.Counting
	// IfAbsent is what happens when the anchor is absent: waiting or skip; empty: the anchor's
	// default (AnchorWords).
	IfAbsent string

	// Which periods the rule applies to: the kinds of conference that may have started them
	// (empty: all).
	StartedBy []string
	// For scope conference: which conferences.
	Conference ConferenceFilter

	Due Due // when it is due (deadline, event and window rules; a run's within)
	// Limit is a second, outer timescale counted from the same anchor (a chain: the link's
	// start): the due date is the target, the limit the latest that is still within the
	// procedure's tolerance. Zero: none.
	Limit Timescale
	// Conditions on the case's facts: the rule applies only where all hold.
	When []Condition
	// MetBy is the recorded date that meets a deadline (plan.agreed, meeting.circulated, ...) or
	// the escalation that answers a run (escalation:no-access, ...).
	MetBy string
	// Occurrence is the event that meets (or makes up) event, chain, window and run rules.
	Occurrence

	// The keys of each kind, one type each (the kind's entry in RuleKinds lists them); the loader
	// fills those of the rule's kind and leaves the others zero.
	DeadlineRule
	EventRule
	ChainRule
	RunRule
	WindowRule

	Pos Pos
}

// Occurrence is an event and, for visits, which ones qualify.
type Occurrence struct {
	Event string      // core-group, child-plan, review-conference, initial-conference, visit
	Visit VisitFilter // event visit: which visits qualify
}

// DeadlineRule: a deadline's keys beyond the common ones.
type DeadlineRule struct {
	MeetingSelect string      // period scope: the meeting the anchors meeting.* refer to
	IfNoMeeting   string      // "skip" or "waiting" (default) when MeetingSelect finds none
	Signatories   Signatories // met_by plan.signed: who must sign
}

// EventRule: an event rule's keys.
type EventRule struct {
	Nth            int    // the n-th event on or after the anchor (default 1)
	CountedFrom    string // count events from this anchor, not the due date's
	CountedFromPos Pos
	OutlivesPlan   bool // still counted after the period ends (post-plan meetings)
}

// ChainRule: a chain's keys.
type ChainRule struct {
	StartsAt string     // period-start, core-group:1, on-plan
	Every    Timescale  // the interval
	Then     []Interval // later intervals, from an event on
	Override string     // what a conference sets: core_group_every, visit_every, next_review
}

// RunRule: a run's keys. A named run (Run), or a run of visits: the visits that make up the
// sequence (Among; no-access visits count unless the filter names outcomes), those that break
// the run (Breaks), and whether it is counted per child. Without met_by the run is a breach,
// missed when it happens.
type RunRule struct {
	Run           string // a named run: no-access-home-visit, member-absent
	Length        int    // events in a run that trigger it (default 2)
	AtLeast       int    // a run of visits: at least this many of every Length must match Breaks (default 1)
	Among, Breaks VisitFilter
	Per           string
}

// WindowRule: a window's keys.
type WindowRule struct {
	MissedAtNext bool // missed when the next conference is held without the event
}

// ShortLabel is the rule's short name: its label, else its title.
func (r *Rule) ShortLabel() string {
	if r.Label != "" {
		return r.Label
	}
	return r.Title
}

// Signatories says who must sign the plan: members active on the day, not excluded, in Roles
// (empty: any) and not in Except (default: child).
type Signatories struct {
	Roles  []string
	Except []string
}

// Signs reports whether a member in role must sign.
func (s Signatories) Signs(role string) bool {
	if len(s.Roles) > 0 && !contains(s.Roles, role) {
		return false
	}
	return !contains(s.Except, role)
}

// Timescale is a duration, or unset on purpose (TBD).
type Timescale struct {
	D     duration.Duration
	Unset bool // TBD: the procedure gives no number
	// ByConference: the procedure leaves the interval to each conference (a chain's override);
	// without one, links have no timescale. Not a gap in the policy, so no lint warning.
	ByConference bool
	Pos          Pos
}

// Due says how a due date is found: the first alternative whose anchor has happened, or the
// earliest of those that have.
type Due struct {
	Alternatives []Anchor
	Earliest     bool
}

// Anchor is "within W after A".
type Anchor struct {
	After  string // period-start, birth, conference, meeting, meeting.circulated, rule:ID, ...
	Within Timescale
	Before bool        // the due date is Within before the anchor, not after it
	When   []Condition // the alternative applies only where these hold
	Pos    Pos
}

// Condition is a fact of the case (or of the child the obligation is for) that must be
// recorded, or with Not, must not be.
type Condition struct {
	Fact string
	Not  bool
}

// Interval is an interval that applies to chain links starting on or after an event.
type Interval struct {
	From  string // first-review
	Every Timescale
	Pos   Pos
}

// ConferenceFilter selects conferences.
type ConferenceFilter struct {
	Kinds      []string
	Decisions  []string
	EndsPlan   *bool // true: only the conference that ends the period; false: all but that one
	Pos        Pos
	configured bool
}

// VisitFilter selects visits.
type VisitFilter struct {
	Kinds   []string // home, school, office, other (empty: any)
	ByLead  bool     // by the lead social worker on the visit's date
	Seen    bool     // the child is in seen
	Alone   bool     // the child is in alone
	Bedroom bool     // bedroom: true (for a child: that child's bedroom)
	// Outcomes: the visit's recorded outcome is one of these (empty: any). A visit with no
	// access qualifies only when the filter names its outcome.
	Outcomes []string
	// Absent (runs of core groups, per member): whether the member is listed in absent; nil:
	// either.
	Absent *bool
}

// Check kinds.
const (
	CheckChair          = "chair"
	CheckMeetingFields  = "meeting-fields"
	CheckPlanSections   = "plan-sections"
	CheckExclusion      = "exclusion-reason"
	CheckDatesSet       = "dates-set"
	CheckActionFields   = "action-fields"
	MeetingsAll         = "core-groups"
	MeetingsFirst       = "first-core-group"
	MeetingsLater       = "later-core-groups"
	MeetingsFirstAfter  = "first-after-conference"
	ChairLead           = "lead"
	defaultIfNoMeeting  = "waiting"
	IfNoMeetingSkip     = "skip"
	AnchorRulePrefix    = "rule:"
	MetEscalationPrefix = "escalation:"
)

// Check is one record check: a finding of `cpcase check --policy`, not a dated obligation.
type Check struct {
	ID         string
	Title      string
	Cite       string
	Kind       string
	Meetings   string           // which core groups: core-groups, first-core-group, later-core-groups, first-after-conference
	Conference ConferenceFilter // first-after-conference: after which conferences
	Roles      []string         // chair: allowed roles ("lead" = the lead social worker); exclusion-reason: whose
	Fields     [][]string       // meeting-fields and action-fields: each entry is satisfied by any one of its names
	Sections   []string         // plan-sections
	Pos        Pos
}

// ClosureDates lists the policy's closures as dates, for messages.
func (p *Policy) ClosureDates() []civil.Date {
	out := make([]civil.Date, len(p.Closures))
	for i, c := range p.Closures {
		out[i] = c.Date
	}
	return out
}
