package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"path/filepath"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// Entry is a case's entry in the cache, as read or just written, which can also hold the case's
// obligations from one evaluation: a second run on the same day, with the same policy, need not
// evaluate the case again. Obligations hold what the entry's case holds and nothing more (ids,
// dates, the case reference, team, the policy's own titles and citations; no names, no free
// text) and are trusted only under the entry's seal and key, so never for a changed file, and
// only for exactly the evaluation they came from (EvalKey).
type Entry struct {
	c    *Cache
	path string
	dir  string // the case folder as this run names it: positions are under it
	key  caseKey
	head []byte // the entry up to its obligations
	obs  []byte // the obligations section: its key, then the obligations
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
	if e == nil || len(e.obs) < len(key) || string(e.obs[:len(key)]) != string(key[:]) {
		return nil, false
	}
	r := &reader{buf: e.obs[len(key):]}
	// The strings once each (a case's obligations share most of theirs), then the obligations.
	strs := make([]string, r.count())
	prefix := e.dir + string(filepath.Separator)
	for i := range strs {
		if r.bool() {
			strs[i] = prefix + r.str()
		} else {
			strs[i] = r.str()
		}
	}
	str := func() string {
		i := r.u()
		if i >= uint64(len(strs)) {
			r.err = true
			return ""
		}
		return strs[i]
	}
	n := r.count()
	out := make([]engine.Obligation, 0, n)
	for i := 0; i < n && !r.err; i++ {
		var o engine.Obligation
		for _, p := range []*string{&o.Case, &o.Team, &o.Worker, &o.Policy, &o.Rule, &o.Title, &o.Label, &o.Cite, &o.Child, &o.Detail, &o.Anchor.File} {
			*p = str()
		}
		o.Status = engine.Status(str())
		o.Anchor.Line, o.Anchor.Col = int(r.i()), int(r.i())
		o.Due, o.Limit, o.Met, o.Booked, o.End = r.date(), r.date(), r.date(), r.date(), r.date()
		o.Days, o.Period = int(r.i()), int(r.i())
		o.HasDays, o.BookedLate, o.OverLimit = r.bool(), r.bool(), r.bool()
		out = append(out, o)
	}
	if r.err || len(r.buf) != 0 {
		return nil, false
	}
	return out, true
}

// PutObligations stores the case's obligations from the evaluation key names, in place of any
// the entry held. An obligation with an explanation (engine.Basis) is not stored: the entry is
// left as it was.
func (e *Entry) PutObligations(key [32]byte, obs []engine.Obligation) {
	if e == nil {
		return
	}
	idx := map[string]uint64{}
	var list []string
	var body []byte
	for _, o := range obs {
		if o.Basis != nil {
			return
		}
		for _, s := range []string{o.Case, o.Team, o.Worker, o.Policy, o.Rule, o.Title, o.Label, o.Cite, o.Child, o.Detail, o.Anchor.File, string(o.Status)} {
			i, ok := idx[s]
			if !ok {
				i = uint64(len(list))
				idx[s] = i
				list = append(list, s)
			}
			body = binary.AppendUvarint(body, i)
		}
		b := body
		b = binary.AppendVarint(b, int64(o.Anchor.Line))
		b = binary.AppendVarint(b, int64(o.Anchor.Col))
		for _, d := range []civil.Date{o.Due, o.Limit, o.Met, o.Booked, o.End} {
			b = binary.AppendVarint(b, int64(d))
		}
		b = binary.AppendVarint(b, int64(o.Days))
		b = binary.AppendVarint(b, int64(o.Period))
		b = binary.AppendUvarint(b, uint64(b2u(o.HasDays)))
		b = binary.AppendUvarint(b, uint64(b2u(o.BookedLate)))
		b = binary.AppendUvarint(b, uint64(b2u(o.OverLimit)))
		body = b
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
		e.obs = b
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
