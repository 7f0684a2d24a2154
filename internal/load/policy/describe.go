package policy

import (
	"fmt"
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
		what := EventWords.Says(r.Event)
		if r.Nth > 1 {
			what = ordinal(fmt.Sprint(r.Nth)) + " " + what
		}
		return fmt.Sprintf("a %s %s", what, r.dueText())
	case KindChain:
		every := r.Every.text()
		s := fmt.Sprintf("a %s at least every %s, counted from %s", EventWords.Says(r.Event), every, StartWords.Says(r.StartsAt))
		if r.Every.Unset || r.Every.ByConference {
			s = fmt.Sprintf("a %s at the frequency the conference sets, counted from %s", EventWords.Says(r.Event), StartWords.Says(r.StartsAt))
		}
		for _, t := range r.Then {
			s += fmt.Sprintf("; every %s from %s on", t.Every.text(), anchorText(t.From))
		}
		if r.Override != "" {
			s += fmt.Sprintf("; a conference's %s replaces it", r.Override)
		}
		return s
	case KindRun:
		what := RunWords.Says(r.Run)
		return fmt.Sprintf("after %d consecutive %s, an escalation (%s) %s", r.Length, what, strings.TrimPrefix(r.MetBy, MetEscalationPrefix), r.dueText())
	case KindWindow:
		return fmt.Sprintf("a %s between each conference and the next, %s", EventWords.Says(r.Event), r.dueText())
	}
	return fmt.Sprintf("%s, %s", MetByWords.Says(r.MetBy), r.dueText())
}
