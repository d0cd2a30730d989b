package metric

import (
	"testing"

	"pgregory.net/rapid"
)

// TestMatchAnyAll: the pointer forms agree with Condition.Match and
// AttrTest.Match on random conditions and events over a small vocabulary,
// and the empty lists behave as documented (no condition matches nothing;
// no test passes everything).
func TestMatchAnyAll(t *testing.T) {
	e := Event{Kind: "k"}
	if MatchAny(nil, &e) {
		t.Error("MatchAny(nil) = true, want false")
	}
	if !MatchAll(nil, &e) {
		t.Error("MatchAll(nil) = false, want true")
	}
	words := []string{"a", "b", "c"}
	genTest := func(t *rapid.T, l string) AttrTest {
		at := AttrTest{Key: rapid.SampledFrom(words).Draw(t, l+"key"), Op: Op(rapid.IntRange(0, int(Absent)).Draw(t, l+"op"))}
		n := rapid.IntRange(1, 2).Draw(t, l+"n")
		if at.Op == Equals {
			n = 1
		}
		for range n {
			at.Values = append(at.Values, rapid.SampledFrom(words).Draw(t, l+"v"))
		}
		return at
	}
	rapid.Check(t, func(t *rapid.T) {
		var cs []Condition
		for i := range rapid.IntRange(0, 3).Draw(t, "conds") {
			var c Condition
			if rapid.Bool().Draw(t, "kinds") {
				c.Kinds = rapid.SliceOfN(rapid.SampledFrom(words), 1, 2).Draw(t, "kind")
			}
			for range rapid.IntRange(0, 2).Draw(t, "tests") {
				c.Attrs = append(c.Attrs, genTest(t, itoa(i)))
			}
			cs = append(cs, c)
		}
		e := Event{Kind: rapid.SampledFrom(words).Draw(t, "ekind")}
		for range rapid.IntRange(0, 3).Draw(t, "attrs") {
			e.Attrs = append(e.Attrs, Attr{Key: rapid.SampledFrom(words).Draw(t, "ak"), Value: rapid.SampledFrom(words).Draw(t, "av")})
		}
		want := false
		for _, c := range cs {
			want = want || c.Match(e)
		}
		if got := MatchAny(cs, &e); got != want {
			t.Fatalf("MatchAny(%+v, %+v) = %v, want %v", cs, e, got, want)
		}
		for _, c := range cs {
			want := true
			for _, at := range c.Attrs {
				want = want && at.Match(e)
			}
			if got := MatchAll(c.Attrs, &e); got != want {
				t.Fatalf("MatchAll(%+v, %+v) = %v, want %v", c.Attrs, e, got, want)
			}
		}
	})
}
