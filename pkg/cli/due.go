package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/pkg/civil"
	"github.com/cpcase/cpcase/pkg/duration"
	"github.com/cpcase/cpcase/pkg/engine"
	"github.com/cpcase/cpcase/pkg/policy"
	"github.com/cpcase/cpcase/pkg/render"
)

func init() { register(newDueCmd) }

type dueOpts struct {
	policy, asOf, within, format, failOn string
	all, redact                          bool
}

// shownByDefault are the statuses `cpcase due` lists without --all.
var shownByDefault = map[engine.Status]bool{engine.Overdue: true, engine.Due: true, engine.Waiting: true, engine.NoTimescale: true}

func newDueCmd() *cobra.Command {
	var o dueOpts
	cmd := &cobra.Command{
		Use:   "due [PATH...]",
		Short: "Show what is due and overdue in case folders",
		Long: `Due evaluates every case folder under the given paths against its policy (the policy: key
of plan.yaml, or --policy) and lists the obligations that are overdue, due within the
horizon, waiting for something to happen first, or without a timescale in the policy.
--all lists every obligation: the audit view, with met, late, open and missed ones too.

Overdue comes first, most overdue first, then by due date. A case with format errors is
reported with its errors and not evaluated; the others still are.

Exit status: 0 clean, 1 findings (a case with errors, or --fail-on), 2 usage or I/O error.`,
		Example: `  cpcase due examples
  cpcase due examples --as-of 2026-11-23 --within "10 working days"
  cpcase due cases --all --format csv > audit.csv
  cpcase due cases --fail-on overdue`,
		RunE: func(cmd *cobra.Command, args []string) error { return runDue(cmd, args, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.policy, "policy", "", "policy id or file for every case (default: each case's policy: key)")
	f.StringVar(&o.asOf, "as-of", "", "the date to evaluate as of, YYYY-MM-DD (default: today in Europe/London)")
	f.StringVar(&o.within, "within", "14 days", "the horizon: obligations due within it are due")
	f.BoolVar(&o.all, "all", false, "list every obligation: also open, met, late and missed")
	f.StringVar(&o.format, "format", "table", "output format: table, json or csv")
	f.StringVar(&o.failOn, "fail-on", "never", "exit 1 when an obligation shown is this bad or worse: overdue, due or never")
	f.BoolVar(&o.redact, "redact", false, "print names as initials (case references stay)")
	return cmd
}

func runDue(cmd *cobra.Command, args []string, o dueOpts) error {
	day, err := asOfDate(o.asOf)
	if err != nil {
		return err
	}
	horizon, err := duration.Parse(o.within)
	if err != nil {
		return usagef("--within: %v", err)
	}
	switch o.format {
	case "table", "json", "csv":
	default:
		return usagef("--format: unknown format %q (expected table, json or csv)", o.format)
	}
	fail := map[string][]engine.Status{
		"never":   nil,
		"overdue": {engine.Overdue, engine.Missed},
		"due":     {engine.Overdue, engine.Missed, engine.Due},
	}
	failOn, ok := fail[o.failOn]
	if !ok {
		return usagef("--fail-on: unknown value %q (expected overdue, due or never)", o.failOn)
	}
	cases, err := eachCase(loadOptions{paths: args, asOf: day, bornBy: max(day, today()), policy: o.policy, needPol: true}, policy.NewRegistry(), func(l *loaded) []render.Item {
		return dueItems(l, day, horizon, o)
	})
	if err != nil {
		return err
	}
	var items []render.Item
	failed := 0
	for _, r := range cases {
		if r.failed {
			failed++
		}
		items = append(items, r.value...)
	}
	sort.SliceStable(items, func(i, j int) bool { return engine.Less(items[i].Obligation, items[j].Obligation) })
	// Cases that could not be evaluated: their findings go to stderr so stdout stays parseable.
	errOut := cmd.ErrOrStderr()
	printDiags(errOut, onlyFailed(cases))
	out := cmd.OutOrStdout()
	switch o.format {
	case "json":
		err = render.JSON(out, items)
	case "csv":
		err = render.CSV(out, items)
	default:
		err = dueTable(out, items, day, horizon, len(cases)-failed, o.all)
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(errOut, "%s not evaluated: fix the errors above\n", strings.Replace(pluralCases(failed), "cases", "cases were", 1))
		return errFindings
	}
	for _, it := range items {
		for _, s := range failOn {
			if it.Status == s {
				return errFindings
			}
		}
	}
	return nil
}

// dueItems evaluates one case and keeps the obligations to show.
func dueItems(l *loaded, day civil.Date, horizon duration.Duration, o dueOpts) []render.Item {
	var items []render.Item
	for _, ob := range engine.Evaluate(l.c, l.p, engine.Options{AsOf: day, Horizon: horizon}) {
		if !o.all && !shownByDefault[ob.Status] {
			continue
		}
		it := render.Item{Obligation: ob, ChildLabel: ob.Child}
		if ch := l.c.Child(ob.Child); ch != nil && ch.Name != "" {
			it.ChildLabel = ch.Name
			if o.redact {
				it.ChildLabel = initials(ch.Name)
			}
		}
		if ob.Status == engine.Overdue {
			it.WorkingDays = workingDaysBetween(l.p, ob.Due, day)
		}
		items = append(items, it)
	}
	return items
}

func pluralCases(n int) string {
	if n == 1 {
		return "1 case was"
	}
	return fmt.Sprintf("%d cases", n)
}

func onlyFailed[T any](cases []result[T]) []result[T] {
	var out []result[T]
	for _, r := range cases {
		if r.failed {
			out = append(out, r)
		}
	}
	return out
}

func dueTable(w io.Writer, items []render.Item, day civil.Date, horizon duration.Duration, evaluated int, all bool) error {
	end := horizon.After(day, nil, duration.Day0)
	if horizon.Unit == duration.WorkingDays {
		end = civil.Date(0)
	}
	head := fmt.Sprintf("As of %s (Europe/London); due means due within %s", render.DateText(day), horizon)
	if !end.IsZero() {
		head += fmt.Sprintf(", by %s", render.DateText(end))
	}
	fmt.Fprintln(w, head+".")
	if len(items) == 0 {
		what := "overdue, due, waiting or without a timescale"
		if all {
			what = "to report"
		}
		_, err := fmt.Fprintf(w, "Nothing %s in %s.\n", what, pluralN(evaluated, "case"))
		return err
	}
	return render.WriteTable(w, render.DueTable(items), render.Style{Terminal: isTerminal(w), Color: useColor(w)})
}

func pluralN(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// workingDaysBetween counts the policy's working days in (from, to].
func workingDaysBetween(p *policy.Policy, from, to civil.Date) int {
	n := 0
	for d := from + 1; d <= to && n < 10000; d++ {
		if p.Calendar.IsWorkingDay(d) {
			n++
		}
	}
	return n
}
