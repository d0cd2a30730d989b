package penalty

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

// room returns what a cap still allows this period: the limit (rounded
// toward zero to the minor unit) less the credits already issued in its
// window. The base of a percentage limit is the charge named charge, or all
// charges when charge is empty; credited reads the credits the cap covers
// from a ledger entry.
func (ev *evaluator) room(c Cap, charge string, cur ledgerEntry, credited func(ledgerEntry) decimal.Decimal) decimal.Decimal {
	var prior []ledgerEntry
	switch c.Scope {
	case Rolling:
		from := len(ev.ledger) - (c.Periods - 1)
		if from < 0 {
			from = 0
		}
		prior = ev.ledger[from:]
	case Total:
		prior = ev.ledger
	case Quarter, ContractYear:
		from, to := ev.window(c.Scope, cur.period.Start)
		i := len(ev.ledger)
		for i > 0 && inWindow(ev.ledger[i-1].period.Start, from, to) {
			i--
		}
		prior = ev.ledger[i:]
	}
	chargeOf := func(e ledgerEntry) decimal.Decimal {
		if charge == "" {
			return e.allCharges()
		}
		return e.charges[charge]
	}
	var limit decimal.Decimal
	if c.Limit.IsAmount() {
		limit = c.Limit.Amount.Amount
	} else {
		charges := chargeOf(cur)
		for _, e := range prior {
			charges = charges.Add(chargeOf(e))
		}
		limit = charges.Mul(c.Limit.Percent).Shift(-2)
	}
	limit = limit.RoundDown(ev.places)
	for _, e := range prior {
		limit = limit.Sub(credited(e))
	}
	if limit.Sign() < 0 {
		return decimal.Zero
	}
	return limit
}

// window returns the calendar quarter (in t's zone) or the contract year
// that contains t, as [from, to). Periods are in order, so the ledger
// entries of t's window are a suffix of the ledger.
func (ev *evaluator) window(scope CapScope, t time.Time) (from, to time.Time) {
	if scope == Quarter {
		// NewGrid fails only for an unknown grain or a nil location:
		// Quarter is known and t.Location() is never nil.
		g, _ := metric.NewGrid(metric.Quarter, t.Location())
		p := g.At(t)
		return p.Start, p.End
	}
	return contractYearOf(ev.s.ContractYear, t)
}

func inWindow(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

// contractYearOf returns the contract year that contains t, [from, to),
// for contract years that start at start and run to its anniversaries:
// the same wall-clock time on the same date in start's zone in each later
// (or earlier) year, with a date past the end of the month clamped to its
// last day, as contracts read it (the anniversary of 29 February 2024 is 28
// February 2025). A zero start gives zero instants.
func contractYearOf(start, t time.Time) (from, to time.Time) {
	if start.IsZero() {
		return time.Time{}, time.Time{}
	}
	k := t.In(start.Location()).Year() - start.Year()
	from = anniversary(start, k)
	if from.After(t) {
		k--
		from = anniversary(start, k)
	}
	return from, anniversary(start, k+1)
}

// anniversary returns start moved k years on its wall clock, the day
// clamped to the last of the month.
func anniversary(start time.Time, k int) time.Time {
	y, m, d := start.Date()
	y += k
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); d > last {
		d = last
	}
	h, mi, s := start.Clock()
	return time.Date(y, m, d, h, mi, s, start.Nanosecond(), start.Location())
}

// capLines reduces lines pro rata so their exact sum is at most room, and
// records the bite on each line it reduced.
func (ev *evaluator) capLines(lines []Line, room decimal.Decimal, name string, scope CapScope) {
	total := decimal.Zero
	last := -1
	for i, l := range lines {
		if l.Exact.Sign() > 0 {
			total = total.Add(l.Exact.Amount)
			last = i
		}
	}
	if total.Cmp(room) <= 0 {
		return
	}
	given := decimal.Zero
	roomMoney := ev.money(room)
	for i := range lines {
		l := &lines[i]
		if l.Exact.Sign() <= 0 {
			continue
		}
		var next decimal.Decimal
		if i == last {
			next = room.Sub(given)
		} else {
			next, _ = l.Exact.Amount.Mul(room).QuoRem(total, maxDivPlaces)
		}
		given = given.Add(next)
		by := l.Exact.Amount.Sub(next)
		if by.Sign() <= 0 {
			continue
		}
		l.Bites = append(l.Bites, Bite{Cap: name, Scope: scope, Room: roomMoney, By: ev.money(by)})
		l.Exact = ev.money(next)
		l.Conditions |= Capped
	}
}
