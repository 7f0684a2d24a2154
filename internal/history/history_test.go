package history_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/history/gittest"
)

// threeCommits: a case added on Mon 9 Nov, a visit on Wed 11 Nov, a second case on Mon 16 Nov
// (all 10:00 London, which is UTC in November).
func threeCommits(t *testing.T) (*gittest.Repo, []string) {
	r := gittest.New(t)
	r.Write(map[string]string{"cases/a/plan.yaml": "case: A\n", "README.md": "notes\n"})
	c1 := r.Commit("2026-11-09T10:00:00Z", "Add case A")
	r.Write(map[string]string{"cases/a/visits.yaml": "visits: []\n"})
	c2 := r.Commit("2026-11-11T10:00:00Z", "Visit to A")
	r.Write(map[string]string{"cases/b/plan.yaml": "case: B\n"})
	c3 := r.Commit("2026-11-16T10:00:00Z", "Add case B")
	return r, []string{c1, c2, c3}
}

func open(t *testing.T, r *gittest.Repo) *history.Repo {
	t.Helper()
	h, err := history.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestOutsideARepository(t *testing.T) {
	gittest.Isolate(t)
	dir := t.TempDir()
	_, err := history.Open(dir)
	if !errors.Is(err, history.ErrNotRepo) {
		t.Fatalf("got %v, want ErrNotRepo", err)
	}
	if want := dir + " is not inside a git repository (changes and --at read earlier states of the case folders from git)"; err.Error() != want {
		t.Errorf("message %q", err)
	}
}

func TestResolve(t *testing.T) {
	r, cs := threeCommits(t)
	r.Git("tag", "week-46", cs[1])
	h := open(t, r)
	for spec, want := range map[string]string{
		"HEAD": cs[2], "HEAD~2": cs[0], "week-46": cs[1], cs[1][:10]: cs[1],
		// the last commit before the start of the day
		"2026-11-11": cs[0], "2026-11-12": cs[1], "2026-11-16": cs[1], "2026-11-17": cs[2],
	} {
		c, err := h.ResolveSpec(spec)
		if err != nil {
			t.Errorf("%s: %v", spec, err)
			continue
		}
		if c.Hash != want {
			t.Errorf("%s: got %s, want %s", spec, c.Short(), want[:12])
		}
	}
	c, _ := h.Resolve("HEAD~1")
	if c.Author != "Ann Author" || c.Email != "ann@example.org" || c.Subject != "Visit to A" || c.Date() != civil.MustParse("2026-11-11") {
		t.Errorf("commit %+v", c)
	}
	for spec, want := range map[string]string{
		"nope":        `"nope" is not a commit of this repository (give a commit, branch or tag, or a date YYYY-MM-DD)`,
		"--output=x":  `"--output=x" is not a revision`,
		"2026-11-09":  "no commit before 2026-11-09: the history starts later",
		"2026-02-30":  `"2026-02-30" is not a valid date`,
		"HEAD:README": `"HEAD:README" is not a commit of this repository (give a commit, branch or tag, or a date YYYY-MM-DD)`,
	} {
		_, err := h.ResolveSpec(spec)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: got %v, want %s", spec, err, want)
		}
	}
}

func TestCopyReadsTheOldTree(t *testing.T) {
	r, cs := threeCommits(t)
	// The work tree moves on: a change not committed, a file deleted, a link and a binary.
	r.Write(map[string]string{"cases/a/plan.yaml": "case: A2\n"})
	if err := os.Remove(filepath.Join(r.Dir, "cases", "a", "visits.yaml")); err != nil {
		t.Fatal(err)
	}
	before := r.State()
	h := open(t, r)
	old, _ := h.Resolve(cs[1])
	k, err := h.Copy(old, []string{"cases"})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	var got []string
	filepath.Walk(k.Dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(k.Dir, p)
			got = append(got, filepath.ToSlash(rel)+": "+string(b))
		}
		return nil
	})
	sort.Strings(got)
	if want := "cases/a/plan.yaml: case: A\n|cases/a/visits.yaml: visits: []\n"; strings.Join(got, "|") != want {
		t.Errorf("copy holds %q, want %q", strings.Join(got, "|"), want)
	}
	if k.Files != 2 {
		t.Errorf("%d files", k.Files)
	}
	if fi, err := os.Stat(k.Dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("copy folder mode %v %v", fi.Mode(), err)
	}
	if after := r.State(); after != before {
		t.Errorf("the repository changed:\n%s\nthen\n%s", before, after)
	}
	if err := k.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(k.Dir); !os.IsNotExist(err) {
		t.Errorf("copy left behind: %v", err)
	}
}

func TestCopyLeavesOutLinksAndOtherFiles(t *testing.T) {
	r := gittest.New(t)
	r.Write(map[string]string{"c/plan.yaml": "case: A\n", "c/notes.txt": "x"})
	if err := os.Symlink("/etc/passwd", filepath.Join(r.Dir, "c", "members.yaml")); err != nil {
		t.Fatal(err)
	}
	c := r.Commit("2026-11-09T10:00:00Z", "one")
	h := open(t, r)
	cm, _ := h.Resolve(c)
	k, err := h.Copy(cm, []string{"c", "missing"})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if k.Files != 1 {
		t.Errorf("%d files copied, want 1 (plan.yaml)", k.Files)
	}
	if _, err := os.Lstat(filepath.Join(k.Dir, "c", "members.yaml")); !os.IsNotExist(err) {
		t.Errorf("the link was copied: %v", err)
	}
}

func TestChanges(t *testing.T) {
	r, cs := threeCommits(t)
	r.Write(map[string]string{"cases/b/visits.yaml": "visits: []\n", "cases/a/plan.yaml": "case: A\nteam: T\n"})
	before := r.State()
	h := open(t, r)
	from, _ := h.Resolve(cs[0])
	l, err := h.Changes(from, []string{"cases"})
	if err != nil {
		t.Fatal(err)
	}
	subjects := func(cs []history.Commit) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Subject)
		}
		return strings.Join(s, ", ")
	}
	for file, want := range map[string]string{
		"cases/a/visits.yaml": "Visit to A",
		"cases/b/plan.yaml":   "Add case B",
		"cases/a/plan.yaml":   "",
	} {
		if got := subjects(l.Commits[file]); got != want {
			t.Errorf("%s: %q, want %q", file, got, want)
		}
	}
	if got := subjects(l.For("cases/a/visits.yaml", "cases/b/plan.yaml")); got != "Add case B, Visit to A" {
		t.Errorf("For: %q", got)
	}
	if !l.Dirty("cases/a/plan.yaml") || !l.Dirty("cases/b/visits.yaml") || l.Dirty("cases/b/plan.yaml") {
		t.Errorf("uncommitted: %v", l.Uncommitted)
	}
	if after := r.State(); after != before {
		t.Errorf("the repository changed:\n%s\nthen\n%s", before, after)
	}
}

func TestRel(t *testing.T) {
	r, _ := threeCommits(t)
	h, err := history.Open(filepath.Join(r.Dir, "cases", "a", "plan.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if real, _ := filepath.EvalSymlinks(r.Dir); h.Root != real {
		t.Errorf("root %s, want %s", h.Root, real)
	}
	if rel, ok := h.Rel(filepath.Join(r.Dir, "cases", "a")); !ok || rel != "cases/a" {
		t.Errorf("got %q %v", rel, ok)
	}
	if _, ok := h.Rel(t.TempDir()); ok {
		t.Error("a folder outside the work tree is inside it")
	}
}

func TestAt(t *testing.T) {
	r, cs := threeCommits(t)
	h := open(t, r)
	old, _ := h.Resolve(cs[1])
	k, mapped, missing, err := h.At(old, []string{filepath.Join(r.Dir, "cases", "a"), filepath.Join(r.Dir, "cases", "b")})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if len(mapped) != 1 || mapped[0] != filepath.Join(k.Dir, "cases", "a") {
		t.Errorf("mapped %v", mapped)
	}
	if len(missing) != 1 || missing[0] != filepath.Join(r.Dir, "cases", "b") {
		t.Errorf("missing %v", missing)
	}
	if got := k.Rel(filepath.Join(mapped[0], "plan.yaml")); got != "cases/a/plan.yaml" {
		t.Errorf("rel %q", got)
	}
	if _, _, _, err := h.At(old, []string{t.TempDir()}); err == nil || !strings.Contains(err.Error(), "is outside the git repository at") {
		t.Errorf("outside: %v", err)
	}
}

// Record blames the lines of one YAML record: the one whose inner line changed has the commit,
// its neighbour does not; a line not yet committed marks it uncommitted.
func TestRecord(t *testing.T) {
	r := gittest.New(t)
	r.Write(map[string]string{"m.yaml": "meetings:\n  - date: 2026-11-02\n    kind: core-group\n  - date: 2026-11-09\n    kind: core-group\n  - {date: 2026-11-10, kind: core-group}\n"})
	c1 := r.Commit("2026-11-09T10:00:00Z", "two meetings")
	r.Write(map[string]string{"m.yaml": "meetings:\n  - date: 2026-11-02\n    kind: core-group\n  - date: 2026-11-09\n    kind: core-group\n    cancelled: true\n  - {date: 2026-11-10, kind: core-group}\n"})
	r.Commit("2026-11-10T10:00:00Z", "cancel the second")
	r.Write(map[string]string{"m.yaml": "meetings:\n  - date: 2026-11-02\n    kind: core-group\n  - date: 2026-11-09\n    kind: core-group\n    cancelled: true\n  - {date: 2026-11-10, kind: child-plan}\n"})
	h := open(t, r)
	from, _ := h.Resolve(c1)
	l, err := h.Changes(from, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		line, col int
		want      string
		dirty     bool
	}{{2, 5, "", false}, {4, 5, "cancel the second", false}, {7, 6, "", true}} {
		cs, dirty := l.Record("m.yaml", c.line, c.col)
		var s []string
		for _, x := range cs {
			s = append(s, x.Subject)
		}
		if strings.Join(s, ",") != c.want || dirty != c.dirty {
			t.Errorf("line %d: %q %v, want %q %v", c.line, s, dirty, c.want, c.dirty)
		}
	}
}

func TestNoGit(t *testing.T) {
	gittest.Isolate(t)
	t.Setenv("PATH", t.TempDir())
	if _, err := history.Open(t.TempDir()); !errors.Is(err, history.ErrNoGit) {
		t.Errorf("got %v, want ErrNoGit", err)
	}
}

// A message or a name holding the bytes a parser might split on is read whole (git commit strips
// such bytes; a commit object written by hand keeps them).
func TestHostileMessage(t *testing.T) {
	r, cs := threeCommits(t)
	r.Write(map[string]string{"cases/a/plan.yaml": "case: A3\n"})
	r.Git("add", "-A")
	tree := strings.TrimSpace(r.Git("write-tree"))
	obj := "tree " + tree + "\nparent " + cs[2] + "\nauthor Ann\x1fAuthor\x1e <ann@example.org> 1795168800 +0000\ncommitter Cy <cy@example.org> 1795168800 +0000\n\none\x1etwo\x1fthree\x01four\n"
	f := filepath.Join(t.TempDir(), "commit")
	if err := os.WriteFile(f, []byte(obj), 0o600); err != nil {
		t.Fatal(err)
	}
	hash := strings.TrimSpace(r.Git("hash-object", "-t", "commit", "-w", f))
	r.Git("update-ref", "refs/heads/main", hash)
	h := open(t, r)
	from, _ := h.Resolve(cs[0])
	l, err := h.Changes(from, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := l.Commits["cases/a/plan.yaml"]
	if len(got) != 1 || got[0].Subject != "one\x1etwo\x1fthree\x01four" || got[0].Author != "Ann\x1fAuthor\x1e" {
		t.Errorf("got %+v", got)
	}
	if c, err := h.Resolve("HEAD"); err != nil || c.Subject != "one\x1etwo\x1fthree\x01four" {
		t.Errorf("resolve: %+v %v", c, err)
	}
}
