package casefolder

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Find walks paths for case folders (folders holding a plan.yaml) and returns them sorted.
// Symbolic links to folders are not followed, so a link loop cannot trap the walk. A path that
// does not exist or cannot be read is an error for the caller to report as I/O.
func Find(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
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
				return nil // an unreadable sub-folder holds no case we can read; skip it
			}
			if d.IsDir() {
				if path != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir // .git, .cache and the like
				}
				if d.Name() != PlanFile {
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
	sort.Strings(out)
	return out, nil
}

type notCase struct{}

func (notCase) Error() string { return "not a folder (give a case folder or a folder of cases)" }

var errNotCase = notCase{}
