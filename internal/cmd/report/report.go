// Package report is `cpcase report`: a caseload report to read or print, in HTML or Markdown.
package report

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/config"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/filter"
	"github.com/cpcase/cpcase/internal/output/report"
	"github.com/cpcase/cpcase/internal/redact"
	"github.com/cpcase/cpcase/internal/speed"
)

// Options are what `cpcase report` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date
	GC    *speed.GCFloor

	Paths     []string
	Output    string
	OutputSet bool // -o was given (else markdown writes report.md)
	Format    string
	Policy    string
	AsOf      string
	Within    string
	Redact    bool
	Filter    filter.Filter
	// Settings are the person's own defaults (the horizon); WithinSet says --within was given.
	Settings  func() (*config.Config, error)
	WithinSet bool
}

// NewCmdReport builds the command; runF, when not nil, runs instead of Run.
func NewCmdReport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, GC: f.GC, Settings: f.Settings}
	cmd := &cobra.Command{
		Use:   "report [PATH...]",
		Short: "Write a caseload report to read or print (HTML or Markdown)",
		Long: `Report evaluates every case folder under the given paths, like cpcase due --all, and writes
one report: an overview of what is overdue and due soon by team and by lead social worker,
then each case with a timeline (conferences, core groups, other meetings, visits with no
access marked, and every obligation's due date coloured by its status, today marked) and
a table of what is still to do or was missed.

The HTML report is a single file with nothing to fetch (no network, no scripts, no
external fonts or images): open it in any browser, attach it to an email, or print it
(it prints in landscape on A4, each case starting a new page). --format markdown writes the same
content as text, with each timeline as a dated list.

-o DIR/ (a folder: a name ending in a slash, or a folder that is there) writes the report
as pages for a whole authority: index.html with the totals and every team's overdue and due
soon counts, linked to a page per team (what is overdue and due soon, by lead social worker
and by case), linked to a page per case (its timeline and what is still to do). Each page
holds only what it shows, so the front page opens at once however large the caseload. A
later run into the same folder removes the pages of cases no longer there. A single
page of more than 500 cases (some 17 MB) is slow to open in a browser: cpcase says so on
standard error, and the folder is the report to open at that size. See docs/report.md.

The report holds personal data; --redact prints names as initials. A case folder with
errors is named at the top of the report with its first error, and the run exits 1.

The filters of cpcase due apply: --worker, --team, --case, --child, --rule, --status (a
case none of whose obligations is kept is left out).

Exit status: 0 written, 1 written but some case folders could not be read, 2 usage or
I/O error (nothing written).`,
		Example: `  cpcase report examples --as-of 2026-11-23
  cpcase report examples --as-of 2026-11-23 --team "Team North (example)" -o team-north.html
  cpcase report cases -o team-north.html --redact
  cpcase report cases -o caseload/
  cpcase report cases --format markdown -o - | less`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			o.OutputSet = cmd.Flags().Changed("output")
			o.WithinSet = cmd.Flags().Changed("within")
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&o.Output, "output", "o", "report.html", `file to write ("-" for standard output; report.md with --format markdown), or a folder DIR/ for a page per team and per case`)
	fl.StringVar(&o.Format, "format", "html", "html or markdown")
	fl.StringVar(&o.Policy, "policy", "", "policy id or file for every case (default: each case's policy: key)")
	fl.StringVar(&o.AsOf, "as-of", "", "the date to report as of, YYYY-MM-DD (default: today in Europe/London)")
	fl.StringVar(&o.Within, "within", "14 days", "the horizon: obligations due within it are due soon")
	fl.BoolVar(&o.Redact, "redact", false, "print names as initials (case references stay)")
	filter.Bind(fl, &o.Filter)
	return cmd
}

// Run is `cpcase report`.
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
		o.Within = cfg.Resolve(config.Within, "within", o.WithinSet, o.Within, o.Within).Value
	}
	horizon, err := duration.Parse(o.Within)
	if err != nil {
		return cmdutil.Usagef("--within: %v", err)
	}
	markdown := false
	output := o.Output
	switch o.Format {
	case "html":
	case "markdown", "md":
		markdown = true
		if !o.OutputSet {
			output = "report.md"
		}
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected html or markdown)", o.Format)
	}
	if err := o.Filter.Check(); err != nil {
		return cmdutil.Usagef("%v", err)
	}
	if isFolder(output) {
		if o.Format != "html" {
			return cmdutil.Usagef("-o %s: a folder of pages is HTML only (give a file for --format markdown)", output)
		}
		return runSite(o, output, day, horizon)
	}
	pg := report.NewPage(header(o, day, horizon), markdown)
	defer pg.Close()
	rep, sums, failed, err := build(o, day, horizon, func(_ *app.Case, rc *report.Case) (report.Case, error) { return pg.Add(rc) })
	if err != nil {
		return err
	}
	rep.Cases = sums
	if output == "-" {
		if err := pg.Write(o.IO.Out, rep); err != nil {
			return err
		}
	} else {
		if err := writeFileAtomic(output, func(w io.Writer) error { return pg.Write(w, rep) }); err != nil {
			return cmdutil.IOError(err)
		}
		t := rep.Total()
		line := fmt.Sprintf("Wrote %s: %s, %d overdue, %d due soon", output, cmdutil.PluralN(t.Cases, "case"), t.Overdue, t.Due)
		if len(rep.NotRead) > 0 {
			line += fmt.Sprintf("; %d not checked (named at the top)", len(rep.NotRead))
		}
		fmt.Fprintln(o.IO.Out, line+".")
	}
	if !markdown && len(rep.Cases) > largePage {
		fmt.Fprintf(o.IO.ErrOut, "note: a page of %s is slow to open in a browser; for a caseload this size write a folder of pages (a front page, a page per team and per case: docs/report.md): cpcase report -o DIR/\n",
			cmdutil.PluralN(len(rep.Cases), "case"))
	}
	if failed > 0 {
		fmt.Fprintf(o.IO.ErrOut, "%s not in the report: fix the errors above\n", cmdutil.PluralN(failed, "case folder"))
		return cmdutil.ErrFindings
	}
	return nil
}

// LargePage is the most cases a one-page HTML report holds before cpcase says, on standard
// error, that the folder of pages (-o DIR/) is the report to open: each case adds some 33 KB
// of timeline and tables, so 500 cases make a page of about 17 MB, which a browser takes
// seconds to lay out.
const LargePage = 500

var largePage = LargePage // a test lowers it

// isFolder reports whether -o names a folder to write the report into as pages: it ends with a
// slash or is a folder already.
func isFolder(output string) bool {
	if output == "-" {
		return false
	}
	if strings.HasSuffix(output, "/") || strings.HasSuffix(output, string(filepath.Separator)) {
		return true
	}
	info, err := os.Stat(output)
	return err == nil && info.IsDir()
}

// runSite writes the report as a folder of pages (report.Site): each case's page as soon as the
// case is evaluated, then the team pages and the front page.
func runSite(o *Options, dir string, day civil.Date, horizon duration.Duration) error {
	site, err := report.NewSite(dir, header(o, day, horizon))
	if err != nil {
		return cmdutil.IOError(err)
	}
	defer site.Close()
	rep, kept, failed, err := build(o, day, horizon, func(c *app.Case, rc *report.Case) (int, error) { return c.Index, site.Add(rc, c.Index) })
	if err != nil {
		return err
	}
	site.R.NotRead = rep.NotRead
	t, err := site.Finish(kept)
	if err != nil {
		return cmdutil.IOError(err)
	}
	fmt.Fprintf(o.IO.Out, "Wrote %s: %s, %d overdue, %d due soon.\n", filepath.Join(dir, "index.html"), cmdutil.PluralN(t.Cases, "case"), t.Overdue, t.Due)
	if failed > 0 {
		fmt.Fprintf(o.IO.ErrOut, "%s not in the report: fix the errors above\n", cmdutil.PluralN(failed, "case folder"))
		return cmdutil.ErrFindings
	}
	return nil
}

// header is the report with what every page says at its top, and no cases yet.
func header(o *Options, day civil.Date, horizon duration.Duration) *report.Report {
	rep := &report.Report{AsOf: day, Horizon: horizon.String(), Policy: o.Policy, Redacted: o.Redact}
	if horizon.Unit != duration.WorkingDays {
		// in working days the end depends on each case's calendar: no single band to draw
		rep.HorizonEnd = horizon.After(day, nil, duration.Day0)
	}
	return rep
}

// build evaluates the cases and hands what the report draws of each to add, which draws it
// (a page's section, a site's case page) and returns what is kept of it. It returns the report's
// header with the folders that could not be read, and what add returned for each case in the
// report, in path order (a case the filters keep nothing of is not added; a second folder of a
// reference is added, then left out). Findings of folders that could not be read go to the error
// stream; failed counts those folders.
func build[T any](o *Options, day civil.Date, horizon duration.Duration, add func(c *app.Case, rc *report.Case) (T, error)) (*report.Report, []T, int, error) {
	name := func(s string) string { return s }
	if o.Redact {
		name = redact.Label
	}
	run := app.Options{Paths: o.Paths, AsOf: day, Policy: o.Policy, NeedPolicy: true, Redact: o.Redact, GC: o.GC}
	itemOpts := app.ItemOptions{All: true, Names: true, Redact: o.Redact, Filter: o.Filter}
	var writeErr error
	var errMu sync.Mutex
	type added struct {
		v  T
		ok bool // the case is in the report (zero for a case left out)
	}
	cases, err := app.Each(run, func(c *app.Case) added {
		items := app.Items(c, day, horizon, itemOpts)
		if len(items) == 0 && !o.Filter.Empty() {
			return added{} // the filters keep nothing of it
		}
		rc := report.FromCase(c.Case, items, day, name)
		v, err := add(c, &rc)
		if err != nil {
			errMu.Lock()
			writeErr = cmp.Or(writeErr, err)
			errMu.Unlock()
		}
		return added{v: v, ok: true}
	})
	if err != nil {
		return nil, nil, 0, err
	}
	if writeErr != nil {
		return nil, nil, 0, cmdutil.IOError(writeErr)
	}
	rep := header(o, day, horizon)
	var kept []T
	failed := 0
	for _, r := range cases {
		if !r.Failed {
			if r.Value.ok {
				kept = append(kept, r.Value.v)
			}
			continue
		}
		failed++
		if !o.Filter.Keep(app.Unevaluated(r)) {
			continue
		}
		dir := filepath.ToSlash(r.Dir) // as the report writes every folder (report.FromCase)
		nr := report.NotRead{Dir: dir, Errors: r.Diags.Errors(), Problem: dir + ": could not be read"}
		for _, d := range r.Diags {
			if d.Severity == diag.Error {
				d.File = filepath.ToSlash(d.File)
				nr.Problem = d.String()
				break
			}
		}
		rep.NotRead = append(rep.NotRead, nr)
	}
	app.PrintDiags(o.IO.ErrOut, app.OnlyFailed(cases))
	return rep, kept, failed, nil
}

// writeFileAtomic writes the report through atomicfile: a failed run never leaves half a report
// where the last good one was, a new report honours the umask (it holds every child's name), and
// a link at the path that leads out of its folder is refused.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return atomicfile.WriteWith(path, write, atomicfile.Options{})
}
