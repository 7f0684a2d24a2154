package schema

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/load/shape"
)

// These tests hold the descriptions (and so the schemas) to what the loaders do, by asking the
// loaders: every key a loader accepts is in the description and every key in the description is
// accepted; the required keys and the words of every enum are the same; and for every key, the
// loader and the schema accept and refuse the same values (beyond what only the loader can know).

func TestBaseFilesAreValid(t *testing.T) {
	if d := loadCase(baseFiles()); len(d) > 0 {
		t.Fatalf("the base case has findings:%s", errorLines(d))
	}
	if d := loadPolicy([]byte(basePolicy)); len(d) > 0 {
		t.Fatalf("the base policy has findings:%s", errorLines(d))
	}
	for _, f := range casefolder.Files {
		v, err := FromYAML([]byte(baseCase[f]))
		if err != nil {
			t.Fatal(err)
		}
		if err := schemaFor(t, f).Validate(v); err != nil {
			t.Errorf("%s: the schema refuses the base file: %v", f, err)
		}
	}
	v, _ := FromYAML([]byte(basePolicy))
	if err := schemaFor(t, "policy.yaml").Validate(v); err != nil {
		t.Errorf("the policy schema refuses the base policy: %v", err)
	}
}

func TestDescriptionsAreWellFormed(t *testing.T) {
	for _, f := range Files() {
		if probs := f.Spec.Check(); len(probs) > 0 {
			t.Errorf("%s: %s", f.Name, strings.Join(probs, "; "))
		}
	}
}

// TestEveryMappingIsProbed guards the probes below: a mapping added to a description must appear
// in the base files, or its keys would go unchecked.
func TestEveryMappingIsProbed(t *testing.T) {
	_, ins := caseInstances(t)
	ins = append(ins, instances("policy.yaml", policy.PolicySpec, parseNode(t, basePolicy), nil)...)
	found := map[*shape.Mapping]bool{}
	for _, in := range ins {
		found[in.spec] = true
	}
	for _, f := range Files() {
		f.Spec.Walk(func(m *shape.Mapping) {
			if !found[m] {
				t.Errorf("%s: mapping %q does not appear in the base files of this test", f.Name, m.Name)
			}
		})
	}
}

var expectedRe = regexp.MustCompile(`; expected one of: (.*)$`)

// listed finds the error whose message holds marker and returns the list after "expected one of:".
func listed(t *testing.T, d diag.List, marker string) []string {
	t.Helper()
	for _, x := range d {
		if strings.Contains(x.Msg, marker) {
			m := expectedRe.FindStringSubmatch(x.Msg)
			if m == nil {
				t.Fatalf("message no longer lists the expected words: %s", x.Msg)
			}
			return strings.Split(m[1], ", ")
		}
	}
	t.Fatalf("no error with %q among:%s", marker, errorLines(d))
	return nil
}

// probeCase loads the base case with one mapping instance changed by edit.
func probeCase(t *testing.T, in instance, edit func(n *yaml.Node)) diag.List {
	t.Helper()
	docs, ins := caseInstances(t)
	for _, j := range ins {
		if j.file == in.file && reflect.DeepEqual(j.path, in.path) {
			edit(j.node)
		}
	}
	files := map[string][]byte{}
	for name, doc := range docs {
		files[name] = marshal(t, doc)
	}
	return loadCase(files)
}

func probePolicy(t *testing.T, in instance, edit func(n *yaml.Node)) diag.List {
	t.Helper()
	top := parseNode(t, basePolicy)
	for _, j := range instances("policy.yaml", policy.PolicySpec, top, nil) {
		if reflect.DeepEqual(j.path, in.path) {
			edit(j.node)
		}
	}
	return loadPolicy(marshal(t, top))
}

func allInstances(t *testing.T) []instance {
	_, ins := caseInstances(t)
	return append(ins, instances("policy.yaml", policy.PolicySpec, parseNode(t, basePolicy), nil)...)
}

func probe(t *testing.T, in instance, edit func(n *yaml.Node)) diag.List {
	if in.file == "policy.yaml" {
		return probePolicy(t, in, edit)
	}
	return probeCase(t, in, edit)
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }

func TestLoaderKeysAreTheDescribedKeys(t *testing.T) {
	for _, in := range allInstances(t) {
		d := probe(t, in, func(n *yaml.Node) { set(n, "zz_probe", scalar("1")) })
		got := listed(t, d, `unknown key "zz_probe"`)
		if want := in.spec.Keys(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s %s: the loader accepts %v, the description lists %v", in.file, in.spec.Name, got, want)
		}
	}
}

func TestLoaderRequiresTheDescribedKeys(t *testing.T) {
	for _, in := range allInstances(t) {
		for _, f := range in.spec.Fields {
			if get(in.node, f.Key) == nil {
				continue // not in the base: cannot be taken out
			}
			d := probe(t, in, func(n *yaml.Node) { remove(n, f.Key) })
			missing := false
			for _, x := range d {
				if strings.Contains(x.Msg, fmt.Sprintf("missing the required key %q", f.Key)) {
					missing = true
				}
			}
			required := f.Required || in.spec.Without != "" && get(in.node, in.spec.Without) == nil && slices.Contains(in.spec.NeedWithout, f.Key)
			if missing != required {
				t.Errorf("%s %s.%s: required in the description: %v; the loader requires it: %v", in.file, in.spec.Name, f.Key, f.Required, missing)
			}
		}
	}
}

func TestLoaderEnumsAreTheDescribedWords(t *testing.T) {
	for _, in := range allInstances(t) {
		for _, f := range in.spec.Fields {
			words, item := f.Words, false
			switch {
			case f.Kind == shape.Enum:
			case f.Kind == shape.List && f.Item.Kind == shape.Enum:
				words, item = f.Item.Words, true
			case f.Kind == shape.Either:
				continue // every: a duration or set-by-conference, tested by the value probes
			default:
				continue
			}
			d := probe(t, in, func(n *yaml.Node) {
				v := scalar("zz-probe")
				if item {
					v = &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{v}}
				}
				set(n, f.Key, v)
			})
			got := listed(t, d, `"zz-probe"`)
			if !reflect.DeepEqual(got, words) {
				t.Errorf("%s %s.%s: the loader accepts %v, the description lists %v", in.file, in.spec.Name, f.Key, got, words)
			}
		}
	}
}

// minimalRules is a valid rule of each kind with only what it needs.
var minimalRules = map[string]string{
	policy.KindDeadline: "{id: x, title: X, cite: '1', kind: deadline, for: period, after: period-start, within: 5 days, met_by: plan.agreed}",
	policy.KindEvent:    "{id: x, title: X, cite: '1', kind: event, for: period, after: period-start, within: 5 days, event: core-group}",
	policy.KindChain:    "{id: x, title: X, cite: '1', kind: chain, for: period, starts_at: period-start, event: core-group, every: 6 weeks}",
	policy.KindRun:      "{id: x, title: X, cite: '1', kind: run, for: period, run: no-access-home-visit, met_by: 'escalation:no-access'}",
	policy.KindWindow:   "{id: x, title: X, cite: '1', kind: window, for: conference, after: conference, within: 3 months, event: visit}",
}

func policyWith(t *testing.T, rule, check string) []byte {
	t.Helper()
	s := "id: p\ntitle: P\njurisdiction: england-and-wales\nrules:\n  - " + rule + "\n"
	if check != "" {
		s += "checks:\n  - " + check + "\n"
	}
	return []byte(s)
}

var takesRe = regexp.MustCompile(`does not apply to an? (\w+) rule \(it takes: (.*)\)$`)

// TestRuleKindsTakeTheDescribedKeys asks the loader, for each kind of rule, which keys it takes
// and which it needs, and compares with the description's cases.
func TestRuleKindsTakeTheDescribedKeys(t *testing.T) {
	cases := map[string]shape.Case{}
	for _, c := range policy.RuleSpec.Cases {
		cases[c.Value] = c
	}
	if len(cases) != len(minimalRules) {
		t.Fatalf("%d rule kinds described, %d probed", len(cases), len(minimalRules))
	}
	for kind, rule := range minimalRules {
		c := cases[kind]
		if d := loadPolicy(policyWith(t, rule, "")); len(d) > 0 {
			t.Fatalf("minimal %s rule has findings:%s", kind, errorLines(d))
		}
		// Every key outside the kind's own is refused, and the message lists the kind's own.
		allowed := append(append([]string{}, c.Common...), c.Allowed...)
		reported := false
		for _, key := range policy.RuleSpec.Keys() {
			n := parseNode(t, rule)
			if get(n, key) != nil {
				continue
			}
			set(n, key, scalar("1"))
			d := loadPolicy(policyWith(t, strings.TrimSpace(string(marshalFlow(t, n))), ""))
			var takes []string
			refused := false
			for _, x := range d {
				if m := takesRe.FindStringSubmatch(x.Msg); m != nil && strings.HasPrefix(x.Msg, key+" ") {
					refused, takes = true, strings.Split(m[2], ", ")
				}
			}
			in := contains(allowed, key)
			if refused == in {
				t.Errorf("%s rule, key %s: allowed in the description: %v; refused by the loader: %v", kind, key, in, refused)
			}
			if refused && !reflect.DeepEqual(takes, c.Allowed) && !reported {
				t.Errorf("%s rule: the loader takes %v, the description %v", kind, takes, c.Allowed)
				reported = true
			}
		}
		// Every key of the minimal rule outside the common ones is needed exactly when described.
		for _, key := range parseNode(t, rule).Content {
			if key.Tag != "!!str" || contains(c.Common, key.Value) || key.Value == "within" {
				continue
			}
			n := parseNode(t, rule)
			remove(n, key.Value)
			if key.Value == "after" {
				remove(n, "within")
			}
			d := loadPolicy(policyWith(t, strings.TrimSpace(string(marshalFlow(t, n))), ""))
			needed := false
			for _, x := range d {
				if strings.Contains(x.Msg, " has no ") && strings.Contains(x.Msg, key.Value) {
					needed = true
				}
			}
			want := contains(c.Required, key.Value) || contains(c.RequiredOneOf, key.Value)
			if needed != want {
				t.Errorf("%s rule, key %s: needed in the description: %v; by the loader: %v:%s", kind, key.Value, want, needed, errorLines(d))
			}
		}
	}
}

// minimalChecks is a valid check of each kind with what it needs.
var minimalChecks = map[string]string{
	policy.CheckChair:         "{id: c, title: C, cite: '1', kind: chair, meetings: core-groups, roles: [lead]}",
	policy.CheckMeetingFields: "{id: c, title: C, cite: '1', kind: meeting-fields, meetings: core-groups, fields: [present]}",
	policy.CheckPlanSections:  "{id: c, title: C, cite: '1', kind: plan-sections, sections: [needs]}",
	policy.CheckExclusion:     "{id: c, title: C, cite: '1', kind: exclusion-reason, roles: [parent]}",
	policy.CheckDatesSet:      "{id: c, title: C, cite: '1', kind: dates-set, meetings: core-groups}",
	policy.CheckActionFields:  "{id: c, title: C, cite: '1', kind: action-fields, fields: [owner]}",
}

func TestCheckKindsNeedTheDescribedKeys(t *testing.T) {
	if len(policy.CheckSpec.Cases) != len(minimalChecks) {
		t.Fatalf("%d check kinds described, %d probed", len(policy.CheckSpec.Cases), len(minimalChecks))
	}
	for _, c := range policy.CheckSpec.Cases {
		check := minimalChecks[c.Value]
		if d := loadPolicy(policyWith(t, minimalRules[policy.KindChain], check)); len(d) > 0 {
			t.Fatalf("minimal %s check has findings:%s", c.Value, errorLines(d))
		}
		for _, key := range []string{"meetings", "roles", "fields", "sections"} {
			n := parseNode(t, check)
			if get(n, key) == nil {
				continue
			}
			remove(n, key)
			d := loadPolicy(policyWith(t, minimalRules[policy.KindChain], strings.TrimSpace(string(marshalFlow(t, n)))))
			needed := false
			for _, x := range d {
				if strings.Contains(x.Msg, " needs "+key) {
					needed = true
				}
			}
			if want := contains(c.Required, key); needed != want {
				t.Errorf("%s check, key %s: needed in the description: %v; by the loader: %v", c.Value, key, want, needed)
			}
		}
	}
}

func marshalFlow(t *testing.T, n *yaml.Node) []byte {
	n.Style = yaml.FlowStyle
	return marshal(t, n)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
