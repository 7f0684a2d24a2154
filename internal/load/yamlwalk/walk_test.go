package yamlwalk

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
)

// parse parses src as f.yaml and returns the walker, the top node and the findings so far.
func parse(t *testing.T, src string) (*Walker, *yaml.Node, *diag.List) {
	t.Helper()
	d := &diag.List{}
	w := New("f.yaml", d)
	return w, w.Parse([]byte(src)), d
}

// lines renders findings one per line, in the order recorded.
func lines(d *diag.List) string {
	var b strings.Builder
	for _, x := range *d {
		b.WriteString(x.String())
		b.WriteString("\n")
	}
	return b.String()
}

// value is the value node of key in the top mapping.
func value(t *testing.T, top *yaml.Node, key string) *yaml.Node {
	t.Helper()
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key {
			return top.Content[i+1]
		}
	}
	t.Fatalf("no key %q", key)
	return nil
}

func TestMapKeys(t *testing.T) {
	known := []string{"kind", "date", "decision", "children"}
	for _, c := range []struct {
		name, src string
		required  []string
		want      string
		keys      []string // keys Map keeps
	}{
		{
			name: "clean", src: "kind: initial\ndate: 2026-10-01\n", required: []string{"kind"},
			keys: []string{"kind", "date"},
		},
		{
			name: "unknown key with a suggestion", src: "kind: initial\ndecison: plan\n",
			want: `f.yaml:2:1: unknown key "decison" in a conference (did you mean "decision"?); expected one of: kind, date, decision, children` + "\n",
			keys: []string{"kind"},
		},
		{
			name: "unknown key without one", src: "  kind: initial\n  venue: town hall\n",
			want: `f.yaml:2:3: unknown key "venue" in a conference; expected one of: kind, date, decision, children` + "\n",
		},
		{
			name: "duplicate key keeps the first", src: "kind: initial\ndate: 2026-10-01\nkind: review\n",
			want: `f.yaml:3:1: duplicate key "kind" in a conference (first at line 1); a key may appear only once` + "\n",
			keys: []string{"kind", "date"},
		},
		{
			name: "missing required keys, at the mapping", src: "\n\n    children: [a]\n", required: []string{"kind", "date"},
			want: `f.yaml:3:5: a conference is missing the required key "kind"` + "\n" +
				`f.yaml:3:5: a conference is missing the required key "date"` + "\n",
		},
		{
			// the misspelling says "did you mean decision"; "missing decision" would say it twice
			name: "misspelt required key reported once", src: "kind: initial\ndecsion: plan\n", required: []string{"kind", "decision"},
			want: `f.yaml:2:1: unknown key "decsion" in a conference (did you mean "decision"?); expected one of: kind, date, decision, children` + "\n",
		},
		{
			name: "a key that is a list", src: "[a]: 1\n",
			want: "f.yaml:1:1: a key in a conference must be a plain word, found a list\n",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, top, d := parse(t, c.src)
			f, ok := w.Map(top, "a conference", known, c.required...)
			if !ok {
				t.Fatal("Map refused a mapping")
			}
			if got := lines(d); got != c.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, c.want)
			}
			for _, k := range c.keys {
				if !f.Has(k) || f.Get(k) == nil || f.Key(k).Value != k {
					t.Errorf("key %q not kept", k)
				}
			}
			if c.name == "duplicate key keeps the first" && f.Get("kind").Value != "initial" {
				t.Errorf("kind = %q, want the first value, initial", f.Get("kind").Value)
			}
		})
	}
}

func TestMapNotAMapping(t *testing.T) {
	w, top, d := parse(t, "- a\n- b\n")
	if _, ok := w.Map(top, "plan.yaml", []string{"case"}); ok {
		t.Error("Map accepted a list")
	}
	if got, want := lines(d), "f.yaml:1:1: plan.yaml must be a mapping of keys to values, found a list\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, ok := w.Map(nil, "plan.yaml", nil); ok {
		t.Error("Map accepted nothing")
	}
}

func TestDate(t *testing.T) {
	w, top, d := parse(t, strings.Join([]string{
		"a: 2026-10-01",
		"b: 2026-02-30",
		"c: 02/04/2019",
		"d: 2022",
		"e: {y: 2026}",
		"f:",
		"g: '2024-02-29'",
		"h: 2026-1-13",
	}, "\n"))
	got := map[string]civil.Date{}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		if v, ok := w.Date(value(t, top, k), k); ok {
			got[k] = v
		}
	}
	if got["a"] != civil.MustParse("2026-10-01") || got["g"] != civil.MustParse("2024-02-29") || len(got) != 2 {
		t.Errorf("dates read: %v, want a and g only", got)
	}
	want := `f.yaml:2:4: b: 2026-02-30 is not a real calendar date
f.yaml:3:4: c must be a date (YYYY-MM-DD), found "02/04/2019"
f.yaml:4:4: d must be a date (YYYY-MM-DD), found the number 2022
f.yaml:5:4: e must be a date (YYYY-MM-DD), found a mapping
f.yaml:6:3: f must be a date (YYYY-MM-DD), found nothing
f.yaml:8:4: h must be a date (YYYY-MM-DD), found "2026-1-13"
`
	if g := lines(d); g != want {
		t.Errorf("findings:\n%s\nwant:\n%s", g, want)
	}
	if _, ok := w.Date(nil, "x"); ok {
		t.Error("Date of no node is ok")
	}
}

func TestBoolIntString(t *testing.T) {
	w, top, d := parse(t, "t: true\nf: false\ny: yes\nn: 7\ns: 2026-10-01\nl: [a]\nz: ~\n")
	if v, ok := w.Bool(value(t, top, "t"), "t"); !ok || !v {
		t.Errorf("true read as %v, %v", v, ok)
	}
	if v, ok := w.Bool(value(t, top, "f"), "f"); !ok || v {
		t.Errorf("false read as %v, %v", v, ok)
	}
	if _, ok := w.Bool(value(t, top, "y"), "bedroom"); ok {
		t.Error(`"yes" read as a bool`)
	}
	if v, ok := w.Int(value(t, top, "n"), "n"); !ok || v != 7 {
		t.Errorf("7 read as %v, %v", v, ok)
	}
	if _, ok := w.Int(value(t, top, "t"), "count"); ok {
		t.Error("true read as a number")
	}
	// a bare date or number is accepted as text
	if v, ok := w.String(value(t, top, "s"), "s"); !ok || v != "2026-10-01" {
		t.Errorf("date as text read as %q, %v", v, ok)
	}
	if _, ok := w.String(value(t, top, "l"), "name"); ok {
		t.Error("a list read as text")
	}
	if got := w.Text(value(t, top, "z"), "summary"); got != "" {
		t.Errorf("Text of nothing = %q", got)
	}
	want := `f.yaml:3:4: bedroom must be true or false, found "yes"
f.yaml:1:4: count must be a whole number, found true
f.yaml:6:4: name must be text, found a list
`
	if g := lines(d); g != want {
		t.Errorf("findings:\n%s\nwant:\n%s", g, want)
	}
}

func TestIDAndEnum(t *testing.T) {
	w, top, d := parse(t, "a: sw1\nb: SW1\nc: baby b\nd: -a1\ne: intial\nf: core group\ng: hospital\nh: review\ni: 42\n")
	for k, want := range map[string]bool{"a": true, "b": false, "c": false, "d": false, "i": true} {
		if _, ok := w.ID(value(t, top, k), "member id"); ok != want {
			t.Errorf("ID(%s) ok = %v, want %v", k, ok, want)
		}
	}
	kinds := []string{"initial", "pre-birth", "review", "transfer-in"}
	if v, ok := w.Enum(value(t, top, "h"), "conference kind", kinds...); !ok || v != "review" {
		t.Errorf("Enum(review) = %q, %v", v, ok)
	}
	for _, k := range []string{"e", "f", "g"} {
		allowed := kinds
		if k != "e" {
			allowed = []string{"core-group", "child-plan", "professionals"}
		}
		if _, ok := w.Enum(value(t, top, k), "kind", allowed...); ok {
			t.Errorf("Enum(%s) accepted", k)
		}
	}
	d.Sort()
	const rule = "(lower-case letters, digits, '.', '_' or '-', starting with a letter or digit)"
	want := `f.yaml:2:4: member id "SW1" is not a valid id ` + rule + `; write "sw1"
f.yaml:3:4: member id "baby b" is not a valid id ` + rule + `
f.yaml:4:4: member id "-a1" is not a valid id ` + rule + `
f.yaml:5:4: unknown kind "intial" (did you mean "initial"?); expected one of: initial, pre-birth, review, transfer-in
f.yaml:6:4: unknown kind "core group" (did you mean "core-group"?); expected one of: core-group, child-plan, professionals
f.yaml:7:4: unknown kind "hospital"; expected one of: core-group, child-plan, professionals
`
	if g := lines(d); g != want {
		t.Errorf("findings:\n%s\nwant:\n%s", g, want)
	}
	for s, want := range map[string]bool{"a": true, "0": true, "sw1.b_c-d": true, "": false, "A": false, ".a": false, "a b": false, strings.Repeat("a", 128): true, strings.Repeat("a", 129): false} {
		if IsID(s) != want {
			t.Errorf("IsID(%q) = %v, want %v", s, !want, want)
		}
	}
}

func TestSeq(t *testing.T) {
	w, top, d := parse(t, "a: [x, y]\nb: x\nc:\nd: {k: v}\n")
	if got := w.Seq(value(t, top, "a"), "a"); len(got) != 2 || got[1].Value != "y" {
		t.Errorf("Seq(a) = %v", got)
	}
	if got := w.Seq(value(t, top, "c"), "c"); got != nil {
		t.Errorf("Seq of nothing = %v, want none", got)
	}
	w.Seq(value(t, top, "b"), "children")
	w.Seq(value(t, top, "d"), "present")
	want := "f.yaml:2:4: children must be a list, found \"x\"; write a list of one as [x]\nf.yaml:4:4: present must be a list, found a mapping\n"
	if g := lines(d); g != want {
		t.Errorf("findings:\n%s\nwant:\n%s", g, want)
	}
}

func TestKind(t *testing.T) {
	_, top, _ := parse(t, "a: {}\nb: []\nc: ~\nd: 3.5\ne: true\nf: 2026-10-01\ng: some text\nh: "+strings.Repeat("x", 50)+"\n")
	for k, want := range map[string]string{
		"a": "a mapping", "b": "a list", "c": "nothing", "d": "the number 3.5", "e": "true",
		"f": "the date 2026-10-01", "g": `"some text"`, "h": `"` + strings.Repeat("x", 37) + `..."`,
	} {
		if got := Kind(value(t, top, k)); got != want {
			t.Errorf("Kind(%s) = %s, want %s", k, got, want)
		}
	}
}

func TestClosest(t *testing.T) {
	words := []string{"children", "conferences", "core_assessment", "escalations", "plan", "policy"}
	for got, want := range map[string]string{
		"confrences":  "conferences", // one deletion
		"cheldren":    "children",    // one substitution
		"escalatoins": "escalations", // one transposition
		"Policy":      "policy",      // case is ignored
		"plna":        "plan",
		"team":        "", // three edits from "plan": too many for four letters
		"polcy":       "policy",
		"escalation":  "escalations",
		"xx":          "", // short words need a near miss
		"contingency": "",
	} {
		if c := Closest(got, words); c != want {
			t.Errorf("Closest(%q) = %q, want %q", got, c, want)
		}
	}
	// short words allow one edit only
	if c := Closest("hv2", []string{"hv1", "sw1"}); c != "hv1" {
		t.Errorf("Closest(hv2) = %q", c)
	}
	if c := Closest("gp1", []string{"hv1", "sw1"}); c != "" {
		t.Errorf("Closest(gp1) = %q, want none (two edits from each)", c)
	}
	// ties go to the first word
	if c := Closest("ab", []string{"ac", "ad"}); c != "ac" {
		t.Errorf("Closest(ab) = %q, want ac", c)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"decision", "decison", 1},
		{"ab", "ba", 1}, // transposition
		{"weeks", "wekks", 1},
		{"abc", "cab", 2},
		{strings.Repeat("a", 65), "a", 99}, // too long to be worth comparing
	} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := editDistance(c.b, c.a); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d (not symmetric)", c.b, c.a, got, c.want)
		}
	}
}

func TestParseAccepts(t *testing.T) {
	for name, src := range map[string]string{
		"plain":         "case: X\nteam: North\n",
		"BOM":           "\xef\xbb\xbfcase: X\nteam: North\n",
		"CRLF":          "case: X\r\nteam: North\r\n",
		"tab in text":   "case: X\nteam: \"North\tSouth\"\n",
		"tab in scalar": "case: X\nteam: |\n  North\tSouth\n",
		"UTF-8 names":   "case: X\nteam: Zoë’s team\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, top, d := parse(t, src)
			if len(*d) > 0 || top == nil {
				t.Fatalf("findings: %s", lines(d))
			}
			if top.Content[0].Line != 1 || top.Content[0].Column != 1 || top.Content[2].Line != 2 {
				t.Errorf("positions moved: case at %d:%d, team at line %d", top.Content[0].Line, top.Content[0].Column, top.Content[2].Line)
			}
		})
	}
	for name, src := range map[string]string{"empty": "", "comments only": "# nothing yet\n", "null": "~\n", "document marker only": "---\n"} {
		_, top, d := parse(t, src)
		if top != nil || len(*d) > 0 {
			t.Errorf("%s: top %v, findings %s; want nothing", name, top, lines(d))
		}
	}
}

func TestParseRejects(t *testing.T) {
	deep := "a: " + strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1) + "\n"
	ok := "a: " + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + "\n"
	if _, top, d := parse(t, ok); top == nil || len(*d) > 0 {
		t.Errorf("nesting at the limit refused: %s", lines(d))
	}
	for _, c := range []struct{ name, src, want string }{
		{"tab indent", "a:\n  b: 1\n \tc: 2\n", "f.yaml:3:2: tab character in indentation; YAML indents with spaces only"},
		{"binary", "a: 1\x00\x01", "f.yaml:1:1: file is binary, not YAML text; was another file saved over it?"},
		{"not UTF-8", "a: 1\nname: Zo\xeb\n", "f.yaml:2:9: text here is not UTF-8; save the file as UTF-8 (an older editor may have saved it as Latin-1 or Windows-1252)"},
		{"two documents", "a: 1\n---\nb: 2\n", "f.yaml:2:1: more than one YAML document in the file (remove the extra '---')"},
		{"anchor", "a: &x [1]\nb: 2\n", "f.yaml:1:4: YAML anchors (&x) are not supported here; write the value out"},
		{"alias", "a: [1]\nb: *x\n", "f.yaml:2:1: YAML syntax error: unknown anchor 'x' referenced"},
		{"too deep", deep, "f.yaml:1:68: values nested too deeply (the limit is 64 levels)"},
		// yaml.v3 names line 1 (0-based, the line before the list); the fix names the [ line
		{"unclosed list", "a: 1\nb: [x, y\nc: 3\n", "f.yaml:2:1: YAML syntax error: a list opened with [ is not closed with ] (or its items are not separated by commas)"},
		{"colon in text", "a: 1\nname: Alex: the eldest\n", "f.yaml:2:1: YAML syntax error: unexpected ':' in a value; put text that holds ': ' in quotes, or check the indentation"},
		{"open quote", "a: 1\nname: \"Alex\nb: 2\n", "f.yaml:2:1: YAML syntax error: the file ends inside quoted text; a quote (\" or ') is not closed"},
		{"key out of line", "a: 1\nb:\n  - x: 1\n    y: 2\n c: 3\n", "f.yaml:5:1: YAML syntax error: this line is indented differently from the keys above it; line it up with them"},
		{"item key out of line", "a:\n  - x: 1\n   y: 2\n", "f.yaml:3:1: YAML syntax error: this line's indentation does not fit the list above it; line it up with the list's items or with their keys"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, top, d := parse(t, c.src)
			if top != nil {
				t.Error("Parse returned a document")
			}
			if got := strings.TrimSuffix(lines(d), "\n"); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	big := bytes.Repeat([]byte("# padding\n"), MaxFileSize/10+1)
	_, top, d := parse(t, string(big))
	want := "f.yaml:1:1: file is too large (8388610 bytes; the limit is 8388608)\n"
	if top != nil || lines(d) != want {
		t.Errorf("got %q, want %q", lines(d), want)
	}
	// exactly at the limit is not too large: it gets as far as the (cheaper) binary check
	atLimit := append(big[:MaxFileSize-1:MaxFileSize-1], 0)
	_, _, d = parse(t, string(atLimit))
	if got, want := lines(d), "f.yaml:1:1: file is binary, not YAML text; was another file saved over it?\n"; got != want {
		t.Errorf("a file at the limit: got %q, want %q", got, want)
	}
}

func TestParseNodeLimit(t *testing.T) {
	// more separators than MaxNodes: refused before yaml.v3 builds anything
	many := "a: [" + strings.Repeat("0,", MaxNodes) + "0]\n"
	_, top, d := parse(t, many)
	if top != nil || len(*d) != 1 || (*d)[0].Line != 1 {
		t.Errorf("a list of %d values: %s", MaxNodes+1, lines(d))
	}
	// a flow mapping of keys without values makes two values of each "k,": fewer separators than
	// the limit, more values, which the walk counts
	keys := "a: {" + strings.Repeat("k,", MaxNodes*3/4) + "k}\n"
	_, top, d = parse(t, keys)
	want := fmt.Sprintf("file has too many values (the limit is %d)", MaxNodes)
	if top != nil || len(*d) != 1 || (*d)[0].Msg != want || (*d)[0].Line != 1 {
		t.Errorf("a mapping of %d keys: %s", MaxNodes*3/4+1, lines(d))
	}
}

func TestFailingLine(t *testing.T) {
	src := []byte("a: 1\nb: 2\nc: [x\nd: 4\n")
	if got := failingLine(src, "did not find expected ',' or ']'"); got != 3 {
		t.Errorf("failingLine = %d, want 3", got)
	}
	// a message the file does not fail with: no line
	if got := failingLine(src, "something else"); got != 0 {
		t.Errorf("failingLine = %d, want 0", got)
	}
	// no final newline
	if got := failingLine([]byte("a: 1\nb: \"x"), "found unexpected end of stream"); got != 2 {
		t.Errorf("failingLine = %d, want 2", got)
	}
}

func TestPos(t *testing.T) {
	if got := (Pos{File: "plan.yaml", Line: 3, Col: 5}).String(); got != "plan.yaml:3" {
		t.Errorf("Pos.String = %q", got)
	}
	if got := (Pos{File: "plan.yaml"}).String(); got != "plan.yaml" {
		t.Errorf("Pos.String = %q", got)
	}
	w := New("m.yaml", &diag.List{})
	if p := w.At(nil); p != (Pos{File: "m.yaml"}) {
		t.Errorf("At(nil) = %v", p)
	}
	w.Errorf(nil, "whole file")
	w.Warnf(nil, "careful")
	if got := lines(w.Diags); got != "m.yaml:1:1: whole file\nm.yaml:1:1: warning: careful\n" {
		t.Errorf("got %q", got)
	}
}

func TestSorted(t *testing.T) {
	if got := strings.Join(Sorted(map[string]bool{"tm1": true, "hv1": true, "sw1": true}), ","); got != "hv1,sw1,tm1" {
		t.Errorf("Sorted = %s", got)
	}
}

// Text that would act on a terminal is warned about where it is, never quoted.
func TestStringWarnsOfControls(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`name: "Sky\e]52;c;eA==\a"`, "f.yaml:1:7: warning: name holds the control character U+001B, which cpcase prints as an escape; remove it\n"},
		{`name: "Sky\u202eevil"`, "f.yaml:1:7: warning: name holds the control character U+202E, which cpcase prints as an escape; remove it\n"},
		{`name: "a\rb"`, "f.yaml:1:7: warning: name holds the control character U+000D, which cpcase prints as an escape; remove it\n"},
		{"name: |\n  two\n  lines\tand a tab\n", ""},
		{"name: Zoë Ní Bhriain", ""},
		{`name: "a\r\nb"`, ""},
	} {
		w, top, d := parse(t, c.src)
		w.String(value(t, top, "name"), "name")
		if got := lines(d); got != c.want {
			t.Errorf("%q: %q, want %q", c.src, got, c.want)
		}
	}
}
