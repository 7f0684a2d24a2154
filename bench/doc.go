// Package bench holds cpcase's benchmarks (load, evaluate, render; `go test -bench . ./bench`) and,
// in its sub-folders, the programs `make bench` runs: floor (the yardstick: find, read and decode
// the same files, nothing else), e2e (cpcase due beside the floor over 1,000 and 50,000 generated
// cases) and profile (one cpcase command under the CPU and heap profilers).
package bench
