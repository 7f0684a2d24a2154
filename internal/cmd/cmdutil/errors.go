// Package cmdutil holds what every command shares: the Factory that gives a command its streams
// and its clock, the errors that carry an exit status, and shell completion.
package cmdutil

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/cpcase/cpcase/internal/diag"
)

// Exit codes, documented in the README and stable.
const (
	ExitClean    = 0 // nothing to report
	ExitFindings = 1 // findings: check errors, overdue obligations under --fail-on, lint errors
	ExitUsage    = 2 // usage or I/O error
	ExitInternal = 3 // a bug in cpcase: a panic caught at the top, reported in one line
)

// ExitError carries an exit status up to Main without printing anything more.
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit %d", e.Code) }

// ErrFindings ends a command with exit status 1 after it printed its findings.
var ErrFindings error = ExitError{ExitFindings}

// UsageError is a mistake in the command line; it prints with a hint to --help.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Usagef is a UsageError.
func Usagef(format string, args ...any) error { return UsageError{fmt.Sprintf(format, args...)} }

// IsUsage reports whether err is a mistake in the command line: ours, or one of cobra's own,
// which it returns as plain errors.
func IsUsage(err error) bool {
	var ue UsageError
	if errors.As(err, &ue) {
		return true
	}
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires ", "invalid argument"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// IOError words a file-system error for a person: the path and what went wrong.
func IOError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, diag.SameWords(pe.Err))
	}
	return err
}

// PluralN is "1 case" or "3 cases".
func PluralN(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// ExitCode is the exit status err stands for: 0 for none, an ExitError's own, else 2 (usage or
// I/O).
func ExitCode(err error) int {
	if err == nil {
		return ExitClean
	}
	var ee ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitUsage
}
