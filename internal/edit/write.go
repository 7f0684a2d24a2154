package edit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
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

// Read takes a snapshot of path. A file that does not exist is a snapshot with Exists false.
func Read(path string) (*Snapshot, error) {
	s := &Snapshot{Path: path}
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: errors.New("is not a regular file")}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
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

// Replace writes data over the snapshot's file atomically: a temporary file in the same folder,
// synced, then renamed over the file, then the folder synced; a reader sees the old file or the
// new one, never half of one, and a crash leaves one or the other. It refuses with a
// *ChangedError, writing nothing, when the file no longer holds what was read (or exists when it
// did not). The check and the rename are two steps, so an edit landing between them in that
// instant is not seen; every edit before the check is.
func (s *Snapshot) Replace(data []byte) (err error) {
	target := s.Path
	if real, err := filepath.EvalSymlinks(target); err == nil {
		target = real // replace the file a link points to, not the link
	}
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".cpcase-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	mode := s.Mode
	if !s.Exists {
		mode = 0o644
	}
	if err = os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	if BeforeReplace != nil {
		BeforeReplace(s.Path)
	}
	if err = s.unchanged(target); err != nil {
		return err
	}
	if s.Exists {
		err = rename(tmp.Name(), target)
	} else {
		// A link fails if the file has appeared meanwhile, where a rename would overwrite it.
		err = os.Link(tmp.Name(), target)
		switch {
		case errors.Is(err, fs.ErrExist):
			err = &ChangedError{Path: s.Path}
		case err != nil:
			if _, statErr := os.Lstat(target); errors.Is(statErr, fs.ErrNotExist) {
				err = rename(tmp.Name(), target) // the file system has no hard links
			}
		default:
			os.Remove(tmp.Name())
		}
	}
	if err != nil {
		return err
	}
	return syncDir(dir)
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
	now, err := os.ReadFile(target)
	if err != nil || !bytes.Equal(now, s.Data) {
		return &ChangedError{Path: s.Path}
	}
	return nil
}

// Create writes a new file atomically: a reader or a crash sees no file or the whole of it, never
// part. It fails with fs.ErrExist, writing nothing, when the file is already there.
func Create(path string, data []byte) error {
	err := (&Snapshot{Path: path}).Replace(data)
	var changed *ChangedError
	if errors.As(err, &changed) {
		return &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
	}
	return err
}

// Overwrite writes data over path atomically, whatever it held (for generated files such as
// schemas, which hold nothing of the user's).
func Overwrite(path string, data []byte) error {
	s, err := Read(path)
	if err != nil {
		return err
	}
	return s.Replace(data)
}
