package policy

import (
	"bytes"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/diag"
)

// A procedure writer on Windows saves a policy file with CRLF line ends and often a UTF-8 byte
// order mark. It means the same either way, and a mistake in it is reported at the same place.
var lineEnds = map[string]func([]byte) []byte{
	"CRLF":     crlf,
	"BOM":      func(b []byte) []byte { return append([]byte("\xef\xbb\xbf"), b...) },
	"BOM+CRLF": func(b []byte) []byte { return append([]byte("\xef\xbb\xbf"), crlf(b)...) },
}

func crlf(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }

func messages(d diag.List) string {
	var out []string
	for _, x := range d {
		out = append(out, x.String())
	}
	return strings.Join(out, "\n")
}

// TestLineEndsShippedPolicies: each shipped policy (long texts, comments, every rule kind) loads
// to the same policy whatever its line ends.
func TestLineEndsShippedPolicies(t *testing.T) {
	files := Embedded()
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) < 5 {
		t.Fatalf("%d shipped policies, want 5 or more", len(names))
	}
	for _, name := range names {
		want, d := Load(name, files[name], "test")
		if want == nil || d.Errors() > 0 {
			t.Fatalf("%s: %v", name, d)
		}
		for how, save := range lineEnds {
			got, gotD := Load(name, save(files[name]), "test")
			if messages(gotD) != messages(d) {
				t.Errorf("%s saved with %s: findings\n%s\nwant\n%s", name, how, messages(gotD), messages(d))
			}
			// The calendars are built from the same dates; compare everything else.
			if got == nil {
				t.Errorf("%s saved with %s does not load", name, how)
				continue
			}
			got.Calendar, want.Calendar = nil, nil
			// Sum is of the file's bytes, which differ by design (the cache then evaluates again).
			got.Sum, want.Sum = [32]byte{}, [32]byte{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s saved with %s loads differently", name, how)
			}
			want, _ = Load(name, files[name], "test")
		}
	}
}

// TestLineEndsPolicyFindings: the same mistake, on the first line and further in, is found at the
// same line and column.
func TestLineEndsPolicyFindings(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"first line", "idd: local\n" + strings.TrimPrefix(base, "id: local\n"),
			`p.yaml:1:1: unknown key "idd" in a policy (did you mean "id"?)`},
		{"in a rule", strings.Replace(base, "within: 10 working days", "within: 10 workin days", 1),
			"p.yaml:14:13: within: unknown unit \"workin days\" (expected working days, days, weeks or months)"},
	} {
		_, d := Load("p.yaml", []byte(tc.text), "test")
		lf := messages(d)
		// (The list of keys after an unknown key grows as the language does.)
		if head, _, _ := strings.Cut(lf, "; expected one of: id, "); head != tc.want {
			t.Errorf("%s with LF line ends:\n%s\nwant\n%s", tc.name, lf, tc.want)
		}
		for how, save := range lineEnds {
			_, d := Load("p.yaml", save([]byte(tc.text)), "test")
			if got := messages(d); got != lf {
				t.Errorf("%s saved with %s:\n%s\nwith LF:\n%s", tc.name, how, got, lf)
			}
		}
	}
}
