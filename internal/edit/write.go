package edit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cpcase/cpcase/internal/atomicfile"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// Snapshot is a file as it was read, so that a change made to it meanwhile is noticed before the
// file is replaced.
type Snapshot struct {
	Path    string
	Data    []byte // nil when the file did not exist
	Exists  bool
	Mode    fs.FileMode
	ModTime time.Time
	Size    int64
}

// Read takes a snapshot of path. A file that does not exist is a snapshot with Exists false. The
// file is held to the loader's limits before a byte is read (yamlwalk.ReadFileInfo): a 4 GiB
// visits.yaml is refused from its size, and a named pipe is refused without blocking.
//
// A file that is a symbolic link leading out of its folder (the case folder) is refused before a
// byte is read, as Replace would refuse to write through it: a dry run must not print a file
// from elsewhere.
func Read(path string) (*Snapshot, error) {
	s := &Snapshot{Path: path}
	if li, err := os.Lstat(path); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(path)
		dir, derr := filepath.EvalSymlinks(filepath.Dir(path))
		if err == nil && derr == nil {
			if rel, err := filepath.Rel(dir, filepath.Dir(real)); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return nil, &atomicfile.EscapeError{Path: path, Target: real, Within: filepath.Dir(path)}
			}
		}
	}
	data, info, err := yamlwalk.ReadFileInfo(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if data == nil {
		data = []byte{}
	}
	s.Data, s.Exists, s.Mode, s.ModTime, s.Size = data, true, info.Mode().Perm(), info.ModTime(), info.Size()
	return s, nil
}

// ChangedError is a file that changed between being read and being replaced.
type ChangedError struct{ Path string }

func (e *ChangedError) Error() string {
	return fmt.Sprintf("%s changed while cpcase was writing to it (someone or something else edited it); nothing was written: run the command again", e.Path)
}

// BeforeReplace is for tests only: when set, it runs after the new content is safely on disk
// beside the file and before the check that the file is unchanged, so that a test can change the
// file there, as a person or program editing it at that moment would.
var BeforeReplace func(path string)

// Replace writes data over the snapshot's file through atomicfile: a reader sees the old file or
// the new one, never half of one; a new file honours the umask; and a symbolic link that leads
// out of the file's folder (the case folder) is refused, never written through. It refuses with
// a *ChangedError, writing nothing, when the file no longer holds what was read (or exists when
// it did not). cpcase add holds the case's Lock from Read to Replace, so another cpcase cannot
// slip in between; an editor or a sync tool does not take the lock, and an edit of theirs before
// the check is seen, one in the instant between the check and the rename is not.
func (s *Snapshot) Replace(data []byte) error {
	err := atomicfile.Write(s.Path, data, atomicfile.Options{
		Within:    filepath.Dir(s.Path),
		Exclusive: !s.Exists,
		Check: func(target string) error {
			if BeforeReplace != nil {
				BeforeReplace(s.Path)
			}
			return s.unchanged(target)
		},
	})
	if !s.Exists && errors.Is(err, fs.ErrExist) {
		return &ChangedError{Path: s.Path}
	}
	return err
}

func (s *Snapshot) unchanged(target string) error {
	info, err := os.Stat(target)
	if !s.Exists {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return &ChangedError{Path: s.Path}
	}
	if err != nil || info.Size() != s.Size || !info.ModTime().Equal(s.ModTime) {
		return &ChangedError{Path: s.Path}
	}
	// The same size and time can hide an edit within the clock's resolution: compare the bytes.
	now, err := yamlwalk.ReadFile(target)
	if err != nil || !bytes.Equal(now, s.Data) {
		return &ChangedError{Path: s.Path}
	}
	return nil
}

// Create writes a new file atomically: a reader or a crash sees no file or the whole of it, never
// part. It fails with fs.ErrExist, writing nothing, when the file is already there. The umask
// applies to its mode.
func Create(path string, data []byte) error {
	return atomicfile.Write(path, data, atomicfile.Options{Exclusive: true})
}

// Overwrite writes data over path atomically, whatever it held (for generated files such as
// schemas, which hold nothing of the user's). A link at path that leads out of its folder is
// refused.
func Overwrite(path string, data []byte) error {
	return atomicfile.Write(path, data, atomicfile.Options{})
}
