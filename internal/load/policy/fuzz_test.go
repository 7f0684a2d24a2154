package policy_test

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/records"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// FuzzLoadPolicy feeds policy.Load arbitrary bytes. A policy that loads is described (policy show)
// and evaluated against every example case, so that an odd but valid policy reaches the engine.
func FuzzLoadPolicy(f *testing.F) {
	emb := policy.Embedded()
	var names []string
	for n := range emb {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f.Add(emb[n])
	}
	cases := exampleCases(f)
	asOf := civil.MustParse("2026-11-23")
	const file = "fuzz.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		p, d := policy.Load(file, data, file)
		for _, x := range d {
			if x.File != file {
				t.Errorf("finding names the wrong file: %s", x)
			}
			if x.Line < 0 || x.Col < 0 || (x.Line == 0 && x.Col != 0) {
				t.Errorf("finding has a bad position: %s (line %d, col %d)", x, x.Line, x.Col)
			}
			if x.Msg == "" {
				t.Errorf("finding says nothing: %s", x)
			}
		}
		if p == nil {
			if d.Errors() == 0 {
				t.Fatal("Load returned no policy and no error")
			}
			return
		}
		if d.Errors() > 0 {
			t.Fatalf("Load returned a policy with errors: %v", d)
		}
		for _, r := range p.Rules {
			if r.Describe() == "" {
				t.Errorf("rule %q describes as nothing", r.ID)
			}
		}
		for _, c := range cases {
			records.Check(c, p, asOf)
			engine.Evaluate(c, p, engine.Options{AsOf: asOf})
		}
	})
}

// exampleCases loads the example case folders (each loads without errors).
func exampleCases(f *testing.F) []*casefolder.Case {
	root := filepath.Join("..", "..", "..", "examples")
	dirs, err := casefolder.Find([]string{root})
	if err != nil {
		f.Fatal(err)
	}
	var out []*casefolder.Case
	for _, dir := range dirs {
		c, d := casefolder.Load(dir, civil.MustParse("2026-11-23"))
		if d.Errors() > 0 {
			f.Fatalf("example %s does not load: %v", dir, d)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		f.Fatal("no example cases found")
	}
	return out
}
