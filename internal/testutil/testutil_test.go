package testutil

import "testing"

func TestLineDiff(t *testing.T) {
	for _, c := range []struct{ want, got, diff string }{
		{"a\nb\nc\n", "a\nb\nc\n", "  a\n  b\n  c\n"},
		{"a\nb\nc\n", "a\nc\n", "  a\n- b\n  c\n"},
		{"a\nc\n", "a\nb\nc\n", "  a\n+ b\n  c\n"},
		{"a\n", "b\n", "- a\n+ b\n"},
		{"", "x\n", "+ x\n"},
	} {
		if got := LineDiff(c.want, c.got); got != c.diff {
			t.Errorf("LineDiff(%q, %q) = %q, want %q", c.want, c.got, got, c.diff)
		}
	}
}
