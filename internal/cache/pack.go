package cache

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// A pack is a copy of the part of each entry a listing reads (the case's summary and its
// obligations, with the folder and the key of its files), for every cached case of one walk,
// in the walk's order, in one file: a warm `cpcase due` reads it from start to end in large
// reads beside the walk, instead of opening, reading and closing an entry for each case (three
// system calls a case, and a seal over the whole entry where a record's is over a quarter of
// it). The entries stay what the cache trusts and writes; a pack only saves reading them, and
// each record is sealed as an entry is (over the cpcase build too), so a record that is
// damaged, moved, from another build or for files that have changed is passed over and the
// case's entry read instead. A walk over other folders has a pack of its own ("pack-" and a
// hash of the folders' paths). A run writes the pack again only when it would differ: a record
// left out, added, out of order or changed.
//
// On disk: packMagic, the build (a string), then each record as its length and the record: the
// folder's absolute path, the key of its files, the summary (its length first), the
// obligations section, and the seal.

const packMagic = "CPCASEP\x00"

// packChunk is how much of a pack is read at a time.
const packChunk = 1 << 20

// packAhead is how many records Find looks past for a folder: a case added to the tree leaves
// the records where they are, a case removed is passed over, and a larger change than this
// reads the entries until the records come back into step.
const packAhead = 64

// Pack is the pack of one walk, read (Find) and written again (Put, Close) as the walk goes.
// Find is for the goroutine that walks, Put and Close for the one that collects the results in
// the walk's order; they may run at the same time.
type Pack struct {
	c    *Cache
	path string

	// Reading.
	f     *os.File
	in    *bufio.Reader
	at    int64     // the file's offset of the next record
	ahead []*Record // records read and not yet found
	bad   bool      // the rest of the file cannot be read as records
	start int64     // where the records start; 0: no usable pack
	end   int64     // the file's size when it was opened

	// Writing: the new pack is the old one up to clean, until a record differs.
	clean   int64
	writing bool
	out     chan PackItem
	done    chan error
	abandon atomic.Bool // the walk failed: the new pack is not to replace the old
}

// Record is one case's record in a pack, as read.
type Record struct {
	off, size int64  // where it is in the pack, its length included
	raw       []byte // as in the pack, its length included
	body      []byte // what the seal is over
	abs       []byte // the case folder's absolute path
	buf       *[]byte
}

// recordBufs are the buffers records are read into: a record is given back once the next pack
// has it (Put), so that reading a national tree's pack (some 190 MB) does not make the
// collector run for it.
var recordBufs = sync.Pool{New: func() any { return new([]byte) }}

// recycle gives the record's buffer back: nothing of it is read again.
func (rec *Record) recycle() {
	if rec.buf != nil && cap(*rec.buf) <= 1<<20 {
		recordBufs.Put(rec.buf)
	}
	*rec = Record{}
}

// PackItem is what a case gives the next pack (Entry.Packed): the record it was read from,
// unchanged, or a new record; neither for a case not cached.
type PackItem struct {
	rec *Record
	raw []byte
}

var errAbandoned = errors.New("the walk failed: pack not written")

// packReads counts the records found and used, for the tests.
var packReads atomic.Int64

// OpenPack opens the pack of a walk over paths (as the walk is given them). A missing or
// unreadable pack is an empty one: every case is read from its entry, and the pack is written
// at the end.
func (c *Cache) OpenPack(paths []string) *Pack {
	h := sha256.New()
	for _, p := range paths {
		abs, ok := c.abs(p)
		if !ok {
			return nil
		}
		h.Write([]byte(abs))
		h.Write([]byte{0})
	}
	p := &Pack{c: c, path: filepath.Join(c.dir, "pack-"+hex.EncodeToString(h.Sum(nil)[:16]))}
	f, err := openRead(p.path)
	if err != nil {
		return p
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		f.Close()
		return p
	}
	p.f, p.end = f, info.Size()
	p.in = bufio.NewReaderSize(f, packChunk)
	want := (&writer{buf: []byte(packMagic)})
	want.str(c.ident)
	head := make([]byte, len(want.buf))
	if _, err := io.ReadFull(p.in, head); err != nil || string(head) != string(want.buf) {
		return p
	}
	p.start = int64(len(head))
	p.at, p.clean = p.start, p.start
	return p
}

// Find is the record of the case folder dir, if the pack holds one where the walk has come to.
func (p *Pack) Find(dir string) *Record {
	if p == nil || p.start == 0 {
		return nil
	}
	abs, ok := p.c.abs(dir)
	if !ok {
		return nil
	}
	for j := 0; j < packAhead; j++ {
		if j == len(p.ahead) {
			rec := p.next()
			if rec == nil {
				return nil
			}
			p.ahead = append(p.ahead, rec)
		}
		if string(p.ahead[j].abs) == abs {
			rec := p.ahead[j]
			clear(p.ahead[:j+1])
			p.ahead = p.ahead[j+1:]
			return rec
		}
	}
	return nil
}

// next reads the next record, or nil at the end of the records.
func (p *Pack) next() *Record {
	if p.bad {
		return nil
	}
	n, err := binary.ReadUvarint(p.in)
	if err != nil || n < sha256.Size || n > 4*yamlwalk.MaxFileSize {
		p.bad = true // the end, or what cannot be a record
		return nil
	}
	var prefix [binary.MaxVarintLen64]byte
	l := binary.PutUvarint(prefix[:], n)
	size := l + int(n)
	buf := recordBufs.Get().(*[]byte)
	if cap(*buf) < size {
		*buf = make([]byte, size, max(size, 8<<10))
	}
	raw := (*buf)[:size:size]
	copy(raw, prefix[:l])
	if _, err := io.ReadFull(p.in, raw[l:]); err != nil {
		p.bad = true // cut short
		return nil
	}
	rec := &Record{off: p.at, size: int64(size), raw: raw, body: raw[l : size-sha256.Size], buf: buf}
	r := &reader{buf: rec.body}
	if n := r.count(); !r.err {
		rec.abs = r.buf[:n]
	}
	p.at += int64(size)
	return rec
}

// sealRecord is a record's seal: over the pack's magic, the build and the record, so that a
// record is never taken for an entry, nor one of another build for this one's.
func (c *Cache) sealRecord(body []byte) []byte {
	return c.seal([]byte(packMagic), c.identSum[:], body)
}

// fromRecord is the entry of the case folder abs as a record holds it, or nil when the record
// is not this cache's for that folder. Whether it is for the files as they are now is for the
// caller to see: the entry's key is the record's.
func (c *Cache) fromRecord(rec *Record, abs, dir string) *Entry {
	if string(rec.abs) != abs || !hmac.Equal(c.sealRecord(rec.body), rec.raw[len(rec.raw)-sha256.Size:]) {
		return nil
	}
	r := &reader{buf: rec.body}
	r.str()
	k := r.key()
	sn := r.count()
	if r.err {
		return nil
	}
	return &Entry{c: c, abs: abs, dir: dir, key: k, summary: r.buf[:sn:sn], obs: r.buf[sn:], rec: rec}
}

// packRecord is a new record of an entry's part that a listing reads.
func (c *Cache) packRecord(abs string, k caseKey, summary, obs []byte) []byte {
	w := &writer{buf: make([]byte, 0, len(abs)+len(summary)+len(obs)+96)}
	w.str(abs)
	w.key(k)
	w.buf = binary.AppendUvarint(w.buf, uint64(len(summary)))
	w.buf = append(w.buf, summary...)
	w.buf = append(w.buf, obs...)
	body := append(w.buf, c.sealRecord(w.buf)...)
	out := binary.AppendUvarint(make([]byte, 0, len(body)+binary.MaxVarintLen64), uint64(len(body)))
	return append(out, body...)
}

// Put gives the next case's item for the new pack, in the walk's order.
func (p *Pack) Put(it PackItem) {
	if p == nil || (it.rec == nil && it.raw == nil) {
		return
	}
	if !p.writing {
		if it.rec != nil && p.start > 0 && it.rec.off == p.clean {
			p.clean += it.rec.size // as the old pack has it
			it.rec.recycle()
			return
		}
		p.startWriting()
	}
	p.out <- it
}

// startWriting starts the new pack: the old one up to where it stopped being the same, then
// the records Put gives.
func (p *Pack) startWriting() {
	p.writing = true
	p.out, p.done = make(chan PackItem, 64), make(chan error, 1)
	f, clean, start := p.f, p.clean, p.start
	go func() {
		err := atomicfile.WriteWith(p.path, func(w io.Writer) error {
			bw := bufio.NewWriterSize(w, 256<<10)
			if start > 0 && f != nil {
				if _, err := io.Copy(bw, io.NewSectionReader(f, 0, clean)); err != nil {
					return err
				}
			} else {
				wr := &writer{buf: []byte(packMagic)}
				wr.str(p.c.ident)
				bw.Write(wr.buf)
			}
			for it := range p.out {
				raw := it.raw
				if it.rec != nil {
					raw = it.rec.raw
				}
				if _, err := bw.Write(raw); err != nil {
					return err
				}
				if it.rec != nil {
					it.rec.recycle()
				}
			}
			if p.abandon.Load() {
				return errAbandoned
			}
			return bw.Flush()
		}, atomicfile.Options{Within: p.c.dir, Perm: 0o600, NoSync: true})
		for range p.out { // what a failed write did not take
		}
		p.done <- err
	}()
}

// Close ends the walk's pack: written again if it differs from the old one, left as it was if
// not. keep false (the walk failed) writes nothing.
func (p *Pack) Close(keep bool) error {
	if p == nil {
		return nil
	}
	if keep && !p.writing && p.clean != p.end {
		p.startWriting() // records left over at the end, or no pack yet
	}
	var err error
	if p.writing {
		if !keep {
			p.abandon.Store(true) // the write fails, and nothing replaces the pack
		}
		close(p.out)
		if err = <-p.done; !keep {
			err = nil
		}
	}
	if p.f != nil {
		p.f.Close()
	}
	return err
}
