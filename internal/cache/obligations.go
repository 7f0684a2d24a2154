package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// Entry is a case's entry in the cache, as read or just written, which can also hold the case's
// obligations from one evaluation: a second run on the same day, with the same policy, need not
// evaluate the case again. Obligations hold what the entry's case holds and nothing more (ids,
// dates, the case reference, team, the policy's own titles and citations; no names, no free
// text) and are trusted only under the entry's seal and key, so never for a changed file, and
// only for exactly the evaluation they came from (EvalKey).
type Entry struct {
	c             *Cache
	path          string // the entry's file ("" until needed, for an entry from a pack)
	abs           string // the case folder's absolute path
	dir           string // the case folder as this run names it: positions are under it
	key           caseKey
	head          []byte    // the entry up to its obligations
	summary, body []byte    // the case's summary and the case, within head
	obs           []byte    // the obligations section: its key, then the obligations
	buf           *[]byte   // what the entry was read into, for Release
	rec           *Record   // the pack's record it was read from, while the same (Packed)
	held          openFiles // the case's files held open for Fill (LoadPacked)
	rest          *reader   // the summary's actions, not yet read into restOf (summaryHead)
	restOf        *casefolder.Case
	released      bool
}

// EvalKey names one evaluation of a case: the policy (its file and what it extends, its id and
// where it came from), the as-of date and the horizon. The cpcase build is in the entry itself.
func EvalKey(p *policy.Policy, asOf civil.Date, horizon duration.Duration) [32]byte {
	h := sha256.New()
	h.Write(p.Sum[:])
	var b []byte
	b = appendStr(b, p.ID)
	b = appendStr(b, p.Origin)
	b = binary.AppendVarint(b, int64(asOf))
	b = binary.AppendVarint(b, int64(horizon.N))
	b = binary.AppendVarint(b, int64(horizon.Unit))
	h.Write(b)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Obligations are the case's obligations from the evaluation key names, if the entry holds them.
func (e *Entry) Obligations(key [32]byte) ([]engine.Obligation, bool) {
	return e.ObligationsKept(key, nil)
}

// ObligationsKept is Obligations with only those whose status keep keeps (all for a nil keep):
// the others are skipped without being decoded. A case's obligations run to some sixty; a
// listing shows three or four.
func (e *Entry) ObligationsKept(key [32]byte, keep func(engine.Status) bool) ([]engine.Obligation, bool) {
	if e == nil || len(e.obs) < len(key) || string(e.obs[:len(key)]) != string(key[:]) {
		return nil, false
	}
	r := &reader{buf: e.obs[len(key):]}
	r.skipShows()
	// The strings once each (a case's obligations share most of theirs), made only when used.
	pooled := strRefs.Get().(*[]strRef)
	defer func() {
		clear(*pooled)
		strRefs.Put(pooled)
	}()
	refs := (*pooled)[:0]
	r.table(func(rel bool, b []byte) { refs = append(refs, strRef{b: b, relative: rel}) })
	*pooled = refs
	ref := func(r *reader) *strRef {
		i := r.u()
		if i >= uint64(len(refs)) {
			r.err = true
			return nil
		}
		return &refs[i]
	}
	str := func(r *reader) string {
		f := ref(r)
		if f == nil {
			return ""
		}
		return f.str(e.dir)
	}
	// status reads an obligation's status and whether keep keeps it, asked once a case for each
	// status (a case's sixty-odd obligations have a few).
	status := func(r *reader) (engine.Status, bool) {
		f := ref(r)
		if f == nil {
			return "", false
		}
		if !f.made && !f.relative {
			if st, ok := engineStatus(f.b); ok {
				f.s, f.made = string(st), true
			}
		}
		st := engine.Status(f.str(e.dir))
		if f.keep == 0 {
			f.keep = 2
			if keep == nil || keep(st) {
				f.keep = 1
			}
		}
		return st, f.keep == 1
	}
	n := r.count()
	// A first look at each one's status and length only (a listing keeps three or four of some
	// sixty), then the kept decoded.
	type keptRec struct {
		status engine.Status
		b      []byte
	}
	var held [16]keptRec
	recs := held[:0]
	for i := 0; i < n && !r.err; i++ {
		st, kept := status(r)
		size := r.count()
		if r.err {
			break
		}
		if kept {
			recs = append(recs, keptRec{st, r.buf[:size]})
		}
		r.buf = r.buf[size:]
	}
	if r.err || len(r.buf) != 0 {
		return nil, false
	}
	out := make([]engine.Obligation, 0, len(recs))
	for _, kr := range recs {
		rec := &reader{buf: kr.b}
		o := engine.Obligation{Status: kr.status}
		for _, p := range []*string{&o.Case, &o.Team, &o.Worker, &o.Policy, &o.Rule, &o.Title, &o.Label, &o.Cite, &o.Child, &o.Detail, &o.Anchor.File} {
			*p = str(rec)
		}
		o.Anchor.Line, o.Anchor.Col = int(rec.i()), int(rec.i())
		o.Due, o.Limit, o.Met, o.Booked, o.End = rec.date(), rec.date(), rec.date(), rec.date(), rec.date()
		o.Days, o.Period = int(rec.i()), int(rec.i())
		o.HasDays, o.BookedLate, o.OverLimit = rec.bool(), rec.bool(), rec.bool()
		if rec.err || len(rec.buf) != 0 {
			return nil, false
		}
		out = append(out, o)
	}
	return out, true
}

// strRef is a string of an obligations section's table: its bytes, and once made, itself.
type strRef struct {
	b        []byte
	relative bool // a path under the case folder, kept relative to it
	made     bool
	keep     byte // as a status: 0 not yet asked, 1 kept, 2 not
	s        string
}

// str is the string, made the first time (a relative path under the case folder dir).
func (f *strRef) str(dir string) string {
	if !f.made {
		if f.relative {
			f.s = dir + string(filepath.Separator) + string(f.b)
		} else {
			f.s = string(f.b)
		}
		f.made = true
	}
	return f.s
}

// table reads an obligations section's table of strings, giving each in turn (within r's
// buffer).
func (r *reader) table(each func(relative bool, b []byte)) {
	for n := r.count(); n > 0 && !r.err; n-- {
		rel := r.bool()
		l := r.count()
		b := r.buf[:l:l]
		r.buf = r.buf[l:]
		each(rel, b)
	}
}

// strRefs are the tables ObligationsKept reads, one at a time a worker.
var strRefs = sync.Pool{New: func() any { return new([]strRef) }}

// shows says which of the case's files a table of the entry's obligations (of whichever
// evaluation it holds) that show keeps will read names or text back from (Fill): members.yaml
// when there is a row (every row names its worker), plan.yaml when a row names a child or is
// about something in the plan, meetings.yaml when one is about something in a meeting. It is a
// guess for which files to open rather than look at (a wrong one costs a system call or two,
// never a wrong name), read from the files each status's obligations name (PutObligations),
// which come before the obligations themselves: nothing of those is read.
func (e *Entry) shows(show func(engine.Status) bool) (open [len(files)]bool) {
	if len(e.obs) < sha256.Size {
		return open
	}
	r := &reader{buf: e.obs[sha256.Size:]}
	for m := r.count(); m > 0 && !r.err; m-- {
		n := r.count()
		name := r.buf[:n]
		r.buf = r.buf[n:]
		mask := r.u()
		if st, ok := engineStatus(name); r.err || !ok || !show(st) {
			continue
		}
		for i := range open {
			open[i] = open[i] || mask&(1<<i) != 0
		}
	}
	return open
}

// skipShows reads past the files each status names (shows), at the start of an obligations
// section after its key.
func (r *reader) skipShows() {
	for m := r.count(); m > 0 && !r.err; m-- {
		r.buf = r.buf[r.count():]
		r.u()
	}
}

// engineStatus is the status whose name is b, as the engine's own string: a case's few
// statuses are not made again for each case.
func engineStatus(b []byte) (engine.Status, bool) {
	i := slices.IndexFunc(engine.Statuses, func(st engine.Status) bool { return string(st) == string(b) })
	if i < 0 {
		return "", false
	}
	return engine.Statuses[i], true
}

// showsOf are the files that the rows of each status among obs read back from (shows), as
// the bits of files' places, in the order the statuses first come.
func showsOf(obs []engine.Obligation, dir string) []byte {
	prefix := dir + string(filepath.Separator)
	var order []engine.Status
	masks := map[engine.Status]uint64{}
	for _, o := range obs {
		if _, ok := masks[o.Status]; !ok {
			order = append(order, o.Status)
		}
		m := masks[o.Status] | 1<<membersAt
		switch file, _ := strings.CutPrefix(o.Anchor.File, prefix); {
		case o.Child != "" || file == casefolder.PlanFile:
			m |= 1 << planAt
		case file == casefolder.MeetingsFile:
			m |= 1 << meetingsAt
		}
		masks[o.Status] = m
	}
	b := binary.AppendUvarint(nil, uint64(len(order)))
	for _, st := range order {
		b = appendStr(b, string(st))
		b = binary.AppendUvarint(b, masks[st])
	}
	return b
}

// PutObligations stores the case's obligations from the evaluation key names, in place of any
// the entry held. An obligation with an explanation (engine.Basis) is not stored: the entry is
// left as it was. The section is the key, the files each status's rows read back from (shows),
// the table of strings, then each obligation as its status and the length of the rest, so that
// a reader can skip those it does not show.
func (e *Entry) PutObligations(key [32]byte, obs []engine.Obligation) {
	if e == nil || e.released || !e.whole() {
		return
	}
	idx := map[string]uint64{}
	var list []string
	index := func(s string) uint64 {
		i, ok := idx[s]
		if !ok {
			i = uint64(len(list))
			idx[s] = i
			list = append(list, s)
		}
		return i
	}
	var body, rec []byte
	for _, o := range obs {
		if o.Basis != nil {
			return
		}
		rec = rec[:0]
		for _, s := range []string{o.Case, o.Team, o.Worker, o.Policy, o.Rule, o.Title, o.Label, o.Cite, o.Child, o.Detail, o.Anchor.File} {
			rec = binary.AppendUvarint(rec, index(s))
		}
		rec = binary.AppendVarint(rec, int64(o.Anchor.Line))
		rec = binary.AppendVarint(rec, int64(o.Anchor.Col))
		for _, d := range []civil.Date{o.Due, o.Limit, o.Met, o.Booked, o.End} {
			rec = binary.AppendVarint(rec, int64(d))
		}
		rec = binary.AppendVarint(rec, int64(o.Days))
		rec = binary.AppendVarint(rec, int64(o.Period))
		rec = binary.AppendUvarint(rec, uint64(b2u(o.HasDays)))
		rec = binary.AppendUvarint(rec, uint64(b2u(o.BookedLate)))
		rec = binary.AppendUvarint(rec, uint64(b2u(o.OverLimit)))
		body = binary.AppendUvarint(body, index(string(o.Status)))
		body = binary.AppendUvarint(body, uint64(len(rec)))
		body = append(body, rec...)
	}
	prefix := e.dir + string(filepath.Separator)
	b := append([]byte{}, key[:]...)
	b = append(b, showsOf(obs, e.dir)...)
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, s := range list {
		// A path under the case folder is kept relative to it: another run may name the folder
		// another way.
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			b = binary.AppendUvarint(b, 1)
			b = appendStr(b, rest)
		} else {
			b = binary.AppendUvarint(b, 0)
			b = appendStr(b, s)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(obs)))
	b = append(b, body...)
	if e.store(b) == nil {
		e.obs, e.rec = b, nil
		e.c.writes.Add(1)
	}
}

func b2u(b bool) int {
	if b {
		return 1
	}
	return 0
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
