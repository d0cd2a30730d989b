package metric

import (
	"testing"
	"unsafe"
)

func TestClockStateSize(t *testing.T) {
	// Phase, Target, Cycles (8) + Start, Since, Last (3 × 24) + Elapsed (8)
	// + Crossed (8 × 8) = 152 bytes on 64-bit platforms.
	if got := unsafe.Sizeof(ClockState{}); got > 160 {
		t.Errorf("Sizeof(ClockState) = %d, want ≤ 160", got)
	}
}
