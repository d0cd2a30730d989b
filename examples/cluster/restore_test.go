package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slaeval/slaeval/sla"
)

// TestRestoreFeed: an evaluator saved (puts) after half the replay month
// and restored from those records (stored.tenants) hands its feed, for
// the second half, exactly the changes an evaluator that never stopped
// hands over: none of the first half's again (the restore advances it to
// the stored clock before setting the feed), none missing. The reference
// is the uninterrupted evaluator; the test fails if restore skips the
// Advance (the first event after it re-sends every earlier timer change).
func TestRestoreFeed(t *testing.T) {
	td, c := deskCompiled(t)
	var key sla.IDKey
	fresh := func(string) (*tenantState, error) { return newTenantState(c, key, "t", 0) }
	events := td.deskEvents
	half := len(events) / 2

	whole, _ := fresh("t")
	whole.watch()
	for _, e := range events[:half] {
		whole.advance(e.At)
		_ = whole.ev.Apply(e)
	}
	puts, err := whole.puts(0, "t")
	if err != nil {
		t.Fatal(err)
	}
	st := newStored()
	for _, kp := range puts {
		if err := st.add(0, kp.key, kp.val, 0); err != nil {
			t.Fatal(err)
		}
	}
	restored, err := st.tenants(fresh)
	if err != nil {
		t.Fatal(err)
	}
	again := restored["t"]
	whole.feed = nil
	for _, e := range events[half:] {
		whole.advance(e.At)
		_ = whole.ev.Apply(e)
		again.advance(e.At)
		_ = again.ev.Apply(e)
	}
	if len(whole.feed) == 0 {
		t.Fatal("the second half hands over no change")
	}
	if d := cmp.Diff(whole.feed, again.feed); d != "" {
		t.Errorf("feed of the restored evaluator differs from the uninterrupted one's (-want +got):\n%s", d)
	}
}

// deskCompiled loads the test data and compiles the support desk agreement.
func deskCompiled(tb testing.TB) (testData, *sla.Compiled) {
	tb.Helper()
	td, err := loadTestData()
	if err != nil {
		tb.Fatal(err)
	}
	c, err := sla.Compile(td.desk)
	if err != nil {
		tb.Fatal(err)
	}
	return td, c
}
