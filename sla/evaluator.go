package sla

import (
	"errors"
	"fmt"
	"iter"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/internal/hashset"
	"github.com/slaeval/slaeval/internal/slab"
	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// KindUsage is the event kind that reports a service's usage for the
// credit period (calendar month) containing the event's instant: subject
// type "service", subject the service ID, Value the units (perUnit,
// graduated and volume pricing) or the invoiced amount (invoice pricing).
// A later usage event in the same month replaces an earlier one.
const KindUsage = "sla.usage"

// SubjectService is the subject type of KindUsage events.
const SubjectService = "service"

// Evaluator turns a stream of events into a [Report], one event at a time.
// Build it with NewEvaluator; it is owned by one goroutine (it is not safe
// for concurrent use), while the Agreement it was built from may be shared.
//
// The zero Evaluator, and a nil *Evaluator, hold no agreement: Apply
// rejects every event with ErrNotBuilt, Report returns an empty report
// whose Errors say so, and the other methods do nothing or return
// ErrNotBuilt. None panics.
type Evaluator struct {
	key   []byte     // scratch: a subject's key
	dirty []dirtyKey // subjects changed since MarkSaved (persist.go)

	// What every applied event reads or writes lies in six cache lines,
	// from the end of tm (on, now, feed) to sum's on flag: a host with an
	// evaluator per tenant sends consecutive events to different
	// evaluators, and each line of its own an event touches is then a
	// likely cache miss (BenchmarkTenants). The two fields above put the
	// end of tm on a line's start (an Evaluator's size class, 1,408
	// bytes, starts each on a multiple of 64). TestEvaluatorLayout keeps
	// them so.
	tm       timerIndex // pending instants, now and the change feed (timers.go, changes.go)
	p        *program
	subjects subjectTable
	cache    applyCache
	acct     Accounting
	cfg      evConfig            // the ID window and the cycles kept in full (fold.go)
	gone     map[uint64]struct{} // hashes of the retired subjects' keys; nil until one is
	recount  *idSet              // during Recompute: the events already in the aggregates (recompute.go)
	tryAll   bool                // apply every event to every objective (tests of relevance.go)
	sum      tally               // counters of settled subjects' items, for Summary (tally.go)

	slab      slabs
	vols      map[aggKey]*metric.Volume
	dists     map[aggKey]*metric.Distribution
	done      map[string][]time.Time         // period-end deadline objective ID → instants of done events naming no period, sorted
	doneFor   map[string]map[int64]time.Time // period-end deadline objective ID → period start (Unix ns) → earliest done event naming it
	ids       eventIDs                       // IDs of the events without per-subject state (dedup.go)
	ignoredAt map[ignoredKey]int             // position of each pair in acct.Ignored
	usage     map[usageKey]decimal.Decimal
	retired   []retired  // verdicts of retired subjects (retire.go)
	touched   uint64     // ApplyBatch's sum of what it read ahead, kept so the reads stay
	rates     errorRates // error-rate objectives (errorrate.go)
	foldN     []int      // fold.go's counts per clock, reused
}

// slabs hand out the fixed-size parts of new subjects from shared blocks,
// so a new subject costs about one allocation (its key) instead of five.
// An evaluator's first 1,024 subjects get allocations of their own, then
// blocks start small and double (internal/slab): an evaluator with few
// subjects (a small tenant) keeps little, and the subjects of many such
// evaluators made at about the same time lie together in memory.
type slabs struct {
	subjects slab.Pool[subject]
	words    slab.Pool[int64]
	attrs    slab.Pool[string]
	ids      slab.Pool[uint64]
}

func (ev *Evaluator) alloc(key string, tlen, vi int) *subject {
	v := &ev.p.versions[vi]
	s := &ev.slab.subjects.Take(1)[0]
	s.key, s.tlen, s.ver, s.last = key, int32(tlen), int32(vi), noInstant // no event yet
	s.attrs = ev.slab.attrs.Take(len(ev.p.attrKeys))
	s.lay = ev.planOf(vi, s.typ()).lay
	if s.lay.words > 0 {
		s.st = ev.slab.words.Take(s.lay.words)
		copy(s.st, s.lay.empty)
	}
	if v.nAvail > 0 {
		s.ext().avs = make([]avSlot, v.nAvail)
	}
	return s
}

type aggKey struct {
	v, o  int
	start int64 // period (or, for rolling periods, day) start, Unix nanoseconds
}

type usageKey struct {
	service string
	start   int64
}

type subject struct {
	key      string // SubjectType + "/" + Subject
	tlen     int32  // length of the subject type in key
	ver      int32
	dirty    bool // in Evaluator.dirty (persist.go)
	last     int64
	ids      idSet    // hashes of the IDs of the events applied (idset.go)
	has      uint64   // bit i: attrs[i] is set
	excluded uint64   // bit b < 64: an excluded cause of the objective with bit b was seen (more in x.excluded)
	attrs    []string // values of the tracked attributes
	st       []int64
	lay      *layout
	prev     []prevCycle   // clock cycles closed before the current one began
	x        *subjectExtra // nil for most tickets
}

// A subject's st holds the state of its clocks and the current
// obligations of its deadlines, laid out by lay, and last the instant of
// its last applied event (state.go).

// subjectExtra is the part of a subject's state most tickets never need,
// kept behind a pointer to keep the common subject small.
type subjectExtra struct {
	avs      []avSlot
	excluded []uint64   // bits 64 and up of subject.excluded: word k holds bits 64(k+1) to 64(k+1)+63
	prevOcc  []prevOcc  // obligations before the current one
	older    []*subject // the subject's state under earlier versions (see rehome)

	// A long-lived subject's folded clock cycles (fold.go).
	folded []foldedDay // counts by day and slot
	fixed  int32       // closed cycles of prev that could not fold, at the last count
}

// ext returns s's extra state, creating it.
func (s *subject) ext() *subjectExtra {
	if s.x == nil {
		s.x = &subjectExtra{}
	}
	return s.x
}

// exclude records that an excluded cause of the objective with bit b was
// seen.
func (s *subject) exclude(b int) {
	if b < 64 {
		s.excluded |= 1 << uint(b)
		return
	}
	x := s.ext()
	k := b/64 - 1
	if k >= len(x.excluded) {
		x.excluded = append(x.excluded, make([]uint64, k+1-len(x.excluded))...)
	}
	x.excluded[k] |= 1 << uint(b%64)
}

// isExcluded reports whether an excluded cause of the objective with bit
// b was seen.
func (s *subject) isExcluded(b int) bool {
	if b < 64 {
		return b >= 0 && s.excluded&(1<<uint(b)) != 0
	}
	if s.x == nil || b/64-1 >= len(s.x.excluded) {
		return false
	}
	return s.x.excluded[b/64-1]&(1<<uint(b%64)) != 0
}

func (s *subject) avSlots() []avSlot {
	if s.x == nil {
		return nil
	}
	return s.x.avs
}

func (s *subject) prevOccs() []prevOcc {
	if s.x == nil {
		return nil
	}
	return s.x.prevOcc
}

func (s *subject) olderStates() []*subject {
	if s.x == nil {
		return nil
	}
	return s.x.older
}

func (s *subject) typ() string { return s.key[:s.tlen] }
func (s *subject) id() string  { return s.key[s.tlen+1:] }

type prevCycle struct {
	slot int32
	r    metric.CycleResult
}

type prevOcc struct {
	slot int32
	o    obligationRec
}

type obligationRec struct {
	Anchor time.Time `json:"anchor"`
	Done   time.Time `json:"done,omitzero"`
}

type avSlot struct {
	open      bool
	openAt    time.Time
	cause     string
	announced string // the down event's "announced" attribute
	down      []metric.Downtime
	excl      []metric.Exclusion
}

// NewEvaluator validates a and compiles every version into metric and
// penalty values. An agreement that is invalid, or that uses something the
// evaluator cannot evaluate (error-rate availability over a rolling
// period, penalties on a rolling period not assessed monthly, ...), is rejected with every problem: *Error values
// wrapping the sla sentinels, ErrUnsupported among them.
func NewEvaluator(a Agreement) (*Evaluator, error) {
	p, err := compile(a)
	if err != nil {
		return nil, err
	}
	return newEvaluator(p), nil
}

func newEvaluator(p *program) *Evaluator {
	return &Evaluator{
		p:         p,
		subjects:  newSubjectTable(),
		vols:      map[aggKey]*metric.Volume{},
		dists:     map[aggKey]*metric.Distribution{},
		done:      map[string][]time.Time{},
		doneFor:   map[string]map[int64]time.Time{},
		ignoredAt: map[ignoredKey]int{},
		usage:     map[usageKey]decimal.Decimal{},
		acct:      Accounting{Rejected: map[string]int64{}},
	}
}

// markGone records that the subject whose key hashes to h was retired.
// The set is made at the first: most evaluators retire nothing, and apply
// then reads its length without a load of its own.
func (ev *Evaluator) markGone(h uint64) {
	if ev.gone == nil {
		ev.gone = map[uint64]struct{}{}
	}
	ev.gone[h] = struct{}{}
}

// Agreement returns the agreement the evaluator was built from (the zero
// Agreement for an Evaluator not built by NewEvaluator).
func (ev *Evaluator) Agreement() Agreement {
	if !ev.built() {
		return Agreement{}
	}
	return ev.p.a
}

// Apply applies one event. A rejected event changes nothing but the input
// accounting and returns an *EventError wrapping the reason's sentinel
// (ErrDuplicateEvent, ErrOutOfOrder, ErrUnknownType, ErrUnknownSubject,
// ErrBeforeStart, ErrAfterEnd, ErrNotInForce, ErrBadAttribute, ErrRange,
// ErrMissingID, ErrRetired, ErrIDsReleased). An event that matched
// nothing (a kind no condition names, a subject none of whose objectives
// it can concern, an unseen subject it starts nothing for) is ignored: it
// changes nothing, Apply returns nil, and the report counts it in
// Input.Ignored by subject type and kind. Either way the event is counted
// in the report's input accounting: as applied, ignored, a duplicate, or
// rejected by reason. On an Evaluator not built by NewEvaluator (the zero
// value, nil) Apply returns an *EventError wrapping ErrNotBuilt.
//
// Events must come in time order per subject; equal instants keep stream
// order. A duplicate is an event whose ID equals that of an event applied
// before (see "What slaeval guarantees" in the package doc for what is
// kept, and ErrIDsReleased for a subject's events older than its window
// of IDs). In steady state (a subject already seen, no new clock cycle)
// Apply does not allocate, except that a subject's set of event IDs grows
// by doubling beyond 4 + 8 events, up to its window (Options.SubjectIDs:
// a handful of allocations over a subject's life, none once the window
// is full).
func (ev *Evaluator) Apply(e Event) error { return ev.applyCounted(&e) }

// notBuilt is the error of the methods of an Evaluator not built by
// NewEvaluator.
func notBuilt() error {
	return &Error{Msg: "the evaluator was not built: use NewEvaluator, Merge or Empty of a built one", Err: ErrNotBuilt}
}

// built reports whether ev was built by NewEvaluator (or Merge, Empty).
func (ev *Evaluator) built() bool { return ev != nil && ev.p != nil }

// applyCounted is Apply on *e, which it reads and never keeps.
func (ev *Evaluator) applyCounted(e *Event) error {
	if !ev.built() {
		return reject(e, ErrNotBuilt, "build it with NewEvaluator")
	}
	err := ev.apply(e)
	switch {
	case err == nil:
		ev.acct.Applied++
		return nil
	case err == errIgnored:
		ev.acct.ignore(e.SubjectType, e.Kind, 1, ev.ignoredAt)
		return nil
	}
	r := reasonOf(err)
	if r == ReasonDuplicate {
		ev.acct.Duplicates++
	} else {
		ev.acct.Rejected[r]++
	}
	return err
}

// Rejection is one event that ApplyBatch, ApplyAll or Recompute did not
// apply: its position in the input and the error Apply gives for it, an
// *EventError wrapping the reason's sentinel (errors.Is(r.Err,
// ErrOutOfOrder)). Duplicates are rejections too. Ignored events are not
// rejections: Apply returns nil for them.
type Rejection struct {
	Index int   // position of the event in the slice or sequence, from 0
	Err   error // *EventError
}

// ApplyBatch applies the events of es in order, exactly as calling Apply on
// each would, and returns the rejected ones (duplicates included) in
// order, nil when none was; the report counts them too. es is read, never
// kept or modified. On an Evaluator not built by NewEvaluator every event
// is rejected with ErrNotBuilt.
//
// It is ApplyAll for a host that holds events in a slice (a decoded
// batch, a replay), and it is faster when the slice is not in cache: it
// reads the next batchAhead events' headers, and their IDs' first bytes,
// in one tight loop before applying the current ones, so that the
// processor fetches them from memory all at once instead of one miss per
// event. BenchmarkReplay measures both ways.
func (ev *Evaluator) ApplyBatch(es []Event) []Rejection {
	var out []Rejection
	if !ev.built() {
		for i := range es {
			out = append(out, Rejection{i, ev.applyCounted(&es[i])})
		}
		return out
	}
	for i := 0; i < len(es); i += batchAhead {
		end := min(i+batchAhead, len(es))
		ev.touched += touch(es[end:min(end+batchAhead, len(es))])
		for j := i; j < end; j++ {
			if err := ev.applyCounted(&es[j]); err != nil {
				out = append(out, Rejection{j, err})
			}
		}
	}
	return out
}

// batchAhead is how many events ApplyBatch reads ahead: enough misses at
// once to fill the processor's queue of outstanding loads, few enough that
// they are still in the first-level cache when applied (64 events of 136
// bytes are 8.5 KiB).
const batchAhead = 64

// touch reads a word from each cache line of every event of es (its ID at
// offset 0, its instant at 64 and HasValue at 128 cover the 136 bytes
// wherever they start) and its ID's first byte, and returns a sum of them
// that the caller keeps, so that the loads are not optimised away.
func touch(es []Event) uint64 {
	var x uint64
	for i := range es {
		e := &es[i]
		x += uint64(len(e.ID)) + uint64(e.At.Nanosecond())
		if e.HasValue {
			x++
		}
		if e.ID != "" {
			x += uint64(e.ID[0])
		}
	}
	return x
}

// ApplyAll applies every event of seq in order, as Apply would, and
// returns the rejected ones (duplicates included) in order, nil when none
// was; Index counts the events seq yielded. A nil seq holds no events.
func (ev *Evaluator) ApplyAll(seq iter.Seq[Event]) []Rejection {
	if seq == nil {
		return nil
	}
	var out []Rejection
	i := 0
	for e := range seq {
		if err := ev.applyCounted(&e); err != nil {
			out = append(out, Rejection{i, err})
		}
		i++
	}
	return out
}

func reject(e *Event, sentinel error, detail string) error {
	return &EventError{ID: e.ID, SubjectType: e.SubjectType, Subject: e.Subject, Reason: reasonOf(sentinel), Err: sentinel, Detail: detail}
}

// hasSubjectState reports whether subjects of type typ under version vi
// keep per-subject state.
func (ev *Evaluator) hasSubjectState(vi int, typ string) bool {
	for i := range ev.p.versions[vi].objs {
		co := &ev.p.versions[vi].objs[i]
		if co.bit >= 0 && (co.typ == "" || co.typ == typ) {
			return true
		}
	}
	return false
}

func matchAny(cs []metric.Condition, e *metric.Event) bool { return metric.MatchAny(cs, e) }

func whereHolds(ts []metric.AttrTest, e *metric.Event) bool { return metric.MatchAll(ts, e) }

func parseSpan(e *Event) (metric.Period, error) {
	s, ok1 := e.Attr("start")
	en, ok2 := e.Attr("end")
	if !ok1 || !ok2 {
		return metric.Period{}, reject(e, ErrBadAttribute, `needs "start" and "end" attributes (RFC 3339)`)
	}
	a, err1 := time.Parse(time.RFC3339Nano, s)
	b, err2 := time.Parse(time.RFC3339Nano, en)
	if err1 != nil || err2 != nil {
		return metric.Period{}, reject(e, ErrBadAttribute, fmt.Sprintf(`"start" %q and "end" %q must be RFC 3339 instants`, s, en))
	}
	if b.Before(a) {
		return metric.Period{}, reject(e, ErrBadAttribute, `"end" is before "start"`)
	}
	return metric.Period{Start: a, End: b}, nil
}

// check validates the attributes and value an event needs for the
// objectives it matches, before anything is changed.
func (ev *Evaluator) check(e *Event, me *metric.Event, vi int, idx []int) error {
	if e.HasValue {
		if why := checkValue(e.Value); why != "" {
			return reject(e, ErrRange, why)
		}
	}
	if e.Kind == KindUsage {
		return ev.checkUsage(e, vi)
	}
	v := &ev.p.versions[vi]
	for _, i := range idx {
		co := &v.objs[i]
		switch co.kind {
		case kAvailability:
			if matchAny(co.intervals, me) || matchAny(co.exclEvents, me) {
				if _, err := parseSpan(e); err != nil {
					return err
				}
			}
			if s, ok := e.Attr("announced"); ok {
				if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
					return reject(e, ErrBadAttribute, fmt.Sprintf(`"announced" %q must be an RFC 3339 instant`, s))
				}
			}
		case kVolume:
			if co.sum && matchAny(co.volConds, me) && (!e.HasValue || e.Value.Sign() < 0) {
				return reject(e, ErrBadAttribute, "a summed volume needs a non-negative value")
			}
		case kPercentile:
			if co.pctOf == "" && matchAny(co.pctValues, me) && !e.HasValue {
				return reject(e, ErrBadAttribute, "a percentile of values needs the event's value")
			}
		case kDeadlineEvents:
			if matchAny(co.anchor, me) {
				if _, err := co.obligationAnchor(e); err != nil {
					return err
				}
			}
		case kDeadlinePeriod:
			if s, ok := e.Attr(AttrPeriod); ok && matchAny(co.done, me) {
				if _, err := coveredPeriod(co.grid, s); err != nil {
					return reject(e, ErrBadAttribute, fmt.Sprintf("objective %q: %v", co.o.ID, err))
				}
			}
		case kErrorRate:
			if err := ev.rates.check(ev, e, me, vi, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkUsage checks a usage event against the pricing of its service in
// version vi: the value must give a charge (within the last band of a
// graduated or volume price, not negative). A service without a price
// passes: the event is ignored.
func (ev *Evaluator) checkUsage(e *Event, vi int) error {
	if e.SubjectType != SubjectService || !e.HasValue || e.Value.Sign() < 0 {
		return reject(e, ErrBadAttribute, "a usage event needs subject type \"service\" and a non-negative value")
	}
	c, ok := ev.charge(vi, e.Subject)
	if !ok {
		return nil
	}
	cur := penalty.Currency(ev.p.a.Currency)
	u := penalty.Usage{Charge: c.Name, Units: e.Value}
	if c.Kind == penalty.Supplied {
		u = penalty.Usage{Charge: c.Name, Amount: penalty.New(e.Value, cur)}
	}
	if _, err := c.Amount(u, cur); err != nil {
		return reject(e, ErrRange, fmt.Sprintf("service %q (pricing %s): %v", e.Subject, c.Kind, err))
	}
	return nil
}

// charge returns the charge of service svc in version vi, if it has one.
func (ev *Evaluator) charge(vi int, svc string) (penalty.Charge, bool) {
	v := &ev.p.versions[vi]
	if v.schedule == nil {
		return penalty.Charge{}, false
	}
	for _, c := range v.schedule.Charges {
		if c.Name == svc {
			return c, true
		}
	}
	return penalty.Charge{}, false
}

func (ev *Evaluator) creates(e *Event, me *metric.Event, vi int, idx []int) bool {
	v := &ev.p.versions[vi]
	for _, i := range idx {
		co := &v.objs[i]
		switch co.kind {
		case kClock:
			if matchAny(co.startConds, me) {
				return true
			}
		case kDeadlineEvents:
			if matchAny(co.anchor, me) {
				return true
			}
		case kAvailability:
			if matchAny(co.down, me) || matchAny(co.intervals, me) || matchAny(co.exclEvents, me) {
				return true
			}
		}
	}
	return false
}

// errIgnored is apply's answer for an event that matched nothing: Apply
// returns nil for it and counts it in Accounting.Ignored.
var errIgnored = errors.New("sla: event ignored")

func (ev *Evaluator) apply(e *Event) error {
	if e.ID == "" {
		return reject(e, ErrMissingID, "")
	}
	if !heldInstant(e.At) {
		return reject(e, ErrRange, "the evaluator holds instants from 1678 to 2261 (Unix nanoseconds)")
	}
	// Hashed first: the ID's bytes are often not in cache (hosts keep
	// them apart from the subject), and reading them now lets that wait
	// overlap with the subject lookup's.
	h := ev.subjects.idh.hash(e.ID)
	if e.SubjectType == "" || e.Subject == "" {
		return reject(e, ErrUnknownSubject, "the event names no subject type and ID")
	}
	if !ev.knownType(e.SubjectType) && !(e.Kind == KindUsage && e.SubjectType == SubjectService) {
		return reject(e, ErrUnknownType, "no objective is scoped to subjects of this type")
	}
	vi, err := ev.inForce(e.At)
	if err != nil {
		return reject(e, err, "")
	}
	me := new(e.metric())
	sh := ev.subjects.hash(e.Subject)
	var s *subject
	if e.Kind != KindUsage {
		// A usage event never touches a subject's state (a service may
		// also be measured by availability): its ID is kept by month
		// with those of the other events without subject state.
		s = ev.subjects.find(sh, e.SubjectType, e.Subject)
	}
	held := s  // the subject as probed for the event's ID
	idAt := -1 // where its ID goes in held's set (idset.go)
	if s == nil && len(ev.gone) > 0 && e.Kind != KindUsage {
		ev.key = append(append(append(ev.key[:0], e.SubjectType...), '/'), e.Subject...)
		if _, ok := ev.gone[ev.subjectHash(string(ev.key))]; ok {
			return reject(e, ErrRetired, "its verdicts are final")
		}
	}
	if s != nil {
		var dup bool
		if dup, idAt = s.ids.probe(h); dup {
			return reject(e, ErrDuplicateEvent, "")
		}
		if s.ids.aged != nil && s.ids.releasedAt(e.At) { // aged first: releasedAt is not inlined
			return reject(e, ErrIDsReleased, fmt.Sprintf("the subject remembers the IDs of its events after %s only (the last %d at least), and an event at or before it may be a re-send: raise Options.SubjectIDs to keep more", s.ids.aged.released.Format(time.RFC3339Nano), ev.cfg.window()))
		}
		if e.At.UnixNano() < s.last {
			return reject(e, ErrOutOfOrder, "earlier than "+s.lastAt().Format(time.RFC3339Nano))
		}
	}
	pl := ev.planFor(vi, e.SubjectType)
	idx := pl.idx
	if s != nil && int(s.ver) != vi {
		if ev.followsVersions(s, vi) {
			if err := ev.check(e, me, vi, idx); err != nil {
				return err
			}
			s = ev.rehome(s, vi)
		} else if err := ev.check(e, me, int(s.ver), ev.planOf(int(s.ver), e.SubjectType).idx); err != nil {
			// The subject keeps its version: its objectives read the
			// event, so their attributes are checked too.
			return err
		}
	}
	if pl.check || e.HasValue || e.Kind == KindUsage {
		if err := ev.check(e, me, vi, idx); err != nil {
			return err
		}
	}
	if s == nil && e.Kind != KindUsage && pl.subjectState && (ev.creates(e, me, vi, idx) || ev.applyEventLevel(e, me, vi, idx, false)) {
		s = ev.newSubject(e, vi, sh)
	}
	if s == nil {
		// No per-subject state: the event feeds aggregates or nothing,
		// and its ID is kept by month (dedup.go).
		if !ev.applyEventLevel(e, me, vi, idx, false) {
			return errIgnored
		}
		month := ev.p.month.At(e.At)
		k := month.Start.UnixNano()
		// IDs are unique per subject: the subject's hash is part of the
		// key, as the subject's own set would hold it.
		ev.key = append(append(append(ev.key[:0], e.SubjectType...), '/'), e.Subject...)
		id := h ^ bits.RotateLeft64(ev.subjectHash(string(ev.key)), 32)
		switch {
		case ev.ids.releasedAt(e.At):
			return reject(e, ErrIDsReleased, fmt.Sprintf("events before %s are no longer checked for re-sends (at most %d IDs are kept): shard the stream by subject to keep more", ev.ids.released.Format(time.RFC3339), ev.ids.max()))
		case ev.ids.seen(k, id):
			return reject(e, ErrDuplicateEvent, "")
		case ev.ids.wouldRelease(k):
			return reject(e, ErrIDsReleased, fmt.Sprintf("its month is the oldest held while %d IDs are held: shard the stream by subject to keep more", ev.ids.max()))
		}
		ev.advanceTo(e.At)
		ev.applyEventLevel(e, me, vi, idx, true)
		ev.ids.add(k, month.End, id)
		return nil
	}
	spl := pl
	if int(s.ver) != vi {
		spl = ev.planOf(int(s.ver), e.SubjectType)
	}
	ev.beforeSubject(s, e.At)
	used := ev.applySubject(s, e, me, spl)
	ev.afterSubject(s, held == nil)
	if pl.eventLevel && ev.applyEventLevel(e, me, vi, idx, !ev.recounted(h)) {
		used = true
	}
	if !used {
		return errIgnored
	}
	if s != held {
		idAt = -1 // a new or rehomed subject: search again
	}
	s.ids.addAt(h, idAt, ev.firstIDTable, ev.cfg.window(), s.lastAt())
	s.last = e.At.UnixNano()
	ev.markDirty(s)
	return nil
}

// planOf returns the plan of version vi for subjects of type typ.
func (ev *Evaluator) planOf(vi int, typ string) *typePlan {
	if pl := ev.p.plans[vi].byType[typ]; pl != nil {
		return pl
	}
	return ev.p.plans[vi].other
}

// firstIDTable hands a subject its first table of event ID hashes from
// the slabs.
func (ev *Evaluator) firstIDTable() []uint64 { return ev.slab.ids.Take(hashset.FirstTable) }

// newSubject creates the subject of e, whose ID hashes to h in
// ev.subjects.
func (ev *Evaluator) newSubject(e *Event, vi int, h uint64) *subject {
	ev.key = append(append(append(ev.key[:0], e.SubjectType...), '/'), e.Subject...)
	s := ev.alloc(string(ev.key), len(e.SubjectType), vi)
	ev.subjects.insert(h, s)
	return s
}

// applySubject applies e to the objectives of s that e's triggers let
// through, and reports whether e could have changed s: some objective
// was tried, or e carried an attribute the agreement tracks.
func (ev *Evaluator) applySubject(s *subject, e *Event, me *metric.Event, pl *typePlan) (used bool) {
	idx := pl.idx
	trig, cause, hasCause, tracked := ev.p.scanEvent(e, s)
	v := &ev.p.versions[s.ver]
	if hasCause && pl.causes {
		for _, i := range idx {
			if co := &v.objs[i]; co.bit >= 0 && slices.Contains(co.exclCauses, cause) {
				s.exclude(co.bit)
			}
		}
	}
	if ev.tryAll {
		for _, i := range idx {
			co := &v.objs[i]
			if co.always || trig&co.triggers != 0 {
				used = true
			}
			ev.applyObjective(s, e, me, co, trig)
		}
		return used || tracked
	}
	// The objectives one of whose triggers e carries, and those always
	// tried, in agreement order (relevance.go), 64 at a time; most
	// agreements have at most 64 per type, in one word.
	if pl.words == 1 {
		m := pl.always[0]
		for t := trig; t != 0; t &= t - 1 {
			m |= pl.byTrigger[bits.TrailingZeros64(t)]
		}
		for k := m; k != 0; k &= k - 1 {
			ev.applyObjective(s, e, me, &v.objs[idx[bits.TrailingZeros64(k)]], trig)
		}
		return m != 0 || tracked
	}
	used = tracked
	for w := range pl.words {
		m := pl.always[w]
		for t := trig; t != 0; t &= t - 1 {
			m |= pl.byTrigger[bits.TrailingZeros64(t)*pl.words+w]
		}
		used = used || m != 0
		for ; m != 0; m &= m - 1 {
			ev.applyObjective(s, e, me, &v.objs[idx[w*64+bits.TrailingZeros64(m)]], trig)
		}
	}
	return used
}

// applyObjective applies e to one objective of s, which e's triggers trig
// (or tryAll) let through.
func (ev *Evaluator) applyObjective(s *subject, e *Event, me *metric.Event, co *cobj, trig uint64) {
	switch co.kind {
	case kClock:
		o := s.lay.clock[co.slot]
		if o < 0 {
			return // not reached: s has a clock for each of its plan's
		}
		w := s.st[o:]
		if ph := int(clockPhase(w)); ph < len(co.byPhase) && !co.byPhase[ph].always && !ev.tryAll && trig&co.byPhase[ph].triggers == 0 {
			return // none of the conditions it tests in this phase can match e
		}
		var st metric.ClockState
		cs := &st
		unpackToApply(w, co.nCross, cs)
		// A start on a stopped clock may begin a new cycle: keep the
		// stopped one to record its result.
		var old metric.ClockState
		restart := cs.Phase == metric.Stopped && matchAny(co.startConds, me)
		if restart {
			old = *cs
		}
		// Only a reset needs the result of the cycle it closes (a
		// stopped cycle's result is read from its state): Advance
		// spares stops the conversion of their target.
		var effect metric.Effect
		if co.resets {
			step, err := co.clock.Apply(cs, me)
			if err != nil {
				// Clock.Apply fails only out of order (the evaluator never
				// builds strict clocks: TestIgnoredErrorsCannotHappen), and
				// apply rejected events older than the subject's last one,
				// which no clock of it has passed; it then changes nothing.
				return
			}
			effect = step.Effect
			if effect == metric.ResetBy {
				ev.closeCycle(s, co, step.Result)
			}
		} else {
			var err error
			if effect, err = co.clock.Advance(cs, me); err != nil {
				return // as for Apply above: cannot happen
			}
		}
		if effect == metric.Started && restart && old.Cycles > 0 {
			ev.closeCycle(s, co, closedResult(co.clock, old))
		}
		if effect == metric.NoEffect {
			// The event changed nothing but possibly the target and the
			// instant of the last event (metric.NoEffect): only their
			// words are written back.
			packTouched(w, cs)
		} else {
			packClock(w, co.nCross, cs)
		}
	case kDeadlineEvents:
		o := s.lay.dl[co.slot]
		if o < 0 {
			return // not reached, as for clocks
		}
		d := unpackDeadline(s.st[o:])
		switch {
		case matchAny(co.anchor, me) && (d.Anchor.IsZero() || !d.Done.IsZero()):
			if !d.Anchor.IsZero() {
				s.ext().prevOcc = append(s.prevOccs(), prevOcc{int32(co.slot), d})
			}
			// check accepted the anchor (plan.check is set for agreed
			// due instants), so obligationAnchor cannot fail here.
			anchor, _ := co.obligationAnchor(e)
			packDeadline(s.st[o:], obligationRec{Anchor: anchor})
		case matchAny(co.done, me) && !d.Anchor.IsZero() && d.Done.IsZero():
			d.Done = e.At
			packDeadline(s.st[o:], d)
		}
	case kAvailability:
		a := &s.x.avs[co.slot]
		switch {
		case matchAny(co.intervals, me):
			// check parsed the span before anything changed, under the
			// subject's version (apply), so this cannot fail
			// (TestIgnoredErrorsCannotHappen).
			sp, _ := parseSpan(e)
			c, _ := e.Attr(co.causeKey)
			a.down = append(a.down, metric.Downtime{Period: sp, Cause: c})
			co.maintenance(a, e, sp, c)
		case matchAny(co.exclEvents, me):
			sp, _ := parseSpan(e) // parsed by check, as above
			x := metric.Exclusion{Period: sp, Reason: metric.ReasonMaintenance, Announced: e.At}
			if co.exclWindow != nil && co.exclWindow.Between(sp.Start, sp.End) != sp.End.Sub(sp.Start) {
				x.Announced = time.Time{} // outside the allowed window: not a valid announcement
			}
			a.excl = append(a.excl, x)
		case !a.open && matchAny(co.down, me):
			a.open, a.openAt = true, e.At
			a.cause, _ = e.Attr(co.causeKey)
			a.announced, _ = e.Attr("announced")
		case a.open && matchAny(co.up, me):
			sp := metric.Period{Start: a.openAt, End: e.At}
			a.down = append(a.down, metric.Downtime{Period: sp, Cause: a.cause})
			co.maintenanceAt(a, a.announced, sp, a.cause)
			a.open, a.cause, a.announced = false, "", ""
		}
	}
}

// closedResult is the result of the stopped cycle held by st.
func closedResult(c *metric.Clock, st metric.ClockState) metric.CycleResult {
	cs := c.Status(st, st.Since)
	return metric.CycleResult{Cycle: cs.Cycle, Start: cs.Start, End: st.Since, Elapsed: cs.Elapsed, Target: cs.Target, HasTarget: cs.HasTarget, State: cs.State, BreachAt: cs.BreachAt}
}

func (ev *Evaluator) bucket(co *cobj, t time.Time) int64 {
	if co.rolling {
		// NewGrid fails only for an unknown grain; Day is one, and a nil
		// zone means UTC (TestIgnoredErrorsCannotHappen).
		g, _ := metric.NewGrid(metric.Day, ev.p.loc)
		return g.At(t).Start.UnixNano()
	}
	return co.grid.At(t).Start.UnixNano()
}

// applyEventLevel applies e to the event-level aggregates of version vi
// (with apply false: only says whether it would) and reports whether it
// matched one: the conditions of a volume, percentile, period-end
// deadline or error-rate objective (whether or not it passes the objective's scope,
// which decides whether it counts), or, for a usage event, a priced
// service.
func (ev *Evaluator) applyEventLevel(e *Event, me *metric.Event, vi int, idx []int, apply bool) (matched bool) {
	if e.Kind == KindUsage {
		if _, ok := ev.charge(vi, e.Subject); !ok {
			return false
		}
		if apply {
			ev.usage[usageKey{e.Subject, ev.p.month.At(e.At).Start.UnixNano()}] = e.Value
		}
		return true
	}
	v := &ev.p.versions[vi]
	for _, i := range idx {
		co := &v.objs[i]
		var matches bool
		switch co.kind {
		case kVolume:
			matches = matchAny(co.volConds, me)
		case kPercentile:
			matches = co.pctOf == "" && matchAny(co.pctValues, me)
		case kDeadlinePeriod:
			matches = matchAny(co.done, me)
		case kErrorRate:
			matches = errorRateMatches(co, me)
		}
		if !matches {
			continue
		}
		matched = true
		if !apply {
			return true
		}
		if !whereHolds(co.where, me) {
			continue
		}
		switch co.kind {
		case kVolume:
			k := aggKey{vi, i, ev.bucket(co, e.At)}
			vol := ev.vols[k]
			if vol == nil {
				vol = &metric.Volume{}
				ev.vols[k] = vol
			}
			// Add fails only for a summed volume's event without a
			// value or with a negative one, which check rejected before
			// anything changed (TestIgnoredErrorsCannotHappen).
			_, _ = co.volume.Add(vol, *me)
		case kPercentile:
			k := aggKey{vi, i, ev.bucket(co, e.At)}
			d := ev.dists[k]
			if d == nil {
				d = &metric.Distribution{}
				ev.dists[k] = d
			}
			// Appended unsorted (O(1)); distIn and aggregates sort once
			// when they read (metric.Distribution.Add would insert in
			// order, O(n) per value).
			d.Values = append(d.Values, e.Value)
		case kDeadlinePeriod:
			ev.addDone(co, e)
		case kErrorRate:
			ev.rates.apply(ev, e, me, vi, i)
		}
	}
	return matched
}

// maintenance turns a downtime whose cause is one of co's maintenance
// exclusions without announcement events into an exclusion announced at
// its "announced" attribute (never, when absent), so the notice is checked;
// outside the allowed window it counts as never announced.
func (co *cobj) maintenance(a *avSlot, e *Event, sp metric.Period, cause string) {
	ann, _ := e.Attr("announced")
	co.maintenanceAt(a, ann, sp, cause)
}

func (co *cobj) maintenanceAt(a *avSlot, announced string, sp metric.Period, cause string) {
	if !slices.Contains(co.maint, cause) {
		return
	}
	x := metric.Exclusion{Period: sp, Reason: metric.ReasonMaintenance}
	if announced != "" {
		// check parsed the "announced" attribute of the event it came
		// from before anything changed (TestIgnoredErrorsCannotHappen).
		x.Announced, _ = time.Parse(time.RFC3339Nano, announced)
	}
	if co.exclWindow != nil && co.exclWindow.Between(sp.Start, sp.End) != sp.End.Sub(sp.Start) {
		x.Announced = time.Time{}
	}
	a.excl = append(a.excl, x)
}

// followsVersions reports whether subject s moves to version vi: a subject
// measured only by availability objectives (a service) follows the version
// in force, while one with clocks or deadlines (a ticket, an invoice) keeps
// the version of its first event.
func (ev *Evaluator) followsVersions(s *subject, vi int) bool {
	for i := range ev.p.versions[s.ver].objs {
		co := &ev.p.versions[s.ver].objs[i]
		if (co.kind == kClock || co.kind == kDeadlineEvents) && (co.typ == "" || co.typ == s.typ()) {
			return false
		}
	}
	return ev.hasSubjectState(vi, s.typ())
}

// rehome moves s to version vi: its state so far is kept, under its
// version, for the periods of that version, and a fresh state continues
// under vi. A downtime still open is split at vi's start.
func (ev *Evaluator) rehome(s *subject, vi int) *subject {
	from := ev.p.versions[vi].from
	ns := ev.alloc(s.key, int(s.tlen), vi)
	ns.last, ns.ids, ns.has = s.last, s.ids, s.has
	s.ids = idSet{} // duplicates are checked on the current state only
	copy(ns.attrs, s.attrs)
	open, cause, announced := false, "", ""
	for i := range s.avSlots() {
		a := &s.x.avs[i]
		if a.open {
			end := from
			if end.Before(a.openAt) {
				end = a.openAt
			}
			a.down = append(a.down, metric.Downtime{Period: metric.Period{Start: a.openAt, End: end}, Cause: a.cause})
			open, cause, announced = true, a.cause, a.announced
			a.open, a.cause, a.announced = false, "", ""
		}
	}
	if open {
		// Carried on where the new version closes downtime with up events.
		for i := range ev.p.versions[vi].objs {
			co := &ev.p.versions[vi].objs[i]
			if co.kind == kAvailability && (co.typ == "" || co.typ == s.typ()) && len(co.up) > 0 {
				ns.x.avs[co.slot] = avSlot{open: true, openAt: from, cause: cause, announced: announced}
			}
		}
	}
	ns.ext().older = append(s.olderStates(), s)
	if s.x != nil {
		s.x.older = nil
	}
	ev.subjects.set(ns)
	return ns
}
