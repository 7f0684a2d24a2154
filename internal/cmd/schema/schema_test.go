package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/schema"
)

// Each schema printed is the generated one; --write writes all five.
func TestRun(t *testing.T) {
	t.Parallel()
	for _, f := range schema.Files() {
		o := &Options{Args: []string{"policy"}}
		if f.Name != schema.PolicyFileName {
			o = &Options{Args: []string{"case"}, File: strings.TrimSuffix(f.Subject, ".yaml")}
		}
		ios, _, out, _ := iostreams.Test()
		o.IO = ios
		if err := Run(o); err != nil || out.String() != string(schema.Generate(f)) {
			t.Errorf("%+v: %v, or not the generated schema", o, err)
		}
	}
	dir := filepath.Join(t.TempDir(), "s")
	ios, _, out, _ := iostreams.Test()
	if err := Run(&Options{IO: ios, Write: dir}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.schema.json"))
	if len(files) != 5 || strings.Count(out.String(), "wrote ") != 5 {
		t.Errorf("%d files:\n%s", len(files), out)
	}
	for _, f := range schema.Files() {
		if data, err := os.ReadFile(filepath.Join(dir, f.Name)); err != nil || string(data) != string(schema.Generate(f)) {
			t.Errorf("%s: %v, or not the generated schema", f.Name, err)
		}
	}
}
