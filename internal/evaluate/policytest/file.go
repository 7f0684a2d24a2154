// Package policytest is the test file of a policy: cases (folders, or written inline), an as-of
// date, and the rows the policy must give for each; it reads those files, runs them against a
// policy through the engine, and rewrites their expected rows under --update. The format is in
// docs/writing-a-policy.md.
package policytest

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// Pos is a place in a test file.
type Pos = yamlwalk.Pos

// File is one test file.
type File struct {
	Path      string
	Policy    string // an id, or a path already joined to the test file's folder
	PolicyPos Pos
	Tests     []*Test
	data      []byte
}

// Test is one case on one day and the rows it must give.
type Test struct {
	Name string
	Pos  Pos
	AsOf civil.Date
	// The case: a folder (joined to the test file's folder), or files written inline (by file
	// name), each the test file's text with everything but that part blanked, so that every
	// line and column of the case is the test file's own.
	Dir    string
	DirPos Pos // where the folder is named
	Inline map[string][]byte
	Expect []Row
	// where the expected rows are, for --update: the expect key and the last line of its value
	expectKey *yaml.Node
	expectEnd int
	// NoExpect: the test has no expect yet; it fails until --update records the rows, after
	// the test's last line (testEnd), at the column of its keys (keyCol).
	NoExpect        bool
	testEnd, keyCol int
}

// Row is one obligation, as a test expects it or as the engine gave it. Met, Booked and
// OverLimit are compared only when the expected row gives them.
type Row struct {
	Rule   string
	Child  string
	Due    civil.Date
	Status engine.Status
	Met    civil.Date
	Booked civil.Date
	// OverLimit: past the rule's limit (a target and a limit on one rule); compared only when
	// the expected row gives over_limit.
	OverLimit    bool
	HasOverLimit bool
	Pos          Pos // where the expected row is written
}

var (
	fileKeys   = []string{"policy", "as_of", "tests"}
	testKeys   = []string{"name", "as_of", "case", "expect"}
	inlineKeys = []string{"plan", "members", "meetings", "visits"}
	rowKeys    = []string{"rule", "child", "due", "status", "met", "booked", "over_limit"}
	statuses   = func() []string {
		out := make([]string, len(engine.Statuses))
		for i, s := range engine.Statuses {
			out[i] = string(s)
		}
		return out
	}()
)

// Parse reads a test file. Every finding names the file, line and column.
func Parse(path string, data []byte) (*File, diag.List) {
	var d diag.List
	w := yamlwalk.New(path, &d)
	f := &File{Path: path, data: data}
	top := w.Parse(data)
	if top == nil {
		if d.Errors() == 0 {
			d.Add(path, 1, 1, "the test file is empty; it must hold policy and tests")
		}
		return nil, d
	}
	fields, ok := w.Map(top, "a policy test file", fileKeys, "policy", "tests")
	if !ok {
		return nil, d
	}
	dir := filepath.Dir(path)
	if s, ok := w.String(fields.Get("policy"), "policy"); ok {
		f.Policy, f.PolicyPos = s, w.At(fields.Get("policy"))
		if isPath(s) && !filepath.IsAbs(s) {
			f.Policy = filepath.Join(dir, filepath.FromSlash(s))
		}
	}
	var fileAsOf civil.Date
	if n := fields.Get("as_of"); n != nil {
		fileAsOf, _ = w.Date(n, "as_of")
	}
	order := flatten(top)
	names := map[string]int{}
	for i, tn := range w.Seq(fields.Get("tests"), "tests") {
		t := &Test{Pos: w.At(tn)}
		tf, ok := w.Map(tn, "a test", testKeys, "name", "case")
		if !ok {
			continue
		}
		t.Name, _ = w.String(tf.Get("name"), "name")
		if t.Name != "" {
			if line, dup := names[t.Name]; dup {
				w.Errorf(tf.Get("name"), "test name %q is also used at line %d; give each test its own name", t.Name, line)
			}
			names[t.Name] = t.Pos.Line
		}
		switch n := tf.Get("as_of"); {
		case n != nil:
			t.AsOf, _ = w.Date(n, "as_of")
		case !fileAsOf.IsZero():
			t.AsOf = fileAsOf
		default:
			w.Errorf(tn, "test %q has no as_of date (give it here or once at the top of the file)", t.Name)
		}
		f.readCase(w, t, tf.Get("case"), order, dir, i)
		t.expectKey = tf.Key("expect")
		if t.expectKey == nil {
			// a new test: --update writes its rows
			t.NoExpect, t.testEnd = true, regionEnd(data, order, tn)
			if tn.Kind == yaml.MappingNode && len(tn.Content) > 0 {
				t.keyCol = tn.Content[0].Column
			}
			if tn.Style&yaml.FlowStyle != 0 {
				w.Errorf(tn, "test %q has no expect; write its rows (expect: [...]), or write the test one key a line so that --update can", t.Name)
			}
		}
		if v := tf.Get("expect"); v != nil {
			t.expectEnd = regionEnd(data, order, v)
			for _, rn := range w.Seq(v, "expect") {
				if r, ok := readRow(w, rn); ok {
					t.Expect = append(t.Expect, r)
				}
			}
		}
		f.Tests = append(f.Tests, t)
	}
	d.Sort()
	if d.Errors() > 0 {
		return nil, d
	}
	return f, d
}

func isPath(ref string) bool {
	return strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml")
}

// readCase reads a test's case: a folder's path, or the case's files written inline.
func (f *File) readCase(w *yamlwalk.Walker, t *Test, n *yaml.Node, order []*yaml.Node, dir string, i int) {
	if n == nil {
		return
	}
	if n.Kind == yaml.ScalarNode {
		if s, ok := w.String(n, "case"); ok {
			t.Dir, t.DirPos = s, w.At(n)
			if !filepath.IsAbs(s) {
				t.Dir = filepath.Join(dir, filepath.FromSlash(s))
			}
		}
		return
	}
	if n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle != 0 {
		w.Errorf(n, "write an inline case one key a line (plan:, meetings:, ...), not as {...}")
		return
	}
	cf, ok := w.Map(n, "an inline case", inlineKeys, "plan")
	if !ok {
		return
	}
	t.Inline = map[string][]byte{}
	for _, name := range inlineKeys {
		k, v := cf.Key(name), cf.Get(name)
		if v == nil {
			continue
		}
		if hasAlias(v) {
			w.Errorf(v, "an inline case cannot use a YAML alias (*name); write the part out, or keep the case in a folder")
			continue
		}
		// plan.yaml is the mapping under plan:; the other files are their own key and list
		// (meetings: [...]), as in a case folder.
		from := k
		if name == "plan" {
			from = v
		}
		t.Inline[name+".yaml"] = blankBut(f.data, from, regionEnd(f.data, order, v))
	}
}

func hasAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		return true
	}
	for _, c := range n.Content {
		if hasAlias(c) {
			return true
		}
	}
	return false
}

func readRow(w *yamlwalk.Walker, n *yaml.Node) (Row, bool) {
	r := Row{Pos: w.At(n)}
	rf, ok := w.Map(n, "an expected row", rowKeys, "rule", "status")
	if !ok {
		return r, false
	}
	ok = true
	if s, good := w.String(rf.Get("rule"), "rule"); good {
		r.Rule = s
	} else {
		ok = false
	}
	if n := rf.Get("child"); n != nil {
		r.Child, _ = w.String(n, "child")
	}
	if s, good := w.Enum(rf.Get("status"), "status", statuses...); good {
		r.Status = engine.Status(s)
	} else {
		ok = false
	}
	date := func(key string) civil.Date {
		n := rf.Get(key)
		if n == nil || (n.Kind == yaml.ScalarNode && (n.Value == "-" || n.Tag == "!!null")) {
			return 0
		}
		d, good := w.Date(n, key)
		if !good {
			ok = false
		}
		return d
	}
	r.Due, r.Met, r.Booked = date("due"), date("met"), date("booked")
	if n := rf.Get("over_limit"); n != nil {
		r.OverLimit, r.HasOverLimit = w.Bool(n, "over_limit")
	}
	noDue := r.Status == engine.Waiting || r.Status == engine.NoTimescale
	switch {
	case noDue && !r.Due.IsZero():
		w.Errorf(rf.Get("due"), "a %s row has no due date; leave due out", r.Status)
		ok = false
	case !noDue && r.Status != engine.Met && r.Due.IsZero() && ok:
		// (a met row may have no due date: a step with no timescale, done)
		w.Errorf(n, "a %s row needs its due date (due: YYYY-MM-DD)", r.Status)
		ok = false
	}
	if !r.Met.IsZero() && r.Status != engine.Met && r.Status != engine.Late {
		w.Errorf(rf.Get("met"), "only a met or late row has a met date")
		ok = false
	}
	return r, ok
}

// flatten lists the nodes under top in document order.
func flatten(top *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		out = append(out, n)
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(top)
	return out
}

// regionEnd is the last line of n's value: the line before the next node that is not inside it,
// less trailing blank and comment lines (the comments above the next key are that key's).
func regionEnd(data []byte, order []*yaml.Node, n *yaml.Node) int {
	lines := bytes.Split(data, []byte("\n"))
	last := len(lines)
	inside := map[*yaml.Node]bool{}
	for _, x := range flatten(n) {
		inside[x] = true
	}
	maxLine := n.Line
	after := false
	for _, x := range order {
		if inside[x] {
			after = true
			maxLine = max(maxLine, x.Line)
			continue
		}
		if after && x.Line > maxLine {
			last = x.Line - 1
			break
		}
	}
	for last > maxLine {
		s := strings.TrimSpace(string(lines[last-1]))
		if s != "" && !strings.HasPrefix(s, "#") {
			break
		}
		last--
	}
	return last
}

// blankBut is data with every line before from's and after last emptied, and from's line blanked
// before its column: parsed alone, from's value sits at the same lines and columns as in data.
func blankBut(data []byte, from *yaml.Node, last int) []byte {
	lines := bytes.Split(data, []byte("\n"))
	var b bytes.Buffer
	for i := 1; i <= last && i <= len(lines); i++ {
		line := lines[i-1]
		switch {
		case i < from.Line:
		case i == from.Line:
			at := byteCol(line, from.Column)
			b.Write(bytes.Repeat([]byte(" "), from.Column-1))
			b.Write(line[at:])
		default:
			b.Write(line)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// byteCol is the byte offset of 1-based column col (counted in characters, as yaml.v3 does).
func byteCol(line []byte, col int) int {
	off := 0
	for c := 1; c < col && off < len(line); c++ {
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	return off
}

// caseReader reads a test's inline files from memory, and a folder's from disk.
func (t *Test) caseReader(read casefolder.ReadFile) (dir string, r casefolder.ReadFile) {
	if t.Inline == nil {
		return t.Dir, read
	}
	dir = "inline"
	return dir, func(name string) ([]byte, error) {
		if data, ok := t.Inline[filepath.Base(name)]; ok && filepath.Dir(name) == dir {
			return data, nil
		}
		return nil, errNotExist
	}
}
