// Package atrev is --at REV of the commands that read cases: the case folders as they were at a
// git revision, copied from git into a private folder, and the paths the user gave for them.
package atrev

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// Tree is the tree of --at: a copy of the folders as they were at a commit, and the paths given
// on the command line that each copied path stands for, so that output names the files as the
// user knows them.
type Tree struct {
	Commit history.Commit
	Paths  []string // where each given path lies in the copy: what to read
	copy   *history.Checkout
	given  []string
}

// Open copies the folders under the given paths (none: ".") as they were at rev, a revision or
// a date YYYY-MM-DD. Close removes the copy.
func Open(rev string, paths []string) (*Tree, error) {
	given := paths
	if len(given) == 0 {
		given = []string{"."}
	}
	repo, err := history.Open(given[0])
	if err != nil {
		return nil, err
	}
	c, err := repo.ResolveSpec(rev)
	if err != nil {
		return nil, cmdutil.Usagef("--at: %v", err)
	}
	k, mapped, missing, err := repo.At(c, given)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		k.Close()
		return nil, fmt.Errorf("%s did not exist at %s of %s (%q)", strings.Join(missing, ", "), c.Short(), c.Date(), c.Subject)
	}
	return &Tree{Commit: c, Paths: mapped, copy: k, given: given}, nil
}

// Close removes the copy.
func (a *Tree) Close() { a.copy.Close() }

// File is a file of the copy named as the user would name it in the work tree.
func (a *Tree) File(f string) string {
	if a == nil {
		return f
	}
	for i, m := range a.Paths {
		if f == m {
			return a.given[i]
		}
		if rest, ok := strings.CutPrefix(f, m+string(filepath.Separator)); ok {
			return filepath.Join(a.given[i], rest)
		}
	}
	return f
}

// Items names the items' anchor files as the user knows them.
func (a *Tree) Items(items []render.Item) {
	for i := range items {
		items[i].Anchor.File = a.File(items[i].Anchor.File)
	}
}

// Results names the folders and the findings' files of a run as the user knows them (a nil
// Tree: as they are).
func Results[T any](a *Tree, cases []app.Result[T]) {
	if a == nil {
		return
	}
	for i := range cases {
		cases[i].Dir = a.File(cases[i].Dir)
		for j := range cases[i].Diags {
			cases[i].Diags[j].File = a.File(cases[i].Diags[j].File)
		}
	}
}

// Heading is the line that says which tree the output is of.
func (a *Tree) Heading() string {
	return fmt.Sprintf("Case folders as they were at %s of %s (%q), read from git.", a.Commit.Short(), a.Commit.Date(), safe.Term(a.Commit.Subject))
}
