package metric

import "github.com/slaeval/slaeval/calendar"

// Event vocabulary of the helpdesk presets. A host maps its ticket events
// onto these kinds and attributes (any event may carry the ticket's current
// status and priority).
const (
	// KindCreated: the ticket was created. Its opening message is part of
	// this event, never a separate KindComment.
	KindCreated = "ticket.created"
	// KindComment: a comment was added; attributes AttrAuthor, AttrPublic.
	KindComment = "ticket.comment"
	// KindUpdated: a field changed (status, priority).
	KindUpdated = "ticket.updated"

	AttrAuthor   = "author"   // AuthorAgent or AuthorRequester
	AttrPublic   = "public"   // "true" for a comment the requester sees
	AttrStatus   = "status"   // one of the Status* values
	AttrPriority = "priority" // selects the target of every preset

	AuthorAgent     = "agent"
	AuthorRequester = "requester"

	StatusNew     = "new"
	StatusOpen    = "open"
	StatusPending = "pending" // waiting on the requester
	StatusOnHold  = "hold"    // waiting on a third party
	StatusSolved  = "solved"
	StatusClosed  = "closed"
)

func created() Condition { return Condition{Kinds: []string{KindCreated}} }

func publicComment(author string) Condition {
	return Condition{Kinds: []string{KindComment}, Attrs: []AttrTest{
		{Key: AttrAuthor, Op: Equals, Values: []string{author}},
		{Key: AttrPublic, Op: Equals, Values: []string{"true"}},
	}}
}

func status(values ...string) Condition {
	return Condition{Attrs: []AttrTest{{Key: AttrStatus, Op: In, Values: values}}}
}

func solved() Condition { return status(StatusSolved, StatusClosed) }

func preset(name string, cal *calendar.Calendar, targets []Target) ClockSpec {
	return ClockSpec{Name: name, Calendar: cal, TargetKey: AttrPriority, Targets: targets}
}

// FirstReplyTime: from ticket creation to the first public agent comment.
// It never pauses and never restarts; a ticket created by an agent starts
// the clock too (its opening message is part of KindCreated and does not
// stop it), and solving without a comment does not stop it.
func FirstReplyTime(cal *calendar.Calendar, targets ...Target) ClockSpec {
	s := preset("first_reply_time", cal, targets)
	s.Start = []Condition{created()}
	s.Stop = []Condition{publicComment(AuthorAgent)}
	s.Restart = RestartNever
	return s
}

// NextReplyTime: from a public requester comment (the oldest unanswered
// one) to the next public agent comment or solve; each such exchange is a
// new cycle.
func NextReplyTime(cal *calendar.Calendar, targets ...Target) ClockSpec {
	s := preset("next_reply_time", cal, targets)
	s.Start = []Condition{publicComment(AuthorRequester)}
	s.Stop = []Condition{publicComment(AuthorAgent), solved()}
	s.Restart = RestartNewCycle
	return s
}

// PeriodicUpdate: the time between public agent comments, from the first
// one to the solve; each agent comment closes a cycle and starts the next.
func PeriodicUpdate(cal *calendar.Calendar, targets ...Target) ClockSpec {
	s := preset("periodic_update", cal, targets)
	s.Start = []Condition{publicComment(AuthorAgent)}
	s.Reset = []Condition{publicComment(AuthorAgent)}
	s.Stop = []Condition{solved()}
	s.Restart = RestartNewCycle
	return s
}

// PausableUpdate is PeriodicUpdate paused while the ticket is pending.
func PausableUpdate(cal *calendar.Calendar, targets ...Target) ClockSpec {
	s := PeriodicUpdate(cal, targets...)
	s.Name = "pausable_update"
	s.Pause = []Condition{status(StatusPending)}
	s.Resume = []Condition{status(StatusNew, StatusOpen, StatusOnHold)}
	return s
}

// RequesterWaitTime: the time the ticket spends new, open or on hold, from
// creation to solve; pending time is excluded; a reopened ticket continues
// the same cycle.
func RequesterWaitTime(cal *calendar.Calendar, targets ...Target) ClockSpec {
	s := preset("requester_wait_time", cal, targets)
	s.Start = []Condition{created()}
	s.Pause = []Condition{status(StatusPending)}
	s.Resume = []Condition{status(StatusNew, StatusOpen, StatusOnHold)}
	s.Stop = []Condition{solved()}
	s.Restart = RestartResume
	return s
}

// AgentWorkTime: the time the ticket spends new or open; pending and on-hold
// time are excluded; a reopened ticket continues the same cycle.
func AgentWorkTime(cal *calendar.Calendar, targets ...Target) ClockSpec {
	s := preset("agent_work_time", cal, targets)
	s.Start = []Condition{created()}
	s.Pause = []Condition{status(StatusPending, StatusOnHold)}
	s.Resume = []Condition{status(StatusNew, StatusOpen)}
	s.Stop = []Condition{solved()}
	s.Restart = RestartResume
	return s
}

// FullResolutionTime: from creation to the (last) solve, pending time
// included; a reopened ticket continues the same cycle and the time spent
// solved is not counted.
func FullResolutionTime(cal *calendar.Calendar, targets ...Target) ClockSpec {
	s := preset("full_resolution_time", cal, targets)
	s.Start = []Condition{created()}
	s.Resume = []Condition{status(StatusNew, StatusOpen, StatusPending, StatusOnHold)} // reopen
	s.Stop = []Condition{solved()}
	s.Restart = RestartResume
	return s
}
