// Package slatest helps a host test its own SLA computations against slaeval:
// run an agreement over the events the host saw and compare slaeval's answer
// with what the host computed, failing with a readable "(-want +got)" diff.
//
// # The pattern
//
// A helpdesk, a billing system or any other host that computes due instants,
// states, verdicts or credits of its own feeds the same events to slaeval in
// its tests and asks [Check] whether the two agree:
//
//	host := slatest.View{Items: []slatest.Item{
//		{Type: "ticket", ID: "T-1", Objective: "first-reply", State: sla.StateRunning, Due: myDue},
//	}}
//	slatest.Check(t, agreement, events, asOf, host,
//		slatest.Objectives("first-reply"),
//		slatest.IgnoreFields(slatest.Item{}, "Elapsed", "BreachAt"),
//		slatest.ApproxTime(time.Minute))
//
// slaeval is the oracle: in every diff "want" (-) is slaeval's answer and
// "got" (+) is the host's, as in the standard library's tests.
//
// # What is compared
//
// A [View] is a flat, host-friendly projection of an [sla.Report]:
// one [Item] per subject and objective (state, due instant, breach instant,
// elapsed time of the current cycle), one [Period] per objective and
// reporting period (verdict, attainment), and one [Credit] per credit
// period (the money owed). [ViewOf] projects a report. A nil section of the
// host's View is not compared, so a helpdesk passes only Items and a billing
// system only Periods and Credits. Slices are compared in a canonical order,
// so the host may list them in any order.
//
// # Tolerances
//
// Hosts round: a due instant stored to the minute, elapsed time in whole
// seconds. [ApproxTime] and [ApproxDuration] accept differences up to a
// margin. Money and attainments are always compared exactly (as decimal
// values, so 10.0 equals 10.00); a credit that is a cent off is a bug, not a
// rounding difference.
//
// # Options
//
// Options are values of the closed [Option] interface: the tolerances,
// [Objectives] and [Subjects] to restrict the comparison to what the host
// computes, [IgnoreFields] for fields it does not compute, [AllowRejected]
// when the events deliberately include bad input, and [CmpOptions] for
// anything else go-cmp can do. Invalid options (an unknown field name) make
// Check fail and Diff return a message, never panic.
//
// # Output
//
// Diff's text comes from github.com/google/go-cmp; it is meant for people,
// not for parsing. slatest replaces go-cmp's randomly inserted non-breaking
// spaces by ordinary spaces, so the text is stable for one go-cmp version
// and golden files of it can be kept (see testdata/).
package slatest
