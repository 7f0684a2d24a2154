// Package list is `cpcase policy list`: the policies an id can name.
package list

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
)

// Options are what `cpcase policy list` runs with.
type Options struct {
	IO *iostreams.IOStreams

	Format string // table or json
}

// NewCmdList builds the command; runF, when not nil, runs instead of Run.
func NewCmdList(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the policies an id can name",
		Long: `List shows the policies that --policy ID and a case's policy: key can name: those in
./policies first, then the ones built into cpcase.`,
		Example: `  cpcase policy list
  cpcase policy list --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "table", "output format: table or json")
	return cmd
}

// Run is `cpcase policy list`.
func Run(o *Options) error {
	entries := policy.List()
	out := o.IO.Out
	switch o.Format {
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
		return render.WriteTable(out, t, render.Style{Terminal: o.IO.IsStdoutTTY(), ASCII: o.IO.ASCIIBorders()})
	}
	return cmdutil.Usagef("--format: unknown format %q (expected table or json)", o.Format)
}
