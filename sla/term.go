package sla

import (
	"time"

	"github.com/rickb777/period"

	"github.com/slaeval/slaeval/calendar"
)

// Term is how long the agreement runs and how it ends.
type Term struct {
	EffectiveFrom time.Time     `json:"effectiveFrom"`
	EffectiveTo   time.Time     `json:"effectiveTo,omitzero"` // exclusive; zero: open-ended
	Renewal       *Renewal      `json:"renewal,omitempty"`
	ForCause      *ForCause     `json:"terminationForCause,omitempty"`
	WithoutCause  *WithoutCause `json:"terminationWithoutCause,omitempty"`
}

// Renewal extends the term by Every at its end unless a party gives notice
// at least Notice before the end. With Automatic, the evaluator keeps the
// versions in force at the end in force after it, and
// [Agreement.RenewalNoticeBy] says when each renewal's notice falls due;
// notices are not events (a host that receives one in time ends the
// agreement with a new term). Automatic false means renewal needs a new
// version agreed by the parties: Every and Notice then only describe it.
type Renewal struct {
	Every     period.Period `json:"every"`
	Notice    period.Period `json:"notice,omitzero"`
	Automatic bool          `json:"automatic,omitempty"`
}

// ForCause is termination for cause: a party in By may terminate when a
// chronic failure named in Chronic arises (the report lists the right, at
// the end of the period that completed the pattern). Cure (a cure period
// after notice) and Notice are accepted in the JSON form but not
// evaluated: NewEvaluator refuses an agreement that gives either, with
// ErrUnsupported at its path.
type ForCause struct {
	By      []string      `json:"by"`                        // party IDs
	Chronic []string      `json:"chronicFailures,omitempty"` // IDs of chronic rules giving the right
	Cure    period.Period `json:"curePeriod,omitzero"`
	Notice  period.Period `json:"notice,omitzero"`
}

// WithoutCause is termination without cause (convenience): a party in By
// may end the agreement by giving Notice; with AtEndOf the end is moved to
// the end of the calendar period (e.g. month) in which the notice runs out.
type WithoutCause struct {
	By      []string      `json:"by"`
	Notice  period.Period `json:"notice"`
	AtEndOf string        `json:"atEndOf,omitempty"` // Period* constant other than rolling; "": no alignment
}

// maxRenewals bounds the renewals RenewalNoticeBy steps through, so no
// instant makes it loop without end (a century of monthly renewals).
const maxRenewals = 1200

// RenewalNoticeBy answers, for a term renewed automatically, when the term
// period running at t ends and by when a party must give notice of
// non-renewal for it to end there: the term runs to EffectiveTo, then for
// Every after each end (the n-th renewal ends n times Every after
// EffectiveTo, in the agreement's zone, month ends clamped as
// calendar.AddDate clamps them); the notice is due Notice before that end (the end
// itself when Notice is zero). At an end instant the next term period is
// running. The evaluator keeps such a term in force; a host that receives
// a notice in time ends the agreement with a new term (EffectiveTo).
//
// It fails with ErrNoClause when the term is not renewed automatically or
// has no end, with ErrBeforeStart when t is before the term starts, and
// with ErrRange when a period cannot be added exactly or t lies more than
// 1,200 renewals ahead.
func (a Agreement) RenewalNoticeBy(t time.Time) (end, noticeBy time.Time, err error) {
	r := a.Term.Renewal
	if r == nil || !r.Automatic || a.Term.EffectiveTo.IsZero() {
		return time.Time{}, time.Time{}, &Error{Path: "term.renewal", Msg: "the term is not renewed automatically", Err: ErrNoClause}
	}
	if t.Before(a.Term.EffectiveFrom) {
		return time.Time{}, time.Time{}, &Error{Path: "term.effectiveFrom", Msg: t.Format(time.RFC3339) + " is before the term starts", Err: ErrBeforeStart}
	}
	loc, err := a.Location()
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	end = a.Term.EffectiveTo
	for n := 1; !end.After(t); n++ {
		next, ok := renewalEnd(a.Term.EffectiveTo.In(loc), r.Every, n)
		if !ok || n > maxRenewals || !next.After(end) {
			return time.Time{}, time.Time{}, &Error{Path: "term.renewal.every", Msg: "cannot step renewals of " + r.Every.String() + " up to " + t.Format(time.RFC3339), Err: ErrRange}
		}
		end = next
	}
	noticeBy, ok := calendar.AddPeriod(end.In(loc), r.Notice.Negate())
	if !ok {
		return time.Time{}, time.Time{}, &Error{Path: "term.renewal.notice", Msg: "notice period " + r.Notice.String() + " cannot be taken exactly from " + end.Format(time.RFC3339), Err: ErrRange}
	}
	return end, noticeBy, nil
}

// renewalEnd is the end of the n-th renewal of a term that first ended at
// end0: end0 plus n times every, counted from end0 (calendar.AddDate, so
// month ends clamp without drifting: a term ending 31 January renewed
// monthly ends 28 February, then 31 March). ok is false when every has a
// fraction in a field other than seconds.
func renewalEnd(end0 time.Time, every period.Period, n int) (time.Time, bool) {
	if _, ok := calendar.AddPeriod(end0, every); !ok {
		return time.Time{}, false
	}
	u := calendar.AddDate(end0, n*every.Years(), n*every.Months(), n*(7*every.Weeks()+every.Days()))
	hms, ok := every.OnlyHMS().Duration()
	return u.Add(time.Duration(n) * hms), ok
}
