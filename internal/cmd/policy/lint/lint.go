// Package lint is `cpcase policy lint`: check policy files, for CI.
package lint

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Options are what `cpcase policy lint` runs with.
type Options struct {
	IO *iostreams.IOStreams

	Files  []string // none: ./policies/*.yaml, or the embedded policies
	Strict bool
	Format string // text, json or github
}

// NewCmdLint builds the command; runF, when not nil, runs instead of Run.
func NewCmdLint(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams}
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
			o.Files = args
			if !cmd.Flags().Changed("format") && os.Getenv("GITHUB_ACTIONS") == "true" {
				o.Format = "github"
			}
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().BoolVar(&o.Strict, "strict", false, "treat warnings (unset timescales) as errors")
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text, json or github")
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
			return nil, cmdutil.IOError(err)
		}
		in = append(in, lintInput{f, data})
	}
	return in, nil
}

// Run is `cpcase policy lint`.
func Run(o *Options) error {
	switch o.Format {
	case "text", "json", "github":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected text, json or github)", o.Format)
	}
	out, strict, format := o.IO.Out, o.Strict, o.Format
	in, err := lintInputs(o.Files)
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
	summary := fmt.Sprintf("%s linted: %s, %s", cmdutil.PluralN(len(in), "policy file"), diag.Plural(errs, "error"), diag.Plural(warns, "warning"))
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
		// The annotations are cpcase's own commands, every value escaped; every other line goes
		// through the GitHub writer, so that no file name or message can start one.
		gw := safe.ForGitHub(out)
		defer gw.Flush()
		for _, d := range all {
			gw.WriteCommand(fmt.Sprintf("::%s file=%s,line=%d,col=%d::%s", d.Severity, safe.GitHubProperty(d.File), d.Line, d.Col, safe.GitHubMessage(d.Msg)))
		}
		for _, d := range all {
			fmt.Fprintln(gw, d.String())
		}
		fmt.Fprintln(gw, summary)
	default:
		for _, d := range all {
			fmt.Fprintln(out, safe.Term(d.String()))
		}
		fmt.Fprintln(out, summary)
	}
	if errs > 0 {
		return cmdutil.ErrFindings
	}
	return nil
}
