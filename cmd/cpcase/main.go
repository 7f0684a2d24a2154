// Command cpcase checks child protection core group case folders against a local procedure.
package main

import (
	_ "time/tzdata" // "today" is the date in Europe/London on any machine

	"github.com/cpcase/cpcase/internal/cli"
)

func main() { cli.Run() }
