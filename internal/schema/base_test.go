package schema

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/load/shape"
)

// baseCase is a valid case in which every mapping of the format appears at least once, written in
// block style so that each key has a line of its own.
var baseCase = map[string]string{
	"plan.yaml": `case: T-1
policy: core-groups-s9
team: Team North
children:
  - id: a
    name: Alex
    born: 2019-04-02
    gender: female
    ethnicity: WBRI
    disability: false
    previous_plans: 1
  - id: b
    expected: 2027-01-15
    facts:
      - mother-unwell
conferences:
  - kind: initial
    date: 2026-10-01
    decision: plan
    children:
      - a
    lead: sw1
    core_group_set: 2026-10-13
    core_group_every: 4 weeks
    visit_every: 10 working days
    next_review: 2026-12-17
    record:
      circulated: 2026-10-05
      plan_circulated: 2026-10-06
    categories:
      a: neglect
enquiry:
  strategy_discussion: 2026-09-10
  section47_started: 2026-09-11
facts:
  - interpreter
core_assessment:
  started: 2026-09-21
  completed: 2026-11-06
plan:
  agreed: 2026-10-13
  sections:
    needs: text
  actions:
    - id: a1
      text: Health visitor to complete developmental check
      owner: hv1
      due: 2026-11-01
      done: 2026-10-30
  signed:
    sw1: 2026-10-20
escalations:
  - date: 2026-11-20
    reason: no-access
    to: tm1
    note: text
orders:
  - kind: police-protection
    from: 2026-09-19
    to: 2026-09-21
    children:
      - a
allocations:
  - from: 2026-09-19
    to: 2027-03-01
    team: Team North
    worker: sw1
    children:
      - a
`,
	"members.yaml": `members:
  - id: sw1
    name: Sam
    role: lead-social-worker
    agency: Children's Social Care
    from: 2026-10-01
    to: 2027-03-01
  - id: tm1
    role: team-manager
  - id: hv1
    role: health-visitor
  - id: mum
    role: parent
    excluded: Reason recorded by the conference
`,
	"meetings.yaml": `meetings:
  - date: 2026-10-13
    kind: core-group
    chair: tm1
    present:
      - sw1
    apologies:
      - hv1
    absent:
      - mum
    summary: text
    decisions:
      - text
    actions:
      - id: m1
        text: Book nursery place
        owner: sw1
        due: 2026-10-27
    disagreements:
      - text
    next: 2026-11-10
    dates_set:
      - 2026-11-10
    record:
      to_manager: 2026-10-14
      approved: 2026-10-15
      circulated: 2026-10-16
    rescheduled_from: 2026-10-12
    cancelled: false
`,
	"visits.yaml": `visits:
  - date: 2026-10-03
    by: sw1
    kind: home
    seen:
      - a
    alone:
      - a
    bedroom: true
    no_access: false
    outcome: seen
`,
}

// basePolicy is a valid policy in which every mapping of the language appears at least once.
const basePolicy = `id: probe
title: Probe policy
source: test
jurisdiction: england-and-wales
counting: day-0
closures:
  - date: 2026-12-24
    name: Christmas Eve
rules:
  - id: r-deadline
    title: Deadline
    cite: "1"
    kind: deadline
    for: period
    started_by:
      - initial
    meeting: core-group:1
    if_no_meeting: skip
    due:
      first_of:
        - after: meeting.circulated
          within: 5 working days
          unless:
            fact: mother-unwell
    met_by: plan.signed
    signatories:
      roles:
        - parent
      except_roles:
        - child
    label: Deadline
    when:
      fact: interpreter
    order: 3
    counting: day-1
    if_absent: waiting
  - id: r-event
    title: Event
    cite: "2"
    kind: event
    for: child
    after: period-start
    within: 10 working days
    event: visit
    nth: 1
    visit:
      kind: home
      by: lead
      seen: true
      alone: false
      bedroom: false
    outlives_plan: false
  - id: r-chain
    title: Chain
    cite: "3"
    kind: chain
    for: period
    starts_at: core-group:1
    event: core-group
    every: 6 weeks
    then:
      - from: first-review
        every: 2 months
    override: core_group_every
  - id: r-run
    title: Run
    cite: "4"
    kind: run
    for: period
    run: no-access-home-visit
    length: 2
    met_by: escalation:no-access
  - id: r-window
    title: Window
    cite: "5"
    kind: window
    for: conference
    conference:
      kind: review
      decision: continue
      ends_plan: false
    after: conference
    within: 3 months
    event: visit
    missed_at_next_conference: true
checks:
  - id: c-first
    title: First core group
    cite: "6"
    kind: meeting-fields
    meetings: first-after-conference
    conference:
      kind: initial
    fields:
      - present
      - decisions|actions
  - id: c-chair
    title: Chair
    cite: "7"
    kind: chair
    meetings: core-groups
    roles:
      - lead
  - id: c-sections
    title: Sections
    cite: "8"
    kind: plan-sections
    sections:
      - needs
`

var asOf = civil.MustParse("2026-11-23")

// loadCase runs the case loader on files (absent names are absent files).
func loadCase(files map[string][]byte) diag.List {
	_, d := casefolder.LoadWith("case", asOf, func(name string) ([]byte, error) {
		if b, ok := files[filepath.Base(name)]; ok {
			return b, nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	})
	return d
}

func loadPolicy(data []byte) diag.List {
	_, d := policy.Load("policy.yaml", data, "policy.yaml")
	return d
}

func baseFiles() map[string][]byte {
	out := map[string][]byte{}
	for k, v := range baseCase {
		out[k] = []byte(v)
	}
	return out
}

func parseNode(t *testing.T, data string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(data), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

func marshal(t *testing.T, n *yaml.Node) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// instance is one place a mapping of a description appears in a base document.
type instance struct {
	file string // plan.yaml, ..., or policy.yaml
	spec *shape.Mapping
	node *yaml.Node
	path []string // JSON pointer tokens from the document's top
}

// instances finds every mapping of spec in node: each keyed mapping, and each item of each list of
// mappings.
func instances(file string, spec *shape.Mapping, node *yaml.Node, path []string) []instance {
	out := []instance{{file, spec, node, path}}
	for _, f := range spec.Fields {
		v := get(node, f.Key)
		if v == nil {
			continue
		}
		p := append(append([]string{}, path...), f.Key)
		switch {
		case f.Kind == shape.Map:
			out = append(out, instances(file, f.Map, v, p)...)
		case f.Kind == shape.List && f.Item.Kind == shape.Map && v.Kind == yaml.SequenceNode:
			for i, it := range v.Content {
				out = append(out, instances(file, f.Item.Map, it, append(p, strconv.Itoa(i)))...)
			}
		case f.Kind == shape.List && f.Item.Kind == shape.Either && v.Kind == yaml.SequenceNode:
			for i, it := range v.Content {
				for _, alt := range f.Item.Or {
					if alt.Kind == shape.Map && it.Kind == yaml.MappingNode {
						out = append(out, instances(file, alt.Map, it, append(p, strconv.Itoa(i)))...)
					}
				}
			}
		}
	}
	return out
}

func get(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// set puts key: v in m, replacing its value or adding the key at the end.
func set(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func remove(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i:i], m.Content[i+2:]...)
			return
		}
	}
}

// caseInstances parses the base case and lists every mapping instance, with the parsed files.
func caseInstances(t *testing.T) (map[string]*yaml.Node, []instance) {
	docs := map[string]*yaml.Node{}
	var out []instance
	for _, f := range casefolder.Files {
		docs[f] = parseNode(t, baseCase[f])
		out = append(out, instances(f, casefolder.Spec(f), docs[f], nil)...)
	}
	return docs, out
}

// compile compiles one generated schema for validation.
func compile(t testing.TB, f File) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Generate(f)))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(f.Name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(f.Name)
	if err != nil {
		t.Fatalf("%s does not compile: %v", f.Name, err)
	}
	return s
}

// schemaFor is the generated schema of a case file name or "policy.yaml".
func schemaFor(t testing.TB, file string) *jsonschema.Schema {
	for _, f := range Files() {
		if f.Subject == file || (file == "policy.yaml" && f.Name == PolicyFileName) {
			return compile(t, f)
		}
	}
	t.Fatalf("no schema for %s", file)
	return nil
}

// leafErrors flattens a validation error to the errors that caused it, as "location: message".
func leafErrors(err error) []*jsonschema.ValidationError {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []*jsonschema.ValidationError
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, e)
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return out
}

// allErrors is every error of the tree, causes included.
func allErrors(err error) []*jsonschema.ValidationError {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []*jsonschema.ValidationError
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		out = append(out, e)
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return out
}

func under(loc, prefix []string) bool {
	if len(loc) < len(prefix) {
		return false
	}
	for i := range prefix {
		if loc[i] != prefix[i] {
			return false
		}
	}
	return true
}

func errorLines(d diag.List) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString("\n\t" + x.String())
	}
	return b.String()
}
