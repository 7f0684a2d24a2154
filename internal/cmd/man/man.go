// Package man is the hidden `cpcase man`: the man pages, one per command. `make man` runs it;
// it is for packagers, and so that the pages come from the commands themselves and no extra
// program ships.
package man

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/build"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
)

// Options are what `cpcase man` runs with.
type Options struct {
	IO *iostreams.IOStreams

	Root *cobra.Command // the tree to document
	Dir  string
}

// NewCmdMan builds the command; runF, when not nil, runs instead of Run.
func NewCmdMan(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:    "man --dir DIR",
		Short:  "Write the man pages, one per command, into a folder",
		Hidden: true,
		Args:   cobra.NoArgs,
		Example: `  cpcase man --dir bin/man
  man -l bin/man/cpcase-due.1`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Root = cmd.Root()
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().StringVar(&o.Dir, "dir", "", "the folder to write into (created if missing)")
	_ = cmd.MarkFlagDirname("dir")
	return cmd
}

// Run is `cpcase man`.
func Run(o *Options) error {
	dir := o.Dir
	if dir == "" {
		return cmdutil.Usagef("--dir: give the folder to write the man pages into")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cmdutil.IOError(err)
	}
	root := o.Root
	// No "generated on <date>" footer; the header's month honours SOURCE_DATE_EPOCH (make man
	// sets it), so the same source gives the same pages.
	root.DisableAutoGenTag = true
	header := &doc.GenManHeader{Title: "CPCASE", Section: "1", Source: "cpcase " + build.Get().Version, Manual: "cpcase manual"}
	// The pages GenManTree would write, each written through atomicfile as every file cpcase
	// writes is.
	n := 0
	var gen func(c *cobra.Command) error
	gen = func(c *cobra.Command) error {
		for _, sub := range c.Commands() {
			if !sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand() {
				continue
			}
			if err := gen(sub); err != nil {
				return err
			}
		}
		var b bytes.Buffer
		if err := doc.GenMan(c, header, &b); err != nil {
			return err
		}
		name := strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
		n++
		return atomicfile.Write(filepath.Join(dir, name), b.Bytes(), atomicfile.Options{Within: dir})
	}
	if err := gen(root); err != nil {
		return cmdutil.IOError(err)
	}
	fmt.Fprintf(o.IO.Out, "wrote %d man pages to %s\n", n, dir)
	return nil
}
