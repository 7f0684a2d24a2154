// Command floor is the yardstick `make bench` measures cpcase against: it finds the case folders
// under the given paths, reads their four YAML files and decodes each with yaml.v3 into `any`,
// on all cores, and does nothing else. It has the same shape as cpcase's loader (a walk for
// folders holding a plan.yaml, then GOMAXPROCS workers fed through a channel of 64), so the
// difference between the two is what cpcase does beyond reading its input.
//
//	go run ./bench/floor DIR...
//
// It prints one line: the cases, files and bytes read, and the files that failed to decode.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/bench/internal/casedirs"
)

var files = []string{"plan.yaml", "members.yaml", "meetings.yaml", "visits.yaml"}

func main() {
	dirs := casedirs.FromArgs("floor")
	var nfiles, nbytes, bad atomic.Int64
	var wg sync.WaitGroup
	jobs := make(chan string, 64)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for dir := range jobs {
				for _, name := range files {
					data, err := os.ReadFile(filepath.Join(dir, name))
					if err != nil {
						continue // absent: cpcase reads on without it too
					}
					nfiles.Add(1)
					nbytes.Add(int64(len(data)))
					var v any
					if yaml.Unmarshal(data, &v) != nil {
						bad.Add(1)
					}
				}
			}
		}()
	}
	for _, d := range dirs {
		jobs <- d
	}
	close(jobs)
	wg.Wait()
	fmt.Printf("%d cases, %d files, %d bytes, %d not decoded\n", len(dirs), nfiles.Load(), nbytes.Load(), bad.Load())
}
