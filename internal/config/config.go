// Package config holds a person's own defaults: their staff id, the horizon of `cpcase due` and
// the cache folder. Each comes from, in order, a command-line flag, an environment variable
// (CPCASE_STAFF, CPCASE_WITHIN, CPCASE_CACHE) or the config file, a YAML file in the usual per-user
// place (os.UserConfigDir()/cpcase/config.yaml: ~/.config/cpcase/config.yaml on Linux,
// ~/Library/Application Support/cpcase/config.yaml on macOS, %AppData%\cpcase\config.yaml on
// Windows), or CPCASE_CONFIG's path when it is set. A missing file is no error: it is optional.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/diag"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// A setting's key in the file; its environment variable is CPCASE_ and the key in capitals.
const (
	Staff  = "staff"  // the person's staff id (members.yaml staff:), for --mine
	Within = "within" // the horizon of due and agenda ("14 days", "10 working days")
	Cache  = "cache"  // the cache folder, as --cache
)

// Keys are the settings, in the order `cpcase config` lists them.
var Keys = []string{Staff, Within, Cache}

// Docs say what each setting is for.
var Docs = map[string]string{
	Staff:  "your staff id across the authority (members.yaml staff:): --mine shows your cases",
	Within: "the horizon of cpcase due: obligations due within it are due",
	Cache:  "the folder cpcase due and check keep their cache in (as --cache)",
}

// EnvVar is the environment variable of a setting.
func EnvVar(key string) string { return "CPCASE_" + strings.ToUpper(key) }

// Value is a setting's value and where it came from.
type Value struct {
	Value  string
	Source string // "flag --within", "environment CPCASE_WITHIN", "FILE:LINE", or "" when not set
}

// Set reports whether the setting has a value from anywhere.
func (v Value) Set() bool { return v.Source != "" }

// Config is the settings of the environment and the file, before flags.
type Config struct {
	File   string // the config file's path (whether or not it exists)
	Exists bool   // the file was there and read
	values map[string]Value
}

// Env are the ways config reads its surroundings; tests give their own.
type Env struct {
	Getenv    func(string) string
	ConfigDir func() (string, error)
	ReadFile  func(string) ([]byte, error)
}

// OS is the real environment.
var OS = Env{Getenv: os.Getenv, ConfigDir: os.UserConfigDir, ReadFile: os.ReadFile}

// None is an environment with nothing set and no config folder: for runs that must not read or
// write a person's own settings (tests, programs using cpcase as a library).
var None = Env{
	Getenv:    func(string) string { return "" },
	ConfigDir: func() (string, error) { return "", errors.New("no config folder in this run") },
	ReadFile:  os.ReadFile,
}

// Path is the config file's path: CPCASE_CONFIG, else os.UserConfigDir()/cpcase/config.yaml.
func Path(e Env) (string, error) {
	if p := e.Getenv("CPCASE_CONFIG"); p != "" {
		return p, nil
	}
	dir, err := e.ConfigDir()
	if err != nil {
		return "", fmt.Errorf("no folder for a config file (%v); set CPCASE_CONFIG to a file", err)
	}
	return filepath.Join(dir, "cpcase", "config.yaml"), nil
}

// Load reads the config file (when there is one) and the environment. A file that cannot be read
// or holds a mistake is an error naming file, line and column; so is an environment variable
// with a value that is not one.
func Load(e Env) (*Config, error) {
	c := &Config{values: map[string]Value{}}
	// With no home to find a file in, the environment still counts.
	if path, err := Path(e); err == nil {
		c.File = path
		if err := c.read(e, path); err != nil {
			return nil, err
		}
	}
	for _, k := range Keys {
		if v := e.Getenv(EnvVar(k)); v != "" {
			src := "environment " + EnvVar(k)
			if err := check(k, v); err != nil {
				return nil, fmt.Errorf("%s: %v", src, err)
			}
			c.values[k] = Value{Value: v, Source: src}
		}
	}
	return c, nil
}

func (c *Config) read(e Env, path string) error {
	data, err := e.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s: cannot read: %v", path, err)
	}
	c.Exists = true
	var d diag.List
	w := yamlwalk.New(path, &d)
	doc := w.Parse(data)
	if doc != nil {
		if f, ok := w.Map(doc, "config.yaml", Keys); ok {
			for _, k := range Keys {
				n := f.Get(k)
				if n == nil {
					continue
				}
				s, ok := w.String(n, k)
				if !ok {
					continue
				}
				if err := check(k, s); err != nil {
					w.Errorf(n, "%s: %v", k, err)
					continue
				}
				if k == Cache {
					s = expandHome(s, e)
				}
				if s != "" {
					c.values[k] = Value{Value: s, Source: fmt.Sprintf("%s:%d", path, n.Line)}
				}
			}
		}
	}
	if d.Errors() > 0 {
		var lines []string
		for _, x := range d {
			lines = append(lines, x.String())
		}
		return errors.New(strings.Join(lines, "\n"))
	}
	return nil
}

// check refuses a value a setting cannot take.
func check(key, v string) error {
	switch key {
	case Within:
		if _, err := duration.Parse(v); err != nil {
			return err
		}
	case Staff:
		if !yamlwalk.IsID(v) {
			return fmt.Errorf("%q is not a staff id (lower-case letters, digits, '.', '_' or '-')", v)
		}
	}
	return nil
}

// expandHome reads a leading ~/ in the file as the home folder, as a shell would.
func expandHome(p string, e Env) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home := e.Getenv("HOME"); home != "" {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// Empty is a Config with nothing set and no file.
func Empty() *Config { return &Config{values: map[string]Value{}} }

// Get is a setting from the environment or the file, or an unset Value.
func (c *Config) Get(key string) Value { return c.values[key] }

// Resolve is a setting with its flag counted: the flag's value when it was given on the command
// line (changed), else the environment's or the file's, else def with Source "".
func (c *Config) Resolve(key, flag string, changed bool, flagValue, def string) Value {
	if changed {
		return Value{Value: flagValue, Source: "flag --" + flag}
	}
	if v := c.Get(key); v.Set() {
		return v
	}
	return Value{Value: def}
}
