// Package ssd imports child protection cases from the Standard Safeguarding Dataset (SSD, by
// Data to Insight): one CSV per SSD table, headed with the SSD field names. Each family becomes a
// case folder written as cpcase init writes one; a reconcile report says what the extract did
// not hold, what could not be matched, and where the SSD's review due dates differ from the
// policy's. Nothing is written when any cell cannot be read, and a case folder that exists is
// never changed: a second import writes the new cases and reports how the others differ.
package ssd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/edit"
	"github.com/cpcase/cpcase/internal/interop/casefile"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/schema"
)

// Options say how to import.
type Options struct {
	Policy    string     // the policy each case is checked against: written to plan.yaml (required)
	AsOf      civil.Date // today: a born date after it is written as expected; due dates are worked out on it
	VisitKind string     // the kind written on visits, which the SSD does not hold (default home)
	Report    string     // the reconcile report's path (default OUT/ssd-reconcile.md)
	Schemas   string     // the editors' JSON Schemas folder (default: a schemas folder in OUT or above, else OUT/schemas)
	Registry  *policy.Registry
}

// Result is what an import did.
type Result struct {
	Refused  diag.List // cells that could not be read: nothing was written
	Written  []string  // the case folders made
	Existing []Compared
	Report   string // the reconcile report written
	Children int    // children with a plan in the extract
	Plans    int
	Schemas  string // the schemas folder written, or ""
}

// Compared is a case that was already there, and how the extract differs from it.
type Compared struct {
	Dir         string
	Ref         string
	Differences []string
}

// ReportName is the reconcile report's file name in the output folder.
const ReportName = "ssd-reconcile.md"

// Import reads the extract in dir and writes the cases to out. The error is for usage and I/O
// problems; cells that cannot be read are in Result.Refused, and then nothing is written.
func Import(dir, out string, o Options) (*Result, error) {
	if o.Registry == nil {
		o.Registry = policy.NewRegistry()
	}
	if o.Policy == "" {
		return nil, errors.New("no policy given: the imported cases need one to be checked against")
	}
	pol, pd, err := o.Registry.Resolve(o.Policy)
	if err != nil {
		return nil, err
	}
	if pol == nil {
		return nil, fmt.Errorf("policy %s has errors: %s; run cpcase policy lint %s", o.Policy, pd[0].String(), o.Policy)
	}
	if info, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder: give the folder that holds the SSD tables (ssd_person.csv, ssd_cp_plans.csv, ...)", dir)
	}
	x, err := read(dir)
	if err != nil {
		return nil, err
	}
	res := &Result{Refused: x.refused}
	if len(x.refused) > 0 {
		return res, nil
	}
	fams := x.families()
	for _, f := range fams {
		res.Children += len(f.children)
		for _, ps := range f.plans {
			res.Plans += len(ps)
		}
		x.build(f, o)
	}
	existing, err := existingCases(out, o.AsOf)
	if err != nil {
		return nil, err
	}
	schemaDir, writeSchemas, err := schemasFor(out, o.Schemas)
	if err != nil {
		return nil, err
	}
	rel := "../" + filepath.ToSlash(filepath.Base(schemaDir))
	if r, err := filepath.Rel(filepath.Join(absOr(out), "x"), absOr(schemaDir)); err == nil {
		rel = filepath.ToSlash(r)
	}
	var dues []dueDiff
	var todo []planned
	for _, f := range fams {
		if e := existing.match(f, filepath.Join(out, folderName(f.ref))); e != nil {
			res.Existing = append(res.Existing, Compared{Dir: e.Dir, Ref: e.Ref, Differences: compare(e, f.built)})
			continue
		}
		caseDir := filepath.Join(out, folderName(f.ref))
		f.built.Policy = policyFrom(caseDir, o.Policy)
		files := casefile.Files(f.built, casefile.Options{Schemas: rel, Header: header(f, dir), Notes: notes(f)})
		c, d := loadMem(caseDir, files, o.AsOf)
		if d.Errors() > 0 {
			// A case the import made that fails cpcase check is a fault of the import, not of the data.
			return nil, fmt.Errorf("the case made for %s fails cpcase check (%s); nothing was written", f.ref, d[0].String())
		}
		dues = append(dues, reviewDues(f, c, pol, o.AsOf)...)
		todo = append(todo, planned{caseDir, files})
	}
	for _, p := range todo {
		if err := writeCase(p.dir, p.files); err != nil {
			return res, err
		}
		res.Written = append(res.Written, p.dir)
	}
	if writeSchemas && len(todo) > 0 {
		if err := os.MkdirAll(schemaDir, 0o755); err != nil {
			return res, err
		}
		for _, f := range schema.Files() {
			p := filepath.Join(schemaDir, f.Name)
			if _, err := os.Stat(p); err == nil {
				continue
			}
			if err := edit.Overwrite(p, schema.Generate(f)); err != nil {
				return res, err
			}
		}
		res.Schemas = schemaDir
	}
	res.Report = o.Report
	if res.Report == "" {
		res.Report = filepath.Join(out, ReportName)
	}
	if err := os.MkdirAll(filepath.Dir(res.Report), 0o755); err != nil {
		return res, err
	}
	rep := x.report(reportInput{dir: dir, out: out, policy: pol.ID, asOf: o.AsOf, fams: fams, res: res, dues: dues})
	if err := edit.Overwrite(res.Report, []byte(rep)); err != nil {
		return res, err
	}
	return res, nil
}

// policyFrom is the policy as plan.yaml names it: an id as it is; a relative path made relative to
// the case folder, where cpcase looks for it first.
func policyFrom(caseDir, ref string) string {
	if !policy.IsPath(ref) || filepath.IsAbs(ref) {
		return ref
	}
	if r, err := filepath.Rel(absOr(caseDir), absOr(ref)); err == nil {
		return filepath.ToSlash(r)
	}
	return ref
}

// planned is a case to write: its folder and files.
type planned struct {
	dir   string
	files map[string]string
}

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func header(f *family, dir string) []string {
	var ids []string
	for _, ch := range f.children {
		ids = append(ids, ch.at.get("pers_person_id"))
	}
	return []string{
		"Case " + f.ref + ", made by cpcase import ssd from the Standard Safeguarding Dataset extract",
		"in " + filepath.Base(filepath.Clean(dir)) + " (person ids " + strings.Join(ids, ", ") + "). Add the core group, meetings and anything",
		"else the SSD does not hold; `cpcase check` checks the folder. The import never changes it.",
	}
}

func notes(f *family) map[string][]string {
	m := []string{"The core group of case " + f.ref + ". The SSD holds the allocated workers only: add the other members."}
	if f.worker {
		m = append(m, noWorker+" made the visits on days the extract holds no allocated worker.")
	}
	return map[string][]string{
		casefolder.MembersFile:  m,
		casefolder.MeetingsFile: {"The meetings of case " + f.ref + ". The SSD holds no core groups: `cpcase add meeting` adds one."},
		casefolder.VisitsFile:   {"The visits of case " + f.ref + ", from ssd_cp_visits. `cpcase add visit` adds one."},
	}
}

// loadMem loads a case from its files in memory, as cpcase check would read them from dir.
func loadMem(dir string, files map[string]string, asOf civil.Date) (*casefolder.Case, diag.List) {
	return casefolder.LoadWith(dir, asOf, func(name string) ([]byte, error) {
		if b, ok := files[filepath.Base(name)]; ok {
			return []byte(b), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	})
}

// writeCase makes the folder and its files, plan.yaml last (it is what makes the folder a case,
// so a run stopped half-way leaves no half-made case). Each file is made whole or not at all,
// and none is overwritten.
func writeCase(dir string, files map[string]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{casefolder.MembersFile, casefolder.MeetingsFile, casefolder.VisitsFile, casefolder.PlanFile} {
		if err := edit.Create(filepath.Join(dir, name), []byte(files[name])); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s already exists: the import never overwrites a case file", filepath.Join(dir, name))
			}
			return err
		}
	}
	return nil
}

// schemasFor is the folder the modelines point at, and whether the import must write the
// schemas there: the given folder, else the nearest folder named schemas in out or above that
// holds them, else out/schemas.
func schemasFor(out, given string) (string, bool, error) {
	plan := schema.CaseFileName(casefolder.PlanFile)
	if given != "" {
		_, err := os.Stat(filepath.Join(given, plan))
		return given, err != nil, nil
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", false, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "schemas", plan)); err == nil {
			return filepath.Join(d, "schemas"), false, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return filepath.Join(abs, "schemas"), true, nil
}

// existing is the cases already in the output folder.
type existing struct {
	byChild map[string]*casefolder.Case
	byRef   map[string]*casefolder.Case
	byDir   map[string]*casefolder.Case
}

func existingCases(out string, asOf civil.Date) (*existing, error) {
	e := &existing{byChild: map[string]*casefolder.Case{}, byRef: map[string]*casefolder.Case{}, byDir: map[string]*casefolder.Case{}}
	if _, err := os.Stat(out); errors.Is(err, fs.ErrNotExist) {
		return e, nil
	}
	dirs, err := casefolder.Find([]string{out})
	if err != nil {
		return nil, err
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		c, _ := casefolder.Load(d, asOf) // a case with findings is still compared as far as it reads
		e.byDir[filepath.Clean(d)] = c
		if c.Ref != "" {
			e.byRef[c.Ref] = c
		}
		for _, ch := range c.Children {
			if e.byChild[ch.ID] == nil {
				e.byChild[ch.ID] = c
			}
		}
	}
	return e, nil
}

// match is the case already holding one of the family's children, or its reference, or its folder.
func (e *existing) match(f *family, dir string) *casefolder.Case {
	if c := e.byDir[filepath.Clean(dir)]; c != nil {
		return c
	}
	for _, ch := range f.children {
		if c := e.byChild[ch.id]; c != nil {
			return c
		}
	}
	if c := e.byRef[f.ref]; c != nil {
		return c
	}
	return nil
}
