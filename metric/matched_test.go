package metric

import (
	"reflect"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// genConditions draws least to 2 conditions over kinds a, b, c and attribute
// k, every op, so that one event often matches several lists.
func genConditions(t *rapid.T, label string, least int) []Condition {
	var cs []Condition
	for range rapid.IntRange(least, 2).Draw(t, label) {
		var c Condition
		c.Kinds = rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"a", "b", "c"}), 0, 2, func(s string) string { return s }).Draw(t, label+"Kinds")
		if rapid.Bool().Draw(t, label+"Test") {
			op := Op(rapid.IntRange(0, int(Absent)).Draw(t, label+"Op"))
			var vs []string
			switch op {
			case Equals:
				vs = []string{rapid.SampledFrom([]string{"x", "y"}).Draw(t, label+"Value")}
			case In, NotIn:
				vs = rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"x", "y"}), 1, 2, func(s string) string { return s }).Draw(t, label+"Values")
			}
			c.Attrs = []AttrTest{{Key: "k", Op: op, Values: vs}}
		}
		cs = append(cs, c)
	}
	return cs
}

// TestAdvanceMatched: a clock advanced with the lists Matching finds
// behaves exactly as one advanced by Advance and Apply (the same effects,
// steps, errors and states), for random condition lists that overlap,
// strict or not, every restart rule, and events whose attribute k may be
// absent, tested or given twice.
func TestAdvanceMatched(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		spec := ClockSpec{
			Name:      "random",
			Start:     genConditions(t, "start", 1),
			Stop:      genConditions(t, "stop", 0),
			Reset:     genConditions(t, "reset", 0),
			Pause:     genConditions(t, "pause", 0),
			Resume:    genConditions(t, "resume", 0),
			Restart:   Restart(rapid.IntRange(0, 2).Draw(t, "restart")),
			Strict:    rapid.Bool().Draw(t, "strict"),
			TargetKey: "priority",
			Targets:   []Target{wallTarget("", 4*time.Hour), wallTarget("urgent", time.Hour)},
		}
		c, err := NewClock(spec)
		if err != nil {
			t.Fatal(err)
		}
		result := rapid.Bool().Draw(t, "result")
		var a, b ClockState
		at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		for i := range rapid.IntRange(0, 30).Draw(t, "n") {
			at = at.Add(time.Duration(rapid.IntRange(0, 120).Draw(t, "gap")) * time.Minute)
			e := Event{Kind: rapid.SampledFrom([]string{"a", "b", "c", "d"}).Draw(t, "kind"), At: at}
			for range rapid.IntRange(0, 2).Draw(t, "attrs") {
				e.Attrs = append(e.Attrs, Attr{Key: rapid.SampledFrom([]string{"k", "priority", "other"}).Draw(t, "key"), Value: rapid.SampledFrom([]string{"x", "y", "z", "urgent"}).Draw(t, "value")})
			}
			m := c.Matching(&e)
			var want, got any
			var werr, gerr error
			if result {
				want, werr = c.Apply(&a, &e)
				got, gerr = c.ApplyMatched(&b, &e, m)
			} else {
				want, werr = c.Advance(&a, &e)
				got, gerr = c.AdvanceMatched(&b, &e, m)
			}
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gerr, werr) || !reflect.DeepEqual(a, b) {
				t.Fatalf("event %d %+v (lists %05b): matched %+v, %v, state %+v; want %+v, %v, state %+v", i, e, m, got, gerr, b, want, werr, a)
			}
		}
	})
}
