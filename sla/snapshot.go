package sla

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

// FormatVersion is the format of the [SubjectSnapshot] and [Partial] values
// this version of the library writes, and the only one Restore and Merge
// read. It changes whenever their fields, or what the evaluator means by
// a state, change; a snapshot of another format is refused with
// ErrMismatch, never misread. Format 0 is the unnumbered format written
// before formats were numbered (no fingerprint, no ID key).
const FormatVersion = 1

// FormatFolded is the format of a [SubjectSnapshot] or [Partial] that
// holds what only a long-lived subject has: closed cycles folded into
// counts (ClockSnapshot.Folded), or an aged generation of event IDs and
// a release mark (SubjectSnapshot.Aged, AgedUntil, IDsReleased). It is
// format 1 with those fields; anything without them is written as format
// 1, byte for byte as before, so that a release that reads format 1 only
// refuses a snapshot it would misread (dropping the folded cycles) and
// reads every other. Restore and Merge read both.
const FormatFolded = 2

// SubjectSnapshot is the whole state of one subject: what a host persists
// between events (as JSON) and hands back to Restore. It refers to the
// agreement's versions and objectives by position, so it carries the
// fingerprint of the agreement it was taken under, and the key its event
// ID hashes were made with; Restore refuses it anywhere else.
type SubjectSnapshot struct {
	// Format is FormatVersion; Fingerprint is the agreement's
	// (Evaluator.Fingerprint); IDKey is the key of the hashes in Recent.
	// Inside a Partial the three are left out: the partial's apply.
	Format      int    `json:"format,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`
	IDKey       IDKey  `json:"idKey,omitzero"`

	Type    string    `json:"type"`
	ID      string    `json:"id"`
	Version int       `json:"version"` // index into Agreement.Versions
	Last    time.Time `json:"last"`    // instant of the last applied event
	// Recent holds the keyed hashes of the IDs of the events applied to
	// the subject that the evaluator remembers, in increasing order, for
	// duplicate detection: all of them while the subject has had fewer
	// events than its window (Options.SubjectIDs), and then the current
	// generation, with the one before it in Aged. Format FormatFolded:
	// Aged is the aged generation, AgedUntil the subject's last instant
	// when it aged, and IDsReleased the instant at or before which an
	// event is rejected with ErrIDsReleased (see Options.SubjectIDs).
	Recent      []uint64          `json:"recent,omitempty"`
	Aged        []uint64          `json:"aged,omitempty"`
	AgedUntil   time.Time         `json:"agedUntil,omitzero"`
	IDsReleased time.Time         `json:"idsReleased,omitzero"`
	Attrs       map[string]string `json:"attrs,omitempty"`
	// Excluded has bit b set when the subject carried an excluded cause
	// of the version's per-subject objective number b (clocks, deadlines
	// anchored on events and availability, counted in agreement order),
	// for b < 64; ExcludedMore holds the bits from 64 on, word k bits
	// 64(k+1) to 64(k+1)+63 (present only for a version with more than
	// 64 per-subject objectives).
	Excluded     uint64                 `json:"excluded,omitempty"`
	ExcludedMore []uint64               `json:"excludedMore,omitempty"`
	Clocks       []ClockSnapshot        `json:"clocks,omitempty"`
	Deadlines    []DeadlineSnapshot     `json:"deadlines,omitempty"`
	Availability []AvailabilitySnapshot `json:"availability,omitempty"`
	// Older holds the subject's state under earlier versions, for a
	// subject that follows the version in force (a service).
	Older []SubjectSnapshot `json:"older,omitempty"`
}

// ClockSnapshot is one clock of a subject: its state and the cycles closed
// before the current one. State.Last is the last event applied to this
// clock: the evaluator does not apply an event to a clock none of whose
// conditions (nor its target attribute) can concern it, so it may be
// earlier than the subject's Last.
//
// Folded (format FormatFolded) counts the cycles closed before those of
// Prev that were folded (see Options.KeepCycles), day by day.
type ClockSnapshot struct {
	State  metric.ClockState    `json:"state"`
	Prev   []metric.CycleResult `json:"prev,omitempty"`
	Folded []FoldedCycles       `json:"folded,omitempty"`
}

// Occurrence is one obligation of a deadline objective: when it was
// anchored and when it was done (zero: not yet).
type Occurrence struct {
	Anchor time.Time `json:"anchor"`
	Done   time.Time `json:"done,omitzero"`
}

// DeadlineSnapshot is one deadline objective of a subject.
type DeadlineSnapshot struct {
	Current Occurrence   `json:"current,omitzero"`
	Prev    []Occurrence `json:"prev,omitempty"`
}

// AvailabilitySnapshot is one availability objective of a subject.
type AvailabilitySnapshot struct {
	Open       bool               `json:"open,omitempty"` // down since OpenAt
	OpenAt     time.Time          `json:"openAt,omitzero"`
	Cause      string             `json:"cause,omitempty"`
	Announced  string             `json:"announced,omitempty"` // the open downtime's "announced" attribute
	Down       []metric.Downtime  `json:"down,omitempty"`
	Exclusions []metric.Exclusion `json:"exclusions,omitempty"`
}

func (ev *Evaluator) snapshot(s *subject) SubjectSnapshot {
	ss := SubjectSnapshot{Type: s.typ(), ID: s.id(), Version: int(s.ver), Last: s.lastAt(), Excluded: s.excluded}
	if s.x != nil && slices.ContainsFunc(s.x.excluded, func(w uint64) bool { return w != 0 }) {
		ss.ExcludedMore = slices.Clone(s.x.excluded)
	}
	ss.Recent = s.ids.cur.Sorted()
	if a := s.ids.aged; a != nil {
		ss.Aged, ss.AgedUntil, ss.IDsReleased = a.old.Sorted(), a.oldEnd, a.released
	}
	for i, k := range ev.p.attrKeys {
		if s.has&(1<<uint(i)) != 0 {
			if ss.Attrs == nil {
				ss.Attrs = map[string]string{}
			}
			ss.Attrs[k] = s.attrs[i]
		}
	}
	// Every clock and deadline of the version, in slot order, those of
	// objectives scoped to other types idle or empty (state.go holds
	// nothing for them).
	v := &ev.p.versions[s.ver]
	if v.nClocks > 0 {
		ss.Clocks = make([]ClockSnapshot, v.nClocks)
	}
	if v.nDead > 0 {
		ss.Deadlines = make([]DeadlineSnapshot, v.nDead)
	}
	for i := range v.objs {
		co := &v.objs[i]
		switch co.kind {
		case kClock:
			cs := ClockSnapshot{State: s.clock(co), Folded: ev.foldedOf(s, co.slot)}
			for _, pc := range s.prev {
				if pc.slot == int32(co.slot) {
					cs.Prev = append(cs.Prev, pc.r)
				}
			}
			ss.Clocks[co.slot] = cs
		case kDeadlineEvents:
			ds := DeadlineSnapshot{Current: Occurrence(s.deadline(co))}
			for _, po := range s.prevOccs() {
				if po.slot == int32(co.slot) {
					ds.Prev = append(ds.Prev, Occurrence(po.o))
				}
			}
			ss.Deadlines[co.slot] = ds
		}
	}
	for _, a := range s.avSlots() {
		ss.Availability = append(ss.Availability, AvailabilitySnapshot{Open: a.open, OpenAt: a.openAt, Cause: a.cause, Announced: a.announced, Down: slices.Clone(a.down), Exclusions: slices.Clone(a.excl)})
	}
	for _, o := range s.olderStates() {
		ss.Older = append(ss.Older, ev.snapshot(o))
	}
	return ss
}

// Snapshot returns the state of one subject, and false when the evaluator
// holds none for it. The snapshot carries FormatVersion, the agreement's
// fingerprint and the evaluator's ID key (keep it as private as the
// evaluator's state: see IDKey).
func (ev *Evaluator) Snapshot(subjectType, id string) (SubjectSnapshot, bool) {
	if !ev.built() {
		return SubjectSnapshot{}, false
	}
	s := ev.subjects.get(subjectType, id)
	if s == nil {
		return SubjectSnapshot{}, false
	}
	ss := ev.snapshot(s)
	ss.Format, ss.Fingerprint, ss.IDKey = formatOf(ss), ev.p.fp.sum, ev.subjects.idh.key
	return ss, true
}

// Forget drops one subject's state (after the host has persisted its
// Snapshot), so memory holds only the subjects the host keeps loaded. A
// forgotten subject is not in reports until it is restored.
func (ev *Evaluator) Forget(subjectType, id string) {
	if !ev.built() {
		return
	}
	if s := ev.subjects.get(subjectType, id); s != nil {
		ev.unmarkDirty(s)
	}
	ev.removeSubject(subjectType, id)
}

// Restore sets one subject's state from a snapshot, replacing any state the
// evaluator holds for it. It fails with an error wrapping ErrMismatch, and
// changes nothing, when the snapshot belongs elsewhere: another format
// (FormatVersion), another agreement (its fingerprint differs from
// Evaluator.Fingerprint), another ID key (see below), a version or shape
// the agreement does not have, or a subject since retired. It fails with
// ErrCorrupt, naming the field's JSON path, when a value is impossible
// (a clock phase out of range, a negative elapsed time, instants out of
// order, unsorted hashes).
//
// The ID key: an evaluator that has not yet applied, restored or merged
// anything, and whose key the host did not give (Options.IDKey), adopts
// the snapshot's key. Otherwise the keys must be equal, because the
// subject's event IDs are remembered as hashes under the snapshot's key
// and later events are hashed under the evaluator's.
func (ev *Evaluator) Restore(ss SubjectSnapshot) error {
	if !ev.built() {
		return notBuilt()
	}
	adopt, err := ev.checkHeader("snapshot", ss.Format, ss.Fingerprint, ss.IDKey, nil)
	if err != nil {
		return err
	}
	key := ss.Type + "/" + ss.ID
	k := ev.subjects.idh
	if adopt {
		k = newIDHasher(ss.IDKey, false)
	}
	if _, gone := ev.gone[k.hash(key)]; gone {
		// Its verdicts are already counted: restoring it would count
		// them twice.
		return mismatch("", "subject %s was retired: its verdicts are final and already counted", key)
	}
	if err := checkFormatUse(ss.Format, ss); err != nil {
		return err
	}
	s, err := ev.restore("", ss, topLevel)
	if err != nil {
		return err
	}
	ev.holdKey(ss.IDKey, adopt)
	ev.setSubject(s)
	return nil
}

func mismatch(path, format string, args ...any) error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...), Err: ErrMismatch}
}

func corrupt(path, format string, args ...any) error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...), Err: ErrCorrupt}
}

// checkHeader checks the format, fingerprint and ID key of a snapshot or
// partial (what) and reports whether the evaluator is to adopt the key.
// outline is a partial's, to tell what differs.
func (ev *Evaluator) checkHeader(what string, format int, fp string, key IDKey, outline []string) (adopt bool, err error) {
	switch {
	case format == 0:
		return false, mismatch("format", "the %s has no format version: it was written before slaeval numbered its formats (and carries no fingerprint to check it against); replay the subject's events into this evaluator, or restore it with the slaeval release that wrote it and take a new %s", what, what)
	case format != FormatVersion && format != FormatFolded:
		return false, mismatch("format", "the %s is in format %d; this release of slaeval reads formats %d and %d only: restore it with the release that wrote it, or replay its events", what, format, FormatVersion, FormatFolded)
	case fp != ev.p.fp.sum:
		diff := ev.p.fp.explain(outline)
		if diff == "" {
			diff = "an objective, its order, a metric, target, calendar, exclusion, penalty, price, the zone, currency or a version differs"
		}
		return false, mismatch("fingerprint", "the %s was taken under another agreement (fingerprint %s) than this evaluator's %q (%s): %s. Restore it into an evaluator of the agreement it was taken under; to carry state over to an amended agreement, replay the events into an evaluator of it", what, shortFP(fp), ev.p.a.ID, shortFP(ev.p.fp.sum), diff)
	case key.IsZero():
		return false, mismatch("idKey", "the %s carries no ID key, so its event ID hashes cannot be checked", what)
	case key == ev.subjects.idh.key:
		return false, nil
	case ev.adoptable():
		return true, nil
	case ev.subjects.idh.fixed:
		return false, mismatch("idKey", "the %s's event IDs were hashed under ID key %s, not this evaluator's %s (given in Options.IDKey): give every evaluator that shares state the same Options.IDKey", what, key, ev.subjects.idh.key)
	}
	return false, mismatch("idKey", "the %s's event IDs were hashed under ID key %s, and this evaluator already holds hashes under its own key %s: give every evaluator that shares state the same key with sla.Options{IDKey: k}.NewEvaluator(a), or restore and merge before applying events (a fresh evaluator adopts the key of the first snapshot or partial it is given)", what, key, ev.subjects.idh.key)
}

// shortFP abbreviates a fingerprint for messages.
func shortFP(fp string) string {
	if len(fp) > 19 {
		return fp[:19] + "…"
	}
	if fp == "" {
		return "none"
	}
	return fp
}

// adoptable reports whether the evaluator may take another ID key: the
// host gave none, and it holds no hash made under its own (it has applied,
// restored and merged nothing, and holds no subject).
func (ev *Evaluator) adoptable() bool {
	h := &ev.subjects.idh
	return !h.fixed && !h.held && ev.subjects.len() == 0 && len(ev.gone) == 0 && ev.acct.Total() == 0
}

// holdKey records that the evaluator now holds hashes under key, adopting
// it when adopt is set.
func (ev *Evaluator) holdKey(key IDKey, adopt bool) {
	if adopt {
		ev.subjects.idh = newIDHasher(key, false)
	}
	ev.subjects.idh.held = true
}

// Where a snapshot is: given to Restore, inside a partial, or an older
// state inside either.
const (
	topLevel = iota
	inPartial
	olderState
)

// restore builds a subject from a snapshot whose header has been checked,
// validating every value (snapshot_check.go). path prefixes the JSON paths
// of errors; where says where the snapshot is.
func (ev *Evaluator) restore(path string, ss SubjectSnapshot, where int) (*subject, error) {
	if err := cmp.Or(ev.checkSubject(path, &ss, where), heldErr(path+"last", ss.Last)); err != nil {
		return nil, err
	}
	s := &subject{key: ss.Type + "/" + ss.ID, tlen: int32(len(ss.Type)), ver: int32(ss.Version), last: ss.Last.UnixNano(), excluded: ss.Excluded, attrs: make([]string, len(ev.p.attrKeys))}
	if len(ss.ExcludedMore) > 0 {
		s.ext().excluded = slices.Clone(ss.ExcludedMore)
	}
	for _, h := range ss.Recent {
		s.ids.cur.Add(h, nil)
	}
	if len(ss.Aged) > 0 || !ss.AgedUntil.IsZero() || !ss.IDsReleased.IsZero() {
		s.ids.aged = &agedIDs{oldEnd: ss.AgedUntil, released: ss.IDsReleased}
		for _, h := range ss.Aged {
			s.ids.aged.old.Add(h, nil)
		}
	}
	for k, val := range ss.Attrs {
		i := ev.p.attrIndex[k]
		s.attrs[i] = val
		s.has |= 1 << uint(i)
	}
	v := &ev.p.versions[ss.Version]
	s.lay = ev.planOf(ss.Version, ss.Type).lay
	s.st = slices.Clone(s.lay.empty)
	for i := range v.objs {
		co := &v.objs[i]
		switch co.kind {
		case kClock:
			c := &ss.Clocks[co.slot]
			if s.lay.clock[co.slot] < 0 {
				if c.State != (metric.ClockState{}) || len(c.Prev) > 0 || len(c.Folded) > 0 {
					return nil, corrupt(fmt.Sprintf("%sclocks[%d]", path, co.slot), "objective %s is scoped to subjects of type %q, not %q: a subject of this type has no state for it", co.o.ID, co.typ, ss.Type)
				}
				continue
			}
			p := fmt.Sprintf("%sclocks[%d].state.", path, co.slot)
			if err := cmp.Or(heldErr(p+"start", c.State.Start), heldErr(p+"since", c.State.Since), heldErr(p+"last", c.State.Last)); err != nil {
				return nil, err
			}
			s.setClock(co, &c.State)
			for _, r := range c.Prev {
				s.prev = append(s.prev, prevCycle{int32(co.slot), r})
			}
			for _, f := range c.Folded {
				x := s.ext()
				x.fold(int32(co.slot), f.Day.UnixNano(), false, int32(f.Met))
				x.fold(int32(co.slot), f.Day.UnixNano(), true, int32(f.Breached))
			}
		case kDeadlineEvents:
			d := &ss.Deadlines[co.slot]
			if s.lay.dl[co.slot] < 0 {
				if d.Current != (Occurrence{}) || len(d.Prev) > 0 {
					return nil, corrupt(fmt.Sprintf("%sdeadlines[%d]", path, co.slot), "objective %s is scoped to subjects of type %q, not %q: a subject of this type has no state for it", co.o.ID, co.typ, ss.Type)
				}
				continue
			}
			p := fmt.Sprintf("%sdeadlines[%d].current.", path, co.slot)
			if err := cmp.Or(heldErr(p+"anchor", d.Current.Anchor), heldErr(p+"done", d.Current.Done)); err != nil {
				return nil, err
			}
			s.setDeadline(co, obligationRec(d.Current))
			for _, o := range d.Prev {
				s.ext().prevOcc = append(s.prevOccs(), prevOcc{int32(co.slot), obligationRec(o)})
			}
		}
	}
	if v.nAvail > 0 {
		s.ext().avs = make([]avSlot, v.nAvail)
		for i, a := range ss.Availability {
			s.x.avs[i] = avSlot{open: a.Open, openAt: a.OpenAt, cause: a.Cause, announced: a.Announced, down: slices.Clone(a.Down), excl: slices.Clone(a.Exclusions)}
		}
	}
	for i, o := range ss.Older {
		os, err := ev.restore(fmt.Sprintf("%solder[%d].", path, i), o, olderState)
		if err != nil {
			return nil, err
		}
		s.ext().older = append(s.olderStates(), os)
	}
	return s, nil
}

// Partial is everything an evaluator holds, in a form that merges: the
// subjects' snapshots, the period aggregates of event-level objectives
// (volumes, distributions of values, done instants of period-end
// deadlines), usage, and the input accounting. Evaluators fed disjoint
// sets of subjects produce partials that Merge combines into the evaluator
// a single one would have been; penalties and verdicts are computed by
// Report after merging (credits are not additive).
//
// Like a SubjectSnapshot it carries FormatVersion, the agreement's
// fingerprint and the evaluator's ID key, and besides its Sources: the
// origins of the events it holds (Options.Origin), so that Merge can
// refuse one whose events it already holds.
type Partial struct {
	Format      int    `json:"format"`
	Agreement   string `json:"agreement"`
	Fingerprint string `json:"fingerprint"`
	IDKey       IDKey  `json:"idKey,omitzero"`
	// Outline lists the agreement's parts with a short hash of each (the
	// agreement without its objectives, then each objective), so that a
	// refusal can say which part differs.
	Outline []string `json:"outline,omitempty"`
	// Sources names the events the partial holds: the origin of the
	// evaluator that made it and the sources of every partial merged into
	// that evaluator, sorted.
	Sources       []string          `json:"sources"`
	Subjects      []SubjectSnapshot `json:"subjects,omitempty"`
	Volumes       []VolumePart      `json:"volumes,omitempty"`
	Distributions []DistPart        `json:"distributions,omitempty"`
	Done          []DonePart        `json:"done,omitempty"`
	Usage         []UsagePart       `json:"usage,omitempty"`
	ErrorRates    []ErrorRatePart   `json:"errorRates,omitempty"`
	// Retired holds the verdicts of retired subjects and RetiredSubjects
	// the keyed hashes that identify those subjects (see Evaluator.Retire).
	Retired         []RetiredVerdict `json:"retired,omitempty"`
	RetiredSubjects []uint64         `json:"retiredSubjects,omitempty"`
	Input           Accounting       `json:"input"`
	// EventIDs de-duplicates the events without per-subject state.
	EventIDs EventIDs `json:"eventIds,omitzero"`
}

// VolumePart is the volume of one volume objective (by version and
// objective index) in one period (or, for rolling periods, one day).
type VolumePart struct {
	Version   int           `json:"version"`
	Objective int           `json:"objective"`
	Start     time.Time     `json:"start"`
	Volume    metric.Volume `json:"volume"`
}

// DistPart is the distribution of values of one percentile objective in
// one period (or day).
type DistPart struct {
	Version      int                 `json:"version"`
	Objective    int                 `json:"objective"`
	Start        time.Time           `json:"start"`
	Distribution metric.Distribution `json:"distribution"`
}

// DonePart lists the instants at which a period-end deadline objective's
// done events happened: At those naming no period, Named those naming one
// (the earliest for each period).
type DonePart struct {
	Objective string      `json:"objective"`
	At        []time.Time `json:"at"`
	Named     []NamedDone `json:"named,omitempty"`
}

// UsagePart is the usage reported for one service in one month.
type UsagePart struct {
	Service string          `json:"service"`
	Month   time.Time       `json:"month"`
	Value   decimal.Decimal `json:"value"`
}

// Partial returns the evaluator's whole state, sorted, for persisting or
// merging.
func (ev *Evaluator) Partial() Partial {
	if !ev.built() {
		return Partial{}
	}
	a := ev.aggregates()
	pt := a.partial()
	pt.Outline = slices.Clone(ev.p.fp.outline)
	for s := range ev.subjects.all() {
		pt.Subjects = append(pt.Subjects, ev.snapshot(s))
	}
	slices.SortFunc(pt.Subjects, compareSubjects)
	pt.Format = formatOf(pt.Subjects...)
	return pt
}

// aggregates returns everything but the subjects' state, sorted.
func (ev *Evaluator) aggregates() Aggregates {
	pt := Aggregates{Format: FormatVersion, Agreement: ev.p.a.ID, Fingerprint: ev.p.fp.sum, IDKey: ev.subjects.idh.key,
		Sources: ev.subjects.prov.sources(), Input: ev.acct.clone(), EventIDs: ev.ids.part(ev.p.loc)}
	for k, v := range ev.vols {
		vol := *v
		vol.Segments = maps.Clone(v.Segments) // the evaluator goes on adding to its own
		pt.Volumes = append(pt.Volumes, VolumePart{Version: k.v, Objective: k.o, Start: time.Unix(0, k.start).In(ev.p.loc), Volume: vol})
	}
	slices.SortFunc(pt.Volumes, func(a, b VolumePart) int {
		return compareAgg(a.Version, a.Objective, a.Start, b.Version, b.Objective, b.Start)
	})
	for k, d := range ev.dists {
		dist := *d
		dist.Values = sortedValues(slices.Clone(d.Values))
		pt.Distributions = append(pt.Distributions, DistPart{Version: k.v, Objective: k.o, Start: time.Unix(0, k.start).In(ev.p.loc), Distribution: dist})
	}
	slices.SortFunc(pt.Distributions, func(a, b DistPart) int {
		return compareAgg(a.Version, a.Objective, a.Start, b.Version, b.Objective, b.Start)
	})
	pt.Done = ev.doneParts()
	slices.SortFunc(pt.Done, func(a, b DonePart) int { return strings.Compare(a.Objective, b.Objective) })
	for k, x := range ev.usage {
		pt.Usage = append(pt.Usage, UsagePart{Service: k.service, Month: time.Unix(0, k.start).In(ev.p.loc), Value: x})
	}
	slices.SortFunc(pt.Usage, compareUsage)
	pt.ErrorRates = ev.rates.parts(ev.p.loc)
	if len(ev.retired) > 0 {
		pt.Retired = ev.retiredVerdicts()
	}
	if len(ev.gone) > 0 {
		pt.RetiredSubjects = slices.Sorted(maps.Keys(ev.gone))
	}
	return pt
}

// compareAgg orders aggregates by version, objective and start.
func compareAgg(va, oa int, sa time.Time, vb, ob int, sb time.Time) int {
	return cmp.Or(cmp.Compare(va, vb), cmp.Compare(oa, ob), sa.Compare(sb))
}

func compareUsage(a, b UsagePart) int {
	return cmp.Or(strings.Compare(a.Service, b.Service), a.Month.Compare(b.Month))
}

// Merge builds an evaluator from partial results of evaluators of the same
// agreement fed disjoint sets of subjects, as Evaluator.Merge does. Report
// on the result equals the report of a single evaluator fed every event.
// With one partial, Merge restores a persisted evaluator.
func Merge(a Agreement, parts ...Partial) (*Evaluator, error) {
	ev, err := NewEvaluator(a)
	if err != nil {
		return nil, err
	}
	if err := ev.Merge(parts...); err != nil {
		return nil, err
	}
	return ev, nil
}

// Merge adds partial results to ev: subjects are combined, aggregates
// merge with the metric package's Merge, done instants and usage are
// united, and input counts add. Every merge is exact or refused:
//
//   - A partial of another format, agreement (fingerprint) or ID key fails
//     with ErrMismatch, as Restore does (a fresh evaluator adopts the key
//     of the first partial).
//   - A partial that shares a source with ev (Partial.Sources: merged
//     before, a partial of ev itself, or one of an evaluator that merged
//     some of the same partials) fails with ErrMismatch whatever it
//     holds: its events would count twice.
//   - A subject in two partials (or held by ev already, or retired in
//     another) fails with ErrMismatch: subject state does not add. This
//     covers a service whose events were split in time between two
//     evaluators, inside a running downtime or not; to move a subject
//     between evaluators, Snapshot and Restore it.
//   - An impossible value fails with ErrCorrupt, naming its JSON path.
//
// Each partial is checked whole before any of it is applied, so a failing
// partial changes nothing; with several, the ones before it stay merged.
func (ev *Evaluator) Merge(parts ...Partial) error {
	if !ev.built() {
		return notBuilt()
	}
	for i, pt := range parts {
		if err := ev.merge(pt, "partial"); err != nil {
			if e, ok := err.(*Error); ok && len(parts) > 1 {
				return &Error{Path: e.Path, Msg: fmt.Sprintf("(partial %d of %d) %s", i+1, len(parts), e.Msg), Err: e.Err}
			}
			return err
		}
	}
	return nil
}

// Empty returns a new evaluator for the same agreement with no state. It
// shares ev's compiled definitions (calendars, clocks, schedules), so it is
// much cheaper than NewEvaluator: one per partition or per restore. It has
// ev's ID key (so partials of evaluators made with Empty from one evaluator
// merge) and an origin of its own.
func (ev *Evaluator) Empty() *Evaluator {
	if !ev.built() {
		return &Evaluator{}
	}
	e := newEvaluator(ev.p)
	e.subjects.idh = newIDHasher(ev.subjects.idh.key, ev.subjects.idh.fixed)
	e.cfg = ev.cfg
	return e
}

// merge merges pt, a partial or (what) an aggregate record.
func (ev *Evaluator) merge(pt Partial, what string) error {
	if pt.Agreement != ev.p.a.ID {
		return mismatch("agreement", "%s of agreement %q merged into an evaluator of %q", what, pt.Agreement, ev.p.a.ID)
	}
	adopt, err := ev.checkHeader(what, pt.Format, pt.Fingerprint, pt.IDKey, pt.Outline)
	if err != nil {
		return err
	}
	if err := ev.checkSources(what, pt.Sources); err != nil {
		return err
	}
	k := ev.subjects.idh
	if adopt {
		k = newIDHasher(pt.IDKey, false)
	}
	if err := checkFormatUse(pt.Format, pt.Subjects...); err != nil {
		return err
	}
	subs := make([]*subject, 0, len(pt.Subjects))
	for i, ss := range pt.Subjects {
		path := fmt.Sprintf("subjects[%d]", i)
		if i > 0 && compareSubjects(pt.Subjects[i-1], ss) >= 0 {
			return corrupt(path, "subjects are not in increasing order of type and ID (or one is given twice)")
		}
		key := ss.Type + "/" + ss.ID
		if ev.subjects.get(ss.Type, ss.ID) != nil {
			return mismatch(path, "subject %s is in more than one partial (or already held): subject state does not add; partition events by subject, or move a subject with Snapshot and Restore", key)
		}
		if _, gone := ev.gone[k.hash(key)]; gone {
			return mismatch(path, "subject %s is held in one partial and retired in another", key)
		}
		s, err := ev.restore(path+".", ss, inPartial)
		if err != nil {
			return err
		}
		subs = append(subs, s)
	}
	if err := ev.checkAggregates(&pt); err != nil {
		return err
	}
	if err := ev.ids.check(pt.EventIDs); err != nil {
		return err
	}
	if err := ev.rates.checkParts(ev.p, pt.ErrorRates); err != nil {
		return err
	}
	if err := ev.checkRetiredPart(&pt); err != nil {
		return err
	}
	if err := ev.checkHeldRetired(k, subs, pt.RetiredSubjects); err != nil {
		return err
	}
	// Checked: apply it.
	ev.holdKey(pt.IDKey, adopt)
	ev.subjects.prov.add(pt.Sources)
	for _, s := range subs {
		ev.setSubject(s)
	}
	for _, vp := range pt.Volumes {
		k := aggKey{vp.Version, vp.Objective, vp.Start.UnixNano()}
		cur := ev.vols[k]
		if cur == nil {
			cur = &metric.Volume{}
			ev.vols[k] = cur
		}
		*cur = cur.Merge(vp.Volume)
	}
	for _, dp := range pt.Distributions {
		k := aggKey{dp.Version, dp.Objective, dp.Start.UnixNano()}
		cur := ev.dists[k]
		if cur == nil {
			cur = &metric.Distribution{}
			ev.dists[k] = cur
		}
		cur.Values = append(cur.Values, dp.Distribution.Values...) // sorted when read (distIn)
	}
	for _, d := range pt.Done {
		ts := append(ev.done[d.Objective], d.At...)
		slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
		ev.done[d.Objective] = ts
		ev.mergeNamed(d)
	}
	ev.rates.merge(pt.ErrorRates)
	for _, u := range pt.Usage {
		ev.usage[usageKey{u.Service, u.Month.UnixNano()}] = u.Value
	}
	ev.acct.add(pt.Input, ev.ignoredAt)
	ev.mergeRetired(&pt)
	ev.ids.merge(pt.EventIDs)
	return nil
}

func compareSubjects(a, b SubjectSnapshot) int {
	return cmp.Or(strings.Compare(a.Type, b.Type), strings.Compare(a.ID, b.ID))
}

// checkSources checks a partial's sources: present, well-formed, sorted,
// and none of them already in ev.
func (ev *Evaluator) checkSources(what string, srcs []string) error {
	if len(srcs) == 0 {
		return mismatch("sources", "the %s names no sources, so merging it twice could not be told from merging it once", what)
	}
	for i, o := range srcs {
		path := fmt.Sprintf("sources[%d]", i)
		if o == "" || len(o) > maxOrigin {
			return corrupt(path, "a source is 1 to %d bytes long", maxOrigin)
		}
		if i > 0 && srcs[i-1] >= o {
			return corrupt(path, "sources are not in increasing order (or one is given twice)")
		}
		if ev.subjects.prov.has(o) {
			return mismatch(path, "the events of source %q are already in this evaluator: the %s was merged before, is this evaluator's own, or overlaps one merged before; merging it would count its events twice", o, what)
		}
	}
	return nil
}

// Evaluate is the batch form: it builds an evaluator for a, applies every
// event in order and returns the report as of asOf. The result equals
// streaming the same events through NewEvaluator, Apply and Report. The
// error is NewEvaluator's; rejected events are counted in the report.
func Evaluate(a Agreement, events iter.Seq[Event], asOf time.Time) (Report, error) {
	ev, err := NewEvaluator(a)
	if err != nil {
		return Report{}, err
	}
	ev.ApplyAll(events)
	return ev.Report(asOf), nil
}
