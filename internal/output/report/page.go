package report

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/cpcase/cpcase/internal/evaluate/engine"
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

	mu   sync.Mutex
	file *os.File
	w    *bufio.Writer
	dir  string // the folder, while it could not be removed
	off  int64
	err  error
}

// NewPage starts a page for the report r (its header: no cases yet); markdown picks the format.
func NewPage(r *Report, markdown bool) *Page { return &Page{r: r, markdown: markdown} }

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
	b := bufio.NewWriter(w)
	if p.markdown {
		markdownHead(b, r)
	} else {
		// The head needs only the number of cases of the page's own list.
		if err := page.ExecuteTemplate(b, "head", newHTMLPage(r, make([]htmlCase, len(r.Cases)))); err != nil {
			return err
		}
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
// drawn: its overdue obligations, and the rest counted.
func (c *Case) pageSummary() Case {
	out := Case{Ref: c.Ref, Dir: c.Dir, Team: c.Team, Policy: c.Policy, Lead: c.Lead}
	for _, it := range c.Items {
		switch it.Status {
		case engine.Overdue:
			out.Items = append(out.Items, it)
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
