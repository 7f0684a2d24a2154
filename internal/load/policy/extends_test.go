package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A policy that extends another: the base's rules and checks, less those removed, each replaced
// in place by a rule of the same id, then the new rules; the calendar and counting inherited,
// closures added.
func TestExtendsByID(t *testing.T) {
	src := `id: local-s9
title: Chapter 9 with weekly visits
extends: core-groups-s9
remove: [seen-alone, bedroom-seen, plan-sections]
closures: [2026-12-29]
rules:
  - {id: child-seen, title: Child seen weekly, cite: "L1", kind: chain, for: child, starts_at: on-plan, event: visit, visit: {seen: true}, every: 5 working days}
  - {id: local-extra, title: Extra, cite: "L2", kind: event, for: period, after: period-start, within: 15 working days, event: core-group}
`
	p, d := Load("local.yaml", []byte(src), "local.yaml")
	if p == nil || len(d) > 0 {
		t.Fatalf("does not load clean: %v", d)
	}
	var ids []string
	for _, r := range p.Rules {
		ids = append(ids, r.ID)
	}
	want := "first-core-group core-group-cadence core-assessment record-circulated agreement-signed child-seen review-conference no-access-escalation action-due local-extra"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("rules:\n %s\nwant\n %s", got, want)
	}
	if r := p.Rule("child-seen"); r.Title != "Child seen weekly" || r.Every.D.String() != "5 working days" {
		t.Errorf("child-seen not replaced: %q %s", r.Title, r.Every.D)
	}
	var checks []string
	for _, c := range p.Checks {
		checks = append(checks, c.ID)
	}
	if got := strings.Join(checks, " "); got != "first-core-group-chair later-core-group-chair dates-set" {
		t.Errorf("checks %s", got)
	}
	if p.Jurisdiction != "england-and-wales" || p.Calendar == nil || len(p.Closures) != 1 {
		t.Errorf("jurisdiction %q, closures %v", p.Jurisdiction, p.Closures)
	}
}

// extends by path (relative to the extending file), a cycle, and lint's messages.
func TestExtendsByPathAndMistakes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	write("base.yaml", base)
	child := write("child.yaml", "id: child\ntitle: Child\nextends: base.yaml\nremove: [core-group-cadence]\n")
	data, _ := os.ReadFile(child)
	p, d := Load(child, data, child)
	if p == nil || len(p.Rules) != 1 || p.Rules[0].ID != "first-core-group" {
		t.Fatalf("by path: %v %v", p, d)
	}
	for _, tc := range []struct{ name, src, want string }{
		{"cycle", "id: a\ntitle: A\nextends: loop.yaml\n", "extends: loop.yaml extends itself ("},
		{"unknown id", "id: a\ntitle: A\nextends: core-groups-s8\n", `extends: unknown policy "core-groups-s8" (did you mean "core-groups-s9"?)`},
		{"unknown removal", "id: a\ntitle: A\nextends: base.yaml\nremove: [core-group-cadense]\n", `remove: unknown rule "core-group-cadense" of local (did you mean "core-group-cadence"?)`},
		{"remove without extends", strings.Replace(base, "rules:", "remove: [x]\nrules:", 1), "remove only applies to a policy that extends another"},
		{"no jurisdiction without extends", strings.Replace(base, "jurisdiction: england-and-wales\n", "", 1), `a policy is missing the required key "jurisdiction"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := write("loop.yaml", tc.src)
			_, d := Load(path, []byte(tc.src), path)
			var all []string
			for _, x := range d {
				all = append(all, x.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.want) {
				t.Errorf("want %q in\n%s", tc.want, strings.Join(all, "\n"))
			}
		})
	}
}
