package sla

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"time"
)

// Incremental persistence.
//
// A host that saves the evaluator after each event (or batch) writes only
// what changed: the subjects Dirty yields, each as its Snapshot (or, when
// Snapshot finds none, a deletion: the subject was retired or recomputed
// away), and the Aggregates record, which holds everything else. Reading
// them back into a fresh evaluator of the same agreement — RestoreAggregates
// and Restore of every saved subject, in either order — gives the
// evaluator that was saved.

// dirtyKey names a subject Dirty yields: its key (type + "/" + ID) and the
// length of its type, since a type may hold a "/".
type dirtyKey struct {
	key  string
	tlen int32
}

func (k dirtyKey) split() (typ, id string) { return k.key[:k.tlen], k.key[k.tlen+1:] }

func compareDirty(a, b dirtyKey) int {
	return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.tlen, b.tlen))
}

// markDirty records that s changed since the host last called MarkSaved.
func (ev *Evaluator) markDirty(s *subject) {
	if !s.dirty {
		s.dirty = true
		ev.dirty = append(ev.dirty, dirtyKey{s.key, s.tlen})
	}
}

// Dirty yields the type and ID of every subject whose state changed since
// the last MarkSaved (or since the evaluator was made): an event applied
// to it, a Retire, a Recompute. Each is yielded once, in increasing order
// of type and ID. For each, the host saves Snapshot(type, id) or, when
// Snapshot returns false (the subject was retired, or a Recompute left
// nothing of it), deletes what it saved for the subject; then it saves
// Aggregates and calls MarkSaved, in one transaction where it has them.
//
// Restore and Merge mark nothing (the host holds what it handed in), and
// Forget unmarks the subject (the host persists a subject before it
// forgets it). Until MarkSaved, the evaluator keeps the key of each
// subject marked: a host that does not persist this way may ignore Dirty,
// at a cost of the key of every subject retired meanwhile. The sequence
// reads the evaluator as it is when ranged over; do not apply events
// while ranging.
func (ev *Evaluator) Dirty() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		if !ev.built() {
			return
		}
		// A rehomed or recomputed subject may be marked twice: one key
		// per subject, in a copy (reading the evaluator changes nothing).
		keys := slices.SortedFunc(slices.Values(ev.dirty), compareDirty)
		for _, k := range slices.Compact(keys) {
			if !yield(k.split()) {
				return
			}
		}
	}
}

// MarkSaved tells the evaluator that the host has saved every subject
// Dirty yielded, and the Aggregates: Dirty yields nothing until the next
// change.
func (ev *Evaluator) MarkSaved() {
	if !ev.built() {
		return
	}
	for _, k := range ev.dirty {
		if s := ev.subjects.get(k.split()); s != nil {
			s.dirty = false
		}
	}
	// The list is reused for the next batch, unless it grew well past
	// what one batch needs (a first save after a long replay): then its
	// array goes, so memory follows the open subjects.
	if cap(ev.dirty) > maxKeptDirty {
		ev.dirty = nil
		return
	}
	clear(ev.dirty)
	ev.dirty = ev.dirty[:0]
}

// maxKeptDirty is the most entries whose array MarkSaved keeps for reuse.
const maxKeptDirty = 4096

// unmarkDirty drops s from the subjects Dirty yields (Forget).
func (ev *Evaluator) unmarkDirty(s *subject) {
	if !s.dirty {
		return
	}
	s.dirty = false
	ev.dirty = slices.DeleteFunc(ev.dirty, func(k dirtyKey) bool { return k == dirtyKey{s.key, s.tlen} })
}

// Aggregates is everything an evaluator holds apart from its subjects'
// state: the period aggregates of event-level objectives (volumes,
// distributions, done instants), usage, the retired subjects and their
// verdicts, the input accounting, the IDs of the events without
// per-subject state, and the sources of the events it holds. With the
// snapshots of its subjects it is the whole evaluator: a host that
// persists incrementally saves it, with the subjects Dirty yields, after
// each event or batch.
//
// It carries FormatVersion, the agreement's fingerprint and the
// evaluator's ID key, as a Partial does, and RestoreAggregates checks and
// validates it as Merge checks a partial. Its fields are a Partial's of the
// same names; it leaves out the Partial's outline (a short hash per
// objective, which only makes a refusal name the objective that differs),
// so that it stays small.
type Aggregates struct {
	Format          int              `json:"format"`
	Agreement       string           `json:"agreement"`
	Fingerprint     string           `json:"fingerprint"`
	IDKey           IDKey            `json:"idKey,omitzero"`
	Sources         []string         `json:"sources"`
	Volumes         []VolumePart     `json:"volumes,omitempty"`
	Distributions   []DistPart       `json:"distributions,omitempty"`
	Done            []DonePart       `json:"done,omitempty"`
	Usage           []UsagePart      `json:"usage,omitempty"`
	ErrorRates      []ErrorRatePart  `json:"errorRates,omitempty"`
	Retired         []RetiredVerdict `json:"retired,omitempty"`
	RetiredSubjects []uint64         `json:"retiredSubjects,omitempty"`
	Input           Accounting       `json:"input"`
	EventIDs        EventIDs         `json:"eventIds,omitzero"`
	// Now is the evaluator's notion of now when the record was taken
	// (Evaluator.Now): RestoreAggregates moves the restored evaluator's
	// now there, so that a feed set after the restore does not hand over
	// again the timer changes and closed periods fed before the save.
	Now time.Time `json:"now,omitzero"`
}

// partial returns a as a Partial with no subjects.
func (a *Aggregates) partial() Partial {
	return Partial{Format: a.Format, Agreement: a.Agreement, Fingerprint: a.Fingerprint, IDKey: a.IDKey, Sources: a.Sources,
		Volumes: a.Volumes, Distributions: a.Distributions, Done: a.Done, Usage: a.Usage, ErrorRates: a.ErrorRates,
		Retired: a.Retired, RetiredSubjects: a.RetiredSubjects, Input: a.Input, EventIDs: a.EventIDs}
}

// RestoreAggregates replaces every aggregate ev holds (everything but its
// subjects' state, which Restore sets) with a's, checked and validated as
// Merge checks a partial: a record of another format, agreement or ID key
// fails with ErrMismatch (an evaluator that has applied, restored and
// merged nothing adopts its key, as with Restore), an impossible value
// with ErrCorrupt naming its JSON path, and a record that retires a
// subject ev holds with ErrMismatch. A refused record changes nothing.
//
// It replaces, never adds (but the evaluator's now, which only moves
// forward: to the record's Now when that is later, without feeding what
// fell due by then): restoring the same record twice leaves ev as
// restoring it once, and ev's own events since are no longer counted in
// its aggregates (use Merge to add a partial). The evaluator keeps its
// origin; it holds the record's sources besides.
//
// To read back an evaluator saved incrementally, make a fresh evaluator of
// the agreement, restore the saved aggregates and every saved subject, in
// either order (a subject the aggregates say was retired is refused by
// Restore, or refuses the aggregates, with ErrMismatch: it was retired
// after it was saved, so delete it), and apply the events that came after
// the save. Each restore replaces what it restores, so a restore
// interrupted and run again from the start gives the same evaluator.
func (ev *Evaluator) RestoreAggregates(a Aggregates) error {
	if !ev.built() {
		return notBuilt()
	}
	// The record is merged into an empty evaluator with ev's key (which
	// may adopt the record's only when ev may) and an origin no source
	// can equal (sources are not empty); its aggregates then replace ev's.
	f := newEvaluator(ev.p)
	f.subjects.idh = ev.subjects.idh
	if !ev.adoptable() {
		f.subjects.idh.held = true
	}
	f.subjects.prov = provenance{}
	f.ids.limit = ev.ids.limit
	if err := f.merge(a.partial(), "aggregate record"); err != nil {
		return err
	}
	if err := ev.checkHeldRetired(f.subjects.idh, nil, a.RetiredSubjects); err != nil {
		return err
	}
	if err := heldErr("now", a.Now); err != nil {
		return err
	}
	ev.subjects.idh = f.subjects.idh
	ev.subjects.prov.merged = nil
	ev.subjects.prov.add(a.Sources)
	ev.vols, ev.dists, ev.done, ev.doneFor, ev.usage, ev.rates = f.vols, f.dists, f.done, f.doneFor, f.usage, f.rates
	ev.acct, ev.ignoredAt, ev.ids = f.acct, f.ignoredAt, f.ids
	ev.tallyRetiredDrop(nil)
	ev.retired, ev.gone = f.retired, f.gone
	ev.tallyRetired()
	if a.Now.After(ev.tm.now) {
		// What was due by then was fed before the record was taken: now
		// moves without feeding it again.
		ev.tm.now = a.Now
	}
	return nil
}

// Aggregates returns everything the evaluator holds apart from its
// subjects' state, sorted, for persisting beside their snapshots (see
// Dirty). It is what Partial holds besides Subjects and Outline.
func (ev *Evaluator) Aggregates() Aggregates {
	if !ev.built() {
		return Aggregates{}
	}
	a := ev.aggregates()
	a.Now = ev.tm.now
	return a
}
