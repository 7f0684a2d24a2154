// Package check is `cpcase check`: are the case folders well-formed, and do they meet the
// policy's record checks.
package check

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/config"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/safe"
	"github.com/cpcase/cpcase/internal/speed"
)

// ownPolicy is the --policy value meaning "each case's own policy".
const ownPolicy = "\x00own"

// Options are what `cpcase check` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date
	GC    *speed.GCFloor

	Paths    []string
	Records  bool   // run the record checks (--records, or --policy given)
	Policy   string // the policy for every case; "" is each case's own
	AsOf     string
	CacheDir string
	Redact   bool
	Format   string // text, json or github
	// Settings are the person's own defaults (the cache folder); CacheSet says --cache was given.
	Settings func() (*config.Config, error)
	CacheSet bool
}

// NewCmdCheck builds the command; runF, when not nil, runs instead of Run.
func NewCmdCheck(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, GC: f.GC, Settings: f.Settings}
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Check that case folders are well-formed",
		Long: `Check reads every case folder under the given paths (a folder holding a plan.yaml) and
reports everything wrong with them, one finding per line, as file:line:col: message.
Nothing is ever written to the case folders.

It also warns about what the format allows but people rarely mean: a child with neither born
nor expected outside a pre-birth conference (every clock counted from the birth waits), a
role a letter or two from a known one (did you mean), and two visits alike in date, by,
kind and children (the same visit recorded twice). Warnings do not fail the run.

--records runs each case's own policy's record checks too (the policy: key of plan.yaml):
who chairs which core group, what a meeting record and the plan must hold, exclusions with
reasons, dates set, action owners. --policy ID or --policy FILE, as on every command, is the
policy for every case, and runs its record checks. (--policy with no value, the spelling of
--records before it had its own, still works and says so.)

--format json prints the findings as a JSON array; --format github prints GitHub Actions
annotations, then the text report; it is the default when GITHUB_ACTIONS is set.

--cache DIR keeps what the checks use of each case that loaded clean (no names and no free
text) in DIR, a folder only you may read, as cpcase due --cache does; an unchanged case is
then read from there. A case with format errors is never cached: they are always read
from its files.

Exit status: 0 clean, 1 findings, 2 usage or I/O error.`,
		Example: `  cpcase check examples
  cpcase check --records --as-of 2026-11-23 examples
  cpcase check --policy core-groups-s9 examples/s9-three-children
  cpcase check --format github examples
  cpcase check --records cases --cache ~/.cache/cpcase`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			o.Redact = cmdutil.Redacted(cmd)
			o.CacheSet = cmd.Flags().Changed("cache")
			if !cmd.Flags().Changed("format") && os.Getenv("GITHUB_ACTIONS") == "true" {
				o.Format = "github"
			}
			if cmd.Flags().Changed("policy") {
				o.Records = true
				if o.Policy == ownPolicy {
					o.Policy = ""
					// --policy ID DIR: pflag took ID for a path; read it as the policy it names,
					// as every other command does. A bare --policy is the old --records.
					if len(args) > 1 && !exists(args[0]) {
						o.Policy, o.Paths = args[0], args[1:]
					}
					if o.Policy == "" {
						fmt.Fprintln(o.IO.ErrOut, "cpcase: --policy with no value is now --records (each case's own policy); --policy ID takes a policy, as on due")
					}
				}
			}
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().StringVar(&o.Policy, "policy", "", "policy id or file for every case, whose record checks run too (default: each case's policy: key, with --records)")
	cmd.Flags().Lookup("policy").NoOptDefVal = ownPolicy
	cmd.Flags().BoolVar(&o.Records, "records", false, "also run the record checks of each case's own policy")
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text, json or github")
	cmd.Flags().StringVar(&o.AsOf, "as-of", "", "the date to check as of, YYYY-MM-DD (default: today in Europe/London)")
	cmd.Flags().StringVar(&o.CacheDir, "cache", "", "keep what the checks need of each clean case (no names, no free text) in this folder, to speed up the next run")
	return cmd
}

// Run is `cpcase check`.
func Run(o *Options) error {
	day, err := cmdutil.AsOfDate(o.AsOf, o.Today)
	if err != nil {
		return err
	}
	if o.Settings != nil {
		cfg, err := o.Settings()
		if err != nil {
			return cmdutil.Usagef("config: %v", err)
		}
		o.CacheDir = cfg.Resolve(config.Cache, "cache", o.CacheSet, o.CacheDir, o.CacheDir).Value
	}
	switch o.Format {
	case "", "text", "json", "github":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected text, json or github)", o.Format)
	}
	run := app.Options{Paths: o.Paths, AsOf: day, Policy: o.Policy, Records: o.Records, Redact: o.Redact, GC: o.GC}
	if run.Cache, err = app.OpenCache(o.CacheDir); err != nil {
		return err
	}
	cases, err := app.Each(run, func(c *app.Case) struct{} {
		var roles []string
		if c.Policy != nil {
			for _, ch := range c.Policy.Checks {
				roles = append(roles, ch.Roles...)
			}
		}
		c.Diags = append(c.Diags, casefolder.Warnings(c.Case, roles...)...)
		c.Diags.Sort()
		return struct{}{}
	})
	if err != nil {
		return err
	}
	out := o.IO.Out
	var all diag.List
	errs, warns, bad := 0, 0, 0
	for _, r := range cases {
		all = append(all, r.Diags...)
		errs += r.Diags.Errors()
		warns += r.Diags.Warnings()
		if r.Diags.Errors() > 0 {
			bad++
		}
	}
	switch o.Format {
	case "json":
		err = diag.WriteJSON(out, all)
	case "github":
		// The annotations are cpcase's own commands, every value escaped; every other line goes
		// through the GitHub writer, so that no file name or message can start one.
		gw := safe.ForGitHub(out)
		for _, d := range all {
			gw.WriteCommand(fmt.Sprintf("::%s file=%s,line=%d,col=%d::%s", d.Severity, safe.GitHubProperty(d.File), d.Line, d.Col, safe.GitHubMessage(strings.ReplaceAll(d.Msg, "##[", `#\#[`))))
		}
		for _, d := range all {
			fmt.Fprintln(gw, d.String())
		}
		fmt.Fprintln(gw, Summary(len(cases), errs, warns, bad))
		err = gw.Flush()
	default:
		for _, d := range all {
			fmt.Fprintln(out, safe.Term(d.String()))
		}
		_, err = fmt.Fprintln(out, Summary(len(cases), errs, warns, bad))
	}
	if err != nil {
		return err
	}
	if errs > 0 {
		return cmdutil.ErrFindings
	}
	return nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Summary is check's last line.
func Summary(cases, errs, warns, bad int) string {
	s := fmt.Sprintf("%s checked", diag.Plural(cases, "case"))
	if cases == 0 {
		return "no case folders found (a case folder holds a plan.yaml)"
	}
	if errs == 0 && warns == 0 {
		return s + ", no problems found"
	}
	if errs == 0 {
		return s + ": no errors, " + diag.Plural(warns, "warning")
	}
	s += fmt.Sprintf(": %s in %s", diag.Plural(errs, "error"), diag.Plural(bad, "case"))
	if warns > 0 {
		s += ", " + diag.Plural(warns, "warning")
	}
	return s
}
