//go:build unix

package edit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/atomicfile"
)

// addVisit is cpcase add's read-modify-write: lock the case, read, append, replace.
func addVisit(dir string, n int) error {
	unlock, err := Lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	path := filepath.Join(dir, "visits.yaml")
	s, err := Read(path)
	if err != nil {
		return err
	}
	entry := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		plain("date"), plain("2026-11-02"), plain("note"), str(fmt.Sprintf("visit %d", n)),
	}}
	c, err := Append(s.Data, "visits", entry)
	if err != nil {
		return err
	}
	return s.Replace(c.After)
}

// Row 6 of the hostile-files table: two adds to one case at the same moment both said "added"
// and one visit was lost (58 of 400 pairs). 100 pairs run here, each pair's two adds released at
// once; every add must succeed and every visit be in the file.
func TestConcurrentAddsLoseNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "visits.yaml")
	writeFile(t, path, "visits:\n", 0o644)
	const pairs = 100
	var failed []string
	var mu sync.Mutex
	for p := range pairs {
		start := make(chan struct{})
		var wg sync.WaitGroup
		for k := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if err := addVisit(dir, 2*p+k); err != nil {
					mu.Lock()
					failed = append(failed, err.Error())
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
	}
	var doc struct{ Visits []struct{ Note string } }
	if err := yaml.Unmarshal([]byte(readFile(t, path)), &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, v := range doc.Visits {
		seen[v.Note] = true
	}
	lost := 0
	for n := range 2 * pairs {
		if !seen[fmt.Sprintf("visit %d", n)] {
			lost++
		}
	}
	if lost != 0 || len(failed) != 0 {
		t.Errorf("%d of %d visits lost, %d adds failed (first: %v)", lost, 2*pairs, len(failed), failed[:min(1, len(failed))])
	}
}

// Row 9: add read the whole file before the size limit (a 4 GiB visits.yaml cost 4.2 GB). A
// sparse 4 GiB file is refused from its size: Read allocates almost nothing.
func TestReadRefusesHugeFileUnread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "visits.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(4 << 30); err != nil {
		f.Close()
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = Read(path)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("err = %v, want too large", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("Read allocated %d bytes for a file it refuses", got)
	}
}

// Row 12: add wrote through a visits.yaml linked to a file outside the case.
func TestReplaceRefusesLinkOutOfCase(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "elsewhere.yaml")
	writeFile(t, outside, "visits:\n", 0o644)
	dir := t.TempDir()
	link := filepath.Join(dir, "visits.yaml")
	os.Symlink(outside, link)
	var esc *atomicfile.EscapeError
	if _, err := Read(link); !errors.As(err, &esc) {
		t.Errorf("Read: %v, want the link refused before reading", err)
	}
	// Replace refuses it too, whatever snapshot it is given.
	s := &Snapshot{Path: link, Exists: true, Data: []byte("visits:\n"), Size: 8}
	err := s.Replace([]byte("visits: []\n"))
	if !errors.As(err, &esc) || readFile(t, outside) != "visits:\n" {
		t.Errorf("err = %v, outside file %q", err, readFile(t, outside))
	}
	// schema --write over a linked file
	if err := Overwrite(link, []byte("{}")); !errors.As(err, &esc) || readFile(t, outside) != "visits:\n" {
		t.Errorf("Overwrite: %v", err)
	}
}

// Row 11: under umask 077 the files init and add create were 0644.
func TestCreateHonoursUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.yaml")
	if err := Create(p, []byte("case: X\n")); err != nil {
		t.Fatal(err)
	}
	q := filepath.Join(dir, "visits.yaml")
	s, _ := Read(q)
	if err := s.Replace([]byte("visits: []\n")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{p, q} {
		if info, _ := os.Stat(f); info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %o under umask 077", filepath.Base(f), info.Mode().Perm())
		}
	}
}

func TestLockIsExclusiveAcrossOpens(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan struct{})
	go func() {
		u2, err := Lock(dir)
		if err == nil {
			u2()
		}
		close(got)
	}()
	select {
	case <-got:
		t.Fatal("a second Lock was granted while the first was held")
	case <-time.After(100 * time.Millisecond):
	}
	unlock()
	<-got
}

// add --dry-run printed the diff of a file outside the case, read through a link.
func TestReadRefusesLinkOutOfCase(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.yaml")
	writeFile(t, outside, "visits:\n  - {date: 2026-01-01, note: hunter2}\n", 0o600)
	dir := t.TempDir()
	link := filepath.Join(dir, "visits.yaml")
	os.Symlink(outside, link)
	s, err := Read(link)
	var esc *atomicfile.EscapeError
	if !errors.As(err, &esc) || s != nil {
		t.Errorf("Read through a link out of the case: %v, %v", s, err)
	}
}
