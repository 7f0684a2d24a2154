// Command cpcase checks child protection core group case folders against a local procedure.
package main

import (
	"os"
	_ "time/tzdata" // "today" is the date in Europe/London on any machine

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/cmd/root"
	"github.com/cpcase/cpcase/internal/speed"
)

func main() {
	speed.LimitMemory()
	os.Exit(root.Main(cmdutil.New(), os.Args[1:]))
}
