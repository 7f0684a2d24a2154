package safe

import (
	"bytes"
	"io"
	"strings"
)

// GitHubLine makes one line of text from data unable to act as a GitHub Actions workflow command.
// The runner treats a line as a command when, after leading white space, it starts with "::"
// (::error, ::add-mask, ::stop-commands::), and as an old-style command when it holds "##["
// anywhere; such a line is prefixed with a backslash, and "##[" is written "#\#[". Controls are
// escaped as Term does, so data cannot start a line of its own.
func GitHubLine(s string) string {
	s = Term(s)
	if strings.Contains(s, "##[") {
		s = strings.ReplaceAll(s, "##[", `#\#[`)
	}
	if strings.HasPrefix(strings.TrimLeft(s, " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\u1680\u0085"), "::") {
		s = `\` + s
	}
	return s
}

// GitHubProperty escapes a workflow command's property value (file=..., title=...), as the
// runner reads it back.
func GitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// GitHubMessage escapes a workflow command's message, the text after its second "::".
func GitHubMessage(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// NewGitHubWriter passes every line written through it through GitHubLine: in a GitHub context
// (GITHUB_ACTIONS=true, or --format github) everything cpcase prints besides its own annotations
// goes through one, so that no file name, section key or message can forge a command.
func NewGitHubWriter(w io.Writer) *LineWriter {
	l := NewLineWriter(w, GitHubLine)
	l.github = true
	return l
}

// NewTermWriter passes every line written through it through Term (tabs kept): for text that is
// all cpcase's own words around data, such as findings and errors, where nothing of cpcase's
// own needs a control character.
func NewTermWriter(w io.Writer) *LineWriter { return NewLineWriter(w, TermLines) }

// LineWriter rewrites each line written through it with a function before passing it on. Lines
// are held until their newline (so a character split across two writes is seen whole); Flush
// writes a last line that has none.
type LineWriter struct {
	w       io.Writer
	fn      func(string) string
	pending []byte
	github  bool
}

// GitHub reports whether l is a GitHubWriter.
func (l *LineWriter) GitHub() bool { return l.github }

// ForGitHub is w ready for a GitHub Actions log: w itself when it is a GitHubWriter already, or
// a new one over it (flush it when done).
func ForGitHub(w io.Writer) *LineWriter {
	if l, ok := w.(*LineWriter); ok && l.github {
		return l
	}
	return NewGitHubWriter(w)
}

// NewLineWriter wraps w.
func NewLineWriter(w io.Writer, fn func(string) string) *LineWriter {
	return &LineWriter{w: w, fn: fn}
}

func (l *LineWriter) Write(p []byte) (int, error) {
	n := len(p)
	l.pending = append(l.pending, p...)
	for {
		i := bytes.IndexByte(l.pending, '\n')
		if i < 0 {
			break
		}
		line := string(l.pending[:i])
		l.pending = l.pending[i+1:]
		if _, err := io.WriteString(l.w, l.fn(line)+"\n"); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// WriteCommand writes line (and a newline) as it is, after any line pending: for cpcase's own
// workflow commands, whose every property and message has been escaped (GitHubProperty,
// GitHubMessage).
func (l *LineWriter) WriteCommand(line string) error {
	if err := l.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(l.w, line+"\n")
	return err
}

// Flush writes a last line that has no newline.
func (l *LineWriter) Flush() error {
	if len(l.pending) == 0 {
		return nil
	}
	line := string(l.pending)
	l.pending = nil
	_, err := io.WriteString(l.w, l.fn(line))
	return err
}
