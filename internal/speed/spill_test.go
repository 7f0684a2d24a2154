package speed_test

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cpcase/cpcase/internal/speed"
)

type pair struct {
	key  int
	name string
}

var pairCodec = speed.Codec[pair]{
	Encode: func(b []byte, v *pair) ([]byte, error) {
		if v.name == "refused" {
			return nil, errors.New("refused")
		}
		return speed.AppendString(binary.AppendVarint(b, int64(v.key)), v.name), nil
	},
	Decode: func(b []byte) (pair, error) {
		d := speed.Decoder{B: b}
		v := pair{key: int(d.Varint()), name: d.Str()}
		return v, d.Err()
	},
}

func comparePairs(a, b *pair) int {
	return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.name, b.name))
}

// Held in memory or spilled in runs of any size, the values come back in order, every one, and
// may be read twice.
func TestSpillSortsInBoundedMemory(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var in []pair
	// More than two of the buffer's blocks of 4,096, held or spilled at block boundaries.
	for i := range 10_000 {
		in = append(in, pair{key: r.IntN(50), name: string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26))})
	}
	want := slices.Clone(in)
	slices.SortFunc(want, func(a, b pair) int { return comparePairs(&a, &b) })
	for _, budget := range []int{1, 3, 64, 999, 4096, 4097, 9999, 10_000, 20_000} {
		s := speed.NewSpill(budget, comparePairs, pairCodec)
		for _, v := range in {
			s.Add(v)
		}
		if spilled := budget <= len(in); s.Spilled() != spilled {
			t.Errorf("budget %d: Spilled %v, want %v", budget, s.Spilled(), spilled)
		}
		for read := range 2 {
			var got []pair
			s.Each(func(v *pair) bool { got = append(got, *v); return true })
			if !slices.Equal(got, want) || s.Err() != nil {
				t.Fatalf("budget %d, read %d: %d values (err %v), not the %d sorted", budget, read, len(got), s.Err(), len(want))
			}
		}
		var first []pair
		s.Each(func(v *pair) bool { first = append(first, *v); return len(first) < 10 })
		if !slices.Equal(first, want[:10]) {
			t.Errorf("budget %d: stopping early gave %v", budget, first)
		}
		s.Close()
	}
}

// A value the codec refuses is an error kept for Err, never a panic or a lost value unnoticed.
func TestSpillKeepsACodecError(t *testing.T) {
	s := speed.NewSpill(2, comparePairs, pairCodec)
	defer s.Close()
	for _, v := range []pair{{1, "x"}, {2, "refused"}, {3, "y"}} {
		s.Add(v)
	}
	s.Each(func(*pair) bool { return true })
	if s.Err() == nil || s.Err().Error() != "refused" {
		t.Errorf("Err = %v, want refused", s.Err())
	}
}

// A short record reads as bad, not as a panic.
func TestDecoderBoundsChecks(t *testing.T) {
	d := speed.Decoder{B: speed.AppendString(nil, "hello")[:3]}
	if s := d.Str(); s != "" || d.Err() == nil {
		t.Errorf("Str of a short record = %q, err %v", s, d.Err())
	}
	d = speed.Decoder{}
	if d.Byte(); !d.Bad {
		t.Error("Byte of an empty record is not bad")
	}
}

// Values weighed heavier fill the budget sooner: a budget of 10 values weighing 5 each spills
// every second value, and the order read is the same.
func TestSpillWeigh(t *testing.T) {
	for _, weight := range []int{0, 1, 5} {
		sp := speed.NewSpill(10, func(a, b *int) int { return *a - *b }, speed.Codec[int]{
			Encode: func(b []byte, v *int) ([]byte, error) { return binary.AppendVarint(b, int64(*v)), nil },
			Decode: func(b []byte) (int, error) {
				d := &speed.Decoder{B: b}
				return int(d.Varint()), d.Err()
			},
		})
		sp.Weigh(func(*int) int { return weight })
		for i := range 7 {
			sp.Add(7 - i)
			if spilled := sp.Spilled(); spilled != (weight == 5 && i >= 1) {
				t.Errorf("weight %d, %d added: spilled %v", weight, i+1, spilled)
			}
		}
		if got := slices.Collect(func(yield func(int) bool) { sp.Each(func(v *int) bool { return yield(*v) }) }); !slices.Equal(got, []int{1, 2, 3, 4, 5, 6, 7}) || sp.Err() != nil {
			t.Errorf("weight %d: read %v (%v)", weight, got, sp.Err())
		}
		sp.Close()
	}
}
