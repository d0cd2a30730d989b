package sla

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// Report is the evaluator's answer as of one instant. It marshals to JSON
// with the field names given in the tags (camelCase, stable), and every
// slice is in a deterministic order — subjects by type and ID, objectives
// in agreement order, periods by objective and start — so two reports
// compare cleanly with cmp.Diff.
type Report struct {
	Agreement    string                `json:"agreement"`
	AsOf         time.Time             `json:"asOf"`
	Version      string                `json:"version,omitempty"` // in force at AsOf; "" when none is
	Subjects     []SubjectReport       `json:"subjects,omitempty"`
	Periods      []PeriodReport        `json:"periods,omitempty"`
	Obligations  []ObligationReport    `json:"obligations,omitempty"`
	Penalties    []PenaltyPeriod       `json:"penalties,omitempty"`
	Credit       penalty.Money         `json:"credit,omitzero"` // total of the penalty periods' credits
	Bonus        penalty.Money         `json:"bonus,omitzero"`
	Terminations []penalty.Termination `json:"terminations,omitempty"`
	History      []penalty.Settled     `json:"history,omitempty"` // the agreement's settled months, as the penalties counted them
	Review       ReviewStatus          `json:"review"`
	Input        Accounting            `json:"input"`
	// Errors lists the computations the report could not complete, each
	// with its path: what they would have contributed is missing (a
	// credit month not evaluated, a period not assessed), and nothing
	// else is. Empty in a report of valid state.
	Errors []ReportError `json:"errors,omitempty"`
}

// ReportError is one computation a report could not complete. Path names
// it: "penalties[v2 2026-03]" (the credit month of a version),
// "periods[uptime 2026-03-01]" (one objective's period, by its start
// date), "evaluator" (an Evaluator not built by NewEvaluator). Err wraps
// the cause's sentinel (penalty.ErrInvalid, metric.ErrNegative,
// ErrNotBuilt ...); it is not in the JSON form, which carries Message.
// Compare reports holding errors with cmpopts.EquateErrors.
type ReportError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
	Err     error  `json:"-"`
}

// Error returns "sla: report <path>: <message>".
func (e ReportError) Error() string { return "sla: report " + e.Path + ": " + e.Message }

// Unwrap returns the cause.
func (e ReportError) Unwrap() error { return e.Err }

func reportError(path string, err error) ReportError {
	return ReportError{Path: path, Message: err.Error(), Err: err}
}

// Accounting counts the events handed to the evaluator: each is applied
// (it changed, or could have changed, some objective's state), ignored (it
// matched nothing: counted by subject type and kind), a duplicate, or
// rejected for one reason (a Reason* constant).
type Accounting struct {
	Applied    int64            `json:"applied"`
	Duplicates int64            `json:"duplicates"`
	Rejected   map[string]int64 `json:"rejected,omitempty"`
	// Ignored counts the ignored events by subject type and kind, sorted
	// by both; at most MaxIgnoredKinds pairs are listed, and the events of
	// further pairs are counted in IgnoredOther.
	Ignored      []IgnoredEvents `json:"ignored,omitempty"`
	IgnoredOther int64           `json:"ignoredOther,omitempty"`
}

// IgnoredEvents is the number of ignored events of one subject type and
// kind: a kind no condition names ("ticket.comented"), an event of a
// subject that none of its objectives can concern, a usage event for a
// service without a price.
type IgnoredEvents struct {
	SubjectType string `json:"subjectType"`
	Kind        string `json:"kind"`
	Count       int64  `json:"count"`
}

// MaxIgnoredKinds bounds the (subject type, kind) pairs Accounting lists,
// so a stream of made-up kinds cannot grow the evaluator without bound.
const MaxIgnoredKinds = 1024

// Total is the number of events seen: applied, ignored, duplicates and
// rejected.
func (a Accounting) Total() int64 {
	n := a.Applied + a.Duplicates + a.IgnoredTotal()
	for _, c := range a.Rejected {
		n += c
	}
	return n
}

// IgnoredTotal is the number of ignored events: the counts of Ignored and
// IgnoredOther.
func (a Accounting) IgnoredTotal() int64 {
	n := a.IgnoredOther
	for _, g := range a.Ignored {
		n += g.Count
	}
	return n
}

// ignoredKey is a (subject type, kind) pair of ignored events.
type ignoredKey struct{ typ, kind string }

// ignore counts n ignored events of subject type typ and kind kind;
// index maps the pairs listed in a.Ignored to their positions.
func (a *Accounting) ignore(typ, kind string, n int64, index map[ignoredKey]int) {
	k := ignoredKey{typ, kind}
	i, ok := index[k]
	if !ok {
		if len(a.Ignored) >= MaxIgnoredKinds {
			a.IgnoredOther += n
			return
		}
		i = len(a.Ignored)
		index[k] = i
		a.Ignored = append(a.Ignored, IgnoredEvents{SubjectType: typ, Kind: kind})
	}
	a.Ignored[i].Count += n
}

// add adds the counts of b to a (Merge).
func (a *Accounting) add(b Accounting, index map[ignoredKey]int) {
	a.Applied += b.Applied
	a.Duplicates += b.Duplicates
	a.IgnoredOther += b.IgnoredOther
	for r, n := range b.Rejected {
		if a.Rejected == nil {
			a.Rejected = map[string]int64{}
		}
		a.Rejected[r] += n
	}
	for _, g := range b.Ignored {
		a.ignore(g.SubjectType, g.Kind, g.Count, index)
	}
}

// SubjectReport is one subject (ticket, service, invoice...) and its
// per-subject objectives, under the version in force at its first event.
type SubjectReport struct {
	Type       string             `json:"type"`
	ID         string             `json:"id"`
	Version    string             `json:"version"`
	Objectives []SubjectObjective `json:"objectives"`
}

// States of a subject's objective (SubjectObjective.State) and of its
// items (Cycle.State, DeadlineItem.State).
const (
	StateNotStarted = "notStarted" // no clock cycle or obligation yet, or out of scope
	StateRunning    = "inProgress" // a clock running or paused within its target; a service up
	StatePending    = "pending"    // a deadline not yet due
	StateMet        = "met"
	StateBreached   = "breached" // a clock past its target, a deadline missed
	StateDown       = "down"     // availability: a downtime is open
)

// Phases of a clock's current cycle (SubjectObjective.Phase), as
// metric.Phase.String gives them.
const (
	PhaseIdle    = "idle"    // not started
	PhaseRunning = "running" // counting
	PhasePaused  = "paused"  // started, not counting
	PhaseStopped = "stopped" // the cycle ended (met or breached); may restart
)

// Statuses of an obligation (ObligationReport.Status).
const (
	ObligationMet         = "met"
	ObligationMissed      = "missed"
	ObligationPending     = "pending"
	ObligationNotMeasured = "notMeasured" // no objective measures it
)

// SubjectObjective is one objective for one subject: for a clock its
// current cycle (State, Phase, Elapsed, Due, BreachAt) and every cycle
// (Cycles); for a deadline every obligation (Deadlines); for availability
// the downtime recorded. Excused: a breach excused by the other party's
// missed obligation (the item's ExcusedBy says which); Excluded: a breach
// whose cause is one of the objective's exclusions (the item's ExcludedBy
// says which). Neither carries a penalty.
//
// State is one of the State* constants, Phase one of the Phase*
// constants (clocks only). Durations are time.Duration in Go and ISO 8601
// durations in JSON ("PT143H", "PT1H30M", "PT0.5S"), as in agreements.
// Business says that time is counted on the objective's calendar: a
// clock's Elapsed and Target (and its cycles') are open time rather than
// wall time; a deadline's target counts time on the calendar, so
// LateBusiness and RemainingBusiness are the figures in its unit.
type SubjectObjective struct {
	Objective string `json:"objective"`
	State     string `json:"state"`
	Phase     string `json:"phase,omitempty"`
	// The flags sit together, where they take one word.
	InScope   bool              `json:"inScope"` // the subject's attributes pass the scope's tests
	Business  bool              `json:"business,omitempty"`
	Excused   bool              `json:"excused,omitempty"`
	Excluded  bool              `json:"excluded,omitempty"`
	Elapsed   time.Duration     `json:"elapsed,omitempty"`
	Target    time.Duration     `json:"target,omitempty"`
	Due       time.Time         `json:"due,omitzero"`
	BreachAt  time.Time         `json:"breachAt,omitzero"`
	Warnings  []ClockWarning    `json:"warnings,omitempty"` // the knowable warning instants (see ClockWarning)
	Cycles    []Cycle           `json:"cycles,omitempty"`
	Folded    []FoldedCycles    `json:"folded,omitempty"` // the closed cycles folded (older than the last Options.KeepCycles at least), counted by day; Cycles leaves them out
	Deadlines []DeadlineItem    `json:"deadlines,omitempty"`
	Downtime  []metric.Downtime `json:"downtime,omitempty"`
}

// Objective returns the subject's objective with the given ID, and false
// when the subject has none by that ID.
func (sr SubjectReport) Objective(id string) (SubjectObjective, bool) {
	for _, so := range sr.Objectives {
		if so.Objective == id {
			return so, true
		}
	}
	return SubjectObjective{}, false
}

// Subject returns the report of the subject of type typ and ID id, and
// false when the report has none. A subject that lived under an earlier
// version before its latest state has several reports, one per version,
// consecutive in Subjects; Subject returns the last (its current state).
// It searches Subjects by binary search: Subjects must be in the order
// Report gives them.
func (r Report) Subject(typ, id string) (SubjectReport, bool) {
	key := func(sr SubjectReport, _ struct{}) int {
		return cmp.Or(strings.Compare(sr.Type, typ), strings.Compare(sr.ID, id), -1)
	}
	// key never returns 0: i is the first report past (typ, id).
	i, _ := slices.BinarySearchFunc(r.Subjects, struct{}{}, key)
	if i == 0 || r.Subjects[i-1].Type != typ || r.Subjects[i-1].ID != id {
		return SubjectReport{}, false
	}
	return r.Subjects[i-1], true
}

// Excuse is the missed item that excused a breach: an item of Objective
// (one named in the breached objective's excusedBy) that breached or fell
// due at BreachAt, no later than the breach.
type Excuse struct {
	Objective string    `json:"objective"`
	BreachAt  time.Time `json:"breachAt"`
}

// ClockWarning is the instant at which a clock reaches one of its warnings
// (Index: the warning's position in the clock's Warnings). A subject's
// objective lists the warnings whose instant is known: while the clock
// runs, each warning whose threshold lies within the current run span or
// ahead of it (past or future instants alike). Warnings reached before the
// clock last resumed, and all warnings of a paused, stopped or not started
// clock, are omitted rather than reported as zero instants: the evaluator
// keeps no history of run spans to place them.
type ClockWarning struct {
	Index int       `json:"index"`
	At    time.Time `json:"at"`
}

// Cycle is one cycle of a clock: closed, or the current one judged as of
// the report's instant. State is StateRunning, StateMet or StateBreached.
// A breached cycle that carries no penalty says why: ExcusedBy names the
// earlier miss that excused it, ExcludedBy the IDs of the objective's
// exclusions that may have excluded it (the evaluator records that a cause
// of one of them was seen, not which: with one exclusion it is that one).
type Cycle struct {
	Cycle      int32         `json:"cycle"`
	Excused    bool          `json:"excused,omitempty"`  // beside Cycle, in its word
	Excluded   bool          `json:"excluded,omitempty"` // likewise
	Start      time.Time     `json:"start"`
	End        time.Time     `json:"end,omitzero"` // zero while running or paused
	Elapsed    time.Duration `json:"elapsed"`
	Target     time.Duration `json:"target,omitempty"`
	State      string        `json:"state"`
	BreachAt   time.Time     `json:"breachAt,omitzero"`
	ExcusedBy  *Excuse       `json:"excusedBy,omitempty"`
	ExcludedBy []string      `json:"excludedBy,omitempty"`
}

// DeadlineItem is one obligation of a deadline objective. A breached one
// says how late it was (done, or not yet done at the report's instant)
// twice: Late in wall time (real elapsed time) and LateBusiness in open
// time of the objective's calendar (equal to Late on a 24×7 calendar). A
// perUnitLate penalty counts lateness in the target's unit: LateBusiness
// when the target counts time on the calendar (business, businessDays,
// businessDaysEnd, by), Late otherwise. A pending one says how long is
// left until it falls due, the same two ways (Remaining, RemainingBusiness;
// zero when its due instant is not known, as for a relative deadline
// without an answer). State is StatePending, StateMet or StateBreached;
// ExcusedBy and ExcludedBy are as for a Cycle.
type DeadlineItem struct {
	Anchor            time.Time     `json:"anchor"`
	Due               time.Time     `json:"due"`
	Done              time.Time     `json:"done,omitzero"`
	State             string        `json:"state"`
	Late              time.Duration `json:"late,omitempty"`         // wall time
	LateBusiness      time.Duration `json:"lateBusiness,omitempty"` // open time of the calendar
	Remaining         time.Duration `json:"remaining,omitempty"`
	RemainingBusiness time.Duration `json:"remainingBusiness,omitempty"`
	Excused           bool          `json:"excused,omitempty"`
	Excluded          bool          `json:"excluded,omitempty"`
	ExcusedBy         *Excuse       `json:"excusedBy,omitempty"`
	ExcludedBy        []string      `json:"excludedBy,omitempty"`
}

// Period verdicts.
const (
	VerdictAchieved    = "achieved"
	VerdictMissed      = "missed"
	VerdictExcused     = "excused"
	VerdictNotAssessed = "notAssessed"
)

// PeriodReport is one objective over one period under the version in force
// at the period's start. Verdict is one of the Verdict* constants;
// durations are ISO 8601 in JSON, as in SubjectObjective. Final is false for the period still running at the
// report's instant (its figures are provisional and carry no penalty).
// Met, Missed, Excused and Pending count items (tickets, deadlines) for
// clock, deadline and ratio objectives; Value is the volume total or the
// percentile value; Segments the volume per segment.
type PeriodReport struct {
	Objective  string                `json:"objective"`
	Version    string                `json:"version"`
	Period     metric.Period         `json:"period"`
	Final      bool                  `json:"final"`
	Verdict    string                `json:"verdict"`
	Attainment *decimal.Decimal      `json:"attainment,omitempty"`
	Met        int64                 `json:"met,omitempty"`
	Missed     int64                 `json:"missed,omitempty"`
	Excused    int64                 `json:"excused,omitempty"`
	Pending    int64                 `json:"pending,omitempty"`
	Value      *decimal.Decimal      `json:"value,omitempty"`
	Segments   []metric.VolumeResult `json:"segments,omitempty"`
	Service    time.Duration         `json:"service,omitempty"`  // availability: service time
	Down       time.Duration         `json:"down,omitempty"`     // availability: counted downtime
	Excluded   time.Duration         `json:"excluded,omitempty"` // availability: excluded time
	Due        time.Time             `json:"due,omitzero"`       // period-end deadline
	Done       time.Time             `json:"done,omitzero"`      // period-end deadline
	// A ratio split by an attribute (TargetBy): the attribute and the
	// value this row judges, one row per value of its targets.
	By      string `json:"by,omitempty"`
	Segment string `json:"segment,omitempty"`
	// Availability: the spans behind Down and Excluded, over the subjects
	// in scope, clipped to the period (and to the report's instant), each
	// list by start: Counted the downtime that counts, Short the downtime
	// shorter than the objective's minimum, Exclusions the exclusions
	// applied with their reason (the cause, or the maintenance window),
	// LateNotice the maintenance announced too late to be excluded.
	Counted    []metric.Period    `json:"counted,omitempty"`
	Short      []metric.Period    `json:"short,omitempty"`
	Exclusions []metric.Exclusion `json:"exclusions,omitempty"`
	LateNotice []metric.Exclusion `json:"lateNotice,omitempty"`
}

// ObligationReport is one obligation of one party under one version: met
// when every measured item and period so far is met, missed when any is
// missed (and not excused), pending otherwise; notMeasured when no
// objective measures it.
type ObligationReport struct {
	ID          string `json:"id"`
	Version     string `json:"version"`
	Party       string `json:"party"`
	Beneficiary string `json:"beneficiary"`
	Status      string `json:"status"` // an Obligation* constant
	Met         int64  `json:"met"`
	Missed      int64  `json:"missed"`
	Pending     int64  `json:"pending"`
}

// PenaltyPeriod is one credit period (calendar month) of one version.
type PenaltyPeriod struct {
	Version string `json:"version"`
	penalty.PeriodResult
}

// ReviewStatus says when the document owner next reviews the agreement.
type ReviewStatus struct {
	NextDue string `json:"nextDue,omitempty"` // ISO date; "" without a review cycle
	Overdue bool   `json:"overdue"`
}

// item is one judged unit of a per-subject objective (a clock cycle or a
// deadline obligation), for period aggregation.
type item struct {
	obj      string
	ver      int
	at       time.Time // cycle start or anchor: the period it counts in
	state    string
	breachAt time.Time // when it breached (clock) or fell due (deadline)
	late     time.Duration
	elapsed  time.Duration
	closed   bool
	excused  bool
	excluded bool
	seg      uint8 // the subject's value among those split ratios split the objective by (compliance_split.go); 0: none
	excuse   int32 // excused: the index of the excusing item among the subject's
}

func subjectEvent(p *program, s *subject) metric.Event {
	var me metric.Event
	for i, k := range p.attrKeys {
		if s.has&(1<<uint(i)) != 0 {
			me.Attrs = append(me.Attrs, metric.Attr{Key: k, Value: s.attrs[i]})
		}
	}
	return me
}

// Report returns the report as of asOf. It changes nothing any report
// shows (the first Report or Summary starts the counters of settled
// subjects; see "Reports at scale" in the package doc). Events applied
// with instants after asOf are counted as they are; hosts normally ask as
// of the last event's instant or later. For an Evaluator not built by
// NewEvaluator (the zero value, nil) it returns a report with only AsOf
// and one error, at path "evaluator", wrapping ErrNotBuilt.
//
// A report lists every subject. For many subjects, [Evaluator.Summary]
// gives the rest of the report without them, and
// [Evaluator.SubjectReports] yields the subjects one at a time.
func (ev *Evaluator) Report(asOf time.Time) Report {
	if ev.built() {
		ev.tallyOn()
	}
	return ev.report(asOf, true, false)
}

// Summary returns Report(asOf) without its subjects: Subjects is nil and
// every other field — periods with their attainment, obligations,
// penalties, credits, terminations, accounting, errors — is what Report
// gives. It judges only the subjects still open (a clock running, an
// obligation open, availability) and takes the settled ones' items from
// counters kept as events are applied, so its cost follows the open
// subjects; as of an instant before a counted subject's last event it
// walks every subject instead (see "Reports at scale" in the package
// doc). The first Report or Summary starts the counters, with one walk.
func (ev *Evaluator) Summary(asOf time.Time) Report {
	if ev.built() {
		ev.tallyOn()
	}
	return ev.report(asOf, false, false)
}

// SubjectReports yields, one at a time, the subject reports that
// Report(asOf).Subjects lists, in the same order, building each only when
// it is reached. The sequence may be ranged over more than once; each
// range reports the evaluator as it is then. Do not apply events to the
// evaluator, or retire, forget or restore subjects, while ranging. For an
// Evaluator not built by NewEvaluator it yields nothing.
func (ev *Evaluator) SubjectReports(asOf time.Time) iter.Seq[SubjectReport] {
	return func(yield func(SubjectReport) bool) {
		if !ev.built() {
			return
		}
		var sc reportScratch
		for _, s := range ev.sortedSubjects() {
			sc.owner = s
			for _, st := range s.olderStates() {
				if sr := ev.subjectReportWith(&sc, st, asOf, nil, nil, true); len(sr.Objectives) > 0 && !yield(sr) {
					return
				}
			}
			if sr := ev.subjectReportWith(&sc, s, asOf, nil, nil, true); len(sr.Objectives) > 0 && !yield(sr) {
				return
			}
		}
	}
}

// SubjectReport returns the report of one subject as of asOf: what
// Report(asOf).Subject(typ, id) finds, built for that subject alone (its
// cost is the subject's, not the evaluator's). ok is false when the
// evaluator holds no such subject (never seen, forgotten, retired), the
// report would not list it (no objective applies to it), or the
// Evaluator was not built by NewEvaluator.
func (ev *Evaluator) SubjectReport(asOf time.Time, typ, id string) (sr SubjectReport, ok bool) {
	if !ev.built() {
		return SubjectReport{}, false
	}
	s := ev.subjects.get(typ, id)
	if s == nil {
		return SubjectReport{}, false
	}
	sc := reportScratch{owner: s}
	// Report lists the states under earlier versions first; Subject
	// finds the last listed.
	for _, st := range s.olderStates() {
		if one := ev.subjectReportWith(&sc, st, asOf, nil, nil, true); len(one.Objectives) > 0 {
			sr, ok = one, true
		}
	}
	if one := ev.subjectReportWith(&sc, s, asOf, nil, nil, true); len(one.Objectives) > 0 {
		sr, ok = one, true
	}
	return sr, ok
}

// report is Report with its subjects (keep) or without (Summary). It
// takes the items of settled subjects from the counters (tally.go) when
// they are kept and stand for asOf, unless walk.
func (ev *Evaluator) report(asOf time.Time, keep, walk bool) Report {
	if !ev.built() {
		return Report{AsOf: asOf, Errors: []ReportError{reportError("evaluator", ErrNotBuilt)}}
	}
	p := ev.p
	r := Report{Agreement: p.a.ID, AsOf: asOf, Input: ev.acct.clone()}
	if vi, ok := ev.versionAt(asOf); ok {
		r.Version = p.versions[vi].label
	}
	if due, ok := p.a.NextReviewDue(); ok {
		r.Review = ReviewStatus{NextDue: due.String(), Overdue: p.a.ReviewOverdue(asOf)}
	}
	avail := map[string][]availSlot{} // objective → slots of subjects in scope
	sc := reportScratch{chunk: true}
	var src itemSource
	counted := !walk && ev.sum.on && ev.sum.ok && !asOf.Before(ev.sum.from)
	if counted {
		src = itemSource{items: map[string][]item{}, t: &ev.sum}
	} else {
		src.items = ev.itemLists()
	}
	one := func(st *subject, items map[string][]item) {
		sr := ev.subjectReportWith(&sc, st, asOf, items, avail, keep)
		if keep && len(sr.Objectives) > 0 {
			r.Subjects = append(r.Subjects, sr)
		}
	}
	// each reports s, and adds its items unless the counters hold them.
	each := func(s *subject) {
		items := src.items
		if counted && keep {
			if _, open := ev.sum.open[s.key]; !open {
				items = nil
			}
		}
		// Each state covers the time from its version's start (the
		// first from the beginning) to the next state's (rehome).
		older := s.olderStates()
		sc.owner = s
		for i, st := range older {
			next := s
			if i+1 < len(older) {
				next = older[i+1]
			}
			sc.span = metric.Period{End: p.versions[next.ver].from}
			if i > 0 {
				sc.span.Start = p.versions[st.ver].from
			}
			one(st, items)
		}
		sc.span = metric.Period{}
		if len(older) > 0 {
			sc.span.Start = p.versions[s.ver].from
		}
		one(s, items)
	}
	switch {
	case keep:
		sorted := ev.sortedSubjects()
		r.Subjects = make([]SubjectReport, 0, len(sorted))
		for _, s := range sorted {
			each(s)
		}
	case counted:
		// Only the subjects the counters do not hold.
		for k, tlen := range ev.sum.open {
			if s := ev.subjects.get(dirtyKey{k, tlen}.split()); s != nil {
				each(s)
			}
		}
	default:
		// Without subjects, the order of the items within an objective
		// does not matter: periods count them, penalties add their
		// lateness up.
		for s := range ev.subjects.all() {
			each(s)
		}
	}
	if len(r.Subjects) == 0 {
		r.Subjects = nil
	}
	retired := ev.retired
	if counted {
		retired = retired[ev.sum.nRetired:] // the others are counted
	}
	for i := range retired {
		it := retired[i].item()
		src.items[it.obj] = append(src.items[it.obj], it)
	}
	var outcomes []periodOutcome
	r.Periods, outcomes, r.Errors = ev.periodReports(asOf, src, avail)
	r.Obligations = ev.obligations(asOf, src, r.Periods)
	ev.penalties(&r, asOf, outcomes)
	return r
}

// itemLists returns an empty item list for each per-subject objective
// with items, with room for the items the subjects hold (every clock cycle
// and obligation; those of subjects out of scope too), so that the lists
// are allocated once rather than grown: at a million subjects, growing
// them was most of what a report allocated.
func (ev *Evaluator) itemLists() map[string][]item {
	p := ev.p
	counts := make([][]int, len(p.versions)) // version → objective → items
	for vi := range p.versions {
		counts[vi] = make([]int, len(p.versions[vi].objs))
	}
	count := func(s *subject) {
		v := &p.versions[s.ver]
		for _, oi := range v.objsFor(s.typ()) {
			co := &v.objs[oi]
			n := 0
			switch co.kind {
			case kClock:
				if s.phaseOf(co) != metric.Idle {
					n++
				}
				n += s.closedCycles(co.slot) + s.foldedCount(co.slot)
			case kDeadlineEvents:
				if !s.deadline(co).Anchor.IsZero() {
					n++
				}
				n += s.closedObligations(co.slot)
			}
			counts[s.ver][oi] += n
		}
	}
	for s := range ev.subjects.all() {
		for _, st := range s.olderStates() {
			count(st)
		}
		count(s)
	}
	byID := map[string]int{}
	for vi := range p.versions {
		for oi, n := range counts[vi] {
			byID[p.versions[vi].objs[oi].o.ID] += n
		}
	}
	items := make(map[string][]item, len(byID))
	for id, n := range byID {
		if n > 0 {
			items[id] = make([]item, 0, n)
		}
	}
	return items
}

func (a Accounting) clone() Accounting {
	c := a
	c.Ignored = slices.Clone(a.Ignored)
	slices.SortFunc(c.Ignored, func(x, y IgnoredEvents) int {
		return cmp.Or(strings.Compare(x.SubjectType, y.SubjectType), strings.Compare(x.Kind, y.Kind))
	})
	c.Rejected = nil
	for k, v := range a.Rejected {
		if v == 0 {
			continue
		}
		if c.Rejected == nil {
			c.Rejected = map[string]int64{}
		}
		c.Rejected[k] = v
	}
	return c
}

func cycleState(s metric.State) string {
	switch s {
	case metric.InProgress:
		return StateRunning
	case metric.Met:
		return StateMet
	case metric.Breached:
		return StateBreached
	}
	return StateNotStarted
}

// subjectReport is subjectReportWith with buffers of its own (Retire);
// owner is the subject's current state.
func (ev *Evaluator) subjectReport(s, owner *subject, asOf time.Time, items map[string][]item) SubjectReport {
	sc := reportScratch{owner: owner}
	return ev.subjectReportWith(&sc, s, asOf, items, nil, true)
}

// availSlot is a subject state's availability for one objective, with
// the span of time the state covers (span; a zero bound is open) and the
// subject's current state (owner): a service that follows the versions
// has one state per version it saw (rehome), and a period reads its
// states together, over the part of the period they cover, whichever
// version the period is under.
type availSlot struct {
	*avSlot
	span  metric.Period
	owner *subject
}

// reportScratch holds what one report reuses from subject to subject:
// buffers, and facts about each objective worked out once.
type reportScratch struct {
	attrs []metric.Attr
	mine  []item
	refs  []itemRef
	facts map[*cobj]objFacts
	// With chunk, the subjects' objectives and cycles are cut from
	// shared blocks (Report: one allocation per few hundred subjects
	// rather than several per subject); without, each has its own
	// (SubjectReports, whose reports a host may keep one at a time).
	chunk     bool
	objs      []SubjectObjective
	cycles    []Cycle
	deadlines []DeadlineItem
	// span is the time the subject state reported covers (Report), owner
	// the subject's current state: a state under an earlier version
	// reads its attributes.
	span  metric.Period
	owner *subject
	// The objectives a subject of each (version, type) has in its report
	// (objectivesOf), and the last pair asked: Report's subjects come
	// sorted by type, a walk's in no order.
	objsOf map[verType][]int
	last   struct {
		verType
		objs []int
	}
}

// verType is a version index and a subject type.
type verType struct {
	ver int
	typ string
}

// objectivesOf returns the objectives (indexes into v.objs) a subject of
// type typ under v, the version with index vi, has in its report, and
// their number.
func (sc *reportScratch) objectivesOf(v *cversion, vi int, typ string) ([]int, int) {
	l := &sc.last
	if l.objs != nil && l.ver == vi && l.typ == typ {
		return l.objs, len(l.objs)
	}
	k := verType{vi, typ}
	objs, ok := sc.objsOf[k]
	if !ok {
		objs = []int{}
		for _, oi := range v.objsFor(typ) {
			if co := &v.objs[oi]; co.bit >= 0 && (co.typ == "" || co.typ == typ) {
				objs = append(objs, oi)
			}
		}
		if sc.objsOf == nil {
			sc.objsOf = map[verType][]int{}
		}
		sc.objsOf[k] = objs
	}
	l.verType, l.objs = k, objs
	return objs, len(objs)
}

// chunkSize is how many values a block of reportScratch holds.
const chunkSize = 512

// take returns an empty slice with room for n values: cut from *buf
// (a new block when it has no room left) with chunk, else its own.
// Its capacity is n, so appending past n moves it out of the block.
func take[T any](chunk bool, buf *[]T, n int) []T {
	if n == 0 {
		return nil
	}
	if !chunk {
		return make([]T, 0, n)
	}
	if cap(*buf)-len(*buf) < n {
		*buf = make([]T, 0, max(n, chunkSize))
	}
	i := len(*buf)
	*buf = (*buf)[:i+n]
	return (*buf)[i : i : i+n]
}

// closedCycles is the number of closed cycles s keeps (not folded) of
// the clock in the given slot.
func (s *subject) closedCycles(slot int) int {
	n := 0
	for _, pc := range s.prev {
		if pc.slot == int32(slot) {
			n++
		}
	}
	return n
}

// closedObligations is the number of obligations s keeps before the
// current one of the deadline in the given slot.
func (s *subject) closedObligations(slot int) int {
	n := 0
	for _, po := range s.prevOccs() {
		if po.slot == int32(slot) {
			n++
		}
	}
	return n
}

// itemRef is the range mine[from:to] of the items of objective oi.
type itemRef struct{ oi, from, to int }

// objFacts are what a report says of every subject's objective alike.
type objFacts struct {
	business   bool     // a clock measuring open time of its calendar
	excludedBy []string // the objective's exclusions with causes
}

// factsOf returns co's facts under version vi, worked out once per report.
func (ev *Evaluator) factsOf(sc *reportScratch, vi int, co *cobj) objFacts {
	if f, ok := sc.facts[co]; ok {
		return f
	}
	var f objFacts
	if co.kind == kClock && co.clock != nil {
		// metric.NewClock measures on the calendar unless a target is
		// in wall time (wall and business targets cannot be mixed).
		spec := co.clock.Spec()
		f.business = spec.Calendar != nil
		for _, t := range spec.Targets {
			if !t.Wall.IsZero() || t.Span.Unit == calendar.WallTime {
				f.business = false
			}
		}
	}
	for _, xid := range co.o.Exclusions {
		for _, x := range ev.p.a.Versions[vi].Exclusions {
			if x.ID == xid && len(x.Causes) > 0 {
				f.excludedBy = append(f.excludedBy, xid)
			}
		}
	}
	if sc.facts == nil {
		sc.facts = map[*cobj]objFacts{}
	}
	sc.facts[co] = f
	return f
}

// subjectReportWith reports s as of asOf, appending its items in scope to
// items and its availability slots in scope, over sc.span, to avail (when
// not nil). With
// keep false it builds only the items: the SubjectReport it returns has
// no objectives.
func (ev *Evaluator) subjectReportWith(sc *reportScratch, s *subject, asOf time.Time, items map[string][]item, avail map[string][]availSlot, keep bool) SubjectReport {
	p := ev.p
	v := &p.versions[s.ver]
	sr := SubjectReport{Type: s.typ(), ID: s.id(), Version: v.label}
	// The subject's attributes, gathered when a scope or a split first
	// reads them: most objectives test none. Scopes read the subject's
	// latest values (doc.go), so a state under an earlier version reads
	// those of the subject's current state.
	var se metric.Event
	attrs := false
	event := func() *metric.Event {
		if !attrs {
			se.Attrs, attrs = sc.attrs[:0], true
			latest := s
			if o := sc.owner; o != nil && o.key == s.key {
				latest = o
			}
			for i, k := range p.attrKeys {
				if latest.has&(1<<uint(i)) != 0 {
					se.Attrs = append(se.Attrs, metric.Attr{Key: k, Value: latest.attrs[i]})
				}
			}
			sc.attrs = se.Attrs
		}
		return &se
	}
	mine, refs := sc.mine[:0], sc.refs[:0]
	objs, n := sc.objectivesOf(v, int(s.ver), s.typ())
	if keep {
		sr.Objectives = take(sc.chunk, &sc.objs, n)
	}
	for _, oi := range objs {
		co := &v.objs[oi]
		inScope := len(co.where) == 0 || whereHolds(co.where, event())
		excluded := s.isExcluded(co.bit)
		so := SubjectObjective{Objective: co.o.ID, InScope: inScope, Excluded: excluded}
		if !inScope && co.kind != kAvailability {
			// No clock or obligation for a subject out of scope (timers.go).
			so.State = StateNotStarted
			if keep {
				sr.Objectives = append(sr.Objectives, so)
			}
			continue
		}
		from := len(mine)
		switch co.kind {
		case kClock:
			if keep {
				so.Business = ev.factsOf(sc, int(s.ver), co).business
			}
			mine = ev.clockReport(sc, &so, s, co, asOf, mine, keep)
		case kDeadlineEvents:
			so.Business = co.lateUnitBusiness
			mine = ev.deadlineReport(sc, &so, s, co, asOf, mine, keep)
		case kAvailability:
			a := &s.x.avs[co.slot]
			so.State = StateRunning
			so.Downtime = a.down
			if a.open {
				if keep {
					so.Downtime = append(slices.Clip(a.down), metric.Downtime{Period: metric.Period{Start: a.openAt, End: asOf}, Cause: a.cause})
				}
				so.State = StateDown
			}
			if inScope && avail != nil {
				avail[co.o.ID] = append(avail[co.o.ID], availSlot{a, sc.span, sc.owner})
			}
		}
		for i := from; i < len(mine); i++ {
			mine[i].excluded = excluded && mine[i].state == StateBreached
		}
		if k := p.segs[co.o.ID]; k != nil {
			k.mark(mine[from:], event()) // compliance_split.go
		}
		if inScope {
			refs = append(refs, itemRef{oi, from, len(mine)})
		}
		if keep {
			sr.Objectives = append(sr.Objectives, so)
		}
	}
	excuse(v, mine, refs)
	if keep {
		ev.copyFlags(sc, int(s.ver), v, &sr, mine)
	}
	if items != nil {
		for _, rf := range refs {
			for i := rf.from; i < rf.to; i++ {
				items[mine[i].obj] = append(items[mine[i].obj], mine[i])
			}
		}
	}
	sc.mine, sc.refs = mine, refs
	return sr
}

// clockReport fills so with the clock co of s as of asOf (its cycles and
// warnings only with keep), and appends its cycles' items to mine.
func (ev *Evaluator) clockReport(sc *reportScratch, so *SubjectObjective, s *subject, co *cobj, asOf time.Time, mine []item, keep bool) []item {
	cs := new(s.clock(co))
	ver := int(s.ver)
	if keep {
		n := s.closedCycles(co.slot)
		if cs.Phase != metric.Idle {
			n++
		}
		so.Cycles = take(sc.chunk, &sc.cycles, n)
	}
	for _, pc := range s.prev {
		if pc.slot == int32(co.slot) {
			c := pc.r
			if keep {
				so.Cycles = append(so.Cycles, Cycle{Cycle: c.Cycle, Start: c.Start, End: c.End, Elapsed: c.Elapsed, Target: c.Target, State: cycleState(c.State), BreachAt: c.BreachAt})
			}
			mine = append(mine, item{obj: co.o.ID, ver: ver, at: c.Start, state: cycleState(c.State), breachAt: c.BreachAt, late: c.Elapsed - c.Target, elapsed: c.Elapsed, closed: true})
		}
	}
	st := co.clock.Status(*cs, asOf)
	so.State, so.Phase = cycleState(st.State), st.Phase.String()
	so.Elapsed, so.Target, so.Due, so.BreachAt = st.Elapsed, st.Target, st.Due, st.BreachAt
	if keep {
		so.Warnings = knownWarnings(st.Warnings)
	}
	if st.State != metric.NotStarted {
		if keep {
			c := Cycle{Cycle: st.Cycle, Start: st.Start, Elapsed: st.Elapsed, Target: st.Target, State: so.State, BreachAt: st.BreachAt}
			if st.Phase == metric.Stopped {
				c.End = cs.Since
			}
			so.Cycles = append(so.Cycles, c)
		}
		mine = append(mine, item{obj: co.o.ID, ver: ver, at: st.Start, state: so.State, breachAt: st.BreachAt, late: st.Elapsed - st.Target, elapsed: st.Elapsed, closed: st.Phase == metric.Stopped})
	}
	// After the cycles listed, so that copyFlags pairs items and Cycles
	// by position.
	return ev.foldedItems(so, s, co, mine, keep)
}

// deadlineReport fills so with the obligations of the deadline objective
// co of s as of asOf (the obligations only with keep), and appends their
// items to mine.
func (ev *Evaluator) deadlineReport(sc *reportScratch, so *SubjectObjective, s *subject, co *cobj, asOf time.Time, mine []item, keep bool) []item {
	d := new(s.deadline(co))
	so.State = StateNotStarted
	if keep {
		n := s.closedObligations(co.slot)
		if !d.Anchor.IsZero() {
			n++
		}
		so.Deadlines = take(sc.chunk, &sc.deadlines, n)
	}
	judge := func(rec *obligationRec) {
		js := co.deadline.Judge(rec.Anchor, rec.Done, asOf)
		di := DeadlineItem{Anchor: rec.Anchor, Due: js.Due, Done: js.Done, State: deadlineState(js.State), Late: js.Late, LateBusiness: js.LateBusiness}
		late := js.Late
		if co.lateUnitBusiness {
			late = js.LateBusiness
		}
		if keep && di.State == StatePending && js.Due.After(asOf) && !js.Due.Equal(noDue) {
			di.Remaining, di.RemainingBusiness = js.Due.Sub(asOf), di.Remaining
			if co.cal != nil {
				di.RemainingBusiness = co.cal.Between(asOf, js.Due)
			}
		}
		if keep {
			so.Deadlines = append(so.Deadlines, di)
		}
		so.State, so.Due = di.State, js.Due
		mine = append(mine, item{obj: co.o.ID, ver: int(s.ver), at: rec.Anchor, state: di.State, breachAt: js.Due, late: late, closed: di.State != StatePending})
	}
	for _, po := range s.prevOccs() {
		if po.slot == int32(co.slot) {
			judge(&po.o)
		}
	}
	if !d.Anchor.IsZero() {
		judge(d)
	}
	return mine
}

// excuse marks the breached items of mine that an earlier miss excuses:
// an item of an objective in their objective's ExcusedBy, of the same
// subject, breached no later than they did. The first such item, in the
// order of mine (objectives in agreement order, then items in time
// order), is the excuse.
func excuse(v *cversion, mine []item, refs []itemRef) {
	for _, rf := range refs {
		co := &v.objs[rf.oi]
		if len(co.o.ExcusedBy) == 0 {
			continue
		}
		for i := rf.from; i < rf.to; i++ {
			it := &mine[i]
			if it.state != StateBreached || it.excluded {
				continue
			}
			for j := range mine {
				other := &mine[j]
				if other.state == StateBreached && slices.Contains(co.o.ExcusedBy, other.obj) && !other.breachAt.After(it.breachAt) {
					it.excused, it.excuse = true, int32(j)
					break
				}
			}
		}
	}
}

// copyFlags copies the excused and excluded flags of the items in mine
// into the subject's objectives, with the excuse and the exclusions.
func (ev *Evaluator) copyFlags(sc *reportScratch, vi int, v *cversion, sr *SubjectReport, mine []item) {
	k := 0 // mine lists the items objective by objective, in sr's order
	for j := range sr.Objectives {
		so := &sr.Objectives[j]
		for n := 0; k < len(mine) && mine[k].obj == so.Objective; n, k = n+1, k+1 {
			it := &mine[k]
			if !it.excused && !it.excluded {
				continue
			}
			var by *Excuse
			if it.excused {
				so.Excused = true
				by = &Excuse{Objective: mine[it.excuse].obj, BreachAt: mine[it.excuse].breachAt}
			}
			var xs []string
			if it.excluded {
				xs = slices.Clone(ev.factsOf(sc, vi, &v.objs[v.byID[so.Objective]]).excludedBy)
			}
			switch {
			case n < len(so.Cycles):
				c := &so.Cycles[n]
				c.Excused, c.Excluded, c.ExcusedBy, c.ExcludedBy = it.excused, it.excluded, by, xs
			case n < len(so.Deadlines):
				d := &so.Deadlines[n]
				d.Excused, d.Excluded, d.ExcusedBy, d.ExcludedBy = it.excused, it.excluded, by, xs
			}
		}
	}
}

func deadlineState(s metric.DeadlineState) string {
	switch s {
	case metric.DeadlineMet:
		return StateMet
	case metric.DeadlineMissed:
		return StateBreached
	}
	return StatePending
}

// knownWarnings keeps the warning instants metric.Clock.Status knows (it
// gives zero for the others), with their positions; nil when none is.
func knownWarnings(ws []time.Time) []ClockWarning {
	var out []ClockWarning
	for i, w := range ws {
		if !w.IsZero() {
			out = append(out, ClockWarning{Index: i, At: w})
		}
	}
	return out
}
