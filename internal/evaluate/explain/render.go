package explain

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
)

// dateText is a date as people read it: "Thu 11 Jun 2026".
func dateText(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("Mon 2 Jan 2006")
}

// clean drops control characters (escape sequences, carriage returns) from text that came from a
// file, so that a title or a name cannot redraw a terminal.
func clean(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

func (r Record) text() string {
	s := clean(r.What)
	if !r.Date.IsZero() {
		s += ", " + dateText(r.Date)
	}
	if r.At.Line > 0 {
		s += " (" + clean(r.At.String()) + ")"
	}
	return s
}

// countingText says how the anchor day is counted.
func countingText(c duration.Counting) string {
	if c == duration.Day1 {
		return "the anchor day counted as day 1"
	}
	return "the anchor day not counted"
}

// Lines are the derivation as labelled lines, for the text renderer.
func (d Derivation) Lines() [][2]string {
	o := d.Obligation
	var out [][2]string
	add := func(label, text string) { out = append(out, [2]string{label, text}) }
	rule := clean(d.RuleText)
	if rule == "" {
		rule = clean(o.Title)
	}
	add("rule", rule)
	if d.RuleAt.File != "" {
		add("", "policy "+clean(o.Policy)+", "+clean(d.RuleAt.String()))
	}
	if o.Child != "" {
		add("child", clean(o.Child))
	}
	if o.Detail != "" {
		add("about", clean(o.Detail))
	}
	if o.Period > 0 {
		add("period", fmt.Sprintf("plan period %d", o.Period))
	}
	anchor := d.Anchor.text()
	if d.AnchorText != "" {
		anchor = clean(d.AnchorText) + ": " + anchor
	}
	add("anchor", anchor)
	if d.Override != nil {
		ov := d.Override
		add("override", fmt.Sprintf("%s: %s, set by the %s", ov.Key, ov.Value, ov.Conference.text()))
	}
	if d.Interval != "" {
		add("interval", d.Interval)
	}
	if k := d.Count; k != nil {
		if k.Within.IsZero() {
			add("count", "due on the day of the anchor")
		} else {
			s := fmt.Sprintf("%s %s %s, %s", k.Within, direction(k), dateText(k.From), countingText(k.Counting))
			if k.Before {
				s = fmt.Sprintf("%s before %s", k.Within, dateText(k.From))
			}
			if k.Calendar != "" {
				s += fmt.Sprintf("; %d working days counted in the %s calendar", k.Counted, k.Calendar)
			}
			add("count", s)
		}
		for i, line := range skippedLines(k.Skipped) {
			label := ""
			if i == 0 {
				label = "skipped"
			}
			add(label, line)
		}
		if k.Calendar != "" && len(k.Skipped) == 0 {
			add("skipped", "none")
		}
		if k.Note != "" {
			add("note", k.Note)
		}
		if !k.Agrees {
			add("warning", "counting this again does not give the due date; please report it")
		}
	}
	if !o.Due.IsZero() {
		add("due", dateText(o.Due))
		if !o.Limit.IsZero() {
			l := dateText(o.Limit) + ", the rule's outer limit"
			if o.OverLimit {
				l += "; past it"
			} else {
				l += "; within it"
			}
			add("limit", l)
		}
	}
	if d.Why != "" {
		add("why", d.Why)
	}
	if d.Met != nil {
		m := d.Met.text()
		if d.Met.Fact != "" {
			m = d.Met.Fact + " " + dateText(d.Met.Date) + " (" + clean(d.Met.What) + ", " + clean(d.Met.At.String()) + ")"
		}
		add("met", m)
	}
	if d.Booked != nil {
		s := "booked: " + d.Booked.text()
		if o.BookedLate {
			s += ", after the due date: a foreseeable breach"
		}
		add("booked", s)
	}
	add("status", d.Status+" (as of "+dateText(d.AsOf)+")")
	return out
}

// skippedLines groups skipped days: weekends on one line, each holiday or closure on its own.
func skippedLines(ss []Skip) []string {
	var weekends []string
	var out []string
	for _, s := range ss {
		if s.Why == Weekend {
			weekends = append(weekends, s.Date.Time().Format("Mon 2 Jan"))
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s (%s)", dateText(s.Date), clean(s.Name), s.Why))
	}
	if len(weekends) > 0 {
		out = append([]string{fmt.Sprintf("%d weekend days: %s", len(weekends), strings.Join(weekends, ", "))}, out...)
	}
	return out
}

// Text writes each derivation as a heading and labelled lines, a blank line between them.
func Text(w io.Writer, ds []Derivation) error {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteString("\n")
		}
		o := d.Obligation
		fmt.Fprintf(&b, "%s  %s: %s", clean(o.Case), clean(o.Rule), clean(o.Title))
		if o.Cite != "" {
			fmt.Fprintf(&b, " (%s)", clean(o.Cite))
		}
		b.WriteString("\n")
		for _, l := range d.Lines() {
			fmt.Fprintf(&b, "  %-9s %s\n", l[0], l[1])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Short is the derivation in one line, for `due --explain`: "10 working days after initial
// conference Thu 11 Jun 2026 (plan.yaml:9), 4 weekend days skipped; met Wed 24 Jun 2026".
func Short(d Derivation) string {
	o := d.Obligation
	var parts []string
	switch k := d.Count; {
	case k != nil && k.Within.IsZero() && d.AnchorText != "":
		parts = append(parts, "on "+clean(d.AnchorText)+": "+d.Anchor.text())
	case k != nil && k.Within.IsZero():
		parts = append(parts, "on the day of the "+d.Anchor.text())
	case k != nil:
		s := k.Within.String() + " " + direction(k) + " " + d.Anchor.text()
		if sk := skippedShort(k.Skipped); sk != "" {
			s += ", skipping " + sk
		}
		parts = append(parts, s)
	case d.Why != "":
		parts = append(parts, d.Why)
	}
	if d.Override != nil {
		parts = append(parts, fmt.Sprintf("%s %s set by the %s", d.Override.Key, d.Override.Value, d.Override.Conference.text()))
	}
	if d.Met != nil {
		parts = append(parts, "met "+dateText(o.Met)+" ("+clean(d.Met.At.String())+")")
	}
	if d.Booked != nil {
		parts = append(parts, "booked "+dateText(o.Booked)+" ("+clean(d.Booked.At.String())+")")
	}
	return strings.Join(parts, "; ")
}

// skippedShort is "4 weekend days and Mon 31 Aug 2026 (Summer bank holiday)".
func skippedShort(ss []Skip) string {
	weekend := 0
	var named []string
	for _, s := range ss {
		if s.Why == Weekend {
			weekend++
		} else {
			named = append(named, dateText(s.Date)+" ("+clean(s.Name)+")")
		}
	}
	var parts []string
	if weekend > 0 {
		parts = append(parts, fmt.Sprintf("%d weekend days", weekend))
	}
	parts = append(parts, named...)
	return strings.Join(parts, " and ")
}

// The JSON shape of a derivation; field names are stable.
type jsonDerivation struct {
	Case     string        `json:"case"`
	Policy   string        `json:"policy"`
	Rule     string        `json:"rule"`
	Title    string        `json:"title"`
	Cite     string        `json:"cite"`
	Kind     string        `json:"kind"`
	RuleText string        `json:"rule_text"`
	RuleAt   string        `json:"rule_at"`
	Child    string        `json:"child"`
	Period   int           `json:"period"`
	Detail   string        `json:"detail"`
	Anchor   jsonAnchor    `json:"anchor"`
	Count    *jsonCount    `json:"count"`
	Override *jsonOverride `json:"override"`
	Interval string        `json:"interval,omitempty"`
	Due      *string       `json:"due"`
	Met      *jsonRecord   `json:"met"`
	Booked   *jsonBooked   `json:"booked"`
	Status   string        `json:"status"`
	Says     string        `json:"status_text"`
	Why      string        `json:"why"`
	AsOf     string        `json:"as_of"`
}

type jsonAnchor struct {
	Name string  `json:"name"`
	Text string  `json:"text"`
	What string  `json:"record"`
	Date *string `json:"date"`
	At   string  `json:"at"`
}

type jsonCount struct {
	Within   string     `json:"within"`
	From     string     `json:"from"`
	Counting string     `json:"counting"`
	Calendar string     `json:"calendar,omitempty"`
	Counted  *int       `json:"working_days_counted,omitempty"`
	Skipped  []jsonSkip `json:"skipped"`
	Note     string     `json:"note,omitempty"`
	Agrees   bool       `json:"agrees"`
}

type jsonSkip struct {
	Date string `json:"date"`
	Why  string `json:"why"`
	Name string `json:"name,omitempty"`
}

type jsonOverride struct {
	Key        string     `json:"key"`
	Value      string     `json:"value"`
	Conference jsonRecord `json:"conference"`
}

type jsonRecord struct {
	What string `json:"record"`
	Fact string `json:"fact,omitempty"`
	Date string `json:"date"`
	At   string `json:"at"`
}

type jsonBooked struct {
	jsonRecord
	Late bool `json:"after_due"`
}

func datePtr(d civil.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func (r Record) json() jsonRecord {
	return jsonRecord{What: r.What, Fact: r.Fact, Date: r.Date.String(), At: r.At.String()}
}

func (d Derivation) json() jsonDerivation {
	o := d.Obligation
	j := jsonDerivation{
		Case: o.Case, Policy: o.Policy, Rule: o.Rule, Title: o.Title, Cite: o.Cite, Kind: d.Kind,
		RuleText: d.RuleText, RuleAt: d.RuleAt.String(), Child: o.Child, Period: o.Period, Detail: o.Detail,
		Interval: d.Interval, Due: datePtr(o.Due), Status: string(o.Status), Says: d.Status, Why: d.Why, AsOf: d.AsOf.String(),
	}
	if o.Basis != nil {
		j.Anchor.Name = o.Basis.After
	}
	j.Anchor.Text, j.Anchor.What, j.Anchor.Date, j.Anchor.At = d.AnchorText, d.Anchor.What, datePtr(d.Anchor.Date), d.Anchor.At.String()
	if k := d.Count; k != nil {
		jc := &jsonCount{Within: k.Within.String(), From: k.From.String(), Counting: k.Counting.String(), Calendar: k.Calendar, Note: k.Note, Agrees: k.Agrees, Skipped: []jsonSkip{}}
		if k.Calendar != "" {
			n := k.Counted
			jc.Counted = &n
		}
		for _, s := range k.Skipped {
			jc.Skipped = append(jc.Skipped, jsonSkip{Date: s.Date.String(), Why: s.Why, Name: s.Name})
		}
		j.Count = jc
	}
	if ov := d.Override; ov != nil {
		j.Override = &jsonOverride{Key: ov.Key, Value: ov.Value.String(), Conference: ov.Conference.json()}
	}
	if d.Met != nil {
		m := d.Met.json()
		j.Met = &m
	}
	if d.Booked != nil {
		j.Booked = &jsonBooked{jsonRecord: d.Booked.json(), Late: o.BookedLate}
	}
	return j
}

// JSON writes an array of derivations (an empty array when there are none).
func JSON(w io.Writer, ds []Derivation) error {
	out := make([]jsonDerivation, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.json())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// direction is how a count runs from its anchor: after it, or before it.
func direction(k *Count) string {
	if k.Before {
		return "before"
	}
	return "after"
}
