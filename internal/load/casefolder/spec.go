package casefolder

import "github.com/cpcase/cpcase/internal/load/shape"

// The case folder format (docs/format.md) as data: every mapping of the four files, its keys, what
// each value holds and which keys are required. The loader takes its key lists from here and
// `cpcase schema case` generates the editors' JSON Schemas from here; the tests check that the
// loader accepts and refuses what these say.

func text(doc string) shape.Value { return shape.Value{Kind: shape.Text, Null: true, Doc: doc} }

// str is text that must be written when the key is: null is refused.
func str(doc string) shape.Value { return shape.Value{Kind: shape.Text, Doc: doc} }

func date(doc string) shape.Value { return shape.Value{Kind: shape.Date, Doc: doc} }

func optDate(doc string) shape.Value { return shape.Value{Kind: shape.Date, Null: true, Doc: doc} }

func newID(doc string) shape.Value { return shape.Value{Kind: shape.ID, Doc: doc} }

func member(doc string) shape.Value {
	return shape.Value{Kind: shape.ID, Ref: "member", Null: true, Doc: doc}
}

func members(doc string) shape.Value {
	return shape.Value{Kind: shape.List, Null: true, Doc: doc,
		Item: &shape.Value{Kind: shape.ID, Ref: "member", Null: true}}
}

func children(doc string) shape.Value {
	return shape.Value{Kind: shape.List, Null: true, Doc: doc, Item: &shape.Value{Kind: shape.ID, Ref: "child"}}
}

func boolean(doc string) shape.Value { return shape.Value{Kind: shape.Bool, Doc: doc} }

func enum(doc string, words ...string) shape.Value {
	return shape.Value{Kind: shape.Enum, Words: words, Doc: doc}
}

func every(doc string) shape.Value {
	return shape.Value{Kind: shape.Duration, Positive: true, Doc: doc}
}

func listOf(m *shape.Mapping, doc string) shape.Value {
	return shape.Value{Kind: shape.List, Null: true, Item: &shape.Value{Kind: shape.Map, Map: m}, Doc: doc}
}

func texts(doc string) shape.Value {
	return shape.Value{Kind: shape.List, Null: true, One: true, Item: &shape.Value{Kind: shape.Text}, Doc: doc}
}

// facts are a case's or a child's flags, words a policy's conditions may name.
func facts(doc string) shape.Value {
	return shape.Value{Kind: shape.List, Null: true, Doc: doc, Item: &shape.Value{Kind: shape.ID}}
}

func req(key string, v shape.Value) shape.Field {
	return shape.Field{Key: key, Required: true, Value: v}
}

func opt(key string, v shape.Value) shape.Field { return shape.Field{Key: key, Value: v} }

// Words allowed in case files.
var (
	ConferenceKinds   = []string{Initial, PreBirth, Review, TransferIn}
	Decisions         = []string{DecisionPlan, DecisionNoPlan, DecisionContinue, DecisionEnd}
	EscalationReasons = []string{ReasonNoAccess, ReasonAbsence, ReasonDrift, ReasonOther}
	MeetingKinds      = []string{CoreGroup, ChildPlan, Professionals}
	VisitKinds        = []string{Home, School, Office, Other}
	Genders           = []string{Male, Female, NotStated, Neither}
	Ethnicities       = []string{"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
		"ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"}
	Categories    = []string{Neglect, Physical, Sexual, Emotional, Multiple}
	OrderKinds    = []string{EPO, PoliceProtection}
	VisitOutcomes = []string{"seen", "not-in", "refused", "away", "no-access"}
)

// The mappings of the four files.
var (
	ChildSpec = &shape.Mapping{Name: "a child", Fields: []shape.Field{
		req("id", newID("short id of the child, used in seen, alone and children lists")),
		opt("name", text("the child's name (personal data)")),
		opt("born", date("date of birth; leave out for an unborn child")),
		opt("expected", date("expected date of delivery, for an unborn child")),
		opt("gender", enum("male, female, not-stated or neither, as recorded (personal data)", Genders...)),
		opt("ethnicity", enum("the census ethnicity code: WBRI, WIRI, ..., REFU (refused), NOBT (not yet obtained)", Ethnicities...)),
		opt("disability", boolean("true: the child has a disability; false: none (leave out when not known)")),
		opt("previous_plans", shape.Value{Kind: shape.Int, Min: 0, Max: 100, Doc: "the number of child protection plans the child had before the first one recorded here"}),
		opt("facts", facts("flags about this child a policy's conditions may name (words like mother-unwell)")),
	}}

	ConferenceRecordSpec = &shape.Mapping{Name: "a conference record", Fields: []shape.Field{
		opt("circulated", optDate("date the conference record (minutes) was circulated")),
		opt("plan_circulated", optDate("date the outline plan was circulated")),
	}}

	EnquirySpec = &shape.Mapping{Name: "enquiry", Fields: []shape.Field{
		opt("strategy_discussion", optDate("date of the strategy discussion (or meeting) the enquiry followed")),
		opt("section47_started", optDate("date the child protection enquiry (section 47, or the local equivalent) started")),
	}}

	ConferenceSpec = &shape.Mapping{Name: "a conference", Fields: []shape.Field{
		req("kind", enum("initial, pre-birth, review or transfer-in", ConferenceKinds...)),
		req("date", date("date the conference was held")),
		req("decision", enum("plan, no-plan, continue or end", Decisions...)),
		opt("children", children("ids of the children it decided for; leave out for all")),
		opt("lead", member("member id of the lead social worker it named")),
		opt("core_group_set", date("date of the first core group set at the conference")),
		opt("core_group_every", every("how often core groups meet, as set by the conference (overrides the policy)")),
		opt("visit_every", every("how often the child must be seen, as set by the conference")),
		opt("next_review", date("date set for the review conference")),
		opt("record", shape.Value{Kind: shape.Map, Null: true, Map: ConferenceRecordSpec, Doc: "what happened to the conference's record and outline plan"}),
		opt("categories", shape.Value{Kind: shape.Dict, Null: true, Doc: "child id: category of abuse recorded for that child (neglect, physical, sexual, emotional, multiple)",
			Key: &shape.Value{Kind: shape.ID, Ref: "child"}, Item: &shape.Value{Kind: shape.Enum, Words: Categories}}),
	}}

	OrderSpec = &shape.Mapping{Name: "an order", Fields: []shape.Field{
		req("kind", enum("epo (emergency protection order) or police-protection", OrderKinds...)),
		req("from", date("date the order or police protection began")),
		opt("to", date("date it ended")),
		opt("children", children("ids of the children it protected; leave out for all")),
	}}

	AllocationSpec = &shape.Mapping{Name: "an allocation", Fields: []shape.Field{
		req("from", date("date the allocation began")),
		opt("to", date("date it ended; leave out while it lasts")),
		opt("team", text("the allocated team")),
		opt("worker", member("member id of the allocated worker")),
		opt("children", children("ids of the children allocated; leave out for all")),
	}}

	AssessmentSpec = &shape.Mapping{Name: "core_assessment", Fields: []shape.Field{
		opt("started", date("date the core assessment started")),
		opt("completed", date("date it was completed")),
	}}

	ActionSpec = &shape.Mapping{Name: "an action", Fields: []shape.Field{
		req("id", newID("short id of the action, unique in its list")),
		opt("text", text("what is to be done")),
		opt("owner", member("member id of whoever does it")),
		opt("due", date("date it is due")),
		opt("done", date("date it was done; leave out while not done")),
	}}

	DetailSpec = &shape.Mapping{Name: "plan", Fields: []shape.Field{
		opt("agreed", date("date the detailed plan was agreed")),
		opt("sections", shape.Value{Kind: shape.Dict, Null: true, Doc: "the plan's sections by name (needs, outcomes, contingency, ...): text",
			Key: &shape.Value{Kind: shape.Text}, Item: &shape.Value{Kind: shape.Text, Null: true}}),
		opt("actions", listOf(ActionSpec, "the plan's actions")),
		opt("signed", shape.Value{Kind: shape.Dict, Null: true, Doc: "member id: date that member signed the plan or written agreement",
			Key: &shape.Value{Kind: shape.ID, Ref: "member"}, Item: &shape.Value{Kind: shape.Date}}),
	}}

	EscalationSpec = &shape.Mapping{Name: "an escalation", Fields: []shape.Field{
		req("date", date("date the concern was escalated")),
		req("reason", enum("no-access, absence, drift or other", EscalationReasons...)),
		opt("to", member("member id of whoever it was escalated to")),
		opt("note", text("what was escalated and what was agreed")),
	}}

	PlanSpec = &shape.Mapping{Name: "plan.yaml", Doc: "A child protection case: the children, the conferences and the plan.", Fields: []shape.Field{
		req("case", shape.Value{Kind: shape.Text, NonEmpty: true, Doc: "the case reference, unique across all cases"}),
		opt("policy", str("the policy to check against: an id (cpcase policy list) or a path")),
		opt("team", text("the team, for grouping in reports")),
		req("children", shape.Value{Kind: shape.List, MinItems: 1, Doc: "the children of the case, at least one",
			Item: &shape.Value{Kind: shape.Map, Map: ChildSpec}}),
		req("conferences", shape.Value{Kind: shape.List, MinItems: 1, Doc: "the child protection conferences, oldest first",
			Item: &shape.Value{Kind: shape.Map, Map: ConferenceSpec}}),
		opt("core_assessment", shape.Value{Kind: shape.Map, Null: true, Map: AssessmentSpec, Doc: "when the core assessment started and was completed"}),
		opt("plan", shape.Value{Kind: shape.Map, Null: true, Map: DetailSpec, Doc: "the detailed child protection plan, once agreed"}),
		opt("escalations", listOf(EscalationSpec, "concerns escalated: no access, absence, drift, ...")),
		opt("orders", listOf(OrderSpec, "emergency protection orders and police protection, with their dates")),
		opt("allocations", listOf(AllocationSpec, "the allocated team and worker over time")),
		opt("enquiry", shape.Value{Kind: shape.Map, Null: true, Map: EnquirySpec, Doc: "the enquiry the conferences followed: strategy discussion, section 47 start"}),
		opt("facts", facts("flags about the case a policy's conditions may name (words like mother-unwell)")),
	}}

	MemberSpec = &shape.Mapping{Name: "a member", Fields: []shape.Field{
		req("id", newID("short id of the member, used in meetings, visits and the plan")),
		opt("name", text("the member's name (personal data)")),
		opt("role", text("social-worker, lead-social-worker (or lead-practitioner), team-manager, parent, health-visitor, teacher, ...")),
		opt("agency", text("the member's agency")),
		opt("from", date("date the member joined the core group")),
		opt("to", date("date the member left the core group")),
		opt("excluded", text("true, or the reason the conference recorded for excluding this member")),
		opt("staff", shape.Value{Kind: shape.ID, Null: true, Doc: "the member's staff id across the authority (the same in every case), for gathering one worker's cases"}),
	}}

	MembersSpec = &shape.Mapping{Name: "members.yaml", Doc: "The core group of a case.", Fields: []shape.Field{
		opt("members", listOf(MemberSpec, "the members of the core group")),
	}}

	RecordSpec = &shape.Mapping{Name: "record", Fields: []shape.Field{
		opt("to_manager", optDate("date the minutes and updated plan went to the manager")),
		opt("approved", optDate("date the manager signed them off")),
		opt("circulated", optDate("date they were sent to all core group members")),
	}}

	MeetingSpec = &shape.Mapping{Name: "a meeting", Fields: []shape.Field{
		req("date", date("date of the meeting; a later date than today is a booking")),
		req("kind", enum("core-group, child-plan or professionals", MeetingKinds...)),
		opt("chair", member("member id of the chair")),
		opt("present", members("member ids of those present")),
		opt("apologies", members("member ids of those who sent apologies")),
		opt("absent", members("member ids of those absent without apologies")),
		opt("summary", text("how the key tasks are progressing")),
		opt("decisions", texts("decisions made")),
		opt("actions", listOf(ActionSpec, "actions agreed")),
		opt("disagreements", texts("disagreements recorded")),
		opt("next", date("date of the next meeting, set at this one")),
		opt("dates_set", shape.Value{Kind: shape.List, Null: true, Item: &shape.Value{Kind: shape.Date}, Doc: "future dates agreed, up to the next review"}),
		opt("record", shape.Value{Kind: shape.Map, Null: true, Map: RecordSpec, Doc: "what happened to the minutes"}),
		opt("rescheduled_from", optDate("the date this meeting replaced")),
		opt("cancelled", boolean("true: the meeting was cancelled and satisfies nothing")),
	}}

	MeetingsSpec = &shape.Mapping{Name: "meetings.yaml", Doc: "The meetings of a case: core groups, child's plan and professionals' meetings.", Fields: []shape.Field{
		opt("meetings", listOf(MeetingSpec, "the meetings, in any order")),
	}}

	VisitSpec = &shape.Mapping{Name: "a visit", Fields: []shape.Field{
		req("date", date("date of the visit")),
		req("by", shape.Value{Kind: shape.ID, Ref: "member", Doc: "member id of whoever made the visit"}),
		opt("kind", enum("home, school, office or other", VisitKinds...)),
		opt("seen", children("ids of the children seen")),
		opt("alone", children("ids of the children seen alone (each also in seen)")),
		opt("bedroom", shape.Value{Kind: shape.Either, Doc: "true: the bedroom was seen; or the ids of the children whose bedrooms were seen",
			Or: []shape.Value{{Kind: shape.Bool}, {Kind: shape.List, Item: &shape.Value{Kind: shape.ID, Ref: "child"}}}}),
		opt("outcome", shape.Value{Kind: shape.Enum, Null: true, Words: VisitOutcomes, Doc: "seen, not-in, refused, away or no-access (any but seen: no access)"}),
		opt("no_access", boolean("true: the visit was tried but the children could not be seen")),
	}}

	VisitsSpec = &shape.Mapping{Name: "visits.yaml", Doc: "Visits to see the children.", Fields: []shape.Field{
		opt("visits", listOf(VisitSpec, "the visits, in any order")),
	}}
)

// Spec is the description of one of the four files, by file name (plan.yaml, ...), or nil.
func Spec(file string) *shape.Mapping {
	switch file {
	case PlanFile:
		return PlanSpec
	case MembersFile:
		return MembersSpec
	case MeetingsFile:
		return MeetingsSpec
	case VisitsFile:
		return VisitsSpec
	}
	return nil
}

// Files are the four files of a case folder, plan.yaml first.
var Files = []string{PlanFile, MembersFile, MeetingsFile, VisitsFile}
