// Package app is the application runner every command that reads cases goes through: find the
// case folders, load each (from its files or the cache), resolve its policy, run the record
// checks, and hand it to the command's function, across all cores, streaming: one case per
// worker is held at a time.
package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/cpcase/cpcase/internal/cache"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/records"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/safe"
	"github.com/cpcase/cpcase/internal/speed"
)

// Options say which cases are read and how.
type Options struct {
	Paths      []string     // folders to look for cases in; none means "."
	AsOf       civil.Date   // the day the record checks look at
	BornBy     civil.Date   // a born date after this is an error (default AsOf): the real today for due
	Policy     string       // --policy: an id or a path; "" means each case's own
	Records    bool         // run the policy's record checks
	NeedPolicy bool         // a policy is required (due); check only needs one for record checks
	Cache      *cache.Cache // --cache: nil for none
	Redact     bool         // findings print names as initials
	Registry   *policy.Registry
	GC         *speed.GCFloor // held while cases load; nil for none
	// ItemsOnly says the command's function reads a case only through Items (and its reference
	// and team): a case from the cache is then given as its summary (cache.Entry.Summary), and
	// decoded in full only if its obligations are not cached. Any other use of Case.Case needs
	// the whole case: leave it false.
	ItemsOnly bool
	// Shown, if not nil, is which obligations the command's function shows with the names a
	// cached case leaves out (a table's): with ItemsOnly, the cache opens the files a case's
	// shown obligations will name people from as it checks them.
	Shown func(engine.Status) bool
}

// Case is one case folder after loading, checking and resolving its policy.
type Case struct {
	Dir    string
	Index  int // the folder's place in path order
	Case   *casefolder.Case
	Policy *policy.Policy
	Diags  diag.List    // format errors, policy errors, record checks
	Failed bool         // errors: not evaluated
	Cached bool         // Case came from the cache: no names and no free text (see package cache)
	entry  *cache.Entry // its cache entry, for its obligations (Evaluate); nil without --cache
	// summary says Case is only the entry's summary (Options.ItemsOnly): Evaluate reads the
	// whole case from the entry when it must evaluate it
	summary  bool
	bornBy   civil.Date
	names    map[string]string
	full     *casefolder.Case
	fullNeed cache.Need // what full holds of what the cache leaves out
}

// Full is the case with its names and the actions' text: Case itself, or for a case from the
// cache those read back from its files (cache.Fill: a table names people and says what actions
// are); the text of meetings' actions only when meetingActions asks for it.
func (l *Case) Full(meetingActions bool) *casefolder.Case {
	return l.fullFor(cache.Need{Children: true, PlanActions: true, MeetingActions: meetingActions})
}

// fullFor is Full with, for a case from the cache, only what need asks for read back.
func (l *Case) fullFor(need cache.Need) *casefolder.Case {
	if !l.Cached {
		return l.Case
	}
	if l.full == nil || !covers(l.fullNeed, need) {
		if l.full != nil { // read again, for all that was asked
			need = cache.Need{Children: need.Children || l.fullNeed.Children, PlanActions: need.PlanActions || l.fullNeed.PlanActions,
				MeetingActions: need.MeetingActions || l.fullNeed.MeetingActions}
		}
		switch {
		case l.entry != nil && l.summary:
			// The summary is this case's own, and is never evaluated (evaluate decodes the
			// whole case): the names go into it, not into a copy.
			l.full = l.entry.FillSummary(l.Case, need)
		case l.entry != nil:
			l.full = l.entry.Fill(l.Case, need)
		default:
			need.Children, need.PlanActions = true, true
			l.full = cache.Fill(l.Case, need.MeetingActions)
		}
		l.fullNeed = need
	}
	return l.full
}

// covers reports whether what was read for have serves want.
func covers(have, want cache.Need) bool {
	return (have.Children || !want.Children) && (have.PlanActions || !want.PlanActions) && (have.MeetingActions || !want.MeetingActions)
}

// ChildName is the name of the child with that id, or "". A case from the cache holds no names:
// they are read from its plan.yaml the first time one is asked for.
func (l *Case) ChildName(id string) string {
	if !l.Cached {
		if ch := l.Case.Child(id); ch != nil {
			return ch.Name
		}
		return ""
	}
	if l.names == nil {
		l.names = cache.ChildNames(l.Dir)
		if l.names == nil {
			l.names = map[string]string{}
		}
	}
	return l.names[id]
}

// Result is what is kept of one case.
type Result[T any] struct {
	Dir    string
	Ref    string
	RefPos casefolder.Pos
	Team   string // the case's team, when plan.yaml could be read that far
	Diags  diag.List
	Failed bool
	Value  T
}

// OpenCache opens the --cache folder; "" is no cache.
func OpenCache(dir string) (*cache.Cache, error) {
	if dir == "" {
		return nil, nil
	}
	c, err := cache.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("--cache: %v", err)
	}
	return c, nil
}

// ioError words a file-system error for a person: the path and what went wrong.
func ioError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, diag.SameWords(pe.Err))
	}
	return err
}

// Each finds every case under the paths and runs fn on each, loaded and checked, across all
// cores. Only one case per worker is held at a time: fn keeps what it needs (obligations,
// findings) and the case itself is dropped. Results come back in path order, with a case
// reference used by two folders reported on the second and its output dropped. The error is for
// I/O and usage problems (exit 2).
func Each[T any](o Options, fn func(c *Case) T) ([]Result[T], error) {
	if len(o.Paths) == 0 {
		o.Paths = []string{"."}
	}
	if o.Registry == nil {
		o.Registry = policy.NewRegistry()
	}
	// The walk gives the case folders in path order as it comes to them, and the workers start
	// on the first while it goes on: on a warm run (--cache) the walk is a good part of the work.
	var folders *cache.Folders
	var leaves casefolder.Leaves
	if o.Cache != nil {
		// The cache remembers which case folders hold no folder: those unchanged are not read.
		folders = o.Cache.Folders()
		leaves = folders
	}
	// A listing that reads only the cases' summaries and obligations takes them from the walk's
	// pack, read beside the walk, and writes it again in path order when it would differ.
	var pack *cache.Pack
	if o.Cache != nil && o.ItemsOnly {
		pack = o.Cache.OpenPack(o.Paths)
	}
	type job struct {
		i   int
		dir string
		rec *cache.Record
	}
	type done struct {
		i      int
		r      Result[T]
		packed cache.PackItem
	}
	var out []Result[T]
	n := 0
	jobs := make(chan job, 256)
	results := make(chan done, 256)
	collected := make(chan struct{})
	var wg sync.WaitGroup
	started := false
	var stopGC func()
	start := func() {
		started = true
		stopGC = o.GC.Start()
		go func() {
			// Only this goroutine touches out until the walk and the workers are done.
			next, packed := 0, map[int]cache.PackItem{} // for the pack, in path order
			for d := range results {
				for len(out) <= d.i {
					out = append(out, Result[T]{})
				}
				out[d.i] = d.r
				if pack == nil {
					continue
				}
				packed[d.i] = d.packed
				for it, ok := packed[next]; ok; it, ok = packed[next] {
					delete(packed, next)
					pack.Put(it)
					next++
				}
			}
			close(collected)
		}()
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					r, packed := each(j.i, j.dir, j.rec, o, fn)
					results <- done{j.i, r, packed}
				}
			}()
		}
	}
	err := casefolder.Walk(o.Paths, leaves, func(dir string) {
		if !started {
			start()
		}
		jobs <- job{i: n, dir: dir, rec: pack.Find(dir)}
		n++
	})
	close(jobs)
	if started {
		wg.Wait()
		close(results)
		<-collected
		defer stopGC()
	}
	// A walk that found every folder it could read: what the cache learnt of it is kept.
	walked := err == nil || errors.As(err, new(*casefolder.UnreadableError))
	_ = pack.Close(walked) // at worst, the next listing reads every case's entry
	if folders != nil && walked {
		_ = folders.Save() // at worst, the next walk reads every folder
	}
	var unreadable *casefolder.UnreadableError
	if errors.As(err, &unreadable) {
		err = nil // reported below, as findings of their folders
	}
	if err != nil {
		return nil, ioError(err)
	}
	if n == 0 && unreadable == nil {
		// A mistyped folder must not look like a clean caseload.
		return nil, fmt.Errorf("no case folders found in %s (a case folder holds a plan.yaml)", strings.Join(o.Paths, ", "))
	}
	duplicateRefs(out)
	if unreadable != nil {
		// A folder that could not be looked into may hold cases: it is a failed result of its
		// own, never a silent gap, so every command reports it and exits non-zero.
		for _, u := range unreadable.Folders {
			r := Result[T]{Dir: u.Path, Failed: true}
			r.Diags.Add(u.Path, 0, 0, "cannot look for cases in this folder (%s), so any case in it was not checked", casefolder.Reason(u.Err))
			out = append(out, r)
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].Dir < out[j].Dir })
	}
	return out, nil
}

func loadOne(dir string, rec *cache.Record, o Options) *Case {
	l := &Case{Dir: dir}
	bornBy := o.BornBy
	if bornBy.IsZero() {
		bornBy = o.AsOf
	}
	l.bornBy = bornBy
	switch {
	case o.Cache != nil && o.ItemsOnly:
		l.Case, l.Diags, l.Cached, l.entry = o.Cache.LoadPacked(dir, bornBy, rec, o.Shown)
		l.summary = l.Cached
	case o.Cache != nil:
		l.Case, l.Diags, l.Cached, l.entry = o.Cache.LoadEntry(dir, bornBy)
	default:
		l.Case, l.Diags = casefolder.Load(dir, bornBy)
	}
	if l.Diags.Errors() > 0 {
		l.Failed = true
		return l
	}
	ref, pos := o.Policy, casefolder.Pos{}
	if ref == "" {
		ref, pos = l.Case.Policy, l.Case.PolicyPos
		if ref != "" {
			// Whoever wrote the case may not be who runs cpcase: an id, or a file inside the
			// folders being checked, and nothing else (policy.CaseRef).
			r, err := policy.CaseRef(ref, dir, o.Paths)
			if err != nil {
				l.Diags.Add(pos.File, pos.Line, pos.Col, "%v", err)
				l.Failed = true
				return l
			}
			ref = r
		}
	}
	if ref == "" {
		if o.NeedPolicy || o.Records {
			l.Diags.Add(l.Case.PlanPos.File, 1, 1, "no policy: set policy: in plan.yaml or give --policy")
			l.Failed = true
		}
		return l
	}
	p, pd, err := o.Registry.Resolve(ref)
	switch {
	case err != nil:
		if pos.Line > 0 {
			l.Diags.Add(pos.File, pos.Line, pos.Col, "%v", err)
		} else {
			l.Diags.Add(l.Case.PlanPos.File, 0, 0, "%v", err)
		}
		l.Failed = true
	case p == nil:
		at := pos.String()
		if at == "" {
			at = "--policy " + ref
		}
		l.Diags.Add(pd[0].File, pd[0].Line, pd[0].Col, "policy %s (from %s) has errors: %s; run cpcase policy lint %s", ref, at, pd[0].Msg, ref)
		l.Failed = true
	default:
		l.Policy = p
		if o.Records {
			l.Diags = append(l.Diags, records.Check(l.Case, p, o.AsOf)...)
			l.Diags.Sort()
		}
	}
	return l
}

// each loads, checks and runs fn on the case folder dir, the i-th in path order (rec: its record
// in the walk's pack, if any), and gives what the case gives the next pack.
func each[T any](i int, dir string, rec *cache.Record, o Options, fn func(c *Case) T) (Result[T], cache.PackItem) {
	l := loadOne(dir, rec, o)
	var packed cache.PackItem
	if l.Cached && o.Redact && len(l.Diags) > 0 {
		// --redact rewrites the names findings quote, and the cache holds none: read this case
		// from its files.
		files := o
		files.Cache = nil
		packed = l.entry.Packed()
		l.entry.Release()
		l = loadOne(dir, nil, files)
	}
	l.Index = i
	r := Result[T]{Dir: l.Dir, Diags: l.Diags, Failed: l.Failed}
	if l.Case != nil {
		r.Ref, r.RefPos, r.Team = l.Case.Ref, l.Case.RefPos, l.Case.Team
	}
	if !l.Failed {
		r.Value = fn(l)
		r.Diags = l.Diags // fn may add findings (record checks)
	}
	if o.Redact && l.Case != nil {
		r.Diags = RedactNames(r.Diags, l.Case)
	}
	// Done with the case: its entry's buffer serves the next (fn keeps no case).
	if l.entry != nil {
		packed = l.entry.Packed()
	}
	l.entry.Release()
	return r, packed
}

// duplicateRefs reports a case reference used by two folders, at the second folder's case key,
// and drops that case's output.
func duplicateRefs[T any](cases []Result[T]) {
	first := map[string]string{}
	for i := range cases {
		r := &cases[i]
		if r.Ref == "" {
			continue
		}
		if dir, dup := first[r.Ref]; dup {
			r.Diags.Add(r.RefPos.File, r.RefPos.Line, r.RefPos.Col, "case reference %q is also used by %s; each case needs its own reference", r.Ref, dir)
			r.Failed = true
			var zero T
			r.Value = zero
			continue
		}
		first[r.Ref] = r.Dir
	}
}

// PrintDiags writes findings, one per line, and counts errors, warnings and cases with errors.
func PrintDiags[T any](w io.Writer, cases []Result[T]) (errs, warns, bad int) {
	for _, r := range cases {
		for _, d := range r.Diags {
			fmt.Fprintln(w, safe.Term(d.String())) // names and messages come from files: one line, no controls
		}
		errs += r.Diags.Errors()
		warns += r.Diags.Warnings()
		if r.Diags.Errors() > 0 {
			bad++
		}
	}
	return
}

// OnlyFailed are the cases that could not be evaluated.
func OnlyFailed[T any](cases []Result[T]) []Result[T] {
	var out []Result[T]
	for _, r := range cases {
		if r.Failed {
			out = append(out, r)
		}
	}
	return out
}
