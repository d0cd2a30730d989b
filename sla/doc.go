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
// calendar days in the agreement's zone. A target is met iff the measured
// time is ≤ the target. Level targets (atLeast / atMost) are decimal strings:
// percentages 0–100 for availability and ratio, counts or sums for volumes.
//
// Deadline objectives may also be due at an instant rather than after an
// amount of time: {"within": "P10D", "unit": "businessDaysEnd"} is the end
// of the tenth business day after the anchor's business day
// (calendar.BusinessDaysEnd; P0D, or no within, is the end of the business
// day itself), and {"by": "dayAt 1 16:00"} is a relative deadline
// (calendar.Deadline: "dayAt 1 16:00" the next business day at 16:00,
// "dayEnd 0", "monthDayEnd 5" the end of the fifth business day of the next
// month), resolved against each anchor on the objective's calendar. A
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
// A volume objective's target is its total: with targetBy and targets it
// also judges each segment, and its period is met when the total and every
// segment meet theirs ("at least 50 qualified leads, 20 of level A and 30 of
// level B").
//
// # Exclusions and excuses
//
// Failures whose cause matches one of an objective's exclusions (announced
// maintenance, customer-caused, force majeure) are removed from the
// measurement and reported as excluded. A breach of an objective is excused,
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
// all rejected, each with its JSON path. Validation ([Agreement.Validate])
// then reports every problem at once, joined with errors.Join, each an
// [*Error] carrying its path (versions[0].objectives[2].target), a sentinel
// for errors.Is and a sentence a contract manager can act on.
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
//	                  "pricing": {"model", "amount", "per", "unit", "tiers": [{"upTo", "price"}]}}],
//	    "objectives": [{"id", "name", "obligor", "beneficiary", "responsible", "recipient", "service", "calendar",
//	                    "scope": {"subject", "where": [{"attr", "op", "values"}]},
//	                    "metric": {"kind": "clock|availability|volume|ratio|percentile|deadline", "<kind>": {...}},
//	                    "target": {"within": "PT24H", "unit": "business|businessDays|businessDaysEnd|wall"} or {"by": "dayAt 1 16:00"} or {"atLeast": "99.9"},
//	                    "targetBy": "priority", "targets": [{"when": "urgent", "target": {...}}],
//	                    "period": {"kind": "month"}, "exclusions", "excusedBy",
//	                    "penalties": [{"id", "kind", "base", "tiers", "amount", "step", "per", "unit", "count", "bonus", "earnBack", "caps": [{"id", "over", ...}]}]}],
//	    "obligations": [{"id", "party", "beneficiary", "description", "measuredBy"}],
//	    "exclusions": [{"id", "kind", "causes", "party", "notice", "window", "events"}],
//	    "caps": [{"id", "over": "period|rolling|total", "periods", "limit": {"percentOfCharge"} or {"fixed"}}],
//	    "atRisk": {"base", "percentOfInvoice", "poolAllocation", "weights": [{"objective", "percent"}]},
//	    "chronicFailures": [{"id", "objective", "missed", "ofAnyConsecutive", "countBreaches", "credit", "base"}],
//	    "claims": {"minimum", "within"}
//	  }]
//	}
//
// testdata/agreements holds complete examples: a support desk, a SaaS uptime
// agreement with credits, an internal sales / marketing / customer service
// agreement, and relative-deadlines.json with businessDaysEnd targets,
// relative deadlines, named caps and a volume total with segments. A cap's
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
// [NewEvaluator] compiles every version of an agreement into metric and
// penalty values and rejects, with *Error values wrapping [ErrUnsupported]
// and the validation sentinels, whatever it cannot evaluate (error-rate
// availability, penalties on rolling periods, targets by attribute on
// objectives other than clocks and volumes, prices per period other than a
// month). [Evaluator.Apply] takes one [Event] at a time, [Evaluator.ApplyAll]
// an iterator of them and [Evaluator.ApplyBatch] a slice (faster when the
// slice is not in cache: it reads ahead); [Evaluator.Report] answers as of
// any instant; [Evaluator.NextChange] says when to ask again; [Evaluate] is
// the batch form and gives the same report as streaming.
//
// An event names its subject by type and ID (SubjectType "ticket", Subject
// "T-1"); objectives take the subjects of their Scope.Subject type. Its JSON
// form, for JSON Lines input, is
//
//	{"id", "subjectType", "subject", "kind", "at", "attrs": {"key": "value"}, "value": "12.5"}
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
// Semantics the evaluator fixes:
//   - A subject with clocks or deadlines (a ticket, an invoice) is evaluated
//     under the version in force at its first event, and keeps it: a ticket
//     keeps the terms it was opened under. A subject measured only by
//     availability (a service) follows the version in force: at its first
//     event under a new version its state so far stays with the old version
//     (an open downtime is split at the new version's start) and a fresh
//     state continues. A period is evaluated under the version in force at
//     its start; the report names the version of every subject, period and
//     penalty period.
//   - Scope tests on per-subject objectives use the subject's latest value
//     of each attribute; on event-level objectives (volumes, percentiles of
//     values, period-end deadlines) the event's attributes.
//   - Clock cycles and event-anchored obligations count in the period of
//     their start (anchor); clocks and deadlines without a period are
//     reported per calendar month. A period-end deadline is met by the first
//     matching event at or after the period's end not used by an earlier one.
//   - A deadline objective holds one obligation at a time per subject: an
//     anchor while one is open is applied but starts nothing.
//   - A breach is excluded when the subject carried a "cause" attribute
//     listed by one of the objective's exclusions, and excused when an
//     objective in ExcusedBy was missed for the same subject no later than
//     the breach (for periodic objectives: in an overlapping period). Both
//     are reported and carry no penalty.
//   - Credits are computed per calendar month of the agreement's zone (the
//     pricing period); an objective's outcome counts in the month in which
//     its period ends. Only periods that have ended by the report's instant
//     carry credits; running periods are reported with Final false. Settled
//     months of earlier versions feed rolling and total caps and chronic
//     clauses of later ones.
//
// # Bad input
//
// Every event is applied, a duplicate (its ID equals that of any event
// applied to the same subject while the evaluator holds the subject), or
// rejected with an [*EventError] wrapping
// one of ErrDuplicateEvent, ErrOutOfOrder, ErrUnknownType, ErrUnknownSubject
// (no subject, or a first event for a subject that starts nothing),
// ErrBeforeStart, ErrAfterEnd, ErrNotInForce, ErrBadAttribute, ErrMissingID,
// ErrRetired (an event of a subject the host retired);
// [Report].Input counts them by reason. Order and duplicates are checked per
// subject for subjects with per-subject state (clocks, deadlines,
// availability). A subject remembers a 64-bit hash of each event ID: 8
// bytes per event in the subject beyond the first four (16 in a half-full
// table), at most 65,536 IDs (past that all but the first four are
// forgotten and a re-send of one is judged by its instant); the hashes travel with the
// subject's snapshot and go with Forget. The hash is SipHash-1-3 under the
// evaluator's secret ID key, so crafted IDs can neither collide with real
// ones nor crowd the hash table.
//
// # State, snapshots and partitions
//
// State grows with subjects, not events: a subject holds its clocks,
// current obligations and closed cycles (about 0.95 KiB for a ticket with
// three clocks and a deadline). A closed subject that will not reopen (a
// ticket closed for good, an invoice paid) is retired with
// [Evaluator.Retire], or by a periodic [Evaluator.RetireClosed] sweep of
// the subjects closed since before a cut-off: its verdicts stay, at 64 bytes each, and count in
// every later report exactly as before, while its state goes, so memory
// follows the open subjects (a retired ticket costs under 200 bytes, its
// verdicts and a hash that rejects its later events with ErrRetired). A
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
// events) gives them all the same key with [NewEvaluatorWith] and keeps it
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
// # Limits
//
// An automatic renewal keeps the versions in force at the term's end in
// force after it (notices of non-renewal are not events: end the agreement
// with a new term instead); without one, events after the end are rejected.
// Cure periods of termination for cause are not evaluated: the report lists
// the termination rights that arose. Rolling periods count whole days whose
// start lies inside the window. Closed subjects are not retired
// automatically (a solved ticket may reopen): the host says when with
// Retire. A service measured by availability is never closed.
package sla
