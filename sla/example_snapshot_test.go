package sla_test

import (
	"errors"
	"fmt"

	"github.com/rickb777/period"

	"github.com/slaeval/slaeval/sla"
)

// Shards of one host share an ID key (kept with the host's secrets) and
// each has an origin of its own. Their partials merge; merging one of them
// again would count its events twice, and is refused.
func ExampleOptions_NewEvaluator() {
	key := sla.IDKey{0x5e, 0xc7, 0xe7, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d}
	a := minimal()
	east, err := sla.Options{IDKey: key, Origin: "east/1"}.NewEvaluator(a)
	if err != nil {
		panic(err)
	}
	west, _ := sla.Options{IDKey: key, Origin: "west/1"}.NewEvaluator(a)
	_ = east.Apply(sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")})
	_ = west.Apply(sla.Event{ID: "2", SubjectType: "ticket", Subject: "T2", Kind: "ticket.created", At: at("2026-03-02T12:00:00Z")})

	all, _ := sla.Options{IDKey: key, Origin: "all/1"}.NewEvaluator(a)
	if err := all.Merge(east.Partial(), west.Partial()); err != nil {
		panic(err)
	}
	fmt.Println(all.Partial().Sources)
	err = all.Merge(east.Partial())
	fmt.Println(errors.Is(err, sla.ErrMismatch))
	// Output:
	// [all/1 east/1 west/1]
	// true
}

// A snapshot fits only the agreement it was taken under: the same JSON
// decoded again has the same fingerprint, an amended one another, and
// Restore refuses the snapshot there.
func ExampleEvaluator_Fingerprint() {
	a := minimal()
	ev, err := sla.NewEvaluator(a)
	if err != nil {
		panic(err)
	}
	_ = ev.Apply(sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")})
	ss, _ := ev.Snapshot("ticket", "T1")

	same, _ := sla.NewEvaluator(minimal())
	fmt.Println(same.Fingerprint() == ev.Fingerprint(), same.Restore(ss) == nil)

	amended := minimal()
	amended.Versions[0].Objectives[0].Target.Within = period.MustParse("PT8H") // was PT4H
	other, _ := sla.NewEvaluator(amended)
	err = other.Restore(ss)
	fmt.Println(other.Fingerprint() == ev.Fingerprint(), errors.Is(err, sla.ErrMismatch))
	// Output:
	// true true
	// false true
}
