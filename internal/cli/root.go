// Package cli holds the cpcase commands. Each command lives in its own file and registers itself
// with register, so commands can be added without touching this one.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes, documented in the README and stable.
const (
	ExitClean    = 0 // nothing to report
	ExitFindings = 1 // findings: check errors, overdue obligations under --fail-on, lint errors
	ExitUsage    = 2 // usage or I/O error
)

// Version is set at build time with -ldflags "-X github.com/cpcase/cpcase/internal/cli.Version=...".
var Version = "dev"

var builders []func() *cobra.Command

// register adds a command to the root; call it from an init function in the command's file.
func register(b func() *cobra.Command) { builders = append(builders, b) }

// exitError carries an exit code up to Main without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// findings ends a command with exit status 1 after it printed its findings.
var errFindings = exitError{ExitFindings}

// redact is --redact on any command: people's names print as initials, in findings too. due,
// report and stats have their own --redact, which sets it as well.
var redact bool

// usageError is a mistake in the command line; it prints with a hint to --help.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// NewRoot builds the command tree.
func NewRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "cpcase",
		Short: "Check child protection core group case folders against local procedure",
		Long: `cpcase keeps each child protection case as a folder of plain YAML (plan.yaml, members.yaml,
meetings.yaml, visits.yaml), checks it against a policy file (the local procedure, as data)
and prints what is due and overdue.

Exit status: 0 clean, 1 findings, 2 usage or I/O error.`,
		Example: `  cpcase check examples
  cpcase due examples --as-of 2026-11-23
  cpcase policy lint policies/*.yaml`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("cpcase {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err.Error()} })
	root.PersistentFlags().BoolVar(&redact, "redact", false, "print people's names as initials, in findings too (case references and ids stay)")
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		redact, _ = c.Flags().GetBool("redact") // the command's own --redact, where it has one
		return nil
	}
	for _, b := range builders {
		root.AddCommand(b())
	}
	completeTree(root)
	return root
}

// Main runs cpcase with args and returns the exit status. Errors are printed as one plain line.
func Main(args []string, stdout, stderr io.Writer) int {
	root := NewRoot()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitClean
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		fmt.Fprintf(stderr, "cpcase: %v\nRun 'cpcase --help' for usage.\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "cpcase: %v\n", err)
	return ExitUsage
}

// isCobraUsage spots cobra's own command-line errors, which it returns as plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires ", "invalid argument"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// Run is main's body.
func Run() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }
