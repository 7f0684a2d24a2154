// Package atomicfile is the one way cpcase writes a file: the new bytes go to a hidden temporary
// file beside the target, created with the mode a new file would get (so the umask applies), are
// synced, and are renamed over the target; then the folder is synced. A reader sees the old file
// or the new one, never half of one, and a crash at any moment leaves one or the other (and at
// worst the hidden temporary file). A write never follows a symbolic link out of the folder it
// was meant for: such a write is refused, and says so.
package atomicfile

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Options say how a file is written.
type Options struct {
	// Within is the folder the write must stay inside (a case folder, the folder given to
	// schema --write). "" is the target's own folder: the final name may not be a link that
	// leads out of it.
	Within string
	// Exclusive fails with an error wrapping fs.ErrExist, writing nothing, when the target
	// exists.
	Exclusive bool
	// Perm is a new file's mode before the umask; 0 is 0666 (so rw-r--r-- under umask 022 and
	// rw------- under 077). A file that exists keeps its mode.
	Perm fs.FileMode
	// NoSync skips the syncs, for a cache, whose entry lost in a crash is only a miss.
	NoSync bool
	// Check, when set, runs once the new bytes are safely on disk and just before the rename,
	// with the path that will be replaced; an error stops the write and is returned.
	Check func(target string) error
}

// EscapeError is a write refused because the path leads, through a symbolic link, out of the
// folder it must stay in.
type EscapeError struct {
	Path, Target, Within string
}

func (e *EscapeError) Error() string {
	return fmt.Sprintf("%s is a symbolic link to %s, outside %s; cpcase does not write through it (replace the link with the file itself)", e.Path, e.Target, e.Within)
}

// Write writes data to path atomically, as the package comment says.
func Write(path string, data []byte, o Options) error {
	return WriteWith(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, o)
}

// WriteWith is Write with the content written by fill, for output too large to hold twice (a
// report of every case). Nothing replaces the target if fill fails.
func WriteWith(path string, fill func(io.Writer) error, o Options) (err error) {
	target, root, existing, err := resolve(path, o.Within)
	if err != nil {
		return err
	}
	if existing != nil && o.Exclusive {
		return &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
	}
	if existing != nil && !existing.Mode().IsRegular() {
		return &fs.PathError{Op: "write", Path: path, Err: errors.New("is not a regular file")}
	}
	dir, base := filepath.Dir(target), filepath.Base(target)
	perm := o.Perm
	if perm == 0 {
		perm = 0o666
	}
	if existing != nil {
		perm = existing.Mode().Perm()
	}
	if afterResolve != nil {
		afterResolve(target)
	}
	folder, err := openFolder(dir, root)
	if err != nil {
		return err
	}
	defer folder.close()
	tmp, tmpName, err := createTemp(folder, base, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			folder.remove(tmpName)
		}
	}()
	buf := bufio.NewWriterSize(tmp, 64<<10)
	if err = fill(buf); err == nil {
		err = buf.Flush()
	}
	if err == nil && !o.NoSync {
		err = tmp.Sync()
	}
	if existing != nil && err == nil {
		// The umask narrowed the temporary file's mode; the file it replaces keeps its own.
		err = tmp.Chmod(perm)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if o.Check != nil {
		if err = o.Check(target); err != nil {
			return err
		}
	}
	if existing != nil || !o.Exclusive {
		err = folder.rename(tmpName, base)
	} else {
		// A link fails if the file has appeared meanwhile, where a rename would overwrite it.
		err = folder.link(tmpName, base)
		switch {
		case errors.Is(err, fs.ErrExist):
			err = &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
		case err != nil:
			if !folder.exists(base) {
				err = folder.rename(tmpName, base) // the file system has no hard links
			}
		default:
			folder.remove(tmpName)
		}
	}
	if err != nil || o.NoSync {
		return err
	}
	return folder.sync()
}

// afterResolve is for tests only: it runs between the check of the path and the opening of its
// folder, where a test swaps a folder for a link.
var afterResolve func(target string)

// resolve finds the file a write to path replaces: path itself, or the file a symbolic link at
// path leads to when that stays inside within. existing is nil when there is no file yet.
func resolve(path, within string) (target, root string, existing fs.FileInfo, err error) {
	if within == "" {
		within = filepath.Dir(path)
	}
	root, err = filepath.EvalSymlinks(within)
	if err != nil {
		return "", "", nil, err
	}
	root, err = filepath.Abs(root)
	if err != nil {
		return "", "", nil, err
	}
	li, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A new file: its folder, links resolved, must be inside within.
		dir, err := filepath.EvalSymlinks(filepath.Dir(path))
		if err != nil {
			return "", "", nil, err
		}
		if dir, err = filepath.Abs(dir); err != nil {
			return "", "", nil, err
		}
		if !inside(dir, root) {
			return "", "", nil, &EscapeError{Path: filepath.Dir(path), Target: dir, Within: within}
		}
		return filepath.Join(dir, filepath.Base(path)), root, nil, nil
	case err != nil:
		return "", "", nil, err
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		if li.Mode()&fs.ModeSymlink != 0 {
			dest, _ := os.Readlink(path)
			return "", "", nil, &EscapeError{Path: path, Target: dest + " (which does not exist)", Within: within}
		}
		return "", "", nil, err
	}
	if real, err = filepath.Abs(real); err != nil {
		return "", "", nil, err
	}
	if !inside(filepath.Dir(real), root) {
		return "", "", nil, &EscapeError{Path: path, Target: real, Within: within}
	}
	info, err := os.Stat(real)
	if err != nil {
		return "", "", nil, err
	}
	return real, root, info, nil
}

// inside reports whether dir is root or below it (both absolute, links resolved).
func inside(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// createTemp creates a hidden file beside the target, in folder, with mode perm (the umask
// applies), as os.CreateTemp would but without its fixed 0600. It never follows a link.
func createTemp(folder *folder, base string, perm fs.FileMode) (*os.File, string, error) {
	for range 100 {
		var b [6]byte
		rand.Read(b[:])
		name := "." + base + ".cpcase-" + hex.EncodeToString(b[:])
		f, err := folder.create(name, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, name, err
	}
	return nil, "", &fs.PathError{Op: "createtemp", Path: filepath.Join(folder.path, "."+base+".cpcase-*"), Err: fs.ErrExist}
}
