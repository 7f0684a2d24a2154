package explain_test

import (
	"path/filepath"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/explain"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// asOf is the date the examples are written for.
var asOf = civil.MustParse("2026-11-23")

// example loads examples/DIR and its shipped policy; any finding fails the test.
func example(t *testing.T, dir string) (*casefolder.Case, *policy.Policy) {
	t.Helper()
	c, d := casefolder.Load(filepath.Join("..", "..", "..", "examples", dir), asOf)
	if d.Errors() > 0 {
		t.Fatalf("%s does not load:\n%v", dir, d)
	}
	p, pd, err := policy.NewRegistry().Resolve(c.Policy)
	if err != nil || p == nil {
		t.Fatalf("policy %s: %v %v", c.Policy, err, pd)
	}
	return c, p
}

// explainExample explains every obligation of examples/DIR of rule (and child) as of asOf.
func explainExample(t *testing.T, dir, rule, child string) []explain.Derivation {
	t.Helper()
	c, p := example(t, dir)
	return explain.Case(c, p, explain.Options{AsOf: asOf, Rule: rule, Child: child})
}
