package policy

import (
	"fmt"
	"strings"
)

var anchorWords = map[string]string{
	"period-start":            "the conference that started the plan",
	"first-review":            "the first review conference",
	"birth":                   "the birth",
	"on-plan":                 "the child coming onto the plan",
	"conference":              "the conference",
	"meeting":                 "the meeting",
	"meeting.to_manager":      "the minutes reaching the manager",
	"meeting.approved":        "the manager approving the minutes",
	"meeting.circulated":      "the minutes being circulated",
	"core-assessment.started": "the core assessment starting",
	"action.due":              "the action's due date",
	"plan.agreed":             "the plan being agreed",
	"run":                     "the second event of the run",
}

var eventWords = map[string]string{
	EventCoreGroup: "core group",
	EventChildPlan: "child's plan meeting",
	EventReview:    "review conference",
	EventVisit:     "visit",
}

func anchorText(a string) string {
	if w, ok := anchorWords[a]; ok {
		return w
	}
	if id, ok := strings.CutPrefix(a, AnchorRulePrefix); ok {
		return "the " + id + " due date"
	}
	if n, ok := strings.CutPrefix(a, "core-group:"); ok {
		return "the " + ordinal(n) + " core group of the plan"
	}
	return a
}

func ordinal(n string) string {
	switch n {
	case "1":
		return "first"
	case "2":
		return "second"
	case "3":
		return "third"
	}
	return n + "th"
}

func (t Timescale) text() string {
	if t.Unset {
		return "timescale not set (TBD)"
	}
	if t.D.IsZero() {
		return ""
	}
	return t.D.String()
}

func (a Anchor) text() string {
	w := a.Within.text()
	switch {
	case a.Within.Unset:
		return w + ", after " + anchorText(a.After)
	case w == "":
		return "on " + anchorText(a.After)
	}
	return "within " + w + " of " + anchorText(a.After)
}

func (r *Rule) dueText() string {
	var parts []string
	for _, a := range r.Due.Alternatives {
		parts = append(parts, a.text())
	}
	if r.Due.Earliest {
		return strings.Join(parts, " or ") + ", whichever is sooner"
	}
	return strings.Join(parts, "; else ")
}

func (r *Rule) timescaleText() string {
	switch r.Kind {
	case KindEvent:
		what := eventWords[r.Event]
		if r.Nth > 1 {
			what = ordinal(fmt.Sprint(r.Nth)) + " " + what
		}
		return fmt.Sprintf("a %s %s", what, r.dueText())
	case KindChain:
		every := r.Every.text()
		s := fmt.Sprintf("a %s at least every %s, counted from %s", eventWords[r.Event], every, startWords[r.StartsAt])
		if r.Every.Unset || r.Every.ByConference {
			s = fmt.Sprintf("a %s at the frequency the conference sets, counted from %s", eventWords[r.Event], startWords[r.StartsAt])
		}
		for _, t := range r.Then {
			s += fmt.Sprintf("; every %s from %s on", t.Every.text(), anchorText(t.From))
		}
		if r.Override != "" {
			s += fmt.Sprintf("; a conference's %s replaces it", r.Override)
		}
		return s
	case KindRun:
		what := map[string]string{RunNoAccess: "home visits with no access", RunAbsent: "core groups a member is absent from"}[r.Run]
		return fmt.Sprintf("after %d consecutive %s, an escalation (%s) %s", r.Length, what, strings.TrimPrefix(r.MetBy, MetEscalationPrefix), r.dueText())
	case KindWindow:
		return fmt.Sprintf("a %s between each conference and the next, %s", eventWords[r.Event], r.dueText())
	}
	return fmt.Sprintf("%s, %s", metWords[r.MetBy], r.dueText())
}

var startWords = map[string]string{
	StartPeriod:     "the conference that started the plan",
	StartFirstGroup: "the first core group",
	StartOnPlan:     "the child coming onto the plan (or the birth)",
}

var metWords = map[string]string{
	MetPlanAgreed: "the plan agreed",
	MetAssessment: "the core assessment completed",
	MetToManager:  "minutes passed to the manager",
	MetApproved:   "minutes approved by the manager",
	MetCirculated: "minutes circulated",
	MetActionDone: "the action done",
	MetPlanSigned: "the plan signed by every member",
}

// AnchorText is an anchor in plain English ("the conference that started the plan"), as `policy
// show` words it, for explanations.
func AnchorText(a string) string { return anchorText(a) }

// StartText is where a chain is counted from, in plain English.
func StartText(startsAt string) string { return startWords[startsAt] }

// EventText is an event kind in plain English ("core group", "visit").
func EventText(ev string) string { return eventWords[ev] }

// MetText is a met_by value in plain English ("minutes circulated").
func MetText(metBy string) string {
	if w, ok := metWords[metBy]; ok {
		return w
	}
	return metBy
}
