package cmdutil

import (
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpcase/cpcase/internal/config"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/speed"
)

// Factory is what the commands are built from: nothing in the command layer reads a global.
type Factory struct {
	IOStreams *iostreams.IOStreams
	// Now is the clock; "today" is its date in Europe/London.
	Now func() time.Time
	// GC holds the collector's goal up while cases load (see package speed); nil for none.
	GC *speed.GCFloor
	// ConfigEnv is where the person's own defaults are read from and written to (package
	// config): the real environment and config folder in a real run; nil: none, as in tests.
	ConfigEnv *config.Env
}

// New is the Factory of a real run: the process's streams and clock.
func New() *Factory {
	env := config.OS
	return &Factory{IOStreams: iostreams.System(), Now: time.Now, GC: &speed.GCFloor{}, ConfigEnv: &env}
}

// Config is where the defaults live: ConfigEnv, or an environment with nothing set and no
// config folder.
func (f *Factory) Config() config.Env {
	if f.ConfigEnv == nil {
		return config.None
	}
	return *f.ConfigEnv
}

// Settings are the person's own defaults: the config file and the environment, or none when the
// Factory has no Config. A mistake in either is an error that names it.
func (f *Factory) Settings() (*config.Config, error) {
	if f.ConfigEnv == nil {
		return config.Empty(), nil
	}
	return config.Load(*f.ConfigEnv)
}

// NewFor is the Factory of a run in-process writing to out and errOut (not a terminal), by the
// real clock: for programs that run cpcase as a library, such as the profiler in bench/.
func NewFor(out, errOut io.Writer) *Factory {
	return &Factory{IOStreams: iostreams.New(strings.NewReader(""), out, errOut), Now: time.Now, GC: &speed.GCFloor{}}
}

// Today is the date in Europe/London by the Factory's clock.
func (f *Factory) Today() civil.Date { return LondonDate(f.Now()) }

// london is the zone "today" is read in; tzdata is embedded by the cpcase command, so it loads on
// any machine. A *time.Location is immutable once loaded.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return nil
	}
	return loc
}()

// LondonDate is the civil date of t in Europe/London.
func LondonDate(t time.Time) civil.Date {
	if london == nil {
		return civil.Of(t.UTC()) // the UK is on UTC or one hour ahead; never reached with tzdata embedded
	}
	return civil.Of(t.In(london))
}

// AsOfDate is --as-of, or today.
func AsOfDate(s string, today func() civil.Date) (civil.Date, error) {
	if s == "" {
		return today(), nil
	}
	d, err := civil.Parse(s)
	if err != nil {
		return 0, Usagef("--as-of: %v", err)
	}
	return d, nil
}

// Redacted is the --redact flag of cmd: its own, or the root's, which every command inherits.
func Redacted(cmd *cobra.Command) bool {
	v, _ := cmd.Flags().GetBool("redact")
	return v
}
