package edit

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// visit is the entry the tests append: a date, an id, a list, a bool and a text that needs quotes.
func visit() *yaml.Node {
	return mapping(
		"date", plain("2026-11-24"),
		"by", str("sw1"),
		"seen", list("a", "b"),
		"bedroom", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"},
		"note", str("left a card: no answer, {again}"),
	)
}

func mapping(kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i < len(kv); i += 2 {
		m.Content = append(m.Content, str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return m
}

func plain(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }
func str(v string) *yaml.Node   { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

func list(items ...string) *yaml.Node {
	l := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, it := range items {
		l.Content = append(l.Content, str(it))
	}
	return l
}

// wantVisit is visit() as a YAML reader sees it.
var wantVisit = map[string]any{"date": "2026-11-24", "by": "sw1", "seen": []any{"a", "b"}, "bedroom": true, "note": "left a card: no answer, {again}"}

// items decodes the list under key, dates as text.
func items(t *testing.T, data []byte, key string) []any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the result is not YAML: %v\n%s", err, data)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key {
			stringDates(top.Content[i+1])
			var out []any
			if err := top.Content[i+1].Decode(&out); err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	return nil
}

func stringDates(n *yaml.Node) {
	if n.Tag == "!!timestamp" {
		n.Tag = "!!str"
	}
	for _, c := range n.Content {
		stringDates(c)
	}
}

// checkAppend appends visit() to the list under key in before and checks that the result is before
// with only the new entry added (byte for byte), that the list gained exactly that entry, and that
// the entry's text is want (when given).
func checkAppend(t *testing.T, name string, before []byte, key, want string) *Change {
	t.Helper()
	c, err := Append(before, key, visit())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var rebuilt []byte
	rebuilt = append(rebuilt, before[:c.At]...)
	rebuilt = append(rebuilt, c.Text...)
	rebuilt = append(rebuilt, before[c.At+c.Removed:]...)
	if !bytes.Equal(rebuilt, c.After) {
		t.Fatalf("%s: After is not Before with Text inserted", name)
	}
	if c.Removed == 0 && !bytes.Equal(append(append([]byte{}, c.After[:c.At]...), c.After[c.At+len(c.Text):]...), before) {
		t.Fatalf("%s: taking the entry out does not give the file back", name)
	}
	old, now := items(t, before, key), items(t, c.After, key)
	if len(now) != len(old)+1 || len(old) > 0 && !reflect.DeepEqual(now[:len(old)], old) {
		t.Fatalf("%s: the list went from %d to %d items, or its old items changed:\n%s", name, len(old), len(now), c.After)
	}
	if !reflect.DeepEqual(now[len(old)], wantVisit) {
		t.Fatalf("%s: the new item reads back as %#v", name, now[len(old)])
	}
	if want != "" && string(c.Text) != want {
		t.Errorf("%s: inserted\n%q\nwant\n%q", name, c.Text, want)
	}
	lines := strings.Split(string(c.After), "\n")
	if c.Line < 1 || c.Line > len(lines) || !strings.Contains(lines[c.Line-1], "-") || !strings.Contains(lines[c.Line-1], "date") {
		t.Errorf("%s: Line %d is not the new entry's first line", name, c.Line)
	}
	return c
}

func TestAppendLayouts(t *testing.T) {
	block := "  - date: 2026-11-24\n    by: sw1\n    seen: [a, b]\n    bedroom: true\n    note: 'left a card: no answer, {again}'\n"
	flow := "  - {date: 2026-11-24, by: sw1, seen: [a, b], bedroom: true, note: 'left a card: no answer, {again}'}\n"
	tests := []struct{ name, in, want string }{
		{"block list", "visits:\n  - date: 2026-10-03\n    by: sw1\n", block},
		{"flow items keep their style", "visits:\n  - {date: 2026-10-03, by: sw1}\n", flow},
		{"items at column 0", "visits:\n- date: 2026-10-03\n  by: sw1\n", strings.ReplaceAll(block, "\n  ", "\n")[2:]},
		{"wide item indent", "visits:\n    -   date: 2026-10-03\n        by: sw1\n", "    -   date: 2026-11-24\n        by: sw1\n        seen: [a, b]\n        bedroom: true\n        note: 'left a card: no answer, {again}'\n"},
		{"dash alone on its line", "visits:\n  -\n    date: 2026-10-03\n    by: sw1\n", block},
		{"dash alone, keys further in", "visits:\n  -\n      date: 2026-10-03\n      by: sw1\n", "  -   date: 2026-11-24\n      by: sw1\n      seen: [a, b]\n      bedroom: true\n      note: 'left a card: no answer, {again}'\n"},
		{"comments after the last item", "visits:\n  - date: 2026-10-03   # first\n    by: sw1\n    # inside the item\n\n# about what follows\n# more\n", ""},
		{"folded text at the end", "visits:\n  - date: 2026-10-03\n    by: sw1\n    note: >-\n      a long note\n\n      over two paragraphs\n\n", ""},
		{"no newline at the end", "visits:\n  - date: 2026-10-03\n    by: sw1", "\n" + block},
		{"empty key", "# visits\nvisits:\n", block},
		{"empty key with a comment", "visits:   # none yet\n# - date: 2026-01-01\n", ""},
		{"null", "visits: ~\n", "\n" + block},
		{"empty flow list", "visits: []  # none yet\n", "  # none yet\n" + block},
		{"absent key", "# only a comment\n", "visits:\n" + block},
		{"empty file", "", "visits:\n" + block},
		{"another key after", "visits:\n  - date: 2026-10-03\n    by: sw1\n# the rest\nother: 1\n", block},
		{"multi-line flow item", "visits:\n  - {date: 2026-10-03,\n     by: sw1}\n", flow},
		{"unicode before", "visits:\n  - date: 2026-10-03\n    by: sw1\n    note: Zoë — café\n", block},
		{"byte order mark", "\xef\xbb\xbfvisits: []\n", "\n" + block},
		{"byte order mark, no key", "\xef\xbb\xbf# visits\n", "visits:\n" + block},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkAppend(t, tt.name, []byte(tt.in), "visits", tt.want)
		})
	}
}

func TestAppendKeepsCRLF(t *testing.T) {
	in := "visits:\r\n  - date: 2026-10-03\r\n    by: sw1\r\n"
	c := checkAppend(t, "crlf", []byte(in), "visits", "")
	if bytes.Count(c.After, []byte("\n")) != bytes.Count(c.After, []byte("\r\n")) {
		t.Errorf("a bare newline in a CRLF file:\n%q", c.After)
	}
}

func TestAppendRefuses(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"one-line list", "visits: [{date: 2026-10-03, by: sw1}]\n", "written as a [...] list on one line"},
		{"flow top", "{visits: []}\n", "does not start with keys one per line"},
		{"not a list", "visits: yes\n", "is not a list"},
		{"not YAML", "visits: [\n", "not valid YAML"},
		{"two documents", "visits:\n  - {date: 2026-10-03, by: sw1}\n---\nvisits: []\n", "more than one YAML document"},
	}
	for _, tt := range tests {
		_, err := Append([]byte(tt.in), "visits", visit())
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error saying %q", tt.name, err, tt.want)
		}
	}
}

// TestAppendToExamples appends to every list cpcase add writes to, in every example case: nothing
// but the new entry changes, byte for byte, comments included.
func TestAppendToExamples(t *testing.T) {
	dirs, _ := filepath.Glob("../../examples/*/plan.yaml")
	if len(dirs) < 6 {
		t.Fatalf("found %d example cases", len(dirs))
	}
	targets := []struct{ file, key string }{
		{"visits.yaml", "visits"}, {"meetings.yaml", "meetings"}, {"plan.yaml", "conferences"}, {"plan.yaml", "escalations"},
	}
	for _, p := range dirs {
		dir := filepath.Dir(p)
		for _, tg := range targets {
			data, err := os.ReadFile(filepath.Join(dir, tg.file))
			if err != nil {
				t.Fatal(err)
			}
			checkAppend(t, filepath.Base(dir)+"/"+tg.file+" "+tg.key, data, tg.key, "")
		}
	}
}

func TestDiff(t *testing.T) {
	before := "a\nb\nc\nd\ne\nf\n"
	after := "a\nb\nc\nd\nX\nY\ne\nf\n"
	want := "--- v.yaml\n+++ v.yaml\n@@ -2,5 +2,7 @@\n b\n c\n d\n+X\n+Y\n e\n f\n"
	if got := Diff("v.yaml", []byte(before), []byte(after)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Diff("v.yaml", nil, []byte("x: 1\n")); got != "--- v.yaml\n+++ v.yaml\n@@ -0,0 +1 @@\n+x: 1\n" {
		t.Errorf("new file:\n%s", got)
	}
	if got := Diff("v.yaml", []byte("a"), []byte("a\nb\n")); got != "--- v.yaml\n+++ v.yaml\n@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n" {
		t.Errorf("no newline at the end:\n%s", got)
	}
	if Diff("v.yaml", []byte("same"), []byte("same")) != "" {
		t.Error("equal input should give no diff")
	}
}
