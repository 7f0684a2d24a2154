// Package test is `cpcase policy test`: run the tests that live beside a policy (cases, an as-of
// date, the rows expected), for CI.
package test

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/policytest"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// DefaultDir is where tests are looked for when no path is given.
const DefaultDir = "policies/tests"

// Options are what `cpcase policy test` runs with.
type Options struct {
	IO *iostreams.IOStreams

	Paths   []string // test files, or folders searched for them; none: DefaultDir
	Format  string   // text, json or github
	Update  bool     // rewrite the expected rows of failed tests
	Verbose bool     // list passed tests too
}

// NewCmdTest builds the command; runF, when not nil, runs instead of Run.
func NewCmdTest(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "test [FILE|DIR...]",
		Short: "Run a policy's tests: given these cases on these days, expect these rows",
		Long: `Test runs policy test files: each names a policy (an id, or a path from the test file) and
holds tests, each a case (a case folder's path, or its files written inline), an as-of date and
every row the policy must give for it (rule, child, due, status, and met or booked when given).
A test passes when the policy gives exactly the rows expected, in any order; a failed test
prints the rows expected and not given (-) and given and not expected (+).

A DIR is searched for *.yaml test files, leaving out case folders (folders holding plan.yaml)
and policy files (files with rules and no tests).
With no path, runs policies/tests. --update rewrites the expected rows of each failed test to
what the policy gives now (every other byte of the file stays); read the change before you
commit it. --format github prints GitHub Actions annotations at the test file's lines, then
the text report; it is the default when GITHUB_ACTIONS is set. The format of test files is in
docs/writing-a-policy.md.

Exit status: 0 every test passed, 1 a test failed or a test file has errors, 2 usage or I/O
error.`,
		Example: `  cpcase policy test
  cpcase policy test policies/tests/england-wt-2023
  cpcase policy test --format github policies/tests
  cpcase policy test --update policies/tests/england-wt-2023/plans.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			if !cmd.Flags().Changed("format") && os.Getenv("GITHUB_ACTIONS") == "true" {
				o.Format = "github"
			}
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text, json or github")
	cmd.Flags().BoolVar(&o.Update, "update", false, "rewrite the expected rows of failed tests to what the policy gives")
	cmd.Flags().BoolVarP(&o.Verbose, "verbose", "v", false, "list every test, passed ones too")
	return cmd
}

// fileRun is one test file: its findings, or its results.
type fileRun struct {
	path    string
	policy  string
	diags   diag.List
	results []*policytest.Result
	updated int
}

// Run is `cpcase policy test`.
func Run(o *Options) error {
	switch o.Format {
	case "text", "json", "github":
	default:
		return cmdutil.Usagef("--format: unknown format %q (expected text, json or github)", o.Format)
	}
	paths := o.Paths
	if len(paths) == 0 {
		paths = []string{DefaultDir}
	}
	files, err := findFiles(paths)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return cmdutil.Usagef("no policy test files found in %s", strings.Join(paths, ", "))
	}
	reg := policy.NewRegistry()
	var runs []*fileRun
	for _, path := range files {
		fr, err := runFile(path, reg, o.Update)
		if err != nil {
			return err
		}
		runs = append(runs, fr)
	}
	sum := summarise(runs)
	switch o.Format {
	case "json":
		err = writeJSON(o.IO.Out, runs, sum)
	case "github":
		gw := safe.ForGitHub(o.IO.Out)
		writeAnnotations(gw, runs)
		writeText(gw, runs, sum, o.Verbose, func(s string) string { return s })
		err = gw.Flush()
	default:
		writeText(o.IO.Out, runs, sum, o.Verbose, safe.Term)
	}
	if err != nil {
		return err
	}
	if sum.failed > 0 || sum.fileErrors > 0 {
		return cmdutil.ErrFindings
	}
	return nil
}

// findFiles lists the test files of paths: files as given, folders searched for *.yaml files
// outside case folders, in path order.
func findFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, cmdutil.IOError(err)
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if _, err := os.Stat(filepath.Join(path, casefolder.PlanFile)); err == nil {
					return fs.SkipDir // a case folder that tests use, not tests
				}
				return nil
			}
			if (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) && !isPolicyFile(path) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, cmdutil.IOError(err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// isPolicyFile reports whether a file found in a folder is a policy rather than its tests (it
// has rules or extends and no tests), so that `cpcase policy test policies` runs the tests in
// policies/tests and leaves the policies beside them alone. A file given by name is always read
// as a test file.
func isPolicyFile(path string) bool {
	data, err := yamlwalk.ReadFile(path)
	if err != nil {
		return false // reported when it is read as a test file
	}
	var top map[string]yaml.Node
	if yaml.Unmarshal(data, &top) != nil {
		return false
	}
	_, tests := top["tests"]
	_, rules := top["rules"]
	_, extends := top["extends"]
	return !tests && (rules || extends)
}

func runFile(path string, reg *policy.Registry, update bool) (*fileRun, error) {
	fr := &fileRun{path: path}
	data, err := yamlwalk.ReadFile(path)
	if err != nil {
		return nil, cmdutil.IOError(err)
	}
	f, d := policytest.Parse(path, data)
	fr.diags = d
	if f == nil {
		return fr, nil
	}
	fr.policy = f.Policy
	p, pd, err := reg.Resolve(f.Policy)
	switch {
	case err != nil:
		fr.diags.Add(f.PolicyPos.File, f.PolicyPos.Line, f.PolicyPos.Col, "%v", err)
		return fr, nil
	case p == nil:
		fr.diags.Add(f.PolicyPos.File, f.PolicyPos.Line, f.PolicyPos.Col, "policy %s has errors; run cpcase policy lint %s", f.Policy, f.Policy)
		fr.diags = append(fr.diags, pd...)
		return fr, nil
	}
	fr.policy = p.ID
	fr.results = policytest.Run(f, p, yamlwalk.ReadFile)
	if update {
		out, n, err := policytest.Update(f, fr.results)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		if n > 0 {
			if err := atomicfile.Write(path, out, atomicfile.Options{}); err != nil {
				return nil, cmdutil.IOError(err)
			}
		}
		fr.updated = n
	}
	return fr, nil
}

type summary struct {
	files, tests, passed, failed, updated, fileErrors int
}

func summarise(runs []*fileRun) summary {
	s := summary{files: len(runs)}
	for _, fr := range runs {
		if fr.diags.Errors() > 0 {
			s.fileErrors++
		}
		for _, r := range fr.results {
			s.tests++
			if r.Passed() {
				s.passed++
			} else {
				s.failed++
			}
		}
		s.updated += fr.updated
	}
	return s
}

func (s summary) String() string {
	line := fmt.Sprintf("%s in %s: %d passed, %d failed", cmdutil.PluralN(s.tests, "test"), cmdutil.PluralN(s.files, "file"), s.passed, s.failed)
	if s.fileErrors > 0 {
		line += fmt.Sprintf("; %s with errors", cmdutil.PluralN(s.fileErrors, "file"))
	}
	if s.updated > 0 {
		line += fmt.Sprintf("; %s updated", cmdutil.PluralN(s.updated, "test"))
	}
	return line
}

// writeText is the report: each file's findings, each failed test (each test with verbose) with
// its diff, and the summary. clean makes text from files safe for the consumer.
func writeText(w io.Writer, runs []*fileRun, sum summary, verbose bool, clean func(string) string) {
	for _, fr := range runs {
		for _, d := range fr.diags {
			fmt.Fprintln(w, clean(d.String()))
		}
		for _, r := range fr.results {
			t := r.Test
			head := fmt.Sprintf("%s:%d: %s (as of %s)", fr.path, t.Pos.Line, t.Name, t.AsOf)
			switch {
			case r.Passed():
				if verbose {
					fmt.Fprintln(w, clean("ok   "+head))
				}
				continue
			case r.Diags.Errors() > 0:
				fmt.Fprintln(w, clean("FAIL "+head+": the case does not load"))
				for _, d := range r.Diags {
					fmt.Fprintln(w, clean("    "+d.String()))
				}
				continue
			}
			fmt.Fprintln(w, clean(fmt.Sprintf("FAIL %s: %s", head, failText(r))))
			if fr.updated > 0 {
				fmt.Fprintln(w, "    (expected rows rewritten by --update)")
			}
			for _, l := range r.Diff() {
				at := ""
				if l.Op == '-' {
					at = fmt.Sprintf("    (line %d)", l.Row.Pos.Line)
				}
				fmt.Fprintln(w, clean(fmt.Sprintf("    %c %s%s", l.Op, l.Row, at)))
			}
		}
	}
	fmt.Fprintln(w, sum)
}

func failText(r *policytest.Result) string {
	if r.Test.NoExpect {
		return fmt.Sprintf("no expect: yet; --update records the %s the policy gives (+)", cmdutil.PluralN(len(r.Got), "row"))
	}
	var parts []string
	if n := len(r.Missing); n > 0 {
		parts = append(parts, fmt.Sprintf("%s expected and not given (-)", cmdutil.PluralN(n, "row")))
	}
	if n := len(r.Extra); n > 0 {
		parts = append(parts, fmt.Sprintf("%s given and not expected (+)", cmdutil.PluralN(n, "row")))
	}
	return strings.Join(parts, ", ")
}

// writeAnnotations writes one GitHub annotation per finding, per row expected and not given (at
// its line) and per failed test (at its name).
func writeAnnotations(gw *safe.LineWriter, runs []*fileRun) {
	ann := func(file string, line, col int, msg string) {
		gw.WriteCommand(fmt.Sprintf("::error file=%s,line=%d,col=%d::%s", safe.GitHubProperty(file), line, col, safe.GitHubMessage(msg)))
	}
	for _, fr := range runs {
		for _, d := range fr.diags {
			ann(d.File, d.Line, d.Col, d.Msg)
		}
		for _, r := range fr.results {
			if r.Passed() {
				continue
			}
			t := r.Test
			if r.Diags.Errors() > 0 {
				for _, d := range r.Diags {
					ann(d.File, d.Line, d.Col, fmt.Sprintf("test %q: %s", t.Name, d.Msg))
				}
				continue
			}
			if t.NoExpect {
				ann(fr.path, t.Pos.Line, t.Pos.Col, fmt.Sprintf("test %q has no expect: yet (cpcase policy test --update records it)", t.Name))
				continue
			}
			for _, m := range r.Missing {
				ann(fr.path, m.Pos.Line, m.Pos.Col, fmt.Sprintf("test %q: expected %s, not given", t.Name, m))
			}
			if len(r.Extra) > 0 {
				var rows []string
				for _, x := range r.Extra {
					rows = append(rows, x.String())
				}
				ann(fr.path, t.Pos.Line, t.Pos.Col, fmt.Sprintf("test %q: given and not expected: %s", t.Name, strings.Join(rows, "; ")))
			}
		}
	}
}

type jsonRow struct {
	Rule   string  `json:"rule"`
	Child  *string `json:"child"`
	Due    *string `json:"due"`
	Status string  `json:"status"`
	Met    *string `json:"met,omitempty"`
	Booked *string `json:"booked,omitempty"`
	Over   *bool   `json:"over_limit,omitempty"`
	Line   int     `json:"line,omitempty"`
}

type jsonTest struct {
	File       string            `json:"file"`
	Line       int               `json:"line"`
	Name       string            `json:"name"`
	AsOf       string            `json:"as_of"`
	Policy     string            `json:"policy"`
	Passed     bool              `json:"passed"`
	Errors     []diag.Diagnostic `json:"errors"`
	Missing    []jsonRow         `json:"missing"`
	Unexpected []jsonRow         `json:"unexpected"`
}

type jsonReport struct {
	Files   int               `json:"files"`
	Tests   int               `json:"tests"`
	Passed  int               `json:"passed"`
	Failed  int               `json:"failed"`
	Errors  []diag.Diagnostic `json:"errors"` // in the test files themselves
	Results []jsonTest        `json:"results"`
}

func toJSONRows(rows []policytest.Row) []jsonRow {
	out := make([]jsonRow, 0, len(rows))
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	for _, r := range rows {
		jr := jsonRow{Rule: r.Rule, Child: opt(r.Child), Status: string(r.Status), Line: r.Pos.Line}
		if !r.Due.IsZero() {
			jr.Due = opt(r.Due.String())
		}
		if !r.Met.IsZero() {
			jr.Met = opt(r.Met.String())
		}
		if !r.Booked.IsZero() {
			jr.Booked = opt(r.Booked.String())
		}
		if r.HasOverLimit {
			v := r.OverLimit
			jr.Over = &v
		}
		out = append(out, jr)
	}
	return out
}

func writeJSON(w io.Writer, runs []*fileRun, sum summary) error {
	rep := jsonReport{Files: sum.files, Tests: sum.tests, Passed: sum.passed, Failed: sum.failed, Errors: []diag.Diagnostic{}, Results: []jsonTest{}}
	for _, fr := range runs {
		rep.Errors = append(rep.Errors, fr.diags...)
		for _, r := range fr.results {
			t := r.Test
			jt := jsonTest{File: fr.path, Line: t.Pos.Line, Name: t.Name, AsOf: t.AsOf.String(), Policy: fr.policy, Passed: r.Passed(),
				Errors: append([]diag.Diagnostic{}, r.Diags...), Missing: toJSONRows(r.Missing), Unexpected: toJSONRows(r.Extra)}
			rep.Results = append(rep.Results, jt)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
