package duration

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/calendar"
)

// timescaleRe finds the durations written in policies and case files.
var timescaleRe = regexp.MustCompile(`(?m)\b(?:within|every|core_group_every|visit_every): *([^#\n]*)`)

// FuzzParseDuration: Parse never panics; what it accepts is in range, prints in a form Parse reads
// back to the same value, and counts forward from any date.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"10 working days", "1 working day", "15 days", "6 weeks", "1 month",
		"0 days", "1000 days", "1001 days", "-3 days", "  10   Working \t DAYS ", "days", "10",
		"99999999999999999999 days", "١٠ days", "10 working  days"} {
		f.Add(s)
	}
	var files []string
	for _, glob := range []string{"../../../policies/*.yaml", "../../../examples/*/*.yaml"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	if len(files) == 0 {
		f.Fatal("no policies or examples to seed from")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, m := range timescaleRe.FindAllSubmatch(data, -1) {
			f.Add(strings.TrimSpace(string(m[1])))
		}
	}
	cal, err := calendar.New("england-and-wales", nil)
	if err != nil {
		f.Fatal(err)
	}
	from := d("2026-12-18") // a Friday before Christmas: working days skip three holidays
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Parse(%q): empty error", s)
			}
			if got != (Duration{}) {
				t.Fatalf("Parse(%q) = %v with error %v; want the zero Duration", s, got, err)
			}
			return
		}
		if got.N < 0 || got.N > Max || got.Unit < WorkingDays || got.Unit > Months {
			t.Fatalf("Parse(%q) = %#v: out of range", s, got)
		}
		back, err := Parse(got.String())
		if err != nil || back != got {
			t.Fatalf("Parse(%q) = %v; its String %q reads back as %v, %v", s, got, got.String(), back, err)
		}
		for _, c := range []Counting{Day0, Day1} {
			end := got.After(from, cal, c)
			if end < from || (c == Day0 && got.N > 0 && end == from) {
				t.Fatalf("%v after %s (%s) = %s, not after it", got, from, c, end)
			}
		}
	})
}
