package metric

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// at parses "2006-01-02 15:04" (optionally with ":05") in UTC.
func at(s string) time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t
		}
	}
	panic("bad test time " + s)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ev(kind, when string, kv ...string) Event {
	e := Event{Kind: kind, At: at(when)}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Attrs = append(e.Attrs, Attr{Key: kv[i], Value: kv[i+1]})
	}
	return e
}

// run applies events in order and returns the final state and the closed
// cycle results.
func run(t *testing.T, c *Clock, events []Event) (ClockState, []CycleResult) {
	t.Helper()
	var s ClockState
	var closed []CycleResult
	for _, e := range events {
		step, err := c.Apply(&s, &e)
		if err != nil {
			t.Fatalf("Apply(%s at %v): %v", e.Kind, e.At, err)
		}
		if step.Closed {
			closed = append(closed, step.Result)
		}
	}
	return s, closed
}
