// Package cache is cpcase's opt-in cache of loaded cases (`--cache DIR`): what evaluation uses of
// each case folder that loaded clean, so that a second run over an unchanged tree reads one small
// file per case instead of parsing four YAML files.
//
// An entry is keyed by the case folder's absolute path and, for each of its four files, whether it
// exists, its size and modification time (and, where the system gives them, its inode and change
// time), and by the cache format and the cpcase build. It is never trusted when any of that
// differs, and an entry is not written for a file changed so recently that a second change could
// leave its time unchanged. A missing, corrupt or truncated entry is a miss: the case is read from
// its files and the entry written again, never an error. Deleting the folder is always safe.
//
// The cache must not become a second copy of the personal data in the case files: an entry holds
// dates, ids, kinds, the case reference, team and policy, positions in the files, and roles and
// plan section names only where they are words of the policy language (lead-social-worker,
// contingency); no names and no free text (summaries, decisions, plan section text, action text,
// notes, agencies, exclusion reasons): where a record check asks only whether such text is
// there, the entry holds a fixed placeholder, and a case whose roles or section names are
// phrases is not cached at all. Nor does it hold a child's gender, ethnicity or disability,
// categories of abuse, orders or allocations: only the Annex A export reads those, from the
// files. The folder is created 0700 and the entries 0600, and a folder others can read is
// refused.
//
// What the cache trusts: its own folder, which only you can write (it is refused otherwise), and
// the key in it. Each entry is sealed with HMAC-SHA256 under a random 32-byte key made when the
// folder is first used (the file "key", 0600): an entry edited or moved (its path rewritten to
// stand for another case, its checksum recomputed), copied from another cache or from another
// machine, is a miss and is read again from the files. Anyone who can read the key and write the
// folder is you, or root, and could as well edit the case files.
//
// A warm run (the second that day, nothing changed) touches as little as it can: the walk takes
// the case folders it remembers, unchanged, without reading them (Folders); an entry starts with
// a summary of its case, all a listing of cached obligations needs, so the case itself is not
// decoded (LoadSummary), and a listing reads the summaries and obligations of the whole walk
// from one file beside the walk (Pack, pack.go) rather than an entry a case; obligations a
// listing does not show are skipped undecoded; and the names
// a table shows are read back from the case files at the positions the entry holds (Fill, scan.go)
// rather than by parsing the files again.
package cache

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// FormatVersion changes whenever the encoding or casefolder.Case changes shape, so that entries
// of an older layout are misses rather than misread.
const FormatVersion = 6

// Withheld stands in an entry for free text whose presence a record check asks about (an action's
// text, a member's exclusion reason): the text itself is never cached.
const Withheld = "(withheld from the cache)"

// racyWindow: a file modified this recently is not cached, because a second write within the
// file system's timestamp granularity (up to 2 s on some) could leave size and time unchanged.
const racyWindow = 3 * time.Second

const magic = "CPCASEC\x00"

// now is the clock the racy check reads; tests move it.
var now = time.Now

// files are the four files of a case folder, in the order their keys are written.
var files = [4]string{casefolder.PlanFile, casefolder.MembersFile, casefolder.MeetingsFile, casefolder.VisitsFile}

// Cache is a cache folder. It is safe for concurrent use.
type Cache struct {
	dir      string
	wd       string    // the working folder at Open: relative case folders are taken from it (abs)
	ident    string    // format version and cpcase build: entries of another build are misses
	identSum [32]byte  // its hash, which a pack's records are sealed over
	key      []byte    // seals entries (see the package comment)
	macs     sync.Pool // of HMACs under key, reset for each use

	hits, misses, writes atomic.Int64
}

// Stats counts what a cache did.
type Stats struct {
	Hits   int64 // cases read from the cache
	Misses int64 // cases read from their files
	Writes int64 // entries written
}

// Open opens the cache folder dir, creating it (and missing parents) 0700. A folder that others
// may read or enter, or that belongs to another user, is refused: the entries say who is on a
// child protection plan and when, and must stay as private as the case files.
func Open(dir string) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("no cache folder given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the cache folder %s: %v", dir, plainErr(err))
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("cache folder %s: %v", dir, plainErr(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("cache folder %s is not a folder", dir)
	}
	if err := private(info); err != nil {
		return nil, fmt.Errorf("cache folder %s %v; the cache must be readable by you alone (chmod 700 %s, or give a new folder)", dir, err, dir)
	}
	key, err := loadKey(abs)
	if err != nil {
		return nil, fmt.Errorf("cache folder %s: %v", dir, err)
	}
	wd, _ := os.Getwd() // none (the folder was removed): relative case folders are misses
	id := identity()
	return &Cache{dir: abs, wd: wd, ident: id, identSum: sha256.Sum256([]byte(id)), key: key}, nil
}

// abs is filepath.Abs of a case folder, from the working folder found once at Open: Abs asks
// the system for it each time, two system calls, and a warm run took it twice for each case.
// ok is false for a relative dir when there was no working folder.
func (c *Cache) abs(dir string) (abs string, ok bool) {
	if filepath.IsAbs(dir) {
		return filepath.Clean(dir), true
	}
	if c.wd == "" {
		return "", false
	}
	return filepath.Join(c.wd, dir), true
}

// keyFile holds the key that seals this cache's entries.
const keyFile = "key"

// loadKey reads the cache's key, making it (32 random bytes, 0600, exclusively) the first time.
// A key file that is not a private regular file of exactly 32 bytes is replaced by a new key,
// which makes every old entry a miss.
func loadKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, keyFile)
	if data, info, err := yamlwalk.ReadFileInfo(path); err == nil && len(data) == 32 && private(info) == nil {
		return data, nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	_, statErr := os.Lstat(path)
	// Exclusive when there is none, so that of two runs making a key at once, one wins and both
	// use it.
	o := atomicfile.Options{Within: dir, Perm: 0o600, NoSync: true, Exclusive: errors.Is(statErr, fs.ErrNotExist)}
	if err := atomicfile.Write(path, key, o); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("cannot write its key: %v", plainErr(err))
	}
	data, err := os.ReadFile(path)
	if err != nil || len(data) != 32 {
		return nil, fmt.Errorf("cannot read its key")
	}
	return data, nil
}

// seal is the authentication code of what parts make up, one after another (an entry, the
// record of folders, a pack's record).
func (c *Cache) seal(parts ...[]byte) []byte {
	m, _ := c.macs.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, c.key)
	}
	m.Reset()
	for _, b := range parts {
		m.Write(b)
	}
	sum := m.Sum(nil)
	c.macs.Put(m)
	return sum
}

// Dir is the cache folder's absolute path.
func (c *Cache) Dir() string { return c.dir }

// Stats returns the counts so far.
func (c *Cache) Stats() Stats {
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Writes: c.writes.Load()}
}

// identity names the cpcase build: entries written by another build are not trusted, since its
// loader may read the same files differently.
func identity() string {
	id := fmt.Sprintf("format %d", FormatVersion)
	if bi, ok := debug.ReadBuildInfo(); ok {
		id += " " + bi.Main.Path + "@" + bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" || s.Key == "-ldflags" {
				id += " " + s.Key + "=" + s.Value
			}
		}
	}
	// A development build keeps its version across edits: the executable's size and time tell
	// two builds apart.
	if exe, err := os.Executable(); err == nil {
		if info, err := os.Stat(exe); err == nil {
			id += fmt.Sprintf(" exe %d %d", info.Size(), info.ModTime().UnixNano())
		}
	}
	return id
}

// Load is casefolder.Load through the cache: an unchanged case that loaded clean comes from its
// entry, with names and free text left out (see the package comment); anything else is loaded
// from its files, and cached when it loaded without findings. hit says which. today is Load's
// today: a cached child born after it is a miss, so that the files report it.
func (c *Cache) Load(dir string, today civil.Date) (cs *casefolder.Case, d diag.List, hit bool) {
	cs, d, hit, _ = c.LoadEntry(dir, today)
	return cs, d, hit
}

// LoadEntry is Load that also gives the case's entry, when it has one (read, or just written),
// for its cached obligations (Entry.Obligations, PutObligations).
func (c *Cache) LoadEntry(dir string, today civil.Date) (cs *casefolder.Case, d diag.List, hit bool, e *Entry) {
	return c.load(dir, today, false, nil, nil)
}

// LoadSummary is LoadEntry that gives, for a hit, only the case's summary (Entry.Summary): for a
// caller that reads the case only to describe its cached obligations, and that asks the entry
// for the whole case (Entry.Case) when they are not cached. A miss gives the case as loaded.
func (c *Cache) LoadSummary(dir string, today civil.Date) (cs *casefolder.Case, d diag.List, hit bool, e *Entry) {
	return c.load(dir, today, true, nil, nil)
}

// LoadPacked is LoadSummary that takes the case's entry from its record in the walk's pack
// (Pack.Find; nil: none) when the record is for exactly these files, and from the entry's file
// otherwise.
//
// show, if not nil, says which obligations the caller shows with their names (a table): the
// files a table of the record's obligations will read names and text back from (members.yaml
// for the workers, plan.yaml for the children and the plan's actions, meetings.yaml for the
// meetings' actions) are then opened rather than looked at, and held open for
// Entry.FillSummary: a system call fewer for each file read. The entry holds them until they
// are read or it is released: the caller must Release it.
func (c *Cache) LoadPacked(dir string, today civil.Date, rec *Record, show func(engine.Status) bool) (cs *casefolder.Case, d diag.List, hit bool, e *Entry) {
	return c.load(dir, today, true, rec, show)
}

// planAt, membersAt and meetingsAt are plan.yaml's, members.yaml's and meetings.yaml's places
// among files.
const (
	planAt     = 0
	membersAt  = 1
	meetingsAt = 2
)

func (c *Cache) load(dir string, today civil.Date, summary bool, rec *Record, show func(engine.Status) bool) (cs *casefolder.Case, d diag.List, hit bool, e *Entry) {
	abs, ok := c.abs(dir)
	if !ok {
		c.misses.Add(1)
		cs, d = casefolder.Load(dir, today)
		return cs, d, false, nil
	}
	var packed *Entry
	var open [len(files)]bool
	if rec != nil {
		// The record is this cache's (its seal) before its obligations say which files a
		// table of them reads; whether it is for the files as they are is seen below.
		if packed = c.fromRecord(rec, abs, dir); packed != nil && show != nil {
			open = packed.shows(show)
		}
	}
	before, fds, ok := keysOpening(abs, open)
	entry := "" // the entry's file, once needed: a case from the pack may never need it
	if ok {
		var e *Entry
		if packed != nil && packed.key == before {
			e = packed
			packReads.Add(1)
		}
		if e == nil {
			entry = c.entryPath(abs)
			e = c.read(entry, abs, dir, before)
		}
		if e != nil {
			switch {
			case summary && rec != nil:
				cs = e.summaryHead() // a listing of the walk's pack: the actions when asked
			case summary:
				cs = e.Summary()
			default:
				cs = e.Case()
			}
			if cs != nil && bornBy(cs, today) {
				c.hits.Add(1)
				e.held = fds
				return cs, nil, true, e
			}
		}
	}
	closeFiles(fds)
	c.misses.Add(1)
	cs, d = casefolder.Load(dir, today)
	if !ok || len(d) > 0 || cs == nil {
		return cs, d, false, nil
	}
	// The files must not have changed while they were read, nor so recently that a change could
	// hide inside their time stamps.
	after, ok := keys(abs)
	if !ok || after != before || before.racy(now()) {
		return cs, d, false, nil
	}
	if entry == "" {
		entry = c.entryPath(abs)
	}
	e, err := c.write(entry, abs, dir, before, cs)
	if err == nil {
		c.writes.Add(1)
	}
	return cs, d, false, e
}

// bornBy reports whether no child of cs is born after today: Load reports such a child, so a
// cached case holding one must be read from its files.
func bornBy(cs *casefolder.Case, today civil.Date) bool {
	if today.IsZero() {
		return true
	}
	for _, ch := range cs.Children {
		if ch.Born > today {
			return false
		}
	}
	return true
}

func (c *Cache) entryPath(abs string) string {
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(c.dir, hex.EncodeToString(sum[:16])+".case")
}

// fileKey is what identifies one version of a file.
type fileKey struct {
	exists       bool
	size         int64
	mtime, ctime int64 // nanoseconds since 1970; ctime 0 where the system has none
	ino          uint64
}

type caseKey [4]fileKey

// keys stats the four files of the case folder abs. ok is false when one cannot be looked at for
// a reason other than not existing, or is not a regular file: such a case is never cached.
func keys(abs string) (k caseKey, ok bool) {
	k, _, ok = keysOpening(abs, [len(files)]bool{})
	return k, ok
}

// keysOpening is keys that opens the files open says rather than looking at them, for a
// caller that will read them (Fill): their keys are then the open files', and each is held in
// fds as its descriptor + 1 (0: not open), the caller's to close (closeFiles).
func keysOpening(abs string, open [len(files)]bool) (k caseKey, fds openFiles, ok bool) {
	path := make([]byte, 0, len(abs)+32)
	path = append(append(path, abs...), filepath.Separator)
	for i, name := range files {
		var f fileKey
		var exists bool
		if open[i] {
			var fd int
			fd, f, exists, ok = openFile(string(append(path, name...)))
			fds[i] = fd + 1
		} else {
			f, exists, ok = statFile(string(append(path, name...)))
		}
		if !ok {
			closeFiles(fds)
			return k, openFiles{}, false
		}
		if exists {
			k[i] = f
		}
	}
	return k, fds, true
}

// openFiles are a case's files held open: each one's descriptor + 1, 0 for one not open.
type openFiles [len(files)]int

// closeFiles closes the files held open.
func closeFiles(fds openFiles) {
	for _, fd := range fds {
		if fd > 0 {
			closeFile(fd - 1)
		}
	}
}

// racy reports a file modified within racyWindow of now (or in the future). A later write sets
// the modification time to its own moment, which differs from an older one: only a recent time
// can hide a second write.
func (k caseKey) racy(now time.Time) bool {
	limit := now.Add(-racyWindow).UnixNano()
	for _, f := range k {
		if f.exists && f.mtime > limit {
			return true
		}
	}
	return false
}

// read returns the entry of abs, with positions under dir, or nil when there is no usable entry
// for exactly these files. An entry is the header (the format and build, the folder and the
// key of its files), the case's summary with its length, the case, then its obligations
// (possibly none) and their length in four bytes, then the seal over all of it.
func (c *Cache) read(entry, abs, dir string, want caseKey) *Entry {
	buf := entryBufs.Get().(*[]byte)
	data, ok := readEntry(entry, *buf)
	if !ok || len(data) < len(magic)+4+sha256.Size {
		entryBufs.Put(buf)
		return nil
	}
	e := c.parse(entry, abs, dir, want, data)
	if e == nil {
		entryBufs.Put(buf)
		return nil
	}
	*buf = data[:0]
	e.buf = buf
	return e
}

// entryBufs are the buffers entries are read into, given back by Entry.Release.
var entryBufs = sync.Pool{New: func() any { return new([]byte) }}

// Release gives the entry's buffer back for another entry to be read into: the entry is not
// used again (its obligations read as not cached, and none are stored). What was decoded from
// it (the case, its summary, its obligations) is a copy and stays good.
func (e *Entry) Release() {
	if e == nil {
		return
	}
	e.closeHeld()
	if e.buf == nil {
		return
	}
	e.head, e.summary, e.body, e.obs, e.rec, e.released = nil, nil, nil, nil, nil, true
	e.rest, e.restOf = nil, nil
	if cap(*e.buf) <= 1<<20 {
		entryBufs.Put(e.buf)
	}
	e.buf = nil
}

// parse checks the seal and key of an entry read into data and splits it.
func (c *Cache) parse(entry, abs, dir string, want caseKey, data []byte) *Entry {
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if !hmac.Equal(c.seal(body), sum) || !bytes.HasPrefix(body, []byte(magic)) {
		return nil
	}
	n := int(binary.LittleEndian.Uint32(body[len(body)-4:]))
	if n > len(body)-4-len(magic) {
		return nil
	}
	caseEnd := len(body) - 4 - n
	r := &reader{buf: body[len(magic):caseEnd]}
	if r.str() != c.ident || r.str() != abs || r.key() != want || r.err {
		return nil
	}
	sn := r.count()
	if r.err {
		return nil
	}
	return &Entry{c: c, path: entry, abs: abs, dir: dir, key: want, head: body[:caseEnd:caseEnd],
		summary: r.buf[:sn:sn], body: r.buf[sn:], obs: body[caseEnd : len(body)-4]}
}

// closeHeld closes the files the entry holds open, if any.
func (e *Entry) closeHeld() {
	closeFiles(e.held)
	e.held = openFiles{}
}

// takeHeld is the file of index i (files) if the entry holds it open, handed to the caller to
// read and close; -1 if not.
func (e *Entry) takeHeld(i int) int {
	if e == nil || e.held[i] == 0 {
		return -1
	}
	fd := e.held[i] - 1
	e.held[i] = 0
	return fd
}

// Summary is the case's summary (encodeSummary), or nil when the entry is damaged.
func (e *Entry) Summary() *casefolder.Case {
	return decodeSummary(&reader{buf: e.summary}, e.dir)
}

// summaryHead is the summary without its actions, which SummaryActions reads when asked: a
// listing reads them only for a case with rows to show, and a quarter of a national tree's
// cases have none.
func (e *Entry) summaryHead() *casefolder.Case {
	r := &reader{buf: e.summary}
	c := decodeSummaryHead(r, e.dir)
	if c != nil {
		e.rest, e.restOf = r, c
	}
	return c
}

// SummaryActions puts the actions into the summary this entry gave (LoadPacked), if they are not
// there yet; false when they cannot be read (the entry is damaged).
func (e *Entry) SummaryActions(c *casefolder.Case) bool {
	if e == nil || e.rest == nil || e.restOf != c {
		return true
	}
	r := e.rest
	e.rest, e.restOf = nil, nil
	return decodeSummaryActions(r, c)
}

// Case is the case as cached (no names, no free text), or nil when the entry is damaged.
func (e *Entry) Case() *casefolder.Case {
	if !e.whole() {
		return nil
	}
	return decodeCase(&reader{buf: e.body}, e.dir)
}

// whole reads the entry's file for an entry taken from a pack's record, which holds only what
// a listing reads; it reports whether the entry is whole. The record stands for the entry while
// their obligations are the same.
func (e *Entry) whole() bool {
	if e.head != nil || e.released {
		return e.head != nil
	}
	if e.path == "" {
		e.path = e.c.entryPath(e.abs)
	}
	f := e.c.read(e.path, e.abs, e.dir, e.key)
	if f == nil {
		return false
	}
	if !bytes.Equal(f.obs, e.obs) {
		e.rec = nil
	}
	e.head, e.summary, e.body, e.obs, e.buf = f.head, f.summary, f.body, f.obs, f.buf
	return true
}

// Packed is what the entry gives the walk's next pack (Pack.Put): the record it was read from
// while nothing in it has changed, else a new record. Call it before Release.
func (e *Entry) Packed() PackItem {
	if e == nil || e.released {
		return PackItem{}
	}
	if e.rec != nil {
		return PackItem{rec: e.rec}
	}
	return PackItem{raw: e.c.packRecord(e.abs, e.key, e.summary, e.obs)}
}

// write stores the entry, with no obligations yet.
func (c *Cache) write(entry, abs, dir string, k caseKey, cs *casefolder.Case) (*Entry, error) {
	w := &writer{buf: make([]byte, 0, 4096)}
	w.buf = append(w.buf, magic...)
	w.str(c.ident)
	w.str(abs)
	w.key(k)
	at := len(w.buf)
	if err := encodeSummary(w, cs); err != nil {
		return nil, err
	}
	sumEnd := len(w.buf)
	if err := encodeCase(w, cs); err != nil {
		return nil, err
	}
	_, n := binary.Uvarint(w.buf[at:])
	e := &Entry{c: c, path: entry, abs: abs, dir: dir, key: k, head: w.buf[:len(w.buf):len(w.buf)],
		summary: w.buf[at+n : sumEnd : sumEnd], body: w.buf[sumEnd:len(w.buf):len(w.buf)]}
	return e, e.store(nil)
}

// store writes the entry with these obligations atomically: a reader sees the old entry or the
// new one, never half.
func (e *Entry) store(obs []byte) error {
	buf := make([]byte, 0, len(e.head)+len(obs)+4+sha256.Size)
	buf = append(append(buf, e.head...), obs...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(obs)))
	buf = append(buf, e.c.seal(buf)...)
	// Not synced: an entry lost in a crash is only a miss.
	return atomicfile.Write(e.path, buf, atomicfile.Options{Within: e.c.dir, Perm: 0o600, NoSync: true})
}

func plainErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
