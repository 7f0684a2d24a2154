package synth

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/ssd/authority from the generator")

// Seed and Families make the synthetic authority in testdata/ssd/authority.
const (
	Seed     = 19
	Families = 150
)

// The committed extract is what the generator makes: regenerate it with
// go test ./internal/interop/ssd/synth -run Current -update.
func TestCommittedExtractIsCurrent(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "testdata", "ssd", "authority")
	x := Generate(Seed, Families)
	if *update {
		if err := Write(dir, x); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range Tables {
		got, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, CSV(x[name])) {
			t.Errorf("%s.csv is not what the generator makes; run with -update", name)
		}
	}
}

// examples/ssd-extract is a few families of the same generator, for the import's help examples:
// go test ./internal/interop/ssd/synth -run Current -update rewrites it too.
func TestExamplesExtractIsCurrent(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "examples", "ssd-extract")
	x := Generate(Seed, 4)
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := Write(dir, x); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range Tables {
		got, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, CSV(x[name])) {
			t.Errorf("examples/ssd-extract/%s.csv is not what the generator makes; run with -update", name)
		}
	}
}

// The quirks the import must take are all there.
func TestExtractHasTheQuirks(t *testing.T) {
	x := Generate(Seed, Families)
	all := func(table string) string {
		return string(CSV(x[table]))
	}
	for _, q := range []struct{ table, has, what string }{
		{"ssd_cp_visits", " 00:00:00.000", "a date with a time"},
		{"ssd_cp_visits", "/20", "a date day first"},
		{"ssd_cp_visits", ",Yes,", "Yes"},
		{"ssd_cp_visits", ",y,", "y"},
		{"ssd_cp_visits", ",NO,", "NO"},
		{"ssd_cp_visits", ",,", "a visit with no plan id or no bedroom"},
		{"ssd_cp_plans", "NEG", "a category code"},
		{"ssd_cp_plans", "Physical Abuse", "a category word"},
		{"ssd_cp_reviews", ",,", "a review due date not held"},
		{"ssd_person", "White British", "an ethnicity in words"},
		{"ssd_legal_status", "L2", "an EPO"},
		{"ssd_legal_status", "L1", "police protection"},
	} {
		if !bytes.Contains([]byte(all(q.table)), []byte(q.has)) {
			t.Errorf("%s holds no %s (%q)", q.table, q.what, q.has)
		}
	}
	n := len(x["ssd_person"]) - 1
	if n < 200 || n > 600 {
		t.Errorf("%d children; the synthetic authority should have a few hundred", n)
	}
}
