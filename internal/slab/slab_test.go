package slab

import "testing"

// TestTakeDisjoint: slices taken from one pool never share elements, are
// zero, have their capacity clipped to their length, and appending to one
// leaves the others as they were.
func TestTakeDisjoint(t *testing.T) {
	var p Pool[int]
	var got [][]int
	for i := range Single + 300 { // allocations of their own, then blocks
		n := i % 7 // 0 … 6, so some requests straddle a block's end
		s := p.Take(n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Take(%d): len %d cap %d, want both %d", n, len(s), cap(s), n)
		}
		for j := range s {
			if s[j] != 0 {
				t.Fatalf("Take(%d)[%d] = %d, want 0", n, j, s[j])
			}
			s[j] = i + 1 // mark it as the i-th slice's
		}
		got = append(got, s)
	}
	for i, s := range got {
		_ = append(s, -1) // must reallocate, not write into a neighbour
		for j := range s {
			if s[j] != i+1 {
				t.Fatalf("slice %d element %d = %d, want %d: another slice wrote into it", i, j, s[j], i+1)
			}
		}
	}
}

// TestSingleFirst: the first Single requests get an allocation each (no
// block is made, and each slice is exactly its length), the next one
// starts the first block.
func TestSingleFirst(t *testing.T) {
	var p Pool[int64]
	for i := range Single {
		s := p.Take(3)
		if len(s) != 3 || cap(s) != 3 {
			t.Fatalf("Take(3) #%d: len %d cap %d, want 3 and 3", i, len(s), cap(s))
		}
		if p.buf != nil {
			t.Fatalf("after %d requests the pool made a block of %d, want none before %d requests", i+1, cap(p.buf), Single)
		}
	}
	p.Take(3)
	if got := cap(p.buf); got != First {
		t.Errorf("request %d: first block holds %d elements, want First = %d", Single+1, got, First)
	}
}

// TestBlockGrowth: after the first Single requests, blocks grow First,
// 2×First, … up to Max, so a pool serving few requests keeps few
// elements; a request larger than the next block gets a block of its own
// size.
func TestBlockGrowth(t *testing.T) {
	var p Pool[byte]
	for range Single + 1 {
		p.Take(1)
	}
	if got := cap(p.buf); got != First {
		t.Errorf("first block holds %d elements, want First = %d", got, First)
	}
	// Fill blocks one element at a time and record each new block's size.
	var sizes []int
	last := cap(p.buf)
	for range 2000 {
		p.Take(1)
		if c := cap(p.buf); len(p.buf) == 1 {
			sizes = append(sizes, c)
		} else if c != last {
			t.Fatalf("block size changed to %d mid-block", c)
		}
		last = cap(p.buf)
	}
	// First = 8: blocks of 16, 32, 64, 128, then 256 for ever.
	want := []int{16, 32, 64, 128, 256, 256, 256, 256}
	if len(sizes) < len(want) {
		t.Fatalf("%d new blocks, want at least %d", len(sizes), len(want))
	}
	for i, w := range want {
		if sizes[i] != w {
			t.Errorf("block %d holds %d elements, want %d (sizes %v)", i+2, sizes[i], w, sizes)
		}
	}
	q := Pool[byte]{single: Single}
	if s := q.Take(1000); len(s) != 1000 || cap(q.buf) != 1000 {
		t.Errorf("Take(1000) on a new pool: len %d, block %d, want 1000 and 1000", len(s), cap(q.buf))
	}
	if s := q.Take(0); s != nil {
		t.Errorf("Take(0) = %v, want nil", s)
	}
}
