package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
	"github.com/cpcase/cpcase/internal/output/render"
)

func init() { register(newPolicyCmd) }

func newPolicyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Lint, list and show policy files",
		Long: `A policy file is a local procedure written as data: its calendar, its timed rules and its
record checks. See policies/README.md for the language.`,
		Example: `  cpcase policy list
  cpcase policy show core-groups-s9
  cpcase policy lint policies/*.yaml --strict`,
	}
	cmd.AddCommand(newPolicyLintCmd(), newPolicyListCmd(), newPolicyShowCmd())
	return cmd
}

func newPolicyLintCmd() *cobra.Command {
	var strict bool
	var format string
	cmd := &cobra.Command{
		Use:   "lint [FILE...]",
		Short: "Check policy files, for CI",
		Long: `Lint reads policy files and reports every problem as file:line:col: message: unknown keys,
wrong types, bad durations, unknown jurisdictions, anchors or rule kinds, duplicate rule ids,
missing titles or citations, closures that are not dates, contradictions. A timescale left
unset (TBD) is a warning; --strict makes warnings fail.

With no FILE, lints ./policies/*.yaml, or the embedded policies when there is no such folder.
--format github prints GitHub Actions annotations and then the full text report (GitHub shows
only the first few annotations); it is the default when GITHUB_ACTIONS is set.

Exit status: 0 clean, 1 errors (or warnings under --strict), 2 usage or I/O error.`,
		Example: `  cpcase policy lint
  cpcase policy lint policies/local.yaml --strict
  cpcase policy lint --format json policies/*.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") && os.Getenv("GITHUB_ACTIONS") == "true" {
				format = "github"
			}
			switch format {
			case "text", "json", "github":
			default:
				return usagef("--format: unknown format %q (expected text, json or github)", format)
			}
			return runLint(cmd.OutOrStdout(), args, strict, format)
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "treat warnings (unset timescales) as errors")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or github")
	return cmd
}

type lintInput struct {
	name string
	data []byte
}

func lintInputs(args []string) ([]lintInput, error) {
	var in []lintInput
	if len(args) == 0 {
		files, _ := filepath.Glob(filepath.Join(policy.LocalDir, "*.yaml"))
		if len(files) == 0 {
			emb := policy.Embedded()
			for name, data := range emb {
				in = append(in, lintInput{"embedded:" + name, data})
			}
			sort.Slice(in, func(i, j int) bool { return in[i].name < in[j].name })
			return in, nil
		}
		args = files
	}
	for _, f := range args {
		data, err := yamlwalk.ReadFile(f)
		if err != nil {
			return nil, ioError(err)
		}
		in = append(in, lintInput{f, data})
	}
	return in, nil
}

func runLint(out io.Writer, args []string, strict bool, format string) error {
	in, err := lintInputs(args)
	if err != nil {
		return err
	}
	var all diag.List
	for _, f := range in {
		_, d := policy.Load(f.name, f.data, f.name)
		all = append(all, d...)
	}
	if strict {
		for i := range all {
			all[i].Severity = diag.Error
		}
	}
	errs, warns := all.Errors(), all.Warnings()
	summary := fmt.Sprintf("%s linted: %s, %s", pluralN(len(in), "policy file"), diag.Plural(errs, "error"), diag.Plural(warns, "warning"))
	if len(in) == 1 {
		summary = fmt.Sprintf("1 policy file linted: %s, %s", diag.Plural(errs, "error"), diag.Plural(warns, "warning"))
	}
	switch format {
	case "json":
		type finding struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}
		list := make([]finding, 0, len(all))
		for _, d := range all {
			list = append(list, finding{d.File, d.Line, d.Col, d.Severity.String(), d.Msg})
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(list); err != nil {
			return err
		}
	case "github":
		for _, d := range all {
			fmt.Fprintf(out, "::%s file=%s,line=%d,col=%d::%s\n", d.Severity, ghEscapeProp(d.File), d.Line, d.Col, ghEscape(d.Msg))
		}
		fallthrough
	default:
		for _, d := range all {
			fmt.Fprintln(out, d.String())
		}
		fmt.Fprintln(out, summary)
	}
	if errs > 0 {
		return errFindings
	}
	return nil
}

// ghEscape escapes a workflow command's message, as GitHub Actions' toolkit does.
func ghEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghEscapeProp escapes a workflow command's property value.
func ghEscapeProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func newPolicyListCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the policies an id can name",
		Long: `List shows the policies that --policy ID and a case's policy: key can name: those in
./policies first, then the ones built into cpcase.`,
		Example: `  cpcase policy list
  cpcase policy list --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			entries := policy.List()
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				type row struct {
					ID           string `json:"id"`
					Title        string `json:"title"`
					Jurisdiction string `json:"jurisdiction"`
					From         string `json:"from"`
				}
				rows := make([]row, 0, len(entries))
				for _, e := range entries {
					rows = append(rows, row{e.ID, e.Title, e.Jurisdiction, e.Origin})
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			case "table":
				t := render.Table{Header: []string{"Id", "Title", "Jurisdiction", "From"}}
				for _, e := range entries {
					t.Rows = append(t.Rows, []string{e.ID, e.Title, e.Jurisdiction, e.Origin})
				}
				return render.WriteTable(out, t, render.Style{Terminal: isTerminal(out)})
			}
			return usagef("--format: unknown format %q (expected table or json)", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

func newPolicyShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show ID|FILE",
		Short: "Show a policy's rules in plain English",
		Example: `  cpcase policy show core-groups-ch7
  cpcase policy show policies/local.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("policy show takes one policy id or file, got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			p, d, err := policy.NewRegistry().Resolve(args[0])
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if p == nil {
				for _, x := range d {
					fmt.Fprintln(cmd.ErrOrStderr(), x.String())
				}
				return errFindings
			}
			showPolicy(out, p)
			return nil
		},
	}
	return cmd
}

func showPolicy(w io.Writer, p *policy.Policy) {
	fmt.Fprintf(w, "%s: %s\n", p.ID, p.Title)
	if p.Source != "" {
		fmt.Fprintf(w, "Source: %s\n", p.Source)
	}
	fmt.Fprintf(w, "Calendar: %s bank holidays", p.Jurisdiction)
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
		fmt.Fprintf(w, "  %s\n      %s\n", r.ID, r.Describe())
	}
	if len(p.Checks) > 0 {
		fmt.Fprintln(w, "\nRecord checks:")
		for _, c := range p.Checks {
			fmt.Fprintf(w, "  %s\n      %s (%s)\n", c.ID, c.Title, c.Cite)
		}
	}
}
