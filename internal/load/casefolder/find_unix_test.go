//go:build linux

package casefolder

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// Row 7 of the hostile-files table: a case inside an unreadable folder was left out and the run
// said "1 case checked, no problems found".
func TestFindReportsUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 && os.Getenv("CPCASE_NO_DAC") == "" {
		// Root reads every folder: run this test again without the capabilities that let it.
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Skip("root reads every folder, and there is no setpriv to drop that power")
		}
		drop := "-dac_override,-dac_read_search"
		cmd := exec.Command(setpriv, "--bounding-set="+drop, "--inh-caps="+drop, os.Args[0], "-test.run=^TestFindReportsUnreadableFolder$", "-test.v")
		cmd.Env = append(os.Environ(), "CPCASE_NO_DAC=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestFindReportsUnreadableFolder") {
			t.Fatalf("without CAP_DAC_OVERRIDE: %v\n%s", err, out)
		}
		return
	}
	root := t.TempDir()
	for _, d := range []string{"a", "locked/b"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
		os.WriteFile(filepath.Join(root, d, PlanFile), []byte("case: X\n"), 0o644)
	}
	os.Chmod(filepath.Join(root, "locked"), 0)
	defer os.Chmod(filepath.Join(root, "locked"), 0o755)
	dirs, err := Find([]string{root})
	var ue *UnreadableError
	if !errors.As(err, &ue) || len(ue.Folders) != 1 || ue.Folders[0].Path != filepath.Join(root, "locked") {
		t.Fatalf("err = %v, want the locked folder reported", err)
	}
	if !strings.Contains(err.Error(), "permission denied") || rel(root, dirs) != "a" {
		t.Errorf("err %q, dirs %q", err, rel(root, dirs))
	}
}

// A case at a path longer than PATH_MAX (made with *at calls, which no path limits) cannot be
// opened by path: its folder is reported, not skipped.
func TestFindReportsOverlongPath(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "a"), 0o755)
	os.WriteFile(filepath.Join(root, "a", PlanFile), []byte("case: X\n"), 0o644)
	fd, err := syscall.Open(root, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 250)
	for range 20 { // 20 x 251 bytes: past PATH_MAX (4096)
		if err := syscall.Mkdirat(fd, name, 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := syscall.Openat(fd, name, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
		syscall.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fd = next
	}
	pf, err := syscall.Openat(fd, PlanFile, syscall.O_CREAT|syscall.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	syscall.Close(pf)
	syscall.Close(fd)
	t.Cleanup(func() { removeDeep(root, name) })

	dirs, err := Find([]string{root})
	var ue *UnreadableError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, dirs %d: the case past PATH_MAX went unseen", err, len(dirs))
	}
	if !strings.Contains(err.Error(), "longer than the system allows") || rel(root, dirs) != "a" {
		t.Errorf("err %q, dirs %q", err, rel(root, dirs))
	}
}

// removeDeep removes a chain of folders too deep for os.RemoveAll's paths.
func removeDeep(root, name string) {
	fd, err := syscall.Open(root, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		return
	}
	var fds []int
	for {
		next, err := syscall.Openat(fd, name, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
		if err != nil {
			break
		}
		fds = append(fds, fd)
		fd = next
	}
	unix.Unlinkat(fd, PlanFile, 0)
	syscall.Close(fd)
	for i := len(fds) - 1; i >= 0; i-- {
		unix.Unlinkat(fds[i], name, unix.AT_REMOVEDIR)
		syscall.Close(fds[i])
	}
}
