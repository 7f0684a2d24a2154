package edit

import (
	"bytes"
	"fmt"
	"strings"
)

// context is the lines of context around a change in a diff.
const context = 3

// Diff is a unified diff of before and after, as `diff -u` prints it, for a change in one place
// (the only kind this package makes): the lines they share at the start and at the end are
// context, everything between is the change. name labels both sides. Equal input gives "".
func Diff(name string, before, after []byte) string {
	if bytes.Equal(before, after) {
		return ""
	}
	a, b := diffLines(before), diffLines(after)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	from := max(pre-context, 0)
	aEnd := min(len(a)-suf+context, len(a))
	bEnd := min(len(b)-suf+context, len(b))
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", name, name)
	fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(from, aEnd-from), hunkRange(from, bEnd-from))
	for i := from; i < pre; i++ {
		out.WriteString(" " + a[i])
	}
	for i := pre; i < len(a)-suf; i++ {
		out.WriteString("-" + a[i])
	}
	for i := pre; i < len(b)-suf; i++ {
		out.WriteString("+" + b[i])
	}
	for i := len(a) - suf; i < aEnd; i++ {
		out.WriteString(" " + a[i])
	}
	return out.String()
}

// diffLines splits data into lines that keep their newline; a last line without one is marked as
// diff marks it.
func diffLines(data []byte) []string {
	var out []string
	for _, l := range splitLines(data) {
		s := string(data[l.start:l.end])
		if !strings.HasSuffix(s, "\n") {
			s += "\n\\ No newline at end of file\n"
		}
		out = append(out, s)
	}
	return out
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
