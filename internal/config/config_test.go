package config

import (
	"io/fs"
	"strings"
	"testing"
)

func env(vars map[string]string, files map[string]string) Env {
	return Env{
		Getenv:    func(k string) string { return vars[k] },
		ConfigDir: func() (string, error) { return "/home/sam/.config", nil },
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[p]; ok {
				return []byte(s), nil
			}
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
		},
	}
}

const file = "/home/sam/.config/cpcase/config.yaml"

// flag > environment > file > default, each with where it came from.
func TestPrecedence(t *testing.T) {
	c, err := Load(env(map[string]string{"CPCASE_WITHIN": "10 working days", "HOME": "/home/sam"},
		map[string]string{file: "staff: e10432\nwithin: 7 days\ncache: ~/.cache/cpcase\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Exists || c.File != file {
		t.Errorf("file %q exists %v", c.File, c.Exists)
	}
	for _, tc := range []struct {
		key, flag     string
		changed       bool
		want, wantSrc string
	}{
		{Within, "3 days", true, "3 days", "flag --within"},
		{Within, "", false, "10 working days", "environment CPCASE_WITHIN"},
		{Staff, "", false, "e10432", file + ":1"},
		{Cache, "", false, "/home/sam/.cache/cpcase", file + ":3"},
	} {
		got := c.Resolve(tc.key, tc.key, tc.changed, tc.flag, "14 days")
		if got.Value != tc.want || got.Source != tc.wantSrc {
			t.Errorf("%s: %+v, want %q from %q", tc.key, got, tc.want, tc.wantSrc)
		}
	}
	c, _ = Load(env(nil, nil))
	if got := c.Resolve(Within, "within", false, "", "14 days"); got.Value != "14 days" || got.Set() {
		t.Errorf("default: %+v", got)
	}
	if c.Exists {
		t.Error("no file: none read, and no error")
	}
}

func TestConfigPathFromEnv(t *testing.T) {
	c, err := Load(env(map[string]string{"CPCASE_CONFIG": "/etc/cp.yaml"}, map[string]string{"/etc/cp.yaml": "staff: kim\n"}))
	if err != nil || c.File != "/etc/cp.yaml" || c.Get(Staff).Value != "kim" {
		t.Fatalf("%+v %v", c, err)
	}
}

// Mistakes name the file, line and column, with a hint.
func TestMistakes(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		text string
		want string
	}{
		{nil, "stafff: e1\n", file + ":1:1: "},
		{nil, "within: ten days\n", file + ":1:9: within: "},
		{nil, "staff: Sam Okafor\n", file + ":1:8: staff: \"Sam Okafor\" is not a staff id"},
		{map[string]string{"CPCASE_WITHIN": "soon"}, "", "environment CPCASE_WITHIN: "},
	} {
		_, err := Load(env(tc.vars, map[string]string{file: tc.text}))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v, want it to start %q", tc.text, err, tc.want)
		}
	}
	_, err := Load(env(nil, map[string]string{file: "stafff: e1\n"}))
	if err == nil || !strings.Contains(err.Error(), `"staff"`) {
		t.Errorf("no did-you-mean: %v", err)
	}
}
