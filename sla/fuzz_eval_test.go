package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// mutate changes a seed agreement according to the bytes of m; the result
// may be invalid, which NewEvaluator must then reject.
func mutate(a Agreement, m []byte) Agreement {
	a.Versions = append([]Version(nil), a.Versions...) // never modify the seed
	v := &a.Versions[len(a.Versions)-1]
	v.Objectives = append([]Objective(nil), v.Objectives...)
	amend := -1 // days after the last version's start of an amendment copying it
	for i := 0; i+1 < len(m) && i < 16; i += 2 {
		if len(v.Objectives) == 0 {
			break
		}
		k := int(m[i+1]) % len(v.Objectives)
		o := v.Objectives[k]
		switch m[i] % 9 {
		case 0:
			v.Objectives = append(v.Objectives[:k:k], v.Objectives[k+1:]...)
			continue
		case 1:
			kinds := []string{PeriodWeek, PeriodMonth, PeriodQuarter, PeriodYear, PeriodRolling}
			o.Period = &PeriodSpec{Kind: kinds[int(m[i+1])%len(kinds)]}
			if o.Period.Kind == PeriodRolling {
				o.Period.Length = mustPeriod("P28D")
			}
		case 2:
			if o.Target != nil && o.Target.Unit != "" {
				o.Target = &Target{Within: mustPeriod("PT1H"), Unit: UnitBusiness}
			}
		case 3:
			if o.Target != nil && o.Target.AtLeast != nil {
				x := decimal.NewFromInt(int64(m[i+1]) % 101)
				o.Target = &Target{AtLeast: &x}
			}
		case 4:
			o.Penalties = nil
		case 5:
			a.Term.EffectiveTo = a.Term.EffectiveFrom.AddDate(0, 1+int(m[i+1])%14, 0)
		case 6:
			o.Scope = Scope{}
		case 7: // an amendment starting mid-month, at 07:00 UTC
			amend = int(m[i+1])
		case 8: // the term ends mid-month
			a.Term.EffectiveTo = a.Term.EffectiveFrom.AddDate(0, 0, 20+int(m[i+1])).Add(5 * time.Hour)
		}
		v.Objectives[k] = o
	}
	if amend >= 0 {
		c := *v
		c.Version, c.EffectiveFrom = c.Version+"-amended", v.EffectiveFrom.AddDate(0, 0, 1+amend).Add(7*time.Hour)
		c.Objectives = append([]Objective(nil), v.Objectives...)
		a.Versions = append(a.Versions, c)
	}
	return a
}

// fuzzEvents interprets b as a stream of events over the seed's templates,
// four bytes per event: template, subject, time step, attribute choice.
func fuzzEvents(name string, b []byte) ([]Event, time.Time) {
	tpls := seedTemplates(name)
	at := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	var es []Event
	for i := 0; i+3 < len(b) && len(es) < 400; i += 4 {
		tp := tpls[int(b[i])%len(tpls)]
		step := time.Duration(int8(b[i+2])) * 37 * time.Minute // may go back
		at = at.Add(step)
		var kv []string
		if len(tp.attrs) > 0 {
			kv = tp.attrs[int(b[i+3])%len(tp.attrs)]
		}
		id := "e" + itoa(i/4)
		if b[i+3]&0x80 != 0 && len(es) > 0 {
			id = es[len(es)-1].ID // a duplicate ID, perhaps of another subject
		}
		e := evt(id, tp.typ, tp.subj[int(b[i+1])%len(tp.subj)], tp.kind, at.Format(time.RFC3339), kv...)
		if tp.value || b[i+3]&0x40 != 0 {
			e = withValue(e, itoa(int(b[i+3])))
		}
		es = append(es, e)
	}
	return es, at.Add(90 * 24 * time.Hour)
}

func FuzzEvaluate(f *testing.F) {
	f.Add(uint8(0), []byte{}, []byte("\x00\x01\x10\x01\x01\x01\x10\x00\x06\x01\x10\x00"))
	f.Add(uint8(1), []byte{1, 0, 5, 3}, []byte("\x00\x00\x20\x00\x01\x00\x05\x00\x02\x01\x30\x00\x03\x01\x02\x00"))
	f.Add(uint8(2), []byte{3, 0}, []byte("\x00\x01\x40\x00\x00\x02\x40\x01\x01\x01\x40\x00\x02\x00\x7f\x00"))
	// A mid-month amendment (a copy of the last version 15 days after its
	// start, 07:00 UTC), and a term ending mid-month.
	f.Add(uint8(0), []byte{7, 14}, []byte("\x00\x01\x10\x01\x01\x01\x10\x00\x06\x01\x10\x00"))
	f.Add(uint8(1), []byte{7, 14}, []byte("\x00\x00\x20\x00\x01\x00\x05\x00\x02\x01\x30\x00\x03\x01\x02\x00"))
	f.Add(uint8(2), []byte{7, 14}, []byte("\x00\x01\x40\x00\x00\x02\x40\x01\x01\x01\x40\x00\x02\x00\x7f\x00"))
	f.Add(uint8(0), []byte{8, 10}, []byte("\x00\x01\x10\x01\x01\x01\x10\x00\x06\x01\x10\x00"))
	f.Add(uint8(2), []byte{8, 10}, []byte("\x00\x01\x40\x00\x00\x02\x40\x01\x01\x01\x40\x00\x02\x00\x7f\x00"))
	seeds := make([]Agreement, len(seedNames))
	for i, n := range seedNames {
		seeds[i] = loadSeed(f, n)
	}
	f.Fuzz(func(t *testing.T, which uint8, mut []byte, stream []byte) {
		i := int(which) % len(seedNames)
		a := mutate(seeds[i], mut)
		es, asOf := fuzzEvents(seedNames[i], stream)
		ev, err := NewEvaluator(a)
		if err != nil {
			return // rejected with an error: fine
		}
		for _, e := range es {
			_ = ev.Apply(e)
		}
		got := ev.Report(asOf)
		if n := got.Input.Total(); n != int64(len(es)) {
			t.Fatalf("Input.Total = %d, want %d: %+v", n, len(es), got.Input)
		}
		want, err := Evaluate(a, seq(es), asOf)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("batch vs streaming (-want +got):\n%s", diff)
		}
		checkApplyBatch(t, ev.Empty(), es, asOf, got)
		ev.NextChange(asOf)
		if _, err := Merge(a, ev.Partial()); err != nil {
			t.Fatalf("Merge of its own partial: %v", err)
		}
		// Retiring whatever can be retired changes no period verdict,
		// and the result persists through its partial.
		for _, ss := range ev.Partial().Subjects {
			if err := ev.Retire(ss.Type, ss.ID); err != nil && !errors.Is(err, ErrNotClosed) {
				t.Fatalf("Retire(%s, %s): %v", ss.Type, ss.ID, err)
			}
		}
		late := latest(es, asOf) // retired verdicts are final: ask as of the last event or later
		retired := ev.Report(late)
		if diff := cmp.Diff(want.Input, retired.Input); diff != "" {
			t.Fatalf("Retire changed the input accounting (-before +after):\n%s", diff)
		}
		held, err := Evaluate(a, seq(es), late)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(held.Periods, retired.Periods); diff != "" {
			t.Fatalf("periods with closed subjects retired (-held +retired):\n%s", diff)
		}
		back, err := Merge(a, ev.Partial())
		if err != nil {
			t.Fatalf("Merge of a partial with retired subjects: %v", err)
		}
		if diff := cmp.Diff(retired, back.Report(late)); diff != "" {
			t.Fatalf("retired state through its partial (-before +after):\n%s", diff)
		}
	})
}
