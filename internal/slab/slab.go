// Package slab hands out small fixed-size slices carved from shared
// blocks, so that a structure made of several small slices costs about
// one allocation instead of one per slice.
//
// Nothing here is API: it serves the sla evaluator's subjects.
package slab

// A pool serves its first Single requests with an allocation each, and
// only then carves blocks: First elements (or more, for a larger
// request), each later block twice its predecessor's, up to Max.
//
// Why a pool allocates one by one first: the Go allocator places an
// allocation next to the one of the same size made just before, whoever
// made it, so the slices that the pools of many evaluators (one per
// tenant) hand out at about the same time lie together in memory, as one
// large evaluator's lie together in its blocks, and the ones in use at a
// time share cache lines and pages. A block per pool instead holds its
// slices apart from every other pool's, beside the pool's own older ones,
// long idle when the pool serves few requests an hour. Over 1,000 tenants
// of 100 subjects each, the same events cost about 1.4 times those
// through one evaluator when blocks start after 32 requests, and 1.2
// times when they start after 1,024 (BenchmarkTenantCount in package sla,
// 2026-12-03). Blocks pay for a pool that serves many requests: about one
// allocation per block instead of one per request, and fewer objects for
// the garbage collector to mark. Single is chosen so that a tenant of up
// to a thousand subjects never has blocks, while an evaluator of a
// million has blocks for all but its first thousand.
const (
	Single = 1024
	First  = 8
	Max    = 256
)

// Pool hands out slices of T, allocated one by one and then from blocks
// it allocates. A block is freed by the garbage collector when no slice
// carved from it is referenced.
//
// The zero Pool is ready to use. A Pool is owned by one goroutine.
type Pool[T any] struct {
	buf    []T
	next   int // size of the next block; 0 before the first
	single int // requests served with an allocation of their own, up to Single
}

// Take returns n zero elements, with their capacity clipped so that
// appending to the result never touches a neighbour. Take(0) is nil.
func (p *Pool[T]) Take(n int) []T {
	if n <= 0 {
		return nil
	}
	if p.single < Single {
		p.single++
		return make([]T, n)
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
