package changes

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/speed"
)

// Earlier is the earlier evaluation of a tree kept for comparing case by case in bounded
// memory: each case's obligations go, as the case is evaluated (Keep), to a private temporary
// file, with what the comparison and the outputs read of them; only an index by case
// reference is held. The file is created 0600 in a folder made 0700 and unlinked as soon as it
// is open where the system allows, as speed.Sorter does; Close removes it elsewhere.
type Earlier struct {
	AsOf civil.Date
	// Rel turns a file named in an obligation's positions into a path relative to the top of
	// the repository (Snapshot.Rel).
	Rel func(file string) string

	mu      sync.Mutex
	file    *os.File
	w       *bufio.Writer
	dir     string // the folder, while it could not be removed
	off     int64
	err     error
	flushed bool

	cases map[string]kept
}

// Place is where Keep put a case's obligations.
type Place struct{ off, n int64 }

type kept struct {
	folder         string
	failed, onPlan bool
	at             Place
}

// NewEarlier starts an earlier evaluation as of asOf.
func NewEarlier(asOf civil.Date, rel func(string) string) *Earlier {
	return &Earlier{AsOf: asOf, Rel: rel, cases: map[string]kept{}}
}

// Keep writes one case's obligations to the file and says where they are (for Index). It may
// be called from several goroutines.
func (e *Earlier) Keep(obs []engine.Obligation) (Place, error) {
	b := encodeObligations(nil, obs)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err == nil && e.file == nil {
		e.err = e.open()
	}
	if e.err != nil {
		return Place{}, e.err
	}
	at := Place{off: e.off, n: int64(len(b))}
	if _, err := e.w.Write(b); err != nil {
		e.err = err
		return Place{}, err
	}
	e.off += int64(len(b))
	return at, nil
}

func (e *Earlier) open() error {
	dir, err := os.MkdirTemp("", "cpcase-changes-") // 0700
	if err != nil {
		return err
	}
	e.dir = dir
	f, err := os.OpenFile(filepath.Join(dir, "then"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	e.file, e.w = f, bufio.NewWriterSize(f, 256<<10)
	if os.Remove(f.Name()) == nil && os.Remove(dir) == nil {
		e.dir = ""
	}
	return nil
}

// Index records a case of the earlier tree, in path order once the run is over: a reference
// indexed twice keeps the later one, as Compare does.
func (e *Earlier) Index(ref, folder string, failed, onPlan bool, at Place) {
	e.cases[ref] = kept{folder: folder, failed: failed, onPlan: onPlan, at: at}
}

// Close removes the temporary file.
func (e *Earlier) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.file != nil {
		e.file.Close()
		e.file = nil
	}
	if e.dir != "" {
		os.RemoveAll(e.dir)
		e.dir = ""
	}
	return nil
}

// then is the earlier case with that reference, its obligations read back, or nil.
func (e *Earlier) then(ref string) (*Case, error) {
	k, ok := e.cases[ref]
	if !ok {
		return nil, nil
	}
	c := &Case{Ref: ref, Folder: k.folder, Failed: k.failed, OnPlan: k.onPlan}
	if k.at.n == 0 {
		return c, nil
	}
	e.mu.Lock()
	if !e.flushed && e.err == nil {
		e.err, e.flushed = e.w.Flush(), true
	}
	err, f := e.err, e.file
	e.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, errors.New("changes: the earlier evaluation is closed")
	}
	b := make([]byte, k.at.n)
	if _, err := f.ReadAt(b, k.at.off); err != nil {
		return nil, err
	}
	if c.Obligations, err = decodeObligations(b); err != nil {
		return nil, fmt.Errorf("changes: reading back the earlier evaluation: %v", err)
	}
	return c, nil
}

// CompareCase is the movement of one case of now (n, with Rel the tree of now's) from the
// earlier case of its reference, as Compare lists it, and whether there is any; the movement
// holds only what the outputs read of the obligations. It may be called from several
// goroutines once every earlier case is indexed.
func (e *Earlier) CompareCase(n *Case, rel func(string) string, log *history.Log) (CaseChanges, bool, error) {
	o, err := e.then(n.Ref)
	if err != nil {
		return CaseChanges{}, false, err
	}
	cc, ok := compareCase(n.Ref, o, n, e.Rel, rel, log)
	compact(&cc)
	return cc, ok, nil
}

// Gone is the movement of the earlier cases whose references are not in now, by reference.
func (e *Earlier) Gone(now map[string]bool, rel func(string) string, log *history.Log) ([]CaseChanges, error) {
	var refs []string
	for ref := range e.cases {
		if !now[ref] {
			refs = append(refs, ref)
		}
	}
	sort.Strings(refs)
	var out []CaseChanges
	for _, ref := range refs {
		o, err := e.then(ref)
		if err != nil {
			return nil, err
		}
		if cc, ok := compareCase(ref, o, nil, e.Rel, rel, log); ok {
			compact(&cc)
			out = append(out, cc)
		}
	}
	return out, nil
}

// NewReport is the report of the movement of cases compared one by one (CompareCase, Gone), in
// case order as New gives it.
func NewReport(from history.Commit, since, asOf civil.Date, cases []CaseChanges) *Report {
	sort.Slice(cases, func(i, j int) bool { return cases[i].Ref < cases[j].Ref })
	return &Report{From: from, Since: since, AsOf: asOf, Cases: cases}
}

// compact gives each movement its own copies of its two obligations without their basis (the
// outputs read neither the basis nor the rest of the case's obligations), so that a report of
// many cases holds what it shows.
func compact(cc *CaseChanges) {
	for i := range cc.Movements {
		m := &cc.Movements[i]
		if m.Before != nil {
			b := *m.Before
			b.Basis = nil
			m.Before = &b
		}
		if m.After != nil {
			a := *m.After
			a.Basis = nil
			m.After = &a
		}
	}
}

// The file holds, per case, a table of its distinct strings and then its obligations, each
// string by its number in the table: every field but the basis, of which only the positions
// of the records behind the obligation (those recordsBehind reads).

const (
	hasBasis    = 1 << iota // the basis's positions follow
	hasOverride             // the basis names an override conference (its position follows)
	overLimit
	hasDays
	bookedLate
)

func encodeObligations(b []byte, obs []engine.Obligation) []byte {
	index := map[string]uint64{}
	var table []string
	str := func(s string) uint64 {
		n, ok := index[s]
		if !ok {
			n = uint64(len(table))
			index[s] = n
			table = append(table, s)
		}
		return n
	}
	var body []byte
	u := func(n uint64) { body = binary.AppendUvarint(body, n) }
	i := func(n int64) { body = binary.AppendVarint(body, n) }
	pos := func(p casefolder.Pos) { u(str(p.File)); i(int64(p.Line)); i(int64(p.Col)) }
	u(uint64(len(obs)))
	for k := range obs {
		o := &obs[k]
		for _, s := range []string{o.Case, o.Team, o.Worker, o.Policy, o.Rule, o.Title, o.Label, o.Cite, o.Child, string(o.Status), o.Detail} {
			u(str(s))
		}
		for _, d := range []civil.Date{o.Due, o.Limit, o.Met, o.Booked, o.End} {
			i(int64(d))
		}
		i(int64(o.Days))
		i(int64(o.Period))
		pos(o.Anchor)
		var f uint64
		if o.Basis != nil {
			f |= hasBasis
			if o.Basis.Override != nil {
				f |= hasOverride
			}
		}
		if o.OverLimit {
			f |= overLimit
		}
		if o.HasDays {
			f |= hasDays
		}
		if o.BookedLate {
			f |= bookedLate
		}
		u(f)
		if o.Basis != nil {
			pos(o.Basis.MetAt)
			pos(o.Basis.BookedAt)
			if o.Basis.Override != nil {
				pos(o.Basis.Override.Pos)
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(table)))
	for _, s := range table {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return append(b, body...)
}

// decoder reads what encodeObligations wrote, with bounds checks (speed.Decoder): a short or
// corrupt record is an error, never a panic. Strings are numbers into the record's table.
type decoder struct {
	speed.Decoder
	table []string
}

func (d *decoder) u() uint64 { return d.Uvarint() }
func (d *decoder) i() int64  { return d.Varint() }

func (d *decoder) str() string {
	n := d.u()
	if n >= uint64(len(d.table)) {
		d.Bad = true
		return ""
	}
	return d.table[n]
}

func (d *decoder) pos() casefolder.Pos {
	return casefolder.Pos{File: d.str(), Line: int(d.i()), Col: int(d.i())}
}

func decodeObligations(b []byte) ([]engine.Obligation, error) {
	d := &decoder{Decoder: speed.Decoder{B: b}}
	n := d.u()
	if n > uint64(len(b)) {
		return nil, errors.New("corrupt record")
	}
	d.table = make([]string, 0, n)
	for j := uint64(0); j < n && !d.Bad; j++ {
		d.table = append(d.table, d.Str())
	}
	count := d.u()
	if d.Bad || count > uint64(len(d.B)) {
		return nil, errors.New("corrupt record")
	}
	obs := make([]engine.Obligation, count)
	for k := range obs {
		o := &obs[k]
		o.Case, o.Team, o.Worker, o.Policy, o.Rule, o.Title = d.str(), d.str(), d.str(), d.str(), d.str(), d.str()
		o.Label, o.Cite, o.Child, o.Status, o.Detail = d.str(), d.str(), d.str(), engine.Status(d.str()), d.str()
		o.Due, o.Limit, o.Met, o.Booked, o.End = civil.Date(d.i()), civil.Date(d.i()), civil.Date(d.i()), civil.Date(d.i()), civil.Date(d.i())
		o.Days, o.Period = int(d.i()), int(d.i())
		o.Anchor = d.pos()
		f := d.u()
		o.OverLimit, o.HasDays, o.BookedLate = f&overLimit != 0, f&hasDays != 0, f&bookedLate != 0
		if f&hasBasis != 0 {
			o.Basis = &engine.Basis{MetAt: d.pos(), BookedAt: d.pos()}
			if f&hasOverride != 0 {
				o.Basis.Override = &casefolder.Conference{Pos: d.pos()}
			}
		}
		if err := d.Err(); err != nil {
			return nil, err
		}
	}
	if len(d.B) != 0 {
		return nil, errors.New("corrupt record")
	}
	return obs, nil
}
