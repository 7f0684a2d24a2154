// Package explain is `cpcase explain`: why each obligation of a case is due when it is.
package explain

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/atrev"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/explain"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Options are what `cpcase explain` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date

	Case   string   // a case folder, or a case reference found under In
	Rule   string   // only this rule
	Child  string   // only this child's obligations
	In     []string // where to look for a case given by reference
	Policy string
	AsOf   string
	Within string
	Format string
	Redact bool   // findings print names as initials
	At     string // explain the case as it was at this git revision (or the last commit before a date)
}

// NewCmdExplain builds the command; runF, when not nil, runs instead of Run.
func NewCmdExplain(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today}
	cmd := &cobra.Command{
		Use:   "explain CASE [RULE]",
		Short: "Show how each obligation's due date was worked out",
		Long: `Explain shows, for each obligation of one case (or of one rule of it), how its due date
was reached: the rule and its citation, the record it is counted from (file:line) and that
record's date, the duration and how it was counted (the weekends, bank holidays by name and
closures skipped), the conference setting in force and where it was set, the record that met
it or the booking beside it, and its status on the as-of date.

CASE is a case folder, or a case reference looked for under --in (default: the current
folder). RULE is a rule id of the case's policy (see cpcase policy show). --child limits the
list to one child's obligations. Explain reads only the case folder: no git needed.

--at REV explains the case as it was at a git revision (a commit, branch or tag, or a date
YYYY-MM-DD for the last commit before it), read straight from git; --as-of then defaults to
the day of that commit.

Exit status: 0 clean, 1 the case has errors and was not evaluated, 2 usage or I/O error.`,
		Example: `  cpcase explain examples/s9-three-children --as-of 2026-11-23
  cpcase explain examples/s9-three-children child-seen --child t --as-of 2026-11-23
  cpcase explain EX-BK-0001 core-group-cadence --in examples --format json
  # --at reads the case as committed then: run it where the cases are under git
  cd my-cases-repo && cpcase explain cases/NR-2026-0142 child-seen --at 2026-11-16`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Case, o.Redact = args[0], cmdutil.Redacted(cmd)
			if len(args) > 1 {
				o.Rule = args[1]
			}
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		switch len(args) {
		case 0:
			return cmdutil.CompleteCaseDirs(cmd, args, toComplete)
		case 1:
			var out []cobra.Completion
			if _, p := completionCase(args[0], f.Today()); p != nil {
				for _, r := range p.Rules {
					if strings.HasPrefix(r.ID, toComplete) {
						out = append(out, cobra.CompletionWithDesc(r.ID, r.Title))
					}
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Child, "child", "", "only the obligations of this child (its id in plan.yaml)")
	fl.StringSliceVar(&o.In, "in", nil, "folders to look for CASE in when it is a case reference (default: the current folder)")
	fl.StringVar(&o.Policy, "policy", "", "policy id or file (default: the case's policy: key)")
	fl.StringVar(&o.AsOf, "as-of", "", "the date to evaluate as of, YYYY-MM-DD (default: today in Europe/London)")
	fl.StringVar(&o.Within, "within", "14 days", "the horizon: obligations due within it are due")
	fl.StringVar(&o.Format, "format", "text", "output format: text or json")
	fl.StringVar(&o.At, "at", "", "explain the case as it was at this git revision, or the last commit before a date YYYY-MM-DD")
	_ = cmd.RegisterFlagCompletionFunc("child", func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		if len(args) > 0 {
			if c, _ := completionCase(args[0], f.Today()); c != nil {
				for _, ch := range c.Children {
					if strings.HasPrefix(ch.ID, toComplete) {
						out = append(out, cobra.Completion(ch.ID))
					}
				}
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// found is what the runner gives back for the case explained.
type found struct {
	derivations []explain.Derivation
	rules       []string // the policy's rule ids, for a mistyped RULE
	children    []string
}

// Run is `cpcase explain`.
func Run(o *Options) error {
	paths, byRef := []string{o.Case}, false
	if fi, err := os.Stat(filepath.Join(o.Case, casefolder.PlanFile)); err != nil || fi.IsDir() {
		// Not a case folder: a case reference.
		paths, byRef = o.In, true
		if len(paths) == 0 {
			paths = []string{"."}
		}
	}
	var at *atrev.Tree
	asOf := o.AsOf
	if o.At != "" {
		var err error
		if at, err = atrev.Open(o.At, paths); err != nil {
			return err
		}
		defer at.Close()
		paths = at.Paths
		if asOf == "" {
			asOf = at.Commit.Date().String()
		}
	}
	day, err := cmdutil.AsOfDate(asOf, o.Today)
	if err != nil {
		return err
	}
	horizon, err := duration.Parse(o.Within)
	if err != nil {
		return cmdutil.Usagef("--within: %v", err)
	}
	if o.Format != "text" && o.Format != "json" {
		return cmdutil.Usagef("--format: unknown format %q (expected text or json)", o.Format)
	}
	run := app.Options{Paths: paths, AsOf: day, BornBy: max(day, o.Today()), Policy: o.Policy, NeedPolicy: true, Redact: o.Redact}
	cases, err := app.Each(run, func(c *app.Case) *found {
		if byRef && c.Case.Ref != o.Case {
			return nil
		}
		f := &found{derivations: explain.Case(c.Case, c.Policy, explain.Options{AsOf: day, Horizon: horizon, Rule: o.Rule, Child: o.Child})}
		for i := range f.derivations {
			f.derivations[i].Files(at.File)
		}
		for _, r := range c.Policy.Rules {
			f.rules = append(f.rules, r.ID)
		}
		for _, ch := range c.Case.Children {
			f.children = append(f.children, ch.ID)
		}
		return f
	})
	if err != nil {
		if byRef && len(o.In) == 0 && strings.HasPrefix(err.Error(), "no case folders found") {
			return cmdutil.Usagef("%s is not a case folder (it holds no plan.yaml), and there are no case folders here to find a case reference in", o.Case)
		}
		return err
	}
	atrev.Results(at, cases)
	var hit *app.Result[*found]
	for i := range cases {
		r := &cases[i]
		if byRef && r.Ref != o.Case {
			continue
		}
		if r.Failed {
			app.PrintDiags(o.IO.ErrOut, []app.Result[*found]{*r})
			fmt.Fprintf(o.IO.ErrOut, "%s was not evaluated: fix the errors above\n", r.Dir)
			return cmdutil.ErrFindings
		}
		if r.Value != nil {
			hit = r
			break
		}
	}
	if hit == nil {
		return cmdutil.Usagef("no case %q in %s (give a case folder, or its reference and --in FOLDER)", o.Case, strings.Join(paths, ", "))
	}
	f := hit.Value
	if o.Rule != "" && !contains(f.rules, o.Rule) {
		return cmdutil.Usagef("no rule %q in the case's policy (its rules: %s)", o.Rule, strings.Join(f.rules, ", "))
	}
	if o.Child != "" && !contains(f.children, o.Child) {
		sort.Strings(f.children)
		return cmdutil.Usagef("--child: no child %q in the case (its children: %s)", o.Child, strings.Join(f.children, ", "))
	}
	if o.Format == "json" {
		return explain.JSON(o.IO.Out, f.derivations)
	}
	// The text quotes the case and its policy (titles, citations, ids): every line through
	// safe.Term's rules, so none of it can act on a terminal.
	out := safe.NewTermWriter(o.IO.Out)
	defer out.Flush()
	if at != nil {
		fmt.Fprintln(out, at.Heading()+"\n")
	}
	if len(f.derivations) == 0 {
		_, err := fmt.Fprintf(out, "No obligations to explain as of %s.\n", day)
		return err
	}
	return explain.Text(out, f.derivations)
}

// completionCase loads a case folder and its policy for shell completion; nil when either does
// not load.
func completionCase(dir string, today civil.Date) (*casefolder.Case, *policy.Policy) {
	c, d := casefolder.Load(dir, today)
	if c == nil || d.Errors() > 0 {
		return nil, nil
	}
	// The case file's policy: by the same rule as every run (policy.CaseRef): nothing outside
	// the case folder or ./policies is read on its say-so, not even to complete a word.
	ref, err := policy.CaseRef(c.Policy, dir, []string{dir})
	if err != nil {
		return c, nil
	}
	p, _, err := policy.NewRegistry().Resolve(ref)
	if err != nil {
		return c, nil
	}
	return c, p
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
