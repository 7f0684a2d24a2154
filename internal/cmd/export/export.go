// Package export is `cpcase export`: lists made from the case folders for others. Its one list
// today is Ofsted's Annex A List 7 (`cpcase export annex-a --list 7`).
package export

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/interop/annexa"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/speed"
)

// Options are what `cpcase export annex-a` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date
	GC    *speed.GCFloor

	Paths  []string
	List   int
	Format string
	Output string
	AsOf   string
	Policy string
	Redact bool
}

// NewCmdExport builds `cpcase export` and its subcommands; runF, when not nil, runs instead of
// Run.
func NewCmdExport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write lists from the case folders for others",
		Long: `Export writes lists from the case folders in the forms others ask for: Ofsted's Annex A
List 7 (cpcase export annex-a --list 7). See docs/interop.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCmdAnnexA(f, runF))
	return cmd
}

func newCmdAnnexA(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, GC: f.GC}
	cmd := &cobra.Command{
		Use:   "annex-a --list 7 [PATH...]",
		Short: "Write Ofsted's Annex A List 7: the children on a child protection plan",
		Long: `Annex-a writes List 7 of Ofsted's Annex A: one row per child on a child protection plan on
the as-of date, or whose plan ended in the six months before it (the child's latest plan),
under the template's 17 headers with its codes (a) Male, a) Yes, a) Neglect, a) WBRI, ...).
The last statutory visit and whether the child was seen alone come from the visits the
case's policy counts for seeing the child. Gender, ethnicity, disability, categories of
abuse, protection orders, previous plans and allocations come from the keys of
docs/format.md; a key not recorded leaves its cell blank (or "not stated", "UNKNOWN").

The list is CSV (dates dd/MM/yyyy, every cell that a spreadsheet would run as a formula made
inert) on standard output or in -o FILE; -o FILE.xlsx, or --format xlsx, writes a workbook
with real date cells. --redact gives the allocated worker as initials; no other name is in
the list. A case folder with errors is left out of the list and its errors printed.

List 5 (section 47 enquiries and initial conferences) is not written: the case format does
not hold section 47 enquiries.

Exit status: 0 done, 1 case folders left out for errors, 2 usage or I/O error.`,
		Example: `  cpcase export annex-a --list 7 cases -o list7.xlsx
  cpcase export annex-a --list 7 --as-of 2026-11-23 --redact cases > list7.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			o.Redact = cmdutil.Redacted(cmd)
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&o.List, "list", 0, "the Annex A list to write: 7 (required)")
	fl.StringVar(&o.Format, "format", "", "csv or xlsx (default: from the -o file's name, else csv)")
	fl.StringVarP(&o.Output, "output", "o", "-", `file to write ("-" for standard output)`)
	fl.StringVar(&o.AsOf, "as-of", "", "the date of the list, YYYY-MM-DD (default: today in Europe/London)")
	fl.StringVar(&o.Policy, "policy", "", "the policy that says which visits count (default: each case's own)")
	fl.Bool("redact", false, "give the allocated worker as initials")
	_ = cmd.MarkFlagRequired("list")
	_ = cmd.RegisterFlagCompletionFunc("list", cobra.FixedCompletions([]cobra.Completion{"7"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]cobra.Completion{"csv", "xlsx"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("policy", cmdutil.CompletePolicies)
	_ = cmd.RegisterFlagCompletionFunc("as-of", cobra.NoFileCompletions)
	return cmd
}

// Run is `cpcase export annex-a`.
func Run(o *Options) error {
	switch o.List {
	case 7:
	case 5:
		return cmdutil.Usagef("--list 5: List 5 needs section 47 enquiries, which the case format does not hold; only List 7 is written")
	default:
		return cmdutil.Usagef("--list: %d is not a list cpcase writes (7: children on a child protection plan)", o.List)
	}
	day, err := cmdutil.AsOfDate(o.AsOf, o.Today)
	if err != nil {
		return err
	}
	format := annexa.Format(strings.ToLower(o.Format))
	if format == "" {
		format = annexa.CSV
		if strings.EqualFold(filepath.Ext(o.Output), ".xlsx") {
			format = annexa.XLSX
		}
	}
	if format != annexa.CSV && format != annexa.XLSX {
		return cmdutil.Usagef("--format: unknown format %q (expected csv or xlsx)", o.Format)
	}
	if format == annexa.XLSX && o.Output == "-" && o.IO.IsStdoutTTY() {
		return cmdutil.Usagef("a workbook is not for the terminal: give -o FILE.xlsx")
	}
	// From the files, not the cache: the list needs the names of workers and keys the cache does
	// not keep. Each case's rows are made as it is evaluated and the case dropped, so the run
	// holds the list, never the caseload.
	opts := annexa.Options{AsOf: day, Redact: o.Redact}
	run := app.Options{Paths: o.Paths, AsOf: day, Policy: o.Policy, NeedPolicy: true, Redact: o.Redact, GC: o.GC}
	results, err := app.Each(run, func(c *app.Case) caseRows {
		return caseRows{ref: c.Case.Ref, rows: annexa.CaseRows(annexa.Case{C: c.Case, P: c.Policy}, opts)}
	})
	if err != nil {
		return err
	}
	var kept []caseRows
	failed := 0
	for _, r := range results {
		if r.Failed || r.Diags.Errors() > 0 {
			failed++
			for _, d := range r.Diags {
				fmt.Fprintln(o.IO.ErrOut, d.String())
			}
			continue
		}
		kept = append(kept, r.Value)
	}
	results = nil
	// By case reference, as annexa.List7 orders them (stable: path order among equal references).
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].ref < kept[j].ref })
	var rows []annexa.Row
	for _, k := range kept {
		rows = append(rows, k.rows...)
	}
	kept = nil
	annexa.Unique(rows)
	write := func(w io.Writer) error {
		if format == annexa.XLSX {
			return annexa.WriteXLSX(w, rows)
		}
		return annexa.WriteCSV(w, rows)
	}
	if o.Output == "-" {
		b := bufio.NewWriterSize(o.IO.Out, 64<<10)
		if err := write(b); err != nil {
			return err
		}
		if err := b.Flush(); err != nil {
			return err
		}
	} else {
		// Written as it is made, to a temporary file renamed over the target (as edit.Overwrite
		// does with bytes held in memory).
		if err := atomicfile.WriteWith(o.Output, write, atomicfile.Options{}); err != nil {
			return cmdutil.IOError(err)
		}
		fmt.Fprintf(o.IO.Out, "Wrote %s: Annex A List 7 as of %s, %s.\n", o.Output, day, children(len(rows)))
	}
	if failed > 0 {
		fmt.Fprintf(o.IO.ErrOut, "%s not in the list: fix the errors above\n", cmdutil.PluralN(failed, "case folder"))
		return cmdutil.ErrFindings
	}
	return nil
}

// caseRows are one case's rows of the list and its reference, which orders them.
type caseRows struct {
	ref  string
	rows []annexa.Row
}

// children is "1 child" or "3 children".
func children(n int) string {
	if n == 1 {
		return "1 child"
	}
	return fmt.Sprintf("%d children", n)
}
