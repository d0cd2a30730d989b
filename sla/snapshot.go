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

// SubjectSnapshot is the whole state of one subject: what a host persists
// between events (as JSON) and hands back to Restore. It refers to the
// agreement's versions and objectives by position, so restore it into an
// evaluator built from the same agreement.
type SubjectSnapshot struct {
	Type    string    `json:"type"`
	ID      string    `json:"id"`
	Version int       `json:"version"` // index into Agreement.Versions
	Last    time.Time `json:"last"`    // instant of the last applied event
	// Recent holds the hashes of the IDs of every event applied to the
	// subject that the evaluator remembers (all of them up to 65,536; see
	// Evaluator.Apply), in increasing order, for duplicate detection.
	Recent       []uint64               `json:"recent,omitempty"`
	Attrs        map[string]string      `json:"attrs,omitempty"`
	Excluded     uint64                 `json:"excluded,omitempty"`
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
type ClockSnapshot struct {
	State metric.ClockState    `json:"state"`
	Prev  []metric.CycleResult `json:"prev,omitempty"`
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
	ss := SubjectSnapshot{Type: s.typ(), ID: s.id(), Version: int(s.ver), Last: s.last, Excluded: s.excluded}
	ss.Recent = s.ids.sorted()
	for i, k := range ev.p.attrKeys {
		if s.has&(1<<uint(i)) != 0 {
			if ss.Attrs == nil {
				ss.Attrs = map[string]string{}
			}
			ss.Attrs[k] = s.attrs[i]
		}
	}
	for i, c := range s.clocks {
		cs := ClockSnapshot{State: c}
		for _, pc := range s.prev {
			if pc.slot == int32(i) {
				cs.Prev = append(cs.Prev, pc.r)
			}
		}
		ss.Clocks = append(ss.Clocks, cs)
	}
	for i, d := range s.dls {
		ds := DeadlineSnapshot{Current: Occurrence(d)}
		for _, po := range s.prevOccs() {
			if po.slot == int32(i) {
				ds.Prev = append(ds.Prev, Occurrence(po.o))
			}
		}
		ss.Deadlines = append(ss.Deadlines, ds)
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
// holds none for it.
func (ev *Evaluator) Snapshot(subjectType, id string) (SubjectSnapshot, bool) {
	s := ev.subjects.get(subjectType, id)
	if s == nil {
		return SubjectSnapshot{}, false
	}
	return ev.snapshot(s), true
}

// Forget drops one subject's state (after the host has persisted its
// Snapshot), so memory holds only the subjects the host keeps loaded. A
// forgotten subject is not in reports until it is restored.
func (ev *Evaluator) Forget(subjectType, id string) {
	ev.subjects.remove(subjectType, id)
}

// Restore sets one subject's state from a snapshot, replacing any state the
// evaluator holds for it. A snapshot that does not fit the agreement (an
// unknown version, the wrong number of clocks) or of a subject since
// retired fails with ErrMismatch and changes nothing.
func (ev *Evaluator) Restore(ss SubjectSnapshot) error {
	key := ss.Type + "/" + ss.ID
	if _, gone := ev.gone[subjectHash(key)]; gone {
		// Its verdicts are already counted: restoring it would count
		// them twice.
		return mismatch("subject %s was retired", key)
	}
	s, err := ev.restore(ss)
	if err != nil {
		return err
	}
	ev.subjects.set(s)
	return nil
}

func mismatch(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), Err: ErrMismatch}
}

func (ev *Evaluator) restore(ss SubjectSnapshot) (*subject, error) {
	if ss.Version < 0 || ss.Version >= len(ev.p.versions) {
		return nil, mismatch("subject %s/%s: version %d does not exist", ss.Type, ss.ID, ss.Version)
	}
	v := &ev.p.versions[ss.Version]
	if len(ss.Clocks) != v.nClocks || len(ss.Deadlines) != v.nDead || len(ss.Availability) != v.nAvail || len(ss.Recent) > maxIDs {
		return nil, mismatch("subject %s/%s: the snapshot's shape does not match version %q", ss.Type, ss.ID, v.label)
	}
	s := &subject{key: ss.Type + "/" + ss.ID, tlen: int32(len(ss.Type)), ver: int32(ss.Version), last: ss.Last, excluded: ss.Excluded, attrs: make([]string, len(ev.p.attrKeys))}
	for _, h := range ss.Recent {
		if !s.ids.has(h) {
			s.ids.add(h, func() []uint64 { return make([]uint64, firstTable) })
		}
	}
	for k, val := range ss.Attrs {
		i, ok := ev.p.attrIndex[k]
		if !ok {
			return nil, mismatch("subject %s/%s: attribute %q is not tracked by the agreement", ss.Type, ss.ID, k)
		}
		s.attrs[i] = val
		s.has |= 1 << uint(i)
	}
	if v.nClocks > 0 {
		s.clocks = make([]metric.ClockState, v.nClocks)
		for i, c := range ss.Clocks {
			s.clocks[i] = c.State
			for _, r := range c.Prev {
				s.prev = append(s.prev, prevCycle{int32(i), r})
			}
		}
	}
	if v.nDead > 0 {
		s.dls = make([]obligationRec, v.nDead)
		for i, d := range ss.Deadlines {
			s.dls[i] = obligationRec(d.Current)
			for _, o := range d.Prev {
				s.ext().prevOcc = append(s.prevOccs(), prevOcc{int32(i), obligationRec(o)})
			}
		}
	}
	if v.nAvail > 0 {
		s.ext().avs = make([]avSlot, v.nAvail)
		for i, a := range ss.Availability {
			s.x.avs[i] = avSlot{open: a.Open, openAt: a.OpenAt, cause: a.Cause, announced: a.Announced, down: slices.Clone(a.Down), excl: slices.Clone(a.Exclusions)}
		}
	}
	for _, o := range ss.Older {
		if o.Type != ss.Type || o.ID != ss.ID || len(o.Older) > 0 {
			return nil, mismatch("subject %s/%s: an older state must be of the same subject, without older states of its own", ss.Type, ss.ID)
		}
		os, err := ev.restore(o)
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
type Partial struct {
	Agreement     string            `json:"agreement"`
	Subjects      []SubjectSnapshot `json:"subjects,omitempty"`
	Volumes       []VolumePart      `json:"volumes,omitempty"`
	Distributions []DistPart        `json:"distributions,omitempty"`
	Done          []DonePart        `json:"done,omitempty"`
	Usage         []UsagePart       `json:"usage,omitempty"`
	ErrorRates    []ErrorRatePart   `json:"errorRates,omitempty"`
	// Retired holds the verdicts of retired subjects and RetiredSubjects
	// the hashes that identify those subjects (see Evaluator.Retire).
	Retired         []RetiredVerdict `json:"retired,omitempty"`
	RetiredSubjects []uint64         `json:"retiredSubjects,omitempty"`
	Input           Accounting       `json:"input"`
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
// done events happened.
type DonePart struct {
	Objective string      `json:"objective"`
	At        []time.Time `json:"at"`
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
	pt := Partial{Agreement: ev.p.a.ID, Input: ev.acct.clone()}
	for s := range ev.subjects.all() {
		pt.Subjects = append(pt.Subjects, ev.snapshot(s))
	}
	slices.SortFunc(pt.Subjects, func(a, b SubjectSnapshot) int {
		return cmp.Or(strings.Compare(a.Type, b.Type), strings.Compare(a.ID, b.ID))
	})
	for k, v := range ev.vols {
		pt.Volumes = append(pt.Volumes, VolumePart{Version: k.v, Objective: k.o, Start: time.Unix(0, k.start).In(ev.p.loc), Volume: *v})
	}
	slices.SortFunc(pt.Volumes, func(a, b VolumePart) int {
		return cmp.Or(cmp.Compare(a.Version, b.Version), cmp.Compare(a.Objective, b.Objective), a.Start.Compare(b.Start))
	})
	for k, d := range ev.dists {
		pt.Distributions = append(pt.Distributions, DistPart{Version: k.v, Objective: k.o, Start: time.Unix(0, k.start).In(ev.p.loc), Distribution: *d})
	}
	slices.SortFunc(pt.Distributions, func(a, b DistPart) int {
		return cmp.Or(cmp.Compare(a.Version, b.Version), cmp.Compare(a.Objective, b.Objective), a.Start.Compare(b.Start))
	})
	for id, ts := range ev.done {
		pt.Done = append(pt.Done, DonePart{Objective: id, At: slices.Clone(ts)})
	}
	slices.SortFunc(pt.Done, func(a, b DonePart) int { return strings.Compare(a.Objective, b.Objective) })
	for k, x := range ev.usage {
		pt.Usage = append(pt.Usage, UsagePart{Service: k.service, Month: time.Unix(0, k.start).In(ev.p.loc), Value: x})
	}
	slices.SortFunc(pt.Usage, func(a, b UsagePart) int {
		return cmp.Or(strings.Compare(a.Service, b.Service), a.Month.Compare(b.Month))
	})
	pt.ErrorRates = ev.rates.parts(ev.p.loc)
	if len(ev.retired) > 0 {
		pt.Retired = ev.retiredVerdicts()
	}
	if len(ev.gone) > 0 {
		pt.RetiredSubjects = slices.Sorted(maps.Keys(ev.gone))
	}
	return pt
}

// Merge builds an evaluator from partial results of evaluators of the same
// agreement fed disjoint sets of subjects: subjects are combined (a subject
// in two partials fails with ErrMismatch), aggregates merge with the metric
// package's Merge, done instants and usage are united, and input counts
// add. Report on the result equals the report of a single evaluator fed
// every event. With one partial, Merge restores a persisted evaluator.
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

// Merge adds partial results to ev, as the package's Merge does. On error
// ev may hold part of them; discard it.
func (ev *Evaluator) Merge(parts ...Partial) error {
	for _, pt := range parts {
		if err := ev.merge(pt); err != nil {
			return err
		}
		if err := ev.mergeRetired(pt); err != nil {
			return err
		}
	}
	return ev.checkRetired()
}

// Empty returns a new evaluator for the same agreement with no state. It
// shares ev's compiled definitions (calendars, clocks, schedules), so it is
// much cheaper than NewEvaluator: one per partition or per restore. It is
// ev.Compiled().NewEvaluator().
func (ev *Evaluator) Empty() *Evaluator { return ev.Compiled().NewEvaluator() }

func (ev *Evaluator) merge(pt Partial) error {
	if pt.Agreement != ev.p.a.ID {
		return mismatch("partial of agreement %q merged into %q", pt.Agreement, ev.p.a.ID)
	}
	for _, ss := range pt.Subjects {
		k := ss.Type + "/" + ss.ID
		if ev.subjects.get(ss.Type, ss.ID) != nil {
			return mismatch("subject %s is in more than one partial", k)
		}
		s, err := ev.restore(ss)
		if err != nil {
			return err
		}
		ev.subjects.set(s)
	}
	okObj := func(v, o, kind int) bool {
		return v >= 0 && v < len(ev.p.versions) && o >= 0 && o < len(ev.p.versions[v].objs) && ev.p.versions[v].objs[o].kind == kind
	}
	for _, vp := range pt.Volumes {
		if !okObj(vp.Version, vp.Objective, kVolume) {
			return mismatch("volume of objective %d of version %d: no such volume objective", vp.Objective, vp.Version)
		}
		k := aggKey{vp.Version, vp.Objective, vp.Start.UnixNano()}
		cur := ev.vols[k]
		if cur == nil {
			cur = &metric.Volume{}
			ev.vols[k] = cur
		}
		*cur = cur.Merge(vp.Volume)
	}
	for _, dp := range pt.Distributions {
		if !okObj(dp.Version, dp.Objective, kPercentile) {
			return mismatch("distribution of objective %d of version %d: no such percentile objective", dp.Objective, dp.Version)
		}
		k := aggKey{dp.Version, dp.Objective, dp.Start.UnixNano()}
		cur := ev.dists[k]
		if cur == nil {
			cur = &metric.Distribution{}
			ev.dists[k] = cur
		}
		*cur = cur.Merge(dp.Distribution)
	}
	for _, d := range pt.Done {
		ts := append(ev.done[d.Objective], d.At...)
		slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
		ev.done[d.Objective] = ts
	}
	if err := ev.rates.merge(ev.p, pt.ErrorRates); err != nil {
		return err
	}
	for _, u := range pt.Usage {
		k := usageKey{u.Service, u.Month.UnixNano()}
		if x, ok := ev.usage[k]; ok && !x.Equal(u.Value) {
			return mismatch("usage of service %q in %s differs between partials", u.Service, u.Month.Format("2006-01"))
		}
		ev.usage[k] = u.Value
	}
	ev.acct.Applied += pt.Input.Applied
	ev.acct.Duplicates += pt.Input.Duplicates
	for r, n := range pt.Input.Rejected {
		ev.acct.Rejected[r] += n
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
