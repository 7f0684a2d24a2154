package app

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/cache"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/filter"
	"github.com/cpcase/cpcase/internal/output/render"
)

// examples copies the shipped examples to a folder whose files and folders are an hour old, so
// that the cache takes them (it leaves alone what changed within seconds).
func examples(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	src := "../../examples"
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	var dirs []string
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join(src, e.Name(), "plan.yaml")); err != nil {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"plan.yaml", "members.yaml", "meetings.yaml", "visits.yaml"} {
			data, err := os.ReadFile(filepath.Join(src, e.Name(), f))
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, f)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(path, old, old)
		}
		dirs = append(dirs, dir)
	}
	for _, dir := range append(dirs, root) {
		os.Chtimes(dir, old, old)
	}
	if len(dirs) < 6 {
		t.Fatalf("%d example cases", len(dirs))
	}
	return root
}

// With ItemsOnly, a case whose obligations are cached is given as its summary and described the
// same; one whose obligations are not (another day) is decoded in full from its entry. Every
// run gives the items a run without the cache gives.
func TestItemsOnlyThroughTheCacheGivesTheSameItems(t *testing.T) {
	root := examples(t)
	c, err := cache.Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	horizon := duration.Duration{N: 14, Unit: duration.Days}
	type got struct {
		items   []render.Item
		summary bool // given as a summary: no conferences
		whole   bool // a whole case by the end
	}
	run := func(day civil.Date, withCache bool, names bool) []got {
		o := Options{Paths: []string{root}, AsOf: day, NeedPolicy: true, ItemsOnly: true}
		if withCache {
			o.Cache = c
		}
		res, err := Each(o, func(l *Case) got {
			g := got{summary: l.Cached && len(l.Case.Conferences) == 0}
			g.items = Items(l, day, horizon, ItemOptions{All: true, Names: names})
			g.whole = len(l.Case.Conferences) > 0
			return g
		})
		if err != nil {
			t.Fatal(err)
		}
		var out []got
		for _, r := range res {
			if r.Failed {
				t.Fatalf("%s: %v", r.Dir, r.Diags)
			}
			out = append(out, r.Value)
		}
		return out
	}
	day, next := civil.MustParse("2026-11-23"), civil.MustParse("2026-11-24")
	// With names the first pass fills the cache; without, it is warm already.
	for _, names := range []bool{true, false} {
		want, wantNext := run(day, false, names), run(next, false, names)
		for _, step := range []struct {
			name          string
			day           civil.Date
			want          []got
			summary, full bool
		}{
			{"filling", day, want, false, true},
			{"the second run", day, want, true, false},
			{"another day", next, wantNext, true, true},
			{"that day again", next, wantNext, true, false},
		} {
			gs := run(step.day, true, names)
			for j := range gs {
				if !sameItems(gs[j].items, step.want[j].items, names) {
					t.Errorf("%s (names %v), case %d: items differ from a run without the cache", step.name, names, j)
					for k := range gs[j].items {
						if k < len(step.want[j].items) && !reflect.DeepEqual(gs[j].items[k], step.want[j].items[k]) {
							t.Logf("%+v\n%+v", gs[j].items[k], step.want[j].items[k])
							break
						}
					}
				}
				if names && (gs[j].summary != step.summary || gs[j].whole != step.full) {
					t.Errorf("%s, case %d: given as a summary %v (want %v), whole at the end %v (want %v)", step.name, j, gs[j].summary, step.summary, gs[j].whole, step.full)
				}
			}
		}
	}
}

// sameItems compares items as the outputs print them: in full for a table (names), and without
// the worker's and action owner's names and the action's text for JSON and CSV, which print ids
// (a case from the cache has no names to give them).
func sameItems(a, b []render.Item, names bool) bool {
	if names {
		return reflect.DeepEqual(a, b)
	}
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		x.WorkerLabel, x.ActionOwner, x.ActionText = "", "", ""
		y.WorkerLabel, y.ActionOwner, y.ActionText = "", "", ""
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

// Keeper keeps what due lists by default (overdue, due, waiting, no timescale), and every status
// with --all or when --status chooses.
func TestKeeper(t *testing.T) {
	byDefault := []engine.Status{engine.Overdue, engine.Due, engine.Waiting, engine.NoTimescale}
	for _, c := range []struct {
		o   ItemOptions
		all bool
	}{
		{ItemOptions{}, false}, {ItemOptions{Names: true, Redact: true}, false},
		{ItemOptions{All: true}, true}, {ItemOptions{Filter: filter.Filter{Statuses: []string{"met"}}}, true},
	} {
		keep := c.o.Keeper()
		for _, st := range engine.Statuses {
			if want := c.all || slices.Contains(byDefault, st); keep(st) != want {
				t.Errorf("%+v: keeps %s: %v, want %v", c.o, st, keep(st), want)
			}
		}
	}
}
