// Package root is the cpcase command tree and Main, which runs it and turns its error into an
// exit status. Each command lives in its own package under internal/cmd.
package root

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/build"
	"github.com/cpcase/cpcase/internal/cmd/add"
	"github.com/cpcase/cpcase/internal/cmd/agenda"
	"github.com/cpcase/cpcase/internal/cmd/changes"
	"github.com/cpcase/cpcase/internal/cmd/check"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/cmd/completion"
	"github.com/cpcase/cpcase/internal/cmd/configcmd"
	"github.com/cpcase/cpcase/internal/cmd/due"
	"github.com/cpcase/cpcase/internal/cmd/explain"
	"github.com/cpcase/cpcase/internal/cmd/export"
	"github.com/cpcase/cpcase/internal/cmd/holidays"
	"github.com/cpcase/cpcase/internal/cmd/importcmd"
	"github.com/cpcase/cpcase/internal/cmd/initcmd"
	"github.com/cpcase/cpcase/internal/cmd/man"
	"github.com/cpcase/cpcase/internal/cmd/policy"
	"github.com/cpcase/cpcase/internal/cmd/report"
	"github.com/cpcase/cpcase/internal/cmd/schema"
	"github.com/cpcase/cpcase/internal/cmd/stats"
	"github.com/cpcase/cpcase/internal/cmd/version"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// NewCmdRoot builds the command tree.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "cpcase",
		Short: "Check child protection core group case folders against local procedure",
		Long: `cpcase keeps each child protection case as a folder of plain YAML (plan.yaml, members.yaml,
meetings.yaml, visits.yaml), checks it against a policy file (the local procedure, as data)
and prints what is due and overdue.

Exit status: 0 clean, 1 findings, 2 usage or I/O error, 3 internal error (a bug in cpcase).`,
		Example: `  cpcase check examples
  cpcase due examples --as-of 2026-11-23
  cpcase policy lint policies/*.yaml`,
		Version:       build.Get().Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("cpcase {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return cmdutil.UsageError{Msg: err.Error()} })
	// Every command inherits --redact; due, report and stats have their own (cmdutil.Redacted
	// reads whichever applies).
	root.PersistentFlags().Bool("redact", false, "print people's names as initials, in findings too (case references and ids stay)")
	root.AddCommand(
		add.NewCmdAdd(f, nil),
		agenda.NewCmdAgenda(f, nil),
		changes.NewCmdChanges(f, nil),
		check.NewCmdCheck(f, nil),
		completion.NewCmdCompletion(f, nil),
		configcmd.NewCmdConfig(f, nil),
		due.NewCmdDue(f, nil),
		export.NewCmdExport(f, nil),
		explain.NewCmdExplain(f, nil),
		holidays.NewCmdHolidays(f, nil),
		importcmd.NewCmdImport(f, nil),
		initcmd.NewCmdInit(f, nil),
		man.NewCmdMan(f, nil),
		policy.NewCmdPolicy(f),
		report.NewCmdReport(f, nil),
		schema.NewCmdSchema(f, nil),
		stats.NewCmdStats(f, nil),
		version.NewCmdVersion(f, nil),
	)
	cmdutil.CompleteTree(root)
	return root
}

// Main runs cpcase with args and returns the exit status. Errors are printed as one plain line.
// A panic, which is a bug in cpcase, is caught here: one line naming it an internal error, exit
// status 3, never a stack trace (a case file's contents could be in one).
func Main(f *cmdutil.Factory, args []string) (code int) {
	stderr := f.IOStreams.ErrOut // before the filters of neutralise, which are flushed by now
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "cpcase: internal error (a bug in cpcase, please report it with the command you ran): %s\n", safe.Term(oneLine(r)))
			code = cmdutil.ExitInternal
		}
	}()
	return execute(f, args)
}

// oneLine is a panic value as one line of at most 200 characters.
func oneLine(v any) string {
	s := strings.Join(strings.Fields(fmt.Sprint(v)), " ")
	if len([]rune(s)) > 200 {
		s = string([]rune(s)[:200]) + "..."
	}
	return s
}

func execute(f *cmdutil.Factory, args []string) int {
	defer neutralise(f.IOStreams, os.Getenv("GITHUB_ACTIONS") == "true")()
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(f.IOStreams.In)
	root.SetOut(f.IOStreams.Out)
	root.SetErr(f.IOStreams.ErrOut)
	err := root.Execute()
	var ee cmdutil.ExitError
	switch {
	case err == nil, errors.As(err, &ee):
		// findings were printed already
	case cmdutil.IsUsage(err):
		fmt.Fprintf(f.IOStreams.ErrOut, "cpcase: %v\nRun 'cpcase --help' for usage.\n", err)
	default:
		fmt.Fprintf(f.IOStreams.ErrOut, "cpcase: %v\n", err)
	}
	return cmdutil.ExitCode(err)
}

// neutralise puts the streams behind the filters their consumer needs (package safe), and
// returns the function that flushes them. Standard error only ever carries cpcase's messages
// around data (findings, errors, notes): every control character and bidirectional override in
// it is shown, not obeyed. Standard output to a terminal gets the same, colour kept. In a GitHub
// Actions job (GITHUB_ACTIONS=true) every line of both, unless it goes to a file, is made unable
// to start a workflow command; cpcase's own annotations are written with WriteCommand.
func neutralise(ios *iostreams.IOStreams, github bool) (flush func()) {
	out, errOut := ios.Out, ios.ErrOut
	var ws []*safe.LineWriter
	wrap := func(lw *safe.LineWriter) io.Writer {
		ws = append(ws, lw)
		return lw
	}
	switch {
	case github:
		if !toFile(out) {
			ios.Out = wrap(safe.NewGitHubWriter(out))
		}
		if !toFile(errOut) {
			ios.ErrOut = wrap(safe.NewGitHubWriter(errOut))
		} else {
			ios.ErrOut = wrap(safe.NewTermWriter(errOut))
		}
	default:
		ios.ErrOut = wrap(safe.NewTermWriter(errOut))
		if ios.IsStdoutTTY() {
			ios.Out = wrap(safe.NewLineWriter(out, safe.TermColor))
		}
	}
	return func() {
		for _, w := range ws {
			w.Flush()
		}
		ios.Out, ios.ErrOut = out, errOut
	}
}

// toFile reports whether w is a regular file, which no workflow runner reads.
func toFile(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode().IsRegular()
}
