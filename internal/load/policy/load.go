package policy

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/dates/calendar"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
	"github.com/cpcase/cpcase/policies"
)

// Keys come from the language's description in spec.go, which the editors' JSON Schema is made
// from; the words each key accepts are listed here.
var (
	policyKeys  = PolicySpec.Keys()
	closureKeys = ClosureSpec.Keys()
	ruleKeys    = RuleSpec.Keys()
	dueKeys     = DueSpec.Keys()
	anchorKeys  = AlternativeSpec.Keys()
	thenKeys    = IntervalSpec.Keys()
	confKeys    = ConferenceFilterSpec.Keys()
	visitKeys   = VisitFilterSpec.Keys()
	checkKeys   = CheckSpec.Keys()

	ruleKinds    = RuleKinds.Names()
	scopes       = ScopeWords.Names()
	events       = EventWords.Names()
	runs         = RunWords.Names()
	metBys       = MetByWords.Names()
	overrides    = OverrideWords.Names()
	startsAts    = StartWords.Names()
	checkKinds   = []string{CheckChair, CheckMeetingFields, CheckPlanSections, CheckExclusion, CheckDatesSet, CheckActionFields}
	meetingSets  = []string{MeetingsAll, MeetingsFirst, MeetingsLater, MeetingsFirstAfter}
	confKinds    = ConferenceKindWords.Names()
	confDecision = DecisionWords.Names()
	thenFroms    = []string{"first-review"}
	countings    = CountingWords.Names()
)

// Load reads a policy file. origin names where it came from ("embedded" or the path). It returns
// nil when the file has errors; warnings come back with a policy. A policy that extends another
// finds it by id (./policies, then the built-in set) or by path (relative to its own folder).
func Load(file string, data []byte, origin string) (*Policy, diag.List) {
	return load(file, data, origin, nil)
}

// maxExtends bounds a chain of extends (and so a cycle).
const maxExtends = 8

// load reads a policy that the policies in chain extend (the first extends the second, ...).
func load(file string, data []byte, origin string, chain []string) (*Policy, diag.List) {
	var d diag.List
	w := yamlwalk.New(file, &d)
	top := w.Parse(data)
	if top == nil {
		if d.Errors() == 0 {
			d.Add(file, 1, 1, "policy file is empty; it must hold at least id, title, jurisdiction and rules")
		}
		return nil, d
	}
	if !looksLikePolicy(top) {
		// Not a policy at all (a password file, a token, a README named by mistake): say so
		// without quoting a byte of it, since the file may hold anything.
		return nil, diag.List{{File: file, Line: 1, Col: 1, Msg: "not a policy file: a policy is a mapping with the keys id, title, jurisdiction and rules (see policies/README.md)"}}
	}
	l := &loader{w: w, file: file, origin: origin, chain: append(append([]string{}, chain...), file)}
	p := l.policy(top)
	p.Origin = origin
	sum := sha256.New()
	sum.Write(data)
	for _, b := range l.bases {
		sum.Write(b[:])
	}
	sum.Sum(p.Sum[:0])
	d.Sort()
	if d.Errors() > 0 {
		return nil, d
	}
	return p, d
}

// looksLikePolicy reports whether top is a mapping with at least one key of the policy language.
func looksLikePolicy(top *yaml.Node) bool {
	if top.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		for _, k := range policyKeys {
			if top.Content[i].Value == k {
				return true
			}
		}
	}
	return false
}

type loader struct {
	w      *yamlwalk.Walker
	ruleID string // the rule being read, for messages
	file   string
	origin string
	chain  []string   // this file and those that extend it
	bases  [][32]byte // the Sum of the policy this one extends
}

func (l *loader) policy(top *yaml.Node) *Policy {
	w := l.w
	p := &Policy{Pos: w.At(top)}
	required := []string{"id", "title"}
	if !hasKey(top, PolicySpec.Without) {
		required = append(required, PolicySpec.NeedWithout...) // else the base gives them
	}
	f, ok := w.Map(top, "a policy", policyKeys, required...)
	if !ok {
		return p
	}
	var base *Policy
	if n := f.Get("extends"); n != nil {
		base = l.extends(n, f)
		p.Extends = n.Value
	} else {
		if f.Has("remove") {
			w.Errorf(f.Key("remove"), "remove only applies to a policy that extends another")
		}
	}
	if n := f.Get("id"); n != nil {
		p.ID, _ = w.ID(n, "policy id")
	}
	p.Title = l.nonEmpty(f.Get("title"), "title")
	p.Source = w.Text(f.Get("source"), "source")
	if n := f.Get("jurisdiction"); n != nil {
		p.Jurisdiction, _ = w.Enum(n, "jurisdiction", calendar.Jurisdictions()...)
	} else if base != nil {
		p.Jurisdiction = base.Jurisdiction
	}
	if base != nil {
		p.Counting = base.Counting
		p.Closures = append(p.Closures, base.Closures...)
	}
	if n := f.Get("counting"); n != nil {
		if s, ok := w.Enum(n, "counting", countings...); ok {
			p.Counting, _ = duration.ParseCounting(s)
		}
	}
	seenClosure := map[string]int{}
	for _, cn := range w.Seq(f.Get("closures"), "closures") {
		// A closure is a date, or {date, name}.
		var dn, nn *yaml.Node = cn, nil
		if cn.Kind == yaml.MappingNode {
			cf, ok := w.Map(cn, "a closure", closureKeys, "date")
			if !ok {
				continue
			}
			dn, nn = cf.Get("date"), cf.Get("name")
		}
		if dn == nil {
			continue
		}
		date, ok := w.Date(dn, "closure")
		if !ok {
			continue
		}
		if base != nil && containsClosure(base.Closures, date) {
			continue // the base already closes it
		}
		if line, dup := seenClosure[date.String()]; dup {
			w.Errorf(dn, "closure %s is listed twice (first at line %d)", date, line)
			continue
		}
		seenClosure[date.String()] = dn.Line
		name := w.Text(nn, "name")
		if name == "" {
			name = "Local closure"
		}
		p.Closures = append(p.Closures, calendar.Holiday{Date: date, Name: name})
	}
	if p.Jurisdiction != "" {
		cal, err := calendar.New(p.Jurisdiction, p.Closures)
		if err != nil {
			w.Errorf(f.Get("jurisdiction"), "%v", err)
		}
		p.Calendar = cal
	}
	ids := map[string]*yaml.Node{}
	rulesNode := f.Get("rules")
	for _, rn := range w.Seq(rulesNode, "rules") {
		r := l.rule(rn)
		if r == nil {
			continue
		}
		if r.ID != "" {
			if prev, dup := ids[r.ID]; dup {
				w.Errorf(rn, "duplicate rule id %q (first at line %d)", r.ID, prev.Line)
				continue
			}
			ids[r.ID] = rn
		}
		p.Rules = append(p.Rules, r)
	}
	if rulesNode != nil && len(p.Rules) == 0 && base == nil && l.w.Diags.Errors() == 0 {
		w.Errorf(rulesNode, "rules must list at least one rule")
	}
	removed := l.removed(f.Get("remove"), base)
	p.Removes = removed
	if base != nil {
		p.Rules = mergeRules(base.Rules, p.Rules, removed)
		if len(p.Rules) == 0 && l.w.Diags.Errors() == 0 {
			w.Errorf(top, "the policy removes every rule of %s and adds none", base.ID)
		}
	}
	l.crossRules(p)
	checkIDs := map[string]*yaml.Node{}
	for _, cn := range w.Seq(f.Get("checks"), "checks") {
		c := l.check(cn)
		if c == nil {
			continue
		}
		if prev, dup := checkIDs[c.ID]; dup && c.ID != "" {
			w.Errorf(cn, "duplicate check id %q (first at line %d)", c.ID, prev.Line)
			continue
		}
		checkIDs[c.ID] = cn
		if _, clash := ids[c.ID]; clash {
			w.Errorf(cn, "check id %q is also a rule id; ids must be unique in a policy", c.ID)
		}
		p.Checks = append(p.Checks, c)
	}
	if base != nil {
		p.Checks = mergeChecks(base.Checks, p.Checks, removed)
	}
	return p
}

// hasKey reports whether a mapping node holds key.
func hasKey(n *yaml.Node, key string) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// extends loads the policy this one extends: an id (./policies, then the built-in set; a local
// file that extends its own id means the built-in one) or a path relative to this file.
func (l *loader) extends(n *yaml.Node, f yamlwalk.Fields) *Policy {
	w := l.w
	ref, ok := w.String(n, "extends")
	if !ok {
		return nil
	}
	if strings.TrimSpace(ref) == "" {
		w.Errorf(n, "extends must name a policy: an id or a path")
		return nil
	}
	if len(l.chain) > maxExtends {
		w.Errorf(n, "extends goes more than %d policies deep", maxExtends)
		return nil
	}
	var data []byte
	var file, origin string
	var err error
	switch {
	case IsPath(ref):
		file = ref
		if !filepath.IsAbs(ref) && l.origin != "embedded" {
			file = filepath.Join(filepath.Dir(l.file), ref)
		}
		origin = file
		data, err = yamlwalk.ReadFile(file)
	default:
		self := ""
		if id := f.Get("id"); id != nil {
			self = id.Value
		}
		local := filepath.Join(LocalDir, ref+".yaml")
		if ref != self && l.origin != "embedded" {
			data, err = yamlwalk.ReadFile(local)
			file, origin = local, local
		}
		if data == nil && (err == nil || errors.Is(err, fs.ErrNotExist)) {
			file, origin = "embedded:"+ref+".yaml", "embedded"
			data, err = fs.ReadFile(policies.FS, ref+".yaml")
			if err != nil {
				w.Errorf(n, "extends: unknown policy %q%s (known: %s)", ref, suggest(ref, knownIDs()), strings.Join(knownIDs(), ", "))
				return nil
			}
		}
	}
	if err != nil {
		w.Errorf(n, "extends: policy %s: %v", file, plain(err))
		return nil
	}
	for _, f := range l.chain {
		if filepath.Clean(f) == filepath.Clean(file) {
			w.Errorf(n, "extends: %s extends itself (%s)", ref, strings.Join(append(append([]string{}, l.chain...), file), " extends "))
			return nil
		}
	}
	base, d := load(file, data, origin, l.chain)
	if base != nil {
		l.bases = append(l.bases, base.Sum)
	}
	if base == nil {
		first := ""
		for _, x := range d {
			if x.Severity == diag.Error {
				first = x.String()
				break
			}
		}
		w.Errorf(n, "extends: policy %s does not load (%s)", ref, first)
		return nil
	}
	return base
}

// removed reads remove: the ids of the base's rules and checks to leave out.
func (l *loader) removed(n *yaml.Node, base *Policy) []string {
	var out []string
	for _, in := range l.w.Seq(n, "remove") {
		id, ok := l.w.String(in, "rule id")
		if !ok || base == nil {
			continue
		}
		var ids []string
		for _, r := range base.Rules {
			ids = append(ids, r.ID)
		}
		for _, c := range base.Checks {
			ids = append(ids, c.ID)
		}
		if !contains(ids, id) {
			l.w.Errorf(in, "remove: unknown rule %q of %s%s", id, base.ID, suggest(id, ids))
			continue
		}
		out = append(out, id)
	}
	return out
}

// mergeRules is the base's rules, less those removed, each replaced in place by this policy's
// rule of the same id, then this policy's new rules in file order.
func mergeRules(base, own []*Rule, removed []string) []*Rule {
	byID := map[string]*Rule{}
	for _, r := range own {
		byID[r.ID] = r
	}
	var out []*Rule
	used := map[string]bool{}
	for _, r := range base {
		if contains(removed, r.ID) {
			continue
		}
		if o, ok := byID[r.ID]; ok {
			r, used[r.ID] = o, true
		}
		out = append(out, r)
	}
	for _, r := range own {
		if !used[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// mergeChecks merges checks as mergeRules merges rules.
func mergeChecks(base, own []*Check, removed []string) []*Check {
	byID := map[string]*Check{}
	for _, c := range own {
		byID[c.ID] = c
	}
	var out []*Check
	used := map[string]bool{}
	for _, c := range base {
		if contains(removed, c.ID) {
			continue
		}
		if o, ok := byID[c.ID]; ok {
			c, used[c.ID] = o, true
		}
		out = append(out, c)
	}
	for _, c := range own {
		if !used[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

func containsClosure(cs []calendar.Holiday, d civil.Date) bool {
	for _, c := range cs {
		if c.Date == d {
			return true
		}
	}
	return false
}

// conditions reads when: {fact} and unless: {fact} of a rule or an alternative.
func (l *loader) conditions(f yamlwalk.Fields) []Condition {
	var out []Condition
	for _, key := range []string{"when", "unless"} {
		n := f.Get(key)
		if n == nil {
			continue
		}
		cf, ok := l.w.Map(n, "a condition", ConditionSpec.Keys(), "fact")
		if !ok {
			continue
		}
		if fact, ok := l.w.ID(cf.Get("fact"), "fact"); ok {
			out = append(out, Condition{Fact: fact, Not: key == "unless"})
		}
	}
	return out
}

// texts reads a list of text.
func (l *loader) texts(n *yaml.Node, what string) []string {
	out := []string{}
	for _, in := range l.w.Seq(n, what+"s") {
		if s, ok := l.w.String(in, what); ok {
			out = append(out, s)
		}
	}
	return out
}

func (l *loader) nonEmpty(n *yaml.Node, what string) string {
	if n == nil {
		return ""
	}
	s, ok := l.w.String(n, what)
	if ok && strings.TrimSpace(s) == "" {
		l.w.Errorf(n, "%s must not be empty", what)
	}
	return s
}

// calendarDays reads "N calendar days" (the Scottish guidance's words) as N days.
var calendarDays = strings.NewReplacer("calendar days", "days", "calendar day", "day")

// timescale reads a duration or TBD.
func (l *loader) timescale(n *yaml.Node, what string) Timescale {
	t := Timescale{Pos: l.w.At(n)}
	s, ok := l.w.String(n, what)
	if !ok {
		return t
	}
	if strings.EqualFold(strings.TrimSpace(s), "TBD") {
		t.Unset = true
		l.w.Warnf(n, "rule %q leaves its timescale unset (TBD): due shows no-timescale until a number is filled in", l.ruleID)
		return t
	}
	d, err := duration.Parse(calendarDays.Replace(s))
	if err != nil {
		l.w.Errorf(n, "%s: %v", what, err)
		return t
	}
	t.D = d
	return t
}

func (l *loader) rule(rn *yaml.Node) *Rule {
	w := l.w
	f, ok := w.Map(rn, "a rule", ruleKeys, "id", "title", "cite", "kind", "for")
	if !ok {
		return nil
	}
	r := &Rule{Pos: w.At(rn), EventRule: EventRule{Nth: 1}, RunRule: RunRule{Length: 2, AtLeast: 1},
		DeadlineRule: DeadlineRule{IfNoMeeting: defaultIfNoMeeting, Signatories: Signatories{Except: []string{"child"}}}}
	if n := f.Get("id"); n != nil {
		r.ID, _ = w.ID(n, "rule id")
	}
	l.ruleID = r.ID
	r.Title = l.nonEmpty(f.Get("title"), "title")
	r.Cite = l.nonEmpty(f.Get("cite"), "cite")
	if n := f.Get("kind"); n != nil {
		r.Kind, _ = w.Enum(n, "rule kind", ruleKinds...)
	}
	if n := f.Get("for"); n != nil {
		r.For, _ = w.Enum(n, "scope (for)", scopes...)
	}
	for _, n := range w.Seq(f.Get("started_by"), "started_by") {
		if s, ok := w.Enum(n, "conference kind", startedBys...); ok {
			r.StartedBy = append(r.StartedBy, s)
		}
	}
	if n := f.Get("conference"); n != nil {
		r.Conference = l.confFilter(n)
		if r.For != ForConference {
			w.Errorf(f.Key("conference"), "conference filter only applies to rules for: conference")
		}
	}
	// The due date: after/within, or due: {first_of|earliest_of: [...]}.
	if f.Has("due") {
		if f.Has("after") || f.Has("before") || f.Has("within") {
			w.Errorf(f.Key("due"), "give either after/within or due, not both")
		}
		df, ok := w.Map(f.Get("due"), "due", dueKeys)
		if ok {
			key := "first_of"
			if df.Has("earliest_of") {
				key = "earliest_of"
				r.Due.Earliest = true
				if df.Has("first_of") {
					w.Errorf(df.Key("earliest_of"), "give either first_of or earliest_of, not both")
				}
			}
			for _, an := range w.Seq(df.Get(key), key) {
				af, ok := w.Map(an, "an alternative", anchorKeys)
				if !ok {
					continue
				}
				a := l.anchorOf(af)
				a.When = l.conditions(af)
				r.Due.Alternatives = append(r.Due.Alternatives, a)
			}
			if len(r.Due.Alternatives) == 0 && df.Get(key) != nil {
				w.Errorf(df.Get(key), "%s must list at least one alternative", key)
			}
			if !df.Has("first_of") && !df.Has("earliest_of") {
				w.Errorf(f.Get("due"), "due must hold first_of or earliest_of")
			}
		}
	} else if f.Has("after") || f.Has("before") {
		r.Due.Alternatives = []Anchor{l.anchorOf(f)}
	} else if f.Has("within") && r.Kind != KindRun { // a run counts from its own events
		w.Errorf(f.Key("within"), "within needs after (or before): the anchor it is counted from")
	}
	if n := f.Get("event"); n != nil {
		r.Event, _ = w.Enum(n, "event", events...)
	}
	if n := f.Get("limit"); n != nil {
		r.Limit = l.timescale(n, "limit")
		if r.Limit.Unset {
			w.Errorf(n, "limit must be a timescale: leave it out when the procedure sets none")
		}
		if f.Has("due") || f.Has("before") {
			w.Errorf(f.Key("limit"), "limit goes with after/within (or a chain's every), not with due or before")
		}
	}
	if n := f.Get("counted_from"); n != nil {
		r.CountedFrom, _ = w.String(n, "counted_from")
		r.CountedFromPos = w.At(n)
	}
	if n := f.Get("nth"); n != nil {
		if v, ok := w.Int(n, "nth"); ok {
			if v < 1 || v > 100 {
				w.Errorf(n, "nth must be between 1 and 100")
			}
			r.Nth = v
		}
	}
	if n := f.Get("visit"); n != nil {
		r.Visit = l.visitFilter(n)
	}
	if n := f.Get("outlives_plan"); n != nil {
		r.OutlivesPlan, _ = w.Bool(n, "outlives_plan")
	}
	if n := f.Get("missed_at_next_conference"); n != nil {
		r.MissedAtNext, _ = w.Bool(n, "missed_at_next_conference")
	}
	if n := f.Get("meeting"); n != nil {
		if s, ok := w.String(n, "meeting"); ok {
			if !validMeetingSelect(s) {
				w.Errorf(n, "unknown meeting %q; expected core-group:N (the n-th core group of the period) or core-group-on:plan.agreed", s)
			}
			r.MeetingSelect = s
		}
		if r.For != ForPeriod {
			w.Errorf(f.Key("meeting"), "meeting selects a core group of the period; it only applies to rules for: period")
		}
	}
	if n := f.Get("if_no_meeting"); n != nil {
		r.IfNoMeeting, _ = w.Enum(n, "if_no_meeting", IfNoMeetingSkip, defaultIfNoMeeting)
	}
	if n := f.Get("starts_at"); n != nil {
		r.StartsAt, _ = w.Enum(n, "chain start (starts_at)", startsAts...)
	}
	if n := f.Get("every"); n != nil {
		if n.Kind == yaml.ScalarNode && n.Value == "set-by-conference" {
			r.Every = Timescale{ByConference: true, Pos: w.At(n)}
			if !f.Has("override") {
				w.Errorf(n, "every: set-by-conference needs override: the conference key that sets it")
			}
		} else {
			r.Every = l.timescale(n, "every")
		}
	}
	for _, tn := range w.Seq(f.Get("then"), "then") {
		tf, ok := w.Map(tn, "an interval", thenKeys, "from", "every")
		if !ok {
			continue
		}
		iv := Interval{Pos: w.At(tn)}
		iv.From, _ = w.Enum(tf.Get("from"), "interval start (from)", thenFroms...)
		if tf.Get("every") != nil {
			iv.Every = l.timescale(tf.Get("every"), "every")
		}
		r.Then = append(r.Then, iv)
	}
	if n := f.Get("override"); n != nil {
		r.Override, _ = w.Enum(n, "override", overrides...)
	}
	if n := f.Get("run"); n != nil {
		r.Run, _ = w.Enum(n, "run", runs...)
	}
	if n := f.Get("length"); n != nil {
		if v, ok := w.Int(n, "length"); ok {
			if v < 1 || v > 100 {
				w.Errorf(n, "length must be between 1 and 100")
			}
			r.Length = v
		}
	}
	if n := f.Get("met_by"); n != nil {
		r.MetBy, _ = w.Enum(n, "met_by", metBys...)
	}
	if n := f.Get("label"); n != nil {
		r.Label = l.nonEmpty(n, "label")
	}
	r.When = l.conditions(f)
	if n := f.Get("among"); n != nil {
		r.Among = l.visitFilter(n)
	}
	if n := f.Get("breaks"); n != nil {
		r.Breaks = l.visitFilter(n)
	}
	if n := f.Get("per"); n != nil {
		r.Per, _ = w.Enum(n, "per", ForChild, "member")
	}
	if n := f.Get("at_least"); n != nil {
		if v, ok := w.Int(n, "at_least"); ok {
			if v < 1 || v > 100 {
				w.Errorf(n, "at_least must be between 1 and 100")
			}
			r.AtLeast = v
		}
		if !f.Has("breaks") {
			w.Errorf(f.Key("at_least"), "at_least needs breaks: the visits it counts")
		}
	}
	if n := f.Get("order"); n != nil {
		if v, ok := w.Int(n, "order"); ok {
			if v < 1 || v > 1000 {
				w.Errorf(n, "order must be between 1 and 1000")
			}
			r.Order = v
		}
	}
	if n := f.Get("counting"); n != nil {
		if s, ok := w.Enum(n, "counting", countings...); ok {
			c, _ := duration.ParseCounting(s)
			r.Counting = &c
		}
	}
	if n := f.Get("if_absent"); n != nil {
		r.IfAbsent, _ = w.Enum(n, "if_absent", IfAbsentWords.Names()...)
	}
	if n := f.Get("signatories"); n != nil {
		if sf, ok := w.Map(n, "signatories", SignatoriesSpec.Keys()); ok {
			if sf.Has("roles") {
				r.Signatories.Roles = l.texts(sf.Get("roles"), "role")
			}
			if sf.Has("except_roles") {
				r.Signatories.Except = l.texts(sf.Get("except_roles"), "role")
			}
		}
		if r.MetBy != MetPlanSigned {
			w.Errorf(f.Key("signatories"), "signatories only applies to a rule met_by: plan.signed")
		}
	}
	l.shape(r, f)
	return r
}

// article puts "a" or "an" before a word.
func article(w string) string {
	if w != "" && strings.ContainsRune("aeiou8", rune(w[0])) || strings.HasPrefix(w, "11") && !strings.HasPrefix(w, "111") || strings.HasPrefix(w, "18") && (len(w) < 3 || w[2] < '0' || w[2] > '9') {
		return "an " + w
	}
	return "a " + w
}

// visitKeysSet reports whether a filter sets any key that is about visits.
func visitKeysSet(v VisitFilter) bool {
	return len(v.Kinds) > 0 || v.ByLead || v.Seen || v.Alone || v.Bedroom || len(v.Outcomes) > 0
}

func validMeetingSelect(s string) bool {
	if s == "core-group-on:plan.agreed" {
		return true
	}
	if n, ok := strings.CutPrefix(s, "core-group:"); ok {
		v, err := strconv.Atoi(n)
		return err == nil && v >= 1 && v <= 100
	}
	return false
}

// shape reports keys that make no sense for the rule's kind, and what a kind needs but lacks.
func (l *loader) shape(r *Rule, f yamlwalk.Fields) {
	w := l.w
	if r.Kind == "" {
		return
	}
	allowed := kindWord(r.Kind).Keys
	for _, k := range ruleKeys {
		if f.Has(k) && !contains(allowed, k) && !contains(ruleCommon, k) {
			w.Errorf(f.Key(k), "%s does not apply to %s rule (it takes: %s)", k, article(r.Kind), strings.Join(allowed, ", "))
		}
	}
	if f.Has("after") && f.Has("before") {
		w.Errorf(f.Key("before"), "give either after or before, not both")
	}
	need := func(key string, ok bool, why string) {
		if !ok {
			w.Errorf(f.Node, "%s rule %q has no %s: %s", r.Kind, r.ID, key, why)
		}
	}
	switch r.Kind {
	case KindDeadline:
		need("after", len(r.Due.Alternatives) > 0, "say what the timescale is counted from")
		need("met_by", f.Has("met_by"), "say which recorded date meets it")
	case KindEvent:
		need("after", len(r.Due.Alternatives) > 0, "say what the timescale is counted from")
		need("event", f.Has("event"), "say which event meets it")
	case KindWindow:
		need("after", len(r.Due.Alternatives) > 0, "say when it is due")
		need("event", f.Has("event"), "say which event meets it")
		if r.For != ForConference && r.For != "" {
			w.Errorf(f.Get("for"), "a window rule runs from one conference to the next: use for: conference")
		}
	case KindChain:
		if !f.Has("starts_at") {
			w.Errorf(f.Node, "chain rule %q has no start: add starts_at (period-start, core-group:1 or on-plan)", r.ID)
		}
		need("every", f.Has("every"), "give the longest gap allowed between events (or TBD)")
		need("event", f.Has("event"), "say which event starts each new link")
		if r.For != ForPeriod && r.For != ForChild && r.For != "" {
			w.Errorf(f.Get("for"), "a chain runs per period or per child: use for: period or for: child")
		}
		if r.StartsAt == StartOnPlan && r.For != ForChild {
			w.Errorf(f.Get("starts_at"), "starts_at: on-plan is for chains per child")
		}
		if r.Override == "visit_every" && r.Event != EventVisit || r.Override == "core_group_every" && r.Event != EventCoreGroup && r.Event != "" ||
			r.Override == OverrideReview && r.Event != EventReview && r.Event != "" {
			w.Errorf(f.Get("override"), "override %s does not match the chain's event %s", r.Override, r.Event)
		}
	case KindRun:
		switch {
		case f.Has("run") && f.Has("event"):
			w.Errorf(f.Key("event"), "give either run: (a named run) or event: with among and breaks, not both")
		case !f.Has("run") && !f.Has("event"):
			w.Errorf(f.Node, "run rule %q has no run: say which events make a run (run: no-access-home-visit, member-absent, or event: visit with among and breaks)", r.ID)
		case r.Event == EventCoreGroup:
			if r.Per != "member" {
				w.Errorf(f.Get("event"), "a run of core groups is counted for each member: add per: member")
			}
			if visitKeysSet(r.Among) || visitKeysSet(r.Breaks) {
				w.Errorf(f.Node, "run rule %q: a run of core groups filters on absent only", r.ID)
			}
		case r.Event != "" && r.Event != EventVisit:
			w.Errorf(f.Get("event"), "a run is of visits or of core groups: use event: visit or event: core-group")
		}
		if r.Per == "member" && r.Event != EventCoreGroup {
			w.Errorf(f.Get("per"), "per: member counts a run of core groups for each member: use event: core-group")
		}
		if r.Event == EventVisit && (r.Among.Absent != nil || r.Breaks.Absent != nil) {
			w.Errorf(f.Node, "run rule %q: absent is about a member at a core group: use event: core-group, per: member", r.ID)
		}
		if (r.Among.Seen || r.Among.Alone || r.Breaks.Seen || r.Breaks.Alone) && r.Per != ForChild {
			w.Errorf(f.Node, "run rule %q: seen and alone are about one child: add per: child", r.ID)
		}
		if r.Per == ForChild && r.Event != EventVisit {
			w.Errorf(f.Get("per"), "per: child counts a run of visits for each child: use event: visit")
		}
		if r.For != ForPeriod && r.For != "" {
			w.Errorf(f.Get("for"), "runs are counted within a plan period: use for: period")
		}
		if r.Run != "" || r.Event != "" {
			r.Due.Alternatives = []Anchor{{After: "run", Within: Timescale{}}}
			if f.Has("within") {
				r.Due.Alternatives[0].Within = l.timescale(f.Get("within"), "within")
			}
		}
		if r.MetBy != "" && !strings.HasPrefix(r.MetBy, MetEscalationPrefix) {
			w.Errorf(f.Get("met_by"), "a run is met by an escalation (escalation:no-access, escalation:absence, ...)")
		}
	}
	if r.Kind != KindRun && strings.HasPrefix(r.MetBy, MetEscalationPrefix) {
		w.Errorf(f.Get("met_by"), "an escalation meets only a run rule")
	}
	if r.Visit.Absent != nil {
		w.Errorf(f.Key("visit"), "absent is about a member at a core group: use it in a run rule's among or breaks")
	}
	if f.Has("visit") && r.Event != EventVisit {
		w.Errorf(f.Key("visit"), "visit filter only applies when event is visit")
	}
	if r.Visit.Seen || r.Visit.Alone {
		if r.For != ForChild && r.For != ForUnbornChild {
			w.Errorf(f.Key("visit"), "seen and alone are about one child: use for: child")
		}
	}
	if r.MetBy == MetActionDone && r.For != ForAction || r.For == ForAction && r.MetBy != MetActionDone && r.Kind == KindDeadline {
		w.Errorf(f.Node, "actions are met by action.done, and action.done meets only rules for: action")
	}
	if (r.MetBy == MetToManager || r.MetBy == MetApproved || r.MetBy == MetCirculated) && r.For != ForCoreGroup && r.MeetingSelect == "" {
		w.Errorf(f.Get("met_by"), "%s needs a meeting: use for: core-group, or meeting: to select one", r.MetBy)
	}
	if (r.MetBy == MetConfRecord || r.MetBy == MetConfPlan) && r.For != ForConference {
		w.Errorf(f.Get("met_by"), "%s is a conference's record: use for: conference", r.MetBy)
	}
	if r.MetBy == MetAssessment && r.For != ForCase {
		w.Errorf(f.Get("met_by"), "the core assessment is case level: use for: case")
	}
	// Anchors must exist in the rule's scope.
	alts := r.Due.Alternatives
	if r.CountedFrom != "" {
		alts = append(append([]Anchor{}, alts...), Anchor{After: r.CountedFrom, Pos: r.CountedFromPos})
	}
	for _, a := range alts {
		if a.After == "run" || strings.HasPrefix(a.After, AnchorRulePrefix) {
			continue
		}
		valid := anchorsFor(r.For)
		if strings.HasPrefix(a.After, "core-group:") && r.For != ForCase && r.For != ForAction && r.For != ForEnquiry {
			if validMeetingSelect(a.After) {
				continue
			}
		}
		if r.For != "" && !contains(valid, a.After) {
			l.w.Diags.Add(a.Pos.File, a.Pos.Line, a.Pos.Col, "unknown anchor %q for a rule for %s%s; expected one of: %s, core-group:N or rule:ID", a.After, r.For, suggest(a.After, valid), strings.Join(valid, ", "))
		}
		if strings.HasPrefix(a.After, "meeting") && r.For == ForPeriod && r.MeetingSelect == "" {
			l.w.Diags.Add(a.Pos.File, a.Pos.Line, a.Pos.Col, "anchor %q needs meeting: to say which core group of the period", a.After)
		}
	}
}

// crossRules checks references from one rule to another.
func (l *loader) crossRules(p *Policy) {
	for _, r := range p.Rules {
		for _, a := range r.Due.Alternatives {
			id, ok := strings.CutPrefix(a.After, AnchorRulePrefix)
			if !ok {
				continue
			}
			t := p.Rule(id)
			switch {
			case t == nil:
				var ids []string
				for _, o := range p.Rules {
					ids = append(ids, o.ID)
				}
				l.w.Diags.Add(a.Pos.File, a.Pos.Line, a.Pos.Col, "unknown rule %q in anchor %q%s", id, a.After, suggest(id, ids))
			case t == r:
				l.w.Diags.Add(a.Pos.File, a.Pos.Line, a.Pos.Col, "rule %q counts from itself", id)
			case t.Kind == KindChain && r.For != ForConference && t.StartsAt != StartPeriod:
				l.w.Diags.Add(a.Pos.File, a.Pos.Line, a.Pos.Col, "anchor %q: a chain's due date is known only for the link that starts at a conference (for: conference)", a.After)
			case t.Kind != KindChain && t.For != ForPeriod:
				l.w.Diags.Add(a.Pos.File, a.Pos.Line, a.Pos.Col, "anchor %q: only a rule for: period has one due date to count from", a.After)
			default:
				for _, ta := range t.Due.Alternatives {
					if strings.HasPrefix(ta.After, AnchorRulePrefix) {
						l.w.Diags.Add(a.Pos.File, a.Pos.Line, a.Pos.Col, "anchor %q: rule %q itself counts from another rule; count from its anchor instead", a.After, id)
					}
				}
			}
		}
	}
}

// anchorOf reads after (or before) and within of a rule or an alternative.
func (l *loader) anchorOf(f yamlwalk.Fields) Anchor {
	after, before := f.Get("after"), f.Get("before")
	switch {
	case after != nil && before != nil:
		l.w.Errorf(f.Key("before"), "give either after or before, not both")
	case after == nil && before == nil:
		l.w.Errorf(f.Node, "an alternative needs after or before: the anchor it is counted from")
		return Anchor{Pos: l.w.At(f.Node)}
	case before != nil:
		a := l.anchor(before, f.Get("within"))
		a.Before = true
		return a
	}
	return l.anchor(after, f.Get("within"))
}

func (l *loader) anchor(after, within *yaml.Node) Anchor {
	a := Anchor{Pos: l.w.At(after)}
	if after != nil {
		a.After, _ = l.w.String(after, "after")
	}
	if within != nil {
		a.Within = l.timescale(within, "within")
	} else {
		a.Within.Pos = a.Pos
	}
	return a
}

func (l *loader) confFilter(n *yaml.Node) ConferenceFilter {
	w := l.w
	cf := ConferenceFilter{Pos: w.At(n), configured: true}
	f, ok := w.Map(n, "a conference filter", confKeys)
	if !ok {
		return cf
	}
	cf.Kinds = l.words(f.Get("kind"), "conference kind", confKinds)
	cf.Decisions = l.words(f.Get("decision"), "decision", confDecision)
	if b := f.Get("ends_plan"); b != nil {
		if v, ok := w.Bool(b, "ends_plan"); ok {
			cf.EndsPlan = &v
		}
	}
	return cf
}

// words reads one word or a list of words from a fixed set.
func (l *loader) words(n *yaml.Node, what string, allowed []string) []string {
	if n == nil {
		return nil
	}
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []string
	for _, in := range items {
		if s, ok := l.w.Enum(in, what, allowed...); ok {
			out = append(out, s)
		}
	}
	return out
}

func (l *loader) visitFilter(n *yaml.Node) VisitFilter {
	w := l.w
	var v VisitFilter
	f, ok := w.Map(n, "a visit filter", visitKeys)
	if !ok {
		return v
	}
	v.Kinds = l.words(f.Get("kind"), "visit kind", visitKinds)
	if b := f.Get("by"); b != nil {
		if s, ok := w.Enum(b, "visitor (by)", "lead", "anyone"); ok {
			v.ByLead = s == "lead"
		}
	}
	v.Outcomes = l.words(f.Get("outcome"), "visit outcome", OutcomeWords.Names())
	if b := f.Get("absent"); b != nil {
		if a, ok := w.Bool(b, "absent"); ok {
			v.Absent = &a
		}
	}
	for key, dst := range map[string]*bool{"seen": &v.Seen, "alone": &v.Alone, "bedroom": &v.Bedroom} {
		if b := f.Get(key); b != nil {
			*dst, _ = w.Bool(b, key)
		}
	}
	return v
}

func (l *loader) check(cn *yaml.Node) *Check {
	w := l.w
	f, ok := w.Map(cn, "a check", checkKeys, "id", "title", "cite", "kind")
	if !ok {
		return nil
	}
	c := &Check{Pos: w.At(cn)}
	if n := f.Get("id"); n != nil {
		c.ID, _ = w.ID(n, "check id")
	}
	c.Title = l.nonEmpty(f.Get("title"), "title")
	c.Cite = l.nonEmpty(f.Get("cite"), "cite")
	if n := f.Get("kind"); n != nil {
		c.Kind, _ = w.Enum(n, "check kind", checkKinds...)
	}
	if n := f.Get("meetings"); n != nil {
		c.Meetings, _ = w.Enum(n, "meetings", meetingSets...)
	}
	if n := f.Get("conference"); n != nil {
		c.Conference = l.confFilter(n)
	}
	for _, n := range w.Seq(f.Get("roles"), "roles") {
		if s, ok := w.String(n, "role"); ok {
			c.Roles = append(c.Roles, s)
		}
	}
	for _, n := range w.Seq(f.Get("fields"), "fields") {
		if s, ok := w.String(n, "field"); ok {
			var alts []string
			for _, a := range strings.Split(s, "|") {
				a = strings.TrimSpace(a)
				alts = append(alts, a)
			}
			c.Fields = append(c.Fields, alts)
			l.checkFieldNames(n, c.Kind, alts)
		}
	}
	for _, n := range w.Seq(f.Get("sections"), "sections") {
		if s, ok := w.String(n, "section"); ok {
			c.Sections = append(c.Sections, s)
		}
	}
	need := map[string][]string{
		CheckChair:         {"meetings", "roles"},
		CheckMeetingFields: {"meetings", "fields"},
		CheckPlanSections:  {"sections"},
		CheckExclusion:     {"roles"},
		CheckDatesSet:      {"meetings"},
		CheckActionFields:  {"fields"},
	}[c.Kind]
	for _, k := range need {
		if !f.Has(k) {
			w.Errorf(cn, "%s check %q needs %s", c.Kind, c.ID, k)
		}
	}
	if c.Meetings == MeetingsFirstAfter && !f.Has("conference") {
		// default: after every conference of the period
		c.Conference = ConferenceFilter{}
	}
	if f.Has("conference") && c.Meetings != MeetingsFirstAfter {
		w.Errorf(f.Key("conference"), "conference only applies to meetings: first-after-conference")
	}
	return c
}

func (l *loader) checkFieldNames(n *yaml.Node, kind string, names []string) {
	valid := meetingFieldNames
	if kind == CheckActionFields {
		valid = []string{"id", "text", "owner", "due", "done"}
	}
	for _, a := range names {
		if !contains(valid, a) {
			l.w.Errorf(n, "unknown field %q; expected one of: %s", a, strings.Join(valid, ", "))
		}
	}
}

// meetingFieldNames are the keys of a meeting record (docs/format.md).
var meetingFieldNames = []string{"date", "kind", "chair", "present", "apologies", "absent", "summary", "decisions", "actions", "disagreements", "next", "dates_set", "record", "rescheduled_from", "cancelled"}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Describe is the rule's timescale in plain English, for `policy show` and reports.
func (r *Rule) Describe() string {
	var b strings.Builder
	b.WriteString(r.Title)
	b.WriteString(": ")
	b.WriteString(r.timescaleText())
	if r.Cite != "" {
		fmt.Fprintf(&b, " (%s)", r.Cite)
	}
	return b.String()
}

// Details are the rule's scope, filters, counting and conditions in plain English, one clause
// each, for `policy show`.
func (r *Rule) Details() []string { return r.details() }
