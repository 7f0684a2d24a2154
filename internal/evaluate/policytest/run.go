package policytest

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

var errNotExist = fs.ErrNotExist

// Result is one test run.
type Result struct {
	Test    *Test
	Diags   diag.List // the case did not load: the test fails with these
	Got     []Row     // the rows the policy gave, in evaluation order
	Missing []Row     // expected and not given
	Extra   []Row     // given and not expected
	matched []bool    // per expected row
}

// Passed reports whether the policy gave exactly the rows expected.
func (r *Result) Passed() bool {
	return r.Diags.Errors() == 0 && !r.Test.NoExpect && len(r.Missing) == 0 && len(r.Extra) == 0
}

// Run runs every test of f against p, reading case folders with read.
func Run(f *File, p *policy.Policy, read casefolder.ReadFile) []*Result {
	out := make([]*Result, 0, len(f.Tests))
	for _, t := range f.Tests {
		out = append(out, runOne(f, t, p, read))
	}
	return out
}

func runOne(f *File, t *Test, p *policy.Policy, read casefolder.ReadFile) *Result {
	r := &Result{Test: t}
	dir, rd := t.caseReader(read)
	c, d := casefolder.LoadWith(dir, t.AsOf, rd)
	if t.Inline != nil {
		// the inline files are the test file's own lines
		for i := range d {
			if filepath.Dir(d[i].File) == dir {
				d[i].File = f.Path
			}
		}
		d.Sort()
	}
	if errs := d.Errors(); errs > 0 {
		if t.Inline == nil {
			// the folder's own findings name its files; this one names the test that uses it
			r.Diags.Add(t.DirPos.File, t.DirPos.Line, t.DirPos.Col, "the case folder %s does not load (%s below)", t.Dir, plural(errs, "error"))
		}
		r.Diags = append(r.Diags, d...)
		return r
	}
	for _, o := range engine.Evaluate(c, p, engine.Options{AsOf: t.AsOf}) {
		r.Got = append(r.Got, rowOf(o))
	}
	r.matched = make([]bool, len(t.Expect))
	used := make([]bool, len(r.Got))
	for i, want := range t.Expect {
		for j, got := range r.Got {
			if !used[j] && want.matches(got) {
				used[j], r.matched[i] = true, true
				break
			}
		}
		if !r.matched[i] {
			r.Missing = append(r.Missing, want)
		}
	}
	for j, got := range r.Got {
		if !used[j] {
			r.Extra = append(r.Extra, got)
		}
	}
	return r
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func rowOf(o engine.Obligation) Row {
	r := Row{Rule: o.Rule, Child: o.Child, Due: o.Due, Status: o.Status, Booked: o.Booked, OverLimit: o.OverLimit, HasOverLimit: o.OverLimit}
	if o.Status == engine.Met || o.Status == engine.Late {
		r.Met = o.Met
	}
	return r
}

// matches reports whether got is the row want expects: the same rule, child, due date and
// status, and the same met and booked dates and limit where want gives them.
func (want Row) matches(got Row) bool {
	return want.Rule == got.Rule && want.Child == got.Child && want.Due == got.Due && want.Status == got.Status &&
		(want.Met.IsZero() || want.Met == got.Met) && (want.Booked.IsZero() || want.Booked == got.Booked) &&
		(!want.HasOverLimit || want.OverLimit == got.OverLimit)
}

// String is the row as a test file writes it: {rule: ..., child: ..., due: ..., status: ...}.
func (r Row) String() string {
	parts := []string{"rule: " + yamlWord(r.Rule)}
	if r.Child != "" {
		parts = append(parts, "child: "+yamlWord(r.Child))
	}
	if !r.Due.IsZero() {
		parts = append(parts, "due: "+r.Due.String())
	}
	parts = append(parts, "status: "+string(r.Status))
	if !r.Met.IsZero() {
		parts = append(parts, "met: "+r.Met.String())
	}
	if !r.Booked.IsZero() {
		parts = append(parts, "booked: "+r.Booked.String())
	}
	if r.HasOverLimit {
		parts = append(parts, "over_limit: "+strconv.FormatBool(r.OverLimit))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// yamlWord quotes an id that YAML would not read back as the same text in a flow mapping.
func yamlWord(s string) string {
	if s == "" || strings.ContainsAny(s, ",:{}[]#&*!|>'\"%@` ") || strings.ToLower(s) == "null" || strings.ToLower(s) == "true" || strings.ToLower(s) == "false" {
		return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
	}
	return s
}

// DiffLine is one line of a failed test's diff: Op is ' ' (expected and given), '-' (expected,
// not given) or '+' (given, not expected).
type DiffLine struct {
	Op  byte
	Row Row
}

// Diff lists the expected rows in the test's order, each marked given or not, and after the
// last row of the same rule each row given that the test did not expect.
func (r *Result) Diff() []DiffLine {
	var out []DiffLine
	for i, want := range r.Test.Expect {
		op := byte(' ')
		if !r.matched[i] {
			op = '-'
		}
		out = append(out, DiffLine{op, want})
	}
	for _, x := range r.Extra {
		at := len(out)
		for i := len(out) - 1; i >= 0; i-- {
			if out[i].Row.Rule == x.Rule {
				at = i + 1
				break
			}
		}
		out = append(out[:at], append([]DiffLine{{'+', x}}, out[at:]...)...)
	}
	return out
}

// Update is the test file with the expected rows of each failed test that ran (its case
// loaded) rewritten to the rows the policy gave; every other byte stays as it was.
func Update(f *File, results []*Result) ([]byte, int, error) {
	data := f.data
	nl := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		nl = "\r\n"
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	offset := func(line int) int { // byte offset of the start of 1-based line
		n := 0
		for i := 0; i < line-1 && i < len(lines); i++ {
			n += len(lines[i])
		}
		return n
	}
	changed := 0
	// from the last test up, so that earlier offsets stay good
	for i := len(results) - 1; i >= 0; i-- {
		r := results[i]
		t := r.Test
		if r.Passed() || r.Diags.Errors() > 0 {
			continue
		}
		if t.NoExpect {
			// a new test: the rows go after its last line
			indent := strings.Repeat(" ", t.keyCol-1)
			at := offset(t.testEnd + 1)
			text := indent + "expect:" + rowsText(r.Got, indent, nl)
			if at > len(data) || (at == len(data) && len(data) > 0 && data[len(data)-1] != '\n') {
				at, text = len(data), nl+text
			}
			data = append(append(append([]byte{}, data[:at]...), text...), data[at:]...)
			lines = bytes.SplitAfter(data, []byte("\n"))
			changed++
			continue
		}
		k := t.expectKey
		indent := strings.Repeat(" ", k.Column-1)
		var b strings.Builder
		b.WriteString(indent + "expect:" + rowsText(r.Got, indent, nl))
		from, to := offset(k.Line), offset(t.expectEnd+1)
		if to < from {
			return nil, 0, errors.New("cannot find where the expected rows end")
		}
		if t.expectEnd >= len(lines) && !bytes.HasSuffix(data, []byte("\n")) {
			to = len(data)
		}
		data = append(append(append([]byte{}, data[:from]...), b.String()...), data[to:]...)
		lines = bytes.SplitAfter(data, []byte("\n"))
		changed++
	}
	return data, changed, nil
}

// rowsText is what follows "expect:": " []", or the rows one a line under it.
func rowsText(rows []Row, indent, nl string) string {
	if len(rows) == 0 {
		return " []" + nl
	}
	var b strings.Builder
	b.WriteString(nl)
	for _, g := range rows {
		b.WriteString(indent + "  - " + g.String() + nl)
	}
	return b.String()
}
