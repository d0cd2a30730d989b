package metric

import (
	"time"

	"github.com/shopspring/decimal"
)

// Attr is one attribute of an event: a key and its value as a string.
type Attr struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Event is what happened to one subject at one instant, as the metrics in
// this package see it. Hosts (and the sla evaluator) adapt their own records
// to it.
//
// Attrs is a small slice owned by the caller; the metrics read it and never
// keep or modify it, so a caller may reuse one backing array for every event.
// HasValue says whether Value is set (volumes that sum a value need it).
//
// The zero Event has no kind, the zero instant and no attributes.
type Event struct {
	Kind     string          `json:"kind"`
	At       time.Time       `json:"at"`
	Attrs    []Attr          `json:"attrs,omitempty"`
	Value    decimal.Decimal `json:"value"`
	HasValue bool            `json:"hasValue,omitempty"`
}

// Attr returns the value of the first attribute named key and whether the
// event has one. It does not allocate.
func (e Event) Attr(key string) (string, bool) { return e.attr(key) }

func (e *Event) attr(key string) (string, bool) {
	for i := range e.Attrs {
		if e.Attrs[i].Key == key {
			return e.Attrs[i].Value, true
		}
	}
	return "", false
}

// Op is how an AttrTest compares an attribute.
type Op uint8

const (
	// Equals: the attribute is present and equals Values[0].
	Equals Op = iota
	// In: the attribute is present and equals one of Values.
	In
	// NotIn: the attribute is absent, or present and equal to none of Values.
	NotIn
	// Present: the attribute is present, whatever its value.
	Present
	// Absent: the attribute is not present.
	Absent
)

var opNames = [...]string{"equals", "in", "notIn", "present", "absent"}

// String returns the op's name ("equals", "in", "notIn", "present", "absent").
func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return "Op(?)"
}

// AttrTest is a test on one attribute of an event. The zero AttrTest
// (key "", Equals, no values) matches nothing and is rejected by
// constructors.
type AttrTest struct {
	Key    string   `json:"key"`
	Op     Op       `json:"op"`
	Values []string `json:"values,omitempty"`
}

// Match reports whether e passes the test. It does not allocate.
func (t AttrTest) Match(e Event) bool { return t.match(&e) }

func (t *AttrTest) match(e *Event) bool {
	v, ok := e.attr(t.Key)
	switch t.Op {
	case Equals:
		return ok && len(t.Values) > 0 && v == t.Values[0]
	case In:
		return ok && contains(t.Values, v)
	case NotIn:
		return !ok || !contains(t.Values, v)
	case Present:
		return ok
	case Absent:
		return !ok
	}
	return false
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// Condition is a predicate over events: the event's kind is one of Kinds
// (any kind when Kinds is empty) and every test in Attrs passes.
//
// The zero Condition matches every event.
type Condition struct {
	Kinds []string   `json:"kinds,omitempty"`
	Attrs []AttrTest `json:"attrs,omitempty"`
}

// Match reports whether e satisfies c. It does not allocate.
func (c Condition) Match(e Event) bool { return c.match(&e) }

func (c *Condition) match(e *Event) bool {
	if len(c.Kinds) > 0 && !contains(c.Kinds, e.Kind) {
		return false
	}
	for i := range c.Attrs {
		if !c.Attrs[i].match(e) {
			return false
		}
	}
	return true
}

// MatchAny reports whether any condition of cs matches *e (an empty list
// matches nothing). It reads e without copying it, which matters to a
// host testing one event against many conditions; it does not allocate.
func MatchAny(cs []Condition, e *Event) bool { return matchAny(cs, e) }

// MatchAll reports whether *e passes every test of ts (an empty list
// passes), reading e without copying it; it does not allocate.
func MatchAll(ts []AttrTest, e *Event) bool {
	for i := range ts {
		if !ts[i].match(e) {
			return false
		}
	}
	return true
}

// matchAny reports whether any condition matches. An empty list matches
// nothing.
func matchAny(cs []Condition, e *Event) bool {
	for i := range cs {
		if cs[i].match(e) {
			return true
		}
	}
	return false
}

func validateConditions(op, field string, cs []Condition) error {
	for i, c := range cs {
		for j, t := range c.Attrs {
			where := field + "[" + itoa(i) + "].attrs[" + itoa(j) + "]"
			if t.Key == "" {
				return invalid(op, where+".key", "empty attribute key")
			}
			if t.Op > Absent {
				return invalid(op, where+".op", "unknown op")
			}
			if (t.Op == Equals) && len(t.Values) != 1 {
				return invalid(op, where+".values", "equals needs exactly one value")
			}
			if (t.Op == In || t.Op == NotIn) && len(t.Values) == 0 {
				return invalid(op, where+".values", t.Op.String()+" needs at least one value")
			}
		}
	}
	return nil
}

func cloneConditions(cs []Condition) []Condition {
	if cs == nil {
		return nil
	}
	out := make([]Condition, len(cs))
	for i, c := range cs {
		out[i].Kinds = append([]string(nil), c.Kinds...)
		if c.Attrs != nil {
			out[i].Attrs = make([]AttrTest, len(c.Attrs))
			for j, t := range c.Attrs {
				out[i].Attrs[j] = AttrTest{Key: t.Key, Op: t.Op, Values: append([]string(nil), t.Values...)}
			}
		}
	}
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
