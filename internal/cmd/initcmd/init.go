// Package initcmd is `cpcase init`: a new case folder with its four files, ready to fill in.
package initcmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/edit"
	"github.com/cpcase/cpcase/internal/interop/casefile"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/load/shape"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
	"github.com/cpcase/cpcase/internal/schema"
)

// Options are what `cpcase init` runs with.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date

	Dir        string
	Ref        string // --case
	Conference string
	Kind       string
	Policy     string
	Schemas    string
	Children   []string // --child values: ID, ID:DATE, ID:born=DATE or ID:expected=DATE
	Lead       string   // --lead: ID or ID:NAME of the lead social worker
}

// child is a --child value read.
type child struct {
	id             string
	born, expected civil.Date
}

// parseChild reads ID, ID:DATE, ID:born=DATE or ID:expected=DATE. A bare date is the date of
// birth at an initial conference and the expected date at a pre-birth one.
func parseChild(v, kind string) (child, error) {
	id, date, dated := strings.Cut(v, ":")
	c := child{id: id}
	if !yamlwalk.IsID(id) {
		return c, fmt.Errorf("%q is not a valid id (lower-case letters, digits, '.', '_' or '-', starting with a letter or digit)", id)
	}
	if !dated {
		return c, nil
	}
	key := casefolder.PreBirth
	if k, d, ok := strings.Cut(date, "="); ok {
		key, date = k, d
	} else if kind != casefolder.PreBirth {
		key = "born"
	}
	d, err := civil.Parse(date)
	if err != nil {
		return c, fmt.Errorf("%s: %v", v, err)
	}
	switch key {
	case "born":
		c.born = d
	case "expected", casefolder.PreBirth:
		c.expected = d
	default:
		return c, fmt.Errorf("%s: %q is not born or expected (write %s:born=%s or %s:expected=%s)", v, key, id, date, id, date)
	}
	return c, nil
}

// NewCmdInit builds the command; runF, when not nil, runs instead of Run.
func NewCmdInit(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today}
	cmd := &cobra.Command{
		Use:   "init DIR --case REF --conference DATE --policy ID [--kind initial|pre-birth] [--child ID...]",
		Short: "Start a new case folder with its four files, ready to fill in",
		Long: `Init makes a new case folder DIR holding plan.yaml, members.yaml, meetings.yaml and
visits.yaml: the case reference, the policy, the children and the conference that started the
plan filled in from the flags, and every other key written as a comment that says what it
means, ready to uncomment and fill in. The new folder passes cpcase check as it is.

--child ID:DATE writes the child's date of birth (at a pre-birth conference, the expected
date of delivery); --child ID:born=DATE and --child ID:expected=DATE say which. A child
with neither has no clock for what is counted from the birth: init and cpcase check warn.
--lead ID:NAME writes the lead social worker into members.yaml and names them at the
conference, so that cpcase add visit --by ID works straight away.

Each file starts with a line that points the YAML extension of VS Code at the file's JSON
Schema (see docs/editors.md). The schemas are looked for in a folder named schemas in DIR's
parent folder or any folder above it; when there is none, init writes them to a schemas
folder beside DIR. --schemas DIR names the folder instead.

Init never overwrites: it stops if DIR already holds any of the four files.

Exit status: 0 done, 1 the flags make an invalid case, 2 usage or I/O error.`,
		Example: `  cpcase init cases/NR-2026-0142 --case NR-2026-0142 --conference 2026-10-01 --policy core-groups-s9 --child a:2016-04-11 --child b:2019-09-30 --lead "sw1:Sam Okafor"
  cpcase init cases/NR-2026-0150 --case NR-2026-0150 --conference 2026-11-02 --kind pre-birth --policy core-groups-ch7 --child u:2027-01-20`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = args[0]
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Ref, "case", "", "the case reference, unique across all cases (required)")
	fl.StringVar(&o.Conference, "conference", "", "date of the conference that started the plan, YYYY-MM-DD (required)")
	fl.StringVar(&o.Kind, "kind", casefolder.Initial, "that conference's kind: initial or pre-birth")
	fl.StringVar(&o.Policy, "policy", "", "the policy the case is checked against: an id or a file (required)")
	fl.StringArrayVar(&o.Children, "child", nil, "a child: ID, or ID:DATE with the date of birth (expected date at a pre-birth conference); repeat for each child (default: one child, a)")
	fl.StringVar(&o.Lead, "lead", "", "the lead social worker: ID or ID:NAME, written to members.yaml and named at the conference")
	fl.StringVar(&o.Schemas, "schemas", "", "the folder of the editors' JSON Schemas (default: found above DIR, or written beside it)")
	for _, r := range []string{"case", "conference", "policy"} {
		_ = cmd.MarkFlagRequired(r)
	}
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions([]cobra.Completion{casefolder.Initial, casefolder.PreBirth}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("policy", cmdutil.CompletePolicies)
	_ = cmd.RegisterFlagCompletionFunc("conference", cobra.NoFileCompletions)
	_ = cmd.RegisterFlagCompletionFunc("case", cobra.NoFileCompletions)
	_ = cmd.RegisterFlagCompletionFunc("child", cobra.NoFileCompletions)
	_ = cmd.MarkFlagDirname("schemas")
	return cmd
}

// Run is `cpcase init`.
func Run(opts *Options) error {
	o, dir := *opts, opts.Dir // o is changed below: not the caller's
	conf, err := civil.Parse(o.Conference)
	if err != nil {
		return cmdutil.Usagef("--conference: %v", err)
	}
	if o.Kind != casefolder.Initial && o.Kind != casefolder.PreBirth {
		return cmdutil.Usagef("--kind: a plan starts at an initial or a pre-birth conference, not %q", o.Kind)
	}
	if strings.TrimSpace(o.Ref) == "" || strings.ContainsAny(o.Ref, "\r\n") {
		return cmdutil.Usagef("--case: give the case reference, on one line")
	}
	if len(o.Children) == 0 {
		o.Children = []string{"a"}
	}
	seen := map[string]bool{}
	var children []child
	for _, v := range o.Children {
		c, err := parseChild(v, o.Kind)
		if err != nil {
			return cmdutil.Usagef("--child: %v", err)
		}
		if seen[c.id] {
			return cmdutil.Usagef("--child: %q is given twice", c.id)
		}
		seen[c.id] = true
		children = append(children, c)
	}
	lead, leadName, _ := strings.Cut(o.Lead, ":")
	if o.Lead != "" && !yamlwalk.IsID(lead) {
		return cmdutil.Usagef("--lead: %q is not a valid id (lower-case letters, digits, '.', '_' or '-', starting with a letter or digit)", lead)
	}
	if _, _, err := policy.NewRegistry().Resolve(o.Policy); err != nil {
		return cmdutil.Usagef("--policy: %v", err)
	}
	if policy.IsPath(o.Policy) && !filepath.IsAbs(o.Policy) {
		// plan.yaml's policy: path is read from the case folder: write it from there
		if rel, err := relFrom(dir, o.Policy); err == nil {
			o.Policy = filepath.ToSlash(rel)
		}
	}
	for _, name := range casefolder.Files {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return cmdutil.Usagef("%s already exists: init never overwrites a case (use cpcase add, or edit the files)", filepath.Join(dir, name))
		}
	}
	schemaDir, writeSchemas, err := schemasFor(dir, o.Schemas)
	if err != nil {
		return err
	}
	rel := schemaDir
	if r, err := relFrom(dir, schemaDir); err == nil {
		rel = r // relative, so the folder can move with its schemas and work offline
	}
	files := scaffold(o, children, lead, leadName, conf, filepath.ToSlash(rel))

	// Check the case as cpcase check would before anything is written.
	c, d := casefolder.LoadWith(dir, o.Today(), func(name string) ([]byte, error) {
		if b, ok := files[filepath.Base(name)]; ok {
			return []byte(b), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	})
	out := o.IO.Out
	if d.Errors() > 0 {
		for _, x := range d {
			fmt.Fprintln(out, x.String())
		}
		fmt.Fprintln(out, "nothing written: these flags make a case that fails cpcase check")
		return cmdutil.ErrFindings
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cmdutil.IOError(err)
	}
	// plan.yaml last: it is what makes the folder a case, so a run killed half-way leaves no
	// half-made case, and each file is whole or absent.
	for _, name := range []string{casefolder.MembersFile, casefolder.MeetingsFile, casefolder.VisitsFile, casefolder.PlanFile} {
		if err := createNew(filepath.Join(dir, name), files[name]); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "made case folder %s: plan.yaml, members.yaml, meetings.yaml, visits.yaml\n", dir)
	for _, w := range casefolder.Warnings(c) {
		fmt.Fprintln(o.IO.ErrOut, w.String())
	}
	if writeSchemas {
		if err := os.MkdirAll(schemaDir, 0o755); err != nil {
			return cmdutil.IOError(err)
		}
		for _, f := range schema.Files() {
			p := filepath.Join(schemaDir, f.Name)
			if _, err := os.Stat(p); err == nil {
				continue
			}
			if err := edit.Overwrite(p, schema.Generate(f)); err != nil {
				return cmdutil.IOError(err)
			}
		}
		fmt.Fprintf(out, "wrote the editors' JSON Schemas to %s (see docs/editors.md)\n", schemaDir)
	}
	if lead == "" {
		fmt.Fprintf(out, "next: add the core group to %s, then cpcase check %s\n", filepath.Join(dir, casefolder.MembersFile), dir)
	} else {
		fmt.Fprintf(out, "next: add the rest of the core group to %s, then cpcase check %s\n", filepath.Join(dir, casefolder.MembersFile), dir)
	}
	return nil
}

// relFrom is the path to target from the folder dir, both relative to the working directory or
// absolute.
func relFrom(dir, target string) (string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	absTarget, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	return filepath.Rel(absDir, absTarget)
}

// createNew writes a file that must not exist yet, atomically: a file that appeared since the
// check above is left alone.
func createNew(path, data string) error {
	err := edit.Create(path, []byte(data))
	if errors.Is(err, fs.ErrExist) {
		return cmdutil.Usagef("%s already exists: init never overwrites a case", path)
	}
	return cmdutil.IOError(err)
}

// schemasFor is the folder the modelines point at, and whether init must write the schemas
// there: the given folder, or the nearest folder named schemas that holds them in the parent of
// dir or above, or else schemas beside dir.
func schemasFor(dir, given string) (string, bool, error) {
	plan := schema.CaseFileName(casefolder.PlanFile)
	if given != "" {
		_, err := os.Stat(filepath.Join(given, plan))
		return given, err != nil, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false, cmdutil.IOError(err)
	}
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "schemas", plan)); err == nil {
			return filepath.Join(d, "schemas"), false, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return filepath.Join(filepath.Dir(abs), "schemas"), true, nil
}

// scaffold writes the four files: what the flags give filled in, every other key commented out
// with an example, and beside each key what it means (from the format's description, as the
// editors' schemas say it).
func scaffold(o Options, children []child, lead, leadName string, conf civil.Date, schemas string) map[string]string {
	modeline := func(file string) string {
		return "# yaml-language-server: $schema=" + schemas + "/" + schema.CaseFileName(file) + "\n"
	}
	var p scaffoldWriter
	p.raw(modeline(casefolder.PlanFile))
	p.raw("# Case " + o.Ref + ", made by cpcase init. A key commented out (#) is there to fill in when\n")
	p.raw("# it is known: remove the # and write the value. `cpcase check` checks the folder.\n")
	plan := casefolder.PlanSpec
	p.key(0, plan, "case", scalarText(o.Ref))
	p.key(0, plan, "policy", scalarText(o.Policy))
	p.commented(0, plan, "team", "Team North")
	p.key(0, plan, "children", "")
	if len(children) == 0 {
		children = []child{{id: "a"}}
	}
	for i, c := range children {
		p.item(2, casefolder.ChildSpec, "id", scalarText(c.id))
		p.commented(4, casefolder.ChildSpec, "name", "")
		switch {
		case !c.born.IsZero():
			p.key(4, casefolder.ChildSpec, "born", c.born.String())
		case !c.expected.IsZero():
			p.key(4, casefolder.ChildSpec, "expected", c.expected.String())
		case o.Kind == casefolder.PreBirth && i == 0:
			p.commented(4, casefolder.ChildSpec, "expected", conf.AddMonths(3).String())
		default:
			p.commented(4, casefolder.ChildSpec, "born", "")
		}
	}
	p.key(0, plan, "conferences", "")
	cs := casefolder.ConferenceSpec
	p.item(2, cs, "kind", o.Kind)
	p.key(4, cs, "date", conf.String())
	p.key(4, cs, "decision", casefolder.DecisionPlan)
	if lead != "" {
		p.key(4, cs, "lead", lead)
	} else {
		p.commented(4, cs, "lead", "sw1")
	}
	p.commented(4, cs, "core_group_set", conf.AddDays(10).String())
	p.commented(4, cs, "core_group_every", "6 weeks")
	p.commented(4, cs, "visit_every", "10 working days")
	p.commented(4, cs, "next_review", conf.AddMonths(3).String())
	p.commented(4, cs, "record", "")
	p.commented(6, casefolder.ConferenceRecordSpec, "circulated", conf.AddDays(7).String())
	p.commented(6, casefolder.ConferenceRecordSpec, "plan_circulated", conf.AddDays(7).String())
	p.commented(0, plan, "enquiry", "")
	p.commented(2, casefolder.EnquirySpec, "strategy_discussion", conf.AddDays(-14).String())
	p.commented(2, casefolder.EnquirySpec, "section47_started", conf.AddDays(-14).String())
	p.commented(0, plan, "facts", "[]")
	p.commented(0, plan, "core_assessment", "")
	p.commented(2, casefolder.AssessmentSpec, "started", conf.String())
	p.commented(2, casefolder.AssessmentSpec, "completed", "")
	p.commented(0, plan, "plan", "")
	p.commented(2, casefolder.DetailSpec, "agreed", "")
	p.commented(2, casefolder.DetailSpec, "sections", "")
	p.raw("#     needs: text\n#     outcomes: text\n#     contingency: text\n")
	p.commented(2, casefolder.DetailSpec, "actions", "")
	p.commentedItem(4, casefolder.ActionSpec, map[string]string{"id": "a1", "text": "Health visitor to complete developmental check", "owner": "hv1", "due": "", "done": ""})
	p.commented(2, casefolder.DetailSpec, "signed", "")
	p.raw("#     sw1: " + conf.AddDays(10).String() + "\n")
	p.commented(0, plan, "escalations", "")
	p.commentedItem(2, casefolder.EscalationSpec, map[string]string{"date": "", "reason": casefolder.ReasonNoAccess, "to": "tm1", "note": "text"})

	var m scaffoldWriter
	m.raw(modeline(casefolder.MembersFile))
	m.raw("# The core group of case " + o.Ref + ": one entry per member, copied from the commented one below.\n")
	m.raw("# Roles policies read: social-worker, lead-social-worker, team-manager, practice-lead, parent,\n")
	m.raw("# carer, family, child, foster-carer, and professionals (health-visitor, teacher, gp, ...).\n")
	m.key(0, casefolder.MembersSpec, "members", "")
	if lead != "" {
		m.item(2, casefolder.MemberSpec, "id", lead)
		if leadName != "" {
			m.key(4, casefolder.MemberSpec, "name", scalarText(leadName))
		}
		m.key(4, casefolder.MemberSpec, "role", "lead-social-worker")
		m.key(4, casefolder.MemberSpec, "from", conf.String())
	}
	m.commentedItem(2, casefolder.MemberSpec, map[string]string{"id": "sw1", "name": "", "role": "lead-social-worker", "agency": "Children's Social Care", "from": conf.String(), "to": "", "excluded": "false", "staff": "e10432"})

	var mt scaffoldWriter
	mt.raw(modeline(casefolder.MeetingsFile))
	mt.raw("# The meetings of case " + o.Ref + ", in any order. `cpcase add meeting` adds one.\n")
	mt.key(0, casefolder.MeetingsSpec, "meetings", "")
	mt.commentedItem(2, casefolder.MeetingSpec, map[string]string{"date": conf.AddDays(10).String(), "kind": casefolder.CoreGroup, "chair": "tm1",
		"present": "[sw1, hv1]", "apologies": "[]", "absent": "[]", "summary": "text", "decisions": "[text]", "actions": "[]", "disagreements": "[]",
		"next": conf.AddDays(52).String(), "dates_set": "[]", "rescheduled_from": "", "cancelled": "false"})

	var v scaffoldWriter
	v.raw(modeline(casefolder.VisitsFile))
	v.raw("# The visits of case " + o.Ref + ", in any order. `cpcase add visit` adds one.\n")
	v.key(0, casefolder.VisitsSpec, "visits", "")
	v.commentedItem(2, casefolder.VisitSpec, map[string]string{"date": conf.AddDays(2).String(), "by": "sw1", "kind": casefolder.Home,
		"seen": "[" + children[0].id + "]", "alone": "[" + children[0].id + "]", "bedroom": "true", "no_access": "false"})

	return map[string]string{
		casefolder.PlanFile:     p.String(),
		casefolder.MembersFile:  m.String(),
		casefolder.MeetingsFile: mt.String(),
		casefolder.VisitsFile:   v.String(),
	}
}

// scaffoldWriter writes commented YAML: "key: value", padded, "# what it means", line by line as
// cpcase import writes case files (package casefile).
type scaffoldWriter struct{ strings.Builder }

func (w *scaffoldWriter) raw(s string) { w.WriteString(s) }

func (w *scaffoldWriter) line(prefix, body, doc string) {
	w.WriteString(casefile.Line(prefix, body, doc))
}

func docOf(m *shape.Mapping, key string) string { return casefile.Doc(m, key) }

func (w *scaffoldWriter) key(indent int, m *shape.Mapping, key, value string) {
	w.line(strings.Repeat(" ", indent), strings.TrimRight(key+": "+value, " "), docOf(m, key))
}

// item starts a list item with its first key.
func (w *scaffoldWriter) item(indent int, m *shape.Mapping, key, value string) {
	w.line(strings.Repeat(" ", indent)+"- ", key+": "+value, docOf(m, key))
}

// commented writes a key commented out; value empty leaves it to fill in.
func (w *scaffoldWriter) commented(indent int, m *shape.Mapping, key, value string) {
	w.line("# "+strings.Repeat(" ", indent), strings.TrimRight(key+": "+value, " "), docOf(m, key))
}

// commentedItem writes one list item of every key of m, commented out, with the examples given.
func (w *scaffoldWriter) commentedItem(indent int, m *shape.Mapping, examples map[string]string) {
	for i, k := range m.Keys() {
		prefix := "# " + strings.Repeat(" ", indent+2)
		if i == 0 {
			prefix = "# " + strings.Repeat(" ", indent) + "- "
		}
		w.line(prefix, strings.TrimRight(k+": "+examples[k], " "), docOf(m, k))
		if f := m.Field(k); f.Kind == shape.Map && f.Map != nil {
			for _, sub := range f.Map.Keys() {
				w.commented(indent+4, f.Map, sub, "")
			}
		}
	}
}

// scalarText is s as a YAML value on one line, quoted when it needs to be.
func scalarText(s string) string { return casefile.Text(s) }
