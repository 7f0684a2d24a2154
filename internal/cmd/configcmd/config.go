// Package configcmd is `cpcase config`: a person's own defaults, where each comes from, and
// setting them in the config file.
package configcmd

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/config"
	"github.com/cpcase/cpcase/internal/edit"
	"github.com/cpcase/cpcase/internal/iostreams"
)

// Options are what `cpcase config` runs with.
type Options struct {
	IO  *iostreams.IOStreams
	Env config.Env

	Action     string // list, get, set, unset or path
	Key, Value string
}

// NewCmdConfig builds the command; runF, when not nil, runs instead of Run.
func NewCmdConfig(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	o := &Options{IO: f.IOStreams, Env: f.Config()}
	var keys []string
	for _, k := range config.Keys {
		keys = append(keys, fmt.Sprintf("  %-7s %s (%s)", k, config.Docs[k], config.EnvVar(k)))
	}
	cmd := &cobra.Command{
		Use:   "config [list | get KEY | set KEY VALUE | unset KEY | path]",
		Short: "Show and set your own defaults: staff id, horizon, cache folder",
		Long: `Config shows your own defaults and where each comes from, and sets them in your config file.

` + strings.Join(keys, "\n") + `

Each comes from, first found: the command-line flag (--within, --cache), the environment
variable, the config file, or cpcase's own default. The config file is config.yaml in your
user config folder (~/.config/cpcase/config.yaml on Linux, ~/Library/Application Support/
cpcase/config.yaml on macOS, %AppData%\cpcase\config.yaml on Windows), or CPCASE_CONFIG's
path. It is plain YAML, one key a line; set rewrites it (comments are not kept).

Exit status: 0 done, 2 usage or I/O error (a mistake in the file is named with its line).`,
		Example: `  cpcase config
  cpcase config set staff e10432
  cpcase config set within "10 working days"
  cpcase config get within
  cpcase config unset within
  cpcase config path`,
		Args:      cobra.MaximumNArgs(3),
		ValidArgs: []cobra.Completion{"list", "get", "set", "unset", "path"},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Action = "list"
			if len(args) > 0 {
				o.Action = args[0]
			}
			want := map[string]int{"list": 1, "path": 1, "get": 2, "unset": 2, "set": 3}
			n, ok := want[o.Action]
			if !ok {
				return cmdutil.Usagef("config: unknown action %q (expected list, get, set, unset or path)", o.Action)
			}
			if len(args) > 0 && len(args) != n {
				return cmdutil.Usagef("config %s takes %d argument(s)", o.Action, n-1)
			}
			if len(args) > 1 {
				o.Key = args[1]
			}
			if len(args) > 2 {
				o.Value = args[2]
			}
			if runF != nil {
				return runF(o)
			}
			return Run(o)
		},
	}
	return cmd
}

// Run is `cpcase config`.
func Run(o *Options) error {
	if o.Key != "" && !slices.Contains(config.Keys, o.Key) {
		return cmdutil.Usagef("config: unknown key %q (expected %s)", o.Key, strings.Join(config.Keys, ", "))
	}
	out := o.IO.Out
	if o.Action == "path" {
		p, err := config.Path(o.Env)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(out, p)
		return err
	}
	if o.Action == "set" || o.Action == "unset" {
		return write(o)
	}
	c, err := config.Load(o.Env)
	if err != nil {
		return cmdutil.Usagef("%v", err)
	}
	if o.Action == "get" {
		_, err := fmt.Fprintln(out, c.Get(o.Key).Value)
		return err
	}
	for _, k := range config.Keys {
		v := c.Get(k)
		src := "(not set)"
		if v.Set() {
			src = "(" + v.Source + ")"
		}
		fmt.Fprintf(out, "%s=%s %s\n", k, v.Value, src)
	}
	file := c.File + " (not there yet: cpcase config set makes it)"
	if c.Exists {
		file = c.File
	}
	_, err = fmt.Fprintf(out, "file: %s\n", file)
	return err
}

// write sets or unsets a key in the config file, after checking the file as it is and the
// value, and writes it whole, atomically.
func write(o *Options) error {
	path, err := config.Path(o.Env)
	if err != nil {
		return err
	}
	if _, err := config.Load(o.Env); err != nil {
		return cmdutil.Usagef("%v", err)
	}
	values := map[string]string{}
	if data, err := o.Env.ReadFile(path); err == nil {
		if err := yaml.Unmarshal(data, &values); err != nil {
			return cmdutil.Usagef("%s: %v", path, err)
		}
	}
	if o.Action == "set" {
		values[o.Key] = o.Value
	} else {
		delete(values, o.Key)
	}
	var b strings.Builder
	b.WriteString("# cpcase's defaults for you (cpcase config). Flags and CPCASE_ variables win over these.\n")
	for _, k := range config.Keys {
		if v, ok := values[k]; ok {
			line, _ := yaml.Marshal(map[string]string{k: v})
			b.Write(line)
		}
	}
	data := []byte(b.String())
	check := o.Env
	check.ReadFile = func(p string) ([]byte, error) {
		if p == path {
			return data, nil
		}
		return o.Env.ReadFile(p)
	}
	check.Getenv = func(k string) string {
		if k == config.EnvVar(o.Key) {
			return "" // the file's value is what is checked
		}
		return o.Env.Getenv(k)
	}
	if _, err := config.Load(check); err != nil {
		return cmdutil.Usagef("%v", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return cmdutil.IOError(err)
	}
	if err := edit.Overwrite(path, data); err != nil {
		return cmdutil.IOError(err)
	}
	if env := o.Env.Getenv(config.EnvVar(o.Key)); env != "" {
		fmt.Fprintf(o.IO.ErrOut, "note: %s is set (%q) and wins over the file\n", config.EnvVar(o.Key), env)
	}
	_, err = fmt.Fprintf(o.IO.Out, "%s %s in %s\n", map[string]string{"set": "set", "unset": "unset"}[o.Action], o.Key, path)
	return err
}
