package sla

import (
	"time"

	"github.com/slaeval/slaeval/metric"
)

// Penalties on rolling periods.
//
// A rolling objective with Every is assessed once per boundary of its
// Every grid: the assessment at boundary b is the window of the period's
// Length ending at b, clipped to start no earlier than the term (so the
// first windows of a term are shorter, and a window never counts time no
// event could have covered), judged under the version in force at b. An
// assessment is final from b on, and its outcome counts, as every final
// period's does, in the credit month in which it ends: the month ending
// at b. So each assessment is charged once, in one month, against that
// month's charge, and the caps of that month bound it as usual. A
// shortfall lowers every window that contains it, as the contract's "any
// rolling three months" says; a clause that wants one credit per
// shortfall is a calendar period, or a rolling cap.

// rollingEvery checks a rolling period's Every (pp is the period's path):
// a calendar period kind, required when the objective has penalties, as
// a window that is never assessed cannot be charged.
func (v *validator) rollingEvery(pp string, p PeriodSpec, o Objective) {
	if p.Every != "" {
		v.calendarPeriod(join(pp, "every"), p.Every, true)
		return
	}
	if len(o.Penalties) > 0 {
		v.add(join(pp, "every"), ErrMissing, `penalties on a rolling period need the instants it is assessed at, one window per credit month: add "every": "month" (the window ending at each month end)`)
	}
}

// compileRolling sets co's rolling window and, with Every, its assessment
// grid, and refuses what cannot be charged: penalties on windows assessed
// other than monthly, since credits are computed per calendar month (a
// week can end twice in one month, and a quarter's or a year's window
// has no fees of its own to be a share of).
func (p *program) compileRolling(co *cobj, path string) error {
	w, err := metric.NewWindow(co.o.Period.Length, p.loc)
	if err != nil {
		return &Error{Path: path + ".period.length", Msg: err.Error(), Err: ErrInvalid}
	}
	co.window, co.rolling = w, true
	every := co.o.Period.Every
	if every == "" {
		return nil
	}
	co.every = gridOf(every, p.loc)
	if len(co.o.Penalties) > 0 && every != PeriodMonth {
		return unsupported(path+".period.every", "penalties on a rolling period are charged per calendar month, one assessment each: a window assessed every "+every+` cannot be; use "every": "month"`)
	}
	return nil
}

// assessed reports whether co is a rolling objective assessed at the
// boundaries of its Every grid.
func (co *cobj) assessed() bool { return co.rolling && co.every.IsValid() }

// isBoundary reports whether t is a boundary of co's assessment grid.
func (co *cobj) isBoundary(t time.Time) bool { return co.every.At(t).Start.Equal(t) }

// rollingPeriods returns the windows of the rolling objective co under
// version v up to asOf, each clipped to start no earlier than the term:
// with Every, the assessment at each boundary after v's start, up to the
// earlier of asOf and v's end; and, while v is in force at asOf, the
// window ending at asOf when it is not a boundary (the only window
// without Every). A version that ended by asOf has no running window: its
// last one would never be final, nor be the window ending at the report's
// instant.
func (ev *Evaluator) rollingPeriods(v *cversion, co *cobj, asOf time.Time) []metric.Period {
	end := asOf
	if !v.to.IsZero() && v.to.Before(end) {
		end = v.to
	}
	if !end.After(v.from) {
		return nil
	}
	// Every window is clipped to the term's start, assessed or not, and
	// whichever version it is judged under: the same window is the same
	// figure whether the agreement asks for assessments or not, and
	// whether an amendment came in between or not.
	from := ev.p.a.Term.EffectiveFrom
	window := func(b time.Time) metric.Period {
		w := co.window.Ending(b)
		if w.Start.Before(from) {
			w.Start = from
		}
		return w
	}
	running := v.to.IsZero() || asOf.Before(v.to) // v is in force at asOf
	if !co.assessed() {
		if !running {
			return nil
		}
		return []metric.Period{window(end)}
	}
	var out []metric.Period
	for b := co.every.At(v.from).End; !b.After(end); b = co.every.At(b).End {
		if len(out) >= maxPeriods {
			return out
		}
		out = append(out, window(b))
	}
	if running && !co.isBoundary(end) && len(out) < maxPeriods {
		out = append(out, window(end))
	}
	return out
}

// periodFinal reports whether the period per of co is final as of asOf:
// ended by then and, for a rolling objective, an assessment (a window
// ending at a boundary of its Every grid).
func periodFinal(co *cobj, per metric.Period, asOf time.Time) bool {
	if per.End.After(asOf) {
		return false
	}
	return !co.rolling || co.assessed() && co.isBoundary(per.End)
}

// rollingChanges folds into consider the instants after 'after' at which
// the assessments of the rolling objective co under v change the report:
// the next boundary, at which the window ending there becomes final, and
// a nanosecond later, when the window running from it appears.
func rollingChanges(v *cversion, co *cobj, after time.Time, consider func(time.Time)) {
	if !co.assessed() {
		return
	}
	inside := func(t time.Time) bool { return t.After(v.from) && (v.to.IsZero() || !t.After(v.to)) }
	if co.isBoundary(after) && inside(after) && (v.to.IsZero() || after.Before(v.to)) {
		consider(after.Add(1))
	}
	if b := co.every.At(after).End; inside(b) {
		consider(b)
		if v.to.IsZero() || b.Before(v.to) {
			consider(b.Add(1))
		}
	}
}
