package policy

import "strings"

// The vocabulary of the policy language: every word a policy may write as a value, with what it
// means. The loader takes its lists of accepted words from here, lint its did-you-mean, spec.go
// the JSON Schema's enums and descriptions, `policy show` its plain English, and policies/README.md
// its tables (TestReadmeVocabulary keeps them in step). A new word is one entry here and, where
// it changes a date, one evaluator in internal/evaluate/engine.

// Word is one word of the language.
type Word struct {
	Word string
	Doc  string // what it means, for the docs, the schema and lint
	Says string // how `policy show` says it in a sentence; empty: Doc
	// Anchors: the scopes a rule may count from it in (empty: every scope).
	Scopes []string
	// Rule kinds: the keys the kind takes beyond the common ones, the keys it needs, and the
	// keys of which it needs one.
	Keys, Needs, NeedsOneOf []string
	// Anchors: what happens when the anchor is absent unless the rule says (if_absent):
	// IfAbsentWaiting, or IfAbsentSkip for a record a case may never have.
	Absent string
}

// Vocab is one list of words, the values of one key.
type Vocab struct {
	Name  string // what one word is, for messages: "rule kind"
	Key   string // the key (or keys) they are written under
	Words []Word
}

// Names are the words, in table order.
func (v *Vocab) Names() []string {
	out := make([]string, len(v.Words))
	for i, w := range v.Words {
		out[i] = w.Word
	}
	return out
}

// Lookup finds a word.
func (v *Vocab) Lookup(s string) (Word, bool) {
	for _, w := range v.Words {
		if w.Word == s {
			return w, true
		}
	}
	return Word{}, false
}

// Says is how `policy show` says a word: its Says, else its Doc, else the word itself.
func (v *Vocab) Says(s string) string {
	if w, ok := v.Lookup(s); ok {
		if w.Says != "" {
			return w.Says
		}
		if w.Doc != "" {
			return w.Doc
		}
	}
	return s
}

// The keys every rule takes, whatever its kind.
var ruleCommon = []string{"id", "title", "cite", "kind", "for", "started_by", "conference", "label", "order", "counting", "if_absent", "when", "unless"}

// What happens when a rule's anchor is absent.
const (
	IfAbsentWaiting = "waiting"
	IfAbsentSkip    = "skip"
)

// The vocabularies.
var (
	RuleKinds = Vocab{Name: "rule kind", Key: "kind", Words: []Word{
		{Word: KindDeadline, Doc: "met by a recorded date (met_by) within a timescale of an anchor",
			Keys: []string{"after", "before", "within", "limit", "due", "met_by", "meeting", "if_no_meeting", "signatories"}, Needs: []string{"met_by"}, NeedsOneOf: []string{"after", "before", "due"}},
		{Word: KindEvent, Doc: "met by the nth (default 1) event on or after the anchor, never the anchor's own event",
			Keys: []string{"after", "before", "within", "limit", "due", "event", "nth", "counted_from", "visit", "outlives_plan"}, Needs: []string{"event"}, NeedsOneOf: []string{"after", "before", "due"}},
		{Word: KindChain, Doc: `"at least every N": each qualifying event meets the open link and starts the next`,
			Keys: []string{"starts_at", "event", "visit", "every", "limit", "then", "override"}, Needs: []string{"starts_at", "every", "event"}},
		{Word: KindRun, Doc: "a run of length (default 2) consecutive events calls for an escalation (met_by), or without met_by is a breach",
			Keys: []string{"run", "event", "among", "breaks", "at_least", "per", "length", "met_by", "within"}, NeedsOneOf: []string{"run", "event"}},
		{Word: KindWindow, Doc: "met by the first qualifying event between a conference and the next one held",
			Keys: []string{"after", "before", "within", "due", "event", "visit", "missed_at_next_conference"}, Needs: []string{"event"}, NeedsOneOf: []string{"after", "before", "due"}},
	}}

	ScopeWords = Vocab{Name: "scope (for)", Key: "for", Words: []Word{
		{Word: ForPeriod, Says: "each plan period", Doc: "each plan period"},
		{Word: ForCase, Says: "the case", Doc: "the case, once it has a plan period; it ends with the last period when none is running"},
		{Word: ForChild, Says: "each child on the plan, until the child's own end", Doc: "each child on the plan, in each period, until the child's own end"},
		{Word: ForUnbornChild, Says: "each child a pre-birth conference put on the plan unborn, until the child's own end", Doc: "each child a pre-birth conference put on the plan (or kept on it) while unborn, until the child's own end"},
		{Word: ForConference, Says: "each conference held in a plan period", Doc: "each conference held in a period that matches conference: {kind, decision, ends_plan}"},
		{Word: ForCoreGroup, Says: "each core group held", Doc: "each core group held in a period"},
		{Word: ForAction, Says: "each action with a due date", Doc: "each action with a due date, in the plan or agreed at a meeting that was held"},
		{Word: ForEnquiry, Says: "the enquiry the conferences followed", Doc: "the enquiry the conferences followed, once plan.yaml records it (enquiry), plan or no plan"},
	}}

	AnchorWords = Vocab{Name: "anchor", Key: "after", Words: []Word{
		{Word: "period-start", Says: "the conference that started the plan", Doc: "the conference that started the period",
			Scopes: []string{ForCase, ForPeriod, ForChild, ForUnbornChild, ForConference, ForCoreGroup}},
		{Word: "first-review", Says: "the first review conference", Doc: "the period's first review conference", Scopes: []string{ForPeriod, ForChild}},
		{Word: "plan.agreed", Says: "the plan being agreed", Doc: "the date in plan.agreed", Scopes: []string{ForCase, ForPeriod}},
		{Word: "birth", Says: "the birth", Doc: "the child's born date", Scopes: []string{ForChild, ForUnbornChild}},
		{Word: "on-plan", Says: "the child coming onto the plan", Doc: "the child coming onto the plan, or the birth if later", Scopes: []string{ForChild}},
		{Word: "conference", Says: "the conference", Doc: "the conference itself", Scopes: []string{ForConference}},
		{Word: "meeting", Says: "the meeting", Doc: "the meeting (core group) itself", Scopes: []string{ForPeriod, ForCoreGroup}},
		{Word: "meeting.to_manager", Says: "the minutes reaching the manager", Doc: "the meeting's record.to_manager", Scopes: []string{ForPeriod, ForCoreGroup}},
		{Word: "meeting.approved", Says: "the manager approving the minutes", Doc: "the meeting's record.approved", Scopes: []string{ForPeriod, ForCoreGroup}},
		{Word: "meeting.circulated", Says: "the minutes being circulated", Doc: "the meeting's record.circulated", Scopes: []string{ForPeriod, ForCoreGroup}},
		{Word: "core-assessment.started", Says: "the core assessment starting", Doc: "core_assessment.started (absent: no obligation unless if_absent says waiting)",
			Scopes: []string{ForCase}, Absent: IfAbsentSkip},
		{Word: "action.due", Says: "the action's due date", Doc: "the action's own due date", Scopes: []string{ForAction}},
		{Word: "next-review", Says: "the review date the conference set", Doc: "the next_review date set by the conference (for: conference), or by the latest conference of the period that set one",
			Scopes: []string{ForPeriod, ForConference}},
		{Word: "next-review-conference", Says: "the next review conference", Doc: "the first review conference after the conference (for: conference) or the period start, held or booked",
			Scopes: []string{ForPeriod, ForConference}},
		{Word: "strategy-discussion", Says: "the strategy discussion", Doc: "enquiry.strategy_discussion (absent: no obligation unless if_absent says waiting)",
			Scopes: []string{ForEnquiry, ForCase}, Absent: IfAbsentSkip},
		{Word: "section47-started", Says: "the start of the enquiry", Doc: "enquiry.section47_started (absent: no obligation unless if_absent says waiting)",
			Scopes: []string{ForEnquiry, ForCase}, Absent: IfAbsentSkip},
	}}

	EventWords = Vocab{Name: "event", Key: "event", Words: []Word{
		{Word: EventCoreGroup, Says: "core group", Doc: "a core group held (not cancelled)"},
		{Word: EventChildPlan, Says: "child's plan meeting", Doc: "a child-plan meeting held"},
		{Word: EventReview, Says: "review conference", Doc: "a review conference held"},
		{Word: EventVisit, Says: "visit", Doc: "a visit that passes the rule's visit filter (with access, unless the filter names an outcome)"},
		{Word: EventInitial, Says: "initial conference", Doc: "an initial conference held, whatever its decision"},
	}}

	MetByWords = Vocab{Name: "met_by", Key: "met_by", Words: []Word{
		{Word: MetPlanAgreed, Says: "the plan agreed", Doc: "plan.agreed, dated within the period"},
		{Word: MetAssessment, Says: "the core assessment completed", Doc: "core_assessment.completed"},
		{Word: MetToManager, Says: "minutes passed to the manager", Doc: "the meeting's record.to_manager"},
		{Word: MetApproved, Says: "minutes approved by the manager", Doc: "the meeting's record.approved"},
		{Word: MetCirculated, Says: "minutes circulated", Doc: "the meeting's record.circulated"},
		{Word: MetActionDone, Says: "the action done", Doc: "the action's done date"},
		{Word: MetPlanSigned, Says: "the plan signed by every member who must sign", Doc: "the last plan.signed date, once every member who must sign (signatories) has signed"},
		{Word: MetConfRecord, Says: "the conference record circulated", Doc: "the conference's record.circulated (for: conference)"},
		{Word: MetConfPlan, Says: "the outline plan circulated", Doc: "the conference's record.plan_circulated (for: conference)"},
		{Word: MetEscalationPrefix + "no-access", Says: "a no-access escalation", Doc: "an escalation with reason no-access on or after the run's last event"},
		{Word: MetEscalationPrefix + "absence", Says: "an absence escalation", Doc: "an escalation with reason absence"},
		{Word: MetEscalationPrefix + "drift", Says: "a drift escalation", Doc: "an escalation with reason drift"},
		{Word: MetEscalationPrefix + "other", Says: "an escalation", Doc: "an escalation with reason other"},
	}}

	StartWords = Vocab{Name: "chain start (starts_at)", Key: "starts_at", Words: []Word{
		{Word: StartPeriod, Says: "the conference that started the plan", Doc: "the conference that started the period"},
		{Word: StartFirstGroup, Says: "the first core group", Doc: "the period's first core group (no rows before it)"},
		{Word: StartOnPlan, Says: "the child coming onto the plan (or the birth)", Doc: "per child: the period start, the conference that added the child, or the birth"},
	}}

	RunWords = Vocab{Name: "run", Key: "run", Words: []Word{
		{Word: RunNoAccess, Says: "home visits with no access", Doc: "consecutive home visits of the period with no_access (a home visit with access ends the run)"},
		{Word: RunAbsent, Says: "core groups a member is absent from", Doc: "per member, consecutive core groups listing the member in absent"},
	}}

	OverrideWords = Vocab{Name: "override", Key: "override", Words: []Word{
		{Word: "core_group_every", Doc: "a conference's core_group_every replaces the interval for links that start on or after it"},
		{Word: "visit_every", Doc: "a conference's visit_every replaces the interval for links that start on or after it"},
		{Word: OverrideReview, Doc: "a review-conference chain: the link that starts at a conference which set next_review is due on that date"},
	}}

	CountingWords = Vocab{Name: "counting", Key: "counting", Words: []Word{
		{Word: "day-0", Says: "the anchor day not counted", Doc: "the anchor day is not counted (default)"},
		{Word: "day-1", Says: "the anchor day counted as day 1", Doc: "the anchor day is day 1"},
	}}

	IfAbsentWords = Vocab{Name: "if_absent", Key: "if_absent", Words: []Word{
		{Word: IfAbsentWaiting, Doc: "the obligation is waiting until the anchor happens"},
		{Word: IfAbsentSkip, Doc: "no obligation while the anchor is absent"},
	}}

	UnitWords = Vocab{Name: "unit", Key: "within, every", Words: []Word{
		{Word: "working days", Doc: "Monday to Friday, not a bank holiday of the jurisdiction nor a closure; the anchor day not counted"},
		{Word: "days", Doc: "calendar days: D + N"},
		{Word: "calendar days", Doc: "the same as days, in the words some procedures use"},
		{Word: "weeks", Doc: "D + 7N"},
		{Word: "months", Doc: "the same day N months later, or that month's last day"},
	}}

	ConferenceKindWords = Vocab{Name: "conference kind", Key: "conference.kind, started_by", Words: []Word{
		{Word: "initial", Doc: "an initial child protection conference"},
		{Word: "pre-birth", Doc: "a pre-birth conference"},
		{Word: "review", Doc: "a review conference"},
		{Word: "transfer-in", Doc: "a transfer-in conference"},
	}}

	DecisionWords = Vocab{Name: "decision", Key: "conference.decision", Words: []Word{
		{Word: "plan", Doc: "a plan made (while a plan runs: continue, adding the children named)"},
		{Word: "no-plan", Doc: "no plan made"},
		{Word: "continue", Doc: "the plan continues (adds nobody)"},
		{Word: "end", Doc: "the plan ends for the children named"},
	}}

	OutcomeWords = Vocab{Name: "visit outcome", Key: "visit.outcome", Words: []Word{
		{Word: "seen", Doc: "the children were seen"}, {Word: "not-in", Doc: "nobody was in"},
		{Word: "refused", Doc: "access was refused"}, {Word: "away", Doc: "the family was away"},
		{Word: "no-access", Doc: "no access, for another reason"},
	}}

	VisitKindWords = Vocab{Name: "visit kind", Key: "visit.kind", Words: []Word{
		{Word: "home", Doc: "a home visit"}, {Word: "school", Doc: "a visit at school"},
		{Word: "office", Doc: "a visit at the office"}, {Word: "other", Doc: "any other visit"},
	}}
)

// Vocabularies lists every vocabulary, for the docs and the tests that keep them in step.
var Vocabularies = []*Vocab{&RuleKinds, &ScopeWords, &AnchorWords, &EventWords, &MetByWords, &StartWords,
	&RunWords, &OverrideWords, &CountingWords, &IfAbsentWords, &UnitWords, &ConferenceKindWords, &DecisionWords, &VisitKindWords, &OutcomeWords}

// anchorsFor lists the anchors a rule of the scope may count from (besides rule:ID and
// core-group:N), in table order.
func anchorsFor(scope string) []string {
	var out []string
	for _, w := range AnchorWords.Words {
		if len(w.Scopes) == 0 || contains(w.Scopes, scope) {
			out = append(out, w.Word)
		}
	}
	return out
}

// kindWord is the table entry of a rule kind.
func kindWord(kind string) Word {
	w, _ := RuleKinds.Lookup(kind)
	return w
}

// suggest is lint's did-you-mean: the word of words nearest to got, when it is near enough to be
// a slip of the keyboard (an edit distance of at most a third of the word), as
// ` (did you mean "x"?)`, else "".
func suggest(got string, words []string) string {
	best, bestD := "", len(got)/3+1
	for _, w := range words {
		if d := editDistance(strings.ToLower(got), strings.ToLower(w)); d < bestD {
			best, bestD = w, d
		}
	}
	if best == "" || best == got {
		return ""
	}
	return ` (did you mean "` + best + `"?)`
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
