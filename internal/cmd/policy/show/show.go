// Package show is `cpcase policy show`: a policy's rules in plain English.
package show

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Options are what `cpcase policy show` runs with.
type Options struct {
	IO *iostreams.IOStreams

	Policy string // an id or a file
	Format string // text or markdown
}

// NewCmdShow builds the command; runF, when not nil, runs instead of Run.
func NewCmdShow(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "show ID|FILE",
		Short: "Show a policy's rules in plain English",
		Long: `Show prints a policy's rules in plain English: its calendar and counting, each rule's
timescale as a manager would read it, and its record checks.

--format markdown gives a sign-off paper: the same, as a document with a table of the rules
and a place for the names, roles, signatures and dates of those who approve it.

Exit status: 0 shown, 1 the policy has errors, 2 usage or I/O error.`,
		Example: `  cpcase policy show core-groups-ch7
  cpcase policy show policies/local.yaml
  cpcase policy show policies/local.yaml --format markdown > sign-off.md`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdutil.Usagef("policy show takes one policy id or file, got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Policy = args[0]
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text or markdown")
	return cmd
}

// Run is `cpcase policy show`.
func Run(o *Options) error {
	switch o.Format {
	case "", "text", "markdown":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected text or markdown)", o.Format)
	}
	p, d, err := policy.NewRegistry().Resolve(o.Policy)
	if err != nil {
		return err
	}
	if p == nil {
		for _, x := range d {
			fmt.Fprintln(o.IO.ErrOut, safe.Term(x.String()))
		}
		return cmdutil.ErrFindings
	}
	if o.Format == "markdown" {
		showMarkdown(o.IO.Out, p)
		return nil
	}
	showPolicy(o.IO.Out, p)
	return nil
}

// showPolicy prints p; every text from the policy file goes through safe.Term, so a title or a
// citation cannot move the cursor, rewrite a line or reverse one.
func showPolicy(w io.Writer, p *policy.Policy) {
	t := safe.Term
	fmt.Fprintf(w, "%s: %s\n", t(p.ID), t(p.Title))
	if p.Source != "" {
		fmt.Fprintf(w, "Source: %s\n", t(p.Source))
	}
	if p.Extends != "" {
		fmt.Fprintf(w, "Extends: %s", t(p.Extends))
		if len(p.Removes) > 0 {
			fmt.Fprintf(w, ", leaving out %s", t(strings.Join(p.Removes, ", ")))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Calendar: %s bank holidays", t(p.Jurisdiction))
	if len(p.Closures) > 0 {
		var ds []string
		for _, c := range p.Closures {
			ds = append(ds, c.Date.String())
		}
		fmt.Fprintf(w, ", and local closures on %s", strings.Join(ds, ", "))
	}
	fmt.Fprintf(w, "; the anchor day is %s.\n", map[bool]string{true: "day 1 (counted)", false: "day 0 (not counted)"}[p.Counting != 0])
	fmt.Fprintln(w, "\nRules:")
	for _, r := range p.Rules {
		fmt.Fprintf(w, "  %s\n      %s\n", t(r.ID), t(r.Describe()))
		if d := r.Details(); len(d) > 0 {
			fmt.Fprintf(w, "      (%s)\n", t(strings.Join(d, "; ")))
		}
	}
	if len(p.Checks) > 0 {
		fmt.Fprintln(w, "\nRecord checks:")
		for _, c := range p.Checks {
			fmt.Fprintf(w, "  %s\n      %s (%s)\n", t(c.ID), t(c.Title), t(c.Cite))
		}
	}
}

// showMarkdown prints p as a sign-off paper; every text from the policy file goes through
// safe.Markdown, so a title cannot start a heading, a link or a table column.
func showMarkdown(w io.Writer, p *policy.Policy) {
	m := safe.Markdown
	fmt.Fprintf(w, "# %s\n\n", m(p.Title))
	fmt.Fprintln(w, "| | |\n|---|---|")
	fmt.Fprintf(w, "| Policy id | %s |\n", m(p.ID))
	if p.Source != "" {
		fmt.Fprintf(w, "| Source | %s |\n", m(p.Source))
	}
	cal := m(p.Jurisdiction) + " bank holidays"
	if len(p.Closures) > 0 {
		var ds []string
		for _, c := range p.Closures {
			ds = append(ds, c.Date.String())
		}
		cal += ", and local closures on " + strings.Join(ds, ", ")
	}
	fmt.Fprintf(w, "| Calendar | %s |\n", cal)
	fmt.Fprintf(w, "| Counting | %s |\n", map[bool]string{true: "the anchor day is day 1 (counted)", false: "the anchor day is day 0 (not counted)"}[p.Counting != 0])
	fmt.Fprintf(w, "| Rules | %d |\n", len(p.Rules))
	fmt.Fprintln(w, "\n## Timescales\n\n| Rule | What the procedure requires | Section |\n|---|---|---|")
	for _, r := range p.Rules {
		what := strings.TrimPrefix(r.Describe(), r.Title+": ")
		if r.Cite != "" {
			what = strings.TrimSuffix(what, " ("+r.Cite+")") // the section has its own column
		}
		fmt.Fprintf(w, "| %s (%s) | %s | %s |\n", m(r.Title), m(r.ID), m(what), m(r.Cite))
	}
	if len(p.Checks) > 0 {
		fmt.Fprintln(w, "\n## Record checks\n\n| Check | What is checked | Section |\n|---|---|---|")
		for _, c := range p.Checks {
			fmt.Fprintf(w, "| %s | %s | %s |\n", m(c.ID), m(c.Title), m(c.Cite))
		}
	}
	fmt.Fprintln(w, "\n## Sign-off\n\nApproved as the local procedure, as written above.\n\n| Name | Role | Signature | Date |\n|---|---|---|---|\n| | | | |\n| | | | |")
}
