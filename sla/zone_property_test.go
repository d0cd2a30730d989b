package sla

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestPropEventZoneIrrelevant: the zone an event's instant is written in
// changes nothing: the same instants given in UTC and in zones far from
// the agreement's (Tokyo, Honolulu, Kathmandu's +05:45) give the same
// periods, credits and subject states. The evaluator must read an event's
// calendar fields (its day, its month) in the agreement's zone only.
func TestPropEventZoneIrrelevant(t *testing.T) {
	names, seeds := propertySeeds(t)
	var zones []*time.Location
	for _, z := range []string{"Asia/Tokyo", "Pacific/Honolulu", "Asia/Kathmandu"} {
		loc, err := time.LoadLocation(z)
		if err != nil {
			t.Fatal(err)
		}
		zones = append(zones, loc)
	}
	rapid.Check(t, func(t *rapid.T) {
		i := rapid.IntRange(0, len(names)-1).Draw(t, "seed")
		stream := rapid.SliceOfN(rapid.Byte(), 0, 400).Draw(t, "stream")
		es, asOf := fuzzEvents(names[i], stream)
		moved := slices.Clone(es)
		for k := range moved {
			moved[k].At = moved[k].At.In(zones[rapid.IntRange(0, len(zones)-1).Draw(t, "zone")])
		}
		want, err := Evaluate(seeds[i], seq(es), asOf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Evaluate(seeds[i], seq(moved), asOf)
		if err != nil {
			t.Fatal(err)
		}
		sameFigures(t, "with events in other zones", "UTC", "moved", want, got)
		if diff := gocmp.Diff(want.Subjects, got.Subjects, gocmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
			t.Fatalf("subjects with events in other zones (-UTC +moved):\n%s", diff)
		}
	})
}

// TestPropTermEndAfterReport: where the term ends changes nothing before
// it ends: an open-ended term and terms ending at random instants after
// the report's give the same periods and credits.
func TestPropTermEndAfterReport(t *testing.T) {
	names, seeds := propertySeeds(t)
	rapid.Check(t, func(t *rapid.T) {
		i := rapid.IntRange(0, len(names)-1).Draw(t, "seed")
		stream := rapid.SliceOfN(rapid.Byte(), 0, 400).Draw(t, "stream")
		es, asOf := fuzzEvents(names[i], stream)
		open := seeds[i]
		open.Term.EffectiveTo, open.Term.Renewal = time.Time{}, nil
		ending := open
		ending.Term.EffectiveTo = asOf.Add(time.Duration(rapid.IntRange(1, 400*24).Draw(t, "hours after")) * time.Hour)
		want, err := Evaluate(open, seq(es), asOf)
		if err != nil {
			t.Skip("not valid open-ended:", err)
		}
		got, err := Evaluate(ending, seq(es), asOf)
		if err != nil {
			t.Skip("not valid with that end:", err)
		}
		sameFigures(t, fmt.Sprintf("with the term ending %s", ending.Term.EffectiveTo), "open", "ending", want, got)
	})
}

// TestPropPriceStatedPerYear: a flat price of 10,000.00 a month and of
// 120,000.00 a year (a twelfth of it each month, doc.go) are the same
// charge: saas-uptime.json's credits and periods are the same either way.
// (Per week or quarter a month's share is not a whole number of them, so
// only the year is compared.)
func TestPropPriceStatedPerYear(t *testing.T) {
	monthly := loadSeed(t, "saas-uptime.json")
	yearly := loadSeed(t, "saas-uptime.json")
	yearly.Versions = slices.Clone(yearly.Versions)
	for vi := range yearly.Versions {
		v := &yearly.Versions[vi]
		v.Services = slices.Clone(v.Services)
		for si := range v.Services {
			p := v.Services[si].Pricing
			if p == nil || p.Model != PricingFlat || p.Per != PeriodMonth {
				continue
			}
			q := *p
			a := p.Amount.Mul(decimal.NewFromInt(12))
			q.Amount, q.Per = &a, PeriodYear
			v.Services[si].Pricing = &q
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		stream := rapid.SliceOfN(rapid.Byte(), 0, 400).Draw(t, "stream")
		es, asOf := fuzzEvents("saas-uptime.json", stream)
		want, err := Evaluate(monthly, seq(es), asOf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Evaluate(yearly, seq(es), asOf)
		if err != nil {
			t.Fatal(err)
		}
		sameFigures(t, "priced per year", "per month", "per year", want, got)
	})
}

// TestPropObjectiveCopyIndependent: objectives do not interfere: adding a
// copy of an objective (another ID, no penalties) changes no other
// objective's figures and no credit, and the copy's periods are the
// original's.
func TestPropObjectiveCopyIndependent(t *testing.T) {
	names, seeds := propertySeeds(t)
	rapid.Check(t, func(t *rapid.T) {
		i := rapid.IntRange(0, len(names)-1).Draw(t, "seed")
		a := seeds[i]
		a.Versions = slices.Clone(a.Versions)
		vi := rapid.IntRange(0, len(a.Versions)-1).Draw(t, "version")
		v := &a.Versions[vi]
		v.Objectives = slices.Clone(v.Objectives)
		o := v.Objectives[rapid.IntRange(0, len(v.Objectives)-1).Draw(t, "objective")]
		c := o
		c.ID, c.Penalties = o.ID+"-copy", nil
		v.Objectives = append(v.Objectives, c)
		stream := rapid.SliceOfN(rapid.Byte(), 0, 400).Draw(t, "stream")
		es, asOf := fuzzEvents(names[i], stream)
		want, err := Evaluate(seeds[i], seq(es), asOf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Evaluate(a, seq(es), asOf)
		if err != nil {
			t.Skip("the copy is not valid here:", err) // e.g. a ratio's objective copied
		}
		gotFigures, copies := map[string]string{}, map[string]string{}
		for k, f := range periodFigures(got) {
			if rest, ok := strings.CutPrefix(k, c.ID+" "); ok {
				copies[o.ID+" "+rest] = f
				continue
			}
			gotFigures[k] = f
		}
		if diff := gocmp.Diff(periodFigures(want), gotFigures); diff != "" {
			t.Fatalf("periods with a copy of %s (-without +with):\n%s", o.ID, diff)
		}
		originals := map[string]string{}
		for k, f := range periodFigures(want) {
			if strings.HasPrefix(k, o.ID+" ") {
				originals[k] = f
			}
		}
		// The copy is judged under the version it was added to only.
		for k := range originals {
			if _, ok := copies[k]; !ok {
				delete(originals, k)
			}
		}
		if diff := gocmp.Diff(originals, copies); diff != "" {
			t.Fatalf("the copy's periods (-%s +copy):\n%s", o.ID, diff)
		}
		if diff := gocmp.Diff(creditFigures(want), creditFigures(got)); diff != "" {
			t.Fatalf("credits with a copy of %s (-without +with):\n%s", o.ID, diff)
		}
	})
}
