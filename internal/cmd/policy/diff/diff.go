// Package diff is `cpcase policy diff`: what changed between two policies, rule by rule, in plain
// English, for the people who sign a procedure off.
package diff

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/policy"
	pdiff "github.com/cpcase/cpcase/internal/load/policy/diff"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Options are what `cpcase policy diff` runs with.
type Options struct {
	IO *iostreams.IOStreams

	A, B   string // ids or files
	Format string // text, markdown or json
}

// NewCmdDiff builds the command; runF, when not nil, runs instead of Run.
func NewCmdDiff(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Say what changed between two policies, rule by rule, in plain English",
		Long: `Diff compares policy B with policy A (each an id or a file) and says what changed: the title,
source, calendar, counting and closures; each rule added, removed or changed (a rule is the same
rule when it has the same id), with what changed in it ("timescale: 10 working days → 15 working
days") and how policy show words it now; and the record checks added, removed or changed.

--format markdown gives the same for a sign-off paper; --format json for tools.

Exit status: 0 (whether or not the policies differ), 1 a policy has errors, 2 usage or I/O
error.`,
		Example: `  cpcase policy diff core-groups-ch7 policies/local.yaml
  cpcase policy diff england-wt-2023 england-wt-2023-pre-birth --format markdown > changes.md`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return cmdutil.Usagef("policy diff takes two policies (ids or files), got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.A, o.B = args[0], args[1]
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text, markdown or json")
	return cmd
}

// Run is `cpcase policy diff`.
func Run(o *Options) error {
	switch o.Format {
	case "text", "markdown", "json":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected text, markdown or json)", o.Format)
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
			return cmdutil.ErrFindings
		}
		pols[i] = p
	}
	res := pdiff.Compare(pols[0], pols[1])
	switch o.Format {
	case "json":
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			A string `json:"a"`
			B string `json:"b"`
			pdiff.Result
		}{pols[0].ID, pols[1].ID, res})
	case "markdown":
		writeMarkdown(o.IO.Out, pols[0], pols[1], res)
	default:
		writeText(o.IO.Out, pols[0], pols[1], res)
	}
	return nil
}

func summary(res pdiff.Result) string {
	return fmt.Sprintf("%s changed, %d added, %d removed, %d unchanged.", cmdutil.PluralN(res.Changed, "rule"), res.Added, res.Removed, res.Same)
}

var groups = []struct{ status, heading string }{
	{pdiff.Changed, "changed"}, {pdiff.Added, "added"}, {pdiff.Removed, "removed"},
}

// eachGrouped walks the rules, then the record checks, changed then added then removed, calling
// heading before the first of each group that has any.
func eachGrouped(res pdiff.Result, heading func(part, group string), item func(pdiff.Rule)) {
	for _, part := range []struct {
		name string
		list []pdiff.Rule
	}{{"Rules", res.Rules}, {"Record checks", res.Checks}} {
		for _, g := range groups {
			first := true
			for _, r := range part.list {
				if r.Status != g.status {
					continue
				}
				if first {
					heading(part.name, g.heading)
					first = false
				}
				item(r)
			}
		}
	}
}

// writeText is the diff for a terminal; every text from a policy file through safe.Term.
func writeText(w io.Writer, a, b *policy.Policy, res pdiff.Result) {
	t := safe.Term
	fmt.Fprintf(w, "From %s (%s)\n  to %s (%s)\n", t(a.ID), t(a.Title), t(b.ID), t(b.Title))
	if len(res.Policy) > 0 {
		fmt.Fprintln(w, "\nPolicy:")
		for _, c := range res.Policy {
			fmt.Fprintf(w, "  %s\n", t(c.Sentence))
		}
	}
	eachGrouped(res, func(part, heading string) {
		fmt.Fprintf(w, "\n%s %s:\n", part, heading)
	}, func(r pdiff.Rule) {
		fmt.Fprintf(w, "  %s (%s)\n", t(r.ID), t(r.Title))
		for _, c := range r.Changes {
			fmt.Fprintf(w, "      %s\n", t(c.Sentence))
		}
		switch r.Status {
		case pdiff.Changed:
			fmt.Fprintf(w, "      now: %s\n", t(r.Now))
		case pdiff.Added:
			fmt.Fprintf(w, "      %s\n", t(r.Now))
		case pdiff.Removed:
			fmt.Fprintf(w, "      was: %s\n", t(r.Was))
		}
	})
	fmt.Fprintln(w, "\n"+summary(res))
}

// writeMarkdown is the diff for a sign-off paper; every text from a policy file through
// safe.Markdown.
func writeMarkdown(w io.Writer, a, b *policy.Policy, res pdiff.Result) {
	m := safe.Markdown
	fmt.Fprintf(w, "# Changes to the procedure: %s\n\n", m(b.Title))
	fmt.Fprintf(w, "From `%s` (%s) to `%s` (%s).\n\n%s\n", code(a.ID), m(a.Title), code(b.ID), m(b.Title), summary(res))
	if len(res.Policy) > 0 {
		fmt.Fprintln(w, "\n## The policy")
		fmt.Fprintln(w)
		for _, c := range res.Policy {
			fmt.Fprintf(w, "- %s\n", m(c.Sentence))
		}
	}
	eachGrouped(res, func(part, heading string) {
		fmt.Fprintf(w, "\n## %s %s\n", part, heading)
	}, func(r pdiff.Rule) {
		fmt.Fprintf(w, "\n### %s (`%s`)\n\n", m(r.Title), code(r.ID))
		for _, c := range r.Changes {
			fmt.Fprintf(w, "- %s\n", m(c.Sentence))
		}
		switch r.Status {
		case pdiff.Changed:
			fmt.Fprintf(w, "\nNow: %s\n", m(r.Now))
		case pdiff.Added:
			fmt.Fprintf(w, "%s\n", m(r.Now))
		case pdiff.Removed:
			fmt.Fprintf(w, "Was: %s\n", m(r.Was))
		}
	})
}

// code is an id for a code span: ids are [a-z0-9._-], but a file could hold anything, so a
// backtick or a line break cannot end the span.
func code(s string) string {
	out := []rune{}
	for _, r := range safe.Term(s) {
		if r == '`' || r == '\n' || r == '\r' {
			r = '\''
		}
		out = append(out, r)
	}
	return string(out)
}
