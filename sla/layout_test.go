package sla

import (
	"testing"
	"unsafe"
)

// TestEvaluatorLayout keeps what every applied event reads or writes of
// the Evaluator in few cache lines (see the comment on its fields): the
// fields before sum, and sum's on flag, in the first six lines of 64
// bytes, and the head of tm (set, on, now, feed) in one line. A host with
// an evaluator per tenant pays a likely cache miss per line
// (BenchmarkTenants). The offsets are those of a 64-bit platform.
func TestEvaluatorLayout(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the layout is checked on 64-bit platforms")
	}
	var ev Evaluator
	const line = 64
	hot := []struct {
		name      string
		off, size uintptr
	}{
		{"p", unsafe.Offsetof(ev.p), unsafe.Sizeof(ev.p)},
		{"subjects", unsafe.Offsetof(ev.subjects), unsafe.Sizeof(ev.subjects)},
		{"cache", unsafe.Offsetof(ev.cache), unsafe.Sizeof(ev.cache)},
		{"acct", unsafe.Offsetof(ev.acct), unsafe.Sizeof(ev.acct)},
		{"cfg", unsafe.Offsetof(ev.cfg), unsafe.Sizeof(ev.cfg)},
		{"gone", unsafe.Offsetof(ev.gone), unsafe.Sizeof(ev.gone)},
		{"recount", unsafe.Offsetof(ev.recount), unsafe.Sizeof(ev.recount)},
		{"tryAll", unsafe.Offsetof(ev.tryAll), unsafe.Sizeof(ev.tryAll)},
		{"sum.on", unsafe.Offsetof(ev.sum) + unsafe.Offsetof(ev.sum.on), unsafe.Sizeof(ev.sum.on)},
	}
	for _, f := range hot {
		if end := f.off + f.size; end > 6*line {
			t.Errorf("Evaluator.%s ends at byte %d, want within the first %d (six cache lines)", f.name, end, 6*line)
		}
	}
	tm := unsafe.Offsetof(ev.tm)
	first := tm + unsafe.Offsetof(ev.tm.set)
	last := tm + unsafe.Offsetof(ev.tm.feed) + unsafe.Sizeof(ev.tm.feed) - 1
	if first/line != last/line {
		t.Errorf("Evaluator.tm's set … feed span bytes %d to %d, two cache lines; want one", first, last)
	}
}
