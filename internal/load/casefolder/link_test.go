//go:build unix

package casefolder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
)

// A case file that links out of its case folder is refused unread: a pull request can add such a
// link, and the findings about the file it reads would quote it (its keys, its values).
func TestLinkOutOfCaseIsNotRead(t *testing.T) {
	src := filepath.Join("..", "..", "..", "examples", "s9-three-children")
	dir := filepath.Join(t.TempDir(), "c")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(t.TempDir(), "credentials")
	os.WriteFile(secret, []byte("aws_secret_access_key: hunter2SECRET\n"), 0o600)
	visits := filepath.Join(dir, VisitsFile)
	os.Remove(visits)
	os.Symlink(secret, visits)
	_, d := Load(dir, civil.MustParse("2026-11-23"))
	all := ""
	for _, x := range d {
		all += x.String() + "\n"
	}
	if !strings.Contains(all, visits+": cannot read: is a symbolic link to ") || !strings.Contains(all, "outside the case folder") {
		t.Errorf("want the link refused:\n%s", all)
	}
	if strings.Contains(all, "hunter2") || strings.Contains(all, "aws_secret") {
		t.Errorf("the linked file was read and quoted:\n%s", all)
	}

	// A link that stays in the case folder is read as the file.
	data, _ := os.ReadFile(filepath.Join(src, VisitsFile))
	os.Remove(visits)
	os.Mkdir(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "data", VisitsFile), data, 0o644)
	os.Symlink(filepath.Join("data", VisitsFile), visits)
	if _, d := Load(dir, civil.MustParse("2026-11-23")); d.Errors() != 0 {
		t.Errorf("a link inside the case folder: %v", d)
	}
}
