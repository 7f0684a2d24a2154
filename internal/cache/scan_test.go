package cache

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// tricky are documents whose mappings the fast reading must either read as yaml.v3 does or
// give up on. sure lists, for some, a mapping's line and key that must be read quickly (the
// plain forms every generated case uses), so that the test fails if the fast path never runs.
var tricky = []struct {
	name, doc string
	sure      [][2]any // {line, key}
}{
	{"plain", "children:\n  - id: a\n    name: Jo Bloggs\n    born: 2020-01-01\n  - id: b\n    born: 2021-02-02\n    name: Sam   \n", [][2]any{{2, "name"}, {5, "name"}, {5, "absent"}}},
	{"no name", "children:\n  - id: a\n    born: 2020-01-01\n  - id: b\n    name: B\n", [][2]any{{2, "name"}}},
	{"comment after", "x:\n  - id: a\n    name: Jo # her name\n", nil},
	{"hash inside", "x:\n  - id: a\n    name: Room#3\n", nil},
	{"comment line", "x:\n  - id: a\n    # a comment\n    name: Jo\n", [][2]any{{2, "name"}}},
	{"comment then more", "x:\n  - id: a\n    name: Jo\n    # note\n    role: p\n", nil},
	{"continuation", "x:\n  - id: a\n    name: Jo\n      Bloggs\n  - id: b\n    name: B\n", [][2]any{{5, "name"}}},
	{"continuation after blank", "x:\n  - id: a\n    name: Jo\n\n      Bloggs\n", nil},
	{"double quoted", "x:\n  - id: a\n    name: \"Jo \\\"B\\\" Bloggs\"\n", nil},
	{"single quoted", "x:\n  - id: a\n    name: 'O''Neil'\n", nil},
	{"quoted before", "x:\n  - id: a\n    role: \"lead\"\n    name: Jo\n", [][2]any{{2, "name"}}},
	{"open quote before", "x:\n  - id: a\n    role: \"lead\n  worker\"\n    name: Jo\n", nil},
	{"flow before", "x:\n  - id: a\n    facts: [one, two]\n    name: Jo\n", [][2]any{{2, "name"}}},
	{"open flow before", "x:\n  - id: a\n    facts: [one,\n  two]\n    name: Jo\n", nil},
	{"flow mapping item", "x:\n  - {id: a, name: Jo}\n", nil},
	{"block scalar", "x:\n  - id: a\n    text: |\n      line one\n      name: not this\n    name: Jo\n", [][2]any{{2, "name"}}},
	{"folded text", "x:\n  - id: a\n    text: >\n      Visit\n      weekly\n", nil},
	{"text on next line", "x:\n  - id: a\n    text:\n      Visit weekly\n", nil},
	{"null", "x:\n  - id: a\n    name: null\n  - id: b\n    name: ~\n  - id: c\n    name:\n", nil},
	{"number and bool", "x:\n  - id: a\n    name: 123\n  - id: b\n    name: yes\n  - id: c\n    name: 2020-01-01\n", [][2]any{{2, "name"}, {4, "name"}, {6, "name"}}},
	{"anchor and alias", "x:\n  - id: a\n    name: &n Jo\n  - id: b\n    name: *n\n", nil},
	{"tag", "x:\n  - id: a\n    name: !!str 12\n", nil},
	{"merge key", "base: &b\n  name: Jo\nx:\n  - <<: *b\n    id: a\n", nil},
	{"quoted key", "x:\n  - id: a\n    \"name\": Jo\n", nil},
	{"explicit key", "x:\n  - id: a\n    ? name\n    : Jo\n", nil},
	{"nested name", "x:\n  - id: a\n    carer:\n      name: Not the child\n    name: Jo\n", [][2]any{{2, "name"}}},
	{"sequence at key level", "x:\n  - id: a\n    facts:\n    - one\n    name: Jo\n", nil},
	{"colon in value", "x:\n  - id: a\n    name: Jo:B\n    text: visit at 10:30\n", [][2]any{{2, "name"}, {2, "text"}}},
	{"comma and brackets", "x:\n  - id: a\n    name: Smith, Jo [aunt]\n", [][2]any{{2, "name"}}},
	{"unicode", "x:\n  - id: a\n    name: Zoë Ó Súilleabháin\n", [][2]any{{2, "name"}}},
	{"line separator", "x:\n  - id: a\n    # c\u2028\n    name: Jo\n", nil},
	{"crlf", "x:\r\n  - id: a\r\n    name: Jo Bloggs\r\n  - id: b\r\n    name: B\r\n", [][2]any{{2, "name"}, {4, "name"}}},
	{"lone cr", "x:\r  - id: a\r    name: Jo\n", nil},
	{"nested sequences", "x:\n  - - id: a\n      name: Jo\n", [][2]any{{2, "name"}}},
	{"deeper keys", "x:\n    -   id: a\n        name: Jo\n", [][2]any{{2, "name"}}},
	{"dash in value", "x:\n  - id: a\n    name: -Jo\n", nil},
	{"document end", "x:\n  - id: a\n    name: Jo\n...\n", [][2]any{{2, "name"}}},
}

// TestScanReadsWhatYAMLReads compares the fast reading of every mapping in the documents above
// and in every YAML file of the repository with yaml.v3: where it is sure, it must agree.
func TestScanReadsWhatYAMLReads(t *testing.T) {
	docs := map[string][]byte{}
	for _, tc := range tricky {
		docs[tc.name] = []byte(tc.doc)
	}
	for _, root := range []string{"../../examples", "../../testdata", "../../policies"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
				if data, err := os.ReadFile(path); err == nil {
					docs[path] = data
				}
			}
			return nil
		})
	}
	if len(docs) < len(tricky)+50 {
		t.Fatalf("only %d documents", len(docs))
	}
	keys := []string{"name", "text", "id", "role", "owner", "due", "absent"}
	sure := 0
	for name, data := range docs {
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil {
			continue
		}
		lines, ok := index(data)
		if !ok {
			continue
		}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			for _, c := range n.Content {
				walk(c)
			}
			if n.Kind != yaml.MappingNode {
				return
			}
			for _, key := range keys {
				text, found, ok := lines.value(n.Line, n.Column, key)
				if !ok {
					continue
				}
				sure++
				v := get(n, key)
				wantFound := v != nil && v.Kind == yaml.ScalarNode && v.Tag != "!!null"
				if found != wantFound || found && text != v.Value {
					t.Errorf("%s: the mapping at %d:%d: %s read as %q (found %v), yaml.v3 reads %v", name, n.Line, n.Column, key, text, found, v)
				}
			}
		}
		walk(&doc)
	}
	if sure < 500 {
		t.Errorf("only %d values read quickly: the fast reading hardly runs", sure)
	}
	// The plain forms must be read quickly.
	for _, tc := range tricky {
		lines, _ := index([]byte(tc.doc))
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(tc.doc), &doc); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, s := range tc.sure {
			line, key := s[0].(int), s[1].(string)
			col := mappingCol(&doc, line)
			if lines == nil || col == 0 {
				t.Errorf("%s: no mapping on line %d", tc.name, line)
				continue
			}
			if _, _, ok := lines.value(line, col, key); !ok {
				t.Errorf("%s: %s of the mapping on line %d is not read quickly", tc.name, key, line)
			}
		}
	}
}

// mappingCol is the column of the innermost mapping that starts on line, or 0.
func mappingCol(n *yaml.Node, line int) int {
	col := 0
	if n.Kind == yaml.MappingNode && n.Line == line {
		col = n.Column
	}
	for _, c := range n.Content {
		if c2 := mappingCol(c, line); c2 != 0 {
			col = c2
		}
	}
	return col
}
