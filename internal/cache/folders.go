package cache

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"path/filepath"
	"sort"
	"sync"

	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// Folders is what the cache remembers of the walk for case folders (casefolder.Leaves): each case
// folder that held no folder when it was last read, with its folder's key (inode, modification
// and change time). Adding, removing or renaming anything in a folder changes its times, so a
// folder whose key is unchanged holds the same names: the walk takes it for a case without
// reading it, which is most of a warm run's walk (a tree of cases is mostly case folders). A
// folder changed within the racy window is not remembered. The record holds the folders' paths
// and keys, nothing else (the entries hold the same paths), sealed like an entry, in one
// file ("folders", 0600); a missing or damaged one is a walk that reads every folder.
type Folders struct {
	c       *Cache
	mu      sync.Mutex
	known   map[string]int32  // as read from the file: each folder's place in dirs
	dirs    []knownDir        // the folders known, in the file's order
	reading map[string]dirKey // folders this walk read, keyed as just before
	leaves  map[string]dirKey // those of them that were case folders with no folder inside
	// How many of the folders known this walk asked about, and read: a warm walk asks about
	// every one and reads none, and Save then knows without looking that nothing changed.
	asked, readKnown int
}

// knownDir is a folder of the record: its key, and whether this walk met it and asked (Known).
// What Save needs to know of the folders asked about is of those known only.
type knownDir struct {
	key   dirKey
	asked bool
}

// dirKey identifies one version of a folder's list of names.
type dirKey struct{ ino, mtime, ctime int64 }

const foldersFile = "folders"

const foldersMagic = "CPCASEF\x00"

var _ casefolder.Leaves = (*Folders)(nil)

// Folders reads the cache's record of case folders, for one walk. Where the system gives no
// folder keys (inode and change time), nothing is remembered.
func (c *Cache) Folders() *Folders {
	f := &Folders{c: c, known: map[string]int32{}, reading: map[string]dirKey{}, leaves: map[string]dirKey{}}
	if !dirKeys {
		return f
	}
	data, ok := readEntry(filepath.Join(c.dir, foldersFile), nil)
	if !ok || len(data) < len(foldersMagic)+sha256.Size {
		return f
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if !hmac.Equal(c.seal(body), sum) || !bytes.HasPrefix(body, []byte(foldersMagic)) {
		return f
	}
	r := &reader{buf: body[len(foldersMagic):]}
	if r.str() != c.ident {
		return f
	}
	n := r.count()
	known, dirs := make(map[string]int32, n), make([]knownDir, 0, n)
	for ; n > 0 && !r.err; n-- {
		path := r.str()
		known[path] = int32(len(dirs))
		dirs = append(dirs, knownDir{key: dirKey{ino: r.i(), mtime: r.i(), ctime: r.i()}})
	}
	if !r.err && len(r.buf) == 0 {
		f.known, f.dirs = known, dirs
	}
	return f
}

// Known reports that dir is remembered as a case folder with no folder inside and its key is
// unchanged.
func (f *Folders) Known(dir string) bool {
	abs, ok := f.c.abs(dir)
	if !ok {
		return false
	}
	f.mu.Lock()
	at, ok := f.known[abs]
	var want dirKey
	if ok {
		if !f.dirs[at].asked {
			f.dirs[at].asked = true
			f.asked++
		}
		want = f.dirs[at].key
	}
	f.mu.Unlock()
	if !ok {
		return false
	}
	k, ok := statDir(abs)
	return ok && k == want && !k.racy()
}

// Reading takes the key of dir before the walk reads it: a change after this is a change to
// the key, seen next time.
func (f *Folders) Reading(dir string) {
	abs, ok := f.c.abs(dir)
	if !ok {
		return
	}
	if k, ok := statDir(abs); ok && !k.racy() {
		f.mu.Lock()
		if _, known := f.known[abs]; known {
			if _, again := f.reading[abs]; !again {
				f.readKnown++
			}
		}
		f.reading[abs] = k
		f.mu.Unlock()
	}
}

// Leaf remembers dir, read since Reading, as a case folder with no folder inside.
func (f *Folders) Leaf(dir string) {
	abs, ok := f.c.abs(dir)
	if !ok {
		return
	}
	f.mu.Lock()
	if k, ok := f.reading[abs]; ok {
		f.leaves[abs] = k
	}
	f.mu.Unlock()
}

// racy: a folder changed within the racy window may change again within its times' granularity.
func (k dirKey) racy() bool { return k.mtime > now().Add(-racyWindow).UnixNano() }

// Save writes the record back when this walk changed it: the folders remembered and not read
// again, the folders this walk read and found to be case folders with no folder inside, and
// not those it read and found otherwise, nor those gone from a folder it read. Another run
// saving at the same time may win: its record is as good.
func (f *Folders) Save() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !dirKeys {
		return nil
	}
	if len(f.leaves) == 0 && f.readKnown == 0 && f.asked == len(f.dirs) {
		// Every folder known was asked about and none read again: none is gone, none changed.
		return nil
	}
	changed := false
	out := map[string]dirKey{}
	for path, at := range f.known {
		k, asked := f.dirs[at].key, f.dirs[at].asked
		_, read := f.reading[path]
		_, parentRead := f.reading[filepath.Dir(path)]
		switch {
		case parentRead && !asked:
			changed = true // no longer in its folder
		case !read:
			out[path] = k
		case f.leaves[path] != k:
			changed = true
		}
	}
	for path, k := range f.leaves {
		if at, ok := f.known[path]; !ok || f.dirs[at].key != k {
			changed = true
		}
		out[path] = k
	}
	if !changed {
		return nil
	}
	paths := make([]string, 0, len(out))
	for p := range out {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	w := &writer{buf: append(make([]byte, 0, 64+len(paths)*80), foldersMagic...)}
	w.str(f.c.ident)
	w.buf = binary.AppendUvarint(w.buf, uint64(len(paths)))
	for _, p := range paths {
		k := out[p]
		w.str(p)
		w.buf = binary.AppendVarint(w.buf, k.ino)
		w.buf = binary.AppendVarint(w.buf, k.mtime)
		w.buf = binary.AppendVarint(w.buf, k.ctime)
	}
	w.buf = append(w.buf, f.c.seal(w.buf)...)
	return atomicfile.Write(filepath.Join(f.c.dir, foldersFile), w.buf, atomicfile.Options{Within: f.c.dir, Perm: 0o600, NoSync: true})
}
