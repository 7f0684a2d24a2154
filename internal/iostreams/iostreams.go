// Package iostreams holds the standard streams a command writes to and what is known of the
// terminal behind them (is it one, how wide, colour or not), so that tests can fake a terminal.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"strings"

	"golang.org/x/term"
)

// IOStreams are a command's input, output and error streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdoutTTY bool
	color     bool
	ascii     bool
	width     int
}

// System is the process's own streams, with the terminal asked about itself: a character-device
// test would take /dev/null for one. What the terminal can show is decided by console.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	fd := int(os.Stdout.Fd())
	s.stdoutTTY = term.IsTerminal(fd)
	vt := false
	if s.stdoutTTY {
		if w, _, err := term.GetSize(fd); err == nil {
			s.width = w
		}
		vt = enableVT(os.Stdout)
	}
	var box bool
	s.color, box = console(runtime.GOOS, s.stdoutTTY, os.LookupEnv, vt)
	s.ascii = s.stdoutTTY && !box
	return s
}

// console says what a terminal shows: ANSI colour, and box-drawing characters (else tables get
// ASCII borders). vt is whether the terminal takes ANSI escape sequences: always on Unix; on
// Windows, a console of Windows 10 or later, once asked (enableVT).
//
//   - Colour: on a terminal that takes it, unless NO_COLOR is set (https://no-color.org) or
//     TERM=dumb.
//   - Box drawing on Windows: in Windows Terminal (WT_SESSION) or a console that takes escape
//     sequences; the consoles before Windows 10 do not, and their raster fonts show the
//     characters as other letters.
//   - Box drawing elsewhere: unless TERM=dumb, or the locale names a character set other than
//     UTF-8 (LANG=en_GB.ISO-8859-1, LC_ALL=en_GB.CP1252), where they would come out as mojibake.
func console(goos string, tty bool, env func(string) (string, bool), vt bool) (color, box bool) {
	if !tty {
		return false, false
	}
	term, _ := env("TERM")
	_, noColor := env("NO_COLOR")
	color = vt && !noColor && term != "dumb"
	if goos == "windows" {
		_, wt := env("WT_SESSION")
		return color, vt || wt
	}
	return color, term != "dumb" && utf8Locale(env)
}

// utf8Locale reports whether the locale's character set, as LC_ALL, LC_CTYPE or LANG names it
// (the first that is set), is UTF-8 or not named ("C", unset: the terminal's own, nearly always
// UTF-8 today).
func utf8Locale(env func(string) (string, bool)) bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		v, _ := env(k)
		if v == "" {
			continue
		}
		_, charset, named := strings.Cut(strings.SplitN(v, "@", 2)[0], ".")
		if !named {
			return true
		}
		charset = strings.ToLower(strings.ReplaceAll(charset, "-", ""))
		return charset == "utf8"
	}
	return true
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

// ASCIIBorders reports whether tables on the terminal are to be drawn in + - | because it
// cannot show box-drawing characters.
func (s *IOStreams) ASCIIBorders() bool { return s.ascii }

// SetASCIIBorders says whether the terminal is taken to lack box-drawing characters.
func (s *IOStreams) SetASCIIBorders(on bool) { s.ascii = on }

// TerminalWidth is the width of the terminal in columns, or 0 when Out is not one (or it cannot
// be told).
func (s *IOStreams) TerminalWidth() int { return s.width }

// SetStdoutTTY says whether Out is to be taken for a terminal.
func (s *IOStreams) SetStdoutTTY(tty bool) { s.stdoutTTY = tty }

// SetColorEnabled turns colour on or off.
func (s *IOStreams) SetColorEnabled(on bool) { s.color = on }

// SetTerminalWidth sets the width the terminal is taken to have.
func (s *IOStreams) SetTerminalWidth(w int) { s.width = w }
