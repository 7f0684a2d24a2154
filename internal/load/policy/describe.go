package policy

import (
	"fmt"
	"strconv"
	"strings"
)

func anchorText(a string) string {
	if a == "run" {
		return "the second event of the run"
	}
	if w, ok := AnchorWords.Lookup(a); ok {
		return w.Says
	}
	if id, ok := strings.CutPrefix(a, AnchorRulePrefix); ok {
		return "the " + id + " due date"
	}
	if n, ok := strings.CutPrefix(a, "core-group:"); ok {
		return "the " + ordinal(n) + " core group of the plan"
	}
	return a
}

// ordinal is "first", "second", "third", then "4th", "21st", "22nd", "111th".
func ordinal(n string) string {
	switch n {
	case "1":
		return "first"
	case "2":
		return "second"
	case "3":
		return "third"
	}
	v, err := strconv.Atoi(n)
	if err != nil {
		return n
	}
	switch {
	case v%100 >= 11 && v%100 <= 13:
		return n + "th"
	case v%10 == 1:
		return n + "st"
	case v%10 == 2:
		return n + "nd"
	case v%10 == 3:
		return n + "rd"
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
	var s string
	switch {
	case a.Within.Unset:
		s = w + ", after " + anchorText(a.After)
	case w == "":
		s = "on " + anchorText(a.After)
	case a.Before:
		s = "by " + w + " before " + anchorText(a.After)
	default:
		s = "within " + w + " of " + anchorText(a.After)
	}
	if len(a.When) > 0 {
		s += " " + conditionText(a.When)
	}
	return s
}

// conditionText is "if the case records mother-unfit and not interpreter".
func conditionText(cs []Condition) string {
	var parts []string
	for _, c := range cs {
		if c.Not {
			parts = append(parts, "unless "+c.Fact+" is recorded")
		} else {
			parts = append(parts, "if "+c.Fact+" is recorded")
		}
	}
	return strings.Join(parts, " and ")
}

// details are the things besides the timescale that move a date: the scope, the plan periods
// it applies to, filters, counting, conditions, who signs, what happens when an anchor is absent.
func (r *Rule) details() []string {
	var out []string
	if r.For != "" {
		out = append(out, "one for "+ScopeWords.Says(r.For))
	}
	if len(r.StartedBy) > 0 {
		out = append(out, "only in plans started by "+article(strings.Join(r.StartedBy, " or "))+" conference")
	}
	if f := r.Conference.text(); f != "" {
		out = append(out, "at "+f)
	}
	if f := r.Visit.text(); f != "" && r.Event == EventVisit {
		out = append(out, "counting only visits "+f)
	}
	if r.CountedFrom != "" {
		out = append(out, "events counted from "+anchorText(r.CountedFrom))
	}
	if r.Counting != nil {
		out = append(out, "counted with "+CountingWords.Says(map[bool]string{true: "day-1", false: "day-0"}[*r.Counting != 0]))
	}
	if len(r.When) > 0 {
		out = append(out, "only "+conditionText(r.When))
	}
	if r.MetBy == MetPlanSigned {
		who := "every member active on the day, not excluded"
		if len(r.Signatories.Roles) > 0 {
			who += ", in role " + strings.Join(r.Signatories.Roles, " or ")
		}
		if len(r.Signatories.Except) > 0 {
			who += ", except role " + strings.Join(r.Signatories.Except, " or ")
		}
		out = append(out, "who signs: "+who)
	}
	absent := r.IfAbsent
	if absent == "" && len(r.Due.Alternatives) > 0 {
		if w, ok := AnchorWords.Lookup(r.Due.Alternatives[0].After); ok {
			absent = w.Absent
		}
	}
	if absent == IfAbsentSkip || r.IfNoMeeting == IfNoMeetingSkip {
		out = append(out, "no obligation while the anchor is absent")
	}
	if r.MissedAtNext {
		out = append(out, "missed when the next conference is held without it")
	}
	if r.OutlivesPlan {
		out = append(out, "still counted after the plan ends")
	}
	if r.Kind == KindRun && r.Run == "" && r.Event == EventCoreGroup {
		out = append(out, "a run of core groups for each member, broken by one "+absentText(r.Breaks.Absent))
	} else if r.Kind == KindRun && r.Run == "" {
		s := "a run of visits"
		if f := r.Among.text(); f != "" {
			s += " " + f
		}
		if f := r.Breaks.text(); f != "" && r.AtLeast > 1 {
			s += ", of which at least " + fmt.Sprint(r.AtLeast) + " in every " + fmt.Sprint(r.Length) + " must be " + f
		} else if f != "" {
			s += ", broken by one " + f
		}
		if r.Per == ForChild {
			s += ", for each child"
		}
		out = append(out, s)
	}
	return out
}

func absentText(a *bool) string {
	switch {
	case a == nil:
		return "of any kind"
	case *a:
		return "the member is absent from"
	}
	return "the member is not absent from"
}

// text is the conference filter in words, or "".
func (f ConferenceFilter) text() string {
	var parts []string
	if len(f.Kinds) > 0 {
		parts = append(parts, strings.Join(f.Kinds, " or ")+" conferences")
	} else if len(f.Decisions) > 0 || f.EndsPlan != nil {
		parts = append(parts, "conferences")
	}
	if len(f.Decisions) > 0 {
		parts = append(parts, "deciding "+strings.Join(f.Decisions, " or "))
	}
	if f.EndsPlan != nil {
		parts = append(parts, map[bool]string{true: "that end the plan", false: "but the one that ends the plan"}[*f.EndsPlan])
	}
	return strings.Join(parts, " ")
}

// text is the visit filter in words, or "".
func (f VisitFilter) text() string {
	var parts []string
	if len(f.Kinds) > 0 {
		parts = append(parts, "of kind "+strings.Join(f.Kinds, " or "))
	}
	if f.ByLead {
		parts = append(parts, "by the lead social worker")
	}
	if f.Seen {
		parts = append(parts, "seeing the child")
	}
	if f.Alone {
		parts = append(parts, "seeing the child alone")
	}
	if f.Bedroom {
		parts = append(parts, "seeing the bedroom")
	}
	if len(f.Outcomes) > 0 {
		parts = append(parts, "with outcome "+strings.Join(f.Outcomes, " or "))
	}
	return strings.Join(parts, ", ")
}

func (r *Rule) dueText() string {
	var parts []string
	for _, a := range r.Due.Alternatives {
		parts = append(parts, a.text())
	}
	if r.Due.Earliest {
		return strings.Join(parts, " or ") + ", whichever is sooner"
	}
	if !r.Limit.D.IsZero() {
		parts[len(parts)-1] += ", and no later than " + r.Limit.D.String()
	}
	return strings.Join(parts, "; else ")
}

func (r *Rule) timescaleText() string {
	switch r.Kind {
	case KindEvent:
		what := EventWords.Says(r.Event)
		if r.Nth > 1 {
			what = ordinal(fmt.Sprint(r.Nth)) + " " + what
		}
		return fmt.Sprintf("%s %s", article(what), r.dueText())
	case KindChain:
		every := r.Every.text()
		s := fmt.Sprintf("%s at least every %s, counted from %s", article(EventWords.Says(r.Event)), every, StartWords.Says(r.StartsAt))
		if r.Every.Unset || r.Every.ByConference {
			s = fmt.Sprintf("%s at the frequency the conference sets, counted from %s", article(EventWords.Says(r.Event)), StartWords.Says(r.StartsAt))
		}
		if !r.Limit.D.IsZero() {
			s += ", and no more than " + r.Limit.D.String() + " apart"
		}
		for _, t := range r.Then {
			s += fmt.Sprintf("; every %s from %s on", t.Every.text(), anchorText(t.From))
		}
		switch r.Override {
		case "":
		case OverrideReview:
			s += "; a link that starts at a conference which set next_review is due on that date"
		default:
			s += fmt.Sprintf("; a conference's %s replaces it", r.Override)
		}
		return s
	case KindRun:
		what := RunWords.Says(r.Run)
		switch {
		case r.Run == "" && r.Event == EventCoreGroup:
			what = "core groups"
		case r.Run == "":
			what = "visits"
		}
		if r.Run == "" && r.AtLeast > 1 {
			what = fmt.Sprintf("visits with fewer than %d matching", r.AtLeast)
		}
		if r.MetBy == "" {
			return fmt.Sprintf("a run of %d %s is a breach", r.Length, what)
		}
		return fmt.Sprintf("after %d consecutive %s, an escalation (%s) %s", r.Length, what, strings.TrimPrefix(r.MetBy, MetEscalationPrefix), r.dueText())
	case KindWindow:
		return fmt.Sprintf("%s between each conference and the next, %s", article(EventWords.Says(r.Event)), r.dueText())
	}
	return fmt.Sprintf("%s, %s", MetByWords.Says(r.MetBy), r.dueText())
}

// AnchorText is an anchor in plain English ("the conference that started the plan"), as `policy
// show` words it, for explanations.
func AnchorText(a string) string { return anchorText(a) }
