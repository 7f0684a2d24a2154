package casefolder

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// Walk gives the case folders as it comes to them, and in sorted order, which is not the order
// of a walk folder by folder: "a-b" and "a.c" sort between the case "a" and the case inside it.
// A root inside another, and a root given by its folder named plan.yaml, give each case once.
func TestWalkGivesSortedOrder(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"a", "a/x", "a/x/deep", "a-b", "a.c", "b/c", "b/c d", "b/c!", "b/c/e", "z"} {
		writeCase(t, filepath.Join(root, d))
	}
	if err := os.MkdirAll(filepath.Join(root, "q", PlanFile), 0o755); err != nil {
		t.Fatal(err)
	}
	want := "a a-b a.c a/x a/x/deep b/c b/c d b/c! b/c/e q z"
	for _, paths := range [][]string{
		{root},
		{filepath.Join(root, "a"), root},
		{root, filepath.Join(root, "b", "c"), filepath.Join(root, "q", PlanFile)},
	} {
		var got []string
		if err := Walk(paths, nil, func(dir string) { got = append(got, dir) }); err != nil {
			t.Fatal(err)
		}
		if rel(root, got) != want || !sort.StringsAreSorted(got) {
			t.Errorf("Walk(%s) gave %s\nwant %s", rel(root, paths), rel(root, got), want)
		}
		found, err := Find(paths)
		if err != nil || rel(root, found) != want {
			t.Errorf("Find(%s) = %s, %v", rel(root, paths), rel(root, found), err)
		}
	}
}
