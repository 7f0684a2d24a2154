// Package policy is `cpcase policy`, the parent of lint, list and show.
package policy

import (
	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/cmd/policy/compare"
	"github.com/cpcase/cpcase/internal/cmd/policy/diff"
	"github.com/cpcase/cpcase/internal/cmd/policy/lint"
	"github.com/cpcase/cpcase/internal/cmd/policy/list"
	"github.com/cpcase/cpcase/internal/cmd/policy/show"
	"github.com/cpcase/cpcase/internal/cmd/policy/test"
)

// NewCmdPolicy builds `cpcase policy` and its sub-commands.
func NewCmdPolicy(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Lint, list, show, test, compare and diff policy files",
		Long: `A policy file is a local procedure written as data: its calendar, its timed rules and its
record checks. See policies/README.md for the language.`,
		Example: `  cpcase policy list
  cpcase policy show core-groups-s9
  cpcase policy lint policies/*.yaml --strict
  cpcase policy test policies/tests`,
	}
	cmd.AddCommand(lint.NewCmdLint(f, nil), list.NewCmdList(f, nil), show.NewCmdShow(f, nil), test.NewCmdTest(f, nil),
		compare.NewCmdCompare(f, nil), diff.NewCmdDiff(f, nil))
	return cmd
}
