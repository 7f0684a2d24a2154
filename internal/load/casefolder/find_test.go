package casefolder

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rel strips root from each path, for short comparisons.
func rel(root string, paths []string) string {
	var out []string
	for _, p := range paths {
		r, err := filepath.Rel(root, p)
		if err != nil {
			r = p
		}
		out = append(out, filepath.ToSlash(r))
	}
	return strings.Join(out, " ")
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"team-b/NR-2", "team-a/NR-1", "team-a/NR-1/old", ".git/NR-9", "team-a/.cache/NR-8", "NR-0"} {
		writeCase(t, filepath.Join(root, d))
	}
	// a folder without plan.yaml is not a case
	if err := os.MkdirAll(filepath.Join(root, "team-b", "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := Find([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	// sorted; dot folders skipped; a case inside a case is a case of its own
	if want := "NR-0 team-a/NR-1 team-a/NR-1/old team-b/NR-2"; rel(root, got) != want {
		t.Errorf("Find = %s\nwant %s", rel(root, got), want)
	}

	// a path given twice, a case folder inside a given folder, a plan.yaml named directly: each once
	got, err = Find([]string{filepath.Join(root, "team-b"), root, filepath.Join(root, "NR-0", PlanFile), filepath.Join(root, "team-b", "NR-2")})
	if err != nil {
		t.Fatal(err)
	}
	if want := "NR-0 team-a/NR-1 team-a/NR-1/old team-b/NR-2"; rel(root, got) != want {
		t.Errorf("Find with repeats = %s\nwant %s", rel(root, got), want)
	}

	// a dot folder named on the command line is walked: only folders below it are skipped
	got, err = Find([]string{filepath.Join(root, ".git")})
	if err != nil || rel(root, got) != ".git/NR-9" {
		t.Errorf("Find(.git) = %s, %v", rel(root, got), err)
	}
}

func TestFindErrors(t *testing.T) {
	root := t.TempDir()
	if _, err := Find([]string{filepath.Join(root, "missing")}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing path: %v", err)
	}
	notes := filepath.Join(root, "notes.txt")
	if err := os.WriteFile(notes, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Find([]string{notes})
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != notes || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file that is not plan.yaml: %v", err)
	}
	// a folder with no case is no error: the caller says none was found
	got, err := Find([]string{root})
	if err != nil || len(got) != 0 {
		t.Errorf("an empty folder: %v, %v", got, err)
	}
}

// Symbolic links to folders are not followed, so a loop of links ends and a case reached through
// a link is not found twice.
func TestFindSymlinks(t *testing.T) {
	root := t.TempDir()
	writeCase(t, filepath.Join(root, "cases", "NR-1"))
	links := map[string]string{
		filepath.Join(root, "cases", "loop"):       filepath.Join(root, "cases"),         // a link to its own parent
		filepath.Join(root, "cases", "NR-1", "up"): root,                                 // and to the root
		filepath.Join(root, "cases", "alias"):      filepath.Join(root, "cases", "NR-1"), // a second name for a case
		filepath.Join(root, "cases", "dangling"):   filepath.Join(root, "nowhere"),
	}
	for link, target := range links {
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	got, err := Find([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	if rel(root, got) != "cases/NR-1" {
		t.Errorf("Find = %s, want cases/NR-1 only", rel(root, got))
	}
}

// A symbolic link named on the command line is followed, as a user expects of `check /tmp/link`.
func TestFindFollowsALinkGivenAsARoot(t *testing.T) {
	dir := t.TempDir()
	caseDir := filepath.Join(dir, "real", "c1")
	if err := os.MkdirAll(caseDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(caseDir, PlanFile), []byte("case: X\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	got, err := Find([]string{link})
	if err != nil || len(got) != 1 || got[0] != filepath.Join(link, "c1") {
		t.Errorf("Find(link) = %v, %v; want [%s]", got, err, filepath.Join(link, "c1"))
	}
}

// TestFindRootSpellings: a root written with a trailing separator or as ./ or ../ finds the same
// cases as its plain spelling (./ once found none: its base, ".", was taken for a dot folder).
func TestFindRootSpellings(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"cases/NR-1", "cases/NR-2"} {
		writeCase(t, filepath.Join(root, d))
	}
	cases := filepath.Join(root, "cases")
	t.Chdir(cases)
	sep := string(filepath.Separator)
	for _, tc := range []struct{ root, want string }{
		{".", "NR-1 NR-2"},
		{"." + sep, "NR-1 NR-2"},
		{".." + sep + "cases" + sep, "../cases/NR-1 ../cases/NR-2"},
		{"NR-1" + sep, "NR-1"},
		{"." + sep + "NR-2" + sep + "." + sep, "NR-2"},
		{cases + sep, cases + "/NR-1 " + cases + "/NR-2"},
		{".." + sep, "../cases/NR-1 ../cases/NR-2"},
	} {
		got, err := Find([]string{tc.root})
		var paths []string
		for _, p := range got {
			paths = append(paths, filepath.ToSlash(p))
		}
		if want := filepath.ToSlash(tc.want); err != nil || strings.Join(paths, " ") != want {
			t.Errorf("Find(%q) = %q, %v; want %s", tc.root, got, err, want)
		}
	}
}

// leaves is a casefolder.Leaves that remembers what it is told and knows what it is given.
type leaves struct {
	known          map[string]bool
	reading, found []string
}

func (l *leaves) Known(dir string) bool { return l.known[dir] }
func (l *leaves) Reading(dir string)    { l.reading = append(l.reading, dir) }
func (l *leaves) Leaf(dir string)       { l.found = append(l.found, dir) }

// FindWith tells its Leaves of the case folders with no folder inside, and does not read the
// folders it says are such: what it finds is what Find finds.
func TestFindWithLeaves(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"team-b/NR-2", "team-a/NR-1", "team-a/NR-1/old", ".git/NR-9", "team-a/.cache/NR-8", "NR-0", "team-c/NR-3"} {
		writeCase(t, filepath.Join(root, d))
	}
	if err := os.MkdirAll(filepath.Join(root, "team-b", "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "team-c", "NR-3", PlanFile+".d", PlanFile), 0o755); err != nil {
		t.Fatal(err)
	}
	want, err := Find([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	l := &leaves{}
	got, err := FindWith([]string{root}, l)
	if err != nil || rel(root, got) != rel(root, want) {
		t.Fatalf("FindWith = %s, %v\nwant %s", rel(root, got), err, rel(root, want))
	}
	// NR-1 holds a case and NR-3 a folder: not leaves; notes is no case.
	if rel(root, l.found) != "NR-0 team-a/NR-1/old team-b/NR-2" {
		t.Errorf("leaves: %s", rel(root, l.found))
	}
	for _, dir := range l.found {
		if !contains(l.reading, dir) {
			t.Errorf("%s: a leaf the walk was not told it would read", dir)
		}
	}
	// Known folders are taken for cases without being read.
	l = &leaves{known: map[string]bool{filepath.Join(root, "team-b", "NR-2"): true, filepath.Join(root, "NR-0"): true}}
	got, err = FindWith([]string{root}, l)
	if err != nil || rel(root, got) != rel(root, want) {
		t.Fatalf("FindWith knowing two = %s, %v\nwant %s", rel(root, got), err, rel(root, want))
	}
	for dir := range l.known {
		if contains(l.reading, dir) {
			t.Errorf("%s: known, but read", dir)
		}
	}
	if !contains(l.reading, filepath.Join(root, "team-a", "NR-1")) {
		t.Errorf("an unknown case folder was not read")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
