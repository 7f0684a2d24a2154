// Command gen writes realistic synthetic case trees for cpcase: N case folders (plan.yaml,
// members.yaml, meetings.yaml, visits.yaml) spread over team folders, all invented, seeded and
// deterministic. See README.md.
//
//	go run ./testdata/gen -n 50000 -o /tmp/cases [-seed 1] [-asof 2026-11-23]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	n := flag.Int("n", 1000, "number of case folders to write")
	out := flag.String("o", "", "output directory (created if missing; use a fresh one)")
	seed := flag.Uint64("seed", 1, "random seed: the same flags give byte-identical output")
	asOf := flag.String("asof", "2026-11-23", "the as-of date (YYYY-MM-DD): history runs up to it, bookings after it")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./testdata/gen -n N -o DIR [-seed S] [-asof YYYY-MM-DD]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || *n < 0 {
		flag.Usage()
		os.Exit(2)
	}
	t, err := time.Parse("2006-01-02", *asOf)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: -asof: %q is not a date (YYYY-MM-DD)\n", *asOf)
		os.Exit(2)
	}
	start := time.Now()
	if err := Generate(*out, *n, *seed, t); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %d cases in %d team folders to %s in %s\n",
		*n, len(layoutTeams(*n, *seed)), *out, time.Since(start).Round(time.Millisecond))
}
