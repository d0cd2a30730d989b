package sla

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

// EventDecodeError is an event that could not be decoded from its JSON
// form: the line it was on (1-based; 0 when decoded alone, by
// UnmarshalJSON), the field at fault ("" when the line as a whole is not a
// JSON object) and why. Its message is one line, such as
//
//	sla: event line 3: field "at": want an RFC 3339 instant such as "2026-03-02T09:00:00Z", got "yesterday"
//
// It wraps ErrType.
type EventDecodeError struct {
	Line  int
	Field string
	Msg   string
}

func (e *EventDecodeError) Error() string {
	var b strings.Builder
	b.WriteString("sla: event")
	if e.Line > 0 {
		b.WriteString(" line ")
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString("field ")
		b.WriteString(strconv.Quote(e.Field))
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns ErrType.
func (e *EventDecodeError) Unwrap() error { return ErrType }

func fieldError(field, format string, args ...any) error {
	return &EventDecodeError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// MarshalJSON encodes e in the documented form; attributes with repeated
// keys keep only the first value.
func (e Event) MarshalJSON() ([]byte, error) {
	j := struct {
		ID          string            `json:"id"`
		SubjectType string            `json:"subjectType"`
		Subject     string            `json:"subject"`
		Kind        string            `json:"kind"`
		At          time.Time         `json:"at"`
		Attrs       map[string]string `json:"attrs,omitempty"`
		Value       json.RawMessage   `json:"value,omitempty"`
	}{ID: e.ID, SubjectType: e.SubjectType, Subject: e.Subject, Kind: e.Kind, At: e.At}
	if len(e.Attrs) > 0 {
		j.Attrs = make(map[string]string, len(e.Attrs))
		for _, a := range e.Attrs {
			if _, dup := j.Attrs[a.Key]; !dup {
				j.Attrs[a.Key] = a.Value
			}
		}
	}
	if e.HasValue {
		j.Value = json.RawMessage(strconv.Quote(e.Value.String()))
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes the documented form. Errors are
// *EventDecodeError values (wrapping ErrType) that name the field at
// fault, in one line:
//   - "id", "subjectType", "subject" and "kind" must be strings, "attrs" an
//     object of string values, "value" a decimal string such as "12.5";
//   - "kind" is required, and "at", which must be an RFC 3339 instant;
//   - a field given twice (also within "attrs") is an error, not "the last
//     one wins".
//
// A missing "id", "subjectType" or "subject" leaves the field empty, for
// Apply to reject with its typed reason (ErrMissingID, ErrUnknownSubject)
// and count. Fields the form does not define are ignored, so that a
// producer may add fields before its consumers know them; a misspelt
// field is therefore missing, not an error ("atrs" leaves Attrs empty).
// Attributes come out sorted by key.
func (e *Event) UnmarshalJSON(b []byte) error {
	fields, err := objectFields(b, "")
	if err != nil {
		return err
	}
	var out Event
	strs := []struct {
		name string
		dst  *string
	}{{"id", &out.ID}, {"subjectType", &out.SubjectType}, {"subject", &out.Subject}, {"kind", &out.Kind}}
	for _, f := range strs {
		if v, ok := fields[f.name]; ok {
			if err := json.Unmarshal(v, f.dst); err != nil {
				return fieldError(f.name, "want a string, got %s", clip(v))
			}
		}
	}
	if out.Kind == "" {
		return fieldError("kind", `missing: every event needs its kind, such as "ticket.created"`)
	}
	if v, ok := fields["attrs"]; ok && string(v) != "null" {
		attrs, err := objectFields(v, "attrs")
		if err != nil {
			return err
		}
		if len(attrs) > 0 {
			out.Attrs = make([]metric.Attr, 0, len(attrs))
			for k, raw := range attrs {
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					return fieldError("attrs", "attribute %q: want a string value, got %s", k, clip(raw))
				}
				out.Attrs = append(out.Attrs, metric.Attr{Key: k, Value: s})
			}
			slices.SortFunc(out.Attrs, func(a, b metric.Attr) int { return strings.Compare(a.Key, b.Key) })
		}
	}
	if v, ok := fields["value"]; ok && string(v) != "null" {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return fieldError("value", `want a decimal string such as "12.5", got %s`, clip(v))
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return fieldError("value", `want a decimal string such as "12.5", got %q`, s)
		}
		out.Value, out.HasValue = d, true
	}
	at, ok := fields["at"]
	if !ok || string(at) == "null" {
		return fieldError("at", `missing: every event needs its instant, such as "2026-03-02T09:00:00Z"`)
	}
	var s string
	if err := json.Unmarshal(at, &s); err != nil {
		return fieldError("at", `want an RFC 3339 instant such as "2026-03-02T09:00:00Z", got %s`, clip(at))
	}
	if out.At, err = time.Parse(time.RFC3339Nano, s); err != nil {
		return fieldError("at", `want an RFC 3339 instant such as "2026-03-02T09:00:00Z", got %q`, s)
	}
	*e = out
	return nil
}

// objectFields splits the JSON object b into its members, refusing
// anything but one object and a member name given twice. field names b
// in errors ("" for the event itself).
func objectFields(b []byte, field string) (map[string]json.RawMessage, error) {
	what := "the event"
	if field != "" {
		what = "the value"
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		if err != nil {
			return nil, fieldError(field, "%s is not valid JSON: %s", what, jsonReason(err))
		}
		return nil, fieldError(field, "%s must be a JSON object, got %s", what, clip(b))
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fieldError(field, "%s is not valid JSON: %s", what, jsonReason(err))
		}
		name, ok := tok.(string)
		if !ok { // not reached: the decoder reports a non-string key as a syntax error
			return nil, fieldError(field, "%s has a member name that is not a string", what)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fieldError(field, "%s is not valid JSON: %s", what, jsonReason(err))
		}
		if _, dup := fields[name]; dup {
			if field == "" {
				return nil, fieldError(name, "given twice: give each field once")
			}
			return nil, fieldError(field+"."+name, "given twice: give each attribute once")
		}
		fields[name] = v
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, fieldError(field, "%s is not valid JSON: %s", what, jsonReason(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fieldError(field, "%s has data after its closing brace", what)
	}
	return fields, nil
}

// jsonReason is the decoder's complaint without its "json: " prefix.
func jsonReason(err error) string {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "it ends too early"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// clip quotes at most 40 bytes of a JSON value for an error message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// MaxEventLine is the longest line DecodeEvents reads, in bytes.
const MaxEventLine = 1 << 20

// DecodeEvents returns the events of r, read as JSON Lines: one event per
// line in the form Event documents, blank lines skipped. A line that does
// not decode yields a zero Event with an *EventDecodeError naming its line
// and field, and decoding goes on with the next line; a line longer than
// MaxEventLine, or a read error of r, yields an error and ends the
// sequence. It reads r as it is iterated, so it can be used only once.
func DecodeEvents(r io.Reader) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64*1024), MaxEventLine)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			var e Event
			if err := e.UnmarshalJSON(b); err != nil {
				if de, ok := errors.AsType[*EventDecodeError](err); ok {
					de.Line = line
				}
				if !yield(Event{}, err) {
					return
				}
				continue
			}
			if !yield(e, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				yield(Event{}, &EventDecodeError{Line: line + 1, Msg: fmt.Sprintf("longer than %d bytes", MaxEventLine)})
				return
			}
			yield(Event{}, fmt.Errorf("sla: reading events after line %d: %w", line, err))
		}
	}
}
