package slatest

import (
	"cmp"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
	"github.com/slaeval/slaeval/sla"
)

// View is the part of a report a host computes for itself, flat and in
// host-friendly types. A nil section is not compared by [Diff] and [Check]:
// a helpdesk sets Items, a billing system Periods and Credits. An empty,
// non-nil section is compared (the host says "nothing here").
//
// The zero View compares nothing.
type View struct {
	Items   []Item   // per subject and objective
	Periods []Period // per objective and reporting period
	Credits []Credit // per credit period
}

// Item is one objective of one subject (a ticket's first reply, an
// invoice's payment), as of the report's instant: for a clock its current
// cycle, for a deadline objective its latest obligation.
//
// The zero Item is a subject objective that has not started, with no due
// instant.
type Item struct {
	Type      string        // subject type, e.g. "ticket"
	ID        string        // subject ID, e.g. "T-1"
	Objective string        // objective ID, e.g. "first-reply"
	State     string        // sla.State* constant
	Due       time.Time     // zero when there is none (paused, stopped, not started)
	BreachAt  time.Time     // zero unless breached
	Elapsed   time.Duration // clocks: elapsed time on the objective's calendar
}

// Period is one objective over one reporting period.
//
// The zero Period is an unassessed period of no objective.
type Period struct {
	Objective  string
	Start      time.Time
	End        time.Time // exclusive
	Final      bool      // false for the period still running at the report's instant
	Verdict    string    // sla.Verdict* constant
	Attainment decimal.Decimal
	// Attainment is a percentage (availability, ratio, volume), zero when
	// the report gives none.
}

// Credit is the money owed for one credit period (a calendar month), after
// caps, claims and rounding.
//
// The zero Credit is no credit in a period that starts at the zero instant.
type Credit struct {
	Start  time.Time
	Credit penalty.Money // owed by the provider; zero Money and "USD 0.00" compare equal
	Bonus  penalty.Money // owed to the provider
}

// ViewOf projects a report onto a View with every section set (non-nil),
// in canonical order. Items cover only the objectives in scope for their
// subject. For a deadline objective an Item's State and Due are those of
// its latest obligation.
func ViewOf(r sla.Report) View {
	v := View{Items: []Item{}, Periods: []Period{}, Credits: []Credit{}}
	for _, s := range r.Subjects {
		for _, o := range s.Objectives {
			if !o.InScope {
				continue
			}
			it := Item{
				Type: s.Type, ID: s.ID, Objective: o.Objective, State: o.State,
				Due: o.Due, BreachAt: o.BreachAt, Elapsed: o.Elapsed,
			}
			if n := len(o.Deadlines); n > 0 && it.Due.IsZero() {
				d := o.Deadlines[n-1]
				it.State, it.Due = d.State, d.Due
				if d.State == sla.StateBreached {
					it.BreachAt = d.Due
				}
			}
			v.Items = append(v.Items, it)
		}
	}
	for _, p := range r.Periods {
		pp := Period{
			Objective: p.Objective, Start: p.Period.Start, End: p.Period.End,
			Final: p.Final, Verdict: p.Verdict,
		}
		if p.Attainment != nil {
			pp.Attainment = *p.Attainment
		}
		v.Periods = append(v.Periods, pp)
	}
	for _, p := range r.Penalties {
		v.Credits = append(v.Credits, Credit{Start: p.Period.Start, Credit: p.Credit, Bonus: p.Bonus})
	}
	v.sort()
	return v
}

// sort puts every section in canonical order, in place.
func (v View) sort() {
	slices.SortStableFunc(v.Items, func(a, b Item) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Objective, b.Objective))
	})
	slices.SortStableFunc(v.Periods, func(a, b Period) int {
		return cmp.Or(cmp.Compare(a.Objective, b.Objective), a.Start.Compare(b.Start))
	})
	slices.SortStableFunc(v.Credits, func(a, b Credit) int { return a.Start.Compare(b.Start) })
}

// clone copies the sections (keeping nil as nil), so sorting and filtering
// never touch the caller's slices.
func (v View) clone() View {
	return View{Items: slices.Clone(v.Items), Periods: slices.Clone(v.Periods), Credits: slices.Clone(v.Credits)}
}
