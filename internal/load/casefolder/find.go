package casefolder

import (
	"container/heap"
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
	var out []string
	err := Walk(paths, leaves, func(dir string) { out = append(out, dir) })
	var unreadable *UnreadableError
	if err != nil && !errors.As(err, &unreadable) {
		return nil, err
	}
	return out, err
}

// Walk is FindWith giving each case folder to found as the walk comes to it, in the order Find
// returns them (sorted), so that a caller can start on the first cases while the walk goes on.
// The paths themselves are looked at, and read, before any case is given: an error about one of
// them (exit 2) comes before any case. Folders found unreadable below them are reported at the
// end, as the *UnreadableError FindWith returns.
//
// Sorted order falls out of the walk's own: the folders still to read are held in order of their
// paths, the least read first, and every folder inside one sorts after it, so the case folders
// come in order (the folder "a" before "a-b" before "a/x", as sort.Strings has them).
func Walk(paths []string, leaves Leaves, found func(dir string)) error {
	var todo walkQueue
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return err
		}
		if !info.IsDir() {
			if filepath.Base(root) == PlanFile {
				root = filepath.Dir(root)
			} else {
				return &fs.PathError{Op: "open", Path: root, Err: errNotCase}
			}
		}
		// As the walk gives paths back: "./", ".\" and "cases\" (as PowerShell completes
		// them) must not be taken for a dot folder below the root, or for another folder.
		root = filepath.Clean(root)
		if filepath.Base(root) == PlanFile {
			// A folder named plan.yaml marks its folder as a case, which is not walked.
			heap.Push(&todo, walkItem{path: filepath.Dir(root), caseOnly: true})
			continue
		}
		// A symbolic link given on the command line is followed (once); links met during the
		// walk are not.
		readAt := root
		if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			readAt = root + string(filepath.Separator)
		} else if err != nil {
			return err
		}
		if leaves != nil {
			leaves.Reading(root)
		}
		entries, err := os.ReadDir(readAt)
		if err != nil {
			return err
		}
		heap.Push(&todo, walkItem{path: root, entries: entries, read: true})
	}
	var (
		last, lastFound   string
		started, anyFound bool
		unreadable        UnreadableError
		leafs             []string
	)
	// A folder reached twice (a root inside another, or given by its plan.yaml too) is read
	// and given once.
	give := func(dir string) {
		if !anyFound || dir != lastFound {
			anyFound, lastFound = true, dir
			found(dir)
		}
	}
	for todo.Len() > 0 {
		it := heap.Pop(&todo).(walkItem)
		if it.caseOnly {
			give(it.path)
			continue
		}
		if started && it.path == last {
			continue
		}
		started, last = true, it.path
		if !it.read {
			if leaves != nil {
				if leaves.Known(it.path) {
					give(it.path)
					continue
				}
				leaves.Reading(it.path)
			}
			entries, err := os.ReadDir(it.path)
			if err != nil {
				unreadable.Folders = append(unreadable.Folders, Unreadable{Path: it.path, Err: err})
				continue
			}
			it.entries = entries
		}
		isCase, inner := false, false
		for _, d := range it.entries {
			name := d.Name()
			if name == PlanFile {
				// A folder named plan.yaml still marks a case, so that loading it reports the
				// mistake rather than the case going unseen.
				isCase = true
			}
			if !d.IsDir() {
				continue
			}
			inner = true
			if name == PlanFile || strings.HasPrefix(name, ".") {
				continue // .git, .cache and the like
			}
			heap.Push(&todo, walkItem{path: filepath.Join(it.path, name)})
		}
		if isCase {
			give(it.path)
			if leaves != nil && !inner {
				leafs = append(leafs, it.path)
			}
		}
	}
	for _, dir := range leafs {
		leaves.Leaf(dir)
	}
	if len(unreadable.Folders) > 0 {
		sort.SliceStable(unreadable.Folders, func(i, j int) bool { return unreadable.Folders[i].Path < unreadable.Folders[j].Path })
		return &unreadable
	}
	return nil
}

// walkItem is a folder the walk has still to read (or, for a root, has read).
type walkItem struct {
	path     string
	read     bool // a root, read before the walk began: entries are its own
	caseOnly bool // a case folder given by its folder named plan.yaml: not walked
	entries  []fs.DirEntry
}

// walkQueue holds the folders still to read, the least path first.
type walkQueue []walkItem

func (q walkQueue) Len() int { return len(q) }
func (q walkQueue) Less(i, j int) bool {
	// A root before the same folder met inside another root: it is read already.
	return q[i].path < q[j].path || q[i].path == q[j].path && q[i].read && !q[j].read
}
func (q walkQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *walkQueue) Push(x any)   { *q = append(*q, x.(walkItem)) }
func (q *walkQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	old[len(old)-1] = walkItem{}
	*q = old[:len(old)-1]
	return it
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
