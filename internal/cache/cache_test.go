package cache

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

var asOf = civil.MustParse("2026-11-23")

// examples copies the shipped examples to a temporary folder, so that tests may edit them, and
// moves the cache's clock an hour on, so that files written just now are not too recent to cache.
func examples(t *testing.T) (root string, dirs []string) {
	t.Helper()
	root = t.TempDir()
	src := "../../examples"
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join(src, e.Name(), "plan.yaml")); err != nil {
			continue // not a case folder
		}
		dir := filepath.Join(root, e.Name())
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(src, e.Name(), f))
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		dirs = append(dirs, dir)
	}
	if len(dirs) < 6 {
		t.Fatalf("found %d example cases, want the six in examples/", len(dirs))
	}
	later(t, time.Hour)
	return root, dirs
}

// later moves the cache's clock d on for the rest of the test.
func later(t *testing.T, d time.Duration) {
	old := now
	now = func() time.Time { return time.Now().Add(d) }
	t.Cleanup(func() { now = old })
}

func open(t *testing.T) *Cache {
	t.Helper()
	c, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// scrubbed is what the cache should give back for a case: the case without names and free text,
// and with a placeholder where a record check asks only whether there is text.
func scrubbed(c *casefolder.Case) *casefolder.Case {
	s := *c
	s.Children = append([]casefolder.Child(nil), c.Children...)
	for i := range s.Children {
		s.Children[i].Name = ""
	}
	s.Members = append([]casefolder.Member(nil), c.Members...)
	for i := range s.Members {
		s.Members[i].Name, s.Members[i].Agency = "", ""
		s.Members[i].Reason = present(s.Members[i].Reason)
	}
	s.Escalations = append([]casefolder.Escalation(nil), c.Escalations...)
	for i := range s.Escalations {
		s.Escalations[i].Note = ""
	}
	scrubActions := func(as []casefolder.Action) []casefolder.Action {
		out := append([]casefolder.Action(nil), as...)
		for i := range out {
			out[i].Text = present(out[i].Text)
		}
		return out
	}
	if c.Plan != nil {
		p := *c.Plan
		p.Sections = append([]casefolder.Section(nil), p.Sections...)
		for i := range p.Sections {
			p.Sections[i].Text = ""
		}
		p.Actions = scrubActions(p.Actions)
		s.Plan = &p
	}
	s.Meetings = append([]casefolder.Meeting(nil), c.Meetings...)
	for i := range s.Meetings {
		m := &s.Meetings[i]
		m.Summary, m.Decisions, m.Disagreements = "", nil, nil
		m.Actions = scrubActions(m.Actions)
	}
	return &s
}

func mustLoad(t *testing.T, dir string) *casefolder.Case {
	t.Helper()
	c, d := casefolder.Load(dir, asOf)
	if len(d) > 0 {
		t.Fatalf("%s does not load clean: %v", dir, d)
	}
	return c
}

func TestHitOnUnchangedGivesTheCaseWithoutNamesOrText(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	for _, dir := range dirs {
		want := scrubbed(mustLoad(t, dir))
		got, d, hit := c.Load(dir, asOf)
		if hit || len(d) > 0 {
			t.Fatalf("%s: first load: hit %v, findings %v; want a clean miss", dir, hit, d)
		}
		if !reflect.DeepEqual(got, mustLoad(t, dir)) {
			t.Errorf("%s: a miss must give the case exactly as casefolder.Load does", dir)
		}
		got, d, hit = c.Load(dir, asOf)
		if !hit || len(d) > 0 {
			t.Fatalf("%s: second load: hit %v, findings %v; want a clean hit", dir, hit, d)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the cached case differs from the loaded one less names and text:\n got %+v\nwant %+v", dir, got, want)
		}
	}
	if s := c.Stats(); s != (Stats{Hits: int64(len(dirs)), Misses: int64(len(dirs)), Writes: int64(len(dirs))}) {
		t.Errorf("stats %+v, want %d hits, misses and writes", s, len(dirs))
	}
}

// A case folder's absolute path comes from the working folder taken at Open, as filepath.Abs
// gives it.
func TestAbs(t *testing.T) {
	c := open(t)
	for _, dir := range []string{"cases/a", "./cases/../b/", "/tmp/x/../y", "/"} {
		want, err := filepath.Abs(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := c.abs(dir); got != want || !ok {
			t.Errorf("abs(%q) = %q, %v, want %q", dir, got, ok, want)
		}
	}
	// With no working folder (it was removed), a relative folder has no key: a miss.
	c.wd = ""
	if got, ok := c.abs("cases/a"); ok {
		t.Errorf("abs with no working folder = %q, want none", got)
	}
	if got, ok := c.abs("/tmp/x"); got != "/tmp/x" || !ok {
		t.Errorf("abs of an absolute folder with no working folder = %q, %v", got, ok)
	}
}

// The positions of a cached case name its files under the folder as this run was given it.
func TestHitPositionsFollowTheGivenPath(t *testing.T) {
	root, dirs := examples(t)
	c := open(t)
	c.Load(dirs[0], asOf)
	t.Chdir(root)
	// A run starts in one working folder: the cache takes it at Open.
	c, err := Open(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	rel := filepath.Base(dirs[0])
	got, _, hit := c.Load(rel, asOf)
	if !hit {
		t.Fatal("the same folder by a relative path should hit")
	}
	if want := filepath.Join(rel, "plan.yaml"); got.PlanPos.File != want || got.Conferences[0].Pos.File != want || got.Dir != rel {
		t.Errorf("positions in %q (dir %q), want %q", got.PlanPos.File, got.Dir, want)
	}
}

func TestMissAfterTouchOrEdit(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	var dir string
	for _, d := range dirs {
		if strings.HasSuffix(d, "s9-three-children") {
			dir = d
		}
	}
	visits := filepath.Join(dir, "visits.yaml")
	c.Load(dir, asOf)
	if _, _, hit := c.Load(dir, asOf); !hit {
		t.Fatal("unchanged: want a hit")
	}

	// touch: the same bytes, a new modification time
	info, err := os.Stat(visits)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(visits, info.ModTime(), info.ModTime().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, _, hit := c.Load(dir, asOf); hit {
		t.Error("touched: want a miss")
	}
	if _, _, hit := c.Load(dir, asOf); !hit {
		t.Error("after the miss the entry is rewritten: want a hit")
	}

	// edit: one date moved by a day, same size, and the old modification time put back
	data, err := os.ReadFile(visits)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(visits)
	first := mustLoad(t, dir).Visits[0].Date
	edited := bytes.Replace(data, []byte(first.String()), []byte(first.AddDays(1).String()), 1)
	if bytes.Equal(edited, data) || len(edited) != len(data) {
		t.Fatalf("could not edit %s in place", first)
	}
	if err := os.WriteFile(visits, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(visits, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	got, _, hit := c.Load(dir, asOf)
	if runtime.GOOS == "linux" && hit {
		// the change time and inode are in the key there; elsewhere only size and time are
		t.Error("edited to the same size with the old time put back: want a miss")
	}
	if !hit && got.Visits[0].Date != first.AddDays(1) {
		t.Errorf("after the edit the first visit is on %s, want %s", got.Visits[0].Date, first.AddDays(1))
	}

	// edit: a different size
	if err := os.WriteFile(visits, append(edited, "\n# a comment\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, hit := c.Load(dir, asOf); hit {
		t.Error("edited to a new size: want a miss")
	}

	// a file that appears: members.yaml missing, then there
	members := filepath.Join(dir, "members.yaml")
	mdata, _ := os.ReadFile(members)
	os.Remove(members)
	if _, d, hit := c.Load(dir, asOf); hit || len(d) == 0 {
		t.Errorf("members.yaml removed: hit %v with %d findings; want a miss reporting unknown members", hit, len(d))
	}
	os.WriteFile(members, mdata, 0o644)
	c.Load(dir, asOf)
	if _, d, hit := c.Load(dir, asOf); !hit || len(d) > 0 {
		t.Errorf("members.yaml back: hit %v, findings %v; want a clean hit", hit, d)
	}
}

// A file changed within the last few seconds may change again without its time moving: its case
// is not cached until it has settled.
func TestRecentFilesAreNotCached(t *testing.T) {
	_, dirs := examples(t)
	later(t, time.Second)
	c := open(t)
	c.Load(dirs[0], asOf)
	if _, _, hit := c.Load(dirs[0], asOf); hit {
		t.Error("files written a second ago: want a miss")
	}
	if s := c.Stats(); s.Writes != 0 {
		t.Errorf("%d entries written, want none", s.Writes)
	}
}

func entryOf(t *testing.T, c *Cache, dir string) string {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c.entryPath(abs)
}

func TestCorruptEntryIsIgnoredAndRewritten(t *testing.T) {
	_, dirs := examples(t)
	dir := dirs[0]
	want := scrubbed(mustLoad(t, dir))
	for name, damage := range map[string]func([]byte) []byte{
		"empty":           func([]byte) []byte { return nil },
		"truncated":       func(b []byte) []byte { return b[:len(b)/2] },
		"one byte short":  func(b []byte) []byte { return b[:len(b)-1] },
		"a bit flipped":   func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b },
		"garbage":         func(b []byte) []byte { return bytes.Repeat([]byte{0xff}, len(b)) },
		"a byte appended": func(b []byte) []byte { return append(b, 0) },
	} {
		t.Run(name, func(t *testing.T) {
			c := open(t)
			c.Load(dir, asOf)
			entry := entryOf(t, c, dir)
			data, err := os.ReadFile(entry)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(entry, damage(data), 0o600); err != nil {
				t.Fatal(err)
			}
			got, d, hit := c.Load(dir, asOf)
			if hit || len(d) > 0 || !reflect.DeepEqual(got, mustLoad(t, dir)) {
				t.Fatalf("damaged entry: hit %v, findings %v; want a clean miss loading the files", hit, d)
			}
			got, _, hit = c.Load(dir, asOf)
			if !hit || !reflect.DeepEqual(got, want) {
				t.Errorf("after the miss: hit %v; want the rewritten entry to hit", hit)
			}
		})
	}
}

// An entry whose checksum is right but whose body is damaged (written by another program, or a
// checksum collision) reads as a miss without a panic, whatever the damage.
func TestDecodeNeverPanics(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	c.Load(dirs[3], asOf)
	abs, _ := filepath.Abs(dirs[3])
	k, _ := keys(abs)
	e := c.read(entryOf(t, c, dirs[3]), abs, abs, k)
	if e == nil || e.Summary() == nil || e.Case() == nil {
		t.Fatalf("the entry does not read back")
	}
	for _, part := range []struct {
		bytes  []byte
		decode func(*reader, string) *casefolder.Case
	}{{e.summary, decodeSummary}, {e.body, decodeCase}} {
		body := part.bytes
		for i := range body {
			for _, b := range []byte{0x00, 0x7f, 0x80, 0xff} {
				mut := append([]byte(nil), body...)
				mut[i] = b
				part.decode(&reader{buf: mut}, abs)
			}
			if part.decode(&reader{buf: body[:i]}, abs) != nil {
				t.Errorf("an entry cut short at %d of %d bytes decodes", i, len(body))
			}
		}
	}
}

func TestAnotherBuildMisses(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	c.Load(dirs[0], asOf)
	other := &Cache{dir: c.dir, ident: c.ident + " another build"}
	if _, _, hit := other.Load(dirs[0], asOf); hit {
		t.Error("an entry written by another build: want a miss")
	}
}

func TestOnlyCleanCasesAreCached(t *testing.T) {
	_, dirs := examples(t)
	dir := dirs[0]
	plan := filepath.Join(dir, "plan.yaml")
	data, _ := os.ReadFile(plan)
	bad := bytes.Replace(data, []byte("kind: initial"), []byte("kind: inital"), 1)
	if bytes.Equal(bad, data) {
		t.Fatal("no initial conference to misspell")
	}
	os.WriteFile(plan, bad, 0o644)
	c := open(t)
	for i := 0; i < 2; i++ {
		_, d, hit := c.Load(dir, asOf)
		if hit || d.Errors() == 0 || !strings.Contains(d[0].String(), `unknown conference kind "inital"`) {
			t.Fatalf("run %d: hit %v, findings %v; want the misspelt kind reported from the file", i+1, hit, d)
		}
	}
	if s := c.Stats(); s.Writes != 0 {
		t.Errorf("%d entries written for a case with errors, want none", s.Writes)
	}
}

// A cached child born after the as-of day is read from the files, which report the mistake.
func TestBornAfterTodayIsReportedFromTheFiles(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	for _, dir := range dirs {
		cs := mustLoad(t, dir)
		c.Load(dir, asOf)
		var born civil.Date
		for _, ch := range cs.Children {
			born = max(born, ch.Born)
		}
		if born.IsZero() {
			continue
		}
		_, d, hit := c.Load(dir, born-1)
		if hit || d.Errors() == 0 || !strings.Contains(d[0].String(), "is after today") {
			t.Errorf("%s as of the day before a birth: hit %v, findings %v; want the birth reported", dir, hit, d)
		}
		if _, _, hit := c.Load(dir, born); !hit {
			t.Errorf("%s as of the birth: want a hit", dir)
		}
	}
}

func TestFolderAndEntriesAreTheUsersAlone(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("mode bits")
	}
	_, dirs := examples(t)
	dir := filepath.Join(t.TempDir(), "a", "cache")
	c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		c.Load(d, asOf)
	}
	for _, p := range []string{filepath.Dir(dir), dir} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, want 0700 (%v)", p, info.Mode().Perm(), err)
		}
	}
	if info, err := os.Stat(filepath.Join(dir, keyFile)); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key: %v (%v), want 0600", info.Mode().Perm(), err)
	}
	ents, _ := caseEntries(dir)
	if len(ents) != len(dirs) {
		t.Errorf("%d entries, want %d", len(ents), len(dirs))
	}
	for _, e := range ents {
		info, err := e.Info()
		if err != nil || info.Mode().Perm() != 0o600 || !strings.HasSuffix(e.Name(), ".case") {
			t.Errorf("%s: mode %v, want 0600 (%v)", e.Name(), info.Mode().Perm(), err)
		}
	}

	open := t.TempDir()
	os.Chmod(open, 0o755)
	if _, err := Open(open); err == nil || !strings.Contains(err.Error(), "mode 0755") || !strings.Contains(err.Error(), "chmod 700") {
		t.Errorf("a folder others can read: got %v, want it refused with the mode and chmod 700", err)
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o600)
	if _, err := Open(file); err == nil {
		t.Error("a file as the cache folder: want an error")
	}
}

// The point of the cache's design: it must not become a second copy of the personal data.
// Every name and every piece of free text in the examples is looked for in every entry.
func TestNoNamesOrFreeTextInTheCache(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	var secrets []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			secrets = append(secrets, s)
		}
	}
	for _, dir := range dirs {
		cs := mustLoad(t, dir)
		for _, ch := range cs.Children {
			add(ch.Name)
		}
		for _, m := range cs.Members {
			add(m.Name)
			add(m.Agency)
			add(m.Reason)
		}
		for _, e := range cs.Escalations {
			add(e.Note)
		}
		actions := []casefolder.Action{}
		if cs.Plan != nil {
			for _, s := range cs.Plan.Sections {
				add(s.Text)
			}
			actions = append(actions, cs.Plan.Actions...)
		}
		for _, m := range cs.Meetings {
			add(m.Summary)
			for _, s := range append(m.Decisions, m.Disagreements...) {
				add(s)
			}
			actions = append(actions, m.Actions...)
		}
		for _, a := range actions {
			add(a.Text)
		}
		c.Load(dir, asOf)
	}
	if len(secrets) < 100 {
		t.Fatalf("only %d names and texts found in the examples; the test is not looking", len(secrets))
	}
	ents, err := caseEntries(c.Dir())
	if err != nil || len(ents) != len(dirs) {
		t.Fatalf("%d entries (%v), want %d", len(ents), err, len(dirs))
	}
	var all []byte
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(c.Dir(), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, data...)
		for _, s := range secrets {
			if containsWord(data, s) {
				t.Errorf("%s holds %q", e.Name(), s)
			}
		}
	}
	// The search does find what the entries must hold: references, ids and roles.
	for _, s := range []string{"EX-BK-0001", "core-groups-ch7", "sw1", "lead-social-worker", Withheld} {
		if !containsWord(all, s) {
			t.Errorf("no entry holds %q; the search for names is not looking in the right place", s)
		}
	}
}

// Many workers loading the same cases at once, as cpcase's do, each get a whole case.
func TestConcurrentLoads(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				for _, dir := range dirs {
					if cs, d, _ := c.Load(dir, asOf); len(d) > 0 || cs == nil || len(cs.Conferences) == 0 {
						t.Errorf("%s: findings %v", dir, d)
					}
				}
			}
		}()
	}
	wg.Wait()
}

// containsWord reports whether s occurs in data not inside a longer word: the name "Wes" is not
// in the team "Team West".
func containsWord(data []byte, s string) bool {
	isWord := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
	}
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(s))
		if j < 0 {
			return false
		}
		j += i
		end := j + len(s)
		if (j == 0 || !isWord(data[j-1])) && (end == len(data) || !isWord(data[end])) {
			return true
		}
		i = j + 1
	}
}

func TestChildNamesAreTheLoadersNames(t *testing.T) {
	_, dirs := examples(t)
	n := 0
	for _, dir := range dirs {
		got := ChildNames(dir)
		for _, ch := range mustLoad(t, dir).Children {
			if got[ch.ID] != ch.Name {
				t.Errorf("%s: child %s named %q, the loader says %q", dir, ch.ID, got[ch.ID], ch.Name)
			}
			n++
		}
	}
	if n < 6 {
		t.Errorf("only %d children looked at", n)
	}
	if got := ChildNames(filepath.Join(t.TempDir(), "none")); got != nil {
		t.Errorf("no plan.yaml: got %v, want no names", got)
	}
}

// caseEntries are the cache's entries, without its key.
func caseEntries(dir string) ([]os.DirEntry, error) {
	all, err := os.ReadDir(dir)
	var out []os.DirEntry
	for _, e := range all {
		if e.Name() != keyFile {
			out = append(out, e)
		}
	}
	return out, err
}

// summaryOf is what Entry.Summary should give of a case: its reference, policy and team, its
// children's ids and births, its members' ids and staff ids, and its actions (ids, owners,
// positions and whether they have text), the meetings' actions by meeting, with nothing else.
func summaryOf(c *casefolder.Case) *casefolder.Case {
	s := &casefolder.Case{Dir: c.Dir, Ref: c.Ref, RefPos: c.RefPos, Policy: c.Policy, PolicyPos: c.PolicyPos, Team: c.Team, PlanPos: c.PlanPos}
	for _, ch := range c.Children {
		s.Children = append(s.Children, casefolder.Child{ID: ch.ID, Born: ch.Born, Pos: ch.Pos})
	}
	for _, m := range c.Members {
		s.Members = append(s.Members, casefolder.Member{ID: m.ID, Staff: m.Staff, Pos: m.Pos})
	}
	actions := func(as []casefolder.Action) []casefolder.Action {
		var out []casefolder.Action
		for _, a := range as {
			out = append(out, casefolder.Action{ID: a.ID, Text: present(a.Text), Owner: a.Owner, Due: a.Due, Done: a.Done, Pos: a.Pos})
		}
		return out
	}
	if c.Plan != nil {
		s.Plan = &casefolder.Plan{Actions: actions(c.Plan.Actions)}
	}
	var meetingActions []casefolder.Action
	for _, m := range c.Meetings {
		meetingActions = append(meetingActions, actions(m.Actions)...)
	}
	if len(meetingActions) > 0 {
		s.Meetings = []casefolder.Meeting{{Actions: meetingActions}} // every meeting's, as one's
	}
	return s
}

// A hit through LoadSummary gives the case's summary, and the entry still gives the whole case;
// a miss gives the case as loaded from its files.
func TestSummaryHoldsWhatATableOfCachedObligationsReads(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	for _, dir := range dirs {
		loaded := mustLoad(t, dir)
		cs, d, hit, e := c.LoadSummary(dir, asOf)
		if hit || len(d) > 0 || !reflect.DeepEqual(cs, loaded) {
			t.Errorf("%s: the first load (a miss) is not the case as loaded", dir)
		}
		if e == nil || !reflect.DeepEqual(e.Summary(), summaryOf(loaded)) {
			t.Errorf("%s: the entry just written gives another summary", dir)
		}
		cs, _, hit, e = c.LoadSummary(dir, asOf)
		if !hit {
			t.Fatalf("%s: not a hit", dir)
		}
		if want := summaryOf(loaded); !reflect.DeepEqual(cs, want) {
			t.Errorf("%s: summary\n%+v\nwant\n%+v", dir, cs, want)
		}
		if !reflect.DeepEqual(e.Case(), scrubbed(loaded)) {
			t.Errorf("%s: the entry of a summary hit does not give the whole case", dir)
		}
	}
}
