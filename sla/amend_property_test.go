package sla

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
)

// TestPropIdenticalAmendment: an amendment that changes nothing (a copy
// of the last version, in force from a day and hour drawn at random,
// mid-month mostly) changes no figure of any period or credit month and
// no termination right, only the version labels: the same facts stated two ways give the same
// answer. Streams are random events over each seed's templates
// (fuzzEvents).
func TestPropIdenticalAmendment(t *testing.T) {
	names, seeds := propertySeeds(t)
	rapid.Check(t, func(t *rapid.T) {
		i := rapid.IntRange(0, len(names)-1).Draw(t, "seed")
		plain := seeds[i]
		// The streams start on 5 January 2026 at 08:00 UTC and mostly
		// stay within a few weeks of it.
		from := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC).Add(time.Duration(rapid.IntRange(-100, 30*24).Draw(t, "hours")) * time.Hour)
		amended := amendAt(plain, from)
		stream := rapid.SliceOfN(rapid.Byte(), 0, 400).Draw(t, "stream")
		es, asOf := fuzzEvents(names[i], stream)
		want, err := Evaluate(plain, seq(es), asOf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Evaluate(amended, seq(es), asOf)
		if err != nil {
			t.Skip("the amendment is not valid for this agreement:", err) // e.g. after the term's end
		}
		what := fmt.Sprintf("with an identical amendment from %s", from)
		sameFigures(t, what, "without", "with", want, got)
		if diff := gocmp.Diff(want.Terminations, got.Terminations); diff != "" {
			t.Fatalf("termination rights %s (-without +with):\n%s", what, diff)
		}
	})
}

// propertySeeds are the agreements the report properties run on, with
// their names (seedTemplates has event templates for each).
func propertySeeds(t testing.TB) ([]string, []Agreement) {
	names := append(slices.Clone(seedNames), "priority-compliance.json", "rolling-credits.json")
	seeds := make([]Agreement, len(names))
	for i, n := range names {
		seeds[i] = loadSeed(t, n)
	}
	return names, seeds
}

// sameFigures fails t unless want and got, two reports of the same facts
// stated two ways (what, a and b name them), have the same period figures
// and credits.
func sameFigures(t *rapid.T, what, a, b string, want, got Report) {
	if diff := gocmp.Diff(periodFigures(want), periodFigures(got)); diff != "" {
		t.Fatalf("periods %s (-%s +%s):\n%s", what, a, b, diff)
	}
	if diff := gocmp.Diff(creditFigures(want), creditFigures(got)); diff != "" {
		t.Fatalf("credits %s (-%s +%s):\n%s", what, a, b, diff)
	}
}

// amendAt returns a with an amendment from 'from' that copies the version
// in force then (a unchanged when none is, or one starts then).
func amendAt(a Agreement, from time.Time) Agreement {
	k := -1
	for i, v := range a.Versions {
		if !v.EffectiveFrom.After(from) {
			k = i
		}
	}
	if k < 0 || a.Versions[k].EffectiveFrom.Equal(from) {
		return a
	}
	c := a.Versions[k]
	c.Version, c.EffectiveFrom = c.Version+"-amended", from
	a.Versions = slices.Insert(slices.Clone(a.Versions), k+1, c)
	return a
}

// periodFigures are a report's period figures by objective and period,
// without the version labels.
func periodFigures(r Report) map[string]string {
	out := map[string]string{}
	for _, pr := range r.Periods {
		k := fmt.Sprintf("%s %s–%s %s", pr.Objective, pr.Period.Start.UTC().Format("2006-01-02T15:04"), pr.Period.End.UTC().Format("2006-01-02T15:04"), pr.Segment)
		v := fmt.Sprintf("%s final=%v met=%d missed=%d excused=%d pending=%d down=%v service=%v excluded=%v", pr.Verdict, pr.Final, pr.Met, pr.Missed, pr.Excused, pr.Pending, pr.Down, pr.Service, pr.Excluded)
		if pr.Attainment != nil {
			v += " att=" + pr.Attainment.String()
		}
		if pr.Value != nil {
			v += " value=" + pr.Value.String()
		}
		out[k] = v
	}
	return out
}

// creditFigures are a report's credits by credit month.
func creditFigures(r Report) map[string]string {
	out := map[string]string{}
	for _, pp := range r.Penalties {
		out[pp.Period.Start.UTC().Format("2006-01-02")] = pp.Credit.String() + " bonus " + pp.Bonus.String()
	}
	return out
}

// TestPropIdenticalAmendmentFeed: the change feed of an evaluator
// given an identical amendment hands over the same changes as without,
// but for the version labels, when the events are fed in time order and
// the evaluator is advanced to the report's instant.
func TestPropIdenticalAmendmentFeed(t *testing.T) {
	names, seeds := propertySeeds(t)
	rapid.Check(t, func(t *rapid.T) {
		i := rapid.IntRange(0, len(names)-1).Draw(t, "seed")
		from := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC).Add(time.Duration(rapid.IntRange(-100, 30*24).Draw(t, "hours")) * time.Hour)
		stream := rapid.SliceOfN(rapid.Byte(), 0, 200).Draw(t, "stream")
		es, asOf := fuzzEvents(names[i], stream)
		slices.SortStableFunc(es, func(a, b Event) int { return a.At.Compare(b.At) })
		feed := func(a Agreement) []Change {
			ev, err := NewEvaluator(a)
			if err != nil {
				t.Skip("not valid:", err)
			}
			var got []Change
			ev.SetFeed(func(c Change) {
				c.Version = ""
				if c.Kind == ChangeTermination {
					c.Termination.Period = metric.Period{} // compared by objective and instant
				}
				got = append(got, c)
			})
			for _, e := range es {
				_ = ev.Apply(e) // rejected events are the same both ways
			}
			ev.Advance(asOf)
			return got
		}
		want, got := feed(seeds[i]), feed(amendAt(seeds[i], from))
		// Changes at one instant come in report order, periods by
		// version first: compare them as sets per instant.
		for _, cs := range [][]Change{want, got} {
			slices.SortStableFunc(cs, func(a, b Change) int {
				return cmp.Or(a.At.Compare(b.At), strings.Compare(a.Kind, b.Kind), strings.Compare(a.SubjectType+"/"+a.Subject, b.SubjectType+"/"+b.Subject),
					strings.Compare(a.Objective, b.Objective), a.Period.Start.Compare(b.Period.Start))
			})
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("feed with an identical amendment from %s (-without +with):\n%s", from, diff)
		}
	})
}
