package root

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// These tests feed cpcase what a mistaken or hostile user could put in a case folder or a policy
// file, and hold it to the house rules: no panic, a plain message naming the file, exit status 1
// (findings) or 2 (I/O), and a bounded cost. Cost is measured as bytes allocated
// (runtime.MemStats), never as time. docs/security.md states the bounds.

// allocated is the number of bytes allocated on the heap while f runs.
func allocated(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

const mib = 1 << 20

// exampleCopy copies one example case into a fresh temporary folder and returns the folder.
func exampleCopy(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkCase runs check on dir as of the examples' date, and returns the output, the exit status
// and the bytes allocated.
func checkCase(t *testing.T, dir string) (out string, code int, alloc uint64) {
	t.Helper()
	var stdout, stderr string
	alloc = allocated(func() { stdout, stderr, code = cpcase(t, "check", "--as-of", "2026-11-23", dir) })
	return stdout + stderr, code, alloc
}

// billionLaughs is the classic alias expansion bomb: nine levels of nine aliases, 9^9 "lol"s
// once expanded, in a few hundred bytes.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestHostileCaseFiles(t *testing.T) {
	deep := "case: X-1\nchildren: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n"
	cases := []struct {
		name  string
		file  string // the case file replaced
		data  string
		code  int
		want  string // the finding, after the file's path
		bound uint64 // bytes allocated by the whole run
	}{
		{"alias bomb", "plan.yaml", "case: X-1\n" + billionLaughs(), 1,
			`plan.yaml:2:5: YAML anchors (&l0) are not supported here; write the value out`, 4 * mib},
		{"alias bomb in meetings", "meetings.yaml", "meetings:\n  - &m {date: 2026-10-13, kind: core-group}\n  - *m\n", 1,
			`meetings.yaml:2:5: YAML anchors (&m) are not supported here; write the value out`, 4 * mib},
		{"deep nesting", "plan.yaml", deep, 1,
			`plan.yaml:2:75: values nested too deeply (the limit is 64 levels)`, 4 * mib},
		{"nesting past the parser's limit", "visits.yaml", "visits: " + strings.Repeat("[", 100000) + "\n", 1,
			`visits.yaml:1:1: YAML syntax error: exceeded max depth of 10000`, 32 * mib},
		{"binary", "meetings.yaml", "PK\x03\x04\x14\x00\x00\x00\x08\x00meetings", 1,
			`meetings.yaml:1:1: file is binary, not YAML text`, 4 * mib},
		{"Latin-1", "members.yaml", "members:\n  - id: mum\n    name: Zo\xeb\n    role: parent\n", 1,
			`members.yaml:3:13: text here is not UTF-8`, 4 * mib},
	}
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			dir := exampleCopy(t, "s9-three-children")
			writeFile(t, filepath.Join(dir, k.file), []byte(k.data))
			out, code, alloc := checkCase(t, dir)
			if code != k.code {
				t.Errorf("exit %d, want %d\n%s", code, k.code, out)
			}
			if want := filepath.Join(dir, k.want); !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
			if alloc > k.bound {
				t.Errorf("allocated %d MiB, want at most %d MiB", alloc/mib, k.bound/mib)
			}
			t.Logf("%d KiB allocated", alloc>>10)
		})
	}
}

// TestHostileHugeFile: a 20 MB plan.yaml is refused from its size, without being read.
func TestHostileHugeFile(t *testing.T) {
	dir := exampleCopy(t, "s9-three-children")
	plan := filepath.Join(dir, "plan.yaml")
	if err := os.Truncate(plan, 20_000_000); err != nil {
		t.Fatal(err)
	}
	out, code, alloc := checkCase(t, dir)
	want := plan + ": cannot read: file is too large (20000000 bytes; the limit is 8388608 bytes, 8 MiB)"
	if code != ExitFindings || !strings.Contains(out, want) {
		t.Errorf("exit %d, output:\n%s\nwant exit 1 and %q", code, out, want)
	}
	// Reading it would allocate 20 MB; refusing it costs the rest of the run, well under 1 MiB.
	if alloc > 1*mib {
		t.Errorf("allocated %d bytes; the file was read", alloc)
	}
}

// TestHostileTooManyValues: the largest file allowed, made of the smallest values, is refused
// before yaml.v3 builds a tree of them; one just under that count of separators, written to
// double it (a flow mapping of keys without values), is built and then refused by the count.
func TestHostileTooManyValues(t *testing.T) {
	flowList := "visits: [" + strings.Repeat("0,", (yamlwalk.MaxFileSize-20)/2) + "0]\n"
	flowMap := "visits: {" + strings.Repeat("a,", yamlwalk.MaxNodes-10) + "a}\n"
	for _, k := range []struct {
		name, data, want string
		bound            uint64
	}{
		{"8 MiB of list items", flowList, "visits.yaml:1:262151: file has too many values and lines to read safely (more than 131072)", 24 * mib},
		{"keys without values", flowMap, "visits.yaml:1:131079: file has too many values (the limit is 131072)", 80 * mib},
	} {
		t.Run(k.name, func(t *testing.T) {
			if len(k.data) > yamlwalk.MaxFileSize {
				t.Fatalf("test file of %d bytes is over the size limit", len(k.data))
			}
			dir := exampleCopy(t, "s9-three-children")
			writeFile(t, filepath.Join(dir, "visits.yaml"), []byte(k.data))
			out, code, alloc := checkCase(t, dir)
			if code != ExitFindings || !strings.Contains(out, filepath.Join(dir, k.want)) {
				t.Errorf("exit %d, output:\n%s\nwant exit 1 and %q", code, out, k.want)
			}
			if alloc > k.bound {
				t.Errorf("allocated %d MiB, want at most %d MiB", alloc/mib, k.bound/mib)
			}
			t.Logf("%d byte file: %d MiB allocated", len(k.data), alloc/mib)
		})
	}
}

// TestHostileBOMAndCRLF: a byte order mark and Windows line ends are accepted, and positions in
// such a file are the ones an editor shows.
func TestHostileBOMAndCRLF(t *testing.T) {
	dir := exampleCopy(t, "s9-three-children")
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(files) != 4 {
		t.Fatalf("example has %d files, want 4", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, f, append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))...))
	}
	if out, code, _ := checkCase(t, dir); code != ExitClean || !strings.Contains(out, "1 case checked, no problems found") {
		t.Fatalf("BOM and CRLF: exit %d\n%s", code, out)
	}
	// The same mistake, in LF and in BOM+CRLF, is reported at the same place.
	lfDir := exampleCopy(t, "s9-three-children")
	for _, d := range []string{lfDir, dir} {
		plan := filepath.Join(d, "plan.yaml")
		data, _ := os.ReadFile(plan)
		writeFile(t, plan, bytes.Replace(data, []byte("team:"), []byte("taem:"), 1))
	}
	lfOut, _, _ := checkCase(t, lfDir)
	crlfOut, code, _ := checkCase(t, dir)
	want := `plan.yaml:9:1: unknown key "taem" in plan.yaml (did you mean "team"?)`
	if !strings.Contains(lfOut, want) {
		t.Fatalf("LF file: output lacks %q:\n%s", want, lfOut)
	}
	if code != ExitFindings || strings.ReplaceAll(crlfOut, dir, lfDir) != lfOut {
		t.Errorf("BOM+CRLF file reports differently from the LF one (exit %d):\n%s\nLF:\n%s", code, crlfOut, lfOut)
	}
}

// TestHostileSymlinkLoops: Find does not follow links to folders, so links that loop back up the
// tree end the walk, and each case is found once; a plan.yaml that links to itself and a path
// that is a link loop are plain errors.
func TestHostileSymlinkLoops(t *testing.T) {
	root := t.TempDir()
	c := filepath.Join(root, "cases", "a")
	if err := os.CopyFS(c, os.DirFS(filepath.Join("..", "..", "..", "examples", "s9-three-children"))); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		filepath.Join(c, "up"):             "..",
		filepath.Join(c, "self"):           ".",
		filepath.Join(root, "cases", "me"): filepath.Join(root, "cases"),
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	out, code, _ := checkCase(t, filepath.Join(root, "cases"))
	if code != ExitClean || !strings.HasSuffix(out, "1 case checked, no problems found\n") {
		t.Errorf("tree with link loops: exit %d\n%s", code, out)
	}

	plan := filepath.Join(c, "plan.yaml")
	if err := os.Remove(plan); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("plan.yaml", plan); err != nil {
		t.Fatal(err)
	}
	out, code, _ = checkCase(t, c)
	if want := plan + ": cannot read: too many levels of symbolic links"; code != ExitFindings || !strings.Contains(out, want) {
		t.Errorf("plan.yaml linking to itself: exit %d\n%s\nwant exit 1 and %q", code, out, want)
	}

	loop := filepath.Join(root, "loop")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	out, code, _ = checkCase(t, loop)
	if want := loop + ": too many levels of symbolic links"; code != ExitUsage || !strings.Contains(out, want) {
		t.Errorf("path that is a link loop: exit %d\n%s\nwant exit 2 and %q", code, out, want)
	}
}

// TestHostileNotFiles: case files that cannot be read, or are not files, are findings naming the
// file; nothing blocks on a pipe or reads a device.
func TestHostileNotFiles(t *testing.T) {
	t.Run("plan.yaml is a folder", func(t *testing.T) {
		dir := exampleCopy(t, "s9-three-children")
		plan := filepath.Join(dir, "plan.yaml")
		if err := os.Remove(plan); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(plan, 0o755); err != nil {
			t.Fatal(err)
		}
		// The folder is still found as a case, as the case itself and among others.
		for _, path := range []string{dir, filepath.Dir(dir)} {
			out, code, _ := checkCase(t, path)
			if want := plan + ": cannot read: is a folder, not a file"; code != ExitFindings || !strings.Contains(out, want) {
				t.Errorf("check %s: exit %d\n%s\nwant exit 1 and %q", path, code, out, want)
			}
		}
	})
	t.Run("members.yaml cannot be read", func(t *testing.T) {
		dir := exampleCopy(t, "s9-three-children")
		members := filepath.Join(dir, "members.yaml")
		want := members + ": cannot read: permission denied"
		if os.Geteuid() == 0 {
			// root reads anything: a folder in the file's place gives the read error instead.
			if err := os.Remove(members); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(members, 0o755); err != nil {
				t.Fatal(err)
			}
			want = members + ": cannot read: is a folder, not a file"
		} else if err := os.Chmod(members, 0); err != nil {
			t.Fatal(err)
		}
		out, code, _ := checkCase(t, dir)
		if code != ExitFindings || !strings.Contains(out, want) {
			t.Errorf("exit %d\n%s\nwant exit 1 and %q", code, out, want)
		}
	})
	t.Run("visits.yaml is a named pipe", func(t *testing.T) {
		mkfifo, err := exec.LookPath("mkfifo")
		if err != nil {
			t.Skip("no mkfifo here")
		}
		dir := exampleCopy(t, "s9-three-children")
		visits := filepath.Join(dir, "visits.yaml")
		if err := os.Remove(visits); err != nil {
			t.Fatal(err)
		}
		if err := exec.Command(mkfifo, visits).Run(); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		// Opening a pipe with no writer blocks forever: the test ending at all is the proof.
		out, code, _ := checkCase(t, dir)
		if want := visits + ": cannot read: is not a regular file"; code != ExitFindings || !strings.Contains(out, want) {
			t.Errorf("exit %d\n%s\nwant exit 1 and %q", code, out, want)
		}
	})
	t.Run("policy: /dev/zero", func(t *testing.T) {
		if _, err := os.Stat("/dev/zero"); err != nil {
			t.Skip("no /dev/zero here")
		}
		dir := exampleCopy(t, "s9-three-children")
		plan := filepath.Join(dir, "plan.yaml")
		data, _ := os.ReadFile(plan)
		writeFile(t, plan, bytes.Replace(data, []byte("policy: core-groups-s9"), []byte("policy: /dev/zero"), 1))
		// In a case file an absolute path is refused unread (docs/security.md).
		o, e, c := cpcase(t, "check", "--policy", "--as-of", "2026-11-23", dir)
		if want := plan + ":8:9: policy /dev/zero is an absolute path"; c != ExitFindings || !strings.Contains(o+e, want) {
			t.Errorf("exit %d\n%s%s\nwant exit 1 and %q", c, o, e, want)
		}
		// Given on the command line, it is read as a file, and refused as no regular file.
		var out string
		var code int
		// An endless file read whole would never return; refused, it costs the rest of the run.
		alloc := allocated(func() {
			o, e, c := cpcase(t, "check", "--policy=/dev/zero", "--as-of", "2026-11-23", dir)
			out, code = o+e, c
		})
		want := "policy /dev/zero: is not a regular file"
		if code != ExitFindings || !strings.Contains(out, want) {
			t.Errorf("exit %d\n%s\nwant exit 1 and %q", code, out, want)
		}
		if alloc > 16*mib {
			t.Errorf("allocated %d MiB", alloc/mib)
		}
	})
}

// TestHostilePolicyFiles: policy lint and policies named by path get the same bounds.
func TestHostilePolicyFiles(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.yaml")
	writeFile(t, huge, nil)
	if err := os.Truncate(huge, 30_000_000); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.yaml")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		name, data string
		code       int
		want       string
	}{
		{"bomb.yaml", "id: bomb\n" + billionLaughs(), ExitFindings, "bomb.yaml:2:5: YAML anchors (&l0) are not supported here"},
		{"deep.yaml", "id: deep\nrules: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n", ExitFindings, "deep.yaml:2:72: values nested too deeply (the limit is 64 levels)"},
		{"binary.yaml", "\x7fELF\x02\x01\x01\x00", ExitFindings, "binary.yaml:1:1: file is binary, not YAML text"},
		{"huge.yaml", "", ExitUsage, "huge.yaml: file is too large (30000000 bytes; the limit is 8388608 bytes, 8 MiB)"},
		{"folder.yaml", "", ExitUsage, "folder.yaml: is a folder, not a file"},
	} {
		t.Run(k.name, func(t *testing.T) {
			path := filepath.Join(dir, k.name)
			if k.data != "" {
				writeFile(t, path, []byte(k.data))
			}
			var out string
			var code int
			alloc := allocated(func() {
				o, e, c := cpcase(t, "policy", "lint", path)
				out, code = o+e, c
			})
			if code != k.code || !strings.Contains(out, filepath.Join(dir, k.want)) {
				t.Errorf("exit %d\n%s\nwant exit %d and %q", code, out, k.code, k.want)
			}
			if alloc > 16*mib {
				t.Errorf("allocated %d MiB, want at most 16", alloc/mib)
			}
		})
	}
}

// TestHostileAdd: cpcase add parses the file it appends to itself; it holds the file to check's
// limits first, and writes nothing. Unbounded, this file cost add 850 MB and half a minute.
func TestHostileAdd(t *testing.T) {
	dir := exampleCopy(t, "s9-three-children")
	visits := filepath.Join(dir, "visits.yaml")
	data := []byte("visits: [" + strings.Repeat("0,", (yamlwalk.MaxFileSize-20)/2) + "0]\n")
	writeFile(t, visits, data)
	var out string
	var code int
	alloc := allocated(func() {
		o, e, c := cpcase(t, "add", "visit", dir, "--by", "sw1", "--kind", "home", "--date", "2026-11-20")
		out, code = o+e, c
	})
	want := visits + ": line 1, column 262151: file has too many values and lines to read safely (more than 131072)"
	if code != ExitUsage || !strings.Contains(out, want) {
		t.Errorf("exit %d\n%s\nwant exit 2 and %q", code, out, want)
	}
	if alloc > 24*mib {
		t.Errorf("allocated %d MiB, want at most 24", alloc/mib)
	}
	if now, _ := os.ReadFile(visits); !bytes.Equal(now, data) {
		t.Error("visits.yaml changed")
	}
}
