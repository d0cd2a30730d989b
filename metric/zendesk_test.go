package metric

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Cases from Zendesk's documentation of SLA metrics and first reply time
// (support.zendesk.com, "Calculating first reply time" and "Defining SLA
// policies"), expected values derived by hand on a 24×7 calendar.

func agentReply(when string) Event {
	return ev(KindComment, when, AttrAuthor, AuthorAgent, AttrPublic, "true")
}

func TestZendeskPriorityRaisedAfterTargetExceeded(t *testing.T) {
	// Targets: normal 8 h, urgent 1 h. Created 09:00 normal; raised to
	// urgent at 12:00, when 3 h have elapsed. The urgent target applies from
	// the original start, so it was exceeded at 09:00 + 1 h = 10:00: the
	// breach instant is 10:00, not 12:00.
	c := MustClock(FirstReplyTime(nil, wallTarget("normal", 8*time.Hour), wallTarget("urgent", time.Hour)))
	created := ev(KindCreated, "2026-03-02 09:00", AttrPriority, "normal")
	raised := ev(KindUpdated, "2026-03-02 12:00", AttrPriority, "urgent")
	s, _ := run(t, c, []Event{created})
	if st := c.Status(s, at("2026-03-02 11:59")); st.State != InProgress || !st.Due.Equal(at("2026-03-02 17:00")) {
		t.Fatalf("before the change: state %v due %v, want inProgress due 17:00", st.State, st.Due)
	}
	step, err := c.Apply(&s, &raised)
	if err != nil || !step.Retargeted {
		t.Fatalf("Apply(raise) = %+v, %v; want retargeted", step, err)
	}
	st := c.Status(s, at("2026-03-02 12:00"))
	if st.State != Breached || !st.BreachAt.Equal(at("2026-03-02 10:00")) {
		t.Errorf("after the change: state %v breachAt %v, want breached at 10:00", st.State, st.BreachAt)
	}
	step, err = c.Apply(&s, new(agentReply("2026-03-02 12:30")))
	if err != nil {
		t.Fatal(err)
	}
	want := CycleResult{Cycle: 1, Start: at("2026-03-02 09:00"), End: at("2026-03-02 12:30"),
		Elapsed: 210 * time.Minute, Target: time.Hour, HasTarget: true, State: Breached, BreachAt: at("2026-03-02 10:00")}
	if diff := cmp.Diff(want, step.Result); diff != "" {
		t.Errorf("first reply result mismatch (-want +got):\n%s", diff)
	}
}

func TestZendeskPriorityRaisedBreachInEarlierRunSpan(t *testing.T) {
	// Requester wait time (pending excluded), normal 8 h, urgent 1 h.
	// Created 09:00, pending 10:30 (1.5 h elapsed, so 1 h was reached at
	// 10:00), open again 12:00, raised to urgent 12:30. Breach instant:
	// 10:00, inside a run span that had already ended.
	c := MustClock(RequesterWaitTime(nil, wallTarget("normal", 8*time.Hour), wallTarget("urgent", time.Hour)))
	s, _ := run(t, c, []Event{
		ev(KindCreated, "2026-03-02 09:00", AttrStatus, StatusNew, AttrPriority, "normal"),
		ev(KindUpdated, "2026-03-02 10:30", AttrStatus, StatusPending),
		ev(KindUpdated, "2026-03-02 12:00", AttrStatus, StatusOpen),
		ev(KindUpdated, "2026-03-02 12:30", AttrPriority, "urgent"),
	})
	st := c.Status(s, at("2026-03-02 12:30"))
	// elapsed: 1.5 h + 0.5 h = 2 h.
	if st.State != Breached || st.Elapsed != 2*time.Hour || !st.BreachAt.Equal(at("2026-03-02 10:00")) {
		t.Errorf("Status = %v elapsed %v breachAt %v, want breached, 2h, 10:00", st.State, st.Elapsed, st.BreachAt)
	}
}

func TestZendeskPriorityLoweredRescues(t *testing.T) {
	// Urgent (1 h) lowered to normal (8 h) at 09:30, before the urgent
	// target was reached: the clock runs on against 8 h from 09:00.
	c := MustClock(FirstReplyTime(nil, wallTarget("normal", 8*time.Hour), wallTarget("urgent", time.Hour)))
	s, _ := run(t, c, []Event{
		ev(KindCreated, "2026-03-02 09:00", AttrPriority, "urgent"),
		ev(KindUpdated, "2026-03-02 09:30", AttrPriority, "normal"),
	})
	st := c.Status(s, at("2026-03-02 11:00"))
	if st.State != InProgress || !st.Due.Equal(at("2026-03-02 17:00")) {
		t.Errorf("Status = %v due %v, want inProgress due 17:00", st.State, st.Due)
	}
}

func TestZendeskAgentCreatedTicket(t *testing.T) {
	// "An agent creates a ticket. Timing starts when the ticket is created
	// and ends at the agent's next public comment." The agent's opening
	// message is part of the created event: it does not stop the clock.
	c := MustClock(FirstReplyTime(nil, wallTarget("", 8*time.Hour)))
	_, closed := run(t, c, []Event{
		ev(KindCreated, "2026-03-02 09:00", AttrAuthor, AuthorAgent, AttrPublic, "true"),
		ev(KindComment, "2026-03-02 09:30", AttrAuthor, AuthorRequester, AttrPublic, "true"),
		agentReply("2026-03-02 10:15"),
	})
	want := []CycleResult{{Cycle: 1, Start: at("2026-03-02 09:00"), End: at("2026-03-02 10:15"),
		Elapsed: 75 * time.Minute, Target: 8 * time.Hour, HasTarget: true, State: Met}}
	if diff := cmp.Diff(want, closed); diff != "" {
		t.Errorf("agent-created first reply mismatch (-want +got):\n%s", diff)
	}
}

func TestZendeskSolvedWithoutCommentThenReopened(t *testing.T) {
	// "An agent takes a phone call that creates a ticket and solves the
	// ticket with no new comment. The customer later re-opens the ticket,
	// and the agent then responds with a public comment. First reply time
	// ends when that comment is posted." 09:00 → next day 10:00 = 25 h.
	c := MustClock(FirstReplyTime(nil))
	_, closed := run(t, c, []Event{
		ev(KindCreated, "2026-03-02 09:00", AttrAuthor, AuthorAgent),
		ev(KindUpdated, "2026-03-02 09:10", AttrStatus, StatusSolved),
		ev(KindComment, "2026-03-03 08:00", AttrAuthor, AuthorRequester, AttrPublic, "true", AttrStatus, StatusOpen),
		agentReply("2026-03-03 10:00"),
	})
	if len(closed) != 1 || closed[0].Elapsed != 25*time.Hour {
		t.Errorf("first reply cycles = %+v, want one of 25h", closed)
	}
}

func TestZendeskPendingCountsAgainstResolutionOnly(t *testing.T) {
	// Created 09:00; pending 10:00-11:00 (before the first reply); agent
	// replies 12:00; pending 13:00-15:00 (after it); solved 16:00.
	// Full resolution counts all 7 h, pending included. Requester wait time
	// excludes both pending spans: 7 − 1 − 2 = 4 h. First reply time ends
	// at the reply, 3 h, and is untouched by the pending after it.
	events := []Event{
		ev(KindCreated, "2026-03-02 09:00", AttrStatus, StatusNew),
		ev(KindUpdated, "2026-03-02 10:00", AttrStatus, StatusPending),
		ev(KindUpdated, "2026-03-02 11:00", AttrStatus, StatusOpen),
		agentReply("2026-03-02 12:00"),
		ev(KindUpdated, "2026-03-02 13:00", AttrStatus, StatusPending),
		ev(KindComment, "2026-03-02 15:00", AttrAuthor, AuthorRequester, AttrPublic, "true", AttrStatus, StatusOpen),
		ev(KindUpdated, "2026-03-02 16:00", AttrStatus, StatusSolved),
	}
	tests := []struct {
		name string
		spec ClockSpec
		want time.Duration
	}{
		{"full resolution", FullResolutionTime(nil), 7 * time.Hour},
		{"requester wait", RequesterWaitTime(nil), 4 * time.Hour},
		{"agent work", AgentWorkTime(nil), 4 * time.Hour},
		{"first reply", FirstReplyTime(nil), 3 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := MustClock(tc.spec)
			s, _ := run(t, c, events)
			if got := c.Status(s, at("2026-03-02 18:00")).Elapsed; got != tc.want {
				t.Errorf("%s elapsed = %v, want %v", tc.name, got, tc.want)
			}
		})
	}
}

func TestZendeskNextReplyAndReopen(t *testing.T) {
	// Next reply: requester comments 10:00 and 10:30 (the oldest unanswered
	// one counts), agent replies 11:00 → 1 h; requester 14:00, solved 14:20
	// → 20 min. Full resolution reopened: solved 11:00 (2 h since 09:00),
	// reopened 14:00, solved 15:00 → 3 h; time spent solved not counted.
	req := func(when string, kv ...string) Event {
		return ev(KindComment, when, append([]string{AttrAuthor, AuthorRequester, AttrPublic, "true"}, kv...)...)
	}
	nrt := MustClock(NextReplyTime(nil))
	_, closed := run(t, nrt, []Event{
		ev(KindCreated, "2026-03-02 09:00"),
		req("2026-03-02 10:00"), req("2026-03-02 10:30"), agentReply("2026-03-02 11:00"),
		req("2026-03-02 14:00"), ev(KindUpdated, "2026-03-02 14:20", AttrStatus, StatusSolved),
	})
	var got []time.Duration
	for _, r := range closed {
		got = append(got, r.Elapsed)
	}
	if diff := cmp.Diff([]time.Duration{time.Hour, 20 * time.Minute}, got); diff != "" {
		t.Errorf("next reply cycles (-want +got):\n%s", diff)
	}
	frt := MustClock(FullResolutionTime(nil))
	s, _ := run(t, frt, []Event{
		ev(KindCreated, "2026-03-02 09:00", AttrStatus, StatusNew),
		ev(KindUpdated, "2026-03-02 11:00", AttrStatus, StatusSolved),
		req("2026-03-02 14:00", AttrStatus, StatusOpen),
		ev(KindUpdated, "2026-03-02 15:00", AttrStatus, StatusSolved),
	})
	if st := frt.Status(s, at("2026-03-03 00:00")); st.Elapsed != 3*time.Hour || st.Cycle != 1 {
		t.Errorf("full resolution after reopen: elapsed %v cycle %d, want 3h cycle 1", st.Elapsed, st.Cycle)
	}
}
