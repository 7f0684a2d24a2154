//go:build unix

package root

// The attacks of attacks_test.go that need Unix calls: a path over PATH_MAX built with openat,
// and the umask.

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// Row 7: a case at a path over PATH_MAX was left out: "1 case checked, no problems found", exit
// 0. (An unreadable folder takes the same path; casefolder's tests cover it where not root.)
func TestAttackSilentSkip(t *testing.T) {
	tree := t.TempDir()
	os.Rename(exampleCopy(t, "s9-three-children"), filepath.Join(tree, "a"))
	fd, err := unix.Open(tree, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 250)
	for range 20 {
		unix.Mkdirat(fd, name, 0o755)
		next, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY, 0)
		unix.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fd = next
	}
	pf, _ := unix.Openat(fd, "plan.yaml", unix.O_CREAT|unix.O_WRONLY, 0o644)
	unix.Write(pf, []byte("case: [broken\n"))
	unix.Close(pf)
	unix.Close(fd)
	t.Cleanup(func() { removeChain(tree, name) })
	out, errOut, code := run15(t, "check", tree, "--as-of", "2026-11-23")
	if code == 0 || strings.Contains(out, "no problems found") || !strings.Contains(out+errOut, "longer than the system allows") {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
	out, errOut, code = run15(t, "due", tree, "--as-of", "2026-11-23")
	if code == 0 || !strings.Contains(errOut, "not checked") {
		t.Errorf("due: exit %d:\n%s%s", code, out, errOut)
	}
}

func removeChain(root, name string) {
	fd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		return
	}
	var fds []int
	for {
		next, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY, 0)
		if err != nil {
			break
		}
		fds = append(fds, fd)
		fd = next
	}
	unix.Unlinkat(fd, "plan.yaml", 0)
	unix.Close(fd)
	for i := len(fds) - 1; i >= 0; i-- {
		unix.Unlinkat(fds[i], name, unix.AT_REMOVEDIR)
		unix.Close(fds[i])
	}
}

// Row 11: under umask 077 report HTML and markdown and the files init and add create were 0644.
func TestAttackUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	tmp := t.TempDir()
	cas := exampleCopy(t, "s9-three-children")
	os.Remove(filepath.Join(cas, "visits.yaml"))
	steps := [][]string{
		{"report", "-o", filepath.Join(tmp, "r.html"), "--as-of", "2026-11-23", cas},
		{"report", "--format", "markdown", "-o", filepath.Join(tmp, "r.md"), "--as-of", "2026-11-23", cas},
		{"init", filepath.Join(tmp, "new"), "--case", "NR-1", "--conference", "2026-10-01", "--policy", "core-groups-s9"},
		{"add", "visit", cas, "--by", "sw1", "--kind", "office", "--date", "2026-11-20"},
		{"schema", "--write", filepath.Join(tmp, "schemas")},
	}
	for _, args := range steps {
		if out, errOut, code := run15(t, args...); code > 1 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	files := []string{filepath.Join(tmp, "r.html"), filepath.Join(tmp, "r.md"), filepath.Join(cas, "visits.yaml")}
	more, _ := filepath.Glob(filepath.Join(tmp, "new", "*.yaml"))
	schemas, _ := filepath.Glob(filepath.Join(tmp, "schemas", "*"))
	files = append(append(files, more...), schemas...)
	if len(files) < 8 {
		t.Fatalf("only %d files written", len(files))
	}
	for _, f := range files {
		if info, err := os.Stat(f); err != nil || info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: mode %v under umask 077 (%v)", f, info.Mode().Perm(), err)
		}
	}
}
