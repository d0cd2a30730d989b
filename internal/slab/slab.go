// Package slab hands out small fixed-size slices carved from shared
// blocks, so that a structure made of several small slices costs about
// one allocation instead of one per slice.
//
// Nothing here is API: it serves the sla evaluator's subjects.
package slab

// Block sizes, in elements: a pool's first block holds First elements
// (or more, for a larger request), and each later block twice its
// predecessor's, up to Max. A pool that serves a handful of requests (an
// evaluator of a small tenant) so keeps a handful of elements, not Max;
// one that serves millions allocates a block per Max elements.
const (
	First = 8
	Max   = 256
)

// Pool hands out slices of T from blocks it allocates. A block is freed
// by the garbage collector when no slice carved from it is referenced.
//
// The zero Pool is ready to use. A Pool is owned by one goroutine.
type Pool[T any] struct {
	buf  []T
	next int // size of the next block; 0 before the first
}

// Take returns n zero elements, with their capacity clipped so that
// appending to the result never touches a neighbour. Take(0) is nil.
func (p *Pool[T]) Take(n int) []T {
	if n <= 0 {
		return nil
	}
	if cap(p.buf)-len(p.buf) < n {
		if p.next == 0 {
			p.next = First
		}
		size := max(p.next, n)
		p.next = min(2*p.next, Max)
		p.buf = make([]T, 0, size)
	}
	i := len(p.buf)
	p.buf = p.buf[:i+n]
	return p.buf[i : i+n : i+n]
}
