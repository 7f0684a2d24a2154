package iostreams

import (
	"strings"
	"testing"
)

// envOf is an environment of "KEY=value" pairs.
func envOf(pairs ...string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		for _, p := range pairs {
			if key, v, _ := strings.Cut(p, "="); key == k {
				return v, true
			}
		}
		return "", false
	}
}

// TestConsole: colour where the terminal takes escape sequences, box-drawing characters where it
// can show them, on each system, by what the environment says.
func TestConsole(t *testing.T) {
	for _, tc := range []struct {
		name       string
		goos       string
		tty        bool
		env        []string
		vt         bool
		color, box bool
	}{
		{"pipe or file", "linux", false, nil, true, false, false},
		{"Linux terminal", "linux", true, []string{"TERM=xterm-256color", "LANG=en_GB.UTF-8"}, true, true, true},
		{"NO_COLOR", "linux", true, []string{"NO_COLOR=", "LANG=en_GB.UTF-8"}, true, false, true},
		{"TERM=dumb", "linux", true, []string{"TERM=dumb"}, true, false, false},
		{"no locale", "darwin", true, []string{"TERM=xterm-256color"}, true, true, true},
		{"C locale", "linux", true, []string{"LANG=C"}, true, true, true},
		{"utf8 spelt small", "linux", true, []string{"LANG=en_GB.utf8"}, true, true, true},
		{"Latin-1 locale", "linux", true, []string{"LANG=en_GB.ISO-8859-1"}, true, true, false},
		{"LC_ALL over LANG", "linux", true, []string{"LC_ALL=en_GB.ISO-8859-15", "LANG=en_GB.UTF-8"}, true, true, false},
		{"LC_CTYPE over LANG", "linux", true, []string{"LC_CTYPE=en_GB.UTF-8", "LANG=en_GB.ISO-8859-1"}, true, true, true},
		{"locale with a modifier", "linux", true, []string{"LANG=de_DE.UTF-8@euro"}, true, true, true},
		{"Windows 10 console", "windows", true, nil, true, true, true},
		{"Windows 10 console, NO_COLOR", "windows", true, []string{"NO_COLOR=1"}, true, false, true},
		{"Windows Terminal", "windows", true, []string{"WT_SESSION=5b1e"}, true, true, true},
		{"console before Windows 10", "windows", true, nil, false, false, false},
		{"Windows: a locale variable means nothing", "windows", true, []string{"LANG=en_GB.ISO-8859-1"}, true, true, true},
		{"Windows, redirected", "windows", false, []string{"WT_SESSION=5b1e"}, false, false, false},
	} {
		color, box := console(tc.goos, tc.tty, envOf(tc.env...), tc.vt)
		if color != tc.color || box != tc.box {
			t.Errorf("%s: colour %v, box drawing %v; want %v, %v", tc.name, color, box, tc.color, tc.box)
		}
	}
}
