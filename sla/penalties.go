package sla

import (
	"fmt"
	"slices"
	"time"

	"github.com/slaeval/slaeval/penalty"
)

// obligations summarises each obligation of each version in force by asOf
// from the items and periods of the objectives that measure it.
func (ev *Evaluator) obligations(asOf time.Time, src itemSource, periods []PeriodReport) []ObligationReport {
	var out []ObligationReport
	for vi, v := range ev.p.a.Versions {
		cv := &ev.p.versions[vi]
		if cv.from.After(asOf) {
			continue
		}
		for _, ob := range v.Obligations {
			or := ObligationReport{ID: ob.ID, Version: cv.label, Party: ob.Party, Beneficiary: ob.Beneficiary, Status: ObligationNotMeasured}
			if len(ob.MeasuredBy) > 0 {
				for _, id := range ob.MeasuredBy {
					oi, ok := cv.byID[id]
					if !ok {
						continue
					}
					co := &cv.objs[oi]
					if co.kind == kClock || co.kind == kDeadlineEvents {
						// Judged per item (clock cycle, deadline
						// obligation); availability, though kept per
						// subject, is judged per period below.
						met, missed, pending := src.byVersion(id, vi)
						or.Met, or.Missed, or.Pending = or.Met+met, or.Missed+missed, or.Pending+pending
						continue
					}
					for _, pr := range periods {
						if pr.Objective != id || pr.Version != cv.label {
							continue
						}
						switch {
						case !pr.Final:
							or.Pending++
						case pr.Verdict == VerdictAchieved || pr.Verdict == VerdictExcused:
							or.Met++
						case pr.Verdict == VerdictMissed:
							or.Missed++
						}
					}
				}
				switch {
				case or.Missed > 0:
					or.Status = ObligationMissed
				case or.Pending > 0 || or.Met == 0:
					or.Status = ObligationPending
				default:
					or.Status = ObligationMet
				}
			}
			out = append(out, or)
		}
	}
	return out
}

// penalties evaluates each version's schedule over the final credit months
// it is in force for, carrying settled history across versions so rolling
// and total caps and chronic clauses see earlier months.
func (ev *Evaluator) penalties(r *Report, asOf time.Time, outs []periodOutcome) {
	p := ev.p
	history := settledHistory(p.a, p.loc)
	r.History = slices.Clone(history)
	cur := penalty.Currency(p.a.Currency)
	total, bonus := penalty.Zero(cur), penalty.Zero(cur)
	any := false
	for vi := range p.versions {
		v := &p.versions[vi]
		if v.schedule == nil {
			continue
		}
		to := asOf
		if !v.to.IsZero() && v.to.Before(to) {
			to = v.to
		}
		var inputs []penalty.PeriodInput
		for per := range p.month.Periods(v.from, to) {
			if per.End.After(asOf) {
				continue
			}
			if per.Start.Before(v.from) {
				// The month straddling v's start is the credit month of
				// the version in force at its start; v's when none is
				// (the term's first month, when the term starts within
				// it), as objPeriods gives periods.
				if _, ok := ev.versionAt(per.Start); ok {
					continue
				}
			}
			if len(inputs) >= maxPeriods {
				break
			}
			in := penalty.PeriodInput{Period: per}
			// Each outcome counts in the credit month its period ends in,
			// whichever version judged the period: the month's version
			// (its rules, charges and caps) prices it.
			for _, o := range outs {
				if o.end.After(per.Start) && !o.end.After(per.End) && p.reads[o.out.Objective] {
					in.Outcomes = append(in.Outcomes, o.out)
				}
			}
			for _, c := range v.schedule.Charges {
				u := penalty.Usage{Charge: c.Name}
				x, ok := ev.usage[usageKey{c.Name, per.Start.UnixNano()}]
				if c.Kind == penalty.Supplied {
					u.Amount = penalty.Zero(cur)
					if ok {
						u.Amount = penalty.New(x, cur)
					}
				} else if ok {
					u.Units = x
				}
				in.Usage = append(in.Usage, u)
			}
			inputs = append(inputs, in)
		}
		if len(inputs) == 0 {
			continue
		}
		res, err := v.schedule.Evaluate(history, inputs)
		settled := inputs
		if err != nil {
			// Apply range-checks every input that reaches here, so this
			// is not expected; should it happen, each month is evaluated
			// alone so that only the failing ones lose their credits,
			// and each failure is reported with its path.
			res, settled = ev.penaltiesByMonth(r, v, history, inputs)
		}
		any = true
		for i, pr := range res.Periods {
			r.Penalties = append(r.Penalties, PenaltyPeriod{Version: v.label, PeriodResult: pr})
			history = append(history, penalty.Settle(settled[i], pr))
		}
		// The schedule's results are in the agreement's currency, as
		// total and bonus are: Add cannot fail.
		total, _ = total.Add(res.Credit)
		bonus, _ = bonus.Add(res.Bonus)
		r.Terminations = append(r.Terminations, res.Terminations...)
	}
	if any {
		r.Credit, r.Bonus = total, bonus
	}
}

// penaltiesByMonth evaluates inputs one month at a time after history,
// for a schedule whose evaluation of all of them failed. A month that
// fails is left out of the result, and so of the report's penalties and of
// the history later months see, and its error is added to r.Errors with
// its path; the other months keep their credits. It returns the result of
// the months evaluated and their inputs.
func (ev *Evaluator) penaltiesByMonth(r *Report, v *cversion, history []penalty.Settled, inputs []penalty.PeriodInput) (penalty.Result, []penalty.PeriodInput) {
	cur := penalty.Currency(ev.p.a.Currency)
	res := penalty.Result{Credit: penalty.Zero(cur), Bonus: penalty.Zero(cur)}
	h := slices.Clone(history)
	var done []penalty.PeriodInput
	for _, in := range inputs {
		one, err := v.schedule.Evaluate(h, []penalty.PeriodInput{in})
		if err != nil {
			r.Errors = append(r.Errors, reportError(fmt.Sprintf("penalties[%s %s]", v.label, in.Period.Start.Format("2006-01")), err))
			continue
		}
		res.Periods = append(res.Periods, one.Periods...)
		res.Credit.Amount = res.Credit.Amount.Add(one.Credit.Amount)
		res.Bonus.Amount = res.Bonus.Amount.Add(one.Bonus.Amount)
		res.Terminations = append(res.Terminations, one.Terminations...)
		done = append(done, in)
		h = append(h, penalty.Settle(in, one.Periods[0]))
	}
	return res, done
}
