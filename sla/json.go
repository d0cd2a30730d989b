package sla

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/internal/strictjson"
)

// Decode reads an agreement from its JSON form and validates it, within
// the default [Limits]; [Options.Decode] takes other limits.
//
// Decoding is strict. First the document's shape is checked against the Go
// types: it must be one JSON value with nothing after it, no larger than
// Limits.DocumentBytes; no key may be given twice in one object (encoding/json
// would silently keep the last); every field name must be known, spelled
// exactly (encoding/json's case-insensitive matching is not used); instants
// must be RFC 3339, dates ISO 8601 (2026-01-31) and dates that exist
// (2026-02-30 and 2026-02-29 are errors, not 2 and 1 March), durations ISO
// 8601 periods (PT4H, P3D, P1M), money and percentages decimal strings
// ("99.9", never numbers). All shape problems are reported together, and
// then nothing is returned. A well-shaped document is decoded and
// [Agreement.Validate]d; the agreement is returned together with all of its
// problems, if any.
//
// Every problem is an [*Error] with its JSON path; see [Problems].
func Decode(data []byte) (Agreement, error) { return Options{}.Decode(data) }

// Decode is [Decode] within o's limits.
func (o Options) Decode(data []byte) (Agreement, error) {
	lim := o.Limits.resolved()
	if len(data) > lim.DocumentBytes {
		return Agreement{}, &Error{Msg: fmt.Sprintf("the document is %d bytes, more than the limit of %d (Limits.DocumentBytes)", len(data), lim.DocumentBytes), Err: ErrLimit}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return Agreement{}, &Error{Msg: "the document is not valid JSON: " + err.Error(), Err: ErrSyntax}
	}
	if _, err := dec.Token(); err != io.EOF {
		return Agreement{}, &Error{Msg: "unexpected data after the JSON document; a document holds exactly one agreement", Err: ErrSyntax}
	}
	var p problems
	for _, path := range strictjson.DuplicateKeys(data) {
		k := path[strings.LastIndexAny(path, ".]")+1:]
		p.add(path, ErrDuplicate, "key "+quote(k)+" is given twice in one object (only one would count); remove one of them")
	}
	checkShape(tree, reflect.TypeFor[Agreement](), "", &p)
	if err := p.err(); err != nil {
		return Agreement{}, err
	}
	var a Agreement
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(&a); err != nil {
		// Not reached for shapes that checkShape accepts; kept as a guard.
		return Agreement{}, &Error{Msg: "the document does not match the agreement format: " + err.Error(), Err: ErrType}
	}
	return a, o.Validate(a)
}

// Encode returns the JSON form of a, indented by two spaces and ending in a
// newline. Map keys (calendar names) are sorted, so equal agreements encode
// to equal bytes. Encode does not validate a.
func Encode(a Agreement) ([]byte, error) {
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
	dateType        = reflect.TypeFor[date.Date]()
	periodType      = reflect.TypeFor[period.Period]()
	decimalType     = reflect.TypeFor[decimal.Decimal]()
)

// isText reports whether values of t are JSON strings read by their
// UnmarshalText; the types agreements use most are answered without
// reflection's method lookup.
func isText(t reflect.Type) bool {
	switch t {
	case dateType, timeType, decimalType, periodType:
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Slice, reflect.Map:
		return false
	}
	return reflect.PointerTo(t).Implements(textUnmarshaler)
}

// checkShape checks the decoded JSON value v against type t, reporting every
// mismatch under path.
func checkShape(v any, t reflect.Type, path string, p *problems) {
	if v == nil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			return
		}
		p.add(path, ErrType, "must not be null")
		return
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if isText(t) {
		s, ok := v.(string)
		if !ok {
			p.add(path, ErrType, "must be "+textHint(t))
			return
		}
		var err error
		switch t {
		case decimalType:
			if !isPlainDecimal(s) {
				err = ErrType
			}
		case dateType:
			// Date.UnmarshalText and date.ParseISO move 2026-02-30 to 2 March.
			if _, err = strictjson.Date(s); errors.Is(err, strictjson.ErrNoSuchDate) {
				p.add(path, ErrType, "there is no such date: "+strings.TrimPrefix(err.Error(), strictjson.ErrNoSuchDate.Error()+": "))
				return
			} else if err == nil {
				return // strictjson.Date accepts only what Date.UnmarshalText reads alike
			}
		}
		if err == nil {
			err = reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
		}
		if err != nil {
			p.add(path, ErrType, quote(s)+" is not "+textHint(t))
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			p.add(path, ErrType, "must be an object")
			return
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			f, ok := fields[k]
			if !ok {
				p.add(join(path, k), ErrUnknownField, "unknown field "+quote(k)+"; check its spelling and case")
				continue
			}
			checkShape(m[k], f, join(path, k), p)
		}
	case reflect.Slice:
		s, ok := v.([]any)
		if !ok {
			p.add(path, ErrType, "must be an array")
			return
		}
		for i, e := range s {
			checkShape(e, t.Elem(), path+"["+strconv.Itoa(i)+"]", p)
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			p.add(path, ErrType, "must be an object")
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			checkShape(m[k], t.Elem(), join(path, k), p)
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			p.add(path, ErrType, "must be a string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			p.add(path, ErrType, "must be true or false")
		}
	case reflect.Int, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			p.add(path, ErrType, "must be a whole number")
			return
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			p.add(path, ErrType, string(n)+" is not a whole number in range")
		}
	default:
		p.add(path, ErrType, "has a type the agreement format does not support")
	}
}

// jsonFields maps the JSON names of t's exported fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := make(map[string]reflect.Type, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// isPlainDecimal reports whether s is a plain decimal: an optional minus,
// digits, optionally a point and more digits (no exponent, no plus sign).
func isPlainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" || (hasPoint && frac == "") {
		return false
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func textHint(t reflect.Type) string {
	switch t {
	case timeType:
		return "an RFC 3339 instant such as \"2026-01-01T00:00:00Z\""
	case dateType:
		return "a date such as \"2026-01-31\""
	case periodType:
		return "an ISO 8601 duration such as \"PT4H\", \"P3D\" or \"P1M\""
	case decimalType:
		return "a decimal string such as \"99.9\""
	}
	return "a string"
}

func quote(s string) string { return strconv.Quote(s) }
