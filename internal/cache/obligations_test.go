package cache

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/policy"
)

// A case's obligations stored in its entry come back exactly, for that evaluation only (the
// day, the horizon, the policy), never once a file changed, and hold no name.
func TestObligationsAreKeptForTheSameEvaluationOnly(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	reg := policy.NewRegistry()
	horizon := duration.Duration{N: 14, Unit: duration.Days}
	for _, dir := range dirs {
		cs, d, _, e := c.LoadEntry(dir, asOf)
		if len(d) > 0 || e == nil {
			t.Fatalf("%s: %v, entry %v", dir, d, e)
		}
		p, _, err := reg.Resolve(cs.Policy)
		if err != nil || p == nil {
			t.Fatalf("%s: policy %s: %v", dir, cs.Policy, err)
		}
		key := EvalKey(p, asOf, horizon)
		want := engine.Evaluate(cs, p, engine.Options{AsOf: asOf, Horizon: horizon})
		if _, ok := e.Obligations(key); ok {
			t.Errorf("%s: obligations before any were stored", dir)
		}
		e.PutObligations(key, want)

		_, _, hit, e := c.LoadEntry(dir, asOf)
		if !hit {
			t.Fatalf("%s: not a hit", dir)
		}
		got, ok := e.Obligations(key)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: cached obligations differ from the evaluation (%v)", dir, ok)
		}
		// Only those kept, in their order, skipping the rest undecoded.
		for _, kept := range []engine.Status{engine.Overdue, engine.Met, engine.Due} {
			keep := func(s engine.Status) bool { return s == kept }
			var wantKept []engine.Obligation
			for _, o := range want {
				if keep(o.Status) {
					wantKept = append(wantKept, o)
				}
			}
			got, ok := e.ObligationsKept(key, keep)
			if !ok || len(got) != len(wantKept) || len(got) > 0 && !reflect.DeepEqual(got, wantKept) {
				t.Errorf("%s: the %s obligations: %d cached, %d evaluated", dir, kept, len(got), len(wantKept))
			}
		}
		for _, other := range [][32]byte{EvalKey(p, asOf.AddDays(1), horizon), EvalKey(p, asOf, duration.Duration{N: 10, Unit: duration.WorkingDays})} {
			if _, ok := e.Obligations(other); ok {
				t.Errorf("%s: obligations of another evaluation were given", dir)
			}
		}
		changed := *p
		changed.Sum[0] ^= 1
		if _, ok := e.Obligations(EvalKey(&changed, asOf, horizon)); ok {
			t.Errorf("%s: obligations of another policy file were given", dir)
		}
		raw, _ := os.ReadFile(entryOf(t, c, dir))
		var names []string
		for _, ch := range cs.Children {
			names = append(names, ch.Name)
		}
		for _, m := range cs.Members {
			names = append(names, m.Name)
		}
		for _, n := range names {
			if n != "" && strings.Contains(string(raw), n) {
				t.Errorf("%s: the entry with obligations holds the name %q", dir, n)
			}
		}
	}
	// An edit: the entry, obligations and all, is not trusted.
	plan := filepath.Join(dirs[0], "plan.yaml")
	future := time.Now().Add(2 * time.Hour)
	os.Chtimes(plan, future, future)
	later(t, 3*time.Hour)
	if _, _, hit, e := c.LoadEntry(dirs[0], asOf); hit || (e != nil && len(e.obs) > 0) {
		t.Error("an edited case came from the cache with its old obligations")
	}
}

// The obligations are written field by field: a field added to engine.Obligation must be added
// to PutObligations and Obligations, and counted here.
func TestObligationsCodecKnowsEveryField(t *testing.T) {
	if n := reflect.TypeOf(engine.Obligation{}).NumField(); n != 23 {
		t.Errorf("engine.Obligation has %d fields: add the new ones to the cache's obligations", n)
	}
}

// What was decoded from an entry stays good once the entry is released and its buffer reused,
// and a released entry gives nothing more and stores nothing.
func TestReleasedEntry(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	reg := policy.NewRegistry()
	horizon := duration.Duration{N: 14, Unit: duration.Days}
	var got [][]engine.Obligation
	var refs []string
	var want [][]engine.Obligation
	for _, dir := range dirs {
		cs, _, _, e := c.LoadEntry(dir, asOf)
		p, _, _ := reg.Resolve(cs.Policy)
		key := EvalKey(p, asOf, horizon)
		obs := engine.Evaluate(cs, p, engine.Options{AsOf: asOf, Horizon: horizon})
		e.PutObligations(key, obs)
		want = append(want, obs)
	}
	for _, dir := range dirs {
		cs, _, hit, e := c.LoadSummary(dir, asOf)
		p, _, _ := reg.Resolve(cs.Policy)
		key := EvalKey(p, asOf, horizon)
		obs, ok := e.Obligations(key)
		if !hit || !ok {
			t.Fatalf("%s: not cached", dir)
		}
		e.Release()
		if _, ok := e.Obligations(key); ok || e.Case() != nil || e.Summary() != nil {
			t.Errorf("%s: a released entry still gives its obligations or case", dir)
		}
		e.PutObligations(key, nil)
		got, refs = append(got, obs), append(refs, cs.Ref)
	}
	for i, dir := range dirs {
		if !reflect.DeepEqual(got[i], want[i]) || refs[i] != mustLoad(t, dir).Ref {
			t.Errorf("%s: obligations or summary changed once the entry's buffer was reused", dir)
		}
		if _, _, hit, e := c.LoadEntry(dir, asOf); !hit || len(e.obs) == 0 {
			t.Errorf("%s: storing through a released entry changed the cache", dir)
		}
	}
}

// What an entry's obligations say a table of them will read back (Entry.shows) is what they
// hold: whether one of the statuses shown is there, and whether such a one names a child.
func TestShowsIsWhatTheObligationsName(t *testing.T) {
	_, dirs := examples(t)
	c := open(t)
	reg := policy.NewRegistry()
	horizon := duration.Duration{N: 14, Unit: duration.Days}
	seen := map[[len(files)]bool]bool{}
	for _, dir := range dirs {
		cs, _, _, e := c.LoadEntry(dir, asOf)
		p, _, _ := reg.Resolve(cs.Policy)
		obs := engine.Evaluate(cs, p, engine.Options{AsOf: asOf, Horizon: horizon})
		e.PutObligations(EvalKey(p, asOf, horizon), obs)
		_, _, _, e = c.LoadSummary(dir, asOf)
		for _, st := range engine.Statuses {
			show := func(s engine.Status) bool { return s == st }
			var want [len(files)]bool
			for _, o := range obs {
				if o.Status == st {
					want[membersAt] = true
					switch filepath.Base(o.Anchor.File) {
					case "plan.yaml":
						want[planAt] = true
					case "meetings.yaml":
						want[meetingsAt] = want[meetingsAt] || o.Child == ""
					}
					want[planAt] = want[planAt] || o.Child != ""
				}
			}
			if got := e.shows(show); got != want {
				t.Errorf("%s, %s shown: shows says to open %v, the obligations %v", dir, st, got, want)
			}
			seen[want] = true
		}
	}
	if len(seen) < 4 {
		t.Errorf("the examples gave only %v: the test does not tell the cases apart", seen)
	}
}
