// Package importcmd is `cpcase import`: case folders made from another system's data. Its one
// source today is the Standard Safeguarding Dataset (`cpcase import ssd`).
package importcmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/interop/ssd"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// Options are what `cpcase import ssd` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date

	Dir       string
	Out       string // -o
	Policy    string
	AsOf      string
	VisitKind string
	Report    string
	Schemas   string
}

// NewCmdImport builds `cpcase import` and its subcommands; runF, when not nil, runs instead of
// Run.
func NewCmdImport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Make case folders from another system's data",
		Long: `Import makes case folders from data another system holds. Its source is the Standard
Safeguarding Dataset (cpcase import ssd). See docs/interop.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCmdSSD(f, runF))
	return cmd
}

func newCmdSSD(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today}
	cmd := &cobra.Command{
		Use:   "ssd DIR -o CASES --policy ID",
		Short: "Make case folders from a Standard Safeguarding Dataset extract",
		Long: `Import ssd reads the child protection tables of a Standard Safeguarding Dataset extract
(DIR holds one CSV per table, headed with the SSD field names: ssd_person.csv and
ssd_cp_plans.csv at least; ssd_initial_cp_conference, ssd_cp_reviews, ssd_cp_visits,
ssd_involvements, ssd_professionals, ssd_department, ssd_legal_status and ssd_disability
when the extract has them) and writes one case folder per family under CASES: the children
who share an initial conference, with every plan of each. The files are written as cpcase
init writes them, each key with what it means beside it, and every case passes cpcase check.

Dates may be 2024-12-10, 2024-12-10 00:00:00.000 or 10/12/2024; flags Y, N, Yes or No in
any case; categories codes (NEG, PHY, SAB, EMO, MUL) or words. A cell that cannot be read is
refused with its file, line, column and field name, and then nothing is written.

Import never changes a case folder that exists: a second import writes the new families and
says how each case already there differs from the extract (a review whose date changed, a
visit in one and not the other). The reconcile report, CASES/ssd-reconcile.md (--report
FILE), lists the visits that match no plan, the reviews whose SSD due date differs from the
policy's, and the fields the extract does not hold. See docs/interop.md.

Exit status: 0 done, 1 the extract has problems (nothing written), 2 usage or I/O error.`,
		Example: `  cpcase import ssd examples/ssd-extract -o imported --policy core-groups-s9
  cpcase import ssd examples/ssd-extract -o imported --policy core-groups-s9 --as-of 2026-11-23 --report reconcile.md`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = args[0]
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&o.Out, "output", "o", "", "the folder to write the case folders to (required)")
	fl.StringVar(&o.Policy, "policy", "", "the policy the cases are checked against, written to each plan.yaml (required)")
	fl.StringVar(&o.AsOf, "as-of", "", "the date of the extract, YYYY-MM-DD (default: today in Europe/London)")
	fl.StringVar(&o.VisitKind, "visit-kind", casefolder.Home, "the kind written on visits, which the SSD does not hold: home, school, office or other")
	fl.StringVar(&o.Report, "report", "", "where to write the reconcile report (default: CASES/"+ssd.ReportName+")")
	fl.StringVar(&o.Schemas, "schemas", "", "the folder of the editors' JSON Schemas (default: found in CASES or above, or written to CASES/schemas)")
	_ = cmd.MarkFlagRequired("output")
	_ = cmd.MarkFlagRequired("policy")
	_ = cmd.MarkFlagDirname("output")
	_ = cmd.MarkFlagDirname("schemas")
	_ = cmd.RegisterFlagCompletionFunc("policy", cmdutil.CompletePolicies)
	_ = cmd.RegisterFlagCompletionFunc("visit-kind", cobra.FixedCompletions(casefolder.VisitKinds, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("as-of", cobra.NoFileCompletions)
	return cmd
}

// Run is `cpcase import ssd`.
func Run(o *Options) error {
	day, err := cmdutil.AsOfDate(o.AsOf, o.Today)
	if err != nil {
		return err
	}
	valid := false
	for _, k := range casefolder.VisitKinds {
		valid = valid || k == o.VisitKind
	}
	if !valid {
		return cmdutil.Usagef("--visit-kind: %q is not a visit kind (home, school, office or other)", o.VisitKind)
	}
	res, err := ssd.Import(o.Dir, o.Out, ssd.Options{Policy: o.Policy, AsOf: day, VisitKind: o.VisitKind, Report: o.Report, Schemas: o.Schemas})
	if err != nil {
		return cmdutil.IOError(err)
	}
	out := o.IO.Out
	if len(res.Refused) > 0 {
		for _, d := range res.Refused {
			fmt.Fprintln(out, d.String())
		}
		fmt.Fprintf(out, "nothing written: %s in the extract to put right first\n", cmdutil.PluralN(len(res.Refused), "problem"))
		return cmdutil.ErrFindings
	}
	fmt.Fprintf(out, "read %s with %s from %s\n", children(res.Children), cmdutil.PluralN(res.Plans, "plan"), o.Dir)
	fmt.Fprintf(out, "wrote %s to %s", cmdutil.PluralN(len(res.Written), "case folder"), o.Out)
	if n := len(res.Existing); n > 0 {
		differ := 0
		for _, e := range res.Existing {
			if len(e.Differences) > 0 {
				differ++
			}
		}
		fmt.Fprintf(out, "; %s already there, left as they are (%d differ from the extract)", cmdutil.PluralN(n, "case"), differ)
	}
	fmt.Fprintln(out)
	if res.Schemas != "" {
		fmt.Fprintf(out, "wrote the editors' JSON Schemas to %s (see docs/editors.md)\n", res.Schemas)
	}
	fmt.Fprintf(out, "reconcile report: %s\n", res.Report)
	return nil
}

// children is "1 child" or "3 children".
func children(n int) string {
	if n == 1 {
		return "1 child"
	}
	return fmt.Sprintf("%d children", n)
}
