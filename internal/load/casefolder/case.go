// Package casefolder holds a child protection case as cpcase reads it from a folder of four YAML
// files, and the loader that builds it: every value typed, checked against the format, and placed
// (file, line, column) so that later stages can point back at it.
package casefolder

import (
	"slices"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// Pos is a place in a case file.
type Pos = yamlwalk.Pos

// The four files of a case folder.
const (
	PlanFile     = "plan.yaml"
	MembersFile  = "members.yaml"
	MeetingsFile = "meetings.yaml"
	VisitsFile   = "visits.yaml"
)

// Case is one case folder.
type Case struct {
	Dir            string
	Ref            string
	RefPos         Pos
	Policy         string // the policy named in plan.yaml; may be empty
	PolicyPos      Pos
	Team           string
	Children       []Child
	Conferences    []Conference // in date order
	CoreAssessment *CoreAssessment
	Plan           *Plan
	Escalations    []Escalation // in date order, file order within a date
	Orders         []Order      // in date order, file order within a date
	Allocations    []Allocation // in date order, file order within a date
	Members        []Member
	Meetings       []Meeting // in date order, file order within a date
	Visits         []Visit   // in date order, file order within a date
	PlanPos        Pos       // the top of plan.yaml
	Enquiry        *Enquiry  // nil: none recorded
	Facts          []string  // flags a policy's conditions may name
}

// HasFact reports whether the case, or the child (when not ""), records the fact.
func (c *Case) HasFact(fact, child string) bool {
	if containsID(c.Facts, fact) {
		return true
	}
	if ch := c.Child(child); ch != nil {
		return containsID(ch.Facts, fact)
	}
	return false
}

// Child is a child named in plan.yaml.
type Child struct {
	ID       string
	Name     string
	Born     civil.Date // zero while unborn
	Expected civil.Date // expected date of delivery, for an unborn child
	Facts    []string   // flags a policy's conditions may name
	Gender   string     // one of Genders; empty when not recorded
	// Ethnicity is a census code (one of Ethnicities); empty when not recorded.
	Ethnicity     string
	Disability    *bool // nil when not recorded
	PreviousPlans int   // plans before the first one recorded in this case
	Pos           Pos
}

// Genders.
const (
	Male      = "male"
	Female    = "female"
	NotStated = "not-stated"
	Neither   = "neither"
)

// Categories of abuse.
const (
	Neglect   = "neglect"
	Physical  = "physical"
	Sexual    = "sexual"
	Emotional = "emotional"
	Multiple  = "multiple"
)

// Order kinds.
const (
	EPO              = "epo"
	PoliceProtection = "police-protection"
)

// Order is an emergency protection order or a time under police protection.
type Order struct {
	Kind     string
	From, To civil.Date // To is zero while it lasts or when not recorded
	Children []string   // empty: all children
	Pos      Pos
}

// Allocation is a team and worker allocated to the case for a time.
type Allocation struct {
	From, To civil.Date // To is zero while it lasts
	Team     string
	Worker   string   // a member id; empty when none was named
	Children []string // empty: all children
	Pos      Pos
}

// Covers reports whether the allocation covers child on d.
func (a *Allocation) Covers(child string, d civil.Date) bool {
	return a.From <= d && (a.To.IsZero() || d <= a.To) && (len(a.Children) == 0 || containsID(a.Children, child))
}

// Protects reports whether the order covered child at any time from..to (both included).
func (o *Order) Protects(child string, from, to civil.Date) bool {
	return o.From <= to && (o.To.IsZero() || o.To >= from) && (len(o.Children) == 0 || containsID(o.Children, child))
}

// Conference kinds and decisions.
const (
	Initial    = "initial"
	PreBirth   = "pre-birth"
	Review     = "review"
	TransferIn = "transfer-in"

	DecisionPlan     = "plan"
	DecisionNoPlan   = "no-plan"
	DecisionContinue = "continue"
	DecisionEnd      = "end"
)

// Conference is a child protection conference.
type Conference struct {
	Kind           string
	Date           civil.Date
	Decision       string
	Children       []string // empty: all children
	Lead           string
	CoreGroupSet   civil.Date
	CoreGroupEvery duration.Duration // zero: not set
	VisitEvery     duration.Duration // zero: not set
	NextReview     civil.Date
	Record         ConferenceRecord
	Categories     []Category // categories of abuse recorded, in file order
	Pos            Pos
}

// Category is the category of abuse a conference recorded for one child.
type Category struct {
	Child    string
	Category string
}

// CategoryOf is the category the conference recorded for child, or "".
func (c *Conference) CategoryOf(child string) string {
	for _, x := range c.Categories {
		if x.Child == child {
			return x.Category
		}
	}
	return ""
}

// ConferenceRecord is what happened to a conference's record and outline plan.
type ConferenceRecord struct {
	Circulated     civil.Date
	PlanCirculated civil.Date
}

// Enquiry is the enquiry the conferences followed.
type Enquiry struct {
	StrategyDiscussion civil.Date
	Section47Started   civil.Date
	Pos                Pos
}

// CoreAssessment records when the assessment started and was completed.
type CoreAssessment struct {
	Started   civil.Date
	Completed civil.Date
	Pos       Pos
}

// Plan is the detailed child protection plan.
type Plan struct {
	Agreed    civil.Date
	AgreedPos Pos
	Sections  []Section
	Actions   []Action
	Signed    []Signature
	Pos       Pos
}

// HasSection reports whether the plan holds a section of that name.
func (p *Plan) HasSection(name string) bool {
	if p == nil {
		return false
	}
	for _, s := range p.Sections {
		if s.Name == name {
			return true
		}
	}
	return false
}

// Section is a named part of the plan.
type Section struct {
	Name string
	Text string
	Pos  Pos
}

// Action is a task with an owner and a due date, in the plan or agreed at a meeting.
type Action struct {
	ID    string
	Text  string
	Owner string
	Due   civil.Date
	Done  civil.Date
	Pos   Pos
}

// Signature is the date a member signed the plan.
type Signature struct {
	Member string
	Date   civil.Date
	Pos    Pos
}

// Escalation reasons.
const (
	ReasonNoAccess = "no-access"
	ReasonAbsence  = "absence"
	ReasonDrift    = "drift"
	ReasonOther    = "other"
)

// Escalation is a concern escalated to a member.
type Escalation struct {
	Date   civil.Date
	Reason string
	To     string
	Note   string
	Pos    Pos
}

// Member is a core group member.
type Member struct {
	ID       string
	Name     string
	Role     string
	Agency   string
	From     civil.Date
	To       civil.Date
	Excluded bool   // excluded from the core group
	Reason   string // the reason recorded for the exclusion; empty when none was given
	Staff    string // the authority-wide staff id; empty when not given
	Pos      Pos
}

// ActiveOn reports whether the member belonged to the core group on d.
func (m *Member) ActiveOn(d civil.Date) bool {
	return (m.From.IsZero() || m.From <= d) && (m.To.IsZero() || d <= m.To)
}

// Meeting kinds.
const (
	CoreGroup     = "core-group"
	ChildPlan     = "child-plan"
	Professionals = "professionals"
)

// Meeting is a core group or other meeting, held or booked.
type Meeting struct {
	Date            civil.Date
	Kind            string
	Chair           string
	ChairPos        Pos
	Present         []string
	Apologies       []string
	Absent          []string
	Summary         string
	Decisions       []string
	Actions         []Action
	Disagreements   []string
	Next            civil.Date
	DatesSet        []civil.Date
	Record          Record
	RescheduledFrom civil.Date
	Cancelled       bool
	Fields          []string // the keys the record holds with a non-empty value, for record checks
	Pos             Pos
}

// Holds reports whether the meeting record has a non-empty value for key.
func (m *Meeting) Holds(key string) bool {
	for _, f := range m.Fields {
		if f == key {
			return true
		}
	}
	return false
}

// Record is the trail of a meeting's minutes.
type Record struct {
	ToManager  civil.Date
	Approved   civil.Date
	Circulated civil.Date
}

// Visit kinds.
const (
	Home   = "home"
	School = "school"
	Office = "office"
	Other  = "other"
)

// Visit is a visit to the child or an attempt at one.
type Visit struct {
	Date     civil.Date
	By       string
	Kind     string
	Seen     []string
	Alone    []string
	Bedroom  bool     // a bedroom was seen
	Bedrooms []string // whose: empty with Bedroom true means the children's (every one)
	Outcome  string   // seen, not-in, refused, away, no-access; empty: not recorded
	NoAccess bool
	Pos      Pos
}

// BedroomSeen reports whether the visit saw child's bedroom ("" : any bedroom).
func (v *Visit) BedroomSeen(child string) bool {
	return v.Bedroom && (child == "" || len(v.Bedrooms) == 0 || containsID(v.Bedrooms, child))
}

// Member returns the member with that id, or nil.
func (c *Case) Member(id string) *Member {
	for i := range c.Members {
		if c.Members[i].ID == id {
			return &c.Members[i]
		}
	}
	return nil
}

// Child returns the child with that id, or nil.
func (c *Case) Child(id string) *Child {
	for i := range c.Children {
		if c.Children[i].ID == id {
			return &c.Children[i]
		}
	}
	return nil
}

// StaffOf is the staff id of the member with that id, or "".
func (c *Case) StaffOf(id string) string {
	if m := c.Member(id); m != nil {
		return m.Staff
	}
	return ""
}

// LeadRoles are the member roles that make a member the lead when no conference names one:
// lead-practitioner is England's name (Working Together 2023) for the same person.
var LeadRoles = []string{"lead-social-worker", "lead-practitioner"}

// LeadOn is the lead social worker on d: the member named as lead by the latest conference on or
// before d, or else the member with a lead role (LeadRoles) active on d, the first listed.
func (c *Case) LeadOn(d civil.Date) string {
	lead := ""
	for _, conf := range c.Conferences {
		if conf.Date > d {
			break
		}
		if conf.Lead != "" {
			lead = conf.Lead
		}
	}
	if lead != "" {
		return lead
	}
	for i := range c.Members {
		if slices.Contains(LeadRoles, c.Members[i].Role) && c.Members[i].ActiveOn(d) {
			return c.Members[i].ID
		}
	}
	return ""
}
