// Package edit changes people's YAML files without disturbing them: an entry is appended to a
// list by inserting its text after the list's last item, found from yaml.v3 node positions, so
// every other byte of the file (comments, key order, quoting, blank lines) stays as it was; and
// the file is replaced atomically, and only if nobody changed it since it was read.
package edit

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Change is one insertion into a file: After is Before with Removed bytes at At replaced by Text.
// Removed is only ever an empty value written in place of the list (`[]`, `~`).
type Change struct {
	Before, After []byte
	At            int    // byte offset in Before
	Removed       int    // bytes of Before removed at At
	Text          []byte // inserted at At
	Line          int    // 1-based line of the new entry in After
	Lines         int    // lines the new entry takes
}

// Append adds entry (a mapping) as the last item of the list under key, a key of the file's top
// mapping. The new item takes the indentation and the style (block, or one {...} per line) of the
// items already there; a missing or empty key gets a block list indented by two. It refuses, with
// a reason a person can act on, a layout it cannot add to without rewriting the file.
func Append(data []byte, key string, entry *yaml.Node) (*Change, error) {
	nl := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		nl = "\r\n"
	}
	var doc, second yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, fmt.Errorf("the file is not valid YAML, so nothing can be added to it safely (run cpcase check to see why)")
	}
	if err := dec.Decode(&second); err != io.EOF {
		return nil, fmt.Errorf("the file holds more than one YAML document (a line ---); keep one, then add")
	}
	lines := splitLines(data)
	c := &Change{Before: data}

	if len(doc.Content) == 0 { // empty, or only comments
		return c.insert(len(data), 0, needNL(data, nl)+key+":"+nl, render(entry, 2, 2, false, nl)), nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode || top.Style&yaml.FlowStyle != 0 {
		return nil, fmt.Errorf("the file does not start with keys one per line (such as %s:), so cpcase cannot add to it; add the entry by hand", key)
	}
	var val *yaml.Node
	var keyNode *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key {
			keyNode, val = top.Content[i], top.Content[i+1]
		}
	}
	topIndent := top.Column - 1
	if keyNode == nil {
		head := needNL(data, nl) + strings.Repeat(" ", topIndent) + key + ":" + nl
		return c.insert(len(data), 0, head, render(entry, topIndent+2, 2, false, nl)), nil
	}
	keyIndent := keyNode.Column - 1
	switch {
	case val.Kind == yaml.ScalarNode && val.Tag == "!!null":
		items := render(entry, keyIndent+2, 2, false, nl)
		if val.Value != "" { // `visits: ~`: the ~ goes, the list comes on the lines below
			return c.replaceAndInsert(offset(lines, val.Line, val.Column), len(val.Value), lineEnd(lines, val.Line), items, nl), nil
		}
		at := lineEnd(lines, keyNode.Line)
		return c.insert(at, 0, needNLAt(data, at, nl), items), nil
	case val.Kind == yaml.SequenceNode && val.Style&yaml.FlowStyle != 0:
		if len(val.Content) > 0 {
			return nil, fmt.Errorf("%s is written as a [...] list on one line; cpcase adds only to a list written one item per line (\"- ...\"), so add the entry by hand or rewrite the list that way", key)
		}
		at := offset(lines, val.Line, val.Column)
		end := bytes.IndexByte(data[at:], ']')
		if end < 0 || bytes.ContainsAny(data[at:at+end], "\r\n") {
			return nil, fmt.Errorf("%s is an empty list written over several lines; write it as %s: [] or leave it empty", key, key)
		}
		return c.replaceAndInsert(at, end+1, lineEnd(lines, val.Line), render(entry, keyIndent+2, 2, false, nl), nl), nil
	case val.Kind == yaml.SequenceNode:
		last := val.Content[len(val.Content)-1]
		dash, ok := dashColumn(lines, last)
		if !ok {
			return nil, fmt.Errorf("cannot tell how the items of %s are laid out (line %d); add the entry by hand", key, last.Line)
		}
		// The new item's keys go in the column of the last item's keys.
		step, flow := 2, false
		if last.Kind == yaml.MappingNode {
			if last.Style&yaml.FlowStyle != 0 {
				flow = true
			} else if k := last.Column - 1 - dash; k >= 2 {
				step = k
			}
		}
		endLine := itemEnd(lines, last.Line, dash)
		at := lineEnd(lines, endLine)
		return c.insert(at, 0, needNLAt(data, at, nl), render(entry, dash, step, flow, nl)), nil
	}
	return nil, fmt.Errorf("%s (line %d) is not a list, so no entry can be added to it; run cpcase check", key, keyNode.Line)
}

// insert puts prefix and then the entry's item at at, in place of removed bytes.
func (c *Change) insert(at, removed int, prefix, item string) *Change {
	text := prefix + item
	c.At, c.Removed, c.Text = at, removed, []byte(text)
	var b bytes.Buffer
	b.Write(c.Before[:at])
	b.WriteString(text)
	b.Write(c.Before[at+removed:])
	c.After = b.Bytes()
	c.Line = bytes.Count(c.After[:at+len(prefix)], []byte("\n")) + 1
	c.Lines = strings.Count(item, "\n")
	return c
}

// replaceAndInsert removes the empty value at [at, at+removed) and inserts the items after the end
// of its line, lineEnd, as one change: the bytes between stay in place.
func (c *Change) replaceAndInsert(at, removed, lineEnd int, items, nl string) *Change {
	// Trailing spaces before the removed value would be left dangling: take them too.
	for at > 0 && c.Before[at-1] == ' ' {
		at--
		removed++
	}
	middle := string(c.Before[at+removed : lineEnd])
	return c.insert(at, lineEnd-at, middle+needNLAt(c.Before, lineEnd, nl), items)
}

// render writes entry as one list item: "- " at column dash, keys at dash+step.
func render(entry *yaml.Node, dash, step int, flow bool, nl string) string {
	e := *entry
	if flow {
		e.Style = yaml.FlowStyle
	} else {
		e.Style = 0
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(&e) // a mapping of scalars and flow lists: cannot fail
	_ = enc.Close()
	body := strings.TrimRight(b.String(), "\n")
	var out strings.Builder
	for i, line := range strings.Split(body, "\n") {
		if i == 0 {
			out.WriteString(strings.Repeat(" ", dash) + "-" + strings.Repeat(" ", step-1))
		} else if line != "" {
			out.WriteString(strings.Repeat(" ", dash+step))
		}
		out.WriteString(line)
		out.WriteString(nl)
	}
	return out.String()
}

// line is one line of a file: its text without the newline, and where it starts and ends
// (end is after the newline, if any).
type line struct {
	text       string
	start, end int
}

func splitLines(data []byte) []line {
	var out []line
	start := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		start = 3 // a byte order mark: yaml.v3 counts columns after it
	}
	for start < len(data) {
		i := bytes.IndexByte(data[start:], '\n')
		end := len(data)
		if i >= 0 {
			end = start + i + 1
		}
		out = append(out, line{text: strings.TrimRight(string(data[start:end]), "\r\n"), start: start, end: end})
		start = end
	}
	return out
}

// lineEnd is the offset just after line n (1-based), newline included.
func lineEnd(lines []line, n int) int { return lines[n-1].end }

// offset is the byte offset of line n, column col (both 1-based; yaml.v3 counts columns in
// characters, so the line is walked by rune).
func offset(lines []line, n, col int) int {
	l := lines[n-1]
	i := 0
	for c := 1; c < col && i < len(l.text); c++ {
		_, size := utf8.DecodeRuneInString(l.text[i:])
		i += size
	}
	return l.start + i
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func isComment(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), "#") }

// dashColumn finds the column (0-based) of the "-" that starts the list item n.
func dashColumn(lines []line, n *yaml.Node) (int, bool) {
	text := lines[n.Line-1].text
	i := offset(lines, n.Line, n.Column) - lines[n.Line-1].start - 1
	for i >= 0 && text[i] == ' ' {
		i--
	}
	if i >= 0 {
		if text[i] == '-' && strings.TrimSpace(text[:i]) == "" {
			return i, true
		}
		return 0, false
	}
	// "-" alone on a line, the item below it
	for l := n.Line - 2; l >= 0; l-- {
		t := lines[l].text
		if isBlank(t) || isComment(t) {
			continue
		}
		if strings.TrimSpace(t) == "-" {
			return indentOf(t), true
		}
		return 0, false
	}
	return 0, false
}

// itemEnd is the last line of the list item that starts on line first with its "-" at column
// dash: the following lines indented deeper than the dash belong to it (its keys, a folded text,
// a comment inside it); a line at or left of the dash (the next key, or a comment about what
// follows) does not, and blank lines at its end do not either.
func itemEnd(lines []line, first, dash int) int {
	end := first
	for l := first + 1; l <= len(lines); l++ {
		t := lines[l-1].text
		switch {
		case isBlank(t):
			continue
		case indentOf(t) > dash:
			end = l
		case isComment(t):
			continue
		default:
			return end
		}
	}
	return end
}

// needNL is a newline when data does not end with one, so that appended text starts on a line of
// its own.
func needNL(data []byte, nl string) string {
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return nl
	}
	return ""
}

func needNLAt(data []byte, at int, nl string) string {
	if at > 0 && data[at-1] != '\n' {
		return nl
	}
	return ""
}
