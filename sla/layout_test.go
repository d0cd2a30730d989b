package sla

import (
	"testing"
	"unsafe"
)

// TestEvaluatorLayout keeps what every applied event reads or writes of
// the Evaluator in six cache lines (see the comment on its fields): tm's
// set, on, now and feed, the fields from p to tryAll and sum's on flag. A
// host with an evaluator per tenant pays a likely cache miss per line
// (BenchmarkTenants). The offsets are those of a 64-bit platform, and an
// Evaluator starts on a multiple of 64 bytes.
func TestEvaluatorLayout(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the layout is checked on 64-bit platforms")
	}
	var ev Evaluator
	const line = 64
	tm := unsafe.Offsetof(ev.tm)
	hot := []struct {
		name      string
		off, size uintptr
	}{
		{"tm.set", tm + unsafe.Offsetof(ev.tm.set), unsafe.Sizeof(ev.tm.set)},
		{"tm.on", tm + unsafe.Offsetof(ev.tm.on), unsafe.Sizeof(ev.tm.on)},
		{"tm.now", tm + unsafe.Offsetof(ev.tm.now), unsafe.Sizeof(ev.tm.now)},
		{"tm.feed", tm + unsafe.Offsetof(ev.tm.feed), unsafe.Sizeof(ev.tm.feed)},
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
	first, last := hot[0], hot[0]
	for _, f := range hot {
		if f.off < first.off {
			first = f
		}
		if f.off+f.size > last.off+last.size {
			last = f
		}
	}
	lo, hi := first.off/line, (last.off+last.size-1)/line
	if n := hi - lo + 1; n > 6 {
		t.Errorf("Evaluator's per-event fields span cache lines %d (%s at byte %d) to %d (%s ending at byte %d): %d lines, want at most 6",
			lo, first.name, first.off, hi, last.name, last.off+last.size, n)
	}
}
