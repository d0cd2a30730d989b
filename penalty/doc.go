// Package penalty computes what a shortfall costs, in exact decimal money:
// tiered and stepped service credits, per-breach and per-unit-late amounts,
// caps per period, over rolling windows, per calendar quarter, per contract
// year and in total, at-risk pools,
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
// periods. [Quarter] and [ContractYear] caps count the periods that start
// in the same calendar quarter (in the zone of the period being evaluated)
// or contract year ([Schedule.ContractYear] and its anniversaries, 29
// February clamped to 28 February) as the period being evaluated, history
// included; their percentage is of the charges of those periods so far.
// Every reduction is recorded as a [Bite]: which cap, the room it
// left and by how much it cut.
//
// # Yearly prices
//
// A flat [Charge] priced [PerYear] costs Price / [Schedule.PeriodsPerYear]
// in each period (a twelfth for months; truncated at 30 decimal places when
// the quotient repeats), and is the fees of a contract year for a chronic
// clause's credit on the [YearFees] basis: "5% of the contract year's
// annual fees per 10 failures in a rolling 12 months" is a [KOfN] clause
// with Breaches, K 10, N 12, Credit 5% and Basis YearFees.
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
// up. It may give a termination right and an extra credit. With CapReached
// a period counts when the named rule cap's maximum was reached ("the
// maximum credit was reached in 3 of any 6 months"), judged on the rule's
// credit as that cap meets it (after the rule's earlier caps); the caps
// reached are listed in [PeriodResult.CapsReached] and kept by [Settle].
//
// # Errors
//
// Schedules and inputs are validated up front; every problem is reported at
// once (errors.Join) as an [*Error] with its field path. Nothing panics on
// any input, and work is bounded by the size of the input.
package penalty
