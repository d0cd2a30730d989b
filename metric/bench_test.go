package metric

import (
	"testing"
	"time"

	"github.com/slaeval/slaeval/calendar"
)

// benchStream is one ticket's life, replayed over and over with advancing
// instants: created, pending, open, public reply, solved, reopened.
// withRetarget adds a priority change (normal → urgent → normal) so the
// target changes mid-clock.
func benchApply(b *testing.B, cal *calendar.Calendar, withRetarget bool) {
	c := MustClock(RequesterWaitTime(cal,
		wallTarget("", 8*time.Hour), wallTarget("urgent", time.Hour), wallTarget("low", 24*time.Hour)))
	type step struct {
		kind, status, prio string
	}
	steps := []step{
		{KindCreated, StatusNew, "normal"},
		{KindUpdated, StatusPending, ""},
		{KindUpdated, StatusOpen, ""},
		{KindComment, "", ""},
		{KindUpdated, StatusSolved, ""},
		{KindUpdated, StatusOpen, ""},
		{KindUpdated, StatusSolved, ""},
	}
	if withRetarget {
		steps[2].prio = "urgent"
		steps[5].prio = "normal"
	}
	attrs := make([]Attr, 0, 4)
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var s ClockState
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(steps)
		if k == 0 {
			s = ClockState{} // next ticket
		}
		st := steps[k]
		attrs = attrs[:0]
		if st.status != "" {
			attrs = append(attrs, Attr{AttrStatus, st.status})
		}
		if st.prio != "" {
			attrs = append(attrs, Attr{AttrPriority, st.prio})
		}
		if st.kind == KindComment {
			attrs = append(attrs, Attr{AttrAuthor, AuthorAgent}, Attr{AttrPublic, "true"})
		}
		// Instants wrap every 7×10,000 events (about 2.3 years), at a
		// ticket boundary, so they stay inside the calendar's horizon.
		e := Event{Kind: st.kind, At: base.Add(time.Duration(i%70000) * 17 * time.Minute), Attrs: attrs}
		if _, err := c.Apply(&s, &e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClockApply(b *testing.B) {
	b.Run("24x7", func(b *testing.B) { benchApply(b, nil, false) })
	b.Run("24x7/retarget", func(b *testing.B) { benchApply(b, nil, true) })
}

func BenchmarkClockStatus(b *testing.B) {
	c := MustClock(RequesterWaitTime(nil, wallTarget("", 8*time.Hour)))
	var s ClockState
	if _, err := c.Apply(&s, new(ev(KindCreated, "2026-03-02 09:00"))); err != nil {
		b.Fatal(err)
	}
	asOf := at("2026-03-02 12:00")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = c.Status(s, asOf)
		_, _ = c.NextChange(s, asOf)
	}
}
