package sla

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/slaeval/slaeval/metric"
)

// Retiring closed subjects.
//
// The evaluator holds every subject it has seen, because a report counts
// each clock cycle and obligation in its period, its obligation and its
// credits. A subject whose verdicts can no longer change — every clock
// stopped or never started, every obligation done — needs only those
// verdicts. When the host knows it will not reopen (a ticket closed for
// good, an invoice paid), Retire keeps one 64-byte record per verdict and
// drops the rest of the subject's state (about 1 KiB for a ticket with
// three clocks), so memory grows with the open subjects and by a few dozen
// bytes per closed verdict, not with the state of every subject ever seen.
//
// Reports count retired verdicts in periods, obligations, credits and
// termination rights exactly as if the subject were still held; a retired
// subject has no row in Report.Subjects. A retired verdict is final, the
// verdict as of the subject's last event: a report as of an earlier
// instant counts it so too (a held subject would be seen as it was then). The evaluator remembers retired
// subjects by a 64-bit hash of their type and ID and rejects their later
// events with ErrRetired (a re-sent event of a retired subject included).
// Retired verdicts and subjects travel in Partial and merge like the rest.

// Errors of Retire and of events for retired subjects.
var (
	ErrRetired   = errors.New("the subject was retired")
	ErrNotClosed = errors.New("the subject is not closed")
)

// ReasonRetired counts events rejected because their subject was retired.
const ReasonRetired = "retired"

// RetiredVerdict is one clock cycle or deadline obligation of a retired
// subject, as reports count it.
type RetiredVerdict struct {
	Objective string        `json:"objective"`
	Version   int           `json:"version"`           // index into the agreement's versions
	At        time.Time     `json:"at"`                // the cycle's start or the obligation's anchor: the period it counts in
	State     string        `json:"state"`             // StateMet or StateBreached
	Late      time.Duration `json:"late,omitempty"`    // how late a breach was (on the objective's unit)
	Elapsed   time.Duration `json:"elapsed,omitempty"` // a clock cycle's elapsed time
	Excused   bool          `json:"excused,omitempty"`
	Excluded  bool          `json:"excluded,omitempty"`
	// Subject is the retired subject's keyed hash, one of the
	// RetiredSubjects beside it, so that Recompute can replace the
	// subject's verdicts; 0 in records that do not say.
	Subject uint64 `json:"subject,omitempty"`
	// Segment is the subject's value of the attribute that ratio
	// objectives over this one split it by (TargetBy), when it is one of
	// their targets' values; "" otherwise.
	Segment string `json:"segment,omitempty"`
}

// retired is a RetiredVerdict as the evaluator keeps it.
type retired struct {
	obj           string
	at            time.Time
	late, elapsed time.Duration
	subj          uint64 // the subject's hash, as in Evaluator.gone; 0: not known
	ver           int32
	breached      bool
	excused       bool
	excluded      bool
	seg           uint8 // item.seg (compliance_split.go)
}

func (r *retired) item() item {
	it := item{obj: r.obj, ver: int(r.ver), at: r.at, state: StateMet, late: r.late, elapsed: r.elapsed, closed: true, excused: r.excused, excluded: r.excluded, seg: r.seg}
	if r.breached {
		it.state = StateBreached
	}
	return it
}

// subjectHash identifies a retired subject: the keyed hash of its type
// and ID (idhash.go).
func (ev *Evaluator) subjectHash(key string) uint64 { return ev.subjects.idh.hash(key) }

// Retire folds a closed subject's verdicts into the evaluator and drops its
// state (see above). It fails, changing nothing, with ErrUnknownSubject
// when the evaluator holds no such subject and with ErrNotClosed when a
// clock is running or paused, an obligation is not done, or the subject is
// measured by availability (a service is never closed; its downtime is
// judged per period).
func (ev *Evaluator) Retire(subjectType, id string) error {
	if !ev.built() {
		return notBuilt()
	}
	key := subjectType + "/" + id
	s := ev.subjects.get(subjectType, id)
	if s == nil {
		return &Error{Msg: fmt.Sprintf("subject %s: the evaluator holds no such subject", key), Err: ErrUnknownSubject}
	}
	states := append(slices.Clip(s.olderStates()), s)
	for _, st := range states {
		if why := ev.openPart(st); why != "" {
			return &Error{Msg: fmt.Sprintf("subject %s: %s", key, why), Err: ErrNotClosed}
		}
	}
	items := map[string][]item{}
	for _, st := range states {
		ev.subjectReport(st, s, st.lastAt(), items)
	}
	start, sh := len(ev.retired), ev.subjectHash(key)
	for _, obj := range slices.Sorted(maps.Keys(items)) {
		for _, it := range items[obj] {
			if !it.closed || (it.state != StateMet && it.state != StateBreached) {
				ev.retired = ev.retired[:start]
				return &Error{Msg: fmt.Sprintf("subject %s: objective %s is still %s", key, obj, it.state), Err: ErrNotClosed}
			}
			ev.retired = append(ev.retired, retired{obj: it.obj, at: it.at, late: it.late, elapsed: it.elapsed, ver: int32(it.ver), subj: sh,
				breached: it.state == StateBreached, excused: it.excused, excluded: it.excluded, seg: it.seg})
		}
	}
	ev.markDirty(s)
	ev.removeSubject(subjectType, id)
	ev.tallyRetired()
	ev.markGone(sh)
	return nil
}

// RetireClosed retires every closed subject whose last event came before
// lastBefore (see Retire) and returns how many it retired: a periodic
// sweep for hosts that know how long a closed subject may still reopen
// (a ticket solved more than 30 days ago stays closed, say). Subjects that
// are not closed stay as they are.
func (ev *Evaluator) RetireClosed(lastBefore time.Time) int {
	if !ev.built() {
		return 0
	}
	var due []*subject
	for s := range ev.subjects.all() {
		if s.lastAt().Before(lastBefore) {
			due = append(due, s)
		}
	}
	// retired verdicts in a stable order
	slices.SortFunc(due, func(a, b *subject) int { return strings.Compare(a.key, b.key) })
	n := 0
	for _, s := range due {
		if ev.Retire(s.typ(), s.id()) == nil {
			n++
		}
	}
	return n
}

// openPart says what keeps a subject's state from being final, "" when
// nothing does.
func (ev *Evaluator) openPart(s *subject) string {
	v := &ev.p.versions[s.ver]
	if len(s.avSlots()) > 0 {
		return "it is measured by availability, which is judged per period"
	}
	for i := range v.objs {
		co := &v.objs[i]
		switch co.kind {
		case kClock:
			if ph := s.phaseOf(co); ph != metric.Idle && ph != metric.Stopped {
				return fmt.Sprintf("the clock of objective %s is %s", co.o.ID, ph)
			}
		case kDeadlineEvents:
			if d := s.deadline(co); !d.Anchor.IsZero() && d.Done.IsZero() {
				return fmt.Sprintf("the obligation of objective %s is not done", co.o.ID)
			}
		}
	}
	return ""
}

// retiredVerdicts returns the retired verdicts in a stable order.
func (ev *Evaluator) retiredVerdicts() []RetiredVerdict {
	out := make([]RetiredVerdict, 0, len(ev.retired))
	for _, r := range ev.retired {
		it := r.item()
		out = append(out, RetiredVerdict{Objective: r.obj, Version: int(r.ver), At: r.at.In(ev.p.loc), State: it.state, Late: r.late, Elapsed: r.elapsed, Excused: r.excused, Excluded: r.excluded, Subject: r.subj, Segment: ev.p.segs[r.obj].value(r.seg)})
	}
	slices.SortStableFunc(out, func(a, b RetiredVerdict) int {
		return cmp.Or(strings.Compare(a.Objective, b.Objective), cmp.Compare(a.Version, b.Version), a.At.Compare(b.At),
			strings.Compare(a.State, b.State), cmp.Compare(a.Late, b.Late), cmp.Compare(a.Elapsed, b.Elapsed),
			compareBool(a.Excused, b.Excused), compareBool(a.Excluded, b.Excluded), cmp.Compare(a.Subject, b.Subject), strings.Compare(a.Segment, b.Segment))
	})
	return out
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// checkRetiredPart checks a partial's retired verdicts and subjects
// before any of them is merged.
func (ev *Evaluator) checkRetiredPart(pt *Partial) error {
	for i, h := range pt.RetiredSubjects {
		path := fmt.Sprintf("retiredSubjects[%d]", i)
		if i > 0 && pt.RetiredSubjects[i-1] >= h {
			return corrupt(path, "the hashes are not in increasing order (or one is given twice)")
		}
		if _, dup := ev.gone[h]; dup {
			// merged twice, or retired in two partitions: its verdicts
			// would count twice
			return mismatch(path, "a subject (hash %016x) is retired in more than one partial", h)
		}
	}
	for i, r := range pt.Retired {
		path := fmt.Sprintf("retired[%d]", i)
		if r.Version < 0 || r.Version >= len(ev.p.versions) {
			return mismatch(path+".version", "no version %d", r.Version)
		}
		oi, ok := ev.p.versions[r.Version].byID[r.Objective]
		if !ok {
			return mismatch(path+".objective", "version %d has no objective %q", r.Version, r.Objective)
		}
		if k := ev.p.versions[r.Version].objs[oi].kind; k != kClock && k != kDeadlineEvents {
			return mismatch(path+".objective", "objective %q is neither a clock nor a deadline on events", r.Objective)
		}
		switch {
		case r.State != StateMet && r.State != StateBreached:
			return mismatch(path+".state", "state %q is neither %q nor %q", r.State, StateMet, StateBreached)
		case r.Elapsed < 0:
			return corrupt(path+".elapsed", "%v is negative", r.Elapsed)
		}
		if err := ev.inTerm(path+".at", r.At); err != nil {
			return err
		}
		if _, ok := slices.BinarySearch(pt.RetiredSubjects, r.Subject); r.Subject != 0 && !ok {
			return corrupt(path+".subject", "%016x is not one of the retired subjects", r.Subject)
		}
		if _, ok := ev.p.segs[r.Objective].seg(r.Segment); !ok {
			return corrupt(path+".segment", "%q is not a value the ratios over objective %q split it by", r.Segment, r.Objective)
		}
	}
	return nil
}

// mergeRetired adds a partial's retired verdicts and subjects, checked by
// checkRetiredPart.
func (ev *Evaluator) mergeRetired(pt *Partial) {
	for _, r := range pt.Retired {
		oi := ev.p.versions[r.Version].byID[r.Objective]
		ev.retired = append(ev.retired, retired{obj: ev.p.versions[r.Version].objs[oi].o.ID, at: r.At, late: r.Late, elapsed: r.Elapsed, ver: int32(r.Version),
			subj: r.Subject, breached: r.State == StateBreached, excused: r.Excused, excluded: r.Excluded})
		ev.retired[len(ev.retired)-1].seg, _ = ev.p.segs[r.Objective].seg(r.Segment) // checked by checkRetiredPart
	}
	for _, h := range pt.RetiredSubjects {
		ev.markGone(h)
	}
	ev.tallyRetired()
}

// checkHeldRetired fails when a subject held by ev, or about to be
// merged (subs), is among the retired subjects of a partial (gone, made
// under the key k): a subject in two partials, held in one and retired in
// the other.
func (ev *Evaluator) checkHeldRetired(k idHasher, subs []*subject, gone []uint64) error {
	if len(gone) == 0 {
		return nil
	}
	set := make(map[uint64]struct{}, len(gone))
	for _, h := range gone {
		set[h] = struct{}{}
	}
	check := func(s *subject) error {
		if _, ok := set[k.hash(s.key)]; ok {
			return mismatch("retiredSubjects", "subject %s is held in one partial and retired in another", s.key)
		}
		return nil
	}
	for _, s := range subs {
		if err := check(s); err != nil {
			return err
		}
	}
	for s := range ev.subjects.all() {
		if err := check(s); err != nil {
			return err
		}
	}
	return nil
}
