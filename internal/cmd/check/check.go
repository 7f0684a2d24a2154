// Package check is `cpcase check`: are the case folders well-formed, and do they meet the
// policy's record checks.
package check

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/speed"
)

// ownPolicy is the --policy value meaning "each case's own policy".
const ownPolicy = "\x00own"

// Options are what `cpcase check` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date
	GC    *speed.GCFloor

	Paths    []string
	Records  bool   // run the record checks (--policy given)
	Policy   string // the policy for every case; "" is each case's own
	AsOf     string
	CacheDir string
	Redact   bool
}

// NewCmdCheck builds the command; runF, when not nil, runs instead of Run.
func NewCmdCheck(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, GC: f.GC}
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Check that case folders are well-formed",
		Long: `Check reads every case folder under the given paths (a folder holding a plan.yaml) and
reports everything wrong with them, one finding per line, as file:line:col: message.
Nothing is ever written to the case folders.

With --policy, the policy's record checks run too: who chairs which core group, what a
meeting record and the plan must hold, exclusions with reasons, dates set, action owners.
--policy alone uses each case's own policy (the policy: key of plan.yaml); --policy=ID or
--policy=FILE uses that policy for every case.

--cache DIR keeps what the checks use of each case that loaded clean (no names and no free
text) in DIR, a folder only you may read, as cpcase due --cache does; an unchanged case is
then read from there. A case with format errors is never cached: they are always read
from its files.

Exit status: 0 clean, 1 findings, 2 usage or I/O error.`,
		Example: `  cpcase check examples
  cpcase check --policy examples
  cpcase check --policy=core-groups-s9 cases/NR-2026-0142
  cpcase check --policy cases --cache ~/.cache/cpcase`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			o.Redact = cmdutil.Redacted(cmd)
			if cmd.Flags().Changed("policy") {
				o.Records = true
				if o.Policy == ownPolicy {
					o.Policy = ""
				}
			}
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().StringVar(&o.Policy, "policy", "", "also run the record checks of this policy (an id or a file); alone: each case's own")
	cmd.Flags().Lookup("policy").NoOptDefVal = ownPolicy
	cmd.Flags().StringVar(&o.AsOf, "as-of", "", "the date to check as of, YYYY-MM-DD (default: today in Europe/London)")
	cmd.Flags().StringVar(&o.CacheDir, "cache", "", "keep what the checks need of each clean case (no names, no free text) in this folder, to speed up the next run")
	return cmd
}

// Run is `cpcase check`.
func Run(o *Options) error {
	day, err := cmdutil.AsOfDate(o.AsOf, o.Today)
	if err != nil {
		return err
	}
	run := app.Options{Paths: o.Paths, AsOf: day, Policy: o.Policy, Records: o.Records, Redact: o.Redact, GC: o.GC}
	if run.Cache, err = app.OpenCache(o.CacheDir); err != nil {
		return err
	}
	cases, err := app.Each(run, func(*app.Case) struct{} { return struct{}{} })
	if err != nil {
		return err
	}
	out := o.IO.Out
	errs, warns, bad := app.PrintDiags(out, cases)
	fmt.Fprintln(out, Summary(len(cases), errs, warns, bad))
	if errs > 0 {
		return cmdutil.ErrFindings
	}
	return nil
}

// Summary is check's last line.
func Summary(cases, errs, warns, bad int) string {
	s := fmt.Sprintf("%s checked", diag.Plural(cases, "case"))
	if cases == 0 {
		return "no case folders found (a case folder holds a plan.yaml)"
	}
	if errs == 0 && warns == 0 {
		return s + ", no problems found"
	}
	s += fmt.Sprintf(": %s in %s", diag.Plural(errs, "error"), diag.Plural(bad, "case"))
	if warns > 0 {
		s += ", " + diag.Plural(warns, "warning")
	}
	return s
}
