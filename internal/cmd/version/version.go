// Package version is `cpcase version`: which cpcase this is, for a bug report or a check that
// the one installed is the release announced.
package version

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/build"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
)

// Options are what `cpcase version` runs with.
type Options struct {
	IO     *iostreams.IOStreams
	Info   func() build.Info
	Format string
}

// NewCmdVersion builds the command; runF, when not nil, runs instead of Run.
func NewCmdVersion(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Info: build.Get}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print cpcase's version, the commit it was built from, and the system it is built for",
		Long: `version prints the release (as cpcase --version does), the commit it was built from and that
commit's date, the Go version that built it, and the system and processor it is built for
(windows/amd64, darwin/arm64 for an Apple silicon Mac, ...). Quote it in a bug report.

Exit status: 0 done, 2 usage error.`,
		Example: `  cpcase version
  cpcase version --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return cmdutil.Usagef("version takes no arguments, got %q", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]cobra.Completion{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// Run is `cpcase version`.
func Run(o *Options) error {
	i := o.Info()
	switch o.Format {
	case "text":
		_, err := o.IO.Out.Write([]byte(i.String()))
		return err
	case "json":
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(i)
	}
	return cmdutil.Usagef("--format: unknown format %q (use text or json)", o.Format)
}
