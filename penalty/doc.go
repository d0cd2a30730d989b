// Package penalty computes what a shortfall costs, in exact decimal money:
// tiered and stepped service credits, per-breach and per-unit-late amounts,
// caps per period, over rolling windows and in total, at-risk pools,
// earn-back, bonuses, chronic-failure termination rights, and claim terms.
//
// A [Schedule] holds the rules; [Schedule.Evaluate] takes the outcome of
// each objective in each period ([Outcome], inside a [PeriodInput]) and
// returns a [Result]: for every period, itemised [Line]s that each explain
// themselves (as data and, through [Line.String], as one sentence), rounded
// totals, and any [Termination] rights that arose.
//
// # Money
//
// [Money] is a [decimal.Decimal] amount with a [Currency]. Arithmetic is
// exact; amounts in different currencies are never added (an error wrapping
// [ErrCurrencyMismatch]). Rounding happens once, at the end of each period,
// to the currency's minor unit ([Currency.MinorUnits]: JPY 0; USD, EUR, GBP
// 2; KWD, BHD 3), half away from zero unless the schedule names another
// [RoundingMode]. The rounding residue is allocated to lines by largest
// remainder (ties to the earlier line), so a period's line amounts sum
// exactly to its total. In JSON, Money is a string: "GBP 10.00".
//
// # Thresholds
//
// A tier "below 99.9" applies when attainment < 99.9 exactly, compared as
// decimals; 99.9 itself is not below. When several tiers apply, the lowest
// threshold wins; tiers are not summed. Bonus tiers apply at or above their
// threshold. Attainments are percentages in [0, 100].
//
// # Caps
//
// Caps are applied to exact amounts in this order: each rule's own caps,
// the at-risk pool caps, then the schedule's caps across all lines (pro
// rata). A cap's limit is rounded toward zero to the minor unit and the
// credits already issued in its window (rounded, as invoiced) are
// subtracted, so a rounded credit never exceeds a rule or schedule cap.
// Rolling caps count the last Periods periods, including settled history
// ([Settled]); a percentage cap is a share of the charges of the same
// periods. Every reduction is recorded as a [Bite]: which cap, the room it
// left and by how much it cut.
//
// # Failures that cost nothing
//
// An excused outcome (caused by the other party, or inside an exclusion)
// keeps its raw amount on the line for the record but is reduced to zero
// (condition [Excused]); it is not a failure for chronic clauses or pools.
// An objective with no outcome in a period is not assessed: no line, and
// not a failure. A credit of a rule with earn-back is forgiven (condition
// [EarnedBack]) when the objective is met or excused in each of the next
// EarnBack periods; while too few later periods are known it stands, marked
// [EarnBackPending]. Forgiven credits do not count toward caps.
//
// # Claims
//
// A [Claim] minimum applies to a period's credit as issued: the total of
// its lines after caps, rounded once to the minor unit. An inclusive
// minimum ("at least 5.00") issues a credit equal to it; an exclusive one
// ([Claim].Exclusive, AWS's "greater than $1") does not, so a credit of
// exactly 1.005 is issued as 1.01 and one of 1.00 (or 1.004, issued as
// 1.00) is not. A credit below the minimum is not issued: its lines are
// reduced to zero and marked [BelowMinimum].
//
// # Chronic failure
//
// A [Chronic] clause counts failures of one objective: K missed periods in
// a row, or K failures (missed periods, or breaches) in any N consecutive
// periods. It arises at the end of the period that completed the pattern
// (the instant that period's outcome is known); its failures are then used
// up. It may give a termination right and an extra credit.
//
// # Errors
//
// Schedules and inputs are validated up front; every problem is reported at
// once (errors.Join) as an [*Error] with its field path. Nothing panics on
// any input, and work is bounded by the size of the input.
package penalty
