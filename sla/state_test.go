package sla

import (
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
)

// TestPackClockRoundTrip: unpacking a packed clock state gives the state
// back, for any phase, target, cycles, durations, crossings of the
// clock's targets and instants (zero, or from minInstant to maxInstant),
// with the instants in UTC.
func TestPackClockRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		instant := func(label string) time.Time {
			if rapid.IntRange(0, 4).Draw(t, label+"Zero") == 0 {
				return time.Time{}
			}
			ns := rapid.Int64Range(minInstant.UnixNano(), maxInstant.UnixNano()-1).Draw(t, label)
			zone := time.FixedZone("", 60*rapid.IntRange(-14*60, 14*60).Draw(t, label+"Zone"))
			return time.Unix(0, ns).In(zone)
		}
		n := rapid.IntRange(0, metric.MaxTargets).Draw(t, "targets")
		cs := metric.ClockState{
			Phase:   metric.Phase(rapid.IntRange(0, 255).Draw(t, "phase")),
			Target:  uint8(rapid.IntRange(0, 255).Draw(t, "target")),
			Cycles:  rapid.Int32().Draw(t, "cycles"),
			Start:   instant("start"),
			Since:   instant("since"),
			Last:    instant("last"),
			Elapsed: time.Duration(rapid.Int64().Draw(t, "elapsed")),
			Next:    time.Duration(rapid.Int64().Draw(t, "next")),
		}
		for i := range n {
			cs.Crossed[i] = rapid.Int64().Draw(t, "crossed")
		}
		w := make([]int64, clockWords+n)
		packClock(w, n, &cs)
		var got metric.ClockState
		unpackClock(w, n, &got)
		for _, p := range []struct {
			name      string
			got, want time.Time
		}{{"start", got.Start, cs.Start}, {"since", got.Since, cs.Since}, {"last", got.Last, cs.Last}} {
			if !p.got.Equal(p.want) || p.got.IsZero() != p.want.IsZero() || !p.got.IsZero() && p.got.Location() != time.UTC {
				t.Fatalf("%s = %v, want %v in UTC", p.name, p.got, p.want)
			}
		}
		got.Start, got.Since, got.Last = cs.Start, cs.Since, cs.Last
		if got != cs {
			t.Fatalf("unpack(pack(%+v)) = %+v", cs, got)
		}
		d := obligationRec{Anchor: instant("anchor"), Done: instant("done")}
		packDeadline(w, d)
		if g := unpackDeadline(w); !g.Anchor.Equal(d.Anchor) || !g.Done.Equal(d.Done) || g.Anchor.IsZero() != d.Anchor.IsZero() || g.Done.IsZero() != d.Done.IsZero() {
			t.Fatalf("unpackDeadline(packDeadline(%v)) = %v", d, g)
		}
	})
}

// TestLayoutByType: a ticket of the benchmark agreement holds words for
// its own objectives only: first reply (one target: 6+1 words),
// resolution (a target and two by priority: 6+3), customer answers (a
// deadline: 2) and next reply (6+1), 25 in all; an invoice 2, for its
// deadline. Counted by hand from support-desk.json and benchAgreement.
func TestLayoutByType(t *testing.T) {
	ev, err := NewEvaluator(benchAgreement(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		typ   string
		words int
	}{{"ticket", 25}, {"invoice", 2}} {
		if got := ev.planOf(0, c.typ).lay.words; got != c.words {
			t.Errorf("words of a %s = %d, want %d", c.typ, got, c.words)
		}
	}
}

// TestInstantRange: Apply rejects instants the evaluator cannot hold
// exactly with ErrRange, and Restore a snapshot holding one with
// ErrCorrupt. The agreement's term starts in 1600 so that the instants
// are in it.
func TestInstantRange(t *testing.T) {
	if want := time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC); !minInstant.Equal(want) {
		t.Errorf("minInstant = %v, want %v", minInstant, want)
	}
	if want := time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC); !maxInstant.Equal(want) {
		t.Errorf("maxInstant = %v, want %v", maxInstant, want)
	}
	a := loadSeed(t, "minimal.json")
	from := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	a.Term.EffectiveFrom, a.Versions[0].EffectiveFrom = from, from
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	created := func(id string, at time.Time) Event {
		return Event{ID: id, SubjectType: "ticket", Subject: id, Kind: "ticket.created", At: at}
	}
	for _, c := range []struct {
		name string
		at   time.Time
		want error
	}{
		{"1677", time.Date(1677, 12, 31, 23, 59, 59, 999999999, time.UTC), ErrRange},
		{"first instant held", minInstant, nil},
		{"last instant held", maxInstant.Add(-1), nil},
		{"2262", maxInstant, ErrRange},
		{"9999", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), ErrRange},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := ev.Empty()
			if err := e.Apply(created("T", c.at)); !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
				t.Errorf("Apply at %v = %v, want %v", c.at, err, c.want)
			}
		})
	}
	e := ev.Empty()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := e.Apply(created("T", at)); err != nil {
		t.Fatal(err)
	}
	ss, _ := e.Snapshot("ticket", "T")
	ss.Last = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	checkErrAt(t, "Restore", ev.Empty().Restore(ss), ErrCorrupt, "last")
}
