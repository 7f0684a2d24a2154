// Package stats is `cpcase stats`: how many obligations were met on time, per rule, team or
// worker.
package stats

import (
	"fmt"
	"sync"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/filter"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/stats"
	"github.com/cpcase/cpcase/internal/speed"
)

// Options are what `cpcase stats` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date
	GC    *speed.GCFloor

	Paths  []string
	From   string
	To     string
	By     string
	Format string
	AsOf   string
	Policy string
	Redact bool
	Filter filter.Filter
}

// NewCmdStats builds the command; runF, when not nil, runs instead of Run.
func NewCmdStats(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, GC: f.GC}
	cmd := &cobra.Command{
		Use:   "stats [PATH...] --from DATE --to DATE",
		Short: "Count how many obligations were met on time, per rule, team or worker",
		Long: `Stats evaluates every case folder under the given paths (every obligation, as cpcase due
--all does) and counts, for each rule, the obligations whose due date falls from --from to
--to (both included):

  fell due     met on time + met late + missed + still overdue
  on time      met on or before the due date
  late         met after the due date
  missed       not met when the plan period ended
  overdue      not met and past the due date on the as-of date
  on time %    on time as a share of fell due
  not yet due  due in the range but not yet past its due date on the as-of date

Obligations without a due date (waiting, no timescale) are not counted. --by team or
--by worker gives the figures per team or per lead social worker on the due date, each
group with a line for all its rules. A worker with a staff id (members.yaml staff:) is one
group across all their cases, named by that id.

The filters of cpcase due apply: --worker (the lead social worker on the due date), --team,
--case, --child, --rule, --status. A case that cannot be read or evaluated is counted on a
line of its own, "(cases not checked)", whose fell-due figure is a count of cases.

Exit status: 0 clean, 1 some case folders could not be read (the figures leave them
out), 2 usage or I/O error.`,
		Example: `  cpcase stats examples --from 2026-01-01 --to 2026-11-23 --as-of 2026-11-23
  cpcase stats examples --from 2026-01-01 --to 2026-11-23 --as-of 2026-11-23 --rule child-seen --by team
  cpcase stats cases --from 2026-04-01 --to 2027-03-31 --by team
  cpcase stats cases --from 2026-04-01 --to 2026-06-30 --by worker --format csv > q1.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.From, "from", "", "first due date counted, YYYY-MM-DD (required)")
	fl.StringVar(&o.To, "to", "", "last due date counted, YYYY-MM-DD (required)")
	fl.StringVar(&o.By, "by", "rule", "group the figures: rule, team or worker")
	fl.StringVar(&o.Format, "format", "table", "output format: table, json or csv")
	fl.StringVar(&o.AsOf, "as-of", "", "the date to evaluate as of, YYYY-MM-DD (default: today in Europe/London)")
	fl.StringVar(&o.Policy, "policy", "", "policy id or file for every case (default: each case's policy: key)")
	fl.BoolVar(&o.Redact, "redact", false, "print workers' names as initials")
	filter.Bind(fl, &o.Filter)
	return cmd
}

// Run is `cpcase stats`.
func Run(o *Options) error {
	day, err := cmdutil.AsOfDate(o.AsOf, o.Today)
	if err != nil {
		return err
	}
	date := func(flag, s string) (civil.Date, error) {
		if s == "" {
			return 0, cmdutil.Usagef("--%s is required (YYYY-MM-DD)", flag)
		}
		d, err := civil.Parse(s)
		if err != nil {
			return 0, cmdutil.Usagef("--%s: %v", flag, err)
		}
		return d, nil
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
	by := stats.By(o.By)
	switch by {
	case stats.ByRule, stats.ByTeam, stats.ByWorker:
	default:
		return cmdutil.Usagef("--by: unknown grouping %q (expected rule, team or worker)", o.By)
	}
	switch o.Format {
	case "table", "json", "csv":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected table, json or csv)", o.Format)
	}
	if err := o.Filter.Check(); err != nil {
		return cmdutil.Usagef("%v", err)
	}
	counter := stats.NewCounter(from, to, by)
	var countMu sync.Mutex
	cases, err := app.Each(app.Options{Paths: o.Paths, AsOf: day, Policy: o.Policy, NeedPolicy: true, Redact: o.Redact, GC: o.GC}, func(l *app.Case) struct{} {
		var out []stats.Ob
		limits := l.Policy.HasLimits()
		if !o.Filter.KeepCase(l.Case.Ref, l.Case.Team) {
			return struct{}{}
		}
		for _, ob := range engine.Evaluate(l.Case, l.Policy, engine.Options{AsOf: day}) {
			if !stats.InRange(ob.Due, from, to) {
				continue
			}
			// the worker who held the case when it fell due (or holds it now, for later dates)
			ob.Worker = l.Case.LeadOn(min(ob.Due, day))
			it := render.Item{Obligation: ob}
			// Names never appear in CSV or JSON, and under --redact nowhere: the label (initials
			// and a stable tag) keeps each worker one row, and two who share initials two rows.
			render.Describe(&it, l.Case, l.Policy.Calendar, o.Redact || o.Format != "table")
			if !o.Filter.Keep(it) {
				continue
			}
			worker := it.WorkerLabel
			if it.Staff != "" {
				worker = it.Staff // one person, one group across cases
			}
			out = append(out, stats.Ob{Team: ob.Team, Worker: worker, Rule: ob.Rule, Rank: l.Policy.Rank(ob.Rule), Due: ob.Due, Status: ob.Status,
				Limits: limits, Limit: !ob.Limit.IsZero(), OverLimit: ob.OverLimit})
		}
		// Counted as each case is evaluated: the run holds the figures, not the obligations.
		countMu.Lock()
		for _, ob := range out {
			counter.Add(ob)
		}
		countMu.Unlock()
		return struct{}{}
	})
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range cases {
		if r.Failed {
			failed++
		}
	}
	errOut := o.IO.ErrOut
	app.PrintDiags(errOut, app.OnlyFailed(cases))
	rows := counter.Rows()
	// Nothing hidden: the cases not checked have a line, per team when grouped by team.
	notChecked := app.KeptUnevaluated(cases, o.Filter)
	counts, groups := map[string]int{}, []string{}
	for _, it := range notChecked {
		g := ""
		switch by {
		case stats.ByTeam:
			g = it.Team
			if g == "" {
				g = stats.NoTeam
			}
		case stats.ByWorker:
			g = stats.NoWorker
		}
		if counts[g] == 0 {
			groups = append(groups, g)
		}
		counts[g]++
	}
	for _, g := range groups {
		rows = append(rows, stats.NotCheckedRow(g, counts[g]))
	}
	out := o.IO.Out
	switch o.Format {
	case "json":
		err = stats.JSON(out, rows)
	case "csv":
		err = stats.CSV(out, rows)
	default:
		fmt.Fprintln(out, stats.Heading(from, to, day, by))
		if len(rows) == 0 {
			_, err = fmt.Fprintf(out, "Nothing fell due in that range in %s.\n", cmdutil.PluralN(len(cases)-failed, "case"))
			break
		}
		err = render.WriteTable(out, stats.Table(rows, by), render.Style{Terminal: o.IO.IsStdoutTTY(), ASCII: o.IO.ASCIIBorders()})
		if err == nil && len(notChecked) > 0 {
			_, err = fmt.Fprintf(out, "%s not checked: none of their obligations is in the figures.\n", cmdutil.PluralN(len(notChecked), "case"))
		}
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(errOut, "%s left out of the figures: fix the errors above\n", cmdutil.PluralN(failed, "case folder"))
		return cmdutil.ErrFindings
	}
	return nil
}
