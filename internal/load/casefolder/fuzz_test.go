package casefolder_test

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/records"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
)

// The fuzzed bytes replace one file of one example case; the other three files stay valid, so that
// a mutation in one file reaches the cross-file checks and, when the case still loads, the record
// checks, the engine and the renderers under one of the shipped policies.
var caseFiles = []string{casefolder.PlanFile, casefolder.MembersFile, casefolder.MeetingsFile, casefolder.VisitsFile}

// fuzzCases are the example folders, sorted, each as its four files (absent files are nil).
func fuzzCases(f *testing.F) (names []string, files []map[string][]byte) {
	root := filepath.Join("..", "..", "..", "examples")
	entries, err := os.ReadDir(root)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		m := map[string][]byte{}
		for _, name := range caseFiles {
			data, err := os.ReadFile(filepath.Join(root, e.Name(), name))
			if err == nil {
				m[name] = data
			}
		}
		if m[casefolder.PlanFile] != nil {
			names = append(names, e.Name())
			files = append(files, m)
		}
	}
	if len(names) == 0 {
		f.Fatal("no example cases found")
	}
	return names, files
}

func fuzzPolicies(f *testing.F) []*policy.Policy {
	emb := policy.Embedded()
	var names []string
	for n := range emb {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []*policy.Policy
	for _, n := range names {
		p, d := policy.Load(n, emb[n], "embedded")
		if p == nil {
			f.Fatalf("shipped policy %s does not load: %v", n, d)
		}
		out = append(out, p)
	}
	return out
}

// asOf is the date the examples are written for.
var asOf = civil.MustParse("2026-11-23")

func FuzzLoadCase(f *testing.F) {
	_, examples := fuzzCases(f)
	pols := fuzzPolicies(f)
	// which picks the file (which % 4), the example the other files come from, and the policy.
	pick := func(which uint8) (file string, base map[string][]byte, p *policy.Policy) {
		w := int(which)
		return caseFiles[w%4], examples[(w/4)%len(examples)], pols[(w/4/len(examples))%len(pols)]
	}
	for e, ex := range examples {
		for i, name := range caseFiles {
			if ex[name] != nil {
				for k := range pols {
					f.Add(uint8(i+4*e+4*len(examples)*k), ex[name])
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name, base, p := pick(which)
		dir := "case"
		read := func(path string) ([]byte, error) {
			n := filepath.Base(path)
			if n == name {
				return data, nil
			}
			if b := base[n]; b != nil {
				return b, nil
			}
			return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
		}
		c, d := casefolder.LoadWith(dir, asOf, read)
		checkDiags(t, dir, d)
		if c == nil {
			t.Fatal("LoadWith returned no case")
		}
		if d.Errors() > 0 {
			return
		}
		checkDiags(t, dir, records.Check(c, p, asOf))
		var items []render.Item
		for _, ob := range engine.Evaluate(c, p, engine.Options{AsOf: asOf}) {
			items = append(items, render.Item{Obligation: ob, ChildLabel: ob.Child})
		}
		if err := render.JSON(io.Discard, items); err != nil {
			t.Fatal(err)
		}
		if err := render.CSV(io.Discard, items); err != nil {
			t.Fatal(err)
		}
		if err := render.WriteDue(io.Discard, render.Items(items), render.DueOptions{Width: 80, Terminal: true}); err != nil {
			t.Fatal(err)
		}
	})
}

// checkDiags holds every finding to the house rule: it names one of the case's four files and a
// line of 1 or more, or line 0 and column 0 for a problem with the whole file, and says something.
func checkDiags(t *testing.T, dir string, d diag.List) {
	t.Helper()
	for _, x := range d {
		known := false
		for _, name := range caseFiles {
			if x.File == filepath.Join(dir, name) {
				known = true
			}
		}
		if !known {
			t.Errorf("finding names no case file: %s", x)
		}
		if x.Line < 0 || x.Col < 0 || (x.Line == 0 && x.Col != 0) {
			t.Errorf("finding has a bad position: %s (line %d, col %d)", x, x.Line, x.Col)
		}
		if x.Msg == "" {
			t.Errorf("finding says nothing: %s", x)
		}
	}
}
