package speed

// blockSize is how many values one block of a Spill's buffer holds. The buffer grows a block at
// a time and is never copied into a larger one: a slice grown by append holds both copies while
// it grows, up to twice the values' room, which at a national tree's default listing (171,117
// obligations of some 150 bytes) was 27 MiB more than the values themselves.
const blockSize = 4096

// blocks is a list of values in blocks of blockSize, read by place.
type blocks[T any] struct {
	b [][]T
	n int
}

func (bs *blocks[T]) len() int { return bs.n }

func (bs *blocks[T]) add(v T) {
	k := bs.n / blockSize
	if k == len(bs.b) {
		// The first block starts small (most Spills hold a few values) and grows by append up to
		// blockSize; the others are made whole.
		size := blockSize
		if k == 0 {
			size = 64
		}
		bs.b = append(bs.b, make([]T, 0, size))
	}
	bs.b[k] = append(bs.b[k], v)
	bs.n++
}

// at is the value at place i (from 0, below len).
func (bs *blocks[T]) at(i int32) *T { return &bs.b[i/blockSize][i%blockSize] }

// reset empties the list, keeping its blocks for the values to come, with nothing left in them
// for the collector to keep alive.
func (bs *blocks[T]) reset() {
	for k := range bs.b {
		clear(bs.b[k])
		bs.b[k] = bs.b[k][:0]
	}
	bs.n = 0
}

// free lets the blocks go.
func (bs *blocks[T]) free() { bs.b, bs.n = nil, 0 }
