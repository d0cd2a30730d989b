package slatest

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/slaeval/slaeval/penalty"
)

// Option adjusts a comparison. Options are values of this closed interface,
// made by the functions of this package; they combine freely and are safe to
// share.
type Option interface {
	apply(*config)
}

type config struct {
	cmp           []cmp.Option
	objectives    map[string]bool // nil: every objective
	subjects      []subjectFilter // nil: every subject
	finalOnly     bool
	allowRejected bool
	errs          []error
}

type subjectFilter struct {
	typ string
	ids map[string]bool // nil: every subject of typ
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

func (c config) err() error { return errors.Join(c.errs...) }

// ApproxTime treats two non-zero instants as equal when they are at most
// margin apart (a host that stores due instants to the minute passes
// ApproxTime(time.Minute)). A zero instant equals only a zero instant.
// A negative margin is an invalid option.
func ApproxTime(margin time.Duration) Option {
	return optionFunc(func(c *config) {
		if margin < 0 {
			c.errs = append(c.errs, fmt.Errorf("slatest: ApproxTime(%v): negative margin", margin))
			return
		}
		c.cmp = append(c.cmp, cmpopts.EquateApproxTime(margin))
	})
}

// ApproxDuration treats two durations (Item.Elapsed, and in [DiffReports]
// every elapsed time, lateness and downtime) as equal when they differ by
// at most margin. A negative margin is an invalid option.
func ApproxDuration(margin time.Duration) Option {
	return optionFunc(func(c *config) {
		if margin < 0 {
			c.errs = append(c.errs, fmt.Errorf("slatest: ApproxDuration(%v): negative margin", margin))
			return
		}
		near := func(a, b time.Duration) bool {
			d := a - b
			return -margin <= d && d <= margin
		}
		c.cmp = append(c.cmp,
			cmp.Comparer(near),
			cmp.Comparer(func(a, b penalty.Duration) bool { return near(time.Duration(a), time.Duration(b)) }))
	})
}

// Objectives restricts Items and Periods to the objectives with these IDs
// (the ones the host computes). Credits are not affected. Repeated
// Objectives options add up.
func Objectives(ids ...string) Option {
	return optionFunc(func(c *config) {
		if c.objectives == nil {
			c.objectives = map[string]bool{}
		}
		for _, id := range ids {
			c.objectives[id] = true
		}
	})
}

// Subjects restricts Items to the subjects of type typ with these IDs, or
// to every subject of type typ when no ID is given. Repeated Subjects
// options add up.
func Subjects(typ string, ids ...string) Option {
	return optionFunc(func(c *config) {
		f := subjectFilter{typ: typ}
		if len(ids) > 0 {
			f.ids = map[string]bool{}
			for _, id := range ids {
				f.ids[id] = true
			}
		}
		c.subjects = append(c.subjects, f)
	})
}

// FinalOnly restricts Periods to final ones: a billing system that closes a
// month only after it ends has nothing to say about the running month.
func FinalOnly() Option {
	return optionFunc(func(c *config) { c.finalOnly = true })
}

// IgnoreFields leaves the named fields of typ out of the comparison: fields
// the host does not compute (IgnoreFields(Item{}, "Elapsed")). typ is one of
// Item{}, Period{} and Credit{}; an unknown type or field name is an invalid
// option.
func IgnoreFields(typ any, names ...string) Option {
	return optionFunc(func(c *config) {
		switch typ.(type) {
		case Item, Period, Credit:
		default:
			c.errs = append(c.errs, fmt.Errorf("slatest: IgnoreFields(%T): not Item, Period or Credit", typ))
			return
		}
		t := reflect.TypeOf(typ)
		for _, n := range names {
			if _, ok := t.FieldByName(n); !ok {
				c.errs = append(c.errs, fmt.Errorf("slatest: IgnoreFields(%s, %q): no such field", t.Name(), n))
				return
			}
		}
		c.cmp = append(c.cmp, cmpopts.IgnoreFields(typ, names...))
	})
}

// AllowRejected lets [Check] pass when slaeval rejected some of the events
// (tests that feed bad input on purpose). Without it, a rejected event
// fails the check: the host's test and slaeval would not be looking at the
// same history.
func AllowRejected() Option {
	return optionFunc(func(c *config) { c.allowRejected = true })
}

// CmpOptions passes go-cmp options through to the comparison, for anything
// the options above do not cover.
func CmpOptions(opts ...cmp.Option) Option {
	return optionFunc(func(c *config) { c.cmp = append(c.cmp, opts...) })
}
