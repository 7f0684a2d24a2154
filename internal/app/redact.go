package app

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// RedactNames rewrites findings for --redact: each name recorded in the case (members and
// children), and then each word of one, prints as initials, so that a finding quoting a name
// written in the wrong place (unknown member "Sam Okafor" in chair) shows no more than "S.O.".
func RedactNames(d diag.List, c *casefolder.Case) diag.List {
	var names, words []string
	for _, m := range c.Members {
		names = append(names, m.Name)
	}
	for _, ch := range c.Children {
		names = append(names, ch.Name)
	}
	for _, n := range names {
		for _, w := range strings.Fields(n) {
			// "Ruth (designated safeguarding lead)": Ruth is a name; the words after it are not.
			w = strings.TrimFunc(w, func(r rune) bool { return !isWordRune(r) })
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && utf8.RuneCountInString(w) > 1 {
				words = append(words, w)
			}
		}
	}
	longestFirst := func(s []string) {
		sort.Slice(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	}
	longestFirst(names)
	longestFirst(words)
	all := append(names, words...) // whole names first, then words left over
	out := make(diag.List, len(d))
	for i, x := range d {
		for _, n := range all {
			if strings.TrimSpace(n) != "" {
				x.Msg = replaceWord(x.Msg, n, Initials(n))
			}
		}
		out[i] = x
	}
	return out
}

// replaceWord replaces old in s where it stands as a whole word (not inside a longer one).
func replaceWord(s, old, new string) string {
	if old == "" {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			break
		}
		j := i + len(old)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if (i == 0 || !isWordRune(before)) && (j == len(s) || !isWordRune(after)) {
			b.WriteString(s[:i])
			b.WriteString(new)
		} else {
			b.WriteString(s[:j])
		}
		s = s[j:]
	}
	b.WriteString(s)
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Initials turns a name into initials for --redact: "Sam Okafor" -> "S.O.".
func Initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		b.WriteString(strings.ToUpper(string(r[0])))
		b.WriteString(".")
	}
	return b.String()
}
