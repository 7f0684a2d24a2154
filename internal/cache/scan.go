package cache

import (
	"bytes"
	"unicode/utf8"
)

// A table of a cached case names children, workers and action owners and says what each action
// is, which the cache does not hold (no personal text): Fill reads them back from the case's
// files. The cached case says where each child, member and action is (the line and column of its
// mapping), so in the common case the one value wanted can be read off that mapping's lines
// without parsing the whole file with yaml.v3, which is most of a warm run's time otherwise.
//
// Only the plainest YAML is read this way: a block mapping whose keys are plain words at one
// indentation, and a value that is plain text on the key's own line (no quotes, no comment, no
// flow or block collection, no anchor, alias or tag, no continuation line, not null). Anything
// else, anywhere the scan has to look, makes it unsure, and Fill parses the file in full as it
// always has: the fast reading either gives exactly what yaml.v3 gives or gives up.

// lines is a YAML file split into lines, for reading values at known positions.
type lines struct {
	data  []byte
	start []int // the offset of each line's first byte; line n (from 1) starts at start[n-1]
}

// index splits data into lines, or reports false when yaml.v3 could count lines otherwise than
// by line feeds: a carriage return not followed by a line feed, or a Unicode line break (NEL,
// LS, PS), which yaml.v3 also counts.
func index(data []byte) (*lines, bool) { return indexInto(&lines{}, data) }

// indexInto is index reusing t's slice of line starts.
func indexInto(t *lines, data []byte) (*lines, bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // as the loader reads a file
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\r')
		if j < 0 {
			break
		}
		i += j + 1
		if i >= len(data) || data[i] != '\n' {
			return nil, false
		}
	}
	if bytes.Contains(data, []byte("\u0085")) || bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029")) {
		return nil, false
	}
	t.data, t.start = data, append(t.start[:0], 0)
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		t.start = append(t.start, i)
	}
	return t, true
}

// line is line n (from 1) without its line end.
func (t *lines) line(n int) []byte {
	end := len(t.data)
	if n < len(t.start) {
		end = t.start[n] - 1
	}
	l := t.data[t.start[n-1]:end]
	if len(l) > 0 && l[len(l)-1] == '\r' {
		l = l[:len(l)-1]
	}
	return l
}

// value is the text of key in the block mapping that starts at line and col (a node's position,
// from 1), as yaml.v3 reads it: found is false when the mapping has no such key, or its value is
// null; sure is false when the scan cannot tell, and the file must be parsed in full.
func (t *lines) value(line, col int, key string) (text string, found, sure bool) {
	// Line 1 may hold a byte order mark the loader's columns did not count.
	if line < 2 || line > len(t.start) || col < 1 {
		return "", false, false
	}
	ind := col - 1 // the indentation of the mapping's keys
	first := t.line(line)
	if len(first) <= ind {
		return "", false, false
	}
	// Before the first key only the dashes of sequences and spaces, so that the column counts
	// bytes as yaml.v3 counts characters.
	for _, b := range first[:ind] {
		if b != ' ' && b != '-' {
			return "", false, false
		}
	}
	for n := line; n <= len(t.start); n++ {
		content := first[ind:]
		if n > line {
			l := t.line(n)
			sp := spaces(l)
			rest := l[sp:]
			switch {
			case len(rest) == 0 || rest[0] == '#':
				continue // a blank line or a comment
			case rest[0] == '\t':
				return "", false, false
			case sp < ind:
				return "", false, true // the mapping ended without the key
			case sp > ind:
				continue // within the value of an earlier key (checked below)
			}
			content = rest
		}
		k, v, ok := keyLine(content)
		if !ok {
			return "", false, false
		}
		if string(k) != key {
			if !ownLine(v) {
				return "", false, false
			}
			continue
		}
		text, ok := plain(v)
		if !ok || !t.endsHere(n, ind) {
			return "", false, false
		}
		return text, true, true
	}
	return "", false, true
}

// endsHere reports whether the value on line n ends there: the next line that is not blank is
// no deeper than the mapping's keys (and not a comment, which would leave it open to doubt).
func (t *lines) endsHere(n, ind int) bool {
	for m := n + 1; m <= len(t.start); m++ {
		l := t.line(m)
		sp := spaces(l)
		rest := l[sp:]
		if len(rest) == 0 {
			continue
		}
		return rest[0] != '#' && rest[0] != '\t' && sp <= ind
	}
	return true
}

func spaces(l []byte) int {
	n := 0
	for n < len(l) && l[n] == ' ' {
		n++
	}
	return n
}

// keyLine splits "key: value" where key is a plain word (letters, digits, _ and -, not starting
// with -) and returns the value with its leading spaces removed.
func keyLine(l []byte) (key, value []byte, ok bool) {
	i := 0
	for i < len(l) && (isWordByte(l[i]) && (i > 0 || l[i] != '-')) {
		i++
	}
	if i == 0 || i >= len(l) || l[i] != ':' {
		return nil, nil, false
	}
	rest := l[i+1:]
	if len(rest) > 0 && rest[0] != ' ' {
		return nil, nil, false
	}
	return l[:i], rest[spaces(rest):], true
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-'
}

// ownLine reports whether the value of a key that is not the one wanted cannot reach a later
// line that is no deeper than the keys: what follows it deeper (a nested block, a block
// scalar's lines, a plain scalar's continuation) is skipped, but a quoted scalar or a flow
// collection left open could go on at any indentation.
func ownLine(v []byte) bool {
	if len(v) == 0 {
		return true
	}
	switch v[0] {
	case '"':
		end := bytes.IndexByte(v[1:], '"')
		return end >= 0 && bytes.IndexByte(v[1:end+1], '\\') < 0 && closed(v[end+2:])
	case '\'':
		end := bytes.IndexByte(v[1:], '\'')
		return end >= 0 && closed(v[end+2:])
	case '[', '{':
		depth := 0
		for i, b := range v {
			switch b {
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return closed(v[i+1:])
				}
			case '"', '\'', '#':
				return false
			}
		}
		return false
	case '&', '!', '?', '%', '@', '`':
		return false
	}
	return true
}

// closed reports that nothing but spaces follows a quoted scalar or flow collection.
func closed(rest []byte) bool { return spaces(rest) == len(rest) }

// plain is a value yaml.v3 reads as plain text on its own line, with trailing spaces dropped;
// false for anything else, including null and the empty value (which may go on below).
func plain(v []byte) (string, bool) {
	for len(v) > 0 && v[len(v)-1] == ' ' {
		v = v[:len(v)-1]
	}
	if len(v) == 0 || bytes.ContainsAny(v[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return "", false
	}
	for i, b := range v {
		if b < 0x20 || b == 0x7f || b == '#' || b == ':' && (i == len(v)-1 || v[i+1] == ' ') {
			return "", false
		}
	}
	switch string(v) {
	case "~", "null", "Null", "NULL":
		return "", false
	}
	if !utf8.Valid(v) {
		return "", false
	}
	return string(v), true
}
