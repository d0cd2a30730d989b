package sla

import (
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"github.com/slaeval/slaeval/calendar"
)

// Objective is one measured promise: a metric over the subjects in Scope,
// judged against a target, owed by the Obligor to the Beneficiary, with the
// penalty rules attached. Objectives measure obligations of any party: the
// provider's reply times, the customer's payments, one team's report to
// another.
type Objective struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Obligor     string `json:"obligor"`               // party ID of who owes it
	Beneficiary string `json:"beneficiary"`           // party ID of whom it is owed to
	Responsible string `json:"responsible,omitempty"` // a contact of the obligor, e.g. "Amy"
	Recipient   string `json:"recipient,omitempty"`   // a contact of the beneficiary, e.g. "Joan"
	Service     string `json:"service,omitempty"`     // service ID; "": not tied to one service
	Calendar    string `json:"calendar,omitempty"`    // calendar name; "": the service's hours, else 24×7

	Scope  Scope  `json:"scope,omitzero"` // zero: every subject
	Metric Metric `json:"metric"`

	// Target is the target of every subject not matched by Targets.
	// TargetBy names the attribute whose value selects an entry of Targets:
	// a subject attribute (priority) for clock, deadline, ratio and
	// percentile objectives, an event attribute (lead quality) for volumes,
	// where each segment is counted and judged on its own. On a volume,
	// Target is the target of the total over all segments, so one objective
	// can say "at least 50 qualified leads a month in total, of which at
	// least 20 of level A and 30 of level B"; the period is met when the
	// total and every segment meet theirs. At least one of Target and
	// Targets is required.
	Target   *Target         `json:"target,omitempty"`
	TargetBy string          `json:"targetBy,omitempty"`
	Targets  []SegmentTarget `json:"targets,omitempty"`

	// Period is the reporting period. Required for availability, volume,
	// ratio and percentile objectives; optional for clocks and deadlines
	// (their per-period attainment is then reported).
	Period *PeriodSpec `json:"period,omitempty"`

	Exclusions []string      `json:"exclusions,omitempty"` // IDs of exclusions that apply
	ExcusedBy  []string      `json:"excusedBy,omitempty"`  // IDs of objectives owed by another party; see doc.go
	Penalties  []PenaltyRule `json:"penalties,omitempty"`
}

// Scope selects the subjects an objective applies to. The zero Scope selects
// every subject.
type Scope struct {
	Subject string     `json:"subject,omitempty"` // subject type, e.g. "ticket", "lead", "invoice"; "": any
	Where   []AttrTest `json:"where,omitempty"`   // all must hold for the subject's attributes
}

// SegmentTarget is the target for subjects or events whose TargetBy
// attribute equals When.
type SegmentTarget struct {
	When   string `json:"when"`
	Target Target `json:"target"`
}

// Time units of a target's Within.
const (
	// UnitWall counts real time; days, months and years are calendar days,
	// months and years in the agreement's zone (P1M is a calendar month).
	UnitWall = "wall"
	// UnitBusiness counts open time of the objective's calendar. Only
	// hours, minutes and seconds are allowed (PT27H), since a business day
	// has no fixed length.
	UnitBusiness = "business"
	// UnitBusinessDays counts whole business days of the objective's
	// calendar (calendar.SameTimeAfter), from the same day 1 as
	// UnitBusinessDaysEnd: from before day 1's opening, P3D ends with day
	// 3; from inside a business day, at the same time three business days
	// later. Only days and weeks are allowed (P3D).
	UnitBusinessDays = "businessDays"
	// UnitBusinessDaysEnd is "by the end of the Nth business day after the
	// anchor" on the objective's calendar (calendar.BusinessDaysEnd): day 1
	// is the first business day that begins at or after the anchor, so P10D
	// after a period end is the end of the tenth business day of the next
	// period; P0D (or no within) is the end of the business day in progress
	// (or of the next one). Days and weeks only; deadline objectives only,
	// since it names an instant, not an elapsed time.
	UnitBusinessDaysEnd = "businessDaysEnd"
	// UnitWallNextOpen is a wall-clock target (counted as UnitWall) whose
	// due instant, when it falls in closed hours of the objective's
	// calendar, moves to the calendar's next opening (ServiceNow's "breach
	// on due date" on a schedule): "P2D" from Mon 18:30 on Mon-Fri
	// 08:00-16:00 is due Thu 08:00, not Wed 18:30. Deadline objectives
	// only, since it names an instant; lateness is wall time after it.
	UnitWallNextOpen = "wallNextOpen"
)

// Target is what counts as met. A time target (clock, deadline, percentile
// of durations) is Within in Unit: met iff the measured time ≤ Within. A
// level target is AtLeast and/or AtMost: a percentage 0–100 for availability
// and ratio, a count or sum for volumes, a value for percentiles of values.
//
// By is a relative deadline instead of Within and Unit, for deadline
// objectives only: the text form of a calendar.Deadline ("dayAt 1 16:00",
// the next business day at 16:00; "dayEnd 0", the end of the business day;
// "monthDayEnd 5", the end of the fifth business day of the next month),
// resolved against each anchor on the objective's calendar
// ([Target.Deadline]). Deadline objectives have no pauses, so it is
// resolved without any; clock targets are elapsed times and cannot take
// it. A due instant at or before the anchor ("dayAt 0 16:00" asked at
// 17:00) is missed unless done by then.
//
// DueFrom, for deadline objectives anchored at events, names the anchor
// event's attribute that holds the due instant agreed for the subject (RFC
// 3339): the obligation is anchored and due at that instant and judged in
// wall time.
//
// Within and Unit, By, DueFrom, or AtLeast/AtMost, are used according to the metric
// kind; see [Agreement.Validate]. The zero Target is not a valid target of
// any kind.
type Target struct {
	Within  period.Period    `json:"within,omitzero"`   // ISO 8601, e.g. PT4H, P3D
	Unit    string           `json:"unit,omitempty"`    // Unit* constant; required with Within
	By      string           `json:"by,omitempty"`      // deadlines only: calendar.Deadline text form
	DueFrom string           `json:"dueFrom,omitempty"` // deadlines only: the anchor event's attribute holding the agreed due instant (RFC 3339)
	AtLeast *decimal.Decimal `json:"atLeast,omitempty"`
	AtMost  *decimal.Decimal `json:"atMost,omitempty"`
}

// Deadline returns t's By as a calendar.Deadline. ok is false when By is
// empty or not a valid deadline (see calendar.ParseDeadline).
func (t Target) Deadline() (d calendar.Deadline, ok bool) {
	if t.By == "" {
		return calendar.Deadline{}, false
	}
	d, err := calendar.ParseDeadline(t.By)
	return d, err == nil
}

// Span returns t's Within as a calendar.Span, for the metric package:
// business → BusinessTime with the hours as a Duration, businessDays →
// BusinessDays with the days (weeks × 7 + days), businessDaysEnd →
// BusinessDaysEnd with the days (zero allowed), wall → WallTime when the
// period has hours, minutes and seconds only. ok is false for a target
// that is not a valid time target, and for wall periods with days, weeks,
// months or years, whose length depends on the date and zone (add them with
// period.Period.AddTo in the agreement's zone instead).
func (t Target) Span() (s calendar.Span, ok bool) {
	if t.Unit == UnitBusinessDaysEnd {
		p := t.Within
		if !p.IsZero() && !positive(p) || !p.OnlyHMS().IsZero() || !p.YearsDecimal().IsZero() || !p.MonthsDecimal().IsZero() || !p.DaysIncWeeksDecimal().IsInt() {
			return calendar.Span{}, false
		}
		n := p.DaysIncWeeks()
		if n > calendar.MaxBusinessDays {
			return calendar.Span{}, false
		}
		return calendar.Span{Unit: calendar.BusinessDaysEnd, Days: n}, true
	}
	if !positive(t.Within) {
		return calendar.Span{}, false
	}
	switch t.Unit {
	case UnitWall, UnitBusiness:
		if !t.Within.OnlyYMWD().IsZero() {
			return calendar.Span{}, false
		}
		d, exact := t.Within.Duration()
		if !exact {
			return calendar.Span{}, false
		}
		u := calendar.WallTime
		if t.Unit == UnitBusiness {
			u = calendar.BusinessTime
		}
		return calendar.Span{Unit: u, Duration: d}, true
	case UnitBusinessDays:
		p := t.Within
		if !p.OnlyHMS().IsZero() || !p.YearsDecimal().IsZero() || !p.MonthsDecimal().IsZero() || !p.DaysIncWeeksDecimal().IsInt() {
			return calendar.Span{}, false
		}
		return calendar.Span{Unit: calendar.BusinessDays, Days: p.DaysIncWeeks()}, true
	}
	return calendar.Span{}, false
}

// Period kinds. Calendar periods run from the first instant of the period to
// the first instant of the next in the agreement's zone; weeks are ISO weeks
// starting on Monday.
const (
	PeriodWeek    = "week"
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodYear    = "year"
	PeriodRolling = "rolling" // the Length up to the instant of evaluation
)

// PeriodSpec is a reporting period.
//
// Every, on a rolling period only, assesses the window at the end of each
// calendar period of that kind (week, month, quarter or year) in the
// agreement's zone: {"kind": "rolling", "length": "P3M", "every": "month"}
// is "availability over the rolling three months ending with each month".
// Each assessment is the window of Length ending at that boundary, no
// earlier than the term's start, judged under the version in force at
// its end; it is
// reported as a final period once the boundary has passed, and its
// penalties count in the credit month it ends with (see doc.go, Penalties
// on rolling periods). Without Every a rolling period is only the window
// ending at the report's instant, which is never final and carries no
// penalty (listed only under the version in force then); it too starts
// no earlier than the term's start, so the same window gives the same
// figure with or without Every, and with or without an amendment.
type PeriodSpec struct {
	Kind   string        `json:"kind"`            // Period* constant
	Length period.Period `json:"length,omitzero"` // rolling only, e.g. P28D, P12M
	Every  string        `json:"every,omitempty"` // rolling only: a Period* constant other than rolling
}

// Metric kinds.
const (
	KindClock        = "clock"        // elapsed time per subject (ticket)
	KindAvailability = "availability" // uptime percentage per period
	KindVolume       = "volume"       // count or sum of events per period
	KindRatio        = "ratio"        // share of subjects meeting another objective's target
	KindPercentile   = "percentile"   // nearest-rank percentile of durations or values
	KindDeadline     = "deadline"     // an event within a time after an anchor
)

// Metric says what is measured. Kind selects the definition; exactly the
// field named after Kind is set.
type Metric struct {
	Kind         string        `json:"kind"`
	Clock        *Clock        `json:"clock,omitempty"`
	Availability *Availability `json:"availability,omitempty"`
	Volume       *Volume       `json:"volume,omitempty"`
	Ratio        *Ratio        `json:"ratio,omitempty"`
	Percentile   *Percentile   `json:"percentile,omitempty"`
	Deadline     *Deadline     `json:"deadline,omitempty"`
}

// Clock presets, as the metric package defines them (after Zendesk and Jira
// Service Management).
const (
	PresetFirstReply     = "firstReply"
	PresetNextReply      = "nextReply"
	PresetPeriodicUpdate = "periodicUpdate"
	PresetRequesterWait  = "requesterWait"
	PresetAgentWork      = "agentWork"
	PresetPausableUpdate = "pausableUpdate"
	PresetResolution     = "resolution"
)

// The evaluator maps Condition lists onto metric.Condition values: a
// Condition{Kind, Where} is metric.Condition{Kinds: [Kind] (none when Kind
// is ""), Attrs: Where with Attr as Key and Op as the metric.Op of the same
// name}. Presets map onto metric's preset constructors (firstReply →
// FirstReplyTime, nextReply → NextReplyTime, periodicUpdate →
// PeriodicUpdate, pausableUpdate → PausableUpdate, requesterWait →
// RequesterWaitTime, agentWork → AgentWorkTime, resolution →
// FullResolutionTime), whose event vocabulary (ticket.created,
// ticket.comment, status, author, priority...) the metric package documents.

// Clock is an elapsed-time clock per subject. With a Preset, each non-empty
// condition list replaces the preset's list for that role (so a resolution
// clock can pause on the agreement's own "waiting on customer" status);
// without one, Start and Stop are required. A condition list matches an
// event when any of its conditions does.
type Clock struct {
	Preset string      `json:"preset,omitempty"`
	Start  []Condition `json:"start,omitempty"`
	Pause  []Condition `json:"pause,omitempty"`  // paused while the last matching event is not followed by a resume
	Resume []Condition `json:"resume,omitempty"` // ends a pause; empty: any event that does not match Pause
	Stop   []Condition `json:"stop,omitempty"`
	Reset  []Condition `json:"reset,omitempty"` // closes the cycle and starts a new one
	// Restart says what a start does on a stopped clock (a reopened
	// ticket); "" means the preset's behaviour, or RestartNewCycle.
	Restart  string    `json:"restart,omitempty"`
	Warnings []Warning `json:"warnings,omitempty"`
}

// What a start does on a stopped clock (metric.Restart).
const (
	RestartNewCycle = "newCycle" // a new cycle from zero; earlier cycles keep their results
	RestartResume   = "resume"   // elapsed time continues from where it stopped
	RestartNever    = "never"    // starts are ignored once stopped (first reply)
)

// Warning is an instant to notify before a target is reached: when elapsed
// time reaches Percent of the target, or Before ahead of it, measured on the
// objective's calendar (PT1H on a business calendar is one business hour
// before due). Exactly one is set. Maps onto metric.Warning.
type Warning struct {
	Percent *decimal.Decimal `json:"percent,omitempty"` // (0, 100]
	Before  period.Period    `json:"before,omitzero"`   // hours, minutes and seconds only
}

// Condition matches an event: its kind (empty: any kind) and all attribute
// tests.
type Condition struct {
	Kind  string     `json:"kind,omitempty"`
	Where []AttrTest `json:"where,omitempty"`
}

// Attribute test operators.
const (
	OpEquals  = "equals"  // exactly one value
	OpIn      = "in"      // one or more values
	OpNotIn   = "notIn"   // one or more values; also holds when absent
	OpPresent = "present" // no values
	OpAbsent  = "absent"  // no values
)

// AttrTest tests one attribute of an event or subject.
type AttrTest struct {
	Attr   string   `json:"attr"`
	Op     string   `json:"op"`
	Values []string `json:"values,omitempty"`
}

// Availability sources.
const (
	SourceEvents    = "events"    // Down and Up events per subject (service)
	SourceIntervals = "intervals" // downtime events carrying start and end attributes
)

// Error-rate formulas.
const (
	FormulaDownSlices       = "downSlices"       // uptime = share of slices not down
	FormulaAverageErrorRate = "averageErrorRate" // uptime = 100% − mean slice error rate
)

// Availability is uptime as a percentage of the service hours in each
// period. Downtime whose cause (the CauseAttr attribute) matches an
// exclusion of the objective is removed from both numerator and
// denominator.
type Availability struct {
	Source          string        `json:"source"`                   // Source* constant; intervals carry "start" and "end" attributes (RFC 3339)
	Down            []Condition   `json:"down,omitempty"`           // events source: the service goes down
	Up              []Condition   `json:"up,omitempty"`             // events source: it comes back
	Downtime        []Condition   `json:"downtime,omitempty"`       // intervals source: events describing a downtime
	CauseAttr       string        `json:"causeAttribute,omitempty"` // attribute carrying the cause; default "cause"
	MinimumDowntime period.Period `json:"minimumDowntime,omitzero"` // shorter downtime periods, after exclusions, do not count
	ErrorRate       *ErrorRate    `json:"errorRate,omitempty"`      // slice by error rate instead of down/up
}

// ErrorRate slices time (e.g. per minute) and judges each slice by the error
// rate of its requests, as public cloud SLAs do. Events matching Requests
// carry one slice's counts: the slice's first instant in the "slice"
// attribute (RFC 3339), the total in the Total attribute and either the
// good count (Good) or the failed count (Failed); several events for one
// slice add up. The objective's period is cut into slices from its start;
// a slice is down when it has at least MinimumRequests requests and its
// error rate exceeds Threshold (reaches it, with AtThreshold).
// Availability.MinimumDowntime applies to runs of consecutive down slices,
// after exclusions.
type ErrorRate struct {
	Requests        []Condition     `json:"requests"`
	Good            string          `json:"goodAttribute,omitempty"`   // exactly one of Good and Failed
	Failed          string          `json:"failedAttribute,omitempty"` // exactly one of Good and Failed
	Total           string          `json:"totalAttribute"`
	Slice           period.Period   `json:"slice"`                  // e.g. PT1M, PT5M
	Threshold       decimal.Decimal `json:"threshold"`              // percent; a slice is down when its error rate exceeds it
	AtThreshold     bool            `json:"atThreshold,omitempty"`  // a slice exactly at Threshold is down too ("5% or more")
	MinimumRequests int64           `json:"minimumRequests"`        // fewer requests: the slice is BelowMinimum
	BelowMinimum    string          `json:"belowMinimum,omitempty"` // Slice* constant; "": up
	NoTraffic       string          `json:"noTraffic,omitempty"`    // Slice* constant; "": up (0% errors)
	Formula         string          `json:"formula"`                // Formula* constant
}

// What an error-rate slice is that its rate does not judge (no requests,
// or fewer than the minimum).
const (
	SliceUp       = "up"       // up, with an error rate of 0% (Azure storage: an hour with no transactions)
	SliceExcluded = "excluded" // removed from the period, like an exclusion
)

// Volume aggregates.
const (
	AggregateCount = "count"
	AggregateSum   = "sum" // of the events' decimal values
)

// Volume counts (or sums the values of) the events matching Events in each
// period. With TargetBy on the objective, each value of that attribute is a
// segment with its own target.
type Volume struct {
	Events    []Condition `json:"events"`
	Aggregate string      `json:"aggregate"` // Aggregate* constant
}

// Ratio is the percentage of subjects that met the target of the clock or
// deadline objective Of. Subjects still running and not yet breached are not
// counted; fewer than MinimumCount counted subjects leave the period not
// assessed. With the objective's TargetBy and Targets it is judged per
// value of that subject attribute, each against its own atLeast (see
// doc.go, Compliance by an attribute).
type Ratio struct {
	Of           string `json:"of"` // objective ID
	MinimumCount int    `json:"minimumCount,omitempty"`
}

// Percentile is the nearest-rank Rank percentile of the durations of the
// clock objective Of, or of the values of the events matching Values.
// Exactly one of Of and Values is set.
type Percentile struct {
	Rank   decimal.Decimal `json:"rank"` // 0 < Rank ≤ 100, e.g. "95"
	Of     string          `json:"of,omitempty"`
	Values []Condition     `json:"values,omitempty"`
}

// Deadline requires an event matching Done within the target after an
// anchor: after each period's end (a monthly report within 10 business
// days), or after an event matching Anchor.Events, for the same subject (an
// invoice paid within 30 days of issue).
type Deadline struct {
	Anchor Anchor      `json:"after"`
	Done   []Condition `json:"done"`
}

// Anchor is where a deadline's time starts: exactly one of PeriodEnd (a
// Period* constant other than rolling) and Events.
type Anchor struct {
	PeriodEnd string      `json:"periodEnd,omitempty"`
	Events    []Condition `json:"events,omitempty"`
}
