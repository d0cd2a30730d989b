package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Worked out by hand. The office calendar is Mon–Fri 09:00–17:30 London
// with English bank holidays (Good Friday 3 Apr, Easter Monday 6 Apr 2026).
//
// Leads. February: 34 level A + 1 late A + 20 B = 55 ≥ 50, achieved;
// A 35 ≥ 20 met, B 20 < 30 short by 10, so the per-level objective is
// missed. March: 18 A + 30 B = 48 < 50, missed; A short by 2, B met.
//
// Follow-up. Every generated lead is contacted 5 hours after it is
// qualified, the same day: in time. Feb-A-late was qualified Fri 27 Feb
// 16:00, due two business days later, Tue 3 Mar 16:00, and contacted Wed 4
// Mar: late, counted in February (the month of its anchor). So February:
// 54 in time, 1 late, missed; March: 48 in time, achieved.
//
// Friction report: due 10 whole business days after the month's end. The
// anchor (00:00 on the 1st) is closed, so it first moves to the next
// opening; the due instant is the close (17:30) of the 10th business day
// counting that opening's day (calendar's same-time rule: the earliest
// instant with that much business time). February ends Sun 1 Mar 00:00:
// Mon 2 … Fri 13 Mar are the ten days, so due Fri 13 Mar 17:30; sent Mon 16
// Mar: missed. March ends Wed 1 Apr 00:00: Wed 1, Thu 2, Tue 7 (after the
// Easter holidays), Wed 8, Thu 9, Fri 10, Mon 13, Tue 14, Wed 15, Thu 16:
// due Thu 16 Apr 17:30; sent Tue 14 Apr: achieved.
//
// Obligations: Marketing missed (February's level B), Sales missed both of
// its own (one late lead; February's report); the knowledge base is a
// promise in words only: notMeasured.
// Events: (55 + 48) leads × 2 events + 2 reports = 208.
const want = `Company X sales, marketing and customer service agreement, as of Fri 17 Apr 2026 09:00 BST

At least 50 qualified leads a month
  February  55 leads: achieved
  March     48 leads: missed

At least 20 level A and 30 level B leads a month
  February  A 35 met; B 20 short by 10; missed
  March     A 18 short by 2; B 30 met; missed

Sales contacts each qualified lead within 2 business days
  February  contacted in time 54, late 1: missed
  March     contacted in time 48, late 0: achieved

Monthly customer friction report, Amy to Joan
  February  due Fri 13 Mar 17:30, sent Mon 16 Mar 11:00: missed
  March     due Thu 16 Apr 17:30, sent Tue 14 Apr 11:00: achieved

Obligations so far
  marketing  owes sales      deliver-leads    missed
  sales      owes marketing  follow-up-leads  missed
  sales      owes service    report-friction  missed
  service    owes sales      knowledge-base   notMeasured
events applied 208, rejected 0
`

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatalf("run: %v", err)
	}
	if d := cmp.Diff(strings.Split(want, "\n"), strings.Split(b.String(), "\n")); d != "" {
		t.Errorf("run output mismatch (-want +got):\n%s", d)
	}
}
