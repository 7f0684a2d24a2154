package casefolder

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// Keys each mapping may hold, in the order docs/format.md lists them (messages list them this way). They
// come from the format's description in spec.go, which the editors' JSON Schemas are made from.
var (
	planKeys       = PlanSpec.Keys()
	childKeys      = ChildSpec.Keys()
	conferenceKeys = ConferenceSpec.Keys()
	assessmentKeys = AssessmentSpec.Keys()
	detailKeys     = DetailSpec.Keys()
	actionKeys     = ActionSpec.Keys()
	escalationKeys = EscalationSpec.Keys()
	orderKeys      = OrderSpec.Keys()
	allocationKeys = AllocationSpec.Keys()
	membersKeys    = MembersSpec.Keys()
	memberKeys     = MemberSpec.Keys()
	meetingsKeys   = MeetingsSpec.Keys()
	meetingKeys    = MeetingSpec.Keys()
	recordKeys     = RecordSpec.Keys()
	visitsKeys     = VisitsSpec.Keys()
	visitKeys      = VisitSpec.Keys()
	confRecordKeys = ConferenceRecordSpec.Keys()
	enquiryKeys    = EnquirySpec.Keys()
)

// MeetingFields are the keys a meeting record may hold, for policies that require some of them.
func MeetingFields() []string { return append([]string(nil), meetingKeys...) }

// ReadFile reads a file of a case folder; tests and the cache may replace it.
type ReadFile func(name string) ([]byte, error)

// Load reads the case in dir. today is the as-of date ("born" may not be after it). The case is
// returned even when there are findings, as far as it could be read; it must not be evaluated
// unless the list holds no errors. A file over yamlwalk.MaxFileSize, one that is not a regular
// file, or a symbolic link that leads out of the case folder, is refused without being read.
func Load(dir string, today civil.Date) (*Case, diag.List) {
	return LoadWith(dir, today, ReadInCase(dir))
}

// ReadInCase is yamlwalk.ReadFile for the files of the case folder dir, refusing unread a file
// that is a symbolic link leading out of the folder: whoever can write the case folder (a pull
// request can add a link) must not be able to make cpcase read, and quote in its findings, a file
// of the person running it (visits.yaml -> ~/.aws/credentials).
func ReadInCase(dir string) ReadFile {
	return func(name string) ([]byte, error) {
		if li, err := os.Lstat(name); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			real, err := filepath.EvalSymlinks(name)
			root, rerr := filepath.EvalSymlinks(dir)
			if err == nil && rerr == nil {
				if rel, err := filepath.Rel(root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
					return nil, &fs.PathError{Op: "read", Path: name, Err: linkOut(real)}
				}
			}
		}
		return yamlwalk.ReadFile(name)
	}
}

type linkOut string

func (l linkOut) Error() string {
	return "is a symbolic link to " + string(l) + ", outside the case folder; cpcase does not read through it (put the file itself in the case folder)"
}

// LoadWith is Load with the file reader given.
func LoadWith(dir string, today civil.Date, read ReadFile) (*Case, diag.List) {
	l := &loader{c: &Case{Dir: dir}, today: today, w: map[string]*yamlwalk.Walker{}, members: map[string]bool{}, children: map[string]bool{}, unusable: map[string]bool{}}
	docs := map[string]*yaml.Node{}
	for _, name := range []string{PlanFile, MembersFile, MeetingsFile, VisitsFile} {
		path := filepath.Join(dir, name)
		w := yamlwalk.New(path, &l.d)
		l.w[name] = w
		data, err := read(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && name != PlanFile {
				continue // absent: none recorded yet
			}
			l.d.Add(path, 0, 0, "cannot read: %s", plainIOError(err))
			l.unusable[name] = true
			continue
		}
		before := l.d.Errors()
		docs[name] = w.Parse(data)
		if l.d.Errors() > before {
			l.unusable[name] = true
		}
	}
	l.c.PlanPos = yamlwalk.Pos{File: filepath.Join(dir, PlanFile), Line: 1, Col: 1}
	// Children and members first: everything else refers to them.
	plan, planOK := l.w[PlanFile].Map(docs[PlanFile], "plan.yaml", planKeys, "case", "children", "conferences")
	if docs[PlanFile] == nil && l.d.Errors() == 0 {
		l.d.Add(l.c.PlanPos.File, 1, 1, "plan.yaml is empty; it must hold at least case, children and conferences")
	}
	if planOK {
		l.childList(plan.Get("children"))
	}
	l.memberList(docs[MembersFile])
	if planOK {
		l.plan(plan)
	}
	l.meetings(docs[MeetingsFile])
	l.visits(docs[VisitsFile])
	l.d.Sort()
	return l.c, l.d
}

func plainIOError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return diag.SameWords(err).Error()
}

type loader struct {
	c        *Case
	d        diag.List
	w        map[string]*yamlwalk.Walker
	today    civil.Date
	members  map[string]bool
	children map[string]bool
	// unusable marks a file that could not be read or parsed: references to the ids it should
	// define are not checked, rather than each reported as unknown.
	unusable map[string]bool
	// hints for unknown ids, made the first time one is needed (each is capped: see
	// yamlwalk.MaxHints)
	memberHints, childHints *yamlwalk.Hinter
}

func (l *loader) plan(f yamlwalk.Fields) {
	w := l.w[PlanFile]
	c := l.c
	c.PlanPos = w.At(f.Node)
	if n := f.Get("case"); n != nil {
		if s, ok := w.String(n, "case"); ok {
			if s == "" {
				w.Errorf(n, "case must not be empty")
			}
			c.Ref = s
			c.RefPos = w.At(n)
		}
	}
	if n := f.Get("policy"); n != nil {
		c.Policy, _ = w.String(n, "policy")
		c.PolicyPos = w.At(n)
	}
	c.Team = w.Text(f.Get("team"), "team")
	l.conferences(f.Get("conferences"))
	if n := f.Get("core_assessment"); n != nil && n.Tag != "!!null" {
		if af, ok := w.Map(n, "core_assessment", assessmentKeys); ok {
			ca := &CoreAssessment{Pos: w.At(n)}
			ca.Started, _ = w.Date(af.Get("started"), "started")
			ca.Completed, _ = w.Date(af.Get("completed"), "completed")
			if !ca.Started.IsZero() && !ca.Completed.IsZero() && ca.Completed < ca.Started {
				w.Errorf(af.Get("completed"), "core assessment completed %s, before it started %s", ca.Completed, ca.Started)
			}
			c.CoreAssessment = ca
		}
	}
	if n := f.Get("plan"); n != nil && n.Tag != "!!null" {
		l.detail(n)
	}
	if n := f.Get("enquiry"); n != nil && n.Tag != "!!null" {
		if ef, ok := w.Map(n, "enquiry", enquiryKeys); ok {
			c.Enquiry = &Enquiry{Pos: w.At(n)}
			c.Enquiry.StrategyDiscussion = l.optDate(w, ef.Get("strategy_discussion"), "strategy_discussion")
			c.Enquiry.Section47Started = l.optDate(w, ef.Get("section47_started"), "section47_started")
		}
	}
	c.Facts = l.facts(w, f.Get("facts"))
	for _, n := range w.Seq(f.Get("escalations"), "escalations") {
		ef, ok := w.Map(n, "an escalation", escalationKeys, "date", "reason")
		if !ok {
			continue
		}
		e := Escalation{Pos: w.At(n)}
		e.Date, _ = w.Date(ef.Get("date"), "date")
		e.Reason, _ = w.Enum(ef.Get("reason"), "reason", ReasonNoAccess, ReasonAbsence, ReasonDrift, ReasonOther)
		e.To = l.memberRef(w, ef.Get("to"), "to")
		e.Note = w.Text(ef.Get("note"), "note")
		c.Escalations = append(c.Escalations, e)
	}
	sort.SliceStable(c.Escalations, func(i, j int) bool { return c.Escalations[i].Date < c.Escalations[j].Date })
	l.orders(f.Get("orders"))
	l.allocations(f.Get("allocations"))
}

// categories reads a conference's categories of abuse: child id to category.
func (l *loader) categories(w *yamlwalk.Walker, n *yaml.Node) []Category {
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		w.Errorf(n, "categories must map child ids to categories of abuse, found %s", yamlwalk.Kind(n))
		return nil
	}
	var out []Category
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		cat, catOK := w.Enum(v, "category of abuse", Categories...)
		id, ok := w.ID(k, "child id")
		if !ok {
			continue
		}
		if line, dup := first[id]; dup {
			w.Errorf(k, "duplicate key %q in categories (first at line %d); each child has one category", id, line)
			continue
		}
		first[id] = k.Line
		if !l.children[id] {
			if !l.unusable[PlanFile] {
				w.Errorf(k, "unknown child %q in categories (not a child in plan.yaml)", id)
			}
			continue
		}
		if catOK {
			out = append(out, Category{Child: id, Category: cat})
		}
	}
	return out
}

func (l *loader) orders(n *yaml.Node) {
	w := l.w[PlanFile]
	for _, on := range w.Seq(n, "orders") {
		f, ok := w.Map(on, "an order", orderKeys, "kind", "from")
		if !ok {
			continue
		}
		o := Order{Pos: w.At(on)}
		o.Kind, _ = w.Enum(f.Get("kind"), "order kind", OrderKinds...)
		o.From, _ = w.Date(f.Get("from"), "from")
		if tn := f.Get("to"); tn != nil {
			o.To, _ = w.Date(tn, "to")
		}
		if !o.From.IsZero() && !o.To.IsZero() && o.To < o.From {
			w.Errorf(f.Get("to"), "order ended (to: %s) before it started (from: %s)", o.To, o.From)
		}
		o.Children = l.childRefs(w, f.Get("children"), "children")
		l.c.Orders = append(l.c.Orders, o)
	}
	sort.SliceStable(l.c.Orders, func(i, j int) bool { return l.c.Orders[i].From < l.c.Orders[j].From })
}

func (l *loader) allocations(n *yaml.Node) {
	w := l.w[PlanFile]
	for _, an := range w.Seq(n, "allocations") {
		f, ok := w.Map(an, "an allocation", allocationKeys, "from")
		if !ok {
			continue
		}
		a := Allocation{Pos: w.At(an)}
		a.From, _ = w.Date(f.Get("from"), "from")
		if tn := f.Get("to"); tn != nil {
			a.To, _ = w.Date(tn, "to")
		}
		if !a.From.IsZero() && !a.To.IsZero() && a.To < a.From {
			w.Errorf(f.Get("to"), "allocation ended (to: %s) before it started (from: %s)", a.To, a.From)
		}
		a.Team = w.Text(f.Get("team"), "team")
		a.Worker = l.memberRef(w, f.Get("worker"), "worker")
		a.Children = l.childRefs(w, f.Get("children"), "children")
		l.c.Allocations = append(l.c.Allocations, a)
	}
	sort.SliceStable(l.c.Allocations, func(i, j int) bool { return l.c.Allocations[i].From < l.c.Allocations[j].From })
}

func (l *loader) childList(n *yaml.Node) {
	w := l.w[PlanFile]
	items := w.Seq(n, "children")
	if emptyList(n) {
		w.Errorf(n, "children must list at least one child")
	}
	first := map[string]int{}
	for _, cn := range items {
		f, ok := w.Map(cn, "a child", childKeys, "id")
		if !ok {
			continue
		}
		ch := Child{Pos: w.At(cn)}
		ch.ID = uniqueID(w, f.Get("id"), "child", "each child needs its own id", l.children, first)
		ch.Name = w.Text(f.Get("name"), "name")
		if bn := f.Get("born"); bn != nil {
			if d, ok := w.Date(bn, "born"); ok {
				ch.Born = d
				if !l.today.IsZero() && d > l.today {
					w.Errorf(bn, "born %s is after today (%s); for a child not yet born, write expected: %s instead", d, l.today, d)
				}
			}
		}
		if en := f.Get("expected"); en != nil {
			ch.Expected, _ = w.Date(en, "expected")
		}
		if gn := f.Get("gender"); gn != nil {
			ch.Gender, _ = w.Enum(gn, "gender", Genders...)
		}
		if en := f.Get("ethnicity"); en != nil {
			ch.Ethnicity, _ = w.Enum(en, "ethnicity", Ethnicities...)
		}
		if dn := f.Get("disability"); dn != nil {
			if b, ok := w.Bool(dn, "disability"); ok {
				ch.Disability = &b
			}
		}
		if pn := f.Get("previous_plans"); pn != nil {
			if n, ok := w.Int(pn, "previous_plans"); ok {
				if n < 0 || n > 100 {
					w.Errorf(pn, "previous_plans must be a whole number from 0 to 100, found %d", n)
				} else {
					ch.PreviousPlans = n
				}
			}
		}
		ch.Facts = l.facts(w, f.Get("facts"))
		l.c.Children = append(l.c.Children, ch)
	}
}

func (l *loader) conferences(n *yaml.Node) {
	w := l.w[PlanFile]
	items := w.Seq(n, "conferences")
	if emptyList(n) {
		w.Errorf(n, "conferences must list at least one conference")
	}
	var prev *Conference
	var prevNode *yaml.Node
	for _, cn := range items {
		f, ok := w.Map(cn, "a conference", conferenceKeys, "kind", "date", "decision")
		if !ok {
			continue
		}
		cf := Conference{Pos: w.At(cn)}
		cf.Kind, _ = w.Enum(f.Get("kind"), "conference kind", Initial, PreBirth, Review, TransferIn)
		cf.Date, _ = w.Date(f.Get("date"), "date")
		cf.Decision, _ = w.Enum(f.Get("decision"), "decision", DecisionPlan, DecisionNoPlan, DecisionContinue, DecisionEnd)
		cf.Children = l.childRefs(w, f.Get("children"), "children")
		cf.Lead = l.memberRef(w, f.Get("lead"), "lead")
		if d := f.Get("core_group_set"); d != nil {
			cf.CoreGroupSet, _ = w.Date(d, "core_group_set")
		}
		cf.CoreGroupEvery = l.duration(w, f.Get("core_group_every"), "core_group_every")
		cf.VisitEvery = l.duration(w, f.Get("visit_every"), "visit_every")
		if d := f.Get("next_review"); d != nil {
			cf.NextReview, _ = w.Date(d, "next_review")
		}
		cf.Categories = l.categories(w, f.Get("categories"))
		if rn := f.Get("record"); rn != nil && rn.Tag != "!!null" {
			if rf, ok := w.Map(rn, "a conference record", confRecordKeys); ok {
				cf.Record.Circulated = l.optDate(w, rf.Get("circulated"), "circulated")
				cf.Record.PlanCirculated = l.optDate(w, rf.Get("plan_circulated"), "plan_circulated")
				for _, k := range []string{"circulated", "plan_circulated"} {
					if d := l.optDate(w, rf.Get(k), k); !d.IsZero() && !cf.Date.IsZero() && d < cf.Date {
						w.Errorf(rf.Get(k), "%s %s is before the conference of %s", k, d, cf.Date)
					}
				}
			}
		}
		if prev != nil && !cf.Date.IsZero() && !prev.Date.IsZero() && cf.Date < prev.Date {
			w.Errorf(f.Get("date"), "the conference of %s is listed after the later one of %s (line %d); list conferences oldest first", cf.Date, prev.Date, prevNode.Line)
		}
		if !cf.Date.IsZero() {
			prev, prevNode = &cf, cn
		}
		l.c.Conferences = append(l.c.Conferences, cf)
	}
}

func (l *loader) duration(w *yamlwalk.Walker, n *yaml.Node, what string) duration.Duration {
	if n == nil {
		return duration.Duration{}
	}
	s, ok := w.String(n, what)
	if !ok {
		return duration.Duration{}
	}
	d, err := duration.Parse(s)
	if err != nil {
		w.Errorf(n, "%s %q is not a duration: %v", what, s, err)
		return duration.Duration{}
	}
	if d.IsZero() {
		w.Errorf(n, "%s %q is no time at all; give a frequency such as 4 weeks", what, s)
	}
	return d
}

func (l *loader) detail(n *yaml.Node) {
	w := l.w[PlanFile]
	f, ok := w.Map(n, "plan", detailKeys)
	if !ok {
		return
	}
	p := &Plan{Pos: w.At(n)}
	if an := f.Get("agreed"); an != nil {
		p.Agreed, _ = w.Date(an, "agreed")
		p.AgreedPos = w.At(an)
	}
	if sn := f.Get("sections"); sn != nil && sn.Tag != "!!null" {
		if sn.Kind != yaml.MappingNode {
			w.Errorf(sn, "sections must map section names to text, found %s", yamlwalk.Kind(sn))
		} else {
			for i := 0; i+1 < len(sn.Content); i += 2 {
				k, v := sn.Content[i], sn.Content[i+1]
				if p.HasSection(k.Value) {
					w.Errorf(k, "duplicate key %q in sections", k.Value)
					continue
				}
				p.Sections = append(p.Sections, Section{Name: k.Value, Text: w.Text(v, "section "+k.Value), Pos: w.At(k)})
			}
		}
	}
	p.Actions = l.actions(w, f.Get("actions"), map[string]bool{})
	seen := map[string]int{}
	if sn := f.Get("signed"); sn != nil && sn.Tag != "!!null" {
		if sn.Kind != yaml.MappingNode {
			w.Errorf(sn, "signed must map member ids to dates, found %s", yamlwalk.Kind(sn))
		} else {
			for i := 0; i+1 < len(sn.Content); i += 2 {
				k, v := sn.Content[i], sn.Content[i+1]
				if line, dup := seen[k.Value]; dup {
					w.Errorf(k, "duplicate key %q in signed (first at line %d); each member signs once", k.Value, line)
					continue
				}
				seen[k.Value] = k.Line
				id := l.memberRef(w, k, "signed")
				d, ok := w.Date(v, "signed date")
				if id != "" && ok {
					p.Signed = append(p.Signed, Signature{Member: id, Date: d, Pos: w.At(k)})
				}
			}
		}
	}
	l.c.Plan = p
}

// actions reads a list of actions; ids must be unique within the list.
func (l *loader) actions(w *yamlwalk.Walker, n *yaml.Node, ids map[string]bool) []Action {
	var out []Action
	first := map[string]int{}
	for _, an := range w.Seq(n, "actions") {
		f, ok := w.Map(an, "an action", actionKeys, "id")
		if !ok {
			continue
		}
		a := Action{Pos: w.At(an)}
		a.ID = uniqueID(w, f.Get("id"), "action", "each action in a list needs its own id", ids, first)
		a.Text = w.Text(f.Get("text"), "text")
		a.Owner = l.memberRef(w, f.Get("owner"), "owner")
		if d := f.Get("due"); d != nil {
			a.Due, _ = w.Date(d, "due")
		}
		if d := f.Get("done"); d != nil {
			a.Done, _ = w.Date(d, "done")
		}
		out = append(out, a)
	}
	return out
}

func (l *loader) memberList(doc *yaml.Node) {
	w := l.w[MembersFile]
	if doc == nil {
		return
	}
	f, ok := w.Map(doc, "members.yaml", membersKeys)
	if !ok {
		return
	}
	first := map[string]int{}
	for _, mn := range w.Seq(f.Get("members"), "members") {
		mf, ok := w.Map(mn, "a member", memberKeys, "id")
		if !ok {
			continue
		}
		m := Member{Pos: w.At(mn)}
		m.ID = uniqueID(w, mf.Get("id"), "member", "each member needs their own id", l.members, first)
		m.Name = w.Text(mf.Get("name"), "name")
		m.Role = w.Text(mf.Get("role"), "role")
		m.Agency = w.Text(mf.Get("agency"), "agency")
		if sn := mf.Get("staff"); sn != nil && sn.Tag != "!!null" {
			m.Staff, _ = w.ID(sn, "staff")
		}
		if d := mf.Get("from"); d != nil {
			m.From, _ = w.Date(d, "from")
		}
		if d := mf.Get("to"); d != nil {
			m.To, _ = w.Date(d, "to")
		}
		if !m.From.IsZero() && !m.To.IsZero() && m.To < m.From {
			w.Errorf(mf.Get("to"), "member %q left (to: %s) before joining (from: %s)", m.ID, m.To, m.From)
		}
		if en := mf.Get("excluded"); en != nil {
			// excluded: a reason (docs/format.md), or true/false; a policy may require the reason.
			switch {
			case en.Kind == yaml.ScalarNode && en.Tag == "!!bool":
				m.Excluded, _ = w.Bool(en, "excluded")
			case en.Kind == yaml.ScalarNode && en.Tag == "!!null":
				m.Excluded = true
			default:
				m.Reason, _ = w.String(en, "excluded")
				m.Excluded = true
			}
		}
		l.c.Members = append(l.c.Members, m)
	}
}

func (l *loader) meetings(doc *yaml.Node) {
	w := l.w[MeetingsFile]
	if doc == nil {
		return
	}
	f, ok := w.Map(doc, "meetings.yaml", meetingsKeys)
	if !ok {
		return
	}
	for _, mn := range w.Seq(f.Get("meetings"), "meetings") {
		mf, ok := w.Map(mn, "a meeting", meetingKeys, "date", "kind")
		if !ok {
			continue
		}
		m := Meeting{Pos: w.At(mn)}
		m.Date, _ = w.Date(mf.Get("date"), "date")
		m.Kind, _ = w.Enum(mf.Get("kind"), "meeting kind", CoreGroup, ChildPlan, Professionals)
		if cn := mf.Get("chair"); cn != nil {
			m.Chair = l.memberRef(w, cn, "chair")
			m.ChairPos = w.At(cn)
		}
		attend := map[string]string{}
		m.Present = l.attendance(w, mf.Get("present"), "present", attend)
		m.Apologies = l.attendance(w, mf.Get("apologies"), "apologies", attend)
		m.Absent = l.attendance(w, mf.Get("absent"), "absent", attend)
		m.Summary = w.Text(mf.Get("summary"), "summary")
		m.Decisions = l.texts(w, mf.Get("decisions"), "decisions")
		m.Actions = l.actions(w, mf.Get("actions"), map[string]bool{})
		m.Disagreements = l.texts(w, mf.Get("disagreements"), "disagreements")
		if d := mf.Get("next"); d != nil {
			m.Next, _ = w.Date(d, "next")
		}
		for _, dn := range w.Seq(mf.Get("dates_set"), "dates_set") {
			if d, ok := w.Date(dn, "dates_set"); ok {
				m.DatesSet = append(m.DatesSet, d)
			}
		}
		if rn := mf.Get("record"); rn != nil && rn.Tag != "!!null" {
			if rf, ok := w.Map(rn, "record", recordKeys); ok {
				m.Record.ToManager = l.optDate(w, rf.Get("to_manager"), "to_manager")
				m.Record.Approved = l.optDate(w, rf.Get("approved"), "approved")
				m.Record.Circulated = l.optDate(w, rf.Get("circulated"), "circulated")
			}
		}
		m.RescheduledFrom = l.optDate(w, mf.Get("rescheduled_from"), "rescheduled_from")
		if cn := mf.Get("cancelled"); cn != nil {
			m.Cancelled, _ = w.Bool(cn, "cancelled")
		}
		for _, k := range meetingKeys {
			if v := mf.Get(k); v != nil && !empty(v) {
				m.Fields = append(m.Fields, k)
			}
		}
		l.c.Meetings = append(l.c.Meetings, m)
	}
	sort.SliceStable(l.c.Meetings, func(i, j int) bool { return l.c.Meetings[i].Date < l.c.Meetings[j].Date })
}

// emptyList is a key written with nothing or an empty list as its value.
func emptyList(n *yaml.Node) bool {
	return n != nil && (n.Kind == yaml.SequenceNode || n.Tag == "!!null") && len(n.Content) == 0
}

func empty(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Tag == "!!null" || (n.Tag == "!!str" && n.Value == "")
	case yaml.SequenceNode, yaml.MappingNode:
		return len(n.Content) == 0
	}
	return false
}

// attendance reads present/apologies/absent; a member may be in only one of the three.
func (l *loader) attendance(w *yamlwalk.Walker, n *yaml.Node, what string, seen map[string]string) []string {
	var out []string
	for _, in := range w.Seq(n, what) {
		id := l.memberRef(w, in, what)
		if id == "" {
			continue
		}
		if prev, dup := seen[id]; dup {
			if prev == what {
				w.Errorf(in, "member %q is listed twice in %s", id, what)
			} else {
				w.Errorf(in, "member %q is in both %s and %s", id, prev, what)
			}
			continue
		}
		seen[id] = what
		out = append(out, id)
	}
	return out
}

func (l *loader) texts(w *yamlwalk.Walker, n *yaml.Node, what string) []string {
	if n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []string{n.Value} // one item written without a list
	}
	var out []string
	for _, in := range w.Seq(n, what) {
		if s, ok := w.String(in, what); ok {
			out = append(out, s)
		}
	}
	return out
}

func (l *loader) optDate(w *yamlwalk.Walker, n *yaml.Node, what string) civil.Date {
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return 0
	}
	d, _ := w.Date(n, what)
	return d
}

func (l *loader) visits(doc *yaml.Node) {
	w := l.w[VisitsFile]
	if doc == nil {
		return
	}
	f, ok := w.Map(doc, "visits.yaml", visitsKeys)
	if !ok {
		return
	}
	for _, vn := range w.Seq(f.Get("visits"), "visits") {
		vf, ok := w.Map(vn, "a visit", visitKeys, "date", "by")
		if !ok {
			continue
		}
		v := Visit{Pos: w.At(vn), Kind: Other}
		v.Date, _ = w.Date(vf.Get("date"), "date")
		v.By = l.memberRef(w, vf.Get("by"), "by")
		if bn := vf.Get("by"); bn != nil && bn.Tag == "!!null" {
			w.Errorf(bn, "by is empty; give the id of the member who made the visit")
		}
		if kn := vf.Get("kind"); kn != nil {
			v.Kind, _ = w.Enum(kn, "visit kind", Home, School, Office, Other)
		}
		v.Seen = l.childRefs(w, vf.Get("seen"), "seen")
		v.Alone = l.childRefs(w, vf.Get("alone"), "alone")
		if an := vf.Get("alone"); an != nil {
			for i, id := range v.Alone {
				if !containsID(v.Seen, id) {
					w.Errorf(nthItem(an, id, i), "child %q is in alone but not in seen; a child seen alone must be in seen too", id)
				}
			}
		}
		if bn := vf.Get("bedroom"); bn != nil {
			if bn.Kind == yaml.SequenceNode {
				v.Bedrooms = l.childRefs(w, bn, "bedroom")
				v.Bedroom = len(v.Bedrooms) > 0
			} else {
				v.Bedroom, _ = w.Bool(bn, "bedroom")
			}
		}
		if nn := vf.Get("no_access"); nn != nil {
			v.NoAccess, _ = w.Bool(nn, "no_access")
			if v.NoAccess && len(v.Seen) > 0 {
				w.Errorf(nn, "no_access is true but children are listed in seen; a visit either saw the children or had no access")
			}
		}
		if on := vf.Get("outcome"); on != nil && on.Tag != "!!null" {
			v.Outcome, _ = w.Enum(on, "visit outcome", VisitOutcomes...)
			switch {
			case v.Outcome == "seen" && v.NoAccess:
				w.Errorf(on, "outcome seen but no_access is true; a visit either saw the children or had no access")
			case v.Outcome != "" && v.Outcome != "seen":
				if len(v.Seen) > 0 {
					w.Errorf(on, "outcome %s says no access but children are listed in seen; a visit either saw the children or had no access", v.Outcome)
				}
				v.NoAccess = true // the visit was tried and the children not seen
			}
		}
		l.c.Visits = append(l.c.Visits, v)
	}
	sort.SliceStable(l.c.Visits, func(i, j int) bool { return l.c.Visits[i].Date < l.c.Visits[j].Date })
}

// facts reads a list of flags.
func (l *loader) facts(w *yamlwalk.Walker, n *yaml.Node) []string {
	var out []string
	for _, in := range w.Seq(n, "facts") {
		if s, ok := w.ID(in, "fact"); ok {
			out = append(out, s)
		}
	}
	return out
}

func nthItem(seq *yaml.Node, id string, _ int) *yaml.Node {
	if seq.Kind == yaml.SequenceNode {
		for _, c := range seq.Content {
			if c.Value == id {
				return c
			}
		}
	}
	return seq
}

func containsID(list []string, id string) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

// memberRef reads a member id and checks that members.yaml defines it.
func (l *loader) memberRef(w *yamlwalk.Walker, n *yaml.Node, what string) string {
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		w.Errorf(n, "%s must be one member id, found %s", what, yamlwalk.Kind(n))
		return ""
	}
	// Every defined id is valid, so an id that is not one is simply unknown; the hint catches "SW1".
	id := n.Value
	if !l.members[id] && l.unusable[MembersFile] {
		return "" // members.yaml could not be read: its own error says so
	}
	if !l.members[id] {
		w.Errorf(n, "unknown member %q in %s%s", id, what, l.memberHint(id))
		return ""
	}
	return id
}

func (l *loader) memberHint(id string) string {
	if len(l.members) == 0 {
		return " (members.yaml lists no members)"
	}
	if l.memberHints == nil {
		l.memberHints = yamlwalk.NewHinter(l.members)
	}
	if c := l.memberHints.Closest(id); c != "" {
		return " (did you mean \"" + c + "\"?)"
	}
	return " (not in members.yaml)"
}

// childRefs reads a list of child ids, each defined in plan.yaml, none twice.
func (l *loader) childRefs(w *yamlwalk.Walker, n *yaml.Node, what string) []string {
	var out []string
	for _, in := range w.Seq(n, what) {
		id, ok := w.String(in, "child id")
		if !ok {
			continue
		}
		if !l.children[id] && l.unusable[PlanFile] {
			continue // plan.yaml could not be read: its own error says so
		}
		if !l.children[id] {
			hint := " (not a child in plan.yaml)"
			if l.childHints == nil {
				l.childHints = yamlwalk.NewHinter(l.children)
			}
			if c := l.childHints.Closest(id); c != "" {
				hint = " (did you mean \"" + c + "\"?)"
			}
			w.Errorf(in, "unknown child %q in %s%s", id, what, hint)
			continue
		}
		if containsID(out, id) {
			w.Errorf(in, "child %q is listed twice in %s", id, what)
			continue
		}
		out = append(out, id)
	}
	return out
}

// uniqueID reads the id of a list item and reports one already used in the list (seen), naming the
// line of its first use (first).
func uniqueID(w *yamlwalk.Walker, n *yaml.Node, what, why string, seen map[string]bool, first map[string]int) string {
	id, ok := w.ID(n, what+" id")
	if !ok {
		return ""
	}
	if seen[id] {
		w.Errorf(n, "duplicate %s id %q (first at line %d); %s", what, id, first[id], why)
	} else {
		first[id] = n.Line
	}
	seen[id] = true
	return id
}
