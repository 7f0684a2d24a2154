package due

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
	"github.com/cpcase/cpcase/internal/speed"
)

// atRevision is the tree of --at: a copy of the folders as they were at a commit, and the
// paths given on the command line that each copied path stands for, so that output names the
// files as the user knows them.
type atRevision struct {
	commit history.Commit
	copy   *history.Checkout
	paths  []string // where each given path lies in the copy
	given  []string
}

// checkoutAt copies the tree at --at.
func checkoutAt(o *Options) (*atRevision, error) {
	given := o.Paths
	if len(given) == 0 {
		given = []string{"."}
	}
	repo, err := history.Open(given[0])
	if err != nil {
		return nil, err
	}
	c, err := repo.ResolveSpec(o.At)
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
	return &atRevision{commit: c, copy: k, paths: mapped, given: given}, nil
}

func (a *atRevision) close() { a.copy.Close() }

// file is a file of the copy named as the user would name it in the work tree.
func (a *atRevision) file(f string) string {
	for i, m := range a.paths {
		if f == m {
			return a.given[i]
		}
		if rest, ok := strings.CutPrefix(f, m+string(filepath.Separator)); ok {
			return filepath.Join(a.given[i], rest)
		}
	}
	return f
}

func (a *atRevision) translateItems(items []render.Item) {
	for i := range items {
		items[i].Anchor.File = a.file(items[i].Anchor.File)
	}
}

func (a *atRevision) translateResults(cases []app.Result[[]speed.Kept]) {
	for i := range cases {
		cases[i].Dir = a.file(cases[i].Dir)
		for j := range cases[i].Diags {
			cases[i].Diags[j].File = a.file(cases[i].Diags[j].File)
		}
	}
}

// heading is the line that says which tree the table is of.
func (a *atRevision) heading() string {
	return fmt.Sprintf("Case folders as they were at %s of %s (%q), read from git.", a.commit.Short(), a.commit.Date(), safe.Term(a.commit.Subject))
}
