package casefolder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// Find walks paths for case folders (folders holding a plan.yaml) and returns them sorted.
// Symbolic links to folders are not followed, so a link loop cannot trap the walk. A path that
// does not exist or cannot be read is an error for the caller to report as I/O.
//
// A folder below a path that cannot be read (its permissions, or a path longer than the system
// allows) may hold cases, so it is never skipped in silence: the cases that could be found are
// returned with an *UnreadableError naming every such folder, and the caller reports them and
// exits non-zero, rather than printing "no problems found" over cases it never saw.
func Find(paths []string) ([]string, error) { return FindWith(paths, nil) }

// Leaves is what a caller may remember of case folders between walks (the cache, --cache): a
// case folder with no folder inside it need not be read again while it is unchanged.
type Leaves interface {
	// Known reports that dir is a case folder with no folder inside, unchanged since a walk
	// read it: this walk takes it for a case without reading it.
	Known(dir string) bool
	// Reading is told of each folder just before it is read; Leaf, after the walk, of each of
	// those that was a case folder with no folder inside.
	Reading(dir string)
	Leaf(dir string)
}

// FindWith is Find with what leaves remembers (nil for nothing).
func FindWith(paths []string, leaves Leaves) ([]string, error) {
	seen := map[string]bool{}
	// For leaves: the folders read, and those found to hold a folder (not leaves).
	var read []string
	inner := map[string]bool{}
	var out []string
	var unreadable UnreadableError
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			if filepath.Base(root) == PlanFile {
				root = filepath.Dir(root)
			} else {
				return nil, &fs.PathError{Op: "open", Path: root, Err: errNotCase}
			}
		}
		// As the walk will give it back: "./", ".\" and "cases\" (as PowerShell completes
		// them) must not be taken for a dot folder below the root, or for another folder.
		root = filepath.Clean(root)
		// A symbolic link given on the command line is followed (once): WalkDir would otherwise
		// Lstat it and find nothing. Links met during the walk are still not followed.
		walkRoot := root
		if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			walkRoot = root + string(filepath.Separator)
		}
		err = filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
			path = filepath.Clean(path)
			if err != nil {
				if path == root {
					return err
				}
				unreadable.Folders = append(unreadable.Folders, Unreadable{Path: path, Err: err})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if leaves != nil && path != root {
					inner[filepath.Dir(path)] = true
				}
				if path != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir // .git, .cache and the like
				}
				if d.Name() != PlanFile {
					if leaves != nil {
						if path != root && leaves.Known(path) {
							if !seen[path] {
								seen[path] = true
								out = append(out, path)
							}
							return filepath.SkipDir
						}
						leaves.Reading(path)
						read = append(read, path)
					}
					return nil
				}
				// A folder named plan.yaml still marks a case, so that loading it reports the
				// mistake rather than the case going unseen.
			}
			if d.Name() == PlanFile {
				dir := filepath.Dir(path)
				if !seen[dir] {
					seen[dir] = true
					out = append(out, dir)
				}
				if d.IsDir() {
					return filepath.SkipDir
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if leaves != nil {
		failed := map[string]bool{}
		for _, u := range unreadable.Folders {
			failed[u.Path] = true
		}
		for _, dir := range read {
			if seen[dir] && !inner[dir] && !failed[dir] {
				leaves.Leaf(dir)
			}
		}
	}
	sort.Strings(out)
	if len(unreadable.Folders) > 0 {
		return out, &unreadable
	}
	return out, nil
}

// Unreadable is a folder Find could not look into.
type Unreadable struct {
	Path string
	Err  error
}

// UnreadableError lists the folders Find could not look into; the cases it did find are returned
// beside it.
type UnreadableError struct{ Folders []Unreadable }

func (e *UnreadableError) Error() string {
	var b strings.Builder
	for i, u := range e.Folders {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(u.Path)
		b.WriteString(": ")
		b.WriteString(Reason(u.Err))
	}
	return fmt.Sprintf("cannot look for cases in %d %s, so any case there was not checked: %s", len(e.Folders), plural(len(e.Folders), "folder"), b.String())
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// Reason is err in plain words.
func Reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "the path is longer than the system allows (move or rename the folders above it)"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

type notCase struct{}

func (notCase) Error() string { return "not a folder (give a case folder or a folder of cases)" }

var errNotCase = notCase{}
