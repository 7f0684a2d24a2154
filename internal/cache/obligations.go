package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"path/filepath"
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
	table := e.obs[len(key):]
	r := &reader{buf: table}
	// The strings once each (a case's obligations share most of theirs), made only when used.
	pooled := strRefs.Get().(*[]strRef)
	defer func() {
		clear(*pooled)
		strRefs.Put(pooled)
	}()
	refs := (*pooled)[:0]
	r.table(func(rel bool, b []byte) { refs = append(refs, strRef{b: b, relative: rel}) })
	*pooled = refs
	prefix := e.dir + string(filepath.Separator)
	str := func(r *reader) string {
		i := r.u()
		if i >= uint64(len(refs)) {
			r.err = true
			return ""
		}
		f := &refs[i]
		if !f.made {
			if f.relative {
				f.s = prefix + string(f.b)
			} else {
				f.s = string(f.b)
			}
			f.made = true
		}
		return f.s
	}
	n := r.count()
	// As many as are kept (a listing keeps three or four of some sixty): a first look at each
	// one's status and length only.
	want := 0
	for look, i := (&reader{buf: r.buf}), 0; i < n && !look.err; i++ {
		status := engine.Status(str(look))
		size := look.count()
		if look.err {
			break
		}
		look.buf = look.buf[size:]
		if keep == nil || keep(status) {
			want++
		}
	}
	out := make([]engine.Obligation, 0, want)
	for i := 0; i < n && !r.err; i++ {
		status := engine.Status(str(r))
		size := r.count()
		if r.err {
			break
		}
		rec := &reader{buf: r.buf[:size]}
		r.buf = r.buf[size:]
		if keep != nil && !keep(status) {
			continue
		}
		o := engine.Obligation{Status: status}
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
	if r.err || len(r.buf) != 0 {
		return nil, false
	}
	return out, true
}

// strRef is a string of an obligations section's table: its bytes, and once made, itself.
type strRef struct {
	b        []byte
	relative bool // a path under the case folder, kept relative to it
	made     bool
	s        string
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
// never a wrong name): nothing is decoded but statuses, children and the anchors' files.
func (e *Entry) shows(show func(engine.Status) bool) (open [len(files)]bool) {
	if len(e.obs) < sha256.Size {
		return open
	}
	r := &reader{buf: e.obs[sha256.Size:]}
	// What each string of the table is, as far as this asks.
	const (
		other = iota
		shown
		hidden
		empty
		inPlan
		inMeetings
	)
	kind := make([]byte, 0, 128)
	r.table(func(rel bool, b []byte) {
		k := byte(other)
		switch {
		case len(b) == 0:
			k = empty
		case rel && string(b) == casefolder.PlanFile:
			k = inPlan
		case rel && string(b) == casefolder.MeetingsFile:
			k = inMeetings
		case len(b) <= 16:
			for _, st := range engine.Statuses {
				if string(b) == string(st) {
					k = hidden
					if show(st) {
						k = shown
					}
					break
				}
			}
		}
		kind = append(kind, k)
	})
	at := func(i uint64) byte {
		if i < uint64(len(kind)) {
			return kind[i]
		}
		return other
	}
	for m := r.count(); m > 0 && !r.err; m-- {
		status := at(r.u())
		size := r.count()
		rec := &reader{buf: r.buf[:size]}
		r.buf = r.buf[size:]
		if status != shown {
			continue
		}
		open[membersAt] = true
		for range 8 { // the case, team, worker, policy, rule, title, label and cite
			rec.u()
		}
		child := at(rec.u())
		rec.u() // the detail
		switch file := at(rec.u()); {
		case rec.err:
		case child != empty || file == inPlan:
			open[planAt] = true
		case file == inMeetings:
			open[meetingsAt] = true
		}
	}
	return open
}

// PutObligations stores the case's obligations from the evaluation key names, in place of any
// the entry held. An obligation with an explanation (engine.Basis) is not stored: the entry is
// left as it was. Each obligation is its status, then the length of the rest, so that a reader
// can skip those it does not show.
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
