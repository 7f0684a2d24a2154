package cache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// An entry after its header is a string table (each distinct string once) and then the case,
// field by field, with strings as indexes into the table, numbers as varints and positions as
// (file, line, column). Only the fields listed in encodeCase are written: names and free text
// never reach the encoder. codec_test.go fails when casefolder.Case gains a field that is not
// either written here or deliberately left out.

type writer struct {
	buf   []byte
	body  []byte
	strs  map[string]uint64
	list  []string
	dir   string
	paths [4]string // the four files under dir, as positions name them
	err   error
}

func (w *writer) str(s string) { // a header string, written in place
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *writer) key(k caseKey) {
	for _, f := range k {
		b := uint64(0)
		if f.exists {
			b = 1
		}
		w.buf = binary.AppendUvarint(w.buf, b)
		w.buf = binary.AppendVarint(w.buf, f.size)
		w.buf = binary.AppendVarint(w.buf, f.mtime)
		w.buf = binary.AppendVarint(w.buf, f.ctime)
		w.buf = binary.AppendUvarint(w.buf, f.ino)
	}
}

func (w *writer) u(n uint64)        { w.body = binary.AppendUvarint(w.body, n) }
func (w *writer) i(n int64)         { w.body = binary.AppendVarint(w.body, n) }
func (w *writer) date(d civil.Date) { w.i(int64(d)) }

func (w *writer) bool(b bool) {
	if b {
		w.u(1)
	} else {
		w.u(0)
	}
}

func (w *writer) s(s string) {
	n, ok := w.strs[s]
	if !ok {
		n = uint64(len(w.list))
		w.strs[s] = n
		w.list = append(w.list, s)
	}
	w.u(n)
}

func (w *writer) strList(ss []string) {
	w.u(uint64(len(ss)))
	for _, s := range ss {
		w.s(s)
	}
}

func (w *writer) dates(ds []civil.Date) {
	w.u(uint64(len(ds)))
	for _, d := range ds {
		w.date(d)
	}
}

// pos writes a position as the index of its file (0 for none) and its line and column.
func (w *writer) pos(p casefolder.Pos) {
	f := -1
	if p.File == "" {
		f = 0
	}
	for i, path := range w.paths {
		if p.File == path {
			f = i + 1
		}
	}
	if f < 0 && w.err == nil {
		w.err = fmt.Errorf("position in %s, outside the case folder %s", p.File, w.dir)
	}
	w.u(uint64(max(f, 0)))
	w.u(uint64(max(p.Line, 0)))
	w.u(uint64(max(p.Col, 0)))
}

func (w *writer) dur(d duration.Duration) {
	w.i(int64(d.N))
	w.i(int64(d.Unit))
}

// present is Withheld for text that is there, "" for none.
func present(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return Withheld
}

// encodeCase appends the case to w.buf: the string table, then the body.
// errFreeText stops an entry that would hold free text where a word is expected: a role or a
// plan section name written as a phrase ("Jo's aunt, Mrs Okafor") rather than a word of the
// policy language ("parent", "contingency"). Such a case is not cached; it is read from its
// files each time, as without --cache.
var errFreeText = errors.New("a role or plan section name is free text")

// isWord is a word of the policy language: an id such as lead-social-worker or needs.
func isWord(s string) bool { return yamlwalk.IsID(s) }

// start readies w to encode a part of the entry of c: a string table and a body of its own.
func (w *writer) start(c *casefolder.Case) {
	w.strs, w.list, w.body, w.dir = map[string]uint64{}, nil, nil, c.Dir
	for i, name := range files {
		w.paths[i] = filepath.Join(c.Dir, name)
	}
}

// finish appends the string table and then the body to w.buf.
func (w *writer) finish() error {
	if w.err != nil {
		return w.err
	}
	w.buf = binary.AppendUvarint(w.buf, uint64(len(w.list)))
	for _, s := range w.list {
		w.str(s)
	}
	w.buf = append(w.buf, w.body...)
	return nil
}

// encodeSummary appends, with its length, what a table or a listing of the case's cached
// obligations reads of the case (Entry.Summary): the reference, policy and team, the children's
// ids and births, the members' ids and staff ids, the actions' ids, owners and positions. A
// second run the same day that finds the obligations cached reads only this, not the case.
func encodeSummary(w *writer, c *casefolder.Case) error {
	out := w.buf
	w.buf = nil
	w.start(c)
	w.s(c.Ref)
	w.pos(c.RefPos)
	w.s(c.Policy)
	w.pos(c.PolicyPos)
	w.s(c.Team)
	w.pos(c.PlanPos)
	w.u(uint64(len(c.Children)))
	for _, ch := range c.Children {
		w.s(ch.ID)
		w.date(ch.Born)
		w.pos(ch.Pos)
	}
	w.u(uint64(len(c.Members)))
	for _, m := range c.Members {
		w.s(m.ID)
		w.s(m.Staff)
		w.pos(m.Pos)
	}
	w.bool(c.Plan != nil)
	if c.Plan != nil {
		w.actions(c.Plan.Actions)
	}
	n := 0
	for _, m := range c.Meetings {
		if len(m.Actions) > 0 {
			n++
		}
	}
	w.u(uint64(n))
	for _, m := range c.Meetings {
		if len(m.Actions) > 0 {
			w.actions(m.Actions)
		}
	}
	err := w.finish()
	sum := w.buf
	w.buf = append(binary.AppendUvarint(out, uint64(len(sum))), sum...)
	return err
}

func encodeCase(w *writer, c *casefolder.Case) error {
	w.start(c)
	w.s(c.Ref)
	w.pos(c.RefPos)
	w.s(c.Policy)
	w.pos(c.PolicyPos)
	w.s(c.Team)
	w.pos(c.PlanPos)
	w.u(uint64(len(c.Children)))
	for _, ch := range c.Children { // Name left out
		w.s(ch.ID)
		w.date(ch.Born)
		w.date(ch.Expected)
		w.strList(ch.Facts)
		w.pos(ch.Pos)
	}
	w.u(uint64(len(c.Conferences)))
	for _, cf := range c.Conferences {
		w.s(cf.Kind)
		w.date(cf.Date)
		w.s(cf.Decision)
		w.strList(cf.Children)
		w.s(cf.Lead)
		w.date(cf.CoreGroupSet)
		w.dur(cf.CoreGroupEvery)
		w.dur(cf.VisitEvery)
		w.date(cf.NextReview)
		w.date(cf.Record.Circulated)
		w.date(cf.Record.PlanCirculated)
		w.pos(cf.Pos)
	}
	w.strList(c.Facts)
	w.bool(c.Enquiry != nil)
	if q := c.Enquiry; q != nil {
		w.date(q.StrategyDiscussion)
		w.date(q.Section47Started)
		w.pos(q.Pos)
	}
	w.bool(c.CoreAssessment != nil)
	if ca := c.CoreAssessment; ca != nil {
		w.date(ca.Started)
		w.date(ca.Completed)
		w.pos(ca.Pos)
	}
	w.bool(c.Plan != nil)
	if p := c.Plan; p != nil {
		w.date(p.Agreed)
		w.pos(p.AgreedPos)
		w.u(uint64(len(p.Sections)))
		for _, s := range p.Sections { // the section's name (a key such as "needs"), not its text
			if !isWord(s.Name) {
				return errFreeText
			}
			w.s(s.Name)
			w.pos(s.Pos)
		}
		w.actions(p.Actions)
		w.u(uint64(len(p.Signed)))
		for _, sg := range p.Signed {
			w.s(sg.Member)
			w.date(sg.Date)
			w.pos(sg.Pos)
		}
		w.pos(p.Pos)
	}
	w.u(uint64(len(c.Escalations)))
	for _, e := range c.Escalations { // Note left out
		w.date(e.Date)
		w.s(e.Reason)
		w.s(e.To)
		w.pos(e.Pos)
	}
	w.u(uint64(len(c.Members)))
	for _, m := range c.Members { // Name and Agency left out; Reason only as there or not
		w.s(m.ID)
		if m.Role != "" && !isWord(m.Role) {
			return errFreeText
		}
		w.s(m.Role)
		w.date(m.From)
		w.date(m.To)
		w.bool(m.Excluded)
		w.s(present(m.Reason))
		w.s(m.Staff)
		w.pos(m.Pos)
	}
	w.u(uint64(len(c.Meetings)))
	for _, m := range c.Meetings { // Summary, Decisions and Disagreements left out
		w.date(m.Date)
		w.s(m.Kind)
		w.s(m.Chair)
		w.pos(m.ChairPos)
		w.strList(m.Present)
		w.strList(m.Apologies)
		w.strList(m.Absent)
		w.actions(m.Actions)
		w.date(m.Next)
		w.dates(m.DatesSet)
		w.date(m.Record.ToManager)
		w.date(m.Record.Approved)
		w.date(m.Record.Circulated)
		w.date(m.RescheduledFrom)
		w.bool(m.Cancelled)
		w.strList(m.Fields)
		w.pos(m.Pos)
	}
	w.u(uint64(len(c.Visits)))
	for _, v := range c.Visits {
		w.date(v.Date)
		w.s(v.By)
		w.s(v.Kind)
		w.strList(v.Seen)
		w.strList(v.Alone)
		w.bool(v.Bedroom)
		w.strList(v.Bedrooms)
		w.s(v.Outcome)
		w.bool(v.NoAccess)
		w.pos(v.Pos)
	}
	return w.finish()
}

func (w *writer) actions(as []casefolder.Action) {
	w.u(uint64(len(as)))
	for _, a := range as { // Text only as there or not
		w.s(a.ID)
		w.s(present(a.Text))
		w.s(a.Owner)
		w.date(a.Due)
		w.date(a.Done)
		w.pos(a.Pos)
	}
}

// reader decodes an entry. Every read is bounds-checked: a damaged entry sets err and reads as
// zeros, and the caller drops it.
type reader struct {
	buf   []byte
	err   bool
	strs  []string
	paths [5]string // "" and the four files, for positions
}

func (r *reader) u() uint64 {
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.err, r.buf = true, nil
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *reader) i() int64 {
	v, n := binary.Varint(r.buf)
	if n <= 0 {
		r.err, r.buf = true, nil
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

// count reads a length, at most the bytes left (every item takes at least one), so that a damaged
// count cannot ask for a huge allocation.
func (r *reader) count() int {
	n := r.u()
	if n > uint64(len(r.buf)) {
		r.err, r.buf = true, nil
		return 0
	}
	return int(n)
}

func (r *reader) str() string { // a header string, read in place
	n := r.count()
	s := string(r.buf[:n])
	r.buf = r.buf[n:]
	return s
}

func (r *reader) key() caseKey {
	var k caseKey
	for i := range k {
		k[i].exists = r.u() == 1
		k[i].size = r.i()
		k[i].mtime = r.i()
		k[i].ctime = r.i()
		k[i].ino = r.u()
	}
	return k
}

func (r *reader) date() civil.Date { return civil.Date(r.i()) }
func (r *reader) bool() bool       { return r.u() == 1 }
func (r *reader) int() int         { return int(r.u()) }

func (r *reader) s() string {
	n := r.u()
	if n >= uint64(len(r.strs)) {
		r.err = true
		return ""
	}
	return r.strs[n]
}

func (r *reader) strList() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.s()
	}
	return out
}

func (r *reader) dates() []civil.Date {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]civil.Date, n)
	for i := range out {
		out[i] = r.date()
	}
	return out
}

func (r *reader) pos() casefolder.Pos {
	f := r.u()
	if f >= uint64(len(r.paths)) {
		r.err = true
		f = 0
	}
	return casefolder.Pos{File: r.paths[f], Line: r.int(), Col: r.int()}
}

func (r *reader) dur() duration.Duration {
	n, u := r.i(), r.i()
	if n < 0 || n > duration.Max || u < int64(duration.WorkingDays) || u > int64(duration.Months) {
		r.err = true
		return duration.Duration{}
	}
	return duration.Duration{N: int(n), Unit: duration.Unit(u)}
}

// begin reads the string table of a part of an entry, with positions under dir.
func (r *reader) begin(dir string) {
	ps := filePaths(dir)
	copy(r.paths[1:], ps[:])
	r.strs = make([]string, r.count())
	for i := range r.strs {
		r.strs[i] = r.str()
	}
}

// caseHead begins reading a case under dir: the fields both the summary and the whole case start
// with (reference, policy, team and their positions).
func (r *reader) caseHead(dir string) *casefolder.Case {
	r.begin(dir)
	c := &casefolder.Case{Dir: dir}
	c.Ref = r.s()
	c.RefPos = r.pos()
	c.Policy = r.s()
	c.PolicyPos = r.pos()
	c.Team = r.s()
	c.PlanPos = r.pos()
	return c
}

// decodeSummary reads what encodeSummary wrote (without its length), with positions under dir;
// nil when damaged. The case it gives holds only those fields, and every meeting's actions as
// one meeting's.
func decodeSummary(r *reader, dir string) *casefolder.Case {
	c := decodeSummaryHead(r, dir)
	if c == nil || !decodeSummaryActions(r, c) {
		return nil
	}
	return c
}

// decodeSummaryHead reads the summary up to its actions (the reference, policy, team, children
// and members), leaving r at them; nil when damaged.
func decodeSummaryHead(r *reader, dir string) (c *casefolder.Case) {
	defer func() {
		if recover() != nil {
			c = nil
		}
	}()
	c = r.caseHead(dir)
	if n := r.count(); n > 0 {
		c.Children = make([]casefolder.Child, n)
		for i := range c.Children {
			c.Children[i] = casefolder.Child{ID: r.s(), Born: r.date(), Pos: r.pos()}
		}
	}
	if n := r.count(); n > 0 {
		c.Members = make([]casefolder.Member, n)
		for i := range c.Members {
			c.Members[i] = casefolder.Member{ID: r.s(), Staff: r.s(), Pos: r.pos()}
		}
	}
	if r.err {
		return nil
	}
	return c
}

// decodeSummaryActions reads the rest of the summary, the plan's and the meetings' actions, into
// c; false when damaged.
func decodeSummaryActions(r *reader, c *casefolder.Case) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	if r.bool() {
		c.Plan = &casefolder.Plan{Actions: r.actions()}
	}
	// The meetings' actions, as one meeting's: a listing reads a meeting of the summary only for
	// its actions, found by their positions, and a meeting is 344 bytes.
	if n := r.count(); n > 0 {
		all := make([]casefolder.Action, 0, r.countActions(n))
		for range n {
			all = r.appendActions(all)
		}
		c.Meetings = []casefolder.Meeting{{Actions: all}}
	}
	return !r.err && len(r.buf) == 0
}

// countActions is how many actions the next n lists of actions hold, read without moving r: so
// that the meetings' are made at once, not grown list by list (a fifth of what a warm listing
// allocated). An action is six numbers (three strings, two dates, a position's file) and a
// position's line and column.
func (r *reader) countActions(n int) int {
	look := reader{buf: r.buf}
	total := 0
	for range n {
		m := look.count()
		for range m * 8 {
			look.u()
		}
		if look.err {
			return 0
		}
		total += m
	}
	return total
}

// decodeCase reads the case after an entry's summary, with positions under dir; nil when damaged.
func decodeCase(r *reader, dir string) (c *casefolder.Case) {
	defer func() {
		// The reads are bounds-checked; this is the last line against a damaged entry.
		if recover() != nil {
			c = nil
		}
	}()
	c = r.caseHead(dir)
	if n := r.count(); n > 0 {
		c.Children = make([]casefolder.Child, n)
		for i := range c.Children {
			ch := &c.Children[i]
			ch.ID = r.s()
			ch.Born = r.date()
			ch.Expected = r.date()
			ch.Facts = r.strList()
			ch.Pos = r.pos()
		}
	}
	if n := r.count(); n > 0 {
		c.Conferences = make([]casefolder.Conference, n)
		for i := range c.Conferences {
			cf := &c.Conferences[i]
			cf.Kind = r.s()
			cf.Date = r.date()
			cf.Decision = r.s()
			cf.Children = r.strList()
			cf.Lead = r.s()
			cf.CoreGroupSet = r.date()
			cf.CoreGroupEvery = r.dur()
			cf.VisitEvery = r.dur()
			cf.NextReview = r.date()
			cf.Record.Circulated = r.date()
			cf.Record.PlanCirculated = r.date()
			cf.Pos = r.pos()
		}
	}
	c.Facts = r.strList()
	if r.bool() {
		c.Enquiry = &casefolder.Enquiry{StrategyDiscussion: r.date(), Section47Started: r.date(), Pos: r.pos()}
	}
	if r.bool() {
		c.CoreAssessment = &casefolder.CoreAssessment{Started: r.date(), Completed: r.date(), Pos: r.pos()}
	}
	if r.bool() {
		p := &casefolder.Plan{}
		p.Agreed = r.date()
		p.AgreedPos = r.pos()
		if n := r.count(); n > 0 {
			p.Sections = make([]casefolder.Section, n)
			for i := range p.Sections {
				p.Sections[i] = casefolder.Section{Name: r.s(), Pos: r.pos()}
			}
		}
		p.Actions = r.actions()
		if n := r.count(); n > 0 {
			p.Signed = make([]casefolder.Signature, n)
			for i := range p.Signed {
				p.Signed[i] = casefolder.Signature{Member: r.s(), Date: r.date(), Pos: r.pos()}
			}
		}
		p.Pos = r.pos()
		c.Plan = p
	}
	if n := r.count(); n > 0 {
		c.Escalations = make([]casefolder.Escalation, n)
		for i := range c.Escalations {
			c.Escalations[i] = casefolder.Escalation{Date: r.date(), Reason: r.s(), To: r.s(), Pos: r.pos()}
		}
	}
	if n := r.count(); n > 0 {
		c.Members = make([]casefolder.Member, n)
		for i := range c.Members {
			m := &c.Members[i]
			m.ID = r.s()
			m.Role = r.s()
			m.From = r.date()
			m.To = r.date()
			m.Excluded = r.bool()
			m.Reason = r.s()
			m.Staff = r.s()
			m.Pos = r.pos()
		}
	}
	if n := r.count(); n > 0 {
		c.Meetings = make([]casefolder.Meeting, n)
		for i := range c.Meetings {
			m := &c.Meetings[i]
			m.Date = r.date()
			m.Kind = r.s()
			m.Chair = r.s()
			m.ChairPos = r.pos()
			m.Present = r.strList()
			m.Apologies = r.strList()
			m.Absent = r.strList()
			m.Actions = r.actions()
			m.Next = r.date()
			m.DatesSet = r.dates()
			m.Record.ToManager = r.date()
			m.Record.Approved = r.date()
			m.Record.Circulated = r.date()
			m.RescheduledFrom = r.date()
			m.Cancelled = r.bool()
			m.Fields = r.strList()
			m.Pos = r.pos()
		}
	}
	if n := r.count(); n > 0 {
		c.Visits = make([]casefolder.Visit, n)
		for i := range c.Visits {
			v := &c.Visits[i]
			v.Date = r.date()
			v.By = r.s()
			v.Kind = r.s()
			v.Seen = r.strList()
			v.Alone = r.strList()
			v.Bedroom = r.bool()
			v.Bedrooms = r.strList()
			v.Outcome = r.s()
			v.NoAccess = r.bool()
			v.Pos = r.pos()
		}
	}
	if r.err || len(r.buf) != 0 {
		return nil
	}
	return c
}

func (r *reader) actions() []casefolder.Action { return r.appendActions(nil) }

// appendActions reads a list of actions onto out.
func (r *reader) appendActions(out []casefolder.Action) []casefolder.Action {
	n := r.count()
	if n == 0 {
		return out
	}
	out = slices.Grow(out, n)
	for range n {
		out = append(out, casefolder.Action{ID: r.s(), Text: r.s(), Owner: r.s(), Due: r.date(), Done: r.date(), Pos: r.pos()})
	}
	return out
}

// filePaths are the case's files under dir as filepath.Join names them, made as one string:
// every case read from the cache names its four.
func filePaths(dir string) (out [len(files)]string) {
	sep := string(filepath.Separator)
	if dir == "" || dir == sep || dir == "." || filepath.Clean(dir) != dir {
		for i, name := range files {
			out[i] = filepath.Join(dir, name)
		}
		return out
	}
	// dir is clean: Join would add the separator and the name, and clean nothing.
	size := 0
	for _, name := range files {
		size += len(dir) + len(sep) + len(name)
	}
	var b strings.Builder
	b.Grow(size)
	at := [len(files) + 1]int{}
	for i, name := range files {
		b.WriteString(dir)
		b.WriteString(sep)
		b.WriteString(name)
		at[i+1] = b.Len()
	}
	all := b.String()
	for i := range out {
		out[i] = all[at[i]:at[i+1]]
	}
	return out
}
