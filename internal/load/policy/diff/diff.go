// Package diff says what changed between two policies, rule by rule, in the plain English of
// `policy show`: "First core group: timescale 10 working days → 15 working days", "rule added",
// "rule removed". Rules are the same rule when they have the same id.
package diff

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/cpcase/cpcase/internal/load/policy"
)

// Change is one thing that differs, in words: what, and its value before and after ("" for
// none).
type Change struct {
	What     string `json:"what"`
	Was      string `json:"was"`
	Now      string `json:"now"`
	Sentence string `json:"sentence"` // the whole change as one line
}

// Rule is one rule that was added, removed or changed.
type Rule struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Status  string   `json:"status"` // added, removed, changed
	Changes []Change `json:"changes,omitempty"`
	Was     string   `json:"was,omitempty"` // the rule as policy show says it, before
	Now     string   `json:"now,omitempty"` // and after
}

// Result is what changed between two policies.
type Result struct {
	A, B    string   `json:"-"`
	Policy  []Change `json:"policy"` // title, source, calendar, counting, closures
	Rules   []Rule   `json:"rules"`
	Checks  []Rule   `json:"checks"`
	Same    int      `json:"unchanged_rules"`
	Added   int      `json:"added"`
	Removed int      `json:"removed"`
	Changed int      `json:"changed"`
}

// Statuses of a rule in a diff.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

func change(what, was, now string) Change {
	c := Change{What: what, Was: was, Now: now}
	switch {
	case was == "":
		c.Sentence = what + ": " + now + " (new)"
	case now == "":
		c.Sentence = what + ": " + was + " (removed)"
	default:
		c.Sentence = what + ": " + was + " → " + now
	}
	return c
}

// Compare lists what changed from a to b.
func Compare(a, b *policy.Policy) Result {
	res := Result{A: a.ID, B: b.ID}
	add := func(what, x, y string) {
		if x != y {
			res.Policy = append(res.Policy, change(what, x, y))
		}
	}
	add("title", a.Title, b.Title)
	add("source", a.Source, b.Source)
	add("calendar", a.Jurisdiction+" bank holidays", b.Jurisdiction+" bank holidays")
	add("counting", countingText(a), countingText(b))
	add("local closures", closures(a), closures(b))

	for _, ra := range a.Rules {
		rb := b.Rule(ra.ID)
		if rb == nil {
			res.Rules = append(res.Rules, Rule{ID: ra.ID, Title: ra.Title, Status: Removed, Was: ra.Describe()})
			res.Removed++
			continue
		}
		ch := ruleChanges(a, b, ra, rb)
		if len(ch) == 0 && same(ra, rb) {
			res.Same++
			continue
		}
		if len(ch) == 0 {
			// something moved that no aspect above names: say it as the whole rule
			ch = []Change{change("the rule", ra.Describe(), rb.Describe())}
		}
		res.Rules = append(res.Rules, Rule{ID: ra.ID, Title: rb.Title, Status: Changed, Changes: ch, Was: ra.Describe(), Now: rb.Describe()})
		res.Changed++
	}
	for _, rb := range b.Rules {
		if a.Rule(rb.ID) == nil {
			res.Rules = append(res.Rules, Rule{ID: rb.ID, Title: rb.Title, Status: Added, Now: rb.Describe()})
			res.Added++
		}
	}
	res.Checks = checks(a, b)
	return res
}

func countingText(p *policy.Policy) string {
	if p.Counting != 0 {
		return "the anchor day counted as day 1"
	}
	return "the anchor day not counted"
}

func closures(p *policy.Policy) string {
	var ds []string
	for _, c := range p.Closures {
		ds = append(ds, c.Date.String())
	}
	return strings.Join(ds, ", ")
}

func ruleCounting(p *policy.Policy, r *policy.Rule) string {
	if r.Counting != nil {
		if *r.Counting != 0 {
			return "the anchor day counted as day 1"
		}
		return "the anchor day not counted"
	}
	return countingText(p)
}

func timescale(t policy.Timescale) string {
	switch {
	case t.Unset:
		return "not set (TBD)"
	case t.ByConference:
		return "set by the conference"
	case t.D.IsZero():
		return "on the day"
	}
	return t.D.String()
}

// ruleChanges names each aspect of a rule that differs, in the words of policy show.
func ruleChanges(pa, pb *policy.Policy, a, b *policy.Rule) []Change {
	var out []Change
	add := func(what, x, y string) {
		if x != y {
			out = append(out, change(what, x, y))
		}
	}
	add("title", a.Title, b.Title)
	add("kind", policy.RuleKinds.Says(a.Kind), policy.RuleKinds.Says(b.Kind))
	add("for", policy.ScopeWords.Says(a.For), policy.ScopeWords.Says(b.For))
	add("plans started by", words(a.StartedBy, "any conference"), words(b.StartedBy, "any conference"))
	// the timescale: alternative by alternative
	n := max(len(a.Due.Alternatives), len(b.Due.Alternatives))
	for i := 0; i < n; i++ {
		label := "timescale"
		if n > 1 {
			label = fmt.Sprintf("timescale %d", i+1)
		}
		var wa, wb, fa, fb, ca, cb string
		if i < len(a.Due.Alternatives) {
			x := a.Due.Alternatives[i]
			wa, fa, ca = timescale(x.Within), anchorText(x), conditions(x.When)
		}
		if i < len(b.Due.Alternatives) {
			x := b.Due.Alternatives[i]
			wb, fb, cb = timescale(x.Within), anchorText(x), conditions(x.When)
		}
		add(label, wa, wb)
		add(strings.Replace(label, "timescale", "counted from", 1), fa, fb)
		add(strings.Replace(label, "timescale", "applies where", 1), ca, cb)
	}
	if len(a.Due.Alternatives) > 1 || len(b.Due.Alternatives) > 1 {
		add("alternatives", alternatives(a), alternatives(b))
	}
	add("event", eventText(a), eventText(b))
	add("met by", policy.MetByWords.Says(a.MetBy), policy.MetByWords.Says(b.MetBy))
	if a.Kind == policy.KindChain || b.Kind == policy.KindChain {
		add("at least every", timescale(a.Every), timescale(b.Every))
		add("counted from", policy.StartWords.Says(a.StartsAt), policy.StartWords.Says(b.StartsAt))
		add("later intervals", thenText(a), thenText(b))
		add("set by a conference's", a.Override, b.Override)
	}
	add("limit", limitText(a.Limit), limitText(b.Limit))
	add("applies where", conditions(a.When), conditions(b.When))
	if a.Kind == policy.KindRun || b.Kind == policy.KindRun {
		add("run of", policy.RunWords.Says(a.Run), policy.RunWords.Says(b.Run))
		add("run length", fmt.Sprint(a.Length), fmt.Sprint(b.Length))
	}
	add("visits that count", visitText(a.Visit), visitText(b.Visit))
	if a.Counting != nil || b.Counting != nil {
		// a change of the policy's own counting is said once, at the top
		add("counting", ruleCounting(pa, a), ruleCounting(pb, b))
	}
	add("cited section", a.Cite, b.Cite)
	return out
}

func anchorText(a policy.Anchor) string {
	if a.Before {
		return "before " + policy.AnchorText(a.After)
	}
	return policy.AnchorText(a.After)
}

func limitText(t policy.Timescale) string {
	if t.D.IsZero() && !t.Unset {
		return ""
	}
	return timescale(t)
}

// conditions is "mother-unfit is recorded and not no-contact" ("" for none).
func conditions(cs []policy.Condition) string {
	var parts []string
	for _, c := range cs {
		if c.Not {
			parts = append(parts, c.Fact+" is not recorded")
		} else {
			parts = append(parts, c.Fact+" is recorded")
		}
	}
	return strings.Join(parts, " and ")
}

func visitText(v policy.VisitFilter) string {
	var parts []string
	if len(v.Kinds) > 0 {
		parts = append(parts, strings.Join(v.Kinds, " or ")+" visits")
	}
	if v.ByLead {
		parts = append(parts, "by the lead social worker")
	}
	if v.Seen {
		parts = append(parts, "the child seen")
	}
	if v.Alone {
		parts = append(parts, "seen alone")
	}
	if v.Bedroom {
		parts = append(parts, "the bedroom seen")
	}
	if len(parts) == 0 {
		return "any visit"
	}
	return strings.Join(parts, ", ")
}

func words(list []string, none string) string {
	if len(list) == 0 {
		return none
	}
	return strings.Join(list, ", ")
}

func alternatives(r *policy.Rule) string {
	if r.Due.Earliest {
		return "whichever is sooner"
	}
	return "the first whose anchor has happened"
}

func eventText(r *policy.Rule) string {
	if r.Event == "" {
		return ""
	}
	s := policy.EventWords.Says(r.Event)
	if r.Nth > 1 {
		s = fmt.Sprintf("%s number %d", s, r.Nth)
	}
	return s
}

func thenText(r *policy.Rule) string {
	var parts []string
	for _, t := range r.Then {
		parts = append(parts, fmt.Sprintf("every %s from %s on", timescale(t.Every), policy.AnchorText(t.From)))
	}
	return strings.Join(parts, "; ")
}

// same reports whether two rules hold the same values, wherever they are written in the file.
func same(a, b *policy.Rule) bool {
	x, y := *a, *b
	clearPos(reflect.ValueOf(&x).Elem())
	clearPos(reflect.ValueOf(&y).Elem())
	return reflect.DeepEqual(x, y)
}

var posType = reflect.TypeOf(policy.Pos{})

// clearPos zeroes every position inside v (a rule's, its timescales', its anchors').
func clearPos(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == posType {
			v.Set(reflect.Zero(posType))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				clearPos(f)
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := 0; i < c.Len(); i++ {
			clearPos(c.Index(i))
		}
		v.Set(c)
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return
		}
		c := reflect.New(v.Elem().Type())
		c.Elem().Set(v.Elem())
		clearPos(c.Elem())
		v.Set(c)
	}
}

func checks(a, b *policy.Policy) []Rule {
	var out []Rule
	find := func(p *policy.Policy, id string) *policy.Check {
		for _, c := range p.Checks {
			if c.ID == id {
				return c
			}
		}
		return nil
	}
	text := func(c *policy.Check) string { return fmt.Sprintf("%s (%s)", c.Title, c.Cite) }
	for _, ca := range a.Checks {
		cb := find(b, ca.ID)
		switch {
		case cb == nil:
			out = append(out, Rule{ID: ca.ID, Title: ca.Title, Status: Removed, Was: text(ca)})
		default:
			x, y := *ca, *cb
			clearPos(reflect.ValueOf(&x).Elem())
			clearPos(reflect.ValueOf(&y).Elem())
			if !reflect.DeepEqual(x, y) {
				var ch []Change
				if ca.Title != cb.Title {
					ch = append(ch, change("title", ca.Title, cb.Title))
				}
				if ca.Cite != cb.Cite {
					ch = append(ch, change("cited section", ca.Cite, cb.Cite))
				}
				if len(ch) == 0 {
					ch = append(ch, Change{What: "the check", Sentence: "what it checks has changed"})
				}
				out = append(out, Rule{ID: ca.ID, Title: cb.Title, Status: Changed, Changes: ch, Was: text(ca), Now: text(cb)})
			}
		}
	}
	for _, cb := range b.Checks {
		if find(a, cb.ID) == nil {
			out = append(out, Rule{ID: cb.ID, Title: cb.Title, Status: Added, Now: text(cb)})
		}
	}
	return out
}
