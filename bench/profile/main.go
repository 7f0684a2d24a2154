// Command profile runs one cpcase command in-process under the Go profilers, so that the whole
// run (walk, load, evaluate, render) can be looked at with `go tool pprof`, without a profiling
// switch in cpcase itself.
//
//	go run ./bench/profile -cpu /tmp/cpu.prof -heap /tmp/heap.prof -- due --as-of 2026-11-23 DIR
//
// Output goes to /dev/null unless -out is given; the exit status is cpcase's.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/cmd/root"
	"github.com/cpcase/cpcase/internal/speed"
)

func main() {
	cpu := flag.String("cpu", "", "write a CPU profile to this file")
	heap := flag.String("heap", "", "write a heap profile (allocations and what is live at the end) to this file")
	out := flag.String("out", "", "write cpcase's standard output here (default: discarded)")
	rate := flag.Int("memrate", 0, "runtime.MemProfileRate (0: the default, one sample per 512 KiB)")
	flag.Parse()
	speed.LimitMemory() // as cmd/cpcase does
	if *rate > 0 {
		runtime.MemProfileRate = *rate
	}
	var w io.Writer = io.Discard
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		w = f
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
	}
	code := root.Main(cmdutil.NewFor(w, os.Stderr), flag.Args())
	if *cpu != "" {
		pprof.StopCPUProfile()
	}
	if *heap != "" {
		f, err := os.Create(*heap)
		if err != nil {
			fail(err)
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fail(err)
		}
		f.Close()
	}
	os.Exit(code)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "profile:", err)
	os.Exit(2)
}
