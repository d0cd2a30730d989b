package sla

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/slaeval/slaeval/calendar"
)

// Limits bound what an agreement may ask of the library, so that one from
// an untrusted source (a tenant writing their own) cannot make decoding,
// validation, compilation or reports slow or large. Within the defaults any
// agreement decodes and compiles in well under a second (see
// BenchmarkDecodeNewEvaluator). Past a limit, [Decode], [Agreement.Validate]
// and [NewEvaluator] report an [*Error] wrapping [ErrLimit] that names the
// path and the limit.
//
// A zero field (or a negative one) means the default; so the zero Limits
// is the defaults. A host that trusts its agreements may lift a limit by
// setting it, and passes its Limits in an [Options] value. Limits is a
// plain value, safe to copy and share.
//
// Calendars also obey the calendar package's fixed limits, which no option
// lifts: at most calendar.MaxDayIntervals opening intervals starting on one
// day, calendar.MaxHolidays holidays, calendar.MaxHolidaySets holiday sets
// and calendar.MaxSpecialDays special days per calendar, and
// calendar.MaxSpecParts calendars nested calendar.MaxSpecDepth deep in one
// union or intersection.
type Limits struct {
	// DocumentBytes bounds the size of the JSON document Decode reads,
	// and with it every list and string in it. Default 1 MiB.
	DocumentBytes int
	// Versions bounds the versions of an agreement. Default 100.
	Versions int
	// Calendars bounds the named calendars of one version. Default 64.
	Calendars int
	// CalendarParts bounds the calendars built for one agreement: each
	// distinct calendar that a service, objective or exclusion refers to,
	// once however many versions repeat it, counting every part of a
	// union or intersection. Calendars nothing refers to are validated
	// but never built. Default 16.
	CalendarParts int
	// Objectives bounds the objectives of one version, of every kind:
	// clocks, deadlines anchored on events and availability, which keep
	// state per subject, as well as the others. Default 200. (The
	// attributes they refer to are bounded apart: MaxTrackedAttrs.)
	Objectives int
	// PeriodResults bounds the period results a report may hold: the sum,
	// over versions and their objectives, of the periods each is reported
	// for (a rolling objective has one, or with Every one per assessment
	// and one more; a calendar period objective, or a clock or deadline
	// reported per month, as many as the version's span holds, and an
	// open-ended version up to the report's cap of 1,200 per objective),
	// times the values of a ratio split by an attribute. Default 100,000,
	// about a second of Report.
	PeriodResults int
}

// Default limits; see Limits.
const (
	DefaultDocumentBytes = 1 << 20
	DefaultVersions      = 100
	DefaultCalendars     = 64
	DefaultCalendarParts = 16
	DefaultObjectives    = 200
	DefaultPeriodResults = 100_000
)

// resolved returns l with every zero or negative field set to its default.
func (l Limits) resolved() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.DocumentBytes, DefaultDocumentBytes)
	def(&l.Versions, DefaultVersions)
	def(&l.Calendars, DefaultCalendars)
	def(&l.CalendarParts, DefaultCalendarParts)
	def(&l.Objectives, DefaultObjectives)
	def(&l.PeriodResults, DefaultPeriodResults)
	return l
}

// Options configures decoding, validation, compilation and the evaluator:
// the limits on what an agreement may ask for, and the evaluator's
// identity (the key it hashes event IDs with and the origin it names in
// partials). The zero Options means all defaults: Options{}.Decode(data)
// is Decode(data), Options{}.NewEvaluator(a) is NewEvaluator(a). It is a
// plain value, safe to copy and to share between goroutines.
//
// The package functions that build an evaluator themselves ([Merge],
// [Evaluate]) use the defaults; with other options, build it with
// o.NewEvaluator and call its Merge, or its ApplyAll and Report.
type Options struct {
	Limits Limits // zero: the default limits

	// IDKey keys the hash of event IDs that the evaluator keeps to tell
	// duplicates (see IDKey). Zero: a random key drawn for the evaluator,
	// which a fresh evaluator replaces by the key of the first snapshot or
	// partial restored or merged into it. Hosts whose evaluators exchange
	// state (partials of several shards merged into one, snapshots restored
	// in another process after events have been applied there) give them
	// all the same key, kept as secret as their state.
	IDKey IDKey

	// Origin names the events applied to this evaluator in the partials
	// it gives (Partial.Sources), so that Merge refuses to count them
	// twice. Empty: a random name. A host that gives one must give every
	// evaluator a different one (a shard and a generation, "eu-3/2026-12-03"):
	// partials of two evaluators of one origin never merge, and an
	// evaluator refuses a partial holding its own origin. At most 128
	// bytes.
	Origin string

	// SubjectIDs is the window of event IDs each subject remembers to
	// tell duplicates: at least the IDs of its last SubjectIDs events, at
	// most twice as many. An event dated at or before the newest instant
	// whose IDs were dropped is rejected with ErrIDsReleased (it may be a
	// re-send). Zero: DefaultSubjectIDs (2,048); at most MaxSubjectIDs.
	// Memory for a subject's IDs is at most 32·SubjectIDs bytes.
	SubjectIDs int

	// KeepCycles is how many closed cycles of each clock a subject keeps
	// in full at least; older ones are folded, in passes once the subject
	// holds twice as many per clock, into per-day counts that reports
	// count exactly alike (see FoldedCycles). Zero: DefaultKeepCycles (32); math.MaxInt keeps
	// every cycle in full.
	KeepCycles int
}

// Validate is [Agreement.Validate] within o's limits.
func (o Options) Validate(a Agreement) error {
	_, err := o.validate(a)
	return err
}

// validate is Validate; it returns the validator too, whose zones
// compilation takes.
func (o Options) validate(a Agreement) (*validator, error) {
	v := &validator{a: a, lim: o.Limits.resolved()}
	v.agreement()
	return v, v.p.err()
}

// Compile is [Compile] within o's limits.
func (o Options) Compile(a Agreement) (*Compiled, error) {
	p, err := compileWith(a, o)
	if err != nil {
		return nil, err
	}
	return &Compiled{p: p}, nil
}

// NewEvaluator is [NewEvaluator] within o's limits, with o's ID key and
// origin, ID window and cycles kept. Besides NewEvaluator's errors it
// fails with an *Error wrapping ErrInvalid for an origin longer than 128
// bytes, and for SubjectIDs or KeepCycles out of range.
func (o Options) NewEvaluator(a Agreement) (*Evaluator, error) {
	if err := o.checkIdentity(); err != nil {
		return nil, err
	}
	c, err := o.Compile(a)
	if err != nil {
		return nil, err
	}
	return c.newEvaluator(o), nil
}

// limitErr reports that what (at path) exceeds limit n, set by field.
func (v *validator) limitErr(path, what string, n int, field string) {
	v.add(path, ErrLimit, fmt.Sprintf("%s; at most %d are allowed (Limits.%s)", what, n, field))
}

// referencedCalendars returns the names of ver's calendars that a service,
// objective or exclusion refers to and that ver defines, sorted.
func referencedCalendars(ver Version) []string {
	var names []string
	add := func(n string) {
		if _, ok := ver.Calendars[n]; ok && n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, s := range ver.Services {
		add(s.Hours)
	}
	for _, o := range ver.Objectives {
		add(o.Calendar)
	}
	for _, x := range ver.Exclusions {
		add(x.Window)
	}
	slices.Sort(names)
	return names
}

// specKey is the identity of a calendar spec within one agreement: every
// field, written out unambiguously (strings quoted, dates as day numbers).
func specKey(s calendar.Spec) string {
	var b []byte
	var add func(s calendar.Spec)
	add = func(s calendar.Spec) {
		b = strconv.AppendQuote(b, s.Hours)
		b = strconv.AppendQuote(b, s.Zone)
		b = append(b, 'h')
		for _, d := range s.Holidays {
			b = strconv.AppendInt(append(b, ','), int64(d), 10)
		}
		b = append(b, 's')
		for _, n := range s.HolidaySets {
			b = strconv.AppendQuote(b, n)
		}
		b = append(b, 'd')
		for _, sd := range s.Special {
			b = strconv.AppendQuote(strconv.AppendInt(append(b, ','), int64(sd.Date), 10), sd.Hours)
		}
		for _, c := range []struct {
			op    byte
			parts []calendar.Spec
		}{{'u', s.Union}, {'i', s.Intersection}} {
			b = append(b, c.op, '(')
			for _, p := range c.parts {
				add(p)
			}
			b = append(b, ')')
		}
	}
	add(s)
	return string(b)
}

// specParts counts the calendars in s: s itself and every part.
func specParts(s calendar.Spec) int {
	n := 1
	for _, p := range s.Union {
		n += specParts(p)
	}
	for _, p := range s.Intersection {
		n += specParts(p)
	}
	return n
}

// calendarBudget checks Limits.CalendarParts: the calendars compilation
// would build, each distinct referenced spec once.
func (v *validator) calendarBudget() {
	seen := map[string]bool{}
	n := 0
	for vi, ver := range v.a.Versions {
		for _, name := range referencedCalendars(ver) {
			spec := ver.Calendars[name]
			k := specKey(spec)
			if seen[k] {
				continue
			}
			seen[k] = true
			if n += specParts(spec); n > v.lim.CalendarParts {
				v.limitErr(join(idx("", "versions", vi), "calendars", name), fmt.Sprintf("the agreement needs %d or more distinct calendars built, counting union and intersection parts", n), v.lim.CalendarParts, "CalendarParts")
				return
			}
		}
	}
}

// maxReportPeriods is the report's cap on the periods of one objective in
// one version (periods.go).
const maxReportPeriods = maxPeriods

// periodBudget checks Limits.PeriodResults.
func (v *validator) periodBudget() {
	a := v.a
	total := 0
	for vi, ver := range a.Versions {
		from, to, _ := a.VersionSpan(vi)
		if r := a.Term.Renewal; r != nil && r.Automatic && to.Equal(a.Term.EffectiveTo) {
			to = time.Time{} // renewed: runs on
		}
		for _, o := range ver.Objectives {
			total += periodsOf(o, from, to)
		}
		if total > v.lim.PeriodResults {
			v.limitErr(idx("", "versions", vi)+".objectives", fmt.Sprintf("reports would hold %d or more period results (objectives times the periods each is reported for)", total), v.lim.PeriodResults, "PeriodResults")
			return
		}
	}
}

// periodsOf bounds from above the period results o gives in [from, to)
// (to zero: open-ended): its periods, times its values when it is a ratio
// split by an attribute (compliance_split.go).
func periodsOf(o Objective, from, to time.Time) int {
	n := periodsOfKind(o, from, to)
	if o.Metric.Kind == KindRatio && o.TargetBy != "" && len(o.Targets) > 0 {
		n *= len(o.Targets)
	}
	return n
}

// periodsOfKind bounds from above the periods o is reported for in
// [from, to): a rolling period's assessments by the periods of its Every
// grid (the window still running is within the margin of two).
func periodsOfKind(o Objective, from, to time.Time) int {
	kind := PeriodMonth // clocks and deadlines without a period: per month
	if o.Period != nil {
		kind = o.Period.Kind
	}
	if kind == PeriodRolling {
		if o.Period.Every == "" {
			return 1
		}
		kind = o.Period.Every
	}
	if to.IsZero() || !to.After(from) || from.IsZero() {
		return maxReportPeriods
	}
	y1, m1, _ := from.Date()
	y2, m2, _ := to.Date()
	months := (y2-y1)*12 + int(m2-m1) + 2 // +2: straddling periods at both ends, and zones
	var n int
	switch kind {
	case PeriodWeek:
		n = int(to.Sub(from)/(7*24*time.Hour)) + 2
	case PeriodQuarter:
		n = months/3 + 2
	case PeriodYear:
		n = y2 - y1 + 2
	default:
		n = months
	}
	return min(n, maxReportPeriods)
}
