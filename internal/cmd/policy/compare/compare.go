// Package compare is `cpcase policy compare`: what changing procedure would do to one caseload.
package compare

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/compare"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
	"github.com/cpcase/cpcase/internal/speed"
)

// Options are what `cpcase policy compare` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date
	GC    *speed.GCFloor

	A, B    string   // policy ids or files
	Paths   []string // case folders
	From    string
	To      string
	AsOf    string
	Format  string // table, json or csv
	Changes bool   // csv: the obligations that change status, not the figures
}

// NewCmdCompare builds the command; runF, when not nil, runs instead of Run.
func NewCmdCompare(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, GC: f.GC}
	cmd := &cobra.Command{
		Use:   "compare A B [PATH...] --from DATE --to DATE",
		Short: "Compare two policies over one caseload: the figures under each and what changes",
		Long: `Compare evaluates every case folder under the paths under policy A and under policy B (each
an id or a file, for every case whatever its policy: key) and prints, per rule, the figures of
cpcase stats under each policy (fell due, on time, late, missed, overdue, on time %, not yet
due, for obligations due from --from to --to) and the change from A to B; then every
obligation whose status changes, case by case. The figures under each policy are the ones
cpcase stats --policy A (or B) gives over the same folders and dates.

An obligation is the same under both policies when it is for the same rule, child and plan
period and counted from the same record (the n-th such); one that only one policy gives is
shown against "(none)".

--format csv writes the figures, one line per rule with a_, b_ and change_ columns; with
--changes it writes the obligations that change status instead.

Exit status: 0 clean, 1 some case folders could not be read (left out of the figures) or a
policy has errors, 2 usage or I/O error.`,
		Example: `  cpcase policy compare core-groups-ch7 policies/local.yaml cases --from 2026-04-01 --to 2027-03-31
  cpcase policy compare england-wt-2023 wales-safeguarding-procedures cases --from 2026-04-01 --to 2026-06-30 --format json
  cpcase policy compare policies/england-wt-2023.yaml policies/wales-safeguarding-procedures.yaml cases --from 2026-04-01 --to 2026-06-30 --format csv --changes > changes.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return cmdutil.Usagef("policy compare takes two policies (ids or files) and then the case folders, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.A, o.B, o.Paths = args[0], args[1], args[2:]
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.From, "from", "", "first due date counted, YYYY-MM-DD (required)")
	fl.StringVar(&o.To, "to", "", "last due date counted, YYYY-MM-DD (required)")
	fl.StringVar(&o.AsOf, "as-of", "", "the date to evaluate as of, YYYY-MM-DD (default: today in Europe/London)")
	fl.StringVar(&o.Format, "format", "table", "output format: table, json or csv")
	fl.BoolVar(&o.Changes, "changes", false, "with --format csv: write the obligations that change status, not the figures")
	return cmd
}

func date(flag, s string) (civil.Date, error) {
	if s == "" {
		return 0, cmdutil.Usagef("--%s is required (YYYY-MM-DD)", flag)
	}
	d, err := civil.Parse(s)
	if err != nil {
		return 0, cmdutil.Usagef("--%s: %v", flag, err)
	}
	return d, nil
}

// Run is `cpcase policy compare`.
func Run(o *Options) error {
	day, err := cmdutil.AsOfDate(o.AsOf, o.Today)
	if err != nil {
		return err
	}
	from, err := date("from", o.From)
	if err != nil {
		return err
	}
	to, err := date("to", o.To)
	if err != nil {
		return err
	}
	if from > to {
		return cmdutil.Usagef("--from %s is after --to %s", from, to)
	}
	switch o.Format {
	case "table", "json", "csv":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected table, json or csv)", o.Format)
	}
	if o.Changes && o.Format != "csv" {
		return cmdutil.Usagef("--changes is for --format csv (the table and JSON hold the changes already)")
	}
	reg := policy.NewRegistry()
	var pols [2]*policy.Policy
	for i, ref := range []string{o.A, o.B} {
		p, d, err := reg.Resolve(ref)
		if err != nil {
			return err
		}
		if p == nil {
			for _, x := range d {
				fmt.Fprintln(o.IO.ErrOut, safe.Term(x.String()))
			}
			fmt.Fprintf(o.IO.ErrOut, "policy %s has errors; run cpcase policy lint %s\n", safe.Term(ref), safe.Term(ref))
			return cmdutil.ErrFindings
		}
		pols[i] = p
	}
	pa, pb := pols[0], pols[1]
	cases, err := app.Each(app.Options{Paths: o.Paths, AsOf: day, Policy: o.A, NeedPolicy: true, Registry: reg, GC: o.GC}, func(l *app.Case) compare.Case {
		return compare.Case{
			Ref:   l.Case.Ref,
			A:     engine.Evaluate(l.Case, pa, engine.Options{AsOf: day}),
			B:     engine.Evaluate(l.Case, pb, engine.Options{AsOf: day}),
			RankA: pa.Rank, RankB: pb.Rank,
		}
	})
	if err != nil {
		return err
	}
	var in []compare.Case
	failed := 0
	for _, r := range cases {
		if r.Failed {
			failed++
			continue
		}
		in = append(in, r.Value)
	}
	app.PrintDiags(o.IO.ErrOut, app.OnlyFailed(cases))
	res := compare.Compute(in, from, to)
	out := o.IO.Out
	nameA, nameB := "A ("+pa.ID+")", "B ("+pb.ID+")"
	if pa.ID == pb.ID {
		nameA, nameB = "A ("+o.A+")", "B ("+o.B+")"
	}
	switch {
	case o.Format == "json":
		err = compare.JSON(out, res, pa.ID, pb.ID, from, to, day)
	case o.Format == "csv" && o.Changes:
		err = compare.ChangesCSV(out, res)
	case o.Format == "csv":
		err = compare.FiguresCSV(out, res)
	default:
		style := render.Style{Terminal: o.IO.IsStdoutTTY(), ASCII: o.IO.ASCIIBorders()}
		fmt.Fprintln(out, safe.Term(compare.Heading(from, to, day, nameA, nameB, res.Cases)))
		if err = render.WriteTable(out, compare.FiguresTable(res, nameA, nameB), style); err != nil {
			break
		}
		fmt.Fprintln(out)
		if len(res.Changes) == 0 {
			_, err = fmt.Fprintln(out, "No obligation due in that range changes status.")
			break
		}
		fmt.Fprintf(out, "%s in %s of %d change status:\n", cmdutil.PluralN(len(res.Changes), "obligation"), cmdutil.PluralN(res.ChangedCases, "case"), res.Cases)
		err = render.WriteTable(out, compare.ChangesTable(res, nameA, nameB), style)
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(o.IO.ErrOut, "%s left out of the comparison: fix the errors above\n", cmdutil.PluralN(failed, "case folder"))
		return cmdutil.ErrFindings
	}
	return nil
}
