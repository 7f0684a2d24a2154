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
}

// NewCmdShow builds the command; runF, when not nil, runs instead of Run.
func NewCmdShow(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "show ID|FILE",
		Short: "Show a policy's rules in plain English",
		Example: `  cpcase policy show core-groups-ch7
  cpcase policy show policies/local.yaml`,
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
	return cmd
}

// Run is `cpcase policy show`.
func Run(o *Options) error {
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
