// Package add is `cpcase add`: one entry appended to a case file, checked before it is written.
package add

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/edit"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/shape"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
	"github.com/cpcase/cpcase/internal/output/safe"
	"github.com/cpcase/cpcase/internal/redact"
)

// NewCmdAdd builds `cpcase add` and its sub-commands; runF, when not nil, runs instead of Run.
func NewCmdAdd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add visit|meeting|conference|escalation CASE [flags]",
		Short: "Add a visit, meeting, conference or escalation to a case folder",
		Long: `Add appends one entry to a case file from flags: a visit to visits.yaml, a meeting to
meetings.yaml, a conference or an escalation to plan.yaml.

The entry is checked as cpcase check would check the case, before anything is written: if it
would bring in an error (an unknown member, a child seen alone but not seen, a conference out
of date order, ...), the errors are printed and the file is left as it was. Only the new entry
is added: every other line of the file, comments included, stays byte for byte as it was, and
the entry follows the layout of the entries above it. The file is replaced in one step (never
half-written), and not at all if it changed while cpcase was working.

--dry-run prints the change as a unified diff and writes nothing.

Exit status: 0 added (or shown), 1 the entry would bring in errors, 2 usage or I/O error (a
file changed meanwhile is one: run the command again).`,
		Example: `  cpcase add visit cases/NR-2026-0142 --by sw1 --kind home --seen a,b --alone a --bedroom
  cpcase add visit cases/NR-2026-0142 --date 2026-11-20 --by sw1 --kind home --no-access
  cpcase add meeting cases/NR-2026-0142 --chair tm1 --present sw1,mum,hv1 --apologies gp1 \
      --summary "Nursery place found" --decision "Continue the plan" --next 2026-12-15
  cpcase add conference cases/NR-2026-0142 --date 2026-12-17 --kind review --decision continue
  cpcase add escalation cases/NR-2026-0142 --reason no-access --to tm1 --note "Two visits, no answer"
  cpcase add visit cases/NR-2026-0142 --by sw1 --seen a --dry-run`,
	}
	cmd.AddCommand(newVisitCmd(f, runF), newMeetingCmd(f, runF), newConferenceCmd(f, runF), newEscalationCmd(f, runF))
	return cmd
}

// target says where an entry goes.
type target struct {
	what string // "a visit"
	file string // casefolder.VisitsFile
	key  string // the list's key in that file
	spec *shape.Mapping
}

// entry builds the new entry from flags, in the order the format lists its keys.
type entry struct {
	t      target
	flags  *pflag.FlagSet
	values map[string]*yaml.Node
	err    error
}

func newEntry(t target, flags *pflag.FlagSet) *entry {
	return &entry{t: t, flags: flags, values: map[string]*yaml.Node{}}
}

func (e *entry) set(key string, v *yaml.Node) {
	if e.t.spec.Field(key) == nil {
		panic("add: " + key + " is not a key of " + e.t.spec.Name) // a mistake in this file; tests run every flag
	}
	e.values[key] = v
}

func (e *entry) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func strNode(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

// text sets key from a flag given as text.
func (e *entry) text(flag, key string) {
	if v, _ := e.flags.GetString(flag); e.flags.Changed(flag) && v != "" {
		e.set(key, strNode(v))
	}
}

// word sets key from a flag that must be one of the key's words.
func (e *entry) word(flag, key string) {
	v, _ := e.flags.GetString(flag)
	if v == "" {
		return
	}
	if words := e.t.spec.Field(key).Words; !inList(words, v) {
		hint := ""
		if c := yamlwalk.Closest(v, words); c != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", c)
		}
		e.fail(cmdutil.Usagef("--%s: %q is not one of: %s%s", flag, v, strings.Join(words, ", "), hint))
		return
	}
	e.set(key, strNode(v))
}

// date sets key from a date flag; dflt is used when the flag is not given (zero: leave it out).
func (e *entry) date(flag, key string, dflt civil.Date) {
	v, _ := e.flags.GetString(flag)
	d := dflt
	if e.flags.Changed(flag) {
		var err error
		if d, err = civil.Parse(v); err != nil {
			e.fail(cmdutil.Usagef("--%s: %v", flag, err))
			return
		}
	}
	if !d.IsZero() {
		e.set(key, &yaml.Node{Kind: yaml.ScalarNode, Value: d.String()})
	}
}

func (e *entry) dates(flag, key string) {
	vs, _ := e.flags.GetStringSlice(flag)
	if len(vs) == 0 {
		return
	}
	l := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, v := range vs {
		d, err := civil.Parse(strings.TrimSpace(v))
		if err != nil {
			e.fail(cmdutil.Usagef("--%s: %v", flag, err))
			return
		}
		l.Content = append(l.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: d.String()})
	}
	e.set(key, l)
}

func (e *entry) every(flag, key string) {
	v, _ := e.flags.GetString(flag)
	if v == "" {
		return
	}
	d, err := duration.Parse(v)
	if err == nil && d.IsZero() {
		err = errors.New("must be longer than nothing")
	}
	if err != nil {
		e.fail(cmdutil.Usagef("--%s: %v", flag, err))
		return
	}
	e.set(key, strNode(d.String()))
}

// ids sets key from a list flag of ids (a,b or repeated), written [a, b].
func (e *entry) ids(flag, key string) {
	vs, _ := e.flags.GetStringSlice(flag)
	if len(vs) == 0 {
		return
	}
	l := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, v := range vs {
		l.Content = append(l.Content, strNode(strings.TrimSpace(v)))
	}
	e.set(key, l)
}

// texts sets key from a repeated text flag, one item per use, written one per line.
func (e *entry) texts(flag, key string) {
	vs, _ := e.flags.GetStringArray(flag)
	if len(vs) == 0 {
		return
	}
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, v := range vs {
		l.Content = append(l.Content, strNode(v))
	}
	e.set(key, l)
}

func (e *entry) flag(flag, key string) {
	if e.flags.Changed(flag) {
		v, _ := e.flags.GetBool(flag)
		e.set(key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)})
	}
}

func (e *entry) node() *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range e.t.spec.Keys() {
		if v, ok := e.values[k]; ok {
			m.Content = append(m.Content, strNode(k), v)
		}
	}
	return m
}

// Options are what `cpcase add` runs with: the entry, built from the flags, and where it goes.
type Options struct {
	IO    *iostreams.IOStreams
	Today func() civil.Date

	Target target
	Case   string // the case folder, or its plan.yaml
	Entry  *yaml.Node
	DryRun bool
	Force  bool // add a visit even when the same one is already recorded
	Redact bool
	// Given are the values given on the command line that may be names (anything but an id, a
	// date or a word): under --redact they are redacted wherever they are printed, as the case's
	// own names are.
	Given []string
}

// addCmd is the shape every add sub-command shares: CASE, --date, --dry-run, completion.
func addCmd(f *cmdutil.Factory, runF func(*Options) error, t target, use, short, example string, build func(e *entry)) *cobra.Command {
	o := &Options{IO: f.IOStreams, Today: f.Today, Target: t}
	cmd := &cobra.Command{
		Use:     use + " CASE",
		Short:   short,
		Example: example,
		Args:    cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return cmdutil.CompleteCaseDirs(cmd, args, toComplete)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Redact = cmdutil.Redacted(cmd)
			o.Given = given(cmd.Flags())
			e := newEntry(t, cmd.Flags())
			e.date("date", "date", o.Today())
			build(e)
			if e.err != nil {
				if o.Redact {
					return redactErr(e.err, redact.New(o.Given...))
				}
				return e.err
			}
			o.Case, o.Entry = args[0], e.node()
			o.Force, _ = cmd.Flags().GetBool("force") // visits only
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	cmd.Long = short + ".\n\n" + `The entry is checked as cpcase check would check the case before anything is written, and
only the new entry is added to the file: see cpcase add --help.

Exit status: 0 added (or shown), 1 the entry would bring in errors, 2 usage or I/O error.`
	cmd.Flags().String("date", "", "the date, YYYY-MM-DD (default: today in Europe/London)")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "print the change as a unified diff and write nothing")
	_ = cmd.RegisterFlagCompletionFunc("date", cobra.NoFileCompletions)
	return cmd
}

// words completes a flag from a key's words.
func completeWords(cmd *cobra.Command, flag string, spec *shape.Mapping, key string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(spec.Field(key).Words, cobra.ShellCompDirectiveNoFileComp))
}

func completeMembers(cmd *cobra.Command, flags ...string) {
	for _, f := range flags {
		_ = cmd.RegisterFlagCompletionFunc(f, cmdutil.CompleteIDs(false))
	}
}

func completeChildren(cmd *cobra.Command, flags ...string) {
	for _, f := range flags {
		_ = cmd.RegisterFlagCompletionFunc(f, cmdutil.CompleteIDs(true))
	}
}

func newVisitCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	t := target{"a visit", casefolder.VisitsFile, "visits", casefolder.VisitSpec}
	cmd := addCmd(f, runF, t, "visit", "Add a visit to visits.yaml (refused when the same visit is already there, unless --force)",
		`  cpcase add visit cases/NR-2026-0142 --by sw1 --kind home --seen a,b --alone a --bedroom
  cpcase add visit cases/NR-2026-0142 --date 2026-11-20 --by sw1 --kind home --no-access`,
		func(e *entry) {
			e.text("by", "by")
			e.word("kind", "kind")
			e.ids("seen", "seen")
			e.ids("alone", "alone")
			e.flag("bedroom", "bedroom")
			e.ids("bedrooms", "bedroom")
			e.flag("no-access", "no_access")
			e.word("outcome", "outcome")
		})
	fl := cmd.Flags()
	fl.String("by", "", "member id of whoever made the visit (required)")
	fl.String("kind", "", "home, school, office or other")
	fl.StringSlice("seen", nil, "ids of the children seen: a,b")
	fl.StringSlice("alone", nil, "ids of the children seen alone (each also in --seen)")
	fl.Bool("bedroom", false, "the child's bedroom was seen")
	fl.StringSlice("bedrooms", nil, "ids of the children whose bedrooms were seen: a,b (instead of --bedroom)")
	fl.Bool("no-access", false, "the visit was tried but the children could not be seen")
	fl.Bool("force", false, "add the visit even when one alike in date, by, kind and children is already recorded")
	fl.String("outcome", "", "seen, not-in, refused, away or no-access (any but seen: no access)")
	cmd.MarkFlagsMutuallyExclusive("bedroom", "bedrooms")
	_ = cmd.MarkFlagRequired("by")
	completeMembers(cmd, "by")
	completeChildren(cmd, "seen", "alone", "bedrooms")
	completeWords(cmd, "kind", casefolder.VisitSpec, "kind")
	completeWords(cmd, "outcome", casefolder.VisitSpec, "outcome")
	return cmd
}

func newMeetingCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	t := target{"a meeting", casefolder.MeetingsFile, "meetings", casefolder.MeetingSpec}
	cmd := addCmd(f, runF, t, "meeting", "Add a meeting to meetings.yaml",
		`  cpcase add meeting cases/NR-2026-0142 --chair tm1 --present sw1,mum,hv1 --apologies gp1 \
      --summary "Nursery place found" --decision "Continue the plan" --next 2026-12-15
  cpcase add meeting cases/NR-2026-0142 --date 2026-12-15 --chair sw1   # a booking`,
		func(e *entry) {
			e.word("kind", "kind")
			e.text("chair", "chair")
			e.ids("present", "present")
			e.ids("apologies", "apologies")
			e.ids("absent", "absent")
			e.text("summary", "summary")
			e.texts("decision", "decisions")
			e.texts("disagreement", "disagreements")
			e.date("next", "next", 0)
			e.dates("dates-set", "dates_set")
			e.date("rescheduled-from", "rescheduled_from", 0)
			e.flag("cancelled", "cancelled")
		})
	fl := cmd.Flags()
	fl.String("kind", casefolder.CoreGroup, "core-group, child-plan or professionals")
	fl.String("chair", "", "member id of the chair")
	fl.StringSlice("present", nil, "member ids of those present: sw1,mum")
	fl.StringSlice("apologies", nil, "member ids of those who sent apologies")
	fl.StringSlice("absent", nil, "member ids of those absent without apologies")
	fl.String("summary", "", "how the key tasks are progressing")
	fl.StringArray("decision", nil, "a decision made (repeat for each)")
	fl.StringArray("disagreement", nil, "a disagreement recorded (repeat for each)")
	fl.String("next", "", "date of the next meeting, set at this one")
	fl.StringSlice("dates-set", nil, "future dates agreed, up to the next review: 2026-12-15,2027-01-12")
	fl.String("rescheduled-from", "", "the date this meeting replaced")
	fl.Bool("cancelled", false, "the meeting was cancelled (it satisfies nothing)")
	completeMembers(cmd, "chair", "present", "apologies", "absent")
	completeWords(cmd, "kind", casefolder.MeetingSpec, "kind")
	for _, d := range []string{"next", "dates-set", "rescheduled-from"} {
		_ = cmd.RegisterFlagCompletionFunc(d, cobra.NoFileCompletions)
	}
	return cmd
}

func newConferenceCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	t := target{"a conference", casefolder.PlanFile, "conferences", casefolder.ConferenceSpec}
	cmd := addCmd(f, runF, t, "conference", "Add a conference to plan.yaml",
		`  cpcase add conference cases/NR-2026-0142 --date 2026-12-17 --kind review --decision continue \
      --lead sw1 --next-review 2027-06-10
  cpcase add conference cases/NR-2026-0142 --kind review --decision end`,
		func(e *entry) {
			e.word("kind", "kind")
			e.word("decision", "decision")
			e.ids("children", "children")
			e.text("lead", "lead")
			e.date("core-group-set", "core_group_set", 0)
			e.every("core-group-every", "core_group_every")
			e.every("visit-every", "visit_every")
			e.date("next-review", "next_review", 0)
		})
	fl := cmd.Flags()
	fl.String("kind", "", "initial, pre-birth, review or transfer-in (required)")
	fl.String("decision", "", "plan, no-plan, continue or end (required)")
	fl.StringSlice("children", nil, "ids of the children it decided for (default: all)")
	fl.String("lead", "", "member id of the lead social worker it named")
	fl.String("core-group-set", "", "date of the first core group set at the conference")
	fl.String("core-group-every", "", `how often core groups meet, as set by the conference: "4 weeks"`)
	fl.String("visit-every", "", `how often the child must be seen, as set by the conference: "10 working days"`)
	fl.String("next-review", "", "date set for the review conference")
	_ = cmd.MarkFlagRequired("kind")
	_ = cmd.MarkFlagRequired("decision")
	completeMembers(cmd, "lead")
	completeChildren(cmd, "children")
	completeWords(cmd, "kind", casefolder.ConferenceSpec, "kind")
	completeWords(cmd, "decision", casefolder.ConferenceSpec, "decision")
	return cmd
}

func newEscalationCmd(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	t := target{"an escalation", casefolder.PlanFile, "escalations", casefolder.EscalationSpec}
	cmd := addCmd(f, runF, t, "escalation", "Add an escalation to plan.yaml",
		`  cpcase add escalation cases/NR-2026-0142 --reason no-access --to tm1 --note "Two visits, no answer"`,
		func(e *entry) {
			e.word("reason", "reason")
			e.text("to", "to")
			e.text("note", "note")
		})
	fl := cmd.Flags()
	fl.String("reason", "", "no-access, absence, drift or other (required)")
	fl.String("to", "", "member id of whoever it was escalated to")
	fl.String("note", "", "what was escalated and what was agreed")
	_ = cmd.MarkFlagRequired("reason")
	completeMembers(cmd, "to")
	completeWords(cmd, "reason", casefolder.EscalationSpec, "reason")
	return cmd
}

// caseDir is the case folder named by arg (a folder, or its plan.yaml).
func caseDir(arg string) (string, error) {
	dir := arg
	if filepath.Base(arg) == casefolder.PlanFile {
		dir = filepath.Dir(arg)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return "", cmdutil.IOError(err)
	}
	if !info.IsDir() {
		return "", cmdutil.Usagef("%s is not a folder; give the case folder", arg)
	}
	if _, err := os.Stat(filepath.Join(dir, casefolder.PlanFile)); err != nil {
		return "", cmdutil.Usagef("%s is not a case folder: it has no plan.yaml (cpcase init makes one)", arg)
	}
	return dir, nil
}

// given are the values of the flags set on the command line that are not ids, dates or words.
func given(flags *pflag.FlagSet) []string {
	var out []string
	flags.Visit(func(f *pflag.Flag) {
		vs := []string{f.Value.String()}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			vs = sv.GetSlice()
		}
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" && !yamlwalk.IsID(v) {
				out = append(out, v)
			}
		}
	})
	return out
}

// redactErr is err with every name r knows redacted, keeping its kind (a usage error stays one).
func redactErr(err error, r *redact.Redactor) error {
	var ue cmdutil.UsageError
	var ee cmdutil.ExitError
	switch {
	case errors.As(err, &ee):
		return err
	case errors.As(err, &ue):
		return cmdutil.UsageError{Msg: r.Text(ue.Msg)}
	}
	return errors.New(r.Text(err.Error()))
}

// Run appends the entry to the target file of the case, after checking that it brings in no
// error, and writes the file atomically (or, dry, prints the diff). The case is locked from
// reading the file to replacing it, so two adds at once both land. Under --redact every line
// printed, the diff and the errors included, goes through one redactor holding the case's names
// and the names given on the command line.
func Run(o *Options) (err error) {
	r := redact.New(o.Given...)
	out := o.IO.Out
	if o.Redact {
		lw := safe.NewLineWriter(o.IO.Out, func(s string) string { return r.Text(s) })
		ew := safe.NewLineWriter(o.IO.ErrOut, func(s string) string { return r.Text(s) })
		out = lw
		defer func() {
			lw.Flush()
			ew.Flush()
			if err != nil {
				err = redactErr(err, r)
			}
		}()
		o = withErrOut(o, ew)
	}
	t, arg, entry, dry := o.Target, o.Case, o.Entry, o.DryRun
	dir, err := caseDir(arg)
	if err != nil {
		return err
	}
	unlock, err := edit.Lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	path := filepath.Join(dir, t.file)
	snap, err := edit.Read(path)
	if err != nil {
		return cmdutil.IOError(err)
	}
	if err := yamlwalk.Limits(snap.Data); err != nil {
		return fmt.Errorf("%s: %v", path, err) // edit parses the whole file: hold it to check's limits first
	}
	change, err := edit.Append(snap.Data, t.key, entry)
	if err != nil {
		return fmt.Errorf("%s: cannot add %s: %v", path, t.what, err)
	}
	day := o.Today()
	cBefore, before := casefolder.LoadWith(dir, day, yamlwalk.ReadFile)
	if cBefore != nil {
		r = r.Add(app.CaseNames(cBefore)...)
	}
	cAfter, after := casefolder.LoadWith(dir, day, func(name string) ([]byte, error) {
		if name == path {
			return change.After, nil
		}
		return yamlwalk.ReadFile(name)
	})
	if bad := introduced(before, after); len(bad) > 0 {
		last := change.Line + change.Lines
		for _, d := range bad {
			if d.File == path && d.Line >= change.Line && d.Line < last {
				fmt.Fprintf(out, "%s: the new entry: %s\n", path, d.Msg) // its line is not in the file
			} else {
				fmt.Fprintln(out, d.String())
			}
		}
		fmt.Fprintf(out, "nothing written: %s would make the case fail cpcase check (%s)\n", t.what, diag.Plural(len(bad), "error"))
		return cmdutil.ErrFindings
	}
	if t.file == casefolder.VisitsFile && !o.Force {
		if same := sameVisit(cBefore, cAfter, path, change.Line, change.Line+change.Lines); same != nil {
			fmt.Fprintf(out, "%s:%d: the same visit is already recorded (%s by %s, %s); nothing written (--force adds it anyway)\n",
				path, same.Pos.Line, same.Date, same.By, same.Kind)
			return cmdutil.ErrFindings
		}
	}
	if dry {
		fmt.Fprint(out, edit.Diff(path, snap.Data, change.After))
		return nil
	}
	if err := snap.Replace(change.After); err != nil {
		var ce *edit.ChangedError
		if errors.As(err, &ce) {
			return err
		}
		return cmdutil.IOError(err)
	}
	fmt.Fprintf(out, "added %s to %s:%d\n", t.what, path, change.Line)
	if n := before.Errors(); n > 0 {
		fmt.Fprintf(o.IO.ErrOut, "note: the case already had %s before this entry; run cpcase check %s\n", diag.Plural(n, "error"), dir)
	}
	return nil
}

// sameVisit is the visit already in before that the new one (at lines [from, to) of path in
// after) repeats, or nil.
func sameVisit(before, after *casefolder.Case, path string, from, to int) *casefolder.Visit {
	for _, v := range after.Visits {
		if v.Pos.File != path || v.Pos.Line < from || v.Pos.Line >= to {
			continue
		}
		for i := range before.Visits {
			if casefolder.SameVisit(before.Visits[i], v) {
				return &before.Visits[i]
			}
		}
	}
	return nil
}

// withErrOut is o writing its notes to w.
func withErrOut(o *Options, w io.Writer) *Options {
	c := *o
	ios := *o.IO
	ios.ErrOut = w
	c.IO = &ios
	return &c
}

var lineRef = regexp.MustCompile(`line \d+`)

// introduced are the errors of after that before does not have. Lines move when an entry goes
// in, so errors are matched by file and message, with "line N" in messages ignored; a message
// that appears more often than before is new.
func introduced(before, after diag.List) diag.List {
	key := func(d diag.Diagnostic) string { return d.File + "\x00" + lineRef.ReplaceAllString(d.Msg, "line N") }
	had := map[string]int{}
	for _, d := range before {
		if d.Severity == diag.Error {
			had[key(d)]++
		}
	}
	var out diag.List
	for _, d := range after {
		if d.Severity != diag.Error {
			continue
		}
		if had[key(d)] > 0 {
			had[key(d)]--
			continue
		}
		out = append(out, d)
	}
	return out
}

func inList(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
