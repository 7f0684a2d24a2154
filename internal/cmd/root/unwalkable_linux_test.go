//go:build linux

package root

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// deepCase makes a case folder below root at a path longer than PATH_MAX (with *at calls, which
// no path limits): a folder cpcase cannot look into, as root too.
func deepCase(t *testing.T, root string) {
	t.Helper()
	fd, err := syscall.Open(root, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 250)
	for range 20 {
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
	pf, err := syscall.Openat(fd, "plan.yaml", syscall.O_CREAT|syscall.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	syscall.Close(pf)
	syscall.Close(fd)
	t.Cleanup(func() {
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
		unix.Unlinkat(fd, "plan.yaml", 0)
		syscall.Close(fd)
		for i := len(fds) - 1; i >= 0; i-- {
			unix.Unlinkat(fds[i], name, unix.AT_REMOVEDIR)
			syscall.Close(fds[i])
		}
	})
}

// A folder that cannot be walked is visible in every output of due, report and stats, and the
// run exits 1: never "no problems" over cases it never saw.
func TestUnwalkableFolderInEveryOutput(t *testing.T) {
	dir := scratchExamples(t)
	deepCase(t, dir)
	const why = "longer than the system allows"
	for _, format := range []string{"table", "json", "csv", "ics"} {
		out, errOut, code := cli(t, "", "due", "--as-of", "2026-11-23", "--format", format, dir)
		if code != ExitFindings || !strings.Contains(out, map[bool]string{true: "not checked", false: why}[format == "ics"]) {
			t.Errorf("due --format %s: exit %d, the folder not shown:\n%.600s\n%s", format, code, out, errOut)
		}
		if format == "json" {
			var rs []struct{ Status string }
			if err := json.Unmarshal([]byte(out), &rs); err != nil || rs[0].Status != "not-evaluated" {
				t.Errorf("json: %v %+v", err, rs)
			}
		}
	}
	for _, format := range []string{"table", "json", "csv"} {
		out, _, code := cli(t, "", "stats", "--as-of", "2026-11-23", "--from", "2026-01-01", "--to", "2026-11-23", "--format", format, dir)
		if code != ExitFindings || !strings.Contains(out, "(cases not checked)") {
			t.Errorf("stats --format %s: exit %d:\n%s", format, code, out)
		}
	}
	for _, format := range []string{"markdown", "html"} {
		out, _, code := cli(t, "", "report", "--as-of", "2026-11-23", "--format", format, "-o", "-", dir)
		if code != ExitFindings || !strings.Contains(out, why) || !strings.Contains(out, filepath.Base(dir)) {
			t.Errorf("report --format %s: exit %d", format, code)
		}
	}
}
