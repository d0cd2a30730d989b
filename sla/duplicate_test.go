package sla

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
)

// TestDuplicateOfOldEvent: issue 7 says duplicate event IDs are ignored and
// counted. Ticket T gets 8 events e0..e7 one minute apart; then e0 is sent
// again exactly (same ID, same instant 09:00, now 7 minutes before T's
// last event). It is a duplicate — not out of order — and so is a re-send
// of e3 after a snapshot, Forget and Restore. A new event f at 08:59 is out
// of order. By hand: applied 8, duplicates 2, rejected outOfOrder 1.
func TestDuplicateOfOldEvent(t *testing.T) {
	ev, err := NewEvaluator(benchAgreement(t))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var es []Event
	for i := range 8 {
		kind, attrs := "status-changed", []metric.Attr{{Key: "status", Value: "open"}}
		if i == 0 {
			kind, attrs = "ticket.created", nil
		}
		es = append(es, Event{ID: "e" + itoa(i), SubjectType: "ticket", Subject: "T", Kind: kind, At: at.Add(time.Duration(i) * time.Minute), Attrs: attrs})
	}
	for _, e := range es {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := ev.Apply(es[0]); !errors.Is(err, ErrDuplicateEvent) {
		t.Errorf("Apply(e0 again) = %v, want ErrDuplicateEvent", err)
	}
	ss, _ := ev.Snapshot("ticket", "T")
	ev.Forget("ticket", "T")
	if err := ev.Restore(ss); err != nil {
		t.Fatal(err)
	}
	if err := ev.Apply(es[3]); !errors.Is(err, ErrDuplicateEvent) {
		t.Errorf("Apply(e3 again, after Restore) = %v, want ErrDuplicateEvent", err)
	}
	late := es[1]
	late.ID, late.At = "f", at.Add(-time.Minute)
	if err := ev.Apply(late); !errors.Is(err, ErrOutOfOrder) {
		t.Errorf("Apply(f at 08:59) = %v, want ErrOutOfOrder", err)
	}
	in := ev.Report(at.Add(time.Hour)).Input
	if in.Applied != 8 || in.Duplicates != 2 || in.Rejected[ReasonOutOfOrder] != 1 {
		t.Errorf("input = %+v, want applied 8, duplicates 2, outOfOrder 1", in)
	}
}

// TestIDSet checks the set of ID hashes against a map (the obviously
// correct reference) across the inline part, the first table and growth.
func TestIDSet(t *testing.T) {
	var s idSet
	ref := map[uint64]bool{}
	first := func() []uint64 { return make([]uint64, firstTable) }
	for i := range 2000 {
		h := hashID("id" + itoa(i))
		if i%7 == 3 {
			h = uint64(i) << 40 // clustered low bits: long probe runs
		}
		if s.has(h) != ref[h] {
			t.Fatalf("has(%x) before add = %v, want %v", h, s.has(h), ref[h])
		}
		s.add(h, first)
		ref[h] = true
		if s.len() != len(ref) {
			t.Fatalf("len = %d, want %d", s.len(), len(ref))
		}
	}
	for h := range ref {
		if !s.has(h) {
			t.Fatalf("has(%x) = false after add", h)
		}
	}
	for i := range 2000 {
		if h := hashID("other" + itoa(i)); s.has(h) != ref[h] {
			t.Fatalf("has(%x) = %v, want %v", h, s.has(h), ref[h])
		}
	}
	if got := len(s.sorted()); got != len(ref) {
		t.Errorf("len(sorted()) = %d, want %d", got, len(ref))
	}
	if 2*int(s.n) > len(s.table) {
		t.Errorf("table %d slots holds %d: more than half full", len(s.table), s.n)
	}
}

// TestIDSetGrowthAllocs: remembering 1,000 event IDs of one subject
// allocates only when the table doubles: the first 4 IDs are inline, the
// first table (16 slots, up to 8 more IDs) comes from the slabs, and then
// 32, 64, ..., 2048 slots (half full at most: 988 IDs need 2048) — 7
// allocations, none per event.
func TestIDSetGrowthAllocs(t *testing.T) {
	hs := make([]uint64, 1000)
	for i := range hs {
		hs[i] = hashID("e" + itoa(i))
	}
	slab := make([]uint64, firstTable)
	first := func() []uint64 { return slab }
	allocs := testing.AllocsPerRun(1, func() {
		var s idSet
		clear(slab)
		for _, h := range hs {
			if !s.has(h) {
				s.add(h, first)
			}
		}
	})
	if allocs > 7 {
		t.Errorf("1,000 IDs cost %v allocations, want ≤ 7", allocs)
	}
}

// hashRef is hashID as first written: the tail's bytes gathered one at a
// time. Snapshots carry the hashes, so hashID must never change them.
func hashRef(s string) uint64 {
	const m = 0x9E3779B97F4A7C15
	h := uint64(len(s)) * m
	for ; len(s) >= 8; s = s[8:] {
		var x uint64
		for i := range 8 {
			x |= uint64(s[i]) << (8 * i)
		}
		h = (h ^ x) * m
		h ^= h >> 32
	}
	var x uint64
	for i := 0; i < len(s); i++ {
		x |= uint64(s[i]) << (8 * i)
	}
	h = (h ^ x) * m
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	return h
}

// TestHashIDStable: hashID equals the byte-at-a-time reference for every
// length up to 40 (every tail length, with and without whole words) and
// bytes of every value, including 0x00 and 0xff.
func TestHashIDStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 41 {
		for range 200 {
			b := make([]byte, n)
			for i := range b {
				switch rng.IntN(4) {
				case 0:
					b[i] = 0
				case 1:
					b[i] = 0xff
				default:
					b[i] = byte(rng.IntN(256))
				}
			}
			if got, want := hashID(string(b)), hashRef(string(b)); got != want {
				t.Fatalf("hashID(%q) = %#x, want %#x", b, got, want)
			}
		}
	}
}

// FuzzHashID: hashID equals the byte-at-a-time reference on any input.
func FuzzHashID(f *testing.F) {
	for _, s := range []string{"", "a", "ab", "abc", "abcd", "e1234567", "e12345678", "\x00\xff\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hashID(s), hashRef(s); got != want {
			t.Fatalf("hashID(%q) = %#x, want %#x", s, got, want)
		}
	})
}

// TestIDSetProbe: probe then addAt leaves the set exactly as has then add
// would (same hashes, same table slots), for random hashes with repeats
// and clustered low bits (long probe runs), across table growth.
func TestIDSetProbe(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var got, want idSet
		first := func() []uint64 { return make([]uint64, firstTable) }
		seen := map[uint64]bool{}
		for range rapid.IntRange(0, 300).Draw(t, "n") {
			h := rapid.Uint64().Draw(t, "h")
			switch rapid.IntRange(0, 3).Draw(t, "kind") {
			case 0:
				h = uint64(rapid.IntRange(0, 40).Draw(t, "small")) << 40 // same low bits
			case 1:
				h = uint64(rapid.IntRange(0, 3).Draw(t, "tiny")) // 0 and neighbours
			}
			dup, at := got.probe(h)
			if dup != want.has(h) || dup != seen[idKey(h)] {
				t.Fatalf("probe(%x) found = %v, has = %v, seen = %v", h, dup, want.has(h), seen[idKey(h)])
			}
			if dup {
				continue
			}
			got.addAt(h, at, first)
			want.add(h, first)
			seen[idKey(h)] = true
			if got.inline != want.inline || got.n != want.n || !slices.Equal(got.table, want.table) {
				t.Fatalf("after adding %x at %d: %v %d %x, want %v %d %x", h, at, got.inline, got.n, got.table, want.inline, want.n, want.table)
			}
		}
	})
}
