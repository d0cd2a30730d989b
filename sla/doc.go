// Package sla holds a service level agreement as data — parties, services,
// objectives, obligations, exclusions, terms and amendments — with its
// strict JSON form and validation, and the evaluator that turns a stream of
// events into a compliance report.
//
// # The agreement
//
// An [Agreement] names its parties (provider, customer, or internal teams
// such as sales, marketing and customer service, each owing something to
// another), its [Term] (effective from / to, renewal, termination for cause
// and without cause), its document owner and review interval, and a series
// of [Version]s. A version holds the content in force from its
// EffectiveFrom: named calendars ([calendar.Spec]), [Service]s with their
// hours, location, standard, inclusions and [Pricing], [Objective]s,
// [Obligation]s, [Exclusion]s, agreement-wide caps, an at-risk pool, chronic
// failure rules and claim rules.
//
// # Objectives and obligations
//
// An objective is a metric ([Metric]: clock, availability, volume, ratio,
// percentile or deadline) over the subjects in its [Scope], measured on a
// calendar (the objective's, else its service's hours, else 24×7), judged
// against a [Target], owed by an obligor to a beneficiary, with
// [PenaltyRule]s. Obligations of every party — the customer's included, such
// as paying within 30 days or answering a request for information within two
// business days — are objectives too, so they are measured, not just listed.
// An [Obligation] states a responsibility in words and names the objectives
// that measure it.
//
// # Targets and units
//
// A time target is an ISO 8601 period with an explicit unit, so that
// {"within": "P3D", "unit": "businessDays"} (three business days of the
// calendar) and {"within": "PT27H", "unit": "business"} (27 hours of open
// time) are distinct, and {"within": "P30D", "unit": "wall"} is thirty
// calendar days in the agreement's zone. Months and years added to a date
// keep its day of the month or, when the target month is shorter, take its
// last day (calendar.AddMonths), as contracts read them: {"within": "P1M",
// "unit": "wall"} from 31 January ends on 28 February, six months after 31
// December is 30 June, one year after 29 February is 28 February. The same
// rule moves review dates, notice periods and rolling windows. A target is
// met iff the measured time is ≤ the target. Level targets (atLeast / atMost) are decimal strings:
// percentages 0–100 for availability and ratio, counts or sums for volumes.
//
// Deadline objectives may also be due at an instant rather than after an
// amount of time: {"within": "P10D", "unit": "businessDaysEnd"} is the end
// of the tenth business day after the anchor (calendar.BusinessDaysEnd;
// P0D, or no within, is the end of the business day in progress). Business
// days are counted as contracts count them: day 1 is the first business day
// that begins at or after the anchor — the next one for a ticket opened
// during business hours, the same day for one opened before the opening,
// the next business day for one opened on a weekend or holiday — and
// "businessDays" starts counting on the same day 1. A period-end anchor is
// the first instant of the next period, so its day 1 is the first business
// day of the next month: for April 2026 on an England calendar, "P10D" ends
// on Fri 15 May (Fri 1 May is day 1, the Mon 4 May bank holiday is
// skipped). {"by": "dayAt 1 16:00"} is a relative deadline
// (calendar.Deadline: "dayAt 1 16:00" the next business day at 16:00,
// counted from the anchor's date as the words say, "dayEnd N" as
// businessDaysEnd N, "monthDayEnd 5" the end of the fifth business day of
// the next month), resolved against each anchor on the objective's calendar. A
// period-end anchor is the first instant of the next period, so there
// "monthDayEnd 5" is the fifth business day of the month after that one;
// "by the end of the fifth business day after month end" is
// {"within": "P5D", "unit": "businessDaysEnd"}. Deadline objectives have no
// pauses, so nothing moves these instants. Clocks measure elapsed time and
// take neither form. An anchor for which a relative deadline has no answer
// ("dayAt 0" on a day that is not a business day, a month with fewer
// business days than "monthDayEnd N" asks for) is reported due at
// 9999-12-31T23:59:59Z and never missed.
//
// A deadline's lateness is measured in its target's unit, by one rule
// shared with clocks (metric.JudgeDue): for targets counted on the
// calendar (business, businessDays, businessDaysEnd, by) it is the open
// time from the due instant to the completion, so a completion in closed
// hours right after the due instant, before the next opening, is met, as a
// clock stopped there is; for wall targets it is wall time. A breached item
// reports both (Late in wall time from the due instant, LateBusiness in
// open time), and a perUnitLate penalty charges the one in the target's
// unit, as it does for clocks (elapsed − target).
//
// {"within": "P2D", "unit": "wallNextOpen"} (deadline objectives only) is
// a wall-time target whose due instant, when it falls in closed hours of
// the objective's calendar, moves to the calendar's next opening
// (ServiceNow's "breach on due date" on a schedule): two days after Mon
// 20:30 on a Mon-Fri 08:00-16:00 calendar is due Thu 08:00, not Wed 20:30.
// Lateness after it is wall time.
//
// {"dueFrom": "dueAt"} (deadline objectives anchored at events only) takes
// each obligation's due instant from the anchor event's "dueAt" attribute,
// an RFC 3339 instant, for contracts that agree a date per ticket. The
// obligation is anchored and due at that instant (so it is reported in the
// period in which it falls due) and judged in wall time; an anchor event
// whose attribute is missing or malformed is rejected with
// ErrBadAttribute.
//
// A volume objective's target is its total: with targetBy and targets it
// also judges each segment, and its period is met when the total and every
// segment meet theirs ("at least 50 qualified leads, 20 of level A and 30 of
// level B").
//
// # Compliance by an attribute
//
// A ratio objective with targetBy and targets is split by that subject
// attribute: "98% of priority 1 incidents per quarter within 30 minutes,
// 90% of priority 2 within 1 hour" is one ratio over the one response
// clock, {"targetBy": "priority", "targets": [{"when": "P1", "target":
// {"atLeast": "98"}}, {"when": "P2", "target": {"atLeast": "90"}}]}. Each
// listed value judges the items of the clock (or deadline) whose
// subject's latest value it is, as a scope test reads it, so the row for
// P1 is exactly the ratio over a copy of the clock scoped to priority ==
// P1; subjects with another value, or none, are in no row, and a target
// beside targets is refused. Each value is a period row of its own, with
// By (the attribute) and Segment (the value), and an outcome of its own
// named "objective[value]": a penalty rule applies to every value on its
// own, as the rule "rule[value]" with its own caps, or, with "when", to
// that value only, under its own name; a step rule counts from that
// value's target, and earn-back follows that value. Pools and chronic
// clauses see the objective as a whole (a clause on reached caps is
// refused, as the caps are reached per value): missed in a period when a
// value is missed, excused when none is and one is excused, at its
// values' lowest attainment and with their breaches added up. The items of one objective are split by one attribute, into
// at most 255 values, whichever ratios split them; a retired subject
// keeps its value (RetiredVerdict.Segment).
//
// # Exclusions and excuses
//
// Failures whose cause matches one of an objective's exclusions (announced
// maintenance, customer-caused, force majeure) are removed from the
// measurement and reported as excluded. For availability the exclusion
// comes first: a minimum downtime ("minimumDowntime": "PT10M") applies to
// the consecutive downtime that remains after exclusions, whether they are
// stated as a downtime's cause, a maintenance announcement's span or a
// maintenance cause with its "announced" attribute, so a 12-minute outage
// whose first 5 minutes are excluded does not count under a 10-minute
// minimum in any of the three forms. A breach of an objective is excused,
// and carries no penalty, when for the same subject (or, for periodic
// objectives, in the same period) an objective listed in its ExcusedBy was
// breached first; those must be owed by another party — the provider is not
// penalised when the customer did not provide timely information.
//
// # Amendments and review
//
// Each version is in force from its EffectiveFrom until its EffectiveTo, or
// the next version's EffectiveFrom, or the end of the term
// ([Agreement.VersionSpan], [Agreement.InForce]); versions must not overlap
// and the earliest must start with the term. [Agreement.NextReviewDue] and
// [Agreement.ReviewOverdue] answer when the document owner is next due to
// review it. [Agreement.EarliestTerminationWithoutCause] answers when a
// termination without cause, noticed at a given instant, takes effect.
//
// # JSON
//
// [Decode] and [Encode] convert to and from the documented JSON form; the
// field names are the json tags of the types in this package, and
// schema.json ([Schema]) is a JSON Schema (draft 2020-12) of the same form for
// editors. Decoding is strict: unknown fields, trailing data, numbers where
// decimal strings are expected and malformed instants, dates or periods are
// all rejected, each with its JSON path. So are a key given twice in one
// object (ErrDuplicate; encoding/json would keep the last, so a calendar
// named twice would silently replace the first) and a date that does not
// exist (ErrType: "2026-02-30" and "2026-02-29" as holidays, special days
// or the last review are errors, not 2 and 1 March), wherever dates are
// read: the agreement's own JSON, a calendar.Spec's JSON form
// (calendar.Spec.UnmarshalJSON) and an event's JSON (keys given twice are
// ErrType there). Instants are RFC 3339 and refuse such dates too.
// Validation ([Agreement.Validate])
// then reports every problem at once, joined with errors.Join, each an
// [*Error] carrying its path (versions[0].objectives[2].target), a sentinel
// for errors.Is and a sentence a contract manager can act on.
//
// [Agreement.Check] is separate from validation: it returns
// [CheckWarning]s about what a valid agreement shows can never match or is
// unused (a calendar, service or exclusion nothing refers to, attribute
// tests that contradict each other, targets the scope excludes, a scope a
// ratio ignores, a subject type nothing can start).
//
// # The JSON form at a glance
//
//	{
//	  "id", "title", "zone", "currency", "rounding",
//	  "documentOwner": {"party", "person"},
//	  "review": {"every": "P6M", "lastReviewed": "2026-01-05"},
//	  "parties": [{"id", "name", "role": "provider|customer|internal", "department", "contacts": [{"name", "title", "email"}]}],
//	  "term": {"effectiveFrom", "effectiveTo",
//	           "renewal": {"every", "notice", "automatic"},
//	           "terminationForCause": {"by", "chronicFailures", "curePeriod", "notice"},
//	           "terminationWithoutCause": {"by", "notice", "atEndOf"}},
//	  "versions": [{
//	    "version", "effectiveFrom", "effectiveTo", "approvedBy", "changes",
//	    "calendars": {"name": {"hours", "zone", "holidays", "holidaySets", "special", "union", "intersection"}},
//	    "services": [{"id", "name", "provider", "hours", "location", "standard", "includes", "excludes",
//	                  "pricing": {"model", "amount", "per": "month|year (flat only)", "unit", "tiers": [{"upTo", "price"}]}}],
//	    "objectives": [{"id", "name", "obligor", "beneficiary", "responsible", "recipient", "service", "calendar",
//	                    "scope": {"subject", "where": [{"attr", "op", "values"}]},
//	                    "metric": {"kind": "clock|availability|volume|ratio|percentile|deadline", "<kind>": {...}},
//	                    "availability": {"source", "down", "up", "downtime", "causeAttribute", "minimumDowntime",
//	                                     "errorRate": {"requests", "goodAttribute" or "failedAttribute", "totalAttribute", "slice": "PT1M",
//	                                                   "threshold": "5", "atThreshold", "minimumRequests", "belowMinimum": "up|excluded",
//	                                                   "noTraffic": "up|excluded", "formula": "downSlices|averageErrorRate"}},
//	                    "target": {"within": "PT24H", "unit": "business|businessDays|businessDaysEnd|wall|wallNextOpen"} or {"by": "dayAt 1 16:00"} or {"dueFrom": "dueAt"} or {"atLeast": "99.9"},
//	                    "targetBy": "priority", "targets": [{"when": "urgent", "target": {...}}] (clocks, volumes, ratios),
//	                    "period": {"kind": "week|month|quarter|year"} or {"kind": "rolling", "length": "P3M", "every": "month"}, "exclusions", "excusedBy",
//	                    "penalties": [{"id", "kind", "base", "tiers", "amount", "step", "per", "unit", "count", "bonus", "earnBack", "when", "caps": [{"id", "over", ...}]}]}],
//	    "obligations": [{"id", "party", "beneficiary", "description", "measuredBy"}],
//	    "exclusions": [{"id", "kind", "causes", "party", "notice", "window", "events"}],
//	    "caps": [{"id", "over": "period|rolling|quarter|contractYear|total", "periods", "limit": {"percentOfCharge"} or {"fixed"}}],
//	    "atRisk": {"base", "percentOfInvoice", "poolAllocation", "weights": [{"objective", "percent"}]},
//	    "chronicFailures": [{"id", "objective", "missed", "ofAnyConsecutive", "countBreaches", "credit", "base", "basis": "contractYear", "capReached"}],
//	    "claims": {"minimum" or "moreThan", "within"}
//	  }],
//	  "history": [{"month": "2025-12", "charges": {"service": "10000.00"}, "credits": {"rule": "250.00"}, "missed", "breaches", "capsReached"}]
//	}
//
// testdata/agreements holds complete examples: a support desk, a SaaS uptime
// agreement with credits, an internal sales / marketing / customer service
// agreement, and relative-deadlines.json with businessDaysEnd targets,
// relative deadlines, named caps and a volume total with segments, and
// error-rate.json with availability by 5-minute error rates (see
// Availability by error rate), and
// billing-terms.json with a price per year, caps per calendar quarter and
// per contract year and a persistent-failure credit of the contract year's
// fees, rolling-credits.json with credits on availability over the
// rolling two months ending with each month (see Penalties on rolling
// periods), and priority-compliance.json with a response-time compliance
// per priority each quarter (see Compliance by an attribute). A
// contract year runs from the term's effectiveFrom to its
// anniversary (29 February → 28 February). A cap's
// optional id names it in reports (penalty bites say "monthly-cap" rather
// than "rules[0].caps[1]").
//
// # From definitions to metric and penalty values
//
// The agreement's types are plain JSON-friendly definitions; the evaluator
// compiles them into metric and penalty values. Condition and AttrTest map
// onto metric.Condition and metric.AttrTest (string operators onto metric.Op);
// Clock presets onto metric's preset constructors; [Target.Span] gives the
// calendar.Span of a time target; PenaltyRule, Cap, AtRisk, ChronicRule,
// Claims and Pricing onto penalty.Rule, penalty.Cap, penalty.Pool,
// penalty.Chronic, penalty.Claim and penalty.Charge, with the agreement's
// currency and rounding. Each type's comment states its mapping.
//
// # The evaluator
//
// [Compile] compiles an agreement once into an immutable [Compiled] that
// any number of evaluators share, safely across goroutines (one evaluator
// per tenant costs about 0.7 KiB before its first event);
// [NewEvaluator] compiles every version of an agreement into metric and
// penalty values and rejects, with *Error values wrapping [ErrUnsupported]
// and the validation sentinels, whatever it cannot evaluate (error-rate
// availability over rolling periods or service hours, penalties on
// rolling periods assessed other than every month, a weekly objective
// that a penalty, at-risk weight or chronic clause reads (the credit
// schedule takes one outcome per objective and credit month; a weekly
// objective nothing there reads is reported and costs nothing), targets
// by attribute on objectives other than clocks, volumes and ratios,
// prices per period other than a month or, for flat prices, a year, and
// the fields listed under Limits).
// [Evaluator.Apply] takes one [Event] at a time, [Evaluator.ApplyAll]
// an iterator of them and [Evaluator.ApplyBatch] a slice (faster when the
// slice is not in cache: it reads ahead), both handing back each rejected
// event as a [Rejection] (its position and typed error); [Evaluator.Report] answers as of
// any instant; [Evaluator.NextChange] says when to ask again; [Evaluate] is
// the batch form and gives the same report as streaming.
//
// A report speaks the agreement's dialect: in Go its durations are
// time.Duration, in JSON ISO 8601 durations ("PT143H"); its states,
// phases, verdicts and obligation statuses are the State*, Phase*,
// Verdict* and Obligation* constants; [ReportSchema] is a JSON Schema of
// its JSON form, beside the agreement's [Schema]. [Report.Subject] and
// [SubjectReport.Objective] find one subject's objective. A breach that
// carries no penalty says why: the earlier miss that excused it
// (Cycle.ExcusedBy, DeadlineItem.ExcusedBy) or the exclusions that
// excluded it (ExcludedBy); an availability period lists the downtime
// spans behind its totals (counted, short, excluded with their reason,
// announced too late). For many subjects, [Evaluator.Summary] is the
// report without its subjects (periods, obligations, credits,
// terminations, accounting), and [Evaluator.SubjectReports] yields the
// subjects one at a time.
//
// # Reports at scale
//
// From the first Report or Summary on (or SetFeed), the evaluator keeps
// counters of the clock cycles and obligations of its settled subjects —
// those with no clock running, no obligation open and no availability,
// whose items are the same as of every instant from their last event on —
// by objective and period, and by objective and version for obligations.
// A subject is counted when it settles and taken out when it changes (an
// event, a Restore or Merge over it, Forget, Retire, Recompute). A
// summary then judges only the subjects still open (retired verdicts are
// counted too), so its cost follows the open subjects, not all of them:
// about 5 ms at a million tickets (BenchmarkSummary1M) against about 6 s
// for a walk; a Report skips the item lists of the settled subjects the
// same way. Keeping the counters makes applying an event about twice as
// dear (BenchmarkReplayCounters: a ticket is judged once when it settles
// and once when it reopens), which is why they wait for a first summary. The counters stand
// for the subjects as of any instant at or after the latest last event of
// a subject counted; a report as of an earlier instant, and every report
// of an agreement where a rolling period reads clock or deadline items
// (a ratio or percentile over a rolling window), walks every subject as
// before. Either way the report is the same (TestSummaryCountersProperty
// compares them on random streams with versions, excuses, exclusions,
// retiring, restoring, merging and recomputing).
//
// Report lists the subjects by type and ID. From the first Report (or
// range over SubjectReports) on, the evaluator keeps that order, a
// pointer per subject, and a later report sorts only the subjects that
// arrived since and merges them in; a Forget, Retire, Restore or a move
// to another version drops it, and the next report sorts anew. What a
// Report allocates is then the values it returns (about 1.4 KiB per
// ticket with four objectives, BenchmarkReport1M); SubjectReports hands
// them over one subject at a time.
//
// An event names its subject by type and ID (SubjectType "ticket", Subject
// "T-1"); objectives take the subjects of their Scope.Subject type. Its JSON
// form, for JSON Lines input, is
//
//	{"id", "subjectType", "subject", "kind", "at", "attrs": {"key": "value"}, "value": "12.5"}
//
// [DecodeEvents] reads such lines from an io.Reader. Fields the form does
// not define are ignored (a newer producer does not break an older
// consumer); a field given twice, an instant that is not RFC 3339 or a
// value that is not a decimal string is an [*EventDecodeError] naming the
// line and the field.
//
// What the metrics read from events: clocks use the metric package's preset
// vocabulary or the agreement's own conditions; availability takes down/up
// events, or outage events with "start" and "end" attributes (RFC 3339);
// maintenance is announced by events with "start" and "end" (the event's
// instant is the announcement) or by an "announced" attribute on the
// downtime itself; volumes and percentiles of values take event values;
// [KindUsage] events give each service's units (or invoiced amount) for a
// month.
//
// # Availability by error rate
//
// An availability objective with an errorRate judges time slices by the
// error rate of their requests, as public cloud SLAs do (Atlassian,
// Google Cloud, Amazon S3, Azure storage). A request-count event matches
// the errorRate's requests conditions, names the service as its subject
// (in the objective's scope) and carries three attributes: "slice", the
// slice's first instant (RFC 3339; slices are cut from the start of each
// period of the objective, in the agreement's zone), the total request
// count in the totalAttribute, and the good count in the goodAttribute or
// the failed count in the failedAttribute, as whole numbers:
//
//	{"id": "m-2026-06-01T10:05", "subjectType": "service", "subject": "api", "kind": "requests",
//	 "at": "2026-06-01T10:10:00Z", "attrs": {"slice": "2026-06-01T10:05:00Z", "total": "1200", "failed": "7"}}
//
// Several events for one slice (from shards or servers) add up; a batch is
// one event per slice. An event whose slice is not a slice boundary,
// begins after the event, or runs past its period's end, whose counts are
// missing, negative, larger than [MaxSliceRequests], add up beyond it, or
// has more failed (or good) requests than its total, is rejected with
// [ErrBadAttribute]; an event whose ID the objective already holds is a
// duplicate ([ErrDuplicateEvent]), also across merged partials.
//
// A slice is down when it has at least minimumRequests requests and its
// error rate exceeds the threshold ("more than 5%"), or reaches it with
// atThreshold. A slice with fewer requests is up (0%) or excluded, as
// belowMinimum says; one with no requests is up with a 0% error rate
// (Azure storage: "if the total number of transactions in a given one-hour
// interval is zero, the Error Rate for that interval is 0%") or excluded,
// as noTraffic says. Exclusions remove whole slices: a request count whose
// cause attribute is an excluded cause (customer-caused), and maintenance
// announced by events with "start" and "end" or by an "announced"
// attribute, under the same notice and window rules as interval
// availability; a slice that overlaps an applied exclusion is excluded.
// minimumDowntime then counts only runs of consecutive down slices at
// least that long (Google Cloud: "a period of ten consecutive minutes of
// Downtime"), by the rule that interval availability uses, so an excluded
// slice ends a run. The formula downSlices gives the share of the
// remaining slices that are not counted downtime (Atlassian, Google
// Cloud); averageErrorRate 100% minus the average error rate of the
// remaining slices (Amazon S3, Azure storage). The attainment, verdict,
// tiers and credits are then those of any availability objective; the
// period report gives service, downtime and excluded time in whole slices.
// Slices are counted per period: a run of down slices across a period's
// start is judged in each period by its part there. A count belongs to the
// period report that covers its slice, under the version in force at that
// period's start, whichever version was in force when it was sent (a late
// count for the last minute of June, sent in July under a new version,
// counts in June). Error-rate objectives
// keep no per-subject state: their records (one per event) are period
// aggregates, carried by [Partial] as [ErrorRatePart]s.
//
// Semantics the evaluator fixes:
//   - A subject with clocks or deadlines (a ticket, an invoice) is evaluated
//     under the version in force at its first event, and keeps it: a ticket
//     keeps the terms it was opened under. A subject measured only by
//     availability (a service) follows the version in force: at its first
//     event under a new version its state so far stays with the old version
//     (an open downtime is split at the new version's start) and a fresh
//     state continues. A period is evaluated under the version in force at
//     its start, once (a period-end deadline's too), or, when that version
//     has no objective of its ID, under the version that introduces it;
//     the report names the version of every subject, period and penalty
//     period. An availability period reads each state of a service
//     over the part of the period that state covers, so downtime counts in
//     the period that covers it whichever version's state holds it: a
//     month that straddles an amendment counts the outage after it, and a
//     service that sent no event since an amendment counts in the new
//     version's periods (down, if its downtime is still open); a downtime
//     that an amendment split is one run for the minimum downtime. Likewise
//     the events of volume and percentile objectives count in the period
//     that covers them whichever version was in force when they came,
//     provided the two versions' objectives of that ID bucket events alike
//     (the same calendar period, or both rolling); events recorded under
//     an objective of another period kind count only in its own periods.
//   - Service is owed within the term only: an availability period
//     (events, intervals or error rates) that the term starts or ends in
//     is measured over its part within the term. The period report keeps
//     the calendar period as its Period; its Service says how much of it
//     was measured (a downtime still open when the term ends stops
//     counting there, as its up event would be rejected).
//   - Scope tests on per-subject objectives use the subject's latest value
//     of each attribute; on event-level objectives (volumes, percentiles of
//     values, period-end deadlines) the event's attributes.
//   - Clock cycles and event-anchored obligations count in the period of
//     their start (anchor); clocks and deadlines without a period are
//     reported per calendar month.
//   - A period-end deadline's deliverable belongs to the period it covers.
//     A done event may name that period with the "period" attribute
//     ([AttrPeriod]), in the agreement's zone and in the form of the
//     objective's period: "2026-02-14", "2026-W07" (ISO week), "2026-02",
//     "2026-Q1", "2026"; another form, or a date that does not exist, is
//     rejected with ErrBadAttribute. A named period is done by the earliest
//     event naming it, whenever that is. A done event naming no period
//     covers the latest period that has ended by its instant and is not yet
//     done (named events are placed first, then unnamed ones in time
//     order); one that finds none covers nothing. So a month whose report
//     never came stays missed, a late one is late, an on-time one is met,
//     and nothing cascades into later months. Unnamed events cannot tell a
//     late report for an older month from an on-time one for the latest
//     month: name the period when reports can be late.
//   - A subject out of an objective's scope (its attributes fail the
//     scope's tests: a normal ticket for an urgent-only objective) has no
//     clock or obligation for it: the report shows it notStarted with
//     InScope false, never breached, and NextChange schedules nothing for
//     it. The evaluator still follows its events, so a later event that
//     brings it into scope (the ticket raised to urgent) shows the clock as
//     if it had run from its start, as a changed target does.
//   - Timers: NextChange returns the instants at which the report changes
//     without an event, each once, at the change itself. A clock or
//     deadline is met at its due instant and breached from the first
//     instant after it (Due plus one nanosecond of the calendar's time), so
//     NextChange returns that instant, not Due; the report's BreachAt
//     (clocks) and Due (deadlines) stay the instant the target was reached.
//     A period's end is two changes: at End it becomes final, and the next
//     period, which reports list once it has begun before their instant,
//     appears one nanosecond later. Quantities that grow with the report's
//     instant (elapsed time, lateness and the credits per unit late of a
//     breach still running, rolling windows) are not scheduled.
//   - A deadline objective holds one obligation at a time per subject: an
//     anchor while one is open is applied but starts nothing.
//   - A breach is excluded when the subject carried a "cause" attribute
//     listed by one of the objective's exclusions, and excused when an
//     objective in ExcusedBy was missed for the same subject no later than
//     the breach (for periodic objectives: in an overlapping period). Both
//     are reported and carry no penalty.
//   - Credits are computed per calendar month of the agreement's zone (the
//     pricing period), each month once, under the version in force at its
//     start (the term's first month under the first version, when the
//     term starts within it); an objective's outcome counts in the month
//     in which its period ends (a rolling window's: the month it is
//     assessed at the end of; see Penalties on rolling periods), priced by
//     that month's version whichever version judged the period. Only periods that have
//     ended by the report's instant carry credits; running periods are
//     reported with Final false. Settled
//     months of earlier versions feed rolling and total caps and chronic
//     clauses of later ones, and so do the months settled before the first
//     version (Agreement.History, repeated in Report.History).
//
// # Penalties on rolling periods
//
// A rolling period is the window of its length ending at the report's
// instant, never final. With "every" it is also assessed at the end of
// each calendar period of that kind: {"kind": "rolling", "length": "P3M",
// "every": "month"} is "availability over the rolling three months ending
// with each month". The assessment at a boundary is the window of the
// length ending there, started no earlier than the term (so the first
// windows of a term are shorter: "if there is no data available for the
// previous month the current month data will be used", as the TELUS IVR
// agreement says of its two-month average), and judged under the version
// in force at that boundary, over the data of every version before it. It
// is reported as a final period from the boundary on, beside the window
// still running (listed only under the version in force at the report's
// instant), and judged like any period of the objective; NextChange
// returns each boundary and the nanosecond after it, as it does a
// calendar period's end.
//
// Penalties need assessments ("every" is then required, and must be
// "month", since credits are computed per calendar month): each
// assessment's outcome counts once, in the credit month that ends at its
// boundary, against that month's charge (a flat price per year: a twelfth
// of it), and that month's rule, pool and version caps bound it as usual;
// chronic clauses and earn-back count assessments as they count periods.
// One outage lowers every window that contains it, as "any rolling three
// months" says, so it can cost a credit in each of them: a rolling cap
// over as many months as the window bounds what one shortfall can cost.
// Weekly, quarterly and yearly assessments are fine without penalties;
// with them NewEvaluator refuses them (ErrUnsupported at period.every),
// as a week can end twice in a month and a quarter's window has no
// month's fees to be a share of.
//
// # Change feed
//
// A host that notifies people (a breach, a warning, a met target) reads
// the evaluator's changes instead of diffing reports. [Evaluator.SetFeed]
// sets, once, a function that receives each [Change]: a plain value
// naming the subject (type and ID), the objective, the subject's version,
// the instant, a kind (ChangeClockStarted, ChangeClockPaused,
// ChangeClockResumed, ChangeClockMet, ChangeClockStopped,
// ChangeClockBreached, ChangeWarning, ChangeTarget, ChangeObligationDue,
// ChangeObligationMet, ChangeObligationMissed, ChangeScope, and for a
// service's availability ChangeDown and ChangeUp) and the objective's
// visible state before and after ([ItemState]: in scope, state, phase,
// cycle or obligation number, warnings reached, due instant). Three more
// kinds name no subject: ChangePeriodClosed (an objective's period ended:
// the period, its verdict and attainment), ChangeCredit (a credit
// period's credit changed: before and after, as decimals) and
// ChangeTermination (a termination right arose). Changes come from two
// places, both in order:
//   - applying an event (Apply, ApplyAll, ApplyBatch): the objectives of
//     its subject whose state it changed, in agreement order (its
//     downtimes after its clocks and obligations), judged as of the
//     event's instant;
//   - time passing: [Evaluator.Advance] moves the evaluator's notion of now
//     to an instant without an event and hands over what became visible
//     since — clocks breached, warnings reached, obligations missed,
//     periods ended — each at its own instant (those NextChange returns),
//     by instant, then subject type, ID and objective; at a period's end,
//     after the subjects' changes of that instant, the periods that end
//     there (by version, objective), then the credits and termination
//     rights that changed. An event also advances now to its instant
//     first, so a host that never calls Advance still receives every
//     change, late, at its next event. [Evaluator.Now] returns now; the
//     Aggregates record carries it and RestoreAggregates restores it, so
//     an evaluator restored from its saved state and given a feed hands
//     over nothing it handed over before the save.
//
// The feed agrees with Report: the changes of subjects at an instant are
// exactly the differences, in these states, between the report as of
// that instant and the report before it, and the periods closed at an
// instant are the report's periods final as of it that end there, with
// its verdicts (TestPropFeedMatchesReports checks both on random
// streams); a host that advances to each NextChange answer finds every
// timer change there, at the instant the report first shows it (a clock
// or deadline is breached from one nanosecond of the target's unit after
// Due; see Timers above). Period verdicts are Summary's as of the
// period's end, read from its counters (see Reports at scale): an event
// that arrives later and changes a closed period (a ticket of the period
// breached afterwards) changes the next Report, and the credit it moves
// is fed at the next period end, not at the event. Credits and
// termination rights are compared at each period end with those of the
// previous one (or, for the first, with those when the feed was set). A
// downtime's Excluded says that the objective excludes its cause; a
// downtime given as a span in one event, and the periods that ended
// before the evaluator's first event or Advance, make no change; a
// period-end deadline's period closes at its end only when its
// deliverable is judged by then; a rolling period with every closes at
// each boundary of that grid (its assessment), one without never does.
// Restore, Merge, Forget, Retire and Recompute hand over no changes (the
// host made them).
//
// One sink set once, rather than a callback argument on each method,
// serves the batch forms and Advance alike. A feed nobody reads costs
// nothing: with none set (the default) the evaluator builds no Change
// and allocates nothing for one; Advance then only moves now. The feed
// function must not call the evaluator's methods that change it.
//
// Timers. NextChange answers from an index of the pending instants of
// every subject's clocks and obligations (internal/timerq, an ordered
// set), so it costs O(log n) in the subjects held (about 1 µs at a
// million open tickets, BenchmarkNextChange1M) instead of a walk over all
// of them; the period, version and review instants are computed on each
// call, as they do not grow with subjects. The index follows restores,
// merges, Forget and Retire at once, and the subjects events changed in
// groups: each changed subject is noted with the state the index knows,
// and its instants are taken once 4,096 wait or when NextChange or Advance
// (with a feed) next needs them, so the events of one ticket between two
// calls cost one re-index. The index holds one entry per pending instant
// (a clock's warnings and breach, an obligation's missed instant): about
// 40 bytes each.
//
// # Bad input
//
// Every event is applied (it changed, or could have changed, some
// objective's state), ignored (it matched nothing), a duplicate, or
// rejected with an [*EventError] wrapping one of ErrDuplicateEvent,
// ErrOutOfOrder, ErrUnknownType (a subject type no objective is scoped to,
// when every objective is scoped), ErrUnknownSubject (no subject type or
// ID), ErrBeforeStart, ErrAfterEnd, ErrNotInForce, ErrBadAttribute,
// ErrRange (a value outside the limits below), ErrMissingID, ErrRetired
// (an event of a subject the host retired), ErrIDsReleased (see below);
// [Report].Input counts them all: applied, ignored by subject type and
// kind, duplicates, rejected by reason.
//
// An event is ignored, and Apply returns nil for it, when its kind and
// attribute keys are none that the objectives of its subject test (a typo
// such as "ticket.comented"), when it is the first event of a subject and
// starts nothing (a comment on a ticket never created: not an error, and
// its attributes are not kept), when its subject type is one no objective
// uses while some objective is unscoped, when it matches no condition of
// a volume, percentile or period-end deadline objective, or when it is a
// usage event of a service without a price. Ignored events change
// nothing and their IDs are not kept: a re-send is ignored again.
//
// Event values (usage, summed volumes, percentiles of values) have at most
// ValueDigits (15) digits before the decimal point and ValuePlaces (9)
// after it, trailing zeros aside; a usage value must also give a charge
// under its service's pricing (not negative; within the last band of a
// graduated or volume price whose last band is closed). Outside these,
// Apply rejects the event with ErrRange, so "1e30" or
// "0.000000000000000000000000000001" never reaches the credit computation.
//
// Event instants lie from 1678 to 2261 (from 1678-01-01 to 2262-01-01 UTC,
// where an instant is exact as int64 Unix nanoseconds, the form in which a
// subject's state holds it); Apply rejects others with ErrRange, and an
// agreed due instant outside them with ErrBadAttribute. A subject's
// clocks and obligations keep their instants without the zone the events
// gave them in, so what is reported from them (a cycle's start and end,
// an obligation's anchor and done instant, a snapshot's instants, and a
// due instant computed from one without a calendar's zone) is in UTC:
// the same instants as the events', to be compared with time.Time.Equal.
//
// # What slaeval guarantees
//
// Rejected: every event the evaluator cannot apply exactly, with a typed
// reason (above), before anything changes; an event is never half
// applied. Restoring or merging state that does not fit the agreement is
// an error (ErrMismatch). No exported function or method panics, on any
// input, the zero Evaluator and a nil *Evaluator included (they answer
// ErrNotBuilt, or an empty report whose Errors say so).
//
// Counted: every event handed to Apply, ApplyAll or ApplyBatch is counted
// once in [Report].Input — applied, ignored (by subject type and kind,
// at most MaxIgnoredKinds pairs listed, the rest in IgnoredOther),
// duplicate, or rejected by reason — so Input.Total() is the number of
// events handed in. A computation a report cannot complete (a month's
// credits, a period's measure) is listed in [Report].Errors with its path
// ("penalties[v2 2026-03]", "periods[uptime 2026-03-01]") and leaves out
// only what it would have contributed: the other months keep their
// credits, the period is reported not assessed.
//
// Exactly once: every event that changes state is de-duplicated by its ID,
// which is unique per subject. A subject with clocks, deadlines or
// availability remembers the 64-bit hash of its applied events' IDs
// while the evaluator holds it: 8 bytes per event beyond the first four
// (16 in a half-full table), for at least its last Options.SubjectIDs
// events (2,048 by default) and at most twice as many; an event dated at
// or before the newest instant whose IDs it dropped is rejected with
// ErrIDsReleased (counted, never applied twice: see Long-lived subjects);
// the hashes travel with the subject's snapshot and go with Forget and
// Retire. Every
// ID is hashed with SipHash-1-3 under the evaluator's secret ID key, so
// crafted IDs can neither collide with real ones nor crowd a table. The
// events with no such subject — volume, percentile, period-end deadline
// done and usage events — are remembered by the evaluator, by the month
// of their instant: at most MaxEventIDs (1,048,576) hashes in all, 8 to
// 16 bytes each in memory (16 MiB at most) and 8 in a [Partial]. The
// event that would go past the bound first releases the oldest month's
// IDs; from then on an event without per-subject state dated in or before
// a released month is rejected with ErrIDsReleased (counted, never
// silently applied). So is one dated in the oldest month held, or before
// it, while the bound is reached, as when one month alone has more such
// events than the bound: shard such a stream by subject (partials merge).
// These IDs travel in Partial.EventIDs. So a
// stream delivered at least once gives the report of the stream delivered
// once, with the re-sends counted as duplicates, within these bounds.
//
// # State, snapshots and partitions
//
// State grows with subjects, not events: a subject holds its clocks,
// current obligations and closed cycles (about 0.95 KiB for a ticket with
// three clocks and a deadline; a long-lived one keeps its last cycles in
// full and the rest as per-day counts: see Long-lived subjects). A closed subject that will not reopen (a
// ticket closed for good, an invoice paid) is retired with
// [Evaluator.Retire], or by a periodic [Evaluator.RetireClosed] sweep of
// the subjects closed since before a cut-off: its verdicts stay, at 72 bytes each, and count in
// every later report exactly as before, while its state goes, so memory
// follows the open subjects (a retired ticket costs about 200 bytes, its
// verdicts and a hash that rejects its later events with ErrRetired, and
// some 40 more for its key until the host's next MarkSaved: see
// Persisting as you go). A
// subject can also leave and come back whole: [Evaluator.Forget] after
// persisting its [Evaluator.Snapshot], [Evaluator.Restore] to bring it
// back (a forgotten subject is not in reports meanwhile). [Evaluator.Partial] is the whole
// state in a mergeable form: evaluators fed disjoint sets of subjects give
// partials that [Merge] combines into the evaluator a single one would have
// been (aggregates merge with the metric package's Merge; verdicts and
// credits are computed after merging), and Merge of one persisted partial
// restores an evaluator.
//
// Snapshots and partials refer to the agreement by position, and hold
// hashes and aggregates nothing in them can be checked against, so each
// carries what it belongs to, and Restore and Merge refuse anything else
// with an [*Error] wrapping [ErrMismatch] that says what differs and what
// to do:
//   - [FormatVersion], the format it was written in. Another format (0:
//     written before formats were numbered) is refused, never misread.
//   - The fingerprint of the compiled agreement ([Evaluator.Fingerprint]):
//     SHA-256 over a canonical form of everything that gives the state its
//     meaning (objective IDs and order, scopes, metrics, targets,
//     calendars, exclusions, penalties, prices, zone, currency, the term
//     and the versions with their spans); text for people (titles, names,
//     descriptions) is left out. The same agreement decoded again, or
//     through Encode and Decode, has the same fingerprint; an agreement
//     with two objectives swapped has another. A partial also carries an
//     outline (a short hash per objective), so its refusal names the
//     objective that differs.
//   - The ID key ([IDKey]) its event ID hashes were made with (see Bad
//     input).
//   - For a partial, its sources: the origins of the events it holds
//     ([Options].Origin, random by default). A partial that shares a
//     source with the evaluator it is merged into (merged before, the
//     evaluator's own, or overlapping one merged before) is refused
//     whatever it holds, volumes and usage included: nothing counts twice.
//
// Merges are exact or refused. Aggregates add exactly (volumes,
// distributions, done instants, usage, input counts); the state of one
// subject does not add, so a subject in two partials is refused, whether
// its events were split by time (inside a running downtime or not) or
// sent to two shards. Move a subject between evaluators with Snapshot and
// Restore, or hand a whole evaluator over with Partial and Merge: both
// continue exactly (a downtime open at the hand-over included).
//
// Every restored value is validated before any is used: ranges, signs,
// order and counts (a clock's phase and target slot, elapsed time between
// zero and the wall time of its span, instants in order and inside the
// agreement's term, sorted hashes and distributions, volumes that are the
// sum of their segments, period starts on the objective's grid,
// non-negative counts). An impossible value is an *Error wrapping
// [ErrCorrupt] whose Path is its JSON path (subjects[3].clocks[1].state.elapsed);
// a refused Restore or partial changes nothing.
//
// The ID key travels with the state: each evaluator hashes event IDs
// under its key, random unless [Options].IDKey gives one. An evaluator
// that has applied, restored and merged nothing, and whose key the host
// did not give, adopts the key of the first snapshot or partial it
// receives (so Restore after a restart just works); otherwise the keys
// must be equal. Evaluators made with [Evaluator.Empty] share their
// parent's key. A host whose evaluators exchange state (the partials of
// several shards, snapshots restored in a process that has already applied
// events) gives them all the same key with [Options.NewEvaluator] and keeps it
// with its secrets. Reports never depend on the key.
//
// Upgrading. When the agreement changes, add the change as a new version
// of the same agreement ([Version].EffectiveFrom): that is an agreement
// with a new fingerprint, so persisted state is refused by it. Either
// restore the state into an evaluator of the agreement it was taken under
// and replay the events since into a new one, or keep the event log and
// replay it whole into an evaluator of the amended agreement (the
// evaluator applies each subject's events under the version in force when
// it opened, so history keeps its terms). Editing text for people keeps
// the fingerprint. When a release of slaeval changes FormatVersion (its
// notes say so), state written by the older release is refused: drain it
// with the older release (take reports, retire closed subjects) or replay
// the event log into the new one. Store Partial and SubjectSnapshot with
// their format, so a host can tell in advance which state a release reads.
//
// # Persisting as you go
//
// A host that saves after each event or batch writes only what changed.
// [Evaluator.Dirty] yields the type and ID of each subject changed since
// the last [Evaluator.MarkSaved] (an event applied to it, Retire,
// Recompute), once each; the host saves its Snapshot, or deletes its
// record when Snapshot finds none (the subject was retired), then saves
// [Evaluator.Aggregates] — everything but the subjects' state: volumes,
// distributions, done instants, usage, retired verdicts and subjects,
// input accounting, the IDs of the events without per-subject state and
// the sources — and calls MarkSaved, in one transaction where it has
// them. One event so writes one subject and one aggregate record: on the
// support desk's replay data (examples/replay, 1,065 events) the record
// is about 460 bytes of JSON and a ticket about 850, where the Partial is
// about 150 KiB and takes about a thousand times as long to build and
// encode. The record
// grows with the retired verdicts and the IDs of event-level events of
// the months held, not with the subjects held.
//
// Restoring: into a fresh evaluator of the agreement (decoded afresh is
// fine: the fingerprint is the same) restore the record with
// [Evaluator.RestoreAggregates] and each saved subject with Restore, in
// either order, then apply the events received since the save. Both
// replace what they restore, so a restore interrupted and run again
// gives the same evaluator (Merge, by contrast, adds, and refuses a
// partial whose sources it holds). The record carries FormatVersion, the
// fingerprint and the ID key, and is checked and validated as a Partial
// is (ErrMismatch, ErrCorrupt with the JSON path); a subject record that
// the aggregate record says was retired is refused with ErrMismatch:
// delete it. Restore and Merge mark nothing for Dirty (the host holds
// what it handed in); Forget unmarks the subject. The record's sources
// include the origin of each evaluator that saved it: give a tenant's
// evaluators one Options.Origin, so that restarts do not lengthen the
// list.
//
// # Late events
//
// Events must come in time order per subject. A host that keeps each
// subject's history (a helpdesk's audit log) puts a late event in its
// place with [Evaluator.Recompute], which forgets the subject's state, or
// a retired subject's verdicts (bringing it back), and applies its whole
// history sorted by instant. What follows from the subject's own state —
// its clocks, obligations and availability, their verdicts, and the
// period results and credits they feed — is recomputed exactly. The
// event-level aggregates (volumes, distributions of values, done
// instants of period-end deadlines) are fed by other subjects' events too
// and keep no trace of which event added what; but an event's
// contribution to them depends on that event alone, never on the order,
// so Recompute adds the contributions of the events the subject had not
// applied and keeps those of the events it had, which it knows by the
// hashes of their IDs the subject remembers. It refuses with
// ErrNotRecomputable, changing nothing, what it could not do exactly: an
// event of another subject, a usage event (usage has no subject state,
// and a later report of a month replaces an earlier one as delivered), a
// history that leaves out an event the subject applied, a retired subject
// one of whose events feeds an event-level aggregate (its event IDs went
// with its state), and a history of MaxRecomputeEvents events or more.
// Input accounting is left as it is: it counts deliveries, the late one
// included. A forgotten subject is restored before it is recomputed (the
// evaluator cannot tell it from one never seen).
//
// An event is late when it is earlier than one already delivered for its
// subject, which is more than the events Apply rejects with
// ErrOutOfOrder: an event before its subject's first (a comment before
// the ticket's creation) is ignored, and the creation delivered after it
// is not out of order for the evaluator. A host that recomputes the
// subject on each late arrival (and on ErrRetired, to reopen a retired
// subject) ends, whatever the delivery order, with the report of the
// events sorted by instant, input accounting aside.
//
// # Long-lived subjects
//
// A subject may live for months (a service, a customer, a ticket reopened
// again and again) and see tens of thousands of events; what it holds
// stays bounded, and so does the cost of its next event. Two bounds see
// to it, both options of the evaluator ([Options]):
//
//   - Closed clock cycles: a subject keeps at least the last
//     Options.KeepCycles closed cycles of each clock in full
//     (DefaultKeepCycles, 32) and folds older ones, in passes (when the
//     cycles that may fold number twice K per clock that folds), into
//     counts per day of their start, met and breached ([FoldedCycles]). Every period is a whole number of days
//     in the agreement's zone, so reports count folded cycles exactly as
//     they counted them in full: the same period figures, obligations,
//     credits and termination rights. The subject's report lists the last
//     cycles in Cycles and the folded ones in Folded. Cycles a report
//     reads more of than the day and the verdict are never folded: those
//     of a clock measured by a percentile, charged per unit late, linked
//     by an excuse, or counted in a rolling period. A host that wants
//     every cycle listed gives KeepCycles: math.MaxInt.
//   - Event IDs: a subject remembers the IDs of at least its last
//     Options.SubjectIDs events (DefaultSubjectIDs, 2,048; at most
//     MaxSubjectIDs), in two generations: when the current one is full it
//     ages, and the one aged before it is dropped, its last instant
//     becoming the subject's release mark. A re-send carries its
//     original's instant, so an event dated at or before the mark whose
//     ID is not held is rejected with ErrIDsReleased (counted under
//     ReasonIDsReleased), never applied twice; a new event is so rejected
//     only when it is dated no later than the event SubjectIDs+1 back. A
//     host whose late re-sends or same-instant bursts reach further
//     raises SubjectIDs (memory: at most 32 bytes per ID of the window
//     per long-lived subject). Recompute needs every ID of a subject, and
//     refuses one that has dropped some (ErrNotRecomputable).
//
// So a ticket of 20,000 events holds about 120 KiB at the defaults (two
// ID tables of 32 KiB, 32 cycles per clock, 16 bytes per clock and day
// folded), where one that kept everything held 2.7 MiB; see
// docs/performance.md. Folded cycles and aged IDs travel in snapshots and
// partials, which are then written in format [FormatFolded] (format 1
// with their fields), so that a release that reads only format 1 refuses
// them rather than lose the folded cycles; a retired subject keeps one
// verdict per folded cycle, dated at its day.
//
// # Limits
//
// Everything an agreement controls is bounded, so that one from an
// untrusted source (a tenant writing their own) decodes, validates and
// compiles in well under a second and reports stay bounded. Past a limit
// the problem is an [*Error] wrapping [ErrLimit] that names the path and
// the limit. The defaults, which a host may lift with [Limits] in an
// [Options] value (Options{Limits: Limits{Objectives: 500}}.Decode(data),
// then the same Options' NewEvaluator):
//
//	Limits field   default    bounds
//	DocumentBytes  1 MiB      the JSON document Decode reads
//	Versions       100        versions of the agreement
//	Calendars      64         named calendars of one version
//	CalendarParts  16         calendars built: distinct referenced ones, union parts counted
//	Objectives     200        objectives of one version
//	PeriodResults  100,000    period results of a report (1,200 per objective when open-ended)
//
// and the calendar package's fixed limits, per calendar: 48 intervals
// starting on one day (calendar.MaxDayIntervals), 10,000 holidays, 20
// holiday sets, 500 special days, 32 calendars in one union or
// intersection nested at most 16 deep. The evaluator's own bound, at
// most 64 distinct attributes referred to by scope tests, target keys and
// "cause" together ([MaxTrackedAttrs]), is fixed: NewEvaluator refuses an
// agreement past it with ErrLimit at the first attribute too many.
// Objectives of every kind, per-subject ones (clocks, deadlines,
// availability) included, are bounded by Limits.Objectives alone.
//
// Validation builds no calendar: each holiday, special day and hours text
// is checked directly (calendar.Spec.Validate), so one bad date among
// thousands costs no more than a good one. Compilation builds only the
// calendars a service, objective or exclusion refers to, each distinct
// calendar once however many versions repeat it.
//
// An automatic renewal keeps the versions in force at the term's end in
// force after it (notices of non-renewal are not events: end the agreement
// with a new term instead; [Agreement.RenewalNoticeBy] says by when one is
// due); without one, events after the end are rejected. A termination
// right for cause arises with the chronic failure it names, and the report
// lists it. Every field the agreement accepts is evaluated or descriptive
// (names, descriptions, contacts, locations, standards, inclusions,
// approvals, the change note, who may terminate, the party at fault of a
// customer-caused exclusion, an objective's responsible and recipient);
// NewEvaluator refuses, with ErrUnsupported and the field's path, what it
// would otherwise ignore: a cure period or notice of termination for cause
// (the notice would have to be an event and the cure defined); events, a
// notice or a window on an exclusion other than maintenance (other
// exclusions match by cause); a maintenance exclusion with a notice,
// window or announcement events listed by an objective other than
// availability (clocks and deadlines match exclusions by cause alone, so
// neither would be checked); exclusions on volume, ratio, percentile and
// period-end deadline objectives (no subject whose cause could match); and
// a calendar on volume, ratio and percentile objectives (not measured on
// one). An
// agreement whose only remedy is a termination right states no amount and
// needs no currency. Rolling periods count whole days whose
// start lies inside the window. Closed subjects are not retired
// automatically (a solved ticket may reopen): the host says when with
// Retire. A service measured by availability is never closed.
package sla
