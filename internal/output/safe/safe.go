// Package safe neutralises text that comes from case files, policies and folder names for the
// program that will read it: a spreadsheet (CSV), a terminal, a markdown renderer, a GitHub
// Actions log. Whoever can write a case file chooses these bytes, so each function here assumes
// the worst of them. HTML, JSON and iCalendar are escaped by their own encoders and are not here.
package safe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Term makes s inert on a terminal and keeps it on one line: every C0 control (newline and tab
// included), DEL, every C1 control, and every character that reorders or hides text (the
// bidirectional embeddings, overrides and isolates, the direction marks, the line and paragraph
// separators) is written as a visible Go-style escape (\x1b, \r, \u202e), and invalid UTF-8 as
// \xNN. So an ESC that would start an OSC 52 or OSC 8 sequence, a carriage return that would
// overwrite a row, or a U+202E that would reverse one, is shown instead of obeyed.
func Term(s string) string {
	if clean(s, false) {
		return s
	}
	return escape(s, false)
}

// TermLines is Term for text of several lines: newlines and tabs are kept (they only move the
// cursor forward); everything else Term escapes is escaped.
func TermLines(s string) string {
	if clean(s, true) {
		return s
	}
	return escape(s, true)
}

func clean(s string, lines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 {
			if lines && (c == '\n' || c == '\t') {
				continue
			}
			if c >= 0x80 {
				r, size := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && size == 1 || unsafeRune(r) {
					return false
				}
				i += size - 1
				continue
			}
			return false
		}
	}
	return true
}

func escape(s string, lines bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case lines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune is a character above ASCII that a terminal obeys or that changes how the text
// around it is shown.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls: 0x9b is CSI, 0x9d OSC on terminals that take 8-bit controls
		return true
	case r >= 0x202a && r <= 0x202e, // bidirectional embeddings and overrides
		r >= 0x2066 && r <= 0x2069,            // bidirectional isolates
		r == 0x200e, r == 0x200f, r == 0x061c, // direction marks
		r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

// TermColor is TermLines that lets ANSI colour through: an SGR sequence (ESC [ digits and
// semicolons m) only sets colour and weight, which cpcase's own tables use on a terminal; every
// other escape sequence, CR, and bidirectional control is shown, as Term shows it. Data reaching
// a table cell has been through Term already, so the colours left are cpcase's.
func TermColor(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return TermLines(s)
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			break
		}
		j := i + 2
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';') {
			j++
		}
		if j < len(s) && s[j] == 'm' {
			b.WriteString(TermLines(s[:i]))
			b.WriteString(s[i : j+1])
			s = s[j+1:]
			continue
		}
		b.WriteString(TermLines(s[:i+1])) // the ESC, escaped
		s = s[i+1:]
	}
	b.WriteString(TermLines(s))
	return b.String()
}
