package sla

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
)

// schedule compiles a version's money rules into a penalty.Schedule; nil
// when the version has no penalty rule, pool or chronic clause.
func (p *program) schedule(vi int, v Version) (*penalty.Schedule, error) {
	has := v.AtRisk != nil || len(v.Chronic) > 0
	for _, o := range v.Objectives {
		if len(o.Penalties) > 0 {
			has = true
		}
	}
	if !has {
		return nil, nil
	}
	base := fmt.Sprintf("versions[%d]", vi)
	cur := penalty.Currency(p.a.Currency)
	s := &penalty.Schedule{Currency: cur}
	switch p.a.Rounding {
	case RoundHalfEven:
		s.Rounding = penalty.HalfEven
	case RoundUp:
		s.Rounding = penalty.Up
	case RoundDown:
		s.Rounding = penalty.Down
	case RoundCeiling:
		s.Rounding = penalty.Ceiling
	case RoundFloor:
		s.Rounding = penalty.Floor
	}
	money := func(d *decimal.Decimal) penalty.Money {
		if d == nil {
			return penalty.Zero(cur)
		}
		return penalty.New(*d, cur)
	}
	value := func(a *Amount) penalty.Value {
		if a == nil {
			return penalty.Value{}
		}
		if a.Fixed != nil {
			return penalty.Amt(money(a.Fixed))
		}
		if a.Percent != nil {
			return penalty.Value{Percent: *a.Percent}
		}
		return penalty.Value{}
	}
	for _, svc := range v.Services {
		pr := svc.Pricing
		if pr == nil {
			continue
		}
		c := penalty.Charge{Name: svc.ID}
		switch {
		case pr.Per == PeriodYear && pr.Model == PricingFlat:
			// A twelfth of the year's price each credit month.
			c.Per, s.PeriodsPerYear = penalty.PerYear, 12
		case pr.Per != "" && pr.Per != PeriodMonth:
			return nil, unsupported(base+".services."+svc.ID+".pricing.per", "credits are computed per calendar month; a "+pr.Model+" price per "+pr.Per+" is not supported (a flat price may be per month or per year)")
		}
		switch pr.Model {
		case PricingFlat:
			c.Kind, c.Price = penalty.Flat, money(pr.Amount)
		case PricingPerUnit:
			c.Kind, c.Price = penalty.PerUnit, money(pr.Amount)
		case PricingGraduated, PricingVolume:
			c.Kind = penalty.Graduated
			if pr.Model == PricingVolume {
				c.Kind = penalty.Volume
			}
			for _, t := range pr.Tiers {
				b := penalty.Band{Price: penalty.New(t.Price, cur)}
				if t.UpTo != nil {
					b.UpTo = *t.UpTo
				}
				c.Bands = append(c.Bands, b)
			}
		case PricingInvoice:
			c.Kind = penalty.Supplied
		default:
			return nil, unsupported(base+".services."+svc.ID+".pricing.model", "unknown pricing model "+quote(pr.Model))
		}
		s.Charges = append(s.Charges, c)
	}
	chargeOf := func(svcID string) string {
		if s, ok := v.Service(svcID); ok && s.Pricing != nil {
			return svcID
		}
		return ""
	}
	caps := func(cs []Cap) []penalty.Cap {
		var out []penalty.Cap
		for _, c := range cs {
			pc := penalty.Cap{Name: c.ID, Limit: value(&c.Limit)}
			switch c.Over {
			case CapRolling:
				pc.Scope, pc.Periods = penalty.Rolling, c.Periods
			case CapTotal:
				pc.Scope = penalty.Total
			case CapQuarter:
				pc.Scope = penalty.Quarter
			case CapContractYear:
				pc.Scope = penalty.ContractYear
				s.ContractYear = p.a.Term.EffectiveFrom.In(p.loc)
			}
			out = append(out, pc)
		}
		return out
	}
	for oi, o := range v.Objectives {
		for ri, r := range o.Penalties {
			path := fmt.Sprintf("%s.objectives[%d].penalties[%d]", base, oi, ri)
			b := r.Base
			if b == "" {
				b = o.Service
			}
			pr := penalty.Rule{Name: r.ID, Objective: o.ID, Charge: chargeOf(b), EarnBack: r.EarnBack, Caps: caps(r.Caps)}
			switch r.Kind {
			case PenaltyTiers:
				pr.Kind = penalty.Tiered
				for _, t := range r.Tiers {
					if t.Below != nil {
						pr.Tiers = append(pr.Tiers, penalty.Tier{Below: *t.Below, Credit: value(&t.Amount)})
					}
				}
			case PenaltyStep:
				if (o.Target == nil || o.Target.AtLeast == nil) && o.TargetBy == "" || r.Step == nil {
					return nil, unsupported(path, "a step rule needs the objective's atLeast target and a step")
				}
				pr.Kind = penalty.Stepped
				pr.Step = penalty.Step{Size: *r.Step, Credit: value(r.Amount)}
				if o.Target != nil && o.Target.AtLeast != nil {
					pr.Step.Target = *o.Target.AtLeast
				}
			case PenaltyPerBreach:
				pr.Kind, pr.Each = penalty.PerBreach, value(r.Amount)
			case PenaltyPerUnitLate:
				pr.Kind, pr.Each = penalty.PerLate, value(r.Amount)
				d, ok := r.Per.Duration()
				if !ok || !r.Per.OnlyYMWD().IsZero() {
					return nil, unsupported(path+".per", "a unit of lateness must be hours, minutes or seconds")
				}
				pr.Unit = penalty.Duration(d)
				switch r.Count {
				case CountFull:
					pr.Count = penalty.Full
				case CountStarted:
					pr.Count = penalty.Started
				}
			default:
				return nil, unsupported(path+".kind", "unknown penalty kind "+quote(r.Kind))
			}
			for _, t := range r.Bonus {
				if t.AtLeast != nil {
					pr.Bonus = append(pr.Bonus, penalty.BonusTier{AtLeast: *t.AtLeast, Bonus: value(&t.Amount)})
				}
			}
			s.Rules = append(s.Rules, splitRules(o, r, pr)...) // compliance_split.go
		}
	}
	if ar := v.AtRisk; ar != nil {
		pool := penalty.Pool{Name: "atRisk", Charge: chargeOf(ar.Base), AtRisk: ar.Percent, Allocation: ar.PoolAllocation}
		for _, w := range ar.Weights {
			pool.Weights = append(pool.Weights, penalty.Weight{Objective: w.Objective, Percent: w.Percent})
		}
		s.Pools = append(s.Pools, pool)
	}
	s.Caps = caps(v.Caps)
	for ci, cr := range v.Chronic {
		if o, ok := v.Objective(cr.Objective); ok && cr.CapReached != "" && isSplit(o) {
			return nil, unsupported(fmt.Sprintf("%s.chronicFailures[%d].capReached", base, ci), "the caps of a ratio split by "+quote(o.TargetBy)+" are reached per value (its rules apply to each value): count missed periods instead")
		}
		pc := penalty.Chronic{Name: cr.ID, Objective: cr.Objective, K: cr.Missed, N: cr.OfAny, Breaches: cr.CountBreaches, Kind: penalty.KOfN, CapReached: cr.CapReached}
		if cr.OfAny == cr.Missed && !cr.CountBreaches {
			pc.Kind, pc.N = penalty.InARow, 0
		}
		if ft := p.a.Term.ForCause; ft != nil {
			for _, id := range ft.Chronic {
				if id == cr.ID {
					pc.Terminate = true
				}
			}
		}
		if cr.Credit != nil {
			pc.Credit = value(cr.Credit)
			b := cr.Base
			if b == "" {
				if o, ok := v.Objective(cr.Objective); ok {
					b = o.Service
				}
			}
			pc.Charge = chargeOf(b)
			if cr.Basis == BasisContractYear {
				pc.Basis = penalty.YearFees
			}
		}
		s.Chronic = append(s.Chronic, pc)
	}
	if cl := v.Claims; cl != nil {
		if cl.Minimum != nil {
			s.Claim.Minimum = money(cl.Minimum)
		} else if cl.MoreThan != nil {
			s.Claim.Minimum, s.Claim.Exclusive = money(cl.MoreThan), true
		}
		if !cl.Within.IsZero() {
			if !cl.Within.OnlyHMS().IsZero() {
				return nil, unsupported(base+".claims.within", "a claim period must be whole years, months, weeks and days")
			}
			y, m, d := cl.Within.Years(), cl.Within.Months(), cl.Within.DaysIncWeeks()
			s.Claim.Months, s.Claim.Days = y*12+m, d
		}
	}
	if err := s.ValidateAt(base + ".penalties"); err != nil {
		return nil, unsupported(base, "the money rules do not form a valid penalty schedule: "+err.Error())
	}
	if h := settledHistory(p.a, p.loc); len(h) > 0 {
		// Checks the settled months' amounts as the evaluator will use them.
		if _, err := s.Evaluate(h, nil); err != nil {
			return nil, &Error{Path: "history", Msg: "the settled months cannot be used with " + base + "'s money rules: " + err.Error(), Err: ErrInvalid}
		}
	}
	return s, nil
}
