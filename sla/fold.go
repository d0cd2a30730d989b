package sla

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// Folding the closed cycles of long-lived subjects.
//
// A clock that is reset or restarted (next reply, periodic update) closes
// a cycle each time, and a report counts every cycle in the period of its
// start. A subject keeps at least the last K closed cycles of each clock
// in full (K is Options.KeepCycles, DefaultKeepCycles = 32 when not
// given) and folds older ones into counts: per clock and per day (in the
// agreement's zone) of the cycle's start, how many cycles were met and
// how many breached. It folds in passes, so that a cycle costs a few
// steps however long the subject lives: when the subject's closed cycles
// that may fold number 2·K·F (F: the clocks of its version whose cycles
// fold), each clock keeps its last K and the rest fold. A pass depends on
// the subject's state alone, so a subject restored from a snapshot folds
// as the uninterrupted one does. Every period of the agreement is a whole number of
// days in that zone, so a folded cycle counts in the same periods as it
// would in full, and reports give exactly the same period figures,
// obligations, credits and termination rights; the subject's report
// lists the cycles kept (at least the last K of each clock) in Cycles and
// the folded ones, day by day, in Folded.
//
// Only cycles of which reports use nothing but the day and the verdict
// are folded. A clock's cycles are kept in full, however many, when a
// percentile objective measures their elapsed times, a perUnitLate
// penalty charges their lateness (on the clock's objective or a ratio
// over it), an excuse links the objective to another (excusedBy either
// way: it compares breach instants), or a rolling period counts them (a
// rolling window ends at the report's instant, not on a day).
//
// Folded counts go with the subject's snapshot (ClockSnapshot.Folded, in
// format FormatFolded) and its partial, and count like the cycles they
// replace after Restore, Merge, Retire (a retired subject keeps one
// verdict record per folded cycle, dated at its day) and Recompute
// (which replays the history, folding again).

// DefaultKeepCycles is how many closed cycles of each clock a subject
// keeps in full when Options.KeepCycles is zero.
const DefaultKeepCycles = 32

// FoldedCycles counts the closed cycles of one clock that started on one
// day and were folded (see Options.KeepCycles): Met and Breached as a
// report counts them (a breached one excluded by a cause counts as
// excused, as in full).
type FoldedCycles struct {
	Day      time.Time `json:"day"` // the first instant of the day, in the agreement's zone
	Met      int       `json:"met,omitempty"`
	Breached int       `json:"breached,omitempty"`
}

// foldedDay is a FoldedCycles as a subject keeps it, for its clock slot.
type foldedDay struct {
	day           int64 // Unix nanoseconds of the day's first instant
	slot          int32
	met, breached int32
}

// evConfig is what Options set for one evaluator beyond its identity.
type evConfig struct {
	idWindow int // Options.SubjectIDs; 0: DefaultSubjectIDs
	keep     int // Options.KeepCycles; 0: DefaultKeepCycles
}

func (c evConfig) window() int     { return cmp.Or(c.idWindow, DefaultSubjectIDs) }
func (c evConfig) keepCycles() int { return cmp.Or(c.keep, DefaultKeepCycles) }

// checkConfig checks the options evConfig takes.
func (o Options) checkConfig() error {
	switch {
	case o.SubjectIDs < 0 || o.SubjectIDs > MaxSubjectIDs:
		return &Error{Path: "Options.SubjectIDs", Msg: fmt.Sprintf("%d; the window is 0 (the default, %d) to %d IDs", o.SubjectIDs, DefaultSubjectIDs, MaxSubjectIDs), Err: ErrInvalid}
	case o.KeepCycles < 0:
		return &Error{Path: "Options.KeepCycles", Msg: fmt.Sprintf("%d is negative; give 0 for the default (%d), or math.MaxInt to fold nothing", o.KeepCycles, DefaultKeepCycles), Err: ErrInvalid}
	}
	return nil
}

// foldRules is what folding needs of the agreement, worked out once.
type foldRules struct {
	keepAll map[string]bool // clock objective IDs whose cycles are never folded
	slots   [][]bool        // version → clock slot → its cycles fold
	nFold   []int           // version → how many of its clocks' cycles fold
	days    metric.Grid     // days in the agreement's zone
}

// foldRulesOf works out p's fold rules (see above).
func foldRulesOf(p *program) foldRules {
	// NewGrid fails only for an unknown grain (TestIgnoredErrorsCannotHappen).
	days, _ := metric.NewGrid(metric.Day, p.loc)
	fr := foldRules{keepAll: map[string]bool{}, days: days}
	for vi := range p.versions {
		v := &p.versions[vi]
		for i := range v.objs {
			co := &v.objs[i]
			if len(co.o.ExcusedBy) > 0 {
				fr.keepAll[co.o.ID] = true
			}
			for _, id := range co.o.ExcusedBy {
				fr.keepAll[id] = true
			}
			switch {
			case co.kind == kClock && co.rolling:
				fr.keepAll[co.o.ID] = true
			case co.kind == kPercentile && co.pctOf != "":
				fr.keepAll[co.pctOf] = true
			case co.kind == kRatio && co.rolling:
				fr.keepAll[co.ratioOf] = true
			}
		}
		if v.schedule == nil {
			continue
		}
		for _, r := range v.schedule.Rules {
			if r.Kind != penalty.PerLate {
				continue
			}
			fr.keepAll[r.Objective] = true
			if oi, ok := v.byID[r.Objective]; ok && v.objs[oi].kind == kRatio {
				fr.keepAll[v.objs[oi].ratioOf] = true
			}
		}
	}
	fr.slots, fr.nFold = make([][]bool, len(p.versions)), make([]int, len(p.versions))
	for vi := range p.versions {
		v := &p.versions[vi]
		fr.slots[vi] = make([]bool, v.nClocks)
		for i := range v.objs {
			if co := &v.objs[i]; co.kind == kClock && !fr.keepAll[co.o.ID] {
				fr.slots[vi][co.slot] = true
				fr.nFold[vi]++
			}
		}
	}
	return fr
}

// closeCycle records the closed cycle r of clock co of s, and folds
// (foldOld) when the cycles of s that can fold number 2·keep·F, F the
// clocks of its version whose cycles fold. Whether a pass runs is so a
// function of the subject's state alone (a restored subject folds when
// the uninterrupted one does); to find it out without counting at every
// cycle, s remembers how many of its cycles could not fold at the last
// count (x.fixed, a lower bound of the number now: it never decreases),
// and counts again only when even that many leave 2·keep·F possible:
// at most once per keep·F cycles, as a pass leaves at most keep·F.
func (ev *Evaluator) closeCycle(s *subject, co *cobj, r metric.CycleResult) {
	s.prev = append(s.prev, prevCycle{int32(co.slot), r})
	keep := ev.cfg.keepCycles()
	if len(s.prev) <= keep {
		return // the usual case (and every case with KeepCycles math.MaxInt)
	}
	f := ev.p.fold.nFold[s.ver]
	fixed := 0
	if s.x != nil {
		fixed = int(s.x.fixed)
	}
	if f == 0 || len(s.prev) < 2*keep*f+fixed {
		return
	}
	foldable := ev.p.fold.slots[s.ver]
	fixed = 0
	for i := range s.prev {
		if !canFold(&s.prev[i], foldable) {
			fixed++
		}
	}
	s.ext().fixed = int32(min(fixed, math.MaxInt32))
	if len(s.prev)-fixed >= 2*keep*f {
		ev.foldOld(s, keep)
	}
}

// canFold reports whether pc may fold: its clock's cycles fold, and it
// was met or breached.
func canFold(pc *prevCycle, foldable []bool) bool {
	return foldable[pc.slot] && (pc.r.State == metric.Met || pc.r.State == metric.Breached)
}

// foldOld folds the closed cycles of s older than the last keep of their
// clock that may fold, oldest first.
func (ev *Evaluator) foldOld(s *subject, keep int) {
	foldable := ev.p.fold.slots[s.ver]
	excess := ev.foldN[:0]
	for range foldable {
		excess = append(excess, -keep)
	}
	for i := range s.prev {
		if canFold(&s.prev[i], foldable) {
			excess[s.prev[i].slot]++
		}
	}
	ev.foldN = excess
	var day metric.Period // the day of the last cycle folded: the next is often on it too
	x := s.ext()
	kept := s.prev[:0]
	for _, pc := range s.prev {
		if excess[pc.slot] <= 0 || !canFold(&pc, foldable) {
			kept = append(kept, pc)
			continue
		}
		excess[pc.slot]--
		if !day.Contains(pc.r.Start) {
			day = ev.p.fold.days.At(pc.r.Start)
		}
		x.fold(pc.slot, day.Start.UnixNano(), pc.r.State == metric.Breached, 1)
	}
	clear(s.prev[len(kept):])
	s.prev = kept
}

// fold adds n cycles of slot started on day (met or breached) to the
// folded counts, kept sorted by day and slot. Cycles fold in the order
// they started, so the place is found from the end in a step or two.
func (x *subjectExtra) fold(slot int32, day int64, breached bool, n int32) {
	if n <= 0 {
		return
	}
	key := foldedDay{day: day, slot: slot}
	i := len(x.folded)
	for i > 0 && compareFolded(x.folded[i-1], key) > 0 {
		i--
	}
	if i == 0 || compareFolded(x.folded[i-1], key) != 0 {
		x.folded = slices.Insert(x.folded, i, key)
	} else {
		i--
	}
	f := &x.folded[i]
	if breached {
		f.breached = satAdd(f.breached, n)
	} else {
		f.met = satAdd(f.met, n)
	}
}

// satAdd is a+b for counts of at most math.MaxInt32 (two billion cycles
// of one clock in one day cannot happen; the bound only keeps the sum
// from wrapping).
func satAdd(a, b int32) int32 { return int32(min(int64(a)+int64(b), math.MaxInt32)) }

func compareFolded(a, b foldedDay) int {
	if a.day != b.day {
		return cmp.Compare(a.day, b.day)
	}
	return cmp.Compare(a.slot, b.slot)
}

func (s *subject) foldedDays() []foldedDay {
	if s.x == nil {
		return nil
	}
	return s.x.folded
}

// foldedOf returns the folded cycles of slot as the report and the
// snapshot give them.
func (ev *Evaluator) foldedOf(s *subject, slot int) []FoldedCycles {
	var out []FoldedCycles
	for _, f := range s.foldedDays() {
		if f.slot == int32(slot) {
			out = append(out, FoldedCycles{Day: time.Unix(0, f.day).In(ev.p.loc), Met: int(f.met), Breached: int(f.breached)})
		}
	}
	return out
}

// foldedItems fills so.Folded with the folded cycles of clock co of s
// (with keep) and appends one item per folded cycle to mine, dated at its
// day: all a report reads of a cycle it may fold (see above).
func (ev *Evaluator) foldedItems(so *SubjectObjective, s *subject, co *cobj, mine []item, keep bool) []item {
	for _, f := range s.foldedDays() {
		if f.slot != int32(co.slot) {
			continue
		}
		day := time.Unix(0, f.day).In(ev.p.loc)
		if keep {
			so.Folded = append(so.Folded, FoldedCycles{Day: day, Met: int(f.met), Breached: int(f.breached)})
		}
		it := item{obj: co.o.ID, ver: int(s.ver), at: day, state: StateMet, closed: true}
		for range f.met {
			mine = append(mine, it)
		}
		it.state = StateBreached
		for range f.breached {
			mine = append(mine, it)
		}
	}
	return mine
}

// foldedCount is the number of folded cycles of slot.
func (s *subject) foldedCount(slot int) int {
	n := 0
	for _, f := range s.foldedDays() {
		if f.slot == int32(slot) {
			n += int(f.met) + int(f.breached)
		}
	}
	return n
}

// checkFolded checks the folded cycles of clock co in a snapshot (at
// path): days in increasing order, none after the subject's last event,
// each the first instant of a day in the agreement's zone, with a count,
// of a clock whose
// cycles fold.
func (ev *Evaluator) checkFolded(path string, co *cobj, fs []FoldedCycles, last time.Time) error {
	if len(fs) > 0 && ev.p.fold.keepAll[co.o.ID] {
		return mismatch(path, "objective %s keeps every cycle in full (a percentile, a perUnitLate penalty, an excuse or a rolling period reads each): none is folded", co.o.ID)
	}
	for i, f := range fs {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case f.Day.After(last):
			return corrupt(p+".day", "%s is after the subject's last event %s", f.Day.Format(time.RFC3339), last.Format(time.RFC3339Nano))
		case !ev.p.fold.days.At(f.Day).Start.Equal(f.Day):
			return corrupt(p+".day", "%s is not the first instant of a day in the agreement's zone", f.Day.Format(time.RFC3339))
		case i > 0 && !fs[i-1].Day.Before(f.Day):
			return corrupt(p+".day", "the days are not in increasing order (or one is given twice)")
		case f.Met < 0 || f.Breached < 0 || f.Met > math.MaxInt32 || f.Breached > math.MaxInt32:
			return corrupt(p, "counts %d and %d out of range (0 to %d)", f.Met, f.Breached, math.MaxInt32)
		case f.Met == 0 && f.Breached == 0:
			return corrupt(p, "a folded day counts at least one cycle")
		}
	}
	return nil
}

// usesFolded reports whether ss, or an older state in it, has a field of
// format FormatFolded.
func (ss *SubjectSnapshot) usesFolded() bool {
	if len(ss.Aged) > 0 || !ss.AgedUntil.IsZero() || !ss.IDsReleased.IsZero() {
		return true
	}
	for i := range ss.Clocks {
		if len(ss.Clocks[i].Folded) > 0 {
			return true
		}
	}
	for i := range ss.Older {
		if ss.Older[i].usesFolded() {
			return true
		}
	}
	return false
}

// formatOf is the format of a snapshot or partial holding subs:
// FormatFolded when one of them needs it, FormatVersion otherwise.
func formatOf(subs ...SubjectSnapshot) int {
	for i := range subs {
		if subs[i].usesFolded() {
			return FormatFolded
		}
	}
	return FormatVersion
}

// checkFormatUse fails when a snapshot or partial of format 1 holds a
// field of format FormatFolded.
func checkFormatUse(format int, subs ...SubjectSnapshot) error {
	if format == FormatFolded || formatOf(subs...) == FormatVersion {
		return nil
	}
	return corrupt("format", "format %d has no folded cycles, aged IDs or release mark; a snapshot that holds them is format %d", format, FormatFolded)
}
