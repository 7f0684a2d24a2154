// Package changes is `cpcase changes`: what moved since a revision or a date.
package changes

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/facts"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/changes"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/speed"
)

// Options are what `cpcase changes` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date
	GC    *speed.GCFloor

	Paths  []string
	Since  string // a revision, or a date YYYY-MM-DD
	AsOf   string
	Policy string
	Format string
	FailOn string
	Redact bool
}

// NewCmdChanges builds the command; runF, when not nil, runs instead of Run.
func NewCmdChanges(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, GC: f.GC}
	cmd := &cobra.Command{
		Use:   "changes --since REV|DATE [PATH...]",
		Short: "Show what moved since a git revision or a date: overdue, met, moved, new",
		Long: `Changes compares the case folders as they were at a git revision (or at the last commit
before a date) with the folders as they are now, and lists, case by case, the obligations
that became overdue, were met, moved date, appeared or disappeared, each with the commits
since then that changed the records behind it (author, date, message). Cases added or
removed since then are listed too.

The earlier state is read straight from git: nothing is checked out, and the work tree,
the index and the refs are left as they were. It is evaluated as of the --since date (for a
revision, the day of its commit); now is evaluated as of --as-of (default today).
Uncommitted changes in the work tree count as now, and are marked. Commits are matched to
an obligation by the files of its records, not by line.

--fail-on newly-overdue exits 1 when an obligation is overdue now that was not then: for a
scheduled job. --redact leaves out commit authors (names and email addresses).

Exit status: 0 clean, 1 newly overdue (with --fail-on) or a case with errors, 2 usage or
I/O error (also outside a git repository).`,
		Example: `  # In the git repository that holds the cases (changes reads their history):
  cd my-cases-repo && cpcase changes --since 2026-11-16 cases
  cd my-cases-repo && cpcase changes --since HEAD~5 --format json
  cd my-cases-repo && cpcase changes --since last-review cases --format csv > moved.csv
  cd my-cases-repo && cpcase changes --since 2026-11-16 --fail-on newly-overdue --redact`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Since, "since", "", "the earlier state: a git revision (commit, branch, tag), or a date YYYY-MM-DD for the last commit before it (required)")
	fl.StringVar(&o.AsOf, "as-of", "", "the date to evaluate now as of, YYYY-MM-DD (default: today in Europe/London)")
	fl.StringVar(&o.Policy, "policy", "", "policy id or file for every case (default: each case's policy: key)")
	fl.StringVar(&o.Format, "format", "table", "output format: table, json or csv")
	fl.StringVar(&o.FailOn, "fail-on", "never", "exit 1 when something is newly overdue: newly-overdue or never")
	fl.BoolVar(&o.Redact, "redact", false, "leave out commit authors (and print names in findings as initials)")
	return cmd
}

// Run is `cpcase changes`.
func Run(o *Options) error {
	if o.Since == "" {
		return cmdutil.Usagef("--since is required: a git revision, or a date YYYY-MM-DD")
	}
	day, err := cmdutil.AsOfDate(o.AsOf, o.Today)
	if err != nil {
		return err
	}
	switch o.Format {
	case "table", "json", "csv":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected table, json or csv)", o.Format)
	}
	if o.FailOn != "never" && o.FailOn != "newly-overdue" {
		return cmdutil.Usagef("--fail-on: unknown value %q (expected newly-overdue or never)", o.FailOn)
	}
	paths := o.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	repo, err := history.Open(paths[0])
	if err != nil {
		return err
	}
	from, err := repo.ResolveSpec(o.Since)
	if err != nil {
		return cmdutil.Usagef("--since: %v", err)
	}
	then := from.Date()
	if d, err := civil.Parse(o.Since); err == nil {
		then = d
	}
	old, mapped, _, err := repo.At(from, paths)
	if err != nil {
		return err
	}
	defer old.Close()
	var rels []string
	for _, p := range paths {
		rel, _ := repo.Rel(p)
		rels = append(rels, rel)
	}
	log, err := repo.Changes(from, rels)
	if err != nil {
		return err
	}

	// The earlier tree is evaluated first, each case's obligations kept in a private temporary
	// file; then each case of now is compared with its earlier self as soon as it is
	// evaluated, and its movement goes, as the records the outputs print, to a Spill of its
	// own (changes.Movements): the run holds neither tree's obligations nor the movement.
	before := changes.NewEarlier(then, old.Rel)
	defer before.Close()
	if err := evaluateThen(o, mapped, before); err != nil {
		return err
	}
	afterRel := func(f string) string { rel, _ := repo.Rel(f); return rel }
	moved := changes.NewMovements(from, then, day)
	defer moved.Close()
	failed, err := compareNow(o, paths, day, before, afterRel, log, moved)
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		app.PrintDiags(o.IO.ErrOut, failed)
	}
	if err := write(o, moved); err != nil {
		return err
	}
	if len(failed) > 0 {
		fmt.Fprintf(o.IO.ErrOut, "%s not compared: fix the errors above\n", cmdutil.PluralN(len(failed), "case"))
		return cmdutil.ErrFindings
	}
	if o.FailOn == "newly-overdue" && moved.NewlyOverdue() > 0 {
		return cmdutil.ErrFindings
	}
	return nil
}

// run is the evaluation of every case under paths as of day; an error saying there are no case
// folders is none (then or now: everything appeared, or went).
func run(o *Options, paths []string, day civil.Date) app.Options {
	return app.Options{Paths: paths, AsOf: day, BornBy: max(day, o.Today()), Policy: o.Policy, NeedPolicy: true, Redact: o.Redact, GC: o.GC}
}

func noCases(err error) bool { return strings.HasPrefix(err.Error(), "no case folders found") }

// onPlan says whether a child protection plan runs on day.
func onPlan(c *app.Case, day civil.Date) bool {
	ps := facts.Periods(c.Case, day)
	return len(ps) > 0 && ps[len(ps)-1].End.IsZero()
}

func evaluate(c *app.Case, day civil.Date) []engine.Obligation {
	return engine.Evaluate(c.Case, c.Policy, engine.Options{AsOf: day, Explain: true})
}

// evaluateThen evaluates the earlier tree (no paths: an empty tree) into before, each case's
// obligations kept as the case is evaluated.
func evaluateThen(o *Options, paths []string, before *changes.Earlier) error {
	if len(paths) == 0 {
		return nil
	}
	type evaluated struct {
		at     changes.Place
		onPlan bool
	}
	var keepErr error
	var mu sync.Mutex
	cases, err := app.Each(run(o, paths, before.AsOf), func(c *app.Case) evaluated {
		at, err := before.Keep(evaluate(c, before.AsOf))
		if err != nil {
			mu.Lock()
			keepErr = cmp.Or(keepErr, err)
			mu.Unlock()
		}
		return evaluated{at, onPlan(c, before.AsOf)}
	})
	if err != nil {
		if noCases(err) {
			return nil
		}
		return err
	}
	if keepErr != nil {
		return cmdutil.IOError(keepErr)
	}
	for _, r := range cases {
		if r.Ref != "" {
			before.Index(r.Ref, before.Rel(r.Dir), r.Failed, r.Value.onPlan, r.Value.at)
		}
	}
	return nil
}

// compareNow evaluates every case under paths as of day and compares each, as it is evaluated,
// with its earlier self, listing its movement in moved (those gone since then too); it gives back
// the cases that could not be evaluated.
func compareNow(o *Options, paths []string, day civil.Date, before *changes.Earlier, rel func(string) string, log *history.Log, moved *changes.Movements) ([]app.Result[[]engine.Obligation], error) {
	var cmpErr error
	var mu sync.Mutex
	cases, err := app.Each(run(o, paths, day), func(c *app.Case) struct{} {
		n := changes.Case{Ref: c.Case.Ref, Folder: rel(c.Dir), OnPlan: onPlan(c, day), Obligations: evaluate(c, day)}
		cc, ok, err := before.CompareCase(&n, rel, log)
		if err != nil {
			mu.Lock()
			cmpErr = cmp.Or(cmpErr, err)
			mu.Unlock()
		}
		if ok {
			moved.Add(c.Index, cc, before.Rel, rel)
		}
		return struct{}{}
	})
	if err != nil && !noCases(err) {
		return nil, err
	}
	if cmpErr != nil {
		return nil, cmdutil.IOError(cmpErr)
	}
	// As Compare pairs them: the last folder of a reference stands for it (a second folder
	// with a reference already used is failed, and its case not compared).
	last := map[string]int{}
	for i, r := range cases {
		if r.Ref != "" {
			last[r.Ref] = i
		}
	}
	var failed []app.Result[[]engine.Obligation]
	for i, r := range cases {
		if r.Failed {
			failed = append(failed, app.Result[[]engine.Obligation]{Dir: r.Dir, Ref: r.Ref, RefPos: r.RefPos, Diags: r.Diags, Failed: true})
		}
		if r.Ref == "" || last[r.Ref] != i {
			moved.Drop(i)
			continue
		}
		if r.Failed {
			cc, _, err := before.CompareCase(&changes.Case{Ref: r.Ref, Folder: rel(r.Dir), Failed: true}, rel, log)
			if err != nil {
				return nil, cmdutil.IOError(err)
			}
			moved.Add(i, cc, before.Rel, rel)
		}
	}
	now := map[string]bool{}
	for ref := range last {
		now[ref] = true
	}
	gone, err := before.Gone(now, rel, log)
	if err != nil {
		return nil, cmdutil.IOError(err)
	}
	for k, cc := range gone {
		moved.Add(len(cases)+k, cc, before.Rel, rel) // after every folder of now
	}
	return failed, nil
}

func write(o *Options, m *changes.Movements) error {
	var out io.Writer = o.IO.Out
	buf := bufio.NewWriter(out)
	out = buf
	opts := changes.Options{Redact: o.Redact}
	var err error
	switch o.Format {
	case "json":
		err = changes.WriteJSON(out, m, opts)
	case "csv":
		err = changes.WriteCSV(out, m, opts)
	default:
		fmt.Fprintln(out, changes.SummaryOf(m))
		switch {
		case m.Cases() == 0:
		case !o.IO.IsStdoutTTY() && !o.IO.ColorEnabled():
			// Into a file: measured, then printed, from the merge (read twice).
			err = render.WritePlainSeq(out, changes.Header, changes.PlainRows(m, opts))
		default:
			// On a terminal (or coloured): the boxed table, measured, then streamed.
			err = render.WriteTableSeq(out, changes.Header, changes.ColoredRows(m, opts), render.Style{Terminal: o.IO.IsStdoutTTY(), Color: o.IO.ColorEnabled(), ASCII: o.IO.ASCIIBorders()})
		}
	}
	if err != nil {
		return err
	}
	if err := m.Err(); err != nil {
		return cmdutil.IOError(err)
	}
	return buf.Flush()
}
