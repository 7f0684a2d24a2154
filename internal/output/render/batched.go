package render

import (
	"iter"
	"runtime"
)

// batchSize is how many rows or records a batch holds.
const batchSize = 256

// batched reads seq once, in batches of batchSize, works each batch out with work on every core
// (at most two batches a core in flight) and gives the results to done in reading order, with the
// number of values in the batch: the due table's passes and the JSON records both print a
// national tree's 170,000 lines this way. work is told which batch is the first; it must not keep
// the batch, whose slice is handed back for a later one (new ones were a sixth of what a warm run
// allocated). After an error from done the rest are read but not given to it; the error is
// returned.
func batched[T, R any](seq iter.Seq[T], work func(first bool, batch []T) R, done func(r R, n int) error) error {
	type result struct {
		r R
		n int
	}
	workers := runtime.GOMAXPROCS(0)
	queue := make(chan chan result, 2*workers)
	finished := make(chan error, 1)
	go func() {
		var err error
		for fut := range queue {
			res := <-fut
			if err == nil {
				err = done(res.r, res.n)
			}
		}
		finished <- err
	}()
	free := make(chan []T, 4*workers)
	var batch []T
	first := true
	flush := func() {
		fut := make(chan result, 1)
		queue <- fut
		go func(first bool, batch []T) {
			r := work(first, batch)
			fut <- result{r, len(batch)}
			clear(batch)
			select {
			case free <- batch[:0]:
			default:
			}
		}(first, batch)
		first = false
		select {
		case batch = <-free:
		default:
			batch = make([]T, 0, batchSize)
		}
	}
	for v := range seq {
		batch = append(batch, v)
		if len(batch) == batchSize {
			flush()
		}
	}
	if len(batch) > 0 {
		flush()
	}
	close(queue)
	return <-finished
}
