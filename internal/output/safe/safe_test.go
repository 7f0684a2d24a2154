package safe

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestTerm(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Sky Okafor", "Sky Okafor"},
		{"Zoë Ní Bhriain", "Zoë Ní Bhriain"},
		{"\x1b]52;c;aGk=\x07", `\x1b]52;c;aGk=\x07`},                                           // OSC 52: write the clipboard
		{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", `\x1b]8;;http://x\x1b\link\x1b]8;;\x1b\`}, // OSC 8 link
		{"ok\x1b[2K\rOVERDUE hidden", `ok\x1b[2K\rOVERDUE hidden`},
		{"a\u202eevil", `a\u202eevil`},
		{"a\u2066b\u2069\u200f", `a\u2066b\u2069\u200f`},
		{"two\nlines\ttab", `two\nlines\ttab`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"del\x7f", `del\x7f`},
		{"bad \xff utf8", `bad \xff utf8`},
	} {
		if got := Term(c.in); got != c.want {
			t.Errorf("Term(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Term(c.in); strings.ContainsAny(got, "\x1b\r\n\t\x07\u202e\u009b") {
			t.Errorf("Term(%q) = %q still holds a control", c.in, got)
		}
	}
	if got := TermLines("a\n\tb\x1b[2K\r"); got != "a\n\tb\\x1b[2K\\r" {
		t.Errorf("TermLines = %q", got)
	}
}

func TestCSVCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`=HYPERLINK("http://x","click")`, `'=HYPERLINK("http://x","click")`},
		{`+cmd|' /C calc'!A0`, `'+cmd|' /C calc'!A0`},
		{`@SUM(A1:A9)`, `'@SUM(A1:A9)`},
		{`-2+3+cmd|' /C calc'!A0`, `'-2+3+cmd|' /C calc'!A0`},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-3", "-3"},
		{"+2.5", "+2.5"},
		{"12", "12"},
		{"CP-2026-0142", "CP-2026-0142"},
		{"", ""},
		{"a=b", "a=b"},
	} {
		if got := CSVCell(c.in); got != c.want {
			t.Errorf("CSVCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	var b bytes.Buffer
	w := NewCSVWriter(&b)
	if err := w.Write([]string{"=1+1", "team", "-1"}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	rec, err := csv.NewReader(&b).Read()
	if err != nil || strings.Join(rec, "|") != "'=1+1|team|-1" {
		t.Errorf("CSVWriter wrote %q, %v", rec, err)
	}
}

func TestMarkdown(t *testing.T) {
	in := "case\n# Heading\n[x](javascript:alert(1)) <img src=x onerror=alert(1)> *a* `c` | d ~~s~~ &lt; ![i](y) \x1b]52;c;x\x07"
	got := Markdown(in)
	want := `case \# Heading \[x\](javascript:alert(1)) \<img src=x onerror=alert(1)\> \*a\* \` + "`" + `c\` + "`" + ` \| d \~\~s\~\~ \&lt; \!\[i\](y) \\x1b\]52;c;x\\x07`
	if got != want {
		t.Errorf("Markdown:\n got %s\nwant %s", got, want)
	}
	if strings.ContainsAny(got, "\n\r\x1b") {
		t.Error("a line break or control survived")
	}
	if Markdown("Sky Okafor (2026-10-20)") != "Sky Okafor (2026-10-20)" {
		t.Error("plain text changed")
	}
}

func TestGitHubLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"::error file=a::forged", `\::error file=a::forged`},
		{"   ::stop-commands::tok", `\   ::stop-commands::tok`},
		{"\u3000::add-mask::x", "\\\u3000::add-mask::x"},
		{"x ##[error]forged", `x #\#[error]forged`},
		{"plan.yaml:3:1: unknown key", "plan.yaml:3:1: unknown key"},
		{"a::b", "a::b"},
		{"case\n::error::x", `case\n::error::x`},
	} {
		if got := GitHubLine(c.in); got != c.want {
			t.Errorf("GitHubLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	var b bytes.Buffer
	w := NewGitHubWriter(&b)
	w.Write([]byte("ok\n::err"))
	w.Write([]byte("or::x\nlast"))
	w.Flush()
	if b.String() != "ok\n\\::error::x\nlast" {
		t.Errorf("GitHubWriter wrote %q", b.String())
	}
}

func TestTermWriterSplitRune(t *testing.T) {
	var b bytes.Buffer
	w := NewTermWriter(&b)
	s := "a\u202eb\n"
	w.Write([]byte(s[:2]))
	w.Write([]byte(s[2:]))
	w.Flush()
	if b.String() != "a\\u202eb\n" {
		t.Errorf("got %q", b.String())
	}
}

func TestTermColor(t *testing.T) {
	in := "\x1b[31mOVERDUE\x1b[0m Sky\x1b]52;c;x\x07 \x1b[2K\r\u202e"
	want := "\x1b[31mOVERDUE\x1b[0m Sky\\x1b]52;c;x\\x07 \\x1b[2K\\r\\u202e"
	if got := TermColor(in); got != want {
		t.Errorf("TermColor = %q, want %q", got, want)
	}
	var b bytes.Buffer
	w := NewGitHubWriter(&b)
	w.Write([]byte("::error::forged\n"))
	w.WriteCommand("::error file=a::ours")
	if b.String() != "\\::error::forged\n::error file=a::ours\n" {
		t.Errorf("%q", b.String())
	}
}
