package safe

import "strings"

// Markdown makes s literal inline text in CommonMark and GitHub-flavoured markdown, in a
// paragraph, a list item or a table cell (anywhere but the start of a line): controls are shown
// as Term shows them, and runs of white space, line breaks included, become one space, so data
// cannot end the line and start a block of its own (a heading, a list, a fence); and each of
// \ ` * _ [ ] < > | # ~ & ! is backslash-escaped, so nothing can open emphasis, strikethrough, a
// code span, a link or an image (so no javascript: link), raw HTML (<img onerror=...>), an
// entity, or a table column. Other punctuation is left as it is: without those characters it
// starts nothing inline. The text reads the same once rendered.
func Markdown(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = Term(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte("\\`*_[]<>|#~&!", c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}
