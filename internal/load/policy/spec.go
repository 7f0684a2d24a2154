package policy

import (
	"regexp"
	"sort"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/calendar"
	"github.com/cpcase/cpcase/internal/load/shape"
)

// The policy language (policies/README.md) as data: every mapping of a policy file, its keys, what
// each value holds and which keys are required. The loader takes its key lists from here and
// `cpcase schema policy` generates the editors' JSON Schema from here; the tests check that the
// loader accepts and refuses what these say.

func field(key string, required bool, v shape.Value) shape.Field {
	return shape.Field{Key: key, Required: required, Value: v}
}

func words(doc string, w []string) shape.Value {
	return shape.Value{Kind: shape.Enum, Words: w, Doc: doc}
}

// oneOrMore is one word of w, or a list of them.
func oneOrMore(doc string, w []string) shape.Value {
	return shape.Value{Kind: shape.List, One: true, Doc: doc, Item: &shape.Value{Kind: shape.Enum, Words: w}}
}

func flag(doc string) shape.Value { return shape.Value{Kind: shape.Bool, Doc: doc} }

func heading(doc string) shape.Value {
	return shape.Value{Kind: shape.Text, NonBlank: true, Doc: doc}
}

func timescale(doc string) shape.Value {
	return shape.Value{Kind: shape.Duration, TBD: true, Doc: doc}
}

func strs(doc string) shape.Value {
	return shape.Value{Kind: shape.List, Null: true, Doc: doc, Item: &shape.Value{Kind: shape.Text}}
}

func mapping(m *shape.Mapping, doc string) shape.Value {
	return shape.Value{Kind: shape.Map, Map: m, Doc: doc}
}

func listOf(m *shape.Mapping, doc string) shape.Value {
	return shape.Value{Kind: shape.List, Null: true, Doc: doc, Item: &shape.Value{Kind: shape.Map, Map: m}}
}

// Words the loader accepts that have no list of their own in load.go.
var (
	startedBys   = []string{"initial", "pre-birth", "transfer-in"}
	visitKinds   = VisitKindWords.Names()
	visitBys     = []string{"lead", "anyone"}
	ifNoMeetings = []string{IfNoMeetingSkip, defaultIfNoMeeting}
	everyWords   = []string{"set-by-conference"}
	actionFields = []string{"id", "text", "owner", "due", "done"}
)

// Anchors lists every anchor word a rule may count from in some scope (besides rule:ID and
// core-group:N), sorted.
func Anchors() []string {
	out := AnchorWords.Names()
	sort.Strings(out)
	return out
}

func quoteAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = regexp.QuoteMeta(w)
	}
	return out
}

// coreGroupN is core-group:N, the n-th core group of the period, N from 1 to 100.
const coreGroupN = `core-group:0*(?:[1-9][0-9]?|100)`

// anchorHint is what an anchor may be, for the editor's message.
func anchorHint() string {
	return "an anchor: " + strings.Join(Anchors(), ", ") + ", core-group:N or rule:ID"
}

func anchorPattern() string {
	return `^(?:` + strings.Join(quoteAll(Anchors()), "|") + `|rule:[a-z0-9][a-z0-9._-]*|` + coreGroupN + `)$`
}

func fieldsPattern() string {
	names := `(?:` + strings.Join(quoteAll(append(append([]string{}, meetingFieldNames...), actionFields...)), "|") + `)`
	return `^\s*` + names + `(?:\s*\|\s*` + names + `)*\s*$`
}

// The mappings of a policy file.
var (
	ClosureSpec = &shape.Mapping{Name: "a closure", Fields: []shape.Field{
		field("date", true, shape.Value{Kind: shape.Date, Doc: "a date the offices are closed"}),
		field("name", false, shape.Value{Kind: shape.Text, Null: true, Doc: "what the closure is"}),
	}}

	ConferenceFilterSpec = &shape.Mapping{Name: "a conference filter", Fields: []shape.Field{
		field("kind", false, oneOrMore("conference kinds: initial, pre-birth, review, transfer-in", confKinds)),
		field("decision", false, oneOrMore("decisions: plan, no-plan, continue, end", confDecision)),
		field("ends_plan", false, flag("true: only the conference that ends the plan; false: all but that one")),
	}}

	VisitFilterSpec = &shape.Mapping{Name: "a visit filter", Fields: []shape.Field{
		field("kind", false, oneOrMore("visit kinds: home, school, office, other", visitKinds)),
		field("by", false, words("lead: only visits by the lead social worker; anyone", visitBys)),
		field("seen", false, flag("the child is in seen")),
		field("alone", false, flag("the child is in alone")),
		field("bedroom", false, flag("the bedroom was seen (for a child: that child's)")),
		field("outcome", false, oneOrMore("visit outcomes: seen, not-in, refused, away, no-access", OutcomeWords.Names())),
		field("absent", false, flag("runs of core groups (per: member): the member is listed in absent (true) or not (false)")),
	}}

	ConditionSpec = &shape.Mapping{Name: "a condition", Fields: []shape.Field{
		field("fact", true, shape.Value{Kind: shape.ID, Doc: "a fact recorded in plan.yaml's facts or the child's facts"}),
	}}

	AlternativeSpec = &shape.Mapping{Name: "an alternative", ExactlyOne: []string{"after", "before"}, Fields: []shape.Field{
		field("after", false, shape.Value{Kind: shape.Text, Pattern: anchorPattern(), Hint: anchorHint(), Doc: "the anchor counted from: period-start, meeting, rule:ID, ..."}),
		field("before", false, shape.Value{Kind: shape.Text, Pattern: anchorPattern(), Hint: anchorHint(), Doc: "the anchor counted back from: the due date is within before it"}),
		field("within", false, timescale("the timescale: 10 working days, 6 weeks, ... or TBD")),
		field("when", false, mapping(ConditionSpec, "this alternative applies only when the case or child records the fact")),
		field("unless", false, mapping(ConditionSpec, "this alternative applies only when the case or child does not record the fact")),
	}}

	DueSpec = &shape.Mapping{Name: "due", ExactlyOne: []string{"first_of", "earliest_of"}, Fields: []shape.Field{
		field("first_of", false, shape.Value{Kind: shape.List, MinItems: 1, Doc: "due from the first alternative whose anchor has happened",
			Item: &shape.Value{Kind: shape.Map, Map: AlternativeSpec}}),
		field("earliest_of", false, shape.Value{Kind: shape.List, MinItems: 1, Doc: "due at the earliest of the alternatives whose anchors have happened",
			Item: &shape.Value{Kind: shape.Map, Map: AlternativeSpec}}),
	}}

	IntervalSpec = &shape.Mapping{Name: "an interval", Fields: []shape.Field{
		field("from", true, words("the event from which the interval applies", thenFroms)),
		field("every", true, timescale("the interval: 2 months, ... or TBD")),
	}}

	RuleSpec = &shape.Mapping{Name: "a rule", Fields: []shape.Field{
		field("id", true, shape.Value{Kind: shape.ID, Doc: "the rule's stable id"}),
		field("title", true, heading("what the rule requires, in a few words")),
		field("cite", true, heading("the paragraph of the procedure it comes from")),
		field("kind", true, words("deadline, event, chain, run or window", ruleKinds)),
		field("for", true, words("what one obligation is counted for: case, period, child, unborn-child, conference, core-group, action", scopes)),
		field("started_by", false, shape.Value{Kind: shape.List, Null: true, Doc: "only plan periods started by these conference kinds",
			Item: &shape.Value{Kind: shape.Enum, Words: startedBys}}),
		field("conference", false, mapping(ConferenceFilterSpec, "rules for: conference: which conferences")),
		field("after", false, shape.Value{Kind: shape.Text, Pattern: anchorPattern(), Hint: anchorHint(), Doc: "the anchor counted from: period-start, meeting, rule:ID, ..."}),
		field("before", false, shape.Value{Kind: shape.Text, Pattern: anchorPattern(), Hint: anchorHint(), Doc: "the anchor counted back from: the due date is within before it"}),
		field("within", false, timescale("the timescale: 10 working days, 6 weeks, ... or TBD")),
		field("limit", false, shape.Value{Kind: shape.Duration, Doc: "a second timescale from the same anchor: the due date is the target, this the limit (6 weeks beside a target of 1 month)"}),
		field("due", false, mapping(DueSpec, "several anchors: first_of or earliest_of")),
		field("event", false, words("the event that meets it: core-group, child-plan, review-conference, visit", events)),
		field("counted_from", false, shape.Value{Kind: shape.Text, Pattern: anchorPattern(), Hint: anchorHint(), Doc: "event rules: count events from this anchor (default: the due date's anchor)"}),
		field("nth", false, shape.Value{Kind: shape.Int, Min: 1, Max: 100, Doc: "event rules: met by the n-th event (default 1)"}),
		field("visit", false, mapping(VisitFilterSpec, "event visit: which visits count")),
		field("outlives_plan", false, flag("event rules: still counted after the plan ends")),
		field("missed_at_next_conference", false, flag("window rules: missed when the next conference is held without the event")),
		field("meeting", false, shape.Value{Kind: shape.Text, Pattern: `^(?:` + coreGroupN + `|core-group-on:plan\.agreed)$`,
			Hint: "core-group:N (the n-th core group of the period, 1 to 100) or core-group-on:plan.agreed", Doc: "rules for: period: the core group the meeting anchors refer to"}),
		field("if_no_meeting", false, words("skip or waiting (default) when no such meeting is found", ifNoMeetings)),
		field("starts_at", false, words("chain rules: where the chain starts: period-start, core-group:1, on-plan", startsAts)),
		field("every", false, shape.Value{Kind: shape.Either, Doc: "chain rules: the longest gap allowed, TBD, or set-by-conference",
			Or: []shape.Value{{Kind: shape.Duration, TBD: true}, {Kind: shape.Enum, Words: everyWords}}}),
		field("then", false, listOf(IntervalSpec, "chain rules: later intervals")),
		field("override", false, words("chain rules: the conference key that replaces the interval", overrides)),
		field("run", false, words("run rules: the events that make a run", runs)),
		field("among", false, mapping(VisitFilterSpec, "run rules: the events that make up the sequence (visits: no-access ones too, unless outcome says)")),
		field("breaks", false, mapping(VisitFilterSpec, "run rules: an event that matches ends the run")),
		field("at_least", false, shape.Value{Kind: shape.Int, Min: 1, Max: 100, Doc: "run rules of visits: at least this many of every length consecutive visits must match breaks (default 1)"}),
		field("per", false, words("run rules: child (a run of visits for each child) or member (a run of core groups for each member)", []string{ForChild, "member"})),
		field("length", false, shape.Value{Kind: shape.Int, Min: 1, Max: 100, Doc: "run rules: events in a run (default 2)"}),
		field("met_by", false, words("the recorded date that meets it", metBys)),
		field("label", false, heading("a short name for reports' lanes and lists (default: the title)")),
		field("order", false, shape.Value{Kind: shape.Int, Min: 1, Max: 1000, Doc: "where reports list the rule: by order, then file position (default: its position in the file)"}),
		field("counting", false, words("this rule's counting: day-0 or day-1 (default: the policy's)", countings)),
		field("if_absent", false, words("when the anchor is absent: waiting, or skip (no obligation); the default depends on the anchor", IfAbsentWords.Names())),
		field("signatories", false, mapping(SignatoriesSpec, "met_by plan.signed: who must sign")),
		field("when", false, mapping(ConditionSpec, "the rule applies only when the case or child records the fact")),
		field("unless", false, mapping(ConditionSpec, "the rule applies only when the case or child does not record the fact")),
	}, Cases: ruleCases()}

	SignatoriesSpec = &shape.Mapping{Name: "signatories", Fields: []shape.Field{
		field("roles", false, strs("only members in these roles sign (default: every role)")),
		field("except_roles", false, strs("members in these roles do not sign (default: child)")),
	}}

	CheckSpec = &shape.Mapping{Name: "a check", Fields: []shape.Field{
		field("id", true, shape.Value{Kind: shape.ID, Doc: "the check's stable id"}),
		field("title", true, heading("what the check requires, in a few words")),
		field("cite", true, heading("the paragraph of the procedure it comes from")),
		field("kind", true, words("chair, meeting-fields, plan-sections, exclusion-reason, dates-set or action-fields", checkKinds)),
		field("meetings", false, words("which core groups: core-groups, first-core-group, later-core-groups, first-after-conference", meetingSets)),
		field("conference", false, mapping(ConferenceFilterSpec, "meetings: first-after-conference: after which conferences")),
		field("roles", false, strs("roles allowed (chair; lead is the lead social worker) or whose exclusion needs a reason")),
		field("fields", false, shape.Value{Kind: shape.List, Null: true, Doc: "keys a record must hold; a|b: either will do",
			Item: &shape.Value{Kind: shape.Text, Pattern: fieldsPattern(), Hint: "a key of a meeting or an action, or several joined by |"}}),
		field("sections", false, strs("plan sections required by name")),
	}, Cases: checkCases()}

	PolicySpec = &shape.Mapping{Name: "a policy", Doc: "A local child protection procedure as data: cpcase policy file.",
		Without: "extends", NeedWithout: []string{"jurisdiction", "rules"}, Fields: []shape.Field{
			field("id", true, shape.Value{Kind: shape.ID, Doc: "the policy's id; the file is named after it"}),
			field("title", true, heading("the procedure's title")),
			field("source", false, shape.Value{Kind: shape.Text, Null: true, Doc: "where the procedure comes from"}),
			field("extends", false, shape.Value{Kind: shape.Text, NonBlank: true, Doc: "a policy (id or path) this one starts from: its rules, checks, calendar and counting"}),
			field("remove", false, shape.Value{Kind: shape.List, Null: true, Doc: "with extends: ids of the base's rules and checks to leave out", Item: &shape.Value{Kind: shape.ID}}),
			field("jurisdiction", false, words("whose bank holidays count: england-and-wales, scotland, northern-ireland", calendar.Jurisdictions())),
			field("counting", false, words("day-0 (default: the anchor is day 0) or day-1", countings)),
			field("closures", false, shape.Value{Kind: shape.List, Null: true, Doc: "local closure dates, not working days",
				Item: &shape.Value{Kind: shape.Either, Or: []shape.Value{{Kind: shape.Date}, {Kind: shape.Map, Map: ClosureSpec}}}}),
			field("rules", false, shape.Value{Kind: shape.List, MinItems: 1, Doc: "the timed rules (with extends: replacing the base's rules of the same id, or added)",
				Item: &shape.Value{Kind: shape.Map, Map: RuleSpec}}),
			field("checks", false, listOf(CheckSpec, "the record checks of cpcase check --policy")),
		}}
)

// ruleCases: the keys each kind of rule takes and needs, from the vocabulary's table of kinds.
func ruleCases() []shape.Case {
	var out []shape.Case
	for _, k := range RuleKinds.Words {
		out = append(out, shape.Case{Key: "kind", Value: k.Word, Common: ruleCommon, Allowed: k.Keys, Required: k.Needs, RequiredOneOf: k.NeedsOneOf})
	}
	return out
}

// checkCases: the keys each kind of check needs.
func checkCases() []shape.Case {
	return []shape.Case{
		{Key: "kind", Value: CheckChair, Required: []string{"meetings", "roles"}},
		{Key: "kind", Value: CheckMeetingFields, Required: []string{"meetings", "fields"}},
		{Key: "kind", Value: CheckPlanSections, Required: []string{"sections"}},
		{Key: "kind", Value: CheckExclusion, Required: []string{"roles"}},
		{Key: "kind", Value: CheckDatesSet, Required: []string{"meetings"}},
		{Key: "kind", Value: CheckActionFields, Required: []string{"fields"}},
	}
}
