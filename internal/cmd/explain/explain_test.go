package explain

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/iostreams"
)

func options(ios *iostreams.IOStreams, c string) *Options {
	return &Options{IO: ios, Today: func() civil.Date { return civil.MustParse("2026-11-23") }, Case: c, Within: "14 days", Format: "text"}
}

func TestByFolderRuleAndChild(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	o := options(ios, "../../../examples/s9-three-children")
	o.Rule, o.Child = "child-seen", "t"
	if err := Run(o); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if n := strings.Count(got, "EX-S9-0001  child-seen: Child seen (9.3.30)\n"); n != 11 {
		t.Errorf("%d derivations, want Tia's 11 links (from 11 Jun, 12 Jun, 25 Jun, 8 Jul, 21 Jul, 3 Aug, 14 Aug, 27 Aug, 9 Sep, 22 Sep, 15 Oct):\n%s", n, got)
	}
	if strings.Contains(got, "child     l") || !strings.Contains(got, "            Mon 31 Aug 2026: Summer bank holiday (bank holiday)\n") {
		t.Errorf("output:\n%s", got)
	}
}

func TestByReferenceJSON(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	o := options(ios, "EX-BK-0001")
	o.In, o.Rule, o.Format = []string{"../../../examples"}, "first-core-group", "json"
	if err := Run(o); err != nil {
		t.Fatal(err)
	}
	var ds []struct {
		Rule  string
		Due   string
		Count struct {
			Within  string
			Skipped []struct{ Date, Why string }
		}
		Met struct{ Date string }
	}
	if err := json.Unmarshal(out.Bytes(), &ds); err != nil {
		t.Fatal(err)
	}
	// 10 working days after Tue 14 Apr 2026: 15-17, 20-24, 27, 28 (18-19 and 25-26 Apr weekends).
	if len(ds) != 1 || ds[0].Due != "2026-04-28" || ds[0].Count.Within != "10 working days" || len(ds[0].Count.Skipped) != 4 || ds[0].Met.Date != "2026-04-24" {
		t.Errorf("got %+v", ds)
	}
}

func TestMistakes(t *testing.T) {
	for _, c := range []struct {
		mod  func(o *Options)
		want string
	}{
		{func(o *Options) { o.Rule = "child-sen" }, `no rule "child-sen" in the case's policy (its rules: first-core-group, core-group-cadence,`},
		{func(o *Options) { o.Child = "z" }, `--child: no child "z" in the case (its children: l, r, t)`},
		{func(o *Options) { o.Case, o.In = "NOPE", []string{"../../../examples"} }, `no case "NOPE" in ../../../examples`},
		{func(o *Options) { o.Format = "yaml" }, `--format: unknown format "yaml" (expected text or json)`},
		{func(o *Options) { o.AsOf = "2026-13-01" }, `--as-of:`},
	} {
		ios, _, _, _ := iostreams.Test()
		o := options(ios, "../../../examples/s9-three-children")
		c.mod(o)
		err := Run(o)
		if err == nil || !cmdutil.IsUsage(err) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("got %v, want a usage error %q", err, c.want)
		}
	}
}

// A case with errors is not evaluated: its findings, exit 1.
func TestBrokenCase(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	o := options(ios, "../../../testdata/malformed/bad-duration")
	err := Run(o)
	if !errors.Is(err, cmdutil.ErrFindings) || !strings.Contains(errOut.String(), "was not evaluated: fix the errors above") {
		t.Errorf("got %v\n%s", err, errOut)
	}
}

func TestCompletion(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	cmd := NewCmdExplain(f, nil)
	got, _ := cmd.ValidArgsFunction(cmd, []string{"../../../examples/s9-three-children"}, "child")
	if len(got) != 1 || !strings.HasPrefix(string(got[0]), "child-seen\t") {
		t.Errorf("rules: %q", got)
	}
	fn, _ := cmd.GetFlagCompletionFunc("child")
	kids, _ := fn(cmd, []string{"../../../examples/s9-three-children"}, "")
	if len(kids) != 3 || kids[0] != "t" {
		t.Errorf("children: %q", kids)
	}
}
