package sla

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestPropSubjectOrder checks the order kept between reports against the
// plain way, sorting every subject held by type and ID, after random
// runs of new tickets (IDs of varied lengths sharing prefixes, so that
// the eight-byte prefixes tie), invoices (a second type), Forget, Retire
// and Restore, with reports in between.
func TestPropSubjectOrder(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	c, err := Compile(a)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		ev := c.NewEvaluator()
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		ids := rapid.SampledFrom([]string{"T", "T1", "T10", "T12345678", "T123456789", "T12345678a", "T2", "A", "AB", "ZZZZZZZZZZ"})
		var held []Event
		for i, n := 0, rapid.IntRange(1, 60).Draw(t, "ops"); i < n; i++ {
			at = at.Add(time.Minute)
			switch op := rapid.IntRange(0, 9).Draw(t, "op"); {
			case op < 6: // a new subject or another event of a held one
				e := Event{SubjectType: rapid.SampledFrom([]string{"ticket", "invoice"}).Draw(t, "type"),
					Subject: ids.Draw(t, "id") + rapid.StringMatching(`[0-9a-z]{0,3}`).Draw(t, "suffix"), At: at}
				e.Kind = map[string]string{"ticket": "ticket.created", "invoice": "invoice-issued"}[e.SubjectType]
				e.ID = "e" + itoa(i)
				if err := ev.Apply(e); err != nil {
					t.Fatal(err)
				}
				held = append(held, e)
			case op == 6 && len(held) > 0:
				e := rapid.SampledFrom(held).Draw(t, "forget")
				ev.Forget(e.SubjectType, e.Subject)
			case op == 7 && len(held) > 0:
				e := rapid.SampledFrom(held).Draw(t, "retire")
				_ = ev.Retire(e.SubjectType, e.Subject) // an error only says it is not held
			case op == 8 && len(held) > 0:
				e := rapid.SampledFrom(held).Draw(t, "restore")
				if ss, ok := ev.Snapshot(e.SubjectType, e.Subject); ok {
					if err := ev.Restore(ss); err != nil {
						t.Fatal(err)
					}
				}
			default:
				checkSubjectOrder(t, ev)
			}
		}
		checkSubjectOrder(t, ev)
	})
}

func checkSubjectOrder(t *rapid.T, ev *Evaluator) {
	var want []*subject
	for s := range ev.subjects.all() {
		want = append(want, s)
	}
	slices.SortFunc(want, func(a, b *subject) int {
		return cmp.Or(strings.Compare(a.typ(), b.typ()), strings.Compare(a.id(), b.id()))
	})
	got := ev.sortedSubjects()
	if !slices.Equal(got, want) {
		keys := func(ss []*subject) []string {
			var out []string
			for _, s := range ss {
				out = append(out, s.key)
			}
			return out
		}
		t.Fatalf("sortedSubjects = %q, want %q", keys(got), keys(want))
	}
}
