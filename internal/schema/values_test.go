package schema

import (
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/shape"
)

// probes are values of every shape, written as YAML: each is put under every key in turn.
var probes = []string{
	`~`, `""`, `"   "`, `word`, `Bad Value`, `42`, `1.5`, `-3`, `true`,
	`2026-10-01`, `"2026-10-01"`, `2026-02-30`, `01/10/2026`,
	`[]`, `[~]`, `[word]`, `[42]`, `[2026-10-01]`, `[[word]]`, `{}`, `{k: v}`,
}

// probesByKind are the values that tell apart what a kind of key accepts, beyond probes.
var probesByKind = map[shape.Kind][]string{
	shape.Duration: {`10 working days`, `1 Week`, `0 days`, `1001 days`, `weeks`, `TBD`, `tbd`, `set-by-conference`},
	shape.Int:      {`0`, `1`, `100`, `101`},
	shape.Either:   {`10 working days`, `0 days`, `TBD`, `set-by-conference`, `Set-By-Conference`},
	shape.Text: {`period-start`, `rule:r-chain`, `core-group:2`, `core-group:0`, `core-group:101`, `core-group-on:plan.agreed`,
		`present|summary`, `owner`, `present|nothing`},
}

// probesFor adds the values a key's description names: its words, and ids that exist in the base.
func probesFor(v *shape.Value) []string {
	out := append([]string{}, probes...)
	out = append(out, probesByKind[v.Kind]...)
	if v.Item != nil {
		for _, p := range probesByKind[v.Item.Kind] {
			out = append(out, "["+p+"]")
		}
	}
	var words []string
	for _, x := range []*shape.Value{v, v.Item} {
		if x != nil {
			words = append(words, x.Words...)
			for _, o := range x.Or {
				words = append(words, o.Words...)
			}
		}
	}
	for _, w := range words {
		out = append(out, `"`+w+`"`, `["`+w+`"]`)
	}
	if v.Ref != "" || (v.Item != nil && v.Item.Ref != "") {
		out = append(out, `sw1`, `[sw1]`, `a`, `[a]`, `[sw1, sw1]`)
	}
	return out
}

// onlyTheLoaderKnows are findings a schema cannot make: they need another key, another file or
// another entry (ids that must exist, order, duplicates, how one key fits another).
var onlyTheLoaderKnows = []string{
	"unknown member", "unknown child", "is in alone but not in seen", "no_access is true but", "says no access but", "extends: ", "goes with after/within",
	"before it started", "before joining", "is listed after", "after today", "listed twice",
	"is in both", "duplicate", "unknown anchor", "does not apply to", "only applies", "needs",
	"has no", "use for:", "unknown rule", "counts from itself", "a chain's due date",
	"only a rule for: period", "counts from another rule", "is also a rule id", "does not match the chain's event",
	"an escalation meets only", "a run is met by an escalation", "actions are met by action.done",
	"is case level", "are about one child", "is for chains per child", "give either", "unknown field",
	"runs per period or per child", "runs from one conference to the next", "are counted within a plan period",
}

func loaderOnly(msg string) bool {
	for _, s := range onlyTheLoaderKnows {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// TestLoaderAndSchemaAgreeOnValues puts every probe under every key of every mapping of the base
// files, and checks that the loader and the schema accept and refuse the same ones: a schema
// that refuses what the loader accepts would flag good files in the editor, and one that accepts
// what the loader refuses (beyond what only the loader can know) would miss mistakes.
func TestLoaderAndSchemaAgreeOnValues(t *testing.T) {
	schemas := map[string]interface {
		Validate(any) error
	}{}
	base := map[string]*yaml.Node{"policy.yaml": parseNode(t, basePolicy)}
	for k, v := range baseCase {
		base[k] = parseNode(t, v)
	}
	baseBytes := baseFiles()
	for _, pk := range probedKeys(t) {
		in, f := pk.in, pk.field
		if schemas[in.file] == nil {
			schemas[in.file] = schemaFor(t, in.file)
		}
		{
			for _, p := range probesFor(&f.Value) {
				pn := parseNode(t, p)
				setFlow(pn)
				var data []byte
				var d diag.List
				edit := func(n *yaml.Node) { set(n, f.Key, pn) }
				top := clone(base[in.file])
				editAt(t, in.file, top, in.path, edit)
				data = marshal(t, top)
				if in.file == "policy.yaml" {
					d = loadPolicy(data)
				} else {
					files := map[string][]byte{}
					for name, b := range baseBytes {
						files[name] = b
					}
					files[in.file] = data
					d = loadCase(files)
				}
				probed := parseNode(t, string(data))
				line := keyLine(t, probed, append(append([]string{}, in.path...), f.Key))
				// Errors on the key's line judge the value; one that only the loader can know, anywhere
				// (a key that conflicts with another), leaves the value unjudged. References broken
				// elsewhere by a changed id do not: the schema judges the id's form.
				var loaderErr, semantic string
				for _, x := range d {
					if x.Severity != diag.Error {
						continue
					}
					onLine := strings.HasSuffix(x.File, in.file) && x.Line == line
					switch {
					case onLine && !loaderOnly(x.Msg):
						loaderErr = x.Msg
					case onLine || loaderOnly(x.Msg) && !strings.Contains(x.Msg, "unknown member") && !strings.Contains(x.Msg, "unknown child"):
						semantic = x.Msg
					}
				}
				v, err := fromNode(probed)
				if err != nil {
					t.Fatal(err)
				}
				var schemaErr string
				for _, e := range leafErrors(schemas[in.file].Validate(v)) {
					if under(e.InstanceLocation, append(append([]string{}, in.path...), f.Key)) {
						schemaErr = e.Error()
					}
				}
				where := in.file + " " + strings.Join(append(in.path, f.Key), "/") + ": " + p
				switch {
				case loaderErr == "" && semantic == "" && schemaErr != "":
					t.Errorf("%s: the loader accepts it, the schema refuses it: %s", where, schemaErr)
				case loaderErr != "" && schemaErr == "":
					t.Errorf("%s: the loader refuses it (%s), the schema accepts it", where, loaderErr)
				}
			}
		}
	}
}

type probedKey struct {
	in    instance
	field shape.Field
}

// probedKeys is each key of each mapping once, in an instance of the base files that holds it
// (so that the rest of that mapping fits it), else in the first instance of its mapping.
func probedKeys(t *testing.T) []probedKey {
	var out []probedKey
	type id struct {
		file string
		spec *shape.Mapping
		key  string
	}
	done := map[id]bool{}
	ins := allInstances(t)
	for pass := 0; pass < 2; pass++ {
		for _, in := range ins {
			for _, f := range in.spec.Fields {
				k := id{in.file, in.spec, f.Key}
				if done[k] || pass == 0 && get(in.node, f.Key) == nil {
					continue
				}
				done[k] = true
				out = append(out, probedKey{in, f})
			}
		}
	}
	return out
}

func clone(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = clone(x)
	}
	return &c
}

func setFlow(n *yaml.Node) {
	if n.Kind != yaml.ScalarNode {
		n.Style = yaml.FlowStyle
	}
	for _, c := range n.Content {
		setFlow(c)
	}
}

// editAt applies edit to the mapping at path in top.
func editAt(t *testing.T, file string, top *yaml.Node, path []string, edit func(*yaml.Node)) {
	t.Helper()
	n := top
	for _, tok := range path {
		switch n.Kind {
		case yaml.MappingNode:
			n = get(n, tok)
		case yaml.SequenceNode:
			i := 0
			for _, c := range tok {
				i = i*10 + int(c-'0')
			}
			n = n.Content[i]
		}
		if n == nil {
			t.Fatalf("%s: no %v", file, path)
		}
	}
	edit(n)
}

// keyLine is the line of the key at path under n.
func keyLine(t *testing.T, n *yaml.Node, path []string) int {
	t.Helper()
	var key *yaml.Node
	for _, tok := range path {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					key, n = n.Content[i], n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			i := 0
			for _, c := range tok {
				i = i*10 + int(c-'0')
			}
			n = n.Content[i]
		}
	}
	if key == nil || !reflect.DeepEqual(key.Value, path[len(path)-1]) {
		t.Fatalf("no key at %v", path)
	}
	return key.Line
}
