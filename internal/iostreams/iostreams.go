// Package iostreams holds the standard streams a command writes to and what is known of the
// terminal behind them (is it one, how wide, colour or not), so that tests can fake a terminal.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are a command's input, output and error streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdoutTTY bool
	color     bool
	width     int
}

// System is the process's own streams, with the terminal asked about itself: a character-device
// test would take /dev/null for one. Colour is on for a terminal unless NO_COLOR is set
// (https://no-color.org) or TERM=dumb.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	fd := int(os.Stdout.Fd())
	s.stdoutTTY = term.IsTerminal(fd)
	if s.stdoutTTY {
		if w, _, err := term.GetSize(fd); err == nil {
			s.width = w
		}
	}
	_, noColor := os.LookupEnv("NO_COLOR")
	s.color = s.stdoutTTY && !noColor && os.Getenv("TERM") != "dumb"
	return s
}

// Test is streams over buffers, not a terminal, for tests; SetStdoutTTY and the other setters
// fake one.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// New is streams over the given writers, not a terminal.
func New(in io.Reader, out, errOut io.Writer) *IOStreams {
	return &IOStreams{In: in, Out: out, ErrOut: errOut}
}

// IsStdoutTTY reports whether Out is a terminal: scripts and pipes get plain, stable columns.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// ColorEnabled reports whether Out takes ANSI colour.
func (s *IOStreams) ColorEnabled() bool { return s.color }

// TerminalWidth is the width of the terminal in columns, or 0 when Out is not one (or it cannot
// be told).
func (s *IOStreams) TerminalWidth() int { return s.width }

// SetStdoutTTY says whether Out is to be taken for a terminal.
func (s *IOStreams) SetStdoutTTY(tty bool) { s.stdoutTTY = tty }

// SetColorEnabled turns colour on or off.
func (s *IOStreams) SetColorEnabled(on bool) { s.color = on }

// SetTerminalWidth sets the width the terminal is taken to have.
func (s *IOStreams) SetTerminalWidth(w int) { s.width = w }
