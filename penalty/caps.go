package penalty

import "github.com/shopspring/decimal"

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
