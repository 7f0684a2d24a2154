package initcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// A new case loads clean as it is written, with the children and the conference from the
// options, and the options given are not changed by the run.
func TestRun(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "cases", "NR-1")
	ios, _, out, _ := iostreams.Test()
	o := &Options{IO: ios, Today: func() civil.Date { return civil.MustParse("2026-11-23") }, Dir: dir,
		Ref: "NR: 7 #2", Conference: "2026-11-02", Kind: casefolder.PreBirth, Policy: "core-groups-ch7"}
	if err := Run(o); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "made case folder "+dir+": ") {
		t.Errorf("printed %q", out)
	}
	c, d := casefolder.Load(dir, civil.MustParse("2026-11-23"))
	if d.Errors() > 0 {
		t.Fatalf("the new case does not load: %v", d)
	}
	if c.Ref != "NR: 7 #2" || c.Policy != "core-groups-ch7" || len(c.Children) != 1 || c.Children[0].ID != "a" ||
		len(c.Conferences) != 1 || c.Conferences[0].Date != civil.MustParse("2026-11-02") || c.Conferences[0].Kind != casefolder.PreBirth {
		t.Errorf("case %+v", c)
	}
	if o.Children != nil {
		t.Errorf("Run changed its options: children %v", o.Children)
	}
	if err := Run(o); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second init: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "schemas", "case-plan.schema.json")); err != nil {
		t.Error(err)
	}
}
