package casefolder

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/diag"
)

// Notepad, Excel and most Windows editors save CRLF line ends, and many a UTF-8 byte order mark;
// a folder synced from a Windows share keeps them. The case format accepts both: each file kind
// below means the same whichever it has, and a mistake in it is reported at the same line and
// column.
var lineEnds = map[string]func([]byte) []byte{
	"CRLF":     crlf,
	"BOM":      func(b []byte) []byte { return append([]byte("\xef\xbb\xbf"), b...) },
	"BOM+CRLF": func(b []byte) []byte { return append([]byte("\xef\xbb\xbf"), crlf(b)...) },
}

func crlf(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }

// messages is the findings as printed, one a line.
func messages(d diag.List) string {
	var out []string
	for _, x := range d {
		out = append(out, filepath.ToSlash(x.String())) // c\plan.yaml on Windows
	}
	return strings.Join(out, "\n")
}

// readFrom serves files (by base name) of folder dir from memory.
func readFrom(dir string, files map[string][]byte) ReadFile {
	return func(path string) ([]byte, error) {
		if b, ok := files[filepath.Base(path)]; ok && filepath.Dir(path) == dir {
			return b, nil
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
}

// TestLineEndsExamples: every example, with each of its files in turn saved each way, loads to
// exactly the same case.
func TestLineEndsExamples(t *testing.T) {
	plans, _ := filepath.Glob(filepath.Join("..", "..", "..", "examples", "*", PlanFile))
	if len(plans) < 6 {
		t.Fatalf("found %d examples, want 6 or more", len(plans))
	}
	for _, p := range plans {
		dir := filepath.Dir(p)
		files := map[string][]byte{}
		for _, name := range Files {
			if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				files[name] = b
			}
		}
		want, wantD := LoadWith(dir, exampleDay, readFrom(dir, files))
		if len(wantD) > 0 {
			t.Fatalf("%s: %v", dir, wantD)
		}
		for _, name := range Files {
			if files[name] == nil {
				continue
			}
			for how, save := range lineEnds {
				t.Run(filepath.Base(dir)+"/"+name+"/"+how, func(t *testing.T) {
					changed := map[string][]byte{}
					for k, v := range files {
						changed[k] = v
					}
					changed[name] = save(files[name])
					got, d := LoadWith(dir, exampleDay, readFrom(dir, changed))
					if len(d) > 0 {
						t.Fatalf("findings: %v", d)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("loads differently from the file with LF line ends:\n got %+v\nwant %+v", got, want)
					}
				})
			}
		}
	}
}

// TestLineEndsFindings: a mistake in each kind of file, including one on the first line (after the
// byte order mark) and one in a multi-line text, is reported at the same place whatever the line
// ends; a block of text reads the same (CRLF inside it is a line break, as LF is).
func TestLineEndsFindings(t *testing.T) {
	good := map[string]string{
		PlanFile:    "case: T-1\nchildren: [{id: a, name: Sky}]\nconferences: [{kind: initial, date: 2026-10-01, decision: plan}]\n",
		MembersFile: "members:\n  - {id: sw1, role: lead-social-worker}\n",
	}
	for _, tc := range []struct {
		file, text string
		want       []string
	}{
		{PlanFile, "casee: T-1\nchildren: [{id: a}]\nconferences: [{kind: initial, date: 2026-10-01, decision: plan}]\n",
			[]string{`c/plan.yaml:1:1: unknown key "casee" in plan.yaml (did you mean "case"?)`}},
		{PlanFile, "case: T-1\nchildren: [{id: a}]\nconferences: [{kind: initial, date: 2026-10-01, decision: plan}]\nplan:\n  sections:\n    safety: |\n      Two lines\n      of text.\n  signed: {sw1: soon}\n",
			[]string{`c/plan.yaml:9:17: signed date must be a date (YYYY-MM-DD), found "soon"`}},
		{MembersFile, "members:\n  - {id: sw1, role: lead-social-worker}\n  - {id: sw1, role: parent}\n",
			[]string{`c/members.yaml:3:10: duplicate member id "sw1" (first at line 2); each member needs their own id`}},
		{MeetingsFile, "meetings:\n  - date: 2026-10-13\n    kind: core-group\n    present: [sw1, nobody]\n",
			[]string{`c/meetings.yaml:4:20: unknown member "nobody" in present (not in members.yaml)`}},
		{VisitsFile, "visits:\n  - {date: 2026-10-06, by: sw1, kind: home, seen: [a]}\n  - {date: 2026-10-07, by: sw1, kind: homme}\n",
			[]string{`c/visits.yaml:3:39: unknown visit kind "homme" (did you mean "home"?); expected one of: home, school, office, other`}},
	} {
		files := map[string][]byte{}
		for k, v := range good {
			files[k] = []byte(v)
		}
		files[tc.file] = []byte(tc.text)
		lfCase, lfD := LoadWith("c", exampleDay, readFrom("c", files))
		lf := messages(lfD)
		if lf == "" {
			t.Errorf("%s: no finding in\n%s", tc.file, tc.text)
			continue
		}
		if tc.want != nil && withoutKeyList(lf) != strings.Join(tc.want, "\n") {
			t.Errorf("%s with LF line ends:\n%s\nwant\n%s", tc.file, lf, strings.Join(tc.want, "\n"))
		}
		for how, save := range lineEnds {
			changed := map[string][]byte{}
			for k, v := range files {
				changed[k] = v
			}
			changed[tc.file] = save(files[tc.file])
			c, d := LoadWith("c", exampleDay, readFrom("c", changed))
			if got := messages(d); got != lf {
				t.Errorf("%s saved with %s:\n%s\nwith LF:\n%s", tc.file, how, got, lf)
			}
			if !reflect.DeepEqual(c, lfCase) {
				t.Errorf("%s saved with %s reads differently:\n got %+v\nwant %+v", tc.file, how, c, lfCase)
			}
		}
	}
}

// withoutKeyList drops the list of keys after an unknown key, which grows as the format does.
func withoutKeyList(msg string) string {
	if head, _, ok := strings.Cut(msg, "; expected one of: case, "); ok {
		return head
	}
	return msg
}
