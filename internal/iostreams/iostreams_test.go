package iostreams

import "testing"

// The fake terminal is what its setters say; test streams are no terminal until told.
func TestFakeTerminal(t *testing.T) {
	t.Parallel()
	s, _, out, _ := Test()
	if s.IsStdoutTTY() || s.ColorEnabled() || s.TerminalWidth() != 0 {
		t.Error("test streams start as a terminal")
	}
	s.SetStdoutTTY(true)
	s.SetColorEnabled(true)
	s.SetTerminalWidth(80)
	if !s.IsStdoutTTY() || !s.ColorEnabled() || s.TerminalWidth() != 80 {
		t.Error("setters not held")
	}
	s.Out.Write([]byte("x"))
	if out.String() != "x" {
		t.Error("Out is not the buffer returned")
	}
}
