package root

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/edit"
)

// fileState is what a read command must leave alone: the bytes, the mode and the time.
type fileState struct {
	sum   [32]byte
	mode  fs.FileMode
	mtime time.Time
}

// snapshot records every file and folder under root.
func snapshot(t *testing.T, root string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st := fileState{mode: info.Mode(), mtime: info.ModTime()}
		if d.Type().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			st.sum = sha256.Sum256(data)
		}
		out[path] = st
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReadCommandsChangeNothing runs every command that only reads over a copy of the examples
// and of the shipped policies, from inside the copy (so that ./policies is the copy), and proves
// that no byte, mode or modification time changed and that no file or folder appeared or went.
func TestReadCommandsChangeNothing(t *testing.T) {
	root := filepath.Join(t.TempDir(), "work")
	for _, d := range []string{"examples", "policies"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("..", "..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	// A case folder with errors too: commands take other paths through it.
	broken := filepath.Join(root, "examples", "zz-broken")
	if err := os.CopyFS(broken, os.DirFS(filepath.Join(root, "examples", "s9-three-children"))); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(broken, "visits.yaml"), []byte("visits:\n  - date: 2026-02-30\n    by: nobody\n"))
	// Files and folders a few seconds in the past, so that a rewrite with the same bytes would
	// still show in the time.
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil {
			os.Chtimes(path, past, past)
		}
		return nil
	})
	outDir := t.TempDir()
	t.Chdir(root)
	before := snapshot(t, root)

	var cmds [][]string
	for _, args := range readCommands("examples", outDir) {
		cmds = append(cmds, args, append(append([]string(nil), args...), "--redact"))
	}
	policies, _ := filepath.Glob(filepath.Join("policies", "*.yaml"))
	cmds = append(cmds,
		[]string{"check", "examples/s9-three-children", "--policy=policies/core-groups-s9.yaml", "--as-of", "2026-11-23"},
		[]string{"due", "examples", "--policy", "policies/core-groups-ch7.yaml", "--as-of", "2026-11-23"},
		[]string{"report", "examples", "--format", "markdown", "-o", filepath.Join(outDir, "report.md"), "--as-of", "2026-11-23"},
		// --cache writes to its own folder only: a first run fills it, a second reads it.
		[]string{"check", "examples", "--cache", filepath.Join(outDir, "cache"), "--as-of", "2026-11-23"},
		[]string{"check", "examples", "--cache", filepath.Join(outDir, "cache"), "--as-of", "2026-11-23"},
		[]string{"due", "examples", "--cache", filepath.Join(outDir, "cache"), "--as-of", "2026-11-23"},
		[]string{"due", "examples", "--cache", filepath.Join(outDir, "cache"), "--as-of", "2026-11-23", "--redact"},
		[]string{"policy", "lint"},
		append([]string{"policy", "lint", "--strict", "--format", "json"}, policies...),
		[]string{"policy", "lint", "--format", "github", "policies/core-groups-s9.yaml"},
		[]string{"policy", "list"},
		[]string{"policy", "show", "core-groups-s9"},
		[]string{"policy", "show", "policies/core-group-scotland.yaml"},
		[]string{"holidays", "--jurisdiction", "scotland", "--year", "2026"},
		[]string{"holidays", "--add", "10 working days", "--from", "2026-12-18", "--jurisdiction", "england-and-wales"},
		[]string{"schema", "case", "--file", "plan"},
		[]string{"schema", "policy"},
		[]string{"--help"},
		[]string{"--version"},
	)
	ran := 0
	for _, args := range cmds {
		_, stderr, code := cpcase(t, args...)
		if code == ExitUsage {
			t.Errorf("cpcase %s: exit 2 (the test means every command to run)\n%s", strings.Join(args, " "), stderr)
			continue
		}
		ran++
	}
	after := snapshot(t, root)
	for path, b := range before {
		a, ok := after[path]
		switch {
		case !ok:
			t.Errorf("%s is gone", path)
		case a.sum != b.sum:
			t.Errorf("%s changed", path)
		case a.mode != b.mode:
			t.Errorf("%s: mode %v became %v", path, b.mode, a.mode)
		case !a.mtime.Equal(b.mtime):
			t.Errorf("%s: modified at %v, was %v", path, a.mtime, b.mtime)
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok {
			t.Errorf("%s appeared", path)
		}
	}
	if ran < 40 {
		t.Errorf("ran %d commands, want every read command (40 or more)", ran)
	}
	// The report written with -o went where it was told and nowhere else.
	if _, err := os.Stat(filepath.Join(outDir, "report.html")); err != nil {
		t.Errorf("report -o: %v", err)
	}
}

// killEnv names the file the child of TestKillDuringWrite writes; it is set only in the child.
const killEnv = "CPCASE_TEST_KILL_DURING_WRITE"

// TestKillDuringWrite: a write through edit (what cpcase add uses) that is killed part way
// leaves the file as it was, never half written, and nothing under its name. The test runs
// itself as a child process that replaces plan.yaml with 64 MiB, and SIGKILLs it as soon as the
// temporary file holds data.
func TestKillDuringWrite(t *testing.T) {
	if target := os.Getenv(killEnv); target != "" {
		snap, err := edit.Read(target)
		if err != nil {
			os.Exit(3)
		}
		if err := snap.Replace(bytes.Repeat([]byte("# padding\n"), 64<<20/10)); err != nil {
			os.Exit(4)
		}
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("writes 64 MiB")
	}
	self, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	dir := exampleCopy(t, "s9-three-children")
	plan := filepath.Join(dir, "plan.yaml")
	orig, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	midway := 0
	for attempt := 0; attempt < 5 && midway == 0; attempt++ {
		cmd := exec.Command(self, "-test.run=^TestKillDuringWrite$")
		cmd.Env = append(os.Environ(), killEnv+"="+plan)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		killed := false
	poll:
		for {
			select {
			case err := <-done:
				t.Logf("attempt %d: the child finished before it could be killed (%v)", attempt, err)
				break poll
			default:
			}
			tmps, _ := filepath.Glob(filepath.Join(dir, ".plan.yaml.*"))
			for _, tmp := range tmps {
				if info, err := os.Stat(tmp); err == nil && info.Size() > 0 {
					cmd.Process.Kill() // SIGKILL: no deferred clean-up runs
					<-done
					killed = true
					if info, err := os.Stat(tmp); err == nil {
						t.Logf("attempt %d: killed with %d of %d bytes written to %s", attempt, info.Size(), 64<<20/10*10, filepath.Base(tmp))
					}
					break poll
				}
			}
			time.Sleep(100 * time.Microsecond)
		}
		now, err := os.ReadFile(plan)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case bytes.Equal(now, orig):
			if killed {
				midway++
			}
		case len(now) == 64<<20/10*10 && bytes.HasPrefix(now, []byte("# padding\n")):
			// renamed into place before the kill: the whole new file, also never half of one
			if err := os.WriteFile(plan, orig, 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("attempt %d: plan.yaml is neither the old file nor the new one (%d bytes)", attempt, len(now))
		}
		// What a killed write leaves is a hidden temporary file beside it, never a case file.
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			name := e.Name()
			if name != "plan.yaml" && name != "members.yaml" && name != "meetings.yaml" && name != "visits.yaml" && !strings.HasPrefix(name, ".plan.yaml.") {
				t.Errorf("attempt %d: %s appeared in the case folder", attempt, name)
			}
			if strings.HasPrefix(name, ".plan.yaml.") && midway == 0 {
				os.Remove(filepath.Join(dir, name)) // the next attempt watches for a new one
			}
		}
	}
	if midway == 0 {
		t.Fatal("no attempt was killed part way through its write")
	}
	// The case, with the killed write's leftover beside it, still reads as it did.
	if out, code, _ := checkCase(t, dir); code != ExitClean {
		t.Errorf("after the killed write: exit %d\n%s", code, out)
	}
}
