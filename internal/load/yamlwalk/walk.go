// Package yamlwalk reads YAML files as yaml.v3 nodes and walks them strictly: every key is checked
// against the keys a mapping may hold, every value against its type, and every problem is recorded
// with its file, line and column. yaml.v3's own decoding loses KnownFields inside Node.Decode and
// gives no columns, so the walk is done by hand here.
package yamlwalk

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
)

// Limits bound what a hostile or mistaken file can cost. They are documented in the README.
const (
	MaxFileSize = 8 << 20 // bytes in one YAML file
	MaxDepth    = 64      // nesting of mappings and sequences
	MaxNodes    = 1 << 17 // values in one file (a busy case's file holds a few thousand)
)

// Pos is a place in a file. Line and Col are 1-based.
type Pos struct {
	File string
	Line int
	Col  int
}

// String is file:line.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return p.File + ":" + strconv.Itoa(p.Line)
}

// Walker records findings for one file.
type Walker struct {
	File  string
	Diags *diag.List
}

// New walks file, recording findings in d.
func New(file string, d *diag.List) *Walker { return &Walker{File: file, Diags: d} }

// At is the position of n.
func (w *Walker) At(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: w.File}
	}
	return Pos{File: w.File, Line: n.Line, Col: n.Column}
}

// Errorf records an error at n (or at the top of the file when n is nil).
func (w *Walker) Errorf(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	w.Diags.Add(w.File, line, col, format, args...)
}

// Warnf records a warning at n.
func (w *Walker) Warnf(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	w.Diags.Warn(w.File, line, col, format, args...)
}

var lineRe = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// Parse reads one YAML document. It returns the document's top node, or nil when the file is empty
// or could not be read; every problem is recorded with a position.
func (w *Walker) Parse(data []byte) *yaml.Node {
	if len(data) > MaxFileSize {
		w.Diags.Add(w.File, 1, 1, "file is too large (%d bytes; the limit is %d)", len(data), MaxFileSize)
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark is harmless
	if bytes.IndexByte(data, 0) >= 0 {
		w.Diags.Add(w.File, 1, 1, "file is binary, not YAML text; was another file saved over it?")
		return nil
	}
	if !utf8.Valid(data) {
		line, col := badUTF8(data)
		w.Diags.Add(w.File, line, col, "text here is not UTF-8; save the file as UTF-8 (an older editor may have saved it as Latin-1 or Windows-1252)")
		return nil
	}
	if line, col, ok := leadingTab(data); ok {
		w.Diags.Add(w.File, line, col, "tab character in indentation; YAML indents with spaces only")
		return nil
	}
	if line, col, over := overNodeLimit(data); over {
		w.Diags.Add(w.File, line, col, "file has too many values and lines to read safely (more than %d)", MaxNodes)
		return nil
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil
		}
		line, msg := 0, err.Error()
		if m := lineRe.FindStringSubmatch(msg); m != nil {
			msg = m[2]
			if m[1] != "" {
				line, _ = strconv.Atoi(m[1])
			}
		}
		// yaml.v3 often names the line before the one at fault (it gives a 0-based line for parser
		// errors, and the start of the enclosing list rather than the problem): find the first line
		// at which the file fails with the same message. That costs a parse per halving, so it is
		// kept to files up to 64 KiB, several times the largest case file (about 17 parses at most).
		if len(data) <= 64<<10 {
			if l := failingLine(data, msg); l > 0 {
				line = l
			}
		}
		if line == 0 {
			line = 1
		}
		if plain, ok := plainSyntax[msg]; ok {
			msg = plain
		}
		w.Diags.Add(w.File, line, 1, "YAML syntax error: %s", msg)
		return nil
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		w.Diags.Add(w.File, more.Line, more.Column, "more than one YAML document in the file (remove the extra '---')")
		return nil
	}
	if len(doc.Content) == 0 {
		return nil
	}
	top := doc.Content[0]
	if !w.bounded(top) {
		return nil
	}
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return nil
	}
	return top
}

// plainSyntax words yaml.v3's commonest syntax errors for a person who does not know YAML's terms.
var plainSyntax = map[string]string{
	"did not find expected ',' or ']'":                       "a list opened with [ is not closed with ] (or its items are not separated by commas)",
	"did not find expected ',' or '}'":                       "a mapping opened with { is not closed with } (or its entries are not separated by commas)",
	"mapping values are not allowed in this context":         "unexpected ':' in a value; put text that holds ': ' in quotes, or check the indentation",
	"found unexpected end of stream":                         "the file ends inside quoted text; a quote (\" or ') is not closed",
	"did not find expected key":                              "this line is indented differently from the keys above it; line it up with them",
	"did not find expected '-' indicator":                    "this line's indentation does not fit the list above it; line it up with the list's items or with their keys",
	"could not find expected ':'":                            "a key is not followed by ':'",
	"found character that cannot start any token":            "a value cannot start with this character (such as @ or `); put the value in quotes",
	"did not find expected node content":                     "a value is missing or cannot start here",
	"block sequence entries are not allowed in this context": "a list item ('- ') where a value was expected; start the list on its own line, indented",
}

// failingLine is the first line at which data, cut after that line, fails to parse with msg, or 0.
// A parse error stays once its line is in, so a binary search over the cut finds it.
func failingLine(data []byte, msg string) int {
	var ends []int // ends[i] is the offset just after line i+1
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	fails := func(n int) bool {
		var doc yaml.Node
		err := yaml.Unmarshal(data[:ends[n-1]], &doc)
		if err == nil {
			return false
		}
		m := lineRe.FindStringSubmatch(err.Error())
		return m != nil && m[2] == msg
	}
	if !fails(len(ends)) {
		return 0
	}
	lo, hi := 1, len(ends)
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// bounded rejects anchors and aliases (an alias bomb costs nothing to write and a great deal to
// walk) and nesting or size beyond the limits.
func (w *Walker) bounded(top *yaml.Node) bool {
	count := 0
	var visit func(n *yaml.Node, depth int) bool
	visit = func(n *yaml.Node, depth int) bool {
		count++
		if count > MaxNodes {
			w.Errorf(n, "file has too many values (the limit is %d)", MaxNodes)
			return false
		}
		if depth > MaxDepth {
			w.Errorf(n, "values nested too deeply (the limit is %d levels)", MaxDepth)
			return false
		}
		if n.Kind == yaml.AliasNode {
			w.Errorf(n, "YAML aliases (*%s) are not supported here; write the value out", n.Value)
			return false
		}
		if n.Anchor != "" {
			w.Errorf(n, "YAML anchors (&%s) are not supported here; write the value out", n.Anchor)
			return false
		}
		for _, c := range n.Content {
			if !visit(c, depth+1) {
				return false
			}
		}
		return true
	}
	return visit(top, 0)
}

func badUTF8(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

// leadingTab finds a tab among a line's leading whitespace (outside block scalars it is a YAML
// error whose own message, "found character that cannot start any token", helps nobody).
func leadingTab(data []byte) (line, col int, found bool) {
	for start, line := 0, 1; start < len(data); line++ {
		end := len(data)
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			end = start + i
		}
		for j := start; j < end; j++ {
			if data[j] == '\t' {
				return line, j - start + 1, true
			}
			if data[j] != ' ' {
				break
			}
		}
		start = end + 1
	}
	return 0, 0, false
}

// Kind names a node's kind as a user would say it, with the value itself when it is a single one
// (`found "yes"` tells the user which value to fix; `found text` does not).
func Kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		v := n.Value
		if r := []rune(v); len(r) > 40 {
			v = string(r[:37]) + "..."
		}
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "the number " + v
		case "!!bool":
			return v
		case "!!timestamp":
			return "the date " + v
		}
		return strconv.Quote(v)
	}
	return "a value"
}

// Fields is a checked mapping: each known key present, with its key and value nodes.
type Fields struct {
	Node *yaml.Node
	// A mapping holds at most the few keys it may (unknown and repeated ones are not kept), so a
	// scan of a slice finds one faster than a map, and costs one allocation, not several.
	fields []field
}

type field struct {
	name string
	k, v *yaml.Node
}

func (f Fields) find(key string) *field {
	for i := range f.fields {
		if f.fields[i].name == key {
			return &f.fields[i]
		}
	}
	return nil
}

// Has reports whether key is present.
func (f Fields) Has(key string) bool { return f.find(key) != nil }

// Get is key's value node, or nil.
func (f Fields) Get(key string) *yaml.Node {
	if e := f.find(key); e != nil {
		return e.v
	}
	return nil
}

// Key is key's key node, or nil.
func (f Fields) Key(key string) *yaml.Node {
	if e := f.find(key); e != nil {
		return e.k
	}
	return nil
}

// Map checks that n is a mapping whose keys are all in known, with no key twice, and reports each
// required key that is missing. what names the mapping in messages ("a meeting").
func (w *Walker) Map(n *yaml.Node, what string, known []string, required ...string) (Fields, bool) {
	f := Fields{Node: n}
	if n == nil {
		return f, false
	}
	if n.Kind != yaml.MappingNode {
		w.Errorf(n, "%s must be a mapping of keys to values, found %s", what, Kind(n))
		return f, false
	}
	f.fields = make([]field, 0, min(len(n.Content)/2, len(known)))
	var suggested map[string]bool // keys a misspelling was matched to
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			w.Errorf(k, "a key in %s must be a plain word, found %s", what, Kind(k))
			continue
		}
		if prev := f.find(k.Value); prev != nil {
			w.Errorf(k, "duplicate key %q in %s (first at line %d); a key may appear only once", k.Value, what, prev.k.Line)
			continue
		}
		if !contains(known, k.Value) {
			best := Closest(k.Value, known)
			hint := ""
			if best != "" {
				if suggested == nil {
					suggested = map[string]bool{}
				}
				suggested[best] = true
				hint = fmt.Sprintf(" (did you mean %q?)", best)
			}
			w.Errorf(k, "unknown key %q in %s%s; expected one of: %s", k.Value, what, hint, strings.Join(known, ", "))
			continue
		}
		f.fields = append(f.fields, field{k.Value, k, v})
	}
	for _, r := range required {
		// a misspelt required key is reported once, as the unknown key that suggests it
		if !f.Has(r) && !suggested[r] {
			w.Errorf(n, "%s is missing the required key %q", what, r)
		}
	}
	return f, true
}

// didYouMean suggests the word the user probably meant, when one is close to what was written.
func didYouMean(got string, words []string) string {
	if best := Closest(got, words); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// Closest is the word in words nearest to got by edit distance, if it is plausibly a typo. Case is
// ignored, so "SW1" finds "sw1".
func Closest(got string, words []string) string {
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	return closest(got, words, lower)
}

// closest is Closest with the words already lower-cased. Words whose length alone puts them
// beyond the allowed edits are skipped without a distance being computed.
func closest(got string, words, lower []string) string {
	// allow one edit in a short word, two in a middling one, three in a long one: "team" is three
	// edits from "plan", which is no typo
	best, bestD := "", 3
	switch {
	case len(got) <= 3:
		bestD = 1
	case len(got) <= 6:
		bestD = 2
	}
	if len(got) > 64 {
		return ""
	}
	g := strings.ToLower(got)
	for i, w := range lower {
		if diff := len(w) - len(g); diff > bestD || -diff > bestD {
			continue
		}
		if d := editDistance(g, w); d <= bestD && (best == "" || d < bestD) {
			best = words[i]
			bestD = d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev[j-1]) // transposition, counted on the previous row's diagonal
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Seq checks that n is a list and returns its items. A missing value (nil) is an empty list.
func (w *Walker) Seq(n *yaml.Node, what string) []*yaml.Node {
	if n == nil || isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		hint := ""
		if n.Kind == yaml.ScalarNode {
			hint = fmt.Sprintf("; write a list of one as [%s]", n.Value)
		}
		w.Errorf(n, "%s must be a list, found %s%s", what, Kind(n), hint)
		return nil
	}
	return n.Content
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// String reads a text value. Numbers and dates written bare are accepted as their text.
func (w *Walker) String(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || isNull(n) {
		w.Errorf(n, "%s must be text, found %s", what, Kind(n))
		return "", false
	}
	if r, bad := controlIn(n.Value); bad {
		// Text that would act on a terminal (an escape sequence, a carriage return, a
		// bidirectional override) is a mistake or an attack: cpcase never prints it as it is
		// (docs/security.md), and says where it is so that it can be removed.
		w.Warnf(n, "%s holds the control character U+%04X, which cpcase prints as an escape; remove it", what, r)
	}
	return n.Value, true
}

// controlIn finds a character in s that a terminal would obey or that reorders text: a C0
// control other than tab, newline and the CR of a Windows line end (CR LF, as text copied from
// another system holds), DEL, a C1 control, or a bidirectional embedding, override or isolate.
func controlIn(s string) (rune, bool) {
	for i, r := range s {
		switch {
		case r == '\t' || r == '\n':
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return r, true
		}
	}
	return 0, false
}

// Text reads free text: a single value, or nothing.
func (w *Walker) Text(n *yaml.Node, what string) string {
	if n == nil || isNull(n) {
		return ""
	}
	s, _ := w.String(n, what)
	return s
}

// Date reads a civil date, YYYY-MM-DD, and rejects impossible ones.
func (w *Walker) Date(n *yaml.Node, what string) (civil.Date, bool) {
	if n == nil {
		return 0, false
	}
	if n.Kind != yaml.ScalarNode || isNull(n) || (n.Tag != "!!timestamp" && n.Tag != "!!str") {
		w.Errorf(n, "%s must be a date (YYYY-MM-DD), found %s", what, Kind(n))
		return 0, false
	}
	d, err := civil.Parse(n.Value)
	if err != nil {
		if len(n.Value) == 10 && n.Value[4] == '-' && n.Value[7] == '-' {
			w.Errorf(n, "%s: %s is not a real calendar date", what, n.Value)
		} else {
			w.Errorf(n, "%s must be a date (YYYY-MM-DD), found %q", what, n.Value)
		}
		return 0, false
	}
	return d, true
}

// Bool reads true or false.
func (w *Walker) Bool(n *yaml.Node, what string) (bool, bool) {
	if n == nil {
		return false, false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		w.Errorf(n, "%s must be true or false, found %s", what, Kind(n))
		return false, false
	}
	return strings.EqualFold(n.Value, "true"), true
}

// Int reads a whole number.
func (w *Walker) Int(n *yaml.Node, what string) (int, bool) {
	if n == nil {
		return 0, false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil {
			return v, true
		}
	}
	w.Errorf(n, "%s must be a whole number, found %s", what, Kind(n))
	return 0, false
}

var idRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// IsID reports whether s is a valid id: [a-z0-9][a-z0-9._-]*.
func IsID(s string) bool { return len(s) <= 128 && idRe.MatchString(s) }

// ID reads an id.
func (w *Walker) ID(n *yaml.Node, what string) (string, bool) {
	s, ok := w.String(n, what)
	if !ok {
		return "", false
	}
	if !IsID(s) {
		hint := ""
		if lower := strings.ToLower(s); IsID(lower) {
			hint = fmt.Sprintf("; write %q", lower)
		}
		w.Errorf(n, "%s %q is not a valid id (lower-case letters, digits, '.', '_' or '-', starting with a letter or digit)%s", what, s, hint)
		return "", false
	}
	return s, true
}

// Enum reads one of a fixed set of words.
func (w *Walker) Enum(n *yaml.Node, what string, allowed ...string) (string, bool) {
	s, ok := w.String(n, what)
	if !ok {
		return "", false
	}
	if !contains(allowed, s) {
		w.Errorf(n, "unknown %s %q%s; expected one of: %s", what, s, didYouMean(s, allowed), strings.Join(allowed, ", "))
		return "", false
	}
	return s, true
}

// Sorted returns keys in order, for stable messages.
func Sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
