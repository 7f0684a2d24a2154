// Package casefile writes a case as the four YAML files of a case folder, in the form cpcase init
// writes: each key on its own line with the format's few words on what it means beside it, a line
// at the top pointing editors at the JSON Schemas, and nothing a person would not write by hand.
// Reading the files back gives the same case (the tests hold the two together).
package casefile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/shape"
	"github.com/cpcase/cpcase/internal/schema"
)

// Options say what goes at the top of each file.
type Options struct {
	Schemas string   // the folder of the editors' JSON Schemas, as the modeline names it (relative to the case folder)
	Header  []string // comment lines under the modeline of plan.yaml
	// Notes are comment lines written where a file holds nothing yet, by file name.
	Notes map[string][]string
}

// Files writes c as its four files, by name. Keys the case does not hold are left out (not
// written commented, as init does, since an import fills what it knows).
func Files(c *casefolder.Case, o Options) map[string]string {
	return map[string]string{
		casefolder.PlanFile:     plan(c, o),
		casefolder.MembersFile:  members(c, o),
		casefolder.MeetingsFile: meetings(c, o),
		casefolder.VisitsFile:   visits(c, o),
	}
}

// CommentColumn is where the comments beside keys start, as in the files init writes.
const CommentColumn = 32

type writer struct {
	strings.Builder
	said map[*shape.Mapping]map[string]bool // keys already described in the current list
}

func (w *writer) raw(s string) { w.WriteString(s) }

func (w *writer) comment(lines []string) {
	for _, l := range lines {
		l = strings.Map(func(r rune) rune {
			if r < ' ' || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
				return ' ' // a comment stays on its line
			}
			return r
		}, l)
		w.WriteString(strings.TrimRight("# "+l, " ") + "\n")
	}
}

func (w *writer) line(prefix, body, doc string) { w.WriteString(Line(prefix, body, doc)) }

// Line is one line of a case file as init and import write it: prefix and body, then, when doc
// is not empty, "# doc" from CommentColumn on (or two spaces after a longer body).
func Line(prefix, body, doc string) string {
	s := prefix + body
	if doc != "" {
		s += strings.Repeat(" ", max(CommentColumn-len(s), 2)) + "# " + doc
	}
	return strings.TrimRight(s, " ") + "\n"
}

// Doc is what key of m means, from the format's description. A key m does not have is a mistake
// in the calling code, which its tests find.
func Doc(m *shape.Mapping, key string) string {
	f := m.Field(key)
	if f == nil {
		panic("casefile: " + key + " is not a key of " + m.Name)
	}
	return f.Doc
}

// doc is the description of key, the first time it is written in the current list.
func (w *writer) doc(m *shape.Mapping, key string) string {
	doc := Doc(m, key)
	if w.said == nil {
		w.said = map[*shape.Mapping]map[string]bool{}
	}
	if w.said[m] == nil {
		w.said[m] = map[string]bool{}
	}
	if w.said[m][key] {
		return ""
	}
	w.said[m][key] = true
	return doc
}

// list starts a new list: its items' keys are described again on the first item.
func (w *writer) list(ms ...*shape.Mapping) {
	for _, m := range ms {
		delete(w.said, m)
	}
}

// kv is one key of a mapping and its value, already written as YAML; "" leaves the key out.
type kv struct{ key, value string }

// item writes a list item (indent is the dash's column) or, with dash false, a mapping's keys.
func (w *writer) mapping(indent int, dash bool, m *shape.Mapping, keys []kv) {
	first := true
	for _, k := range keys {
		if k.value == "" {
			continue
		}
		prefix := strings.Repeat(" ", indent)
		if dash {
			if first {
				prefix += "- "
			} else {
				prefix += "  "
			}
		}
		first = false
		if strings.HasPrefix(k.value, "\n") { // a nested block, written below the key
			w.line(prefix, k.key+":", w.doc(m, k.key))
			w.raw(k.value[1:])
			continue
		}
		w.line(prefix, k.key+": "+k.value, w.doc(m, k.key))
	}
}

func modeline(o Options, file string) string {
	if o.Schemas == "" {
		return ""
	}
	return "# yaml-language-server: $schema=" + o.Schemas + "/" + schema.CaseFileName(file) + "\n"
}

// Text is s as a YAML value on one line, quoted when it needs to be: text YAML would write over
// several lines (a line break, a long line) is written double-quoted, as JSON quotes it, which
// YAML reads back the same.
func Text(s string) string {
	if s == "" {
		return ""
	}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s})
	if text := strings.TrimRight(string(out), "\n"); err == nil && !strings.Contains(text, "\n") {
		return text
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimRight(b.String(), "\n")
}

func date(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func ids(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return "[" + strings.Join(list, ", ") + "]"
}

func flag(b bool) string {
	if b {
		return "true"
	}
	return ""
}

func plan(c *casefolder.Case, o Options) string {
	var w writer
	w.raw(modeline(o, casefolder.PlanFile))
	w.comment(o.Header)
	ps := casefolder.PlanSpec
	w.mapping(0, false, ps, []kv{{"case", Text(c.Ref)}, {"policy", Text(c.Policy)}, {"team", Text(c.Team)}})
	w.line("", "children:", w.doc(ps, "children"))
	for _, ch := range c.Children {
		dis := ""
		if ch.Disability != nil {
			dis = strconv.FormatBool(*ch.Disability)
		}
		prev := ""
		if ch.PreviousPlans > 0 {
			prev = strconv.Itoa(ch.PreviousPlans)
		}
		w.mapping(2, true, casefolder.ChildSpec, []kv{{"id", ch.ID}, {"name", Text(ch.Name)}, {"born", date(ch.Born)},
			{"expected", date(ch.Expected)}, {"gender", ch.Gender}, {"ethnicity", ch.Ethnicity}, {"disability", dis}, {"previous_plans", prev}})
	}
	w.line("", "conferences:", w.doc(ps, "conferences"))
	for _, cf := range c.Conferences {
		cats := ""
		if len(cf.Categories) > 0 {
			var b strings.Builder
			for _, x := range cf.Categories {
				fmt.Fprintf(&b, "      %s: %s\n", x.Child, x.Category)
			}
			cats = "\n" + b.String()
		}
		w.mapping(2, true, casefolder.ConferenceSpec, []kv{{"kind", cf.Kind}, {"date", date(cf.Date)}, {"decision", cf.Decision},
			{"children", ids(cf.Children)}, {"lead", cf.Lead}, {"core_group_set", date(cf.CoreGroupSet)},
			{"core_group_every", durationText(cf.CoreGroupEvery.String(), cf.CoreGroupEvery.IsZero())},
			{"visit_every", durationText(cf.VisitEvery.String(), cf.VisitEvery.IsZero())},
			{"next_review", date(cf.NextReview)}, {"categories", cats}})
	}
	if len(c.Escalations) > 0 {
		w.line("", "escalations:", w.doc(ps, "escalations"))
		for _, e := range c.Escalations {
			w.mapping(2, true, casefolder.EscalationSpec, []kv{{"date", date(e.Date)}, {"reason", e.Reason}, {"to", e.To}, {"note", Text(e.Note)}})
		}
	}
	if len(c.Orders) > 0 {
		w.line("", "orders:", w.doc(ps, "orders"))
		for _, x := range c.Orders {
			w.mapping(2, true, casefolder.OrderSpec, []kv{{"kind", x.Kind}, {"from", date(x.From)}, {"to", date(x.To)}, {"children", ids(x.Children)}})
		}
	}
	if len(c.Allocations) > 0 {
		w.line("", "allocations:", w.doc(ps, "allocations"))
		for _, a := range c.Allocations {
			w.mapping(2, true, casefolder.AllocationSpec, []kv{{"from", date(a.From)}, {"to", date(a.To)}, {"team", Text(a.Team)},
				{"worker", a.Worker}, {"children", ids(a.Children)}})
		}
	}
	return w.String()
}

func durationText(s string, zero bool) string {
	if zero {
		return ""
	}
	return Text(s)
}

func members(c *casefolder.Case, o Options) string {
	var w writer
	w.raw(modeline(o, casefolder.MembersFile))
	w.comment(o.Notes[casefolder.MembersFile])
	if len(c.Members) == 0 {
		w.line("", "members: []", w.doc(casefolder.MembersSpec, "members"))
		return w.String()
	}
	w.line("", "members:", w.doc(casefolder.MembersSpec, "members"))
	for _, m := range c.Members {
		excluded := ""
		if m.Excluded {
			excluded = "true"
			if m.Reason != "" {
				excluded = Text(m.Reason)
			}
		}
		w.mapping(2, true, casefolder.MemberSpec, []kv{{"id", m.ID}, {"name", Text(m.Name)}, {"role", Text(m.Role)}, {"agency", Text(m.Agency)},
			{"from", date(m.From)}, {"to", date(m.To)}, {"excluded", excluded}})
	}
	return w.String()
}

func meetings(c *casefolder.Case, o Options) string {
	var w writer
	w.raw(modeline(o, casefolder.MeetingsFile))
	w.comment(o.Notes[casefolder.MeetingsFile])
	if len(c.Meetings) == 0 {
		w.line("", "meetings: []", w.doc(casefolder.MeetingsSpec, "meetings"))
		return w.String()
	}
	w.line("", "meetings:", w.doc(casefolder.MeetingsSpec, "meetings"))
	for _, m := range c.Meetings {
		w.mapping(2, true, casefolder.MeetingSpec, []kv{{"date", date(m.Date)}, {"kind", m.Kind}, {"chair", m.Chair},
			{"present", ids(m.Present)}, {"apologies", ids(m.Apologies)}, {"absent", ids(m.Absent)}, {"summary", Text(m.Summary)},
			{"next", date(m.Next)}, {"rescheduled_from", date(m.RescheduledFrom)}, {"cancelled", flag(m.Cancelled)}})
	}
	return w.String()
}

func visits(c *casefolder.Case, o Options) string {
	var w writer
	w.raw(modeline(o, casefolder.VisitsFile))
	w.comment(o.Notes[casefolder.VisitsFile])
	if len(c.Visits) == 0 {
		w.line("", "visits: []", w.doc(casefolder.VisitsSpec, "visits"))
		return w.String()
	}
	w.line("", "visits:", w.doc(casefolder.VisitsSpec, "visits"))
	vs := append([]casefolder.Visit(nil), c.Visits...)
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].Date < vs[j].Date })
	for _, v := range vs {
		kind := v.Kind
		if kind == casefolder.Other {
			kind = "" // the default
		}
		w.mapping(2, true, casefolder.VisitSpec, []kv{{"date", date(v.Date)}, {"by", v.By}, {"kind", kind},
			{"seen", ids(v.Seen)}, {"alone", ids(v.Alone)}, {"bedroom", flag(v.Bedroom)}, {"no_access", flag(v.NoAccess)}})
	}
	return w.String()
}
