package penalty

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

// maxDivPlaces is the precision of the few divisions evaluation needs
// (pro-rata cap reductions, prorated late units). Quotients are truncated
// toward zero at this many decimal places, far below any minor unit.
const maxDivPlaces = 30

// ledgerEntry is one settled or evaluated period: exact charges by charge
// name and rounded credits by source name.
type ledgerEntry struct {
	period  metric.Period
	charges map[string]decimal.Decimal
	credits map[string]decimal.Decimal
}

func (e ledgerEntry) allCharges() decimal.Decimal {
	sum := decimal.Zero
	for _, v := range e.charges {
		sum = sum.Add(v)
	}
	return sum
}

func (e ledgerEntry) allCredits() decimal.Decimal {
	sum := decimal.Zero
	for _, v := range e.credits {
		sum = sum.Add(v)
	}
	return sum
}

// Evaluate turns a sequence of periods into itemised, explained credits,
// bonuses and termination rights. history lists earlier periods (oldest
// first) that rolling and total caps count; periods are evaluated in order
// and must be ascending and non-overlapping, after the history.
//
// Each period: charges are computed; each rule whose objective has an
// outcome gives its raw credit (excused failures and earned-back credits
// keep their raw amount but are reduced to zero); pools give their shares,
// capped at the at-risk amount; chronic clauses are updated and may give an
// extra credit and a termination right; each rule's caps, then the
// schedule's caps, reduce credits (schedule caps pro rata across lines);
// credits below the claim minimum are not issued; finally the total is
// rounded once and the residue allocated to lines by largest remainder
// (ties to the earlier line), so the lines sum exactly to the total.
//
// The schedule and every input are validated first; all problems are
// reported together. Evaluate never panics.
func (s Schedule) Evaluate(history []Settled, periods []PeriodInput) (Result, error) {
	if err := s.Validate(); err != nil {
		return Result{}, err
	}
	if err := s.validateInputs(history, periods); err != nil {
		return Result{}, err
	}
	ev := evaluator{s: s, zero: Zero(s.Currency), periods: periods}
	ev.places, _ = s.Currency.MinorUnits()
	for _, h := range history {
		e := ledgerEntry{period: h.Period, charges: map[string]decimal.Decimal{}, credits: map[string]decimal.Decimal{}}
		for k, v := range h.Charges {
			e.charges[k] = v.Amount
		}
		for k, v := range h.Credits {
			e.credits[k] = v.Amount
		}
		ev.ledger = append(ev.ledger, e)
	}
	ev.chronic = make([]chronicState, len(s.Chronic))
	for _, h := range history {
		for i, c := range s.Chronic {
			ev.chronicStep(i, c, settledFailures(c, h))
		}
	}
	res := Result{Credit: ev.zero, Bonus: ev.zero}
	for t := range periods {
		pr, err := ev.period(t)
		if err != nil {
			return Result{}, err
		}
		res.Periods = append(res.Periods, pr)
		res.Credit.Amount = res.Credit.Amount.Add(pr.Credit.Amount)
		res.Bonus.Amount = res.Bonus.Amount.Add(pr.Bonus.Amount)
		res.Terminations = append(res.Terminations, pr.Terminations...)
	}
	return res, nil
}

func (s Schedule) validateInputs(history []Settled, periods []PeriodInput) error {
	var p problems
	charges := map[string]Charge{}
	for _, c := range s.Charges {
		charges[c.Name] = c
	}
	var prev metric.Period
	order := func(path string, per metric.Period) {
		if !per.End.After(per.Start) {
			p.add(ErrInvalid, join(path, "period"), "period is empty or inverted")
		}
		if !prev.IsZero() && per.Start.Before(prev.End) {
			p.add(ErrOrder, join(path, "period"), "period starts before the previous one ends")
		}
		prev = per
	}
	for i, h := range history {
		path := index("", "history", i)
		order(path, h.Period)
		for k, v := range h.Charges {
			checkSize(&p, join(path, "charges."+k), v.Amount)
			if v.Currency != s.Currency {
				p.add(ErrCurrencyMismatch, join(path, "charges."+k), "%s is not %s", v.Currency, s.Currency)
			}
		}
		for k, v := range h.Breaches {
			if v < 0 {
				p.add(ErrInvalid, join(path, "breaches."+k), "%d breaches is negative", v)
			}
		}
		for k, v := range h.Credits {
			checkSize(&p, join(path, "credits."+k), v.Amount)
			if v.Currency != s.Currency {
				p.add(ErrCurrencyMismatch, join(path, "credits."+k), "%s is not %s", v.Currency, s.Currency)
			}
		}
	}
	for i, in := range periods {
		path := index("", "periods", i)
		order(path, in.Period)
		seen := map[string]bool{}
		for j, o := range in.Outcomes {
			op := index(path, "outcomes", j)
			if seen[o.Objective] {
				p.add(ErrInvalid, join(op, "objective"), "objective %q has two outcomes in one period", o.Objective)
			}
			seen[o.Objective] = true
			checkLevel(&p, join(op, "attainment"), o.Attainment)
			if o.Breaches < 0 {
				p.add(ErrInvalid, join(op, "breaches"), "%d breaches is negative", o.Breaches)
			}
			for k, l := range o.Late {
				if l < 0 {
					p.add(ErrInvalid, index(op, "late", k), "late by %s is negative", time.Duration(l))
				}
			}
		}
		used := map[string]bool{}
		for j, u := range in.Usage {
			up := index(path, "usage", j)
			c, ok := charges[u.Charge]
			if !ok {
				p.add(ErrInvalid, join(up, "charge"), "no charge named %q", u.Charge)
				continue
			}
			if used[u.Charge] {
				p.add(ErrInvalid, join(up, "charge"), "charge %q has two usages in one period", u.Charge)
			}
			used[u.Charge] = true
			if !checkSize(&p, join(up, "units"), u.Units) || !checkSize(&p, join(up, "amount"), u.Amount.Amount) {
				continue
			}
			if _, err := c.Amount(u, s.Currency); err != nil {
				p.add(errSentinel(err), up, "%s", errDetail(err))
			}
		}
		for _, c := range s.Charges {
			if c.Kind == Supplied && !used[c.Name] {
				p.add(ErrMissing, join(path, "usage"), "charge %q is supplied by the host but has no amount", c.Name)
			}
		}
	}
	return p.err()
}

func errSentinel(err error) error {
	if e, ok := err.(*Error); ok {
		return e.Err
	}
	return ErrInvalid
}

func errDetail(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Detail
	}
	return err.Error()
}

type chronicState struct {
	window []int // failures per period, last N (KOfN)
	streak int   // missed periods in a row (InARow)
}

type evaluator struct {
	s       Schedule
	zero    Money
	places  int32
	periods []PeriodInput
	ledger  []ledgerEntry
	chronic []chronicState
}

func (ev *evaluator) money(d decimal.Decimal) Money { return Money{Amount: d, Currency: ev.s.Currency} }

func outcomeOf(in PeriodInput, objective string) (Outcome, bool) {
	for _, o := range in.Outcomes {
		if o.Objective == objective {
			return o, true
		}
	}
	return Outcome{}, false
}

func (ev *evaluator) period(t int) (PeriodResult, error) {
	s := ev.s
	in := ev.periods[t]
	pr := PeriodResult{Period: in.Period, Credit: ev.zero, Bonus: ev.zero, ClaimBy: s.Claim.Deadline(in.Period.End)}
	cur := ledgerEntry{period: in.Period, charges: map[string]decimal.Decimal{}, credits: map[string]decimal.Decimal{}}
	charge := map[string]Money{}
	for _, c := range s.Charges {
		u := Usage{Charge: c.Name}
		for _, x := range in.Usage {
			if x.Charge == c.Name {
				u = x
			}
		}
		m, err := c.Amount(u, s.Currency)
		if err != nil {
			return PeriodResult{}, err
		}
		if c.Per == PerYear {
			m.Amount = yearShare(m.Amount, s.PeriodsPerYear)
		}
		charge[c.Name] = m
		cur.charges[c.Name] = m.Amount
		pr.Charges = append(pr.Charges, ChargeAmount{Name: c.Name, Amount: m})
	}
	baseOf := func(name string) Money {
		if m, ok := charge[name]; ok {
			return m
		}
		return ev.zero
	}

	var lines []Line
	// groups[i] is the pool of lines[i] (an index into rooms) or −1: the
	// rounding residue must not push a pool's lines past its at-risk amount.
	var groups []int
	var rooms []decimal.Decimal
	var bonuses []Line
	ruleLine := make([]int, len(s.Rules)) // index into lines, or −1
	for i, r := range s.Rules {
		ruleLine[i] = -1
		o, ok := outcomeOf(in, r.Objective)
		if !ok {
			continue
		}
		l, ok := ev.ruleLine(r, o, baseOf(r.Charge), in.Period)
		if ok {
			if o.Excused {
				l.Exact = ev.zero
				l.Conditions |= Excused
			} else if r.EarnBack > 0 {
				switch ev.earnBack(t, r.Objective, r.EarnBack) {
				case earned:
					l.Exact = ev.zero
					l.Conditions |= EarnedBack
				case pending:
					l.Conditions |= EarnBackPending
				}
			}
			ruleLine[i] = len(lines)
			lines = append(lines, l)
			groups = append(groups, -1)
		}
		if b, ok := ev.bonusLine(r, o, baseOf(r.Charge), in.Period); ok {
			bonuses = append(bonuses, b)
		}
	}

	// Rule caps. reached names the caps whose maximum credit was reached
	// (the credit before the cap positive and at least its room), for
	// chronic clauses with CapReached.
	var reached []string
	for i, r := range s.Rules {
		li := ruleLine[i]
		if li < 0 {
			continue
		}
		for j, c := range r.Caps {
			name := c.Name
			if name == "" {
				name = fmt.Sprintf("rules[%d].caps[%d]", i, j)
			}
			room := ev.room(c, r.Charge, cur, func(e ledgerEntry) decimal.Decimal { return e.credits[r.Name] })
			if ex := lines[li].Exact.Amount; c.Name != "" && ex.Sign() > 0 && ex.Cmp(room) >= 0 && !slices.Contains(reached, c.Name) {
				reached = append(reached, c.Name)
			}
			ev.capLines(lines[li:li+1], room, name, c.Scope)
		}
	}

	// Pools.
	for i, pl := range s.Pools {
		base := baseOf(pl.Charge)
		first := len(lines)
		for _, w := range pl.Weights {
			o, ok := outcomeOf(in, w.Objective)
			if !ok || o.Met {
				continue
			}
			rate := pl.AtRisk.Mul(pl.Allocation).Mul(w.Percent).Shift(-4)
			raw := base.Percent(rate)
			l := Line{Kind: PoolLine, Source: pl.Name, Objective: w.Objective, Period: in.Period,
				Attainment: o.Attainment, Units: decimal.NewFromInt(1), Rate: Value{Percent: rate},
				Base: base, Raw: raw, Exact: raw}
			if o.Excused {
				l.Exact = ev.zero
				l.Conditions |= Excused
			}
			lines = append(lines, l)
			groups = append(groups, len(rooms))
		}
		name := fmt.Sprintf("pools[%d]", i)
		if pl.Name != "" {
			name = pl.Name
		}
		atRisk := base.Percent(pl.AtRisk).Amount.RoundDown(ev.places)
		ev.capLines(lines[first:], atRisk, name, PerPeriod)
		rooms = append(rooms, atRisk)
	}

	// Chronic failure.
	for i, c := range s.Chronic {
		o, ok := outcomeOf(in, c.Objective)
		fails := 0
		if c.CapReached != "" {
			if slices.Contains(reached, c.CapReached) {
				fails = 1
			}
		} else if ok && !o.Excused {
			if c.Breaches {
				fails = o.Breaches
			} else if !o.Met {
				fails = 1
			}
		}
		n, arose := ev.chronicStep(i, c, fails)
		if !arose {
			continue
		}
		if c.Terminate {
			pr.Terminations = append(pr.Terminations, Termination{
				Chronic: c.Name, Objective: c.Objective, Arose: in.Period.End, Period: in.Period, Failures: n,
				Reason: chronicReason(c, n),
			})
		}
		if !c.Credit.isZero() {
			base := baseOf(c.Charge)
			if c.Basis == YearFees {
				base = ev.yearFees(c.Charge)
			}
			raw := c.Credit.Of(base)
			raw.Currency = s.Currency
			groups = append(groups, -1)
			lines = append(lines, Line{Kind: ChronicLine, Source: c.Name, Objective: c.Objective, Period: in.Period,
				Attainment: o.Attainment, Units: decimal.NewFromInt(1), Rate: c.Credit, Base: base, Raw: raw, Exact: raw})
		}
	}

	// Schedule caps.
	for j, c := range s.Caps {
		name := c.Name
		if name == "" {
			name = fmt.Sprintf("caps[%d]", j)
		}
		room := ev.room(c, c.Charge, cur, ledgerEntry.allCredits)
		ev.capLines(lines, room, name, c.Scope)
	}

	// Claim minimum, on the credit as issued (rounded).
	if !s.Claim.Minimum.IsZero() {
		sum := decimal.Zero
		for _, l := range lines {
			sum = sum.Add(l.Exact.Amount)
		}
		issued, err := ev.money(sum).Round(s.Rounding)
		if err != nil {
			return PeriodResult{}, err
		}
		if sum.Sign() > 0 && !s.Claim.issues(issued.Amount) {
			for i := range lines {
				if lines[i].Exact.Sign() > 0 {
					lines[i].Exact = ev.zero
					lines[i].Conditions |= BelowMinimum
				}
			}
		}
	}

	var err error
	if pr.Credit, err = ev.allocate(lines, groups, rooms); err != nil {
		return PeriodResult{}, err
	}
	if pr.Bonus, err = ev.allocate(bonuses, nil, nil); err != nil {
		return PeriodResult{}, err
	}
	for _, l := range lines {
		cur.credits[l.Source] = cur.credits[l.Source].Add(l.Amount.Amount)
	}
	ev.ledger = append(ev.ledger, cur)
	pr.Lines, pr.Bonuses = lines, bonuses
	slices.Sort(reached)
	pr.CapsReached = reached
	return pr, nil
}

// settledFailures counts the failures of a settled period for clause c.
func settledFailures(c Chronic, h Settled) int {
	switch {
	case c.CapReached != "":
		if slices.Contains(h.CapsReached, c.CapReached) {
			return 1
		}
	case c.Breaches:
		return h.Breaches[c.Objective]
	case slices.Contains(h.Missed, c.Objective):
		return 1
	}
	return 0
}

// ruleLine computes a rule's raw credit; ok is false when there is none.
func (ev *evaluator) ruleLine(r Rule, o Outcome, base Money, per metric.Period) (Line, bool) {
	l := Line{Source: r.Name, Objective: r.Objective, Period: per, Attainment: o.Attainment, Base: base, Units: decimal.NewFromInt(1)}
	switch r.Kind {
	case Tiered:
		found := -1
		for i, t := range r.Tiers {
			if o.Attainment.Cmp(t.Below) < 0 {
				found = i
			}
		}
		if found < 0 {
			return Line{}, false
		}
		l.Kind, l.Tier, l.Threshold, l.Rate = TierLine, found+1, r.Tiers[found].Below, r.Tiers[found].Credit
	case Stepped:
		short := r.Step.Target.Sub(o.Attainment)
		if short.Sign() <= 0 {
			return Line{}, false
		}
		steps, _ := short.QuoRem(r.Step.Size, 0)
		if steps.Sign() <= 0 {
			return Line{}, false
		}
		l.Kind, l.Threshold, l.Units, l.Rate = StepLine, r.Step.Target, steps, r.Step.Credit
	case PerBreach:
		if o.Breaches <= 0 {
			return Line{}, false
		}
		l.Kind, l.Units, l.Rate = PerBreachLine, decimal.NewFromInt(int64(o.Breaches)), r.Each
	case PerLate:
		// Whole units per item (Full, Started), or the exact total late
		// time in units (Fraction): rate × Σ late / unit, dividing last.
		units, total, prorated := lateUnits(o.Late, r.Unit, r.Count)
		if prorated {
			l.Conditions |= Prorated
		}
		unit := decimal.NewFromInt(int64(r.Unit))
		l.Kind, l.Rate = PerLateLine, r.Each
		if r.Count == Fraction {
			q, rem := total.QuoRem(unit, 0)
			if rem.Sign() == 0 {
				units = q
			} else {
				units, _ = total.QuoRem(unit, maxDivPlaces)
				raw, _ := l.Rate.Of(base).Amount.Mul(total).QuoRem(unit, maxDivPlaces)
				if raw.Sign() <= 0 {
					return Line{}, false
				}
				l.Units = units
				l.Raw, l.Exact = ev.money(raw), ev.money(raw)
				return l, true
			}
		}
		if units.Sign() <= 0 {
			return Line{}, false
		}
		l.Units = units
	default:
		return Line{}, false
	}
	raw := l.Rate.Of(base).Mul(l.Units)
	raw.Currency = ev.s.Currency
	if raw.Sign() <= 0 {
		return Line{}, false
	}
	l.Raw, l.Exact = raw, raw
	return l, true
}

func (ev *evaluator) bonusLine(r Rule, o Outcome, base Money, per metric.Period) (Line, bool) {
	found := -1
	for i, b := range r.Bonus {
		if o.Attainment.Cmp(b.AtLeast) >= 0 {
			found = i
		}
	}
	if found < 0 {
		return Line{}, false
	}
	bt := r.Bonus[found]
	raw := bt.Bonus.Of(base)
	raw.Currency = ev.s.Currency
	if raw.Sign() <= 0 {
		return Line{}, false
	}
	return Line{Kind: BonusLine, Source: r.Name, Objective: r.Objective, Period: per, Attainment: o.Attainment,
		Tier: found + 1, Threshold: bt.AtLeast, Units: decimal.NewFromInt(1), Rate: bt.Bonus, Base: base,
		Raw: raw, Exact: raw}, true
}

type earnBackState int

const (
	stands earnBackState = iota
	earned
	pending
)

// earnBack looks at the n periods after t: all met or excused → earned; any
// missed or not assessed → stands; too few seen and none missed → pending.
func (ev *evaluator) earnBack(t int, objective string, n int) earnBackState {
	for k := 1; k <= n; k++ {
		if t+k >= len(ev.periods) {
			return pending
		}
		o, ok := outcomeOf(ev.periods[t+k], objective)
		if !ok || (!o.Met && !o.Excused) {
			return stands
		}
	}
	return earned
}

// chronicStep records this period's failures for clause i and reports the
// failures counted and whether the pattern completed.
func (ev *evaluator) chronicStep(i int, c Chronic, fails int) (int, bool) {
	st := &ev.chronic[i]
	switch c.Kind {
	case InARow:
		if fails > 0 {
			st.streak++
		} else {
			st.streak = 0
		}
		if st.streak >= c.K {
			n := st.streak
			st.streak = 0
			return n, true
		}
	case KOfN:
		st.window = append(st.window, fails)
		if len(st.window) > c.N {
			st.window = st.window[len(st.window)-c.N:]
		}
		sum := 0
		for _, f := range st.window {
			sum += f
		}
		if sum >= c.K {
			st.window = st.window[:0]
			return sum, true
		}
	}
	return 0, false
}

func chronicReason(c Chronic, n int) string {
	what := "missed periods"
	if c.Breaches {
		what = "breaches"
	}
	if c.Kind == InARow {
		return fmt.Sprintf("%s: %q missed %d periods in a row (clause: %d in a row)", c.Name, c.Objective, n, c.K)
	}
	return fmt.Sprintf("%s: %d %s of %q within %d consecutive periods (clause: %d of any %d)", c.Name, n, what, c.Objective, c.N, c.K, c.N)
}

// lateUnits returns, for a per-late rule of unit and count, the whole
// units of the items late by lates (each counted down, or up with
// Started), their total late time, and whether an item is late by a
// fraction of a unit under Fraction.
//
// It counts in int64 (a period holds hundreds of thousands of late items,
// and a decimal per item was most of a summary's cost) when that is
// exact: a non-negative lateness and a positive unit divide as QuoRem to
// 0 places does, and the sums are exact while they do not overflow. When
// one would (or a value is out of that range), it counts in decimals.
func lateUnits(lates []Duration, unit Duration, count UnitCount) (units, total decimal.Decimal, prorated bool) {
	if u := int64(unit); u > 0 {
		var n, sum int64
		ok := true
		for _, late := range lates {
			d := int64(late)
			if d < 0 || sum > math.MaxInt64-d {
				ok = false
				break
			}
			sum += d
			q := d / u
			if d%u > 0 {
				switch count {
				case Started:
					q++
				case Fraction:
					prorated = true
				}
			}
			n += q // n ≤ sum/u + len(lates): no overflow while sum does not
		}
		if ok {
			return decimal.NewFromInt(n), decimal.NewFromInt(sum), prorated
		}
	}
	return lateUnitsDecimal(lates, unit, count)
}

// lateUnitsDecimal is lateUnits in decimals, one QuoRem per item.
func lateUnitsDecimal(lates []Duration, unit Duration, count UnitCount) (units, total decimal.Decimal, prorated bool) {
	du := decimal.NewFromInt(int64(unit))
	for _, late := range lates {
		d := decimal.NewFromInt(int64(late))
		total = total.Add(d)
		q, rem := d.QuoRem(du, 0)
		if rem.Sign() > 0 {
			switch count {
			case Started:
				q = q.Add(decimal.NewFromInt(1))
			case Fraction:
				prorated = true
			}
		}
		units = units.Add(q)
	}
	return units, total, prorated
}
