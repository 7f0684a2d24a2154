package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/stats"
)

func init() { register(newStatsCmd) }

type statsOpts struct {
	from, to, by, format, asOf, policy string
	redact                             bool
}

func newStatsCmd() *cobra.Command {
	var o statsOpts
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
group with a line for all its rules.

Exit status: 0 clean, 1 some case folders could not be read (the figures leave them
out), 2 usage or I/O error.`,
		Example: `  cpcase stats examples --from 2026-01-01 --to 2026-11-23 --as-of 2026-11-23
  cpcase stats cases --from 2026-04-01 --to 2027-03-31 --by team
  cpcase stats cases --from 2026-04-01 --to 2026-06-30 --by worker --format csv > q1.csv`,
		RunE: func(cmd *cobra.Command, args []string) error { return runStats(cmd, args, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "first due date counted, YYYY-MM-DD (required)")
	f.StringVar(&o.to, "to", "", "last due date counted, YYYY-MM-DD (required)")
	f.StringVar(&o.by, "by", "rule", "group the figures: rule, team or worker")
	f.StringVar(&o.format, "format", "table", "output format: table, json or csv")
	f.StringVar(&o.asOf, "as-of", "", "the date to evaluate as of, YYYY-MM-DD (default: today in Europe/London)")
	f.StringVar(&o.policy, "policy", "", "policy id or file for every case (default: each case's policy: key)")
	f.BoolVar(&o.redact, "redact", false, "print workers' names as initials")
	return cmd
}

func runStats(cmd *cobra.Command, args []string, o statsOpts) error {
	day, err := asOfDate(o.asOf)
	if err != nil {
		return err
	}
	date := func(flag, s string) (civil.Date, error) {
		if s == "" {
			return 0, usagef("--%s is required (YYYY-MM-DD)", flag)
		}
		d, err := civil.Parse(s)
		if err != nil {
			return 0, usagef("--%s: %v", flag, err)
		}
		return d, nil
	}
	from, err := date("from", o.from)
	if err != nil {
		return err
	}
	to, err := date("to", o.to)
	if err != nil {
		return err
	}
	if from > to {
		return usagef("--from %s is after --to %s", from, to)
	}
	by := stats.By(o.by)
	switch by {
	case stats.ByRule, stats.ByTeam, stats.ByWorker:
	default:
		return usagef("--by: unknown grouping %q (expected rule, team or worker)", o.by)
	}
	switch o.format {
	case "table", "json", "csv":
	default:
		return usagef("--format: unknown format %q (expected table, json or csv)", o.format)
	}
	cases, err := eachCase(loadOptions{paths: args, asOf: day, policy: o.policy, needPol: true}, policy.NewRegistry(), func(l *loaded) []stats.Ob {
		var out []stats.Ob
		for _, ob := range engine.Evaluate(l.c, l.p, engine.Options{AsOf: day}) {
			if !stats.InRange(ob.Due, from, to) {
				continue
			}
			// the worker who held the case when it fell due (or holds it now, for later dates)
			worker := ""
			if id := l.c.LeadOn(min(ob.Due, day)); id != "" {
				worker = id
				if m := l.c.Member(id); m != nil && m.Name != "" {
					worker = m.Name
					if o.redact {
						worker = initials(m.Name)
					}
				}
			}
			out = append(out, stats.Ob{Team: ob.Team, Worker: worker, Rule: ob.Rule, Due: ob.Due, Status: ob.Status})
		}
		return out
	})
	if err != nil {
		return err
	}
	var obs []stats.Ob
	failed := 0
	for _, r := range cases {
		if r.failed {
			failed++
		}
		obs = append(obs, r.value...)
	}
	errOut := cmd.ErrOrStderr()
	printDiags(errOut, onlyFailed(cases))
	rows := stats.Compute(obs, from, to, by)
	out := cmd.OutOrStdout()
	switch o.format {
	case "json":
		err = stats.JSON(out, rows)
	case "csv":
		err = stats.CSV(out, rows)
	default:
		fmt.Fprintln(out, stats.Heading(from, to, day, by))
		if len(rows) == 0 {
			_, err = fmt.Fprintf(out, "Nothing fell due in that range in %s.\n", pluralN(len(cases)-failed, "case"))
			break
		}
		err = render.WriteTable(out, stats.Table(rows, by), render.Style{Terminal: isTerminal(out)})
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(errOut, "%s left out of the figures: fix the errors above\n", pluralN(failed, "case folder"))
		return errFindings
	}
	return nil
}
