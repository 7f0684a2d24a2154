// Package redact is the one step every printing path takes under --redact: people's names become
// initials with a short stable tag ("Sam Okafor" -> "S.O.~5d1e"), and any text that will be
// printed (a finding, an error, a line of a diff, a table cell) has every recorded name replaced,
// whatever its letter case.
//
// The tag is the first four hex digits of a SHA-256 of the name as written (letter case and
// spacing folded), so two people who share initials stay two people in stats and reports, and the
// same person has the same tag in every run and every case. Four hex digits cannot be turned back
// into a name, but someone holding a list of candidate names can test which one fits; --redact is
// for pasting into tickets and CI logs, not for publishing.
package redact

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label is the redacted form of one name: its initials and its tag. An empty name stays empty.
func Label(name string) string {
	key := fold(name)
	if key == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(key))
	return initials(name) + "~" + hex.EncodeToString(sum[:2])
}

// fold is a name with letter case and spacing folded: "  sam  OKAFOR" and "Sam Okafor" are one
// person.
func fold(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// initials are the first letter or digit of each word, upper-cased: "Sam Okafor" -> "S.O.";
// "Ruth (designated lead)" -> "R.D.L.".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteString(strings.ToUpper(string(r)))
				b.WriteString(".")
				break
			}
		}
	}
	if b.Len() == 0 {
		return "?"
	}
	return b.String()
}

// Redactor replaces a set of recorded names in text. The zero value and nil replace nothing.
type Redactor struct {
	names []string
	terms []term // longest first
}

type term struct {
	lower []rune // the text to find, lower-cased
	label string
}

// New is a redactor for these names (members' and children's, and any given on the command line).
// Each whole name is replaced by its Label; then each word of a name that is a name (a word
// written with a capital, or every word of a name written all in lower case), of two letters or
// more, by its own initial, so that "Sam" alone, "OKAFOR" or "okafor" show no more than "S." and
// "O.".
func New(names ...string) *Redactor {
	seen := map[string]bool{}
	r := &Redactor{names: names}
	add := func(text, label string) {
		k := fold(text)
		if k == "" || seen[k] {
			return
		}
		seen[k] = true
		r.terms = append(r.terms, term{lower: []rune(k), label: label})
	}
	for _, n := range names {
		add(n, Label(n))
	}
	for _, n := range names {
		allLower := strings.ToLower(n) == n
		for _, w := range strings.Fields(n) {
			w = strings.TrimFunc(w, func(r rune) bool { return !isWord(r) })
			first, _ := utf8.DecodeRuneInString(w)
			if utf8.RuneCountInString(w) > 1 && (unicode.IsUpper(first) || allLower && unicode.IsLetter(first)) {
				add(w, initials(w))
			}
		}
	}
	sort.SliceStable(r.terms, func(i, j int) bool { return len(r.terms[i].lower) > len(r.terms[j].lower) })
	return r
}

// Add returns a redactor that also replaces names.
func (r *Redactor) Add(names ...string) *Redactor {
	if r == nil {
		return New(names...)
	}
	return New(append(append([]string(nil), r.names...), names...)...)
}

// Text replaces every recorded name, and every name word, where it stands as a whole word in s,
// in any letter case; spacing between the words of a name may differ from the record.
func (r *Redactor) Text(s string) string {
	if r == nil || len(r.terms) == 0 || s == "" {
		return s
	}
	src := []rune(s)
	low := make([]rune, len(src))
	for i, c := range src {
		low[i] = unicode.ToLower(c)
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(src); {
		if i > 0 && isWord(src[i-1]) {
			i++
			continue
		}
		matched := false
		for _, t := range r.terms {
			if end, ok := matchAt(low, i, t.lower); ok && (end == len(src) || !isWord(src[end])) {
				b.WriteString(string(src[last:i]))
				b.WriteString(t.label)
				i, last, matched = end, end, true
				break
			}
		}
		if !matched {
			i++
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(string(src[last:]))
	return b.String()
}

// matchAt matches the lower-cased term at low[i:], a run of white space in the term matching any
// run of white space in the text; it returns where the match ends.
func matchAt(low []rune, i int, t []rune) (int, bool) {
	j := 0
	for j < len(t) {
		if i >= len(low) {
			return 0, false
		}
		if t[j] == ' ' {
			if !unicode.IsSpace(low[i]) {
				return 0, false
			}
			for i < len(low) && unicode.IsSpace(low[i]) {
				i++
			}
			j++
			continue
		}
		if low[i] != t[j] {
			return 0, false
		}
		i++
		j++
	}
	return i, true
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
