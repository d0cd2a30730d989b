// Package metric measures what service level agreements promise and judges
// it against targets: elapsed-time clocks, availability, volumes, ratios,
// percentiles and deadline obligations, over calendar and rolling periods.
//
// It knows nothing of helpdesks or billing: everything is expressed with
// Event values (a kind, an instant, string attributes and an optional
// decimal value) and Condition predicates over them. Hosts adapt their own
// records to Event.
//
// # Clocks
//
// A Clock is an immutable definition built by NewClock from a ClockSpec:
// start, pause, resume, stop and reset conditions, a calendar (nil is 24×7),
// targets selected by an attribute (priority), and warnings. The state of
// one subject's clock is a ClockState: a small fixed-size value with
// exported fields that Clock.Apply advances one event at a time without
// allocating, that can be copied or marshalled as a snapshot, and that
// Clock.Status and Clock.NextChange query at any instant.
//
// Elapsed time is measured on the clock's calendar, excluding paused spans.
// A target is met iff elapsed ≤ target. While running, the due instant is
// calendar.Add(r, target − e), with r the last start or resume and e the
// elapsed time then; a paused clock has no due instant. A stop in closed
// hours right after the due instant is still met. The clock becomes
// breached at the first instant at which elapsed exceeds the target (Due
// plus one nanosecond of calendar time); ClockStatus.BreachAt reports Due,
// the instant the target was reached, and Clock.NextChange returns the
// first breached instant, not Due, at which nothing changes.
//
// When one event matches several conditions: stop beats reset, reset beats
// pause, pause beats resume and start; the event that starts a cycle never
// stops it, and a start that also matches a pause starts the cycle paused.
// Events must come in time order per subject (ErrOutOfOrder otherwise);
// equal instants keep stream order.
//
// When the target attribute changes, the new target applies from the
// cycle's original start; if it is already exceeded, the breach instant is
// when it was exceeded (ClockState records the instants at which each
// target was reached, so this needs no history).
//
// Presets (FirstReplyTime, NextReplyTime, PeriodicUpdate, PausableUpdate,
// RequesterWaitTime, AgentWorkTime, FullResolutionTime) build ClockSpecs
// from conditions over a small documented vocabulary (KindCreated,
// AttrStatus, ...).
//
// # Availability
//
// AvailabilitySpec.Measure takes downtime spans (or DowntimeFromEvents) and
// exclusions: overlapping downtime merges, exclusions (maintenance announced
// at least MinNotice ahead, downtime with an excluded cause, exclusion
// spans) are removed from numerator and denominator and reported, and only
// time inside the calendar's hours counts. A downtime period is a run of
// consecutive downtime that remains after exclusions, and one shorter than
// MinDowntime (in wall time) does not count: a 12-minute outage whose first
// 5 minutes are excluded is a 7-minute period, whichever way the 5 minutes
// are stated, and an excluded stretch inside an outage splits it in two. ErrorRateSpec
// measures availability from per-slice request counts, with both the
// down-slice formula (Uptime) and "100% − average error rate"
// (AverageUptime). It states what public SLAs state: a threshold that is
// strict ("more than 5%") or not (AtThreshold), whether a slice without
// traffic or below MinRequests is up (0% errors) or excluded, and a
// MinDowntime on runs of consecutive down slices. MeasureExcluding
// removes whole slices that overlap an exclusion first, and forms the runs
// by the rule AvailabilitySpec uses, so a slice path and an interval path
// given the same facts (fully failed or fully good slices, exclusions on
// slice boundaries) give the same downtime; a property test checks it.
//
// # Volumes, ratios, percentiles, deadlines
//
// VolumeMetric counts or sums matching events per segment (an attribute)
// against at-least / at-most targets. Ratio counts subjects that met or
// breached their own target (pending subjects are not in the denominator);
// RatioSpec judges it with a minimum count. Distribution gives nearest-rank
// percentiles. Deadline judges "X within D after an anchor" obligations.
//
// Every deadline is judged by one rule, JudgeDue, the rule clocks follow: a
// completion is late iff the time measured in the target's unit from the
// due instant to it is positive — open time of the calendar for targets
// counted on it (business time, business days), wall time otherwise. So a
// completion in closed hours right after the due instant, before the next
// opening, is met, as a clock stopped there is (elapsed = target); the
// obligation turns missed 1 ns into the open time after the due instant
// (MissedFrom), the instant a clock's NextChange reports too.
//
// # Attainment and exactness
//
// Percentages are decimal.Decimal. Ratios that do not terminate are
// truncated toward zero at Precision (12) decimal places, so comparing with
// any threshold of at most 12 places (99.9, 99.95) gives the same answer as
// the exact ratio. Judgements (RatioSpec.Judge, volume targets) compare
// exactly.
//
// # Periods
//
// A Period is half-open, [Start, End). A Grid cuts time into calendar days,
// ISO weeks (Monday start), months, quarters or years in a time zone; P1M is
// always a calendar month, never 30 days. A Window is a rolling window of
// whole calendar years, months, weeks and days (P28D, P12M). Months and
// years move dates by calendar.AddMonths, clamped to the month's last day
// (a P1M window ending 31 March starts 28 February; a P1M wall target from
// 31 January ends 28 February).
//
// # Merging
//
// Every period aggregate (Availability, ErrorRate, Volume, Ratio,
// Distribution) has a Merge that is associative and commutative, so hosts
// can shard subjects across machines and combine the partial results
// exactly.
//
// # Performance
//
// Clock.Apply and Clock.NextChange do not allocate; Apply matches only the
// conditions that can matter in the clock's phase, in precedence order, and
// costs a few hundred nanoseconds per event on a business calendar (see
// BenchmarkClockApply and BenchmarkClockApplyBusiness, which include a
// ticket whose target changes). A ClockState is about 150 bytes.
// Clock.Advance is Apply without the closed cycle's result, for hosts that
// keep only the state: a stop then converts no BusinessDays target.
//
// # Errors
//
// Nothing panics on any input (MustClock is for tests). Errors are *Error
// values ("metric: op (where): cause") wrapping one of the sentinels
// ErrInvalid, ErrOutOfOrder, ErrStopBeforeStart, ErrResumeWithoutPause,
// ErrNegative, ErrUnknownPeriod, ErrEmpty.
package metric
