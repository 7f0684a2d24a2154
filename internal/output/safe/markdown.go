package safe

import "strings"

// Markdown makes s literal text in CommonMark and GitHub-flavoured markdown, inline or in a table
// cell: every ASCII punctuation character is backslash-escaped (CommonMark lets any of them be),
// so no *, _, [, ], (, ), <, >, #, |, !, ` or : from data can open emphasis, a link, an image,
// raw HTML (<img onerror=...>), a heading, a table column or an autolink; line breaks and other
// controls are shown as escapes (as Term does), so data cannot start a new block such as a
// heading or a list. The text reads the same once rendered.
func Markdown(s string) string {
	s = Term(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isASCIIPunct(c) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
