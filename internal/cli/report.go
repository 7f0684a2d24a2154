package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/report"
)

func init() { register(newReportCmd) }

type reportOpts struct {
	output, format, policy, asOf, within string
	redact                               bool
}

func newReportCmd() *cobra.Command {
	var o reportOpts
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

The report holds personal data; --redact prints names as initials. A case folder with
errors is named at the top of the report with its first error, and the run exits 1.

Exit status: 0 written, 1 written but some case folders could not be read, 2 usage or
I/O error (nothing written).`,
		Example: `  cpcase report examples --as-of 2026-11-23
  cpcase report cases -o team-north.html --redact
  cpcase report cases --format markdown -o - | less`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, args, o, cmd.Flags().Changed("output"))
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "report.html", `file to write ("-" for standard output; report.md with --format markdown)`)
	f.StringVar(&o.format, "format", "html", "html or markdown")
	f.StringVar(&o.policy, "policy", "", "policy id or file for every case (default: each case's policy: key)")
	f.StringVar(&o.asOf, "as-of", "", "the date to report as of, YYYY-MM-DD (default: today in Europe/London)")
	f.StringVar(&o.within, "within", "14 days", "the horizon: obligations due within it are due soon")
	f.BoolVar(&o.redact, "redact", false, "print names as initials (case references stay)")
	return cmd
}

func runReport(cmd *cobra.Command, args []string, o reportOpts, outputSet bool) error {
	day, err := asOfDate(o.asOf)
	if err != nil {
		return err
	}
	horizon, err := duration.Parse(o.within)
	if err != nil {
		return usagef("--within: %v", err)
	}
	write := report.HTML
	switch o.format {
	case "html":
	case "markdown", "md":
		write = report.Markdown
		if !outputSet {
			o.output = "report.md"
		}
	default:
		return usagef("--format: unknown format %q (expected html or markdown)", o.format)
	}
	rep, failed, err := buildReport(args, day, horizon, o.policy, o.redact, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	if o.output == "-" {
		if err := write(cmd.OutOrStdout(), rep); err != nil {
			return err
		}
	} else {
		if err := writeFileAtomic(o.output, func(w io.Writer) error { return write(w, rep) }); err != nil {
			return ioError(err)
		}
		t := rep.Total()
		fmt.Fprintf(cmd.OutOrStdout(), "Wrote %s: %s, %d overdue, %d due soon.\n", o.output, pluralN(t.Cases, "case"), t.Overdue, t.Due)
	}
	if failed > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s not in the report: fix the errors above\n", pluralN(failed, "case folder"))
		return errFindings
	}
	return nil
}

// buildReport evaluates the cases and keeps what the report draws of each. Findings of folders
// that could not be read go to errOut; failed counts those folders.
func buildReport(paths []string, day civil.Date, horizon duration.Duration, pol string, redact bool, errOut io.Writer) (*report.Report, int, error) {
	name := func(s string) string { return s }
	if redact {
		name = initials
	}
	cases, err := eachCase(loadOptions{paths: paths, asOf: day, policy: pol, needPol: true}, policy.NewRegistry(), func(l *loaded) report.Case {
		items := dueItems(l, day, horizon, dueOpts{all: true, redact: redact})
		return report.FromCase(l.c, items, day, name)
	})
	if err != nil {
		return nil, 0, err
	}
	rep := &report.Report{AsOf: day, Horizon: horizon.String(), Policy: pol, Redacted: redact}
	if horizon.Unit != duration.WorkingDays {
		// in working days the end depends on each case's calendar: no single band to draw
		rep.HorizonEnd = horizon.After(day, nil, duration.Day0)
	}
	failed := 0
	for _, r := range cases {
		if !r.failed {
			rep.Cases = append(rep.Cases, r.value)
			continue
		}
		failed++
		nr := report.NotRead{Dir: r.dir, Errors: r.diags.Errors(), Problem: r.dir + ": could not be read"}
		for _, d := range r.diags {
			if d.Severity == diag.Error {
				nr.Problem = d.String()
				break
			}
		}
		rep.NotRead = append(rep.NotRead, nr)
	}
	printDiags(errOut, onlyFailed(cases))
	return rep, failed, nil
}

// writeFileAtomic has write fill a temporary file beside path and renames it into place, so
// that a failed run never leaves half a report where the last good one was.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone already after a successful rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
