package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cpcase/cpcase/internal/cache"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/records"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// loaded is one case folder after loading, checking and resolving its policy.
type loaded struct {
	dir    string
	c      *casefolder.Case
	p      *policy.Policy
	diags  diag.List // format errors, policy errors, record checks
	failed bool      // errors: not evaluated
	cached bool      // c came from the --cache: no names and no free text (see package cache)
	names  map[string]string
}

// childName is the name of the child with that id, or "". A case from the cache holds no names:
// they are read from its plan.yaml the first time one is asked for.
func (l *loaded) childName(id string) string {
	if !l.cached {
		if ch := l.c.Child(id); ch != nil {
			return ch.Name
		}
		return ""
	}
	if l.names == nil {
		l.names = cache.ChildNames(l.dir)
		if l.names == nil {
			l.names = map[string]string{}
		}
	}
	return l.names[id]
}

// loadOptions say how cases are loaded.
type loadOptions struct {
	paths   []string
	asOf    civil.Date   // the day the record checks look at
	bornBy  civil.Date   // a born date after this is an error (default asOf): the real today for due
	policy  string       // --policy: an id or a path; "" means each case's own
	records bool         // run the policy's record checks
	needPol bool         // a policy is required (due); check only needs one for record checks
	cache   *cache.Cache // --cache: nil for none
}

// openCache opens the --cache folder; "" is no cache.
func openCache(dir string) (*cache.Cache, error) {
	if dir == "" {
		return nil, nil
	}
	c, err := cache.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("--cache: %v", err)
	}
	return c, nil
}

// eachCase finds every case under the paths and runs fn on each, loaded and checked, across all
// cores. Only one case per worker is held at a time: fn keeps what it needs (obligations,
// findings) and the case itself is dropped. Results come back in path order, with a case
// reference used by two folders reported on the second and its output dropped. The error is for
// I/O and usage problems (exit 2).
func eachCase[T any](o loadOptions, reg *policy.Registry, fn func(l *loaded) T) ([]result[T], error) {
	if len(o.paths) == 0 {
		o.paths = []string{"."}
	}
	dirs, err := casefolder.Find(o.paths)
	if err != nil {
		return nil, ioError(err)
	}
	if len(dirs) == 0 {
		// A mistyped folder must not look like a clean caseload.
		return nil, fmt.Errorf("no case folders found in %s (a case folder holds a plan.yaml)", strings.Join(o.paths, ", "))
	}
	defer gcFloor()()
	out := make([]result[T], len(dirs))
	var wg sync.WaitGroup
	jobs := make(chan int, 64)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				l := loadOne(dirs[i], o, reg)
				if l.cached && redact && len(l.diags) > 0 {
					// --redact rewrites the names findings quote, and the cache holds none: read
					// this case from its files.
					files := o
					files.cache = nil
					l = loadOne(dirs[i], files, reg)
				}
				r := result[T]{dir: l.dir, diags: l.diags, failed: l.failed}
				if l.c != nil {
					r.ref, r.refPos = l.c.Ref, l.c.RefPos
				}
				if !l.failed {
					r.value = fn(l)
					r.diags = l.diags // fn may add findings (record checks)
				}
				if redact && l.c != nil {
					r.diags = redactNames(r.diags, l.c)
				}
				out[i] = r
			}
		}()
	}
	for i := range dirs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	duplicateRefs(out)
	return out, nil
}

// result is what is kept of one case.
type result[T any] struct {
	dir    string
	ref    string
	refPos casefolder.Pos
	diags  diag.List
	failed bool
	value  T
}

func loadOne(dir string, o loadOptions, reg *policy.Registry) *loaded {
	l := &loaded{dir: dir}
	bornBy := o.bornBy
	if bornBy.IsZero() {
		bornBy = o.asOf
	}
	if o.cache != nil {
		l.c, l.diags, l.cached = o.cache.Load(dir, bornBy)
	} else {
		l.c, l.diags = casefolder.Load(dir, bornBy)
	}
	if l.diags.Errors() > 0 {
		l.failed = true
		return l
	}
	ref, pos := o.policy, casefolder.Pos{}
	if ref == "" {
		ref, pos = l.c.Policy, l.c.PolicyPos
		if ref != "" && policy.IsPath(ref) && !filepath.IsAbs(ref) {
			// a path in plan.yaml is relative to the case folder
			if rel := filepath.Join(dir, ref); fileExists(rel) {
				ref = rel
			}
		}
	}
	if ref == "" {
		if o.needPol || o.records {
			l.diags.Add(l.c.PlanPos.File, 1, 1, "no policy: set policy: in plan.yaml or give --policy")
			l.failed = true
		}
		return l
	}
	p, pd, err := reg.Resolve(ref)
	switch {
	case err != nil:
		if pos.Line > 0 {
			l.diags.Add(pos.File, pos.Line, pos.Col, "%v", err)
		} else {
			l.diags.Add(l.c.PlanPos.File, 0, 0, "%v", err)
		}
		l.failed = true
	case p == nil:
		at := pos.String()
		if at == "" {
			at = "--policy " + ref
		}
		l.diags.Add(pd[0].File, pd[0].Line, pd[0].Col, "policy %s (from %s) has errors: %s; run cpcase policy lint %s", ref, at, pd[0].Msg, ref)
		l.failed = true
	default:
		l.p = p
		if o.records {
			l.diags = append(l.diags, records.Check(l.c, p, o.asOf)...)
			l.diags.Sort()
		}
	}
	return l
}

// duplicateRefs reports a case reference used by two folders, at the second folder's case key,
// and drops that case's output.
func duplicateRefs[T any](cases []result[T]) {
	first := map[string]string{}
	for i := range cases {
		r := &cases[i]
		if r.ref == "" {
			continue
		}
		if dir, dup := first[r.ref]; dup {
			r.diags.Add(r.refPos.File, r.refPos.Line, r.refPos.Col, "case reference %q is also used by %s; each case needs its own reference", r.ref, dir)
			r.failed = true
			var zero T
			r.value = zero
			continue
		}
		first[r.ref] = r.dir
	}
}

// printDiags writes findings, one per line, and counts errors, warnings and cases with errors.
func printDiags[T any](w io.Writer, cases []result[T]) (errs, warns, bad int) {
	for _, r := range cases {
		for _, d := range r.diags {
			fmt.Fprintln(w, d.String())
		}
		errs += r.diags.Errors()
		warns += r.diags.Warnings()
		if r.diags.Errors() > 0 {
			bad++
		}
	}
	return
}

func fileExists(p string) bool {
	_, err := osStat(p)
	return err == nil
}

// redactNames rewrites findings for --redact: each name recorded in the case (members and
// children), and then each word of one, prints as initials, so that a finding quoting a name
// written in the wrong place (unknown member "Sam Okafor" in chair) shows no more than "S.O.".
func redactNames(d diag.List, c *casefolder.Case) diag.List {
	var names, words []string
	for _, m := range c.Members {
		names = append(names, m.Name)
	}
	for _, ch := range c.Children {
		names = append(names, ch.Name)
	}
	for _, n := range names {
		for _, w := range strings.Fields(n) {
			// "Ruth (designated safeguarding lead)": Ruth is a name; the words after it are not.
			w = strings.TrimFunc(w, func(r rune) bool { return !isWordRune(r) })
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && utf8.RuneCountInString(w) > 1 {
				words = append(words, w)
			}
		}
	}
	longestFirst := func(s []string) {
		sort.Slice(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	}
	longestFirst(names)
	longestFirst(words)
	all := append(names, words...) // whole names first, then words left over
	out := make(diag.List, len(d))
	for i, x := range d {
		for _, n := range all {
			if strings.TrimSpace(n) != "" {
				x.Msg = replaceWord(x.Msg, n, initials(n))
			}
		}
		out[i] = x
	}
	return out
}

// replaceWord replaces old in s where it stands as a whole word (not inside a longer one).
func replaceWord(s, old, new string) string {
	if old == "" {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			break
		}
		j := i + len(old)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if (i == 0 || !isWordRune(before)) && (j == len(s) || !isWordRune(after)) {
			b.WriteString(s[:i])
			b.WriteString(new)
		} else {
			b.WriteString(s[:j])
		}
		s = s[j:]
	}
	b.WriteString(s)
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// initials turns a name into initials for --redact: "Sam Okafor" -> "S.O.".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		b.WriteString(strings.ToUpper(string(r[0])))
		b.WriteString(".")
	}
	return b.String()
}

// minHeapGoal is the least heap the collector lets grow before collecting while cases load. The
// YAML parser makes about half a megabyte of garbage per case while little stays live, and with
// the collector's usual goal of twice the live heap it runs every few megabytes: on a tree of a
// thousand cases, hundreds of collections took an eighth of the CPU (docs/performance.md).
const minHeapGoal = 64 << 20

var gcTune struct {
	sync.Mutex
	users int
	base  int // GOGC when the first user came
	gen   int // counts the times it was started, so that an old chain of sentinels stops
}

// gcSentinel is finalized at each collection, to retune the next.
type gcSentinel struct {
	_ *byte // holds a pointer: never in the tiny allocator, whose finalizers may not run
	_ [8]byte
}

// gcFloor keeps the collector's goal at no less than minHeapGoal until the function it returns is
// called: after each collection GOGC is set so that the next goal is the larger of minHeapGoal and
// what GOGC itself would give. A large live heap collects as usual. GOGC=off is left alone.
func gcFloor() (stop func()) {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/heap/live:bytes"}}
	gcTune.Lock()
	defer gcTune.Unlock()
	if gcTune.users == 0 {
		metrics.Read(s[:1])
		gcTune.base = int(int32(s[0].Value.Uint64())) // GOGC=off reads as -1
		if gcTune.base <= 0 {
			return func() {}
		}
	}
	if gcTune.users++; gcTune.users == 1 {
		gcTune.gen++
	}
	gen := gcTune.gen
	var tune func() // with gcTune held
	tune = func() {
		metrics.Read(s[1:])
		live := max(s[1].Value.Uint64(), 4<<20) // before the first collection, the runtime's 4 MiB minimum
		pct := gcTune.base
		if live < minHeapGoal {
			pct = max(pct, int(min(minHeapGoal*100/live-100, 100_000)))
		}
		debug.SetGCPercent(pct)
		runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
			gcTune.Lock()
			defer gcTune.Unlock()
			if gcTune.users > 0 && gcTune.gen == gen {
				tune()
			}
		})
	}
	if gcTune.users == 1 {
		tune()
	}
	return func() {
		gcTune.Lock()
		defer gcTune.Unlock()
		if gcTune.users--; gcTune.users == 0 {
			debug.SetGCPercent(gcTune.base)
		}
	}
}
