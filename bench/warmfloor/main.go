// Command warmfloor is the yardstick for a warm `cpcase due --cache` run (the second that day,
// nothing changed): the system calls of such a run that reads every case's names back, and
// nothing else. For each case folder it looks at the folder (has its list of files changed?),
// looks at meetings.yaml and visits.yaml (has either changed?), and opens, looks at, reads and
// closes plan.yaml and members.yaml (the cache holds no names, so a table's workers, children and
// action text are read back from them, and the open file's status says whether it changed). That
// is eleven system calls a case, on all cores, in the shape of cpcase's loader (GOMAXPROCS
// workers fed through a channel of 64); the folders are found first and not timed, as a warm run
// finds them from its cache. It reads no cache entry and decodes nothing. cpcase itself reads
// plan.yaml only for a case whose rows name a child or a plan action (10.4 calls a case at
// 50,000 generated cases), so the floor is the measure of what such calls take on the machine
// rather than a bound.
//
//	go run ./bench/warmfloor DIR...
//
// It prints one line: the cases, the system calls made, and the time they took (wall, one run).
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cpcase/cpcase/bench/internal/casedirs"
)

func main() {
	dirs := casedirs.FromArgs("warmfloor")
	var calls atomic.Int64
	var wg sync.WaitGroup
	jobs := make(chan string, 64)
	start := time.Now()
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64<<10)
			var st syscall.Stat_t
			n := int64(0)
			for dir := range jobs {
				syscall.Lstat(dir, &st)
				n++
				for _, name := range []string{"meetings.yaml", "visits.yaml"} {
					syscall.Stat(dir+"/"+name, &st)
					n++
				}
				for _, name := range []string{"plan.yaml", "members.yaml"} {
					fd, err := syscall.Open(dir+"/"+name, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
					n++
					if err != nil {
						continue
					}
					syscall.Fstat(fd, &st)
					if int(st.Size) > len(buf) {
						buf = make([]byte, st.Size)
					}
					syscall.Read(fd, buf[:st.Size])
					syscall.Close(fd)
					n += 3
				}
			}
			calls.Add(n)
		}()
	}
	for _, d := range dirs {
		jobs <- d
	}
	close(jobs)
	wg.Wait()
	fmt.Printf("%d cases, %d system calls, %.2f s\n", len(dirs), calls.Load(), time.Since(start).Seconds())
}
