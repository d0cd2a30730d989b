package sla

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/slaeval/slaeval/internal/hashset"
)

// Late events.
//
// Events must come in time order per subject: one earlier than its
// subject's last is rejected with ErrOutOfOrder, and one of a retired
// subject with ErrRetired. A host that keeps each subject's history (a
// helpdesk's audit log) puts a late event in its place with Recompute,
// which forgets the subject and replays its whole history in time order.
//
// What a subject contributes to a report is of two kinds. Its own state
// (clocks, obligations, availability, attributes) and the verdicts, period
// results and credits that follow from it are recomputed whole: reports
// derive them from the subject's state (or, for a retired subject, from
// its retired verdicts, which Recompute removes). The event-level
// aggregates (volumes, distributions of values, done instants of
// period-end deadlines) are also fed by events of other subjects and hold
// no trace of which event added what; but an event's contribution to them
// depends on that event alone (its kind, attributes, value and instant,
// never its order), so Recompute adds the contributions of the events the
// subject had not applied and leaves those it had, which it knows by the
// hashes of their IDs the subject remembers. Nothing counts twice, and
// nothing is lost, provided the history holds every event applied to the
// subject before, each with the same content under the same ID (the
// evaluator checks the IDs, not the content).

// ErrNotRecomputable is the sentinel of a Recompute the evaluator refuses
// because it could not be exact.
var ErrNotRecomputable = errors.New("the subject cannot be recomputed")

// Recompute replaces the state of the subject (subjectType, id) with the
// state its events give when applied in time order: it forgets the
// subject's state, or its retired verdicts (bringing a retired subject
// back, held, as if never retired), and applies events sorted by instant
// (equal instants keep their order in events), as Apply would. events is
// the subject's whole history, the events applied to it before included;
// it is read, never kept or modified.
//
// The period results, obligations and credits that follow from the
// subject are corrected exactly; an event-level aggregate (a volume, a
// distribution of values, a period-end deadline's done instants) gains
// the contributions of the events not applied before and keeps those of
// the events applied before (see Late events above). Input accounting is
// left as it is: it counts what was handed to Apply, the late event's
// first delivery included (rejected, out of order).
//
// It returns the events it did not apply, with their positions in events
// and typed errors, as ApplyBatch does: an event that could not be
// applied in time order either (a malformed attribute, the same ID
// twice), and an event applied before that has no per-subject state
// (under a version whose objectives keep none for the subject's type: it
// is kept by the evaluator's own IDs, and comes back as a duplicate, its
// contribution counted once). It refuses, changing nothing, with an *Error
// wrapping ErrNotRecomputable when:
//   - an event is not of the subject, or is a usage event (usage has no
//     subject state, and a later report replaces an earlier one);
//   - the evaluator holds the subject and events lacks an event it
//     applied to it (its ID is missing), whose contributions could not
//     be told apart;
//   - the subject was retired and an event feeds an event-level
//     aggregate (a retired subject's event IDs are not kept, so those
//     applied before cannot be told from new ones), or its retired
//     verdicts were restored from a record that does not name their
//     subjects;
//   - events holds MaxRecomputeEvents events or more (past that a
//     subject forgets the oldest IDs it applied).
//
// A subject the evaluator does not hold and did not retire (never seen,
// or seen only in events ignored) is applied afresh. One that was
// forgotten (Forget) must be restored before it is recomputed: the
// evaluator cannot tell it from one never seen, and would count its
// event-level contributions again.
//
// A subject recomputed is marked for Dirty (when it ends up with no
// state, Snapshot finds none: the host deletes it).
//
// With a feed set (SetFeed), the replay itself hands the feed nothing:
// once it is done, each clock and obligation of the subject whose visible
// state as of now differs from before the recompute is fed, at now, as
// an event's changes are (a late reply that turns a breach into a met
// target is a ChangeClockMet from breached to met). A subject the
// evaluator did not hold (new, or retired and brought back), or that the
// recompute put under another version, is fed nothing: its report shows
// the outcome. Periods and credits the recompute corrected are fed at the
// next period end, as the feed compares them there.
func (ev *Evaluator) Recompute(subjectType, id string, events []Event) ([]Rejection, error) {
	if !ev.built() {
		return nil, notBuilt()
	}
	key := subjectType + "/" + id
	if subjectType == "" || id == "" {
		return nil, &Error{Path: "subject", Msg: "a subject has a type and an ID", Err: ErrUnknownSubject}
	}
	if len(events) >= MaxRecomputeEvents {
		return nil, notRecomputable("events", "subject %s: %d events; at most %d are recomputed, as a subject remembers the IDs of at most that many", key, len(events), MaxRecomputeEvents-1)
	}
	for i := range events {
		e := &events[i]
		switch {
		case e.SubjectType != subjectType || e.Subject != id:
			return nil, notRecomputable(fmt.Sprintf("events[%d]", i), "event %q is of %s/%s, not of %s", e.ID, e.SubjectType, e.Subject, key)
		case e.Kind == KindUsage:
			return nil, notRecomputable(fmt.Sprintf("events[%d]", i), "event %q is a usage event: usage has no subject state, and a later report of a month replaces an earlier one", e.ID)
		}
	}
	s := ev.subjects.get(subjectType, id)
	sh := ev.subjectHash(key)
	_, gone := ev.gone[sh]
	var counted idSet // the hashes of the events whose contributions are in the aggregates
	switch {
	case s != nil && s.ids.aged != nil && !s.ids.aged.released.IsZero():
		return nil, notRecomputable("", "subject %s no longer remembers the IDs of its events at or before %s (its window, Options.SubjectIDs, holds the last %d at least), so which of its events fed volumes and distributions is not known; raise Options.SubjectIDs, or replay the event log into a new evaluator", key, s.ids.aged.released.Format(time.RFC3339Nano), ev.cfg.window())
	case s != nil:
		counted = s.ids
		if err := ev.checkHistory(key, &counted, events); err != nil {
			return nil, err
		}
	case gone:
		if err := ev.checkRetiredHistory(key, sh, events); err != nil {
			return nil, err
		}
	}

	// Checked: forget the subject and replay its history, keeping what
	// the feed compares after it.
	var was recomputed
	if s != nil && ev.tm.feed != nil {
		was = recomputed{held: true, ver: s.ver, st: slices.Clone(s.st), attrs: slices.Clone(s.attrs), has: s.has, nPrev: len(s.prevOccs())}
	}
	if s != nil {
		ev.removeSubject(subjectType, id) // and its pending instants (timers.go)
	}
	if gone {
		ev.tallyRetiredDrop(func(r *retired) bool { return r.subj == sh })
		ev.retired = slices.DeleteFunc(ev.retired, func(r retired) bool { return r.subj == sh })
		delete(ev.gone, sh)
	}
	ev.dirty = append(ev.dirty, dirtyKey{key, int32(len(subjectType))})
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return events[a].At.Compare(events[b].At) })
	ev.recount = &counted
	// The replay itself hands nothing to the change feed (its events are
	// the past); the net change of the subject's visible state is fed
	// once it is done (feedRecomputed).
	feed := ev.tm.feed
	ev.tm.feed = nil
	var out []Rejection
	for _, i := range order {
		if err := ev.apply(&events[i]); err != nil && err != errIgnored {
			out = append(out, Rejection{i, err})
		}
	}
	ev.recount, ev.tm.feed = nil, feed
	ev.feedRecomputed(subjectType, id, &was)
	slices.SortFunc(out, compareRejections)
	return out, nil
}

// recomputed is what the feed compares of a subject before Recompute
// replays it: its clocks and obligations (st), attributes and number of
// earlier obligations, under version ver.
type recomputed struct {
	held  bool
	ver   int32
	st    []int64
	attrs []string
	has   uint64
	nPrev int
}

// feedRecomputed hands the feed, at now, each clock and obligation of the
// recomputed subject whose visible state differs from was's (a late
// reply that turns a breach into a met target, say), as applying an event
// does. A subject that was not held, or whose recompute moved it to
// another version, is fed nothing: its report shows the outcome.
func (ev *Evaluator) feedRecomputed(typ, id string, was *recomputed) {
	s := ev.subjects.get(typ, id)
	if ev.tm.feed == nil || !was.held || s == nil || s.ver != was.ver || len(s.st) != len(was.st) {
		return
	}
	tm := &ev.tm
	tm.st, tm.attrs, tm.has = append(tm.st[:0], was.st...), append(tm.attrs[:0], was.attrs...), was.has
	// The earlier obligations counted before are read from the replayed
	// subject's list (a replay keeps those it had, in order).
	tm.nPrev = min(was.nPrev, len(s.prevOccs()))
	ev.forMoved(s, was.st, was.attrs, was.has, false, func(oi int, co *cobj, inBefore, inAfter bool) {
		ev.feedApplied(s, oi, co, inBefore, inAfter)
	})
}

// MaxRecomputeEvents bounds the events of one Recompute: Recompute needs
// the IDs of all of a subject's events, and a subject remembers at most
// twice Options.SubjectIDs (at most MaxSubjectIDs) of them; one that has
// dropped some is refused with ErrNotRecomputable.
const MaxRecomputeEvents = maxIDs - hashset.Inline

func notRecomputable(path, format string, args ...any) error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...), Err: ErrNotRecomputable}
}

// recounted reports whether the event whose ID hashes to h has already
// fed the event-level aggregates: during a Recompute, an event the
// subject had applied before.
func (ev *Evaluator) recounted(h uint64) bool { return ev.recount != nil && ev.recount.has(h) }

// checkHistory checks that events holds every event applied to the held
// subject key, whose ID hashes are counted.
func (ev *Evaluator) checkHistory(key string, counted *idSet, events []Event) error {
	given := make(map[uint64]struct{}, len(events))
	for i := range events {
		given[idKey(ev.subjects.idh.hash(events[i].ID))] = struct{}{}
	}
	missing := 0
	for _, h := range counted.sorted() {
		if _, ok := given[h]; !ok {
			missing++
		}
	}
	if missing > 0 {
		return notRecomputable("events", "subject %s: %d of the events applied to it are not in the history given; give its whole history (an event left out would keep what it added to volumes and distributions)", key, missing)
	}
	return nil
}

// checkRetiredHistory checks that the retired subject key (hash sh) can
// be recomputed from events: its verdicts are known by its hash, and no
// event feeds an event-level aggregate.
func (ev *Evaluator) checkRetiredHistory(key string, sh uint64, events []Event) error {
	if !slices.ContainsFunc(ev.retired, func(r retired) bool { return r.subj == sh }) &&
		slices.ContainsFunc(ev.retired, func(r retired) bool { return r.subj == 0 }) {
		return notRecomputable("", "subject %s was retired, and its verdicts cannot be told from others': they were restored from a record that does not name their subjects; replay the event log into a new evaluator instead", key)
	}
	for i := range events {
		e := &events[i]
		vi, err := ev.inForce(e.At)
		if err != nil {
			continue // rejected when applied
		}
		pl := ev.planFor(vi, e.SubjectType)
		if pl.eventLevel && ev.applyEventLevel(e, new(e.metric()), vi, pl.idx, false) {
			return notRecomputable(fmt.Sprintf("events[%d]", i), "subject %s was retired and its event %q feeds a volume, a distribution of values or a period-end deadline: which of its events were counted there is not kept once a subject is retired, so recomputing it could count one twice; replay the event log into a new evaluator instead", key, e.ID)
		}
	}
	return nil
}

// compareRejections orders rejections by position.
func compareRejections(a, b Rejection) int { return cmp.Compare(a.Index, b.Index) }
