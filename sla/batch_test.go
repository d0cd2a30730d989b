package sla

import (
	"errors"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// checkApplyBatch applies es to the empty evaluator ev with ApplyBatch
// and fails unless the report equals want, the report of applying them
// one at a time, and the rejections returned are those Apply gives, one at
// a time, to an empty evaluator of the same key: the same positions and
// errors, as many as the report counts (duplicates included).
func checkApplyBatch(t interface {
	Helper()
	Fatalf(string, ...any)
}, ev *Evaluator, es []Event, asOf time.Time, want Report) {
	t.Helper()
	ref := ev.Empty()
	var wantRej []Rejection
	for i, e := range es {
		if err := ref.Apply(e); err != nil {
			wantRej = append(wantRej, Rejection{i, err})
		}
	}
	rejected := ev.ApplyBatch(es)
	got := ev.Report(asOf)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("ApplyBatch vs Apply (-Apply +ApplyBatch):\n%s", diff)
	}
	if diff := cmp.Diff(wantRej, rejected, cmpRejection); diff != "" {
		t.Fatalf("ApplyBatch rejections (-Apply +ApplyBatch):\n%s", diff)
	}
	if n := got.Input.Total() - got.Input.Applied - got.Input.IgnoredTotal(); int64(len(rejected)) != n {
		t.Fatalf("ApplyBatch returned %d rejected, the report counts %d (duplicates included)", len(rejected), n)
	}
}

// cmpRejection compares rejections' errors: both *EventError, with the
// same text and reason.
var cmpRejection = cmp.Comparer(func(a, b error) bool {
	var ea, eb *EventError
	return errors.As(a, &ea) && errors.As(b, &eb) && a.Error() == b.Error() && reasonOf(a) == reasonOf(b)
})

// TestApplyBatch: ApplyBatch reports what Apply does, for slices that end
// before, on and after its read-ahead boundaries (64 events), and for a
// long stream with duplicates and rejections spread over many batches.
func TestApplyBatch(t *testing.T) {
	a := benchAgreement(t)
	base, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	es := ticketEvents(200) // 2,000 events in time order
	// Every 97th event again (a duplicate), and every 89th moved an hour
	// before its subject's previous event (out of order).
	var stream []Event
	for i, e := range es {
		stream = append(stream, e)
		if i%97 == 96 {
			stream = append(stream, e)
		}
		if i%89 == 88 {
			late := e
			late.ID += "-late"
			late.At = e.At.Add(-24 * time.Hour)
			stream = append(stream, late)
		}
	}
	asOf := es[len(es)-1].At.Add(time.Hour)
	for _, n := range []int{0, 1, 63, 64, 65, 128, 129, len(stream)} {
		part := stream[:n]
		one := base.Empty()
		for _, e := range part {
			_ = one.Apply(e)
		}
		want := one.Report(asOf)
		if n == len(stream) && (want.Input.Duplicates == 0 || want.Input.Rejected[ReasonOutOfOrder] == 0) {
			t.Fatalf("the stream exercised too little: %+v", want.Input)
		}
		checkApplyBatch(t, base.Empty(), part, asOf, want)
	}
}

// TestTouchCoversEvent: the fields touch reads lie in every 64-byte cache
// line an Event can occupy, wherever in a slice it starts (elements are
// 8-byte aligned), so reading ahead leaves none of an event's lines to
// miss later. It fails when a field touch relies on moves or the struct
// grows past what they cover.
func TestTouchCoversEvent(t *testing.T) {
	var e Event
	size := unsafe.Sizeof(e)
	read := []uintptr{ // first and last byte of each field touch reads
		unsafe.Offsetof(e.ID), unsafe.Offsetof(e.ID) + unsafe.Sizeof(e.ID) - 1,
		unsafe.Offsetof(e.At), unsafe.Offsetof(e.At) + 7, // At.Nanosecond reads its first word
		unsafe.Offsetof(e.HasValue), unsafe.Offsetof(e.HasValue),
	}
	const line = 64
	for start := uintptr(0); start < line; start += 8 {
		for l := start / line; l <= (start+size-1)/line; l++ {
			covered := false
			for i := 0; i < len(read); i += 2 {
				if (start+read[i])/line <= l && l <= (start+read[i+1])/line {
					covered = true
				}
			}
			if !covered {
				t.Errorf("an Event starting at offset %d of a line: its line %d is read by none of touch's fields", start, l-start/line)
			}
		}
	}
	// touch reads ahead without changing anything, and an empty slice or
	// IDs that are empty cost nothing but the loop.
	es := []Event{{ID: "a", At: time.Unix(0, 5)}, {}}
	if got, want := touch(es), uint64(1+5+'a'); got != want {
		t.Errorf("touch = %d, want %d (len(ID) + nanoseconds + ID's first byte)", got, want)
	}
	if touch(nil) != 0 {
		t.Error("touch(nil) != 0")
	}
}
