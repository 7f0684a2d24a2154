package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/speed"
)

// Page writes the one-page report (HTML or Markdown) of a caseload in bounded memory, with the
// same bytes as HTML and Markdown: each case's section is drawn as soon as the case is
// evaluated (Add) and kept in a private temporary file, and the case is dropped but for its
// counts and its overdue obligations (what the overview shows); Write puts the overview, then
// copies the sections in after it in the report's order.
//
// The temporary file is created 0600 in a folder made 0700 and unlinked as soon as it is open
// where the system allows (so nothing is left even if cpcase is killed); Close removes it
// elsewhere. It grows to the size of the cases' part of the page.
type Page struct {
	r        *Report // the header: the as-of date and the horizon's end the timelines draw
	markdown bool

	mu      sync.Mutex
	cases   uint32                    // the cases added, which numbers them
	overdue *speed.Spill[overdueLine] // every case's overdue obligations, in the order the overview lists them
	file    *os.File
	w       *bufio.Writer
	dir     string // the folder, while it could not be removed
	off     int64
	err     error
}

// NewPage starts a page for the report r (its header: no cases yet); markdown picks the format.
func NewPage(r *Report, markdown bool) *Page {
	return &Page{r: r, markdown: markdown, overdue: speed.NewSpill(overdueBudget, compareOverdue, overdueCodec)}
}

// overdueBudget is how many overdue obligations a Page holds before it sorts them into runs on
// disk (about 200 bytes each in memory).
var overdueBudget = 1 << 15 // a test lowers it

// section is where a case's part of the page is in the temporary file.
type section struct{ off, n int64 }

// Add draws the case's section and keeps it; it returns what the report keeps of the case in
// its place (pass that in Report.Cases to Write). Add may be called from several goroutines.
func (p *Page) Add(c *Case) (Case, error) {
	var b bytes.Buffer
	if p.markdown {
		markdownCase(&b, p.r, c)
	} else if err := page.ExecuteTemplate(&b, "case", newHTMLCase(c, p.r)); err != nil {
		return Case{}, err
	}
	out := c.pageSummary()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cases++
	out.id = p.cases
	for i, it := range c.Items {
		if it.Status == engine.Overdue {
			p.overdue.Add(overdueLine{Line: Line{Case: c.Ref, Team: c.Team, Lead: c.Lead, Item: it}, id: out.id, n: i})
		}
	}
	if p.err == nil && p.file == nil {
		p.err = p.open()
	}
	if p.err != nil {
		return Case{}, p.err
	}
	out.section = section{off: p.off, n: int64(b.Len())}
	if _, err := p.w.Write(b.Bytes()); err != nil {
		p.err = err
		return Case{}, err
	}
	p.off += int64(b.Len())
	return out, nil
}

// open makes the private temporary file, as speed.Sorter does for its runs.
func (p *Page) open() error {
	dir, err := os.MkdirTemp("", "cpcase-report-") // 0700
	if err != nil {
		return err
	}
	p.dir = dir
	f, err := os.OpenFile(filepath.Join(dir, "cases"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	p.file, p.w = f, bufio.NewWriterSize(f, 256<<10)
	if os.Remove(f.Name()) == nil && os.Remove(dir) == nil {
		p.dir = ""
	}
	return nil
}

// Write writes the page of r to w: r's header and cases (those Add returned, in the order to
// print them) for the overview, then each case's section from the temporary file.
func (p *Page) Write(w io.Writer, r *Report) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	if p.w != nil {
		if err := p.w.Flush(); err != nil {
			return err
		}
	}
	// The overdue obligations of the cases in r, in order (those of a case added and then left
	// out, a second folder of a reference, are not).
	kept := make(map[uint32]bool, len(r.Cases))
	for i := range r.Cases {
		kept[r.Cases[i].id] = true
	}
	var lineErr error
	overdue := func(yield func(*Line) bool) {
		for l := range p.overdue.Each {
			if kept[l.id] && !yield(&l.Line) {
				return
			}
		}
	}
	b := bufio.NewWriter(w)
	if p.markdown {
		markdownHead(b, r, overdue)
	} else {
		// The head needs only the number of cases of the page's own list; its overdue rows
		// are written one at a time.
		hp := newHTMLPage(r, make([]htmlCase, len(r.Cases)))
		if err := page.ExecuteTemplate(b, "top", hp); err != nil {
			return err
		}
		for l := range overdue {
			if lineErr = page.ExecuteTemplate(b, "overdue", l); lineErr != nil {
				break
			}
		}
		if lineErr == nil {
			lineErr = page.ExecuteTemplate(b, "after-overdue", hp)
		}
	}
	if lineErr == nil {
		lineErr = p.overdue.Err()
	}
	if lineErr != nil {
		return lineErr
	}
	for i := range r.Cases {
		s := r.Cases[i].section
		if s.n == 0 {
			continue
		}
		if p.file == nil {
			return errors.New("report: a case's section was not added to this page")
		}
		if _, err := io.Copy(b, io.NewSectionReader(p.file, s.off, s.n)); err != nil {
			return err
		}
	}
	if !p.markdown {
		if err := page.ExecuteTemplate(b, "foot", nil); err != nil {
			return err
		}
	}
	return b.Flush()
}

// Close removes the temporary file.
func (p *Page) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.overdue.Close()
	if p.file != nil {
		p.file.Close()
		p.file = nil
	}
	if p.dir != "" {
		os.RemoveAll(p.dir)
		p.dir = ""
	}
	return nil
}

// pageSummary is what the overview of the one-page report needs of a case whose section is
// drawn: its obligations counted (the overdue ones are kept apart, in the Page).
func (c *Case) pageSummary() Case {
	out := Case{Ref: c.Ref, Dir: c.Dir, Team: c.Team, Policy: c.Policy, Lead: c.Lead}
	for _, it := range c.Items {
		switch it.Status {
		case engine.Overdue:
			out.overdue++
		case engine.Due:
			out.due++
		case engine.Missed:
			out.missed++
		case engine.Waiting, engine.NoTimescale:
			out.undated++
		}
	}
	return out
}

// overdueLine is an overdue obligation as the overview lists it, with its case's number and its
// place among the case's obligations, which order it after engine.Less as Report.Overdue does.
//
// The pages of a Site list the due-soon obligations too, and link each to its case's page,
// named from its folder (dir).
type overdueLine struct {
	Line
	id  uint32
	n   int
	dir string
}

func compareOverdue(a, b *overdueLine) int {
	switch {
	case engine.Less(a.Obligation, b.Obligation):
		return -1
	case engine.Less(b.Obligation, a.Obligation):
		return 1
	}
	return cmp.Or(cmp.Compare(a.Case, b.Case), cmp.Compare(a.id, b.id), cmp.Compare(a.n, b.n))
}

// overdueCodec keeps what the overview prints of an overdue obligation and what orders it.
var overdueCodec = speed.Codec[overdueLine]{
	Encode: func(b []byte, l *overdueLine) ([]byte, error) {
		for _, s := range []string{l.Line.Case, l.Team, l.Lead, l.Obligation.Case, l.Rule, l.Title, l.Child, l.ChildLabel, l.Detail, string(l.Status)} {
			b = speed.AppendString(b, s)
		}
		b = binary.AppendVarint(b, int64(l.Due))
		b = binary.AppendVarint(b, int64(l.Days))
		b = binary.AppendVarint(b, int64(l.Anchor.Line))
		over := byte(0)
		if l.OverLimit {
			over = 1
		}
		b = append(b, over)
		b = binary.AppendUvarint(b, uint64(l.id))
		b = binary.AppendUvarint(b, uint64(l.n))
		return speed.AppendString(b, l.dir), nil
	},
	Decode: func(b []byte) (overdueLine, error) {
		d := &speed.Decoder{B: b}
		var l overdueLine
		l.Line.Case, l.Team, l.Lead, l.Obligation.Case, l.Rule = d.Str(), d.Str(), d.Str(), d.Str(), d.Str()
		l.Title, l.Child, l.ChildLabel, l.Detail, l.Status = d.Str(), d.Str(), d.Str(), d.Str(), engine.Status(d.Str())
		l.Due, l.Days, l.Anchor.Line = civil.Date(d.Varint()), int(d.Varint()), int(d.Varint())
		l.OverLimit = d.Byte() == 1
		l.id, l.n = uint32(d.Uvarint()), int(d.Uvarint())
		l.dir = d.Str()
		if len(d.B) != 0 {
			d.Bad = true
		}
		return l, d.Err()
	},
}
