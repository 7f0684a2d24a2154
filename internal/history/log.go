package history

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
)

// Log is the commits that changed files between two states: each file's commits, newest first,
// and the files that differ in the work tree from HEAD (changed, added or removed and not yet
// committed).
type Log struct {
	Commits     map[string][]Commit // by repository-relative file path
	Uncommitted map[string]bool

	repo   *Repo
	mu     sync.Mutex
	blames map[string]*blame // by file, nil when git could not blame it
}

// For is the commits that changed any of the files, newest first, each once.
func (l *Log) For(files ...string) []Commit {
	seen := map[string]bool{}
	var out []Commit
	for _, f := range files {
		for _, c := range l.Commits[f] {
			if !seen[c.Hash] {
				seen[c.Hash] = true
				out = append(out, c)
			}
		}
	}
	// Newest first across files: commits carry their order in the log.
	sortNewest(out)
	return out
}

// Dirty reports whether any of the files has uncommitted changes.
func (l *Log) Dirty(files ...string) bool {
	for _, f := range files {
		if l.Uncommitted[f] {
			return true
		}
	}
	return false
}

func sortNewest(cs []Commit) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].When.After(cs[j-1].When); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// Changes lists the commits after from up to HEAD that changed files under the
// repository-relative paths ("" or "." for all), by file, with renames followed as a removal
// and an addition, and the uncommitted changes of the work tree. It reads the index's stat data
// without refreshing it (no lock taken, nothing written).
func (r *Repo) Changes(from Commit, paths []string) (*Log, error) {
	spec := pathspec(paths)
	// Hashes and file names first (a \x01 marks each hash), then each commit's author, date and
	// message in a second read, NUL-separated: nothing in a message can break the parse.
	args := append([]string{"log", "-z", "--no-renames", "--no-show-signature", "--name-only", "--format=\x01%H", from.Hash + "..HEAD", "--"}, spec...)
	out, err := git(r.Root, args...)
	if err != nil {
		return nil, fmt.Errorf("cannot read the history since %s: %v", from.Short(), err)
	}
	files := map[string][]string{}
	var order []string
	cur := ""
	for _, tok := range strings.Split(string(out), "\x00") {
		tok = strings.TrimPrefix(tok, "\n")
		if h, ok := strings.CutPrefix(tok, "\x01"); ok {
			cur = h
			order = append(order, h)
			continue
		}
		if tok != "" && cur != "" {
			files[cur] = append(files[cur], tok)
		}
	}
	meta, err := r.commits(order)
	if err != nil {
		return nil, fmt.Errorf("cannot read the history since %s: %v", from.Short(), err)
	}
	l := &Log{Commits: map[string][]Commit{}, Uncommitted: map[string]bool{}, repo: r, blames: map[string]*blame{}}
	for _, h := range order { // newest first, as git log gives them
		for _, f := range files[h] {
			l.Commits[f] = append(l.Commits[f], meta[h])
		}
	}
	// Tracked files that differ from HEAD in the work tree (diff-index reads, never writes, the
	// index), and untracked files not ignored.
	diff, err := git(r.Root, append([]string{"diff-index", "-z", "--name-only", "--no-renames", "HEAD", "--"}, spec...)...)
	if err != nil {
		return nil, fmt.Errorf("cannot compare the work tree with HEAD: %v", err)
	}
	others, err := git(r.Root, append([]string{"ls-files", "-z", "--others", "--exclude-standard", "--"}, spec...)...)
	if err != nil {
		return nil, fmt.Errorf("cannot list new files: %v", err)
	}
	for _, n := range bytes.Split(append(diff, others...), []byte{0}) {
		if len(n) > 0 {
			l.Uncommitted[string(n)] = true
		}
	}
	return l, nil
}

// pathspec is the paths as literal git pathspecs from the top of the tree (a folder named
// "*" is a folder, not a pattern); none for the whole tree.
func pathspec(paths []string) []string {
	var out []string
	for _, p := range paths {
		if p == "" || p == "." {
			return nil // the whole tree
		}
		out = append(out, ":(top,literal)"+p)
	}
	return out
}
