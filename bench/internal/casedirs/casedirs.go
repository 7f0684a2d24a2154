// Package casedirs finds case folders for the yardsticks (bench/floor, bench/warmfloor): what
// casefolder.Find does, written out here so that a yardstick does not move when cpcase's own code
// changes.
package casedirs

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Find lists the folders under paths holding a plan.yaml, skipping dot folders, sorted.
func Find(paths []string) ([]string, error) {
	var out []string
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Name() == "plan.yaml" {
				out = append(out, filepath.Dir(path))
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

// FromArgs is Find over the command's arguments (the current folder when there are none); on an
// error it says so on stderr, after the command's name, and exits with 2.
func FromArgs(command string) []string {
	paths := os.Args[1:]
	if len(paths) == 0 {
		paths = []string{"."}
	}
	dirs, err := Find(paths)
	if err != nil {
		fmt.Fprintln(os.Stderr, command+":", err)
		os.Exit(2)
	}
	return dirs
}
