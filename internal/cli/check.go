package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/policy"
)

func init() { register(newCheckCmd) }

var osStat = os.Stat

// ioError words a file-system error for a person: the path and what went wrong.
func ioError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

// ownPolicy is the --policy value meaning "each case's own policy".
const ownPolicy = "\x00own"

func newCheckCmd() *cobra.Command {
	var pol, asOf, cacheDir string
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Check that case folders are well-formed",
		Long: `Check reads every case folder under the given paths (a folder holding a plan.yaml) and
reports everything wrong with them, one finding per line, as file:line:col: message.
Nothing is ever written to the case folders.

With --policy, the policy's record checks run too: who chairs which core group, what a
meeting record and the plan must hold, exclusions with reasons, dates set, action owners.
--policy alone uses each case's own policy (the policy: key of plan.yaml); --policy=ID or
--policy=FILE uses that policy for every case.

--cache DIR keeps what the checks use of each case that loaded clean (no names and no free
text) in DIR, a folder only you may read, as cpcase due --cache does; an unchanged case is
then read from there. A case with format errors is never cached: they are always read
from its files.

Exit status: 0 clean, 1 findings, 2 usage or I/O error.`,
		Example: `  cpcase check examples
  cpcase check --policy examples
  cpcase check --policy=core-groups-s9 cases/NR-2026-0142
  cpcase check --policy cases --cache ~/.cache/cpcase`,
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := asOfDate(asOf)
			if err != nil {
				return err
			}
			o := loadOptions{paths: args, asOf: day, policy: pol}
			if o.cache, err = openCache(cacheDir); err != nil {
				return err
			}
			if cmd.Flags().Changed("policy") {
				o.records = true
				if pol == ownPolicy {
					o.policy = ""
				}
			}
			cases, err := eachCase(o, policy.NewRegistry(), func(*loaded) struct{} { return struct{}{} })
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			errs, warns, bad := printDiags(out, cases)
			fmt.Fprintln(out, checkSummary(len(cases), errs, warns, bad))
			if errs > 0 {
				return errFindings
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&pol, "policy", "", "also run the record checks of this policy (an id or a file); alone: each case's own")
	cmd.Flags().Lookup("policy").NoOptDefVal = ownPolicy
	cmd.Flags().StringVar(&asOf, "as-of", "", "the date to check as of, YYYY-MM-DD (default: today in Europe/London)")
	cmd.Flags().StringVar(&cacheDir, "cache", "", "keep what the checks need of each clean case (no names, no free text) in this folder, to speed up the next run")
	return cmd
}

func checkSummary(cases, errs, warns, bad int) string {
	s := fmt.Sprintf("%s checked", diag.Plural(cases, "case"))
	if cases == 0 {
		return "no case folders found (a case folder holds a plan.yaml)"
	}
	if errs == 0 && warns == 0 {
		return s + ", no problems found"
	}
	s += fmt.Sprintf(": %s in %s", diag.Plural(errs, "error"), diag.Plural(bad, "case"))
	if warns > 0 {
		s += ", " + diag.Plural(warns, "warning")
	}
	return s
}

// asOfDate is --as-of, or today in Europe/London.
func asOfDate(s string) (civil.Date, error) {
	if s == "" {
		return today(), nil
	}
	d, err := civil.Parse(s)
	if err != nil {
		return 0, usagef("--as-of: %v", err)
	}
	return d, nil
}
