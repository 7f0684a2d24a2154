package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cpcase/cpcase/internal/load/casefolder"
)

const repo = "../.."

// TestShippedSchemasAreCurrent: schemas/ holds exactly what the generator makes now. After a
// change to the format, run `go generate ./internal/schema` (or cpcase schema --write schemas).
func TestShippedSchemasAreCurrent(t *testing.T) {
	for _, f := range Files() {
		got, err := os.ReadFile(filepath.Join(repo, "schemas", f.Name))
		if err != nil {
			t.Errorf("%v (run go generate ./internal/schema)", err)
			continue
		}
		if !bytes.Equal(got, Generate(f)) {
			t.Errorf("schemas/%s is out of date: run go generate ./internal/schema", f.Name)
		}
	}
	files, _ := filepath.Glob(filepath.Join(repo, "schemas", "*"))
	if len(files) != len(Files()) {
		t.Errorf("schemas/ holds %d files, the generator makes %d", len(files), len(Files()))
	}
}

func TestSchemasAreDraft07(t *testing.T) {
	for _, f := range Files() {
		s := string(Generate(f))
		if !strings.Contains(s, `"$schema": "http://json-schema.org/draft-07/schema#"`) {
			t.Errorf("%s does not declare draft-07", f.Name)
		}
		// Keywords newer than draft-07 are ignored by the YAML language server: none may be used.
		for _, kw := range []string{"$defs", "unevaluatedProperties", "dependentRequired", "prefixItems", "$anchor"} {
			if strings.Contains(s, `"`+kw+`"`) {
				t.Errorf("%s uses %s, newer than draft-07", f.Name, kw)
			}
		}
		compile(t, f) // and it compiles against the draft-07 meta-schema
	}
}

var modelineRe = regexp.MustCompile(`(?m)^# yaml-language-server: \$schema=(\S+)$`)

// TestExamplesAndPoliciesValidate validates every example file and every shipped policy against
// its generated schema, as the YAML language server would, and checks that each carries a
// modeline naming that schema by a relative path that exists.
func TestExamplesAndPoliciesValidate(t *testing.T) {
	var checked int
	for _, f := range casefolder.Files {
		paths, _ := filepath.Glob(filepath.Join(repo, "examples", "*", f))
		if len(paths) < 6 {
			t.Fatalf("found %d example %s", len(paths), f)
		}
		s := schemaFor(t, f)
		for _, p := range paths {
			validateFile(t, p, s, CaseFileName(f))
			checked++
		}
	}
	paths, _ := filepath.Glob(filepath.Join(repo, "policies", "*.yaml"))
	if len(paths) < 5 {
		t.Fatalf("found %d policies", len(paths))
	}
	s := schemaFor(t, "policy.yaml")
	for _, p := range append(paths, filepath.Join(repo, "testdata", "policies", "ni-sample.yaml")) {
		validateFile(t, p, s, PolicyFileName)
		checked++
	}
	t.Logf("%d files valid", checked)
}

func validateFile(t *testing.T, path string, s interface{ Validate(any) error }, schemaName string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := FromYAML(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s does not validate against %s: %v", path, schemaName, err)
	}
	if strings.Contains(path, filepath.Join("testdata", "policies")) {
		return // a test policy, not shipped: no modeline needed
	}
	m := modelineRe.FindSubmatch(data)
	if m == nil {
		t.Errorf("%s has no yaml-language-server modeline", path)
		return
	}
	if filepath.Base(string(m[1])) != schemaName {
		t.Errorf("%s: the modeline names %s, want %s", path, m[1], schemaName)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), string(m[1]))); err != nil {
		t.Errorf("%s: the modeline's schema is not there: %v", path, err)
	}
}

// TestBrokenFilesFail: files with the mistakes an editor should catch fail the schema, each at
// the place of the mistake.
func TestBrokenFilesFail(t *testing.T) {
	tests := []struct{ file, data, at string }{
		{"plan.yaml", "case: X\nchildren: [{id: a}]\nconferences: [{kind: initial, date: 2026-10-01, decison: plan}]\n", "/conferences/0"},
		{"plan.yaml", "case: X\nchildren: [{id: a}]\nconferences: [{kind: intial, date: 2026-10-01, decision: plan}]\n", "/conferences/0/kind"},
		{"plan.yaml", "case: X\nchildren: []\nconferences: [{kind: initial, date: 2026-10-01, decision: plan}]\n", "/children"},
		{"plan.yaml", "case: X\nchildren: [{id: a, born: 2019-02-30}]\nconferences: [{kind: initial, date: 2026-10-01, decision: plan}]\n", "/children/0/born"},
		{"plan.yaml", "case: X\nchildren: [{id: Alex}]\nconferences: [{kind: initial, date: 2026-10-01, decision: plan}]\n", "/children/0/id"},
		{"plan.yaml", "case: X\nchildren: [{id: a}]\nconferences: [{kind: initial, date: 2026-10-01, decision: plan, visit_every: fortnightly}]\n", "/conferences/0/visit_every"},
		{"plan.yaml", "case: X\nchildren: [{id: a}]\n", ""},
		{"visits.yaml", "visits:\n  - {date: 01/10/2026, by: sw1}\n", "/visits/0/date"},
		{"visits.yaml", "visits:\n  - {date: 2026-10-01, by: sw1, bedroom: yes}\n", "/visits/0/bedroom"},
		{"visits.yaml", "visits:\n  - {date: 2026-10-01}\n", "/visits/0"},
		{"meetings.yaml", "meetings:\n  - {date: 2026-10-01, kind: core-group, present: sw1}\n", "/meetings/0/present"},
		{"meetings.yaml", "meetings:\n  - {date: 2026-10-01, kind: core-group, record: {circulated: soon}}\n", "/meetings/0/record/circulated"},
		{"members.yaml", "members:\n  - {id: sw1, role: social-worker, joined: 2026-10-01}\n", "/members/0"},
		{"policy.yaml", "id: p\ntitle: P\njurisdiction: wales\nrules: [{id: r, title: R, cite: '1', kind: chain, for: period, starts_at: period-start, event: core-group, every: 6 weeks}]\n", "/jurisdiction"},
		{"policy.yaml", "id: p\ntitle: P\njurisdiction: scotland\nrules: [{id: r, title: R, cite: '1', kind: chain, for: period, starts_at: period-start, event: core-group, every: 6 weeks, nth: 2}]\n", "/rules/0"},
		{"policy.yaml", "id: p\ntitle: P\njurisdiction: scotland\nrules: [{id: r, title: R, cite: '1', kind: deadline, for: period, after: period-start, within: 5 days}]\n", "/rules/0"},
		{"policy.yaml", "id: p\ntitle: P\njurisdiction: scotland\nrules: [{id: r, title: R, cite: '1', kind: deadline, for: period, after: period-begins, within: 5 days, met_by: plan.agreed}]\n", "/rules/0/after"},
		{"policy.yaml", "id: p\ntitle: P\njurisdiction: scotland\nrules: [{id: r, title: R, cite: '1', kind: deadline, for: period, met_by: plan.agreed, due: {first_of: [{after: period-start}], earliest_of: [{after: period-start}]}}]\n", "/rules/0/due"},
		{"policy.yaml", "id: p\ntitle: P\njurisdiction: scotland\nrules: [{id: r, title: R, cite: '1', kind: chain, for: period, starts_at: period-start, event: core-group, every: 6 weaks}]\n", "/rules/0/every"},
		{"policy.yaml", "id: p\ntitle: P\njurisdiction: scotland\nrules: [{id: r, title: R, cite: '1', kind: chain, for: period, starts_at: period-start, event: core-group, every: 6 weeks}]\nchecks: [{id: c, title: C, cite: '2', kind: chair, meetings: core-groups}]\n", "/checks/0"},
	}
	for _, tt := range tests {
		// The loader refuses each of these too: the schema says nothing the loader does not.
		var d int
		if tt.file == "policy.yaml" {
			d = loadPolicy([]byte(tt.data)).Errors()
		} else {
			files := baseFiles()
			files[tt.file] = []byte(tt.data)
			d = loadCase(files).Errors()
		}
		if d == 0 {
			t.Errorf("%s %q: the loader accepts it", tt.file, tt.data)
		}
		v, err := FromYAML([]byte(tt.data))
		if err != nil {
			t.Fatal(err)
		}
		err = schemaFor(t, tt.file).Validate(v)
		errs := leafErrors(err)
		if len(errs) == 0 {
			t.Errorf("%s %q: the schema accepts it", tt.file, tt.data)
			continue
		}
		// An error at the place (or under it: a key not allowed there fails the mapping, and the
		// library places the leaf of a propertyNames error oddly).
		found := false
		for _, e := range allErrors(err) {
			loc := "/" + strings.Join(e.InstanceLocation, "/")
			if tt.at == "" && len(e.InstanceLocation) == 0 && len(e.Causes) == 0 || tt.at != "" && loc == tt.at {
				found = true
			}
		}
		if !found {
			var locs []string
			for _, e := range errs {
				locs = append(locs, "/"+strings.Join(e.InstanceLocation, "/"))
			}
			t.Errorf("%s %q: errors at %v, want one at %q", tt.file, tt.data, locs, tt.at)
		}
	}
}

func TestGenerateIsStable(t *testing.T) {
	for _, f := range Files() {
		if !bytes.Equal(Generate(f), Generate(f)) {
			t.Errorf("%s differs between two runs", f.Name)
		}
	}
}
