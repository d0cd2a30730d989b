package sla

import (
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The fingerprint of a compiled agreement.
//
// Snapshots and partials refer to the agreement by position (version
// index, objective index, clock slot) and hold values that mean something
// only under its definitions (elapsed time on its calendars, the instants
// a target was reached, period starts on its grids). They carry the
// fingerprint of the agreement they were taken under, and Restore and
// Merge refuse any other.
//
// The fingerprint is SHA-256 over a canonical encoding of the agreement
// and of what compiling it decided (each version's span after renewal, the
// term's end, the zone), preceded by FormatVersion. The encoding walks the
// Agreement value field by field in declaration order: each field that is
// set is written as its JSON name and its value, maps in key order,
// instants in UTC, decimals in their shortest form (99.90 is 99.9), ISO
// periods and dates in their text form; a field left at its zero value is
// not written, so that a field added to Agreement by a later version of
// the library, left unset, does not change fingerprints. Text for people
// only is left out, so that correcting it keeps snapshots valid: the
// agreement's title, names, descriptions and the lists of what a service
// includes (descriptive below). Everything else counts: IDs, their order,
// scopes, metrics, targets, calendars, exclusions, penalties, caps,
// pricing, parties and their roles, the term, the review cycle, the zone,
// the currency and rounding, and the versions with their spans.

// descriptive lists the fields, by type and Go name, that the fingerprint
// leaves out.
var descriptive = map[reflect.Type][]string{
	reflect.TypeFor[Agreement]():  {"Title"},
	reflect.TypeFor[Version]():    {"Changes"},
	reflect.TypeFor[Objective]():  {"Name", "Description"},
	reflect.TypeFor[Service]():    {"Name", "Description", "Location", "Standard", "Includes", "Excludes"},
	reflect.TypeFor[Party]():      {"Name", "Department"},
	reflect.TypeFor[Contact]():    {"Title", "Email"},
	reflect.TypeFor[Obligation](): {"Description"},
	reflect.TypeFor[Exclusion]():  {"Description"},
}

// fingerprints is the fingerprint of a compiled agreement, and its
// outline: one line for the agreement without its objectives, then one
// per objective ("versions[0].objectives[1] resolution 1a2b3c4d"), each
// with the first 8 hex digits of the SHA-256 of its part. Partials carry
// the outline, so that a refusal can say which objective differs.
type fingerprints struct {
	sum     string
	outline []string
}

// fingerprintOf returns p's fingerprint: "sha256:" and the hexadecimal
// SHA-256 of p's canonical encoding (see above), and its outline.
//
// It walks the agreement once. The outline's parts are cut from that one
// encoding: an objective encodes alike alone and inside its version's
// list, and the agreement without its objectives encodes as the whole
// with each version's objectives field (its name and list) left out, as
// a field left unset is not written. TestFingerprintMatchesReference
// checks it against fingerprintRef, which walks twice.
func fingerprintOf(p *program) fingerprints {
	var w canon
	w.str("slaeval agreement fingerprint")
	w.int(FormatVersion)
	a0 := len(w.b)
	w.rec = true
	a := p.a // a copy, so that its values are addressable and p.a is not written
	w.value(reflect.ValueOf(&a).Elem())
	w.rec = false
	w.str(p.loc.String())
	w.time(p.end)
	t1 := len(w.b)
	w.int(len(p.versions))
	t2 := len(w.b)
	for i := range p.versions {
		w.time(p.versions[i].from)
		w.time(p.versions[i].to)
	}
	sum := sha256.Sum256(w.b)
	f := fingerprints{sum: "sha256:" + hex.EncodeToString(sum[:])}

	// The outline: the agreement with its objectives left out (and
	// without the prefix and the number of versions), then each
	// objective alone.
	h := sha256.New()
	last := a0
	for _, c := range w.cuts {
		h.Write(w.b[last:c[0]])
		last = c[1]
	}
	h.Write(w.b[last:t1])
	h.Write(w.b[t2:])
	f.outline = make([]string, 0, 1+len(w.objs))
	f.outline = append(f.outline, "agreement "+hex.EncodeToString(h.Sum(nil)[:4]))
	k := 0
	for vi, v := range p.a.Versions {
		for oi := range v.Objectives {
			f.outline = append(f.outline, fmt.Sprintf("versions[%d].objectives[%d] %s %s", vi, oi, v.Objectives[oi].ID, short8(w.b[w.objs[k][0]:w.objs[k][1]])))
			k++
		}
	}
	return f
}

// short8 is the first 8 hex digits of the SHA-256 of b.
func short8(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:4])
}

// explain says what differs between this outline and another one (of a
// partial), "" when it cannot tell.
func (f *fingerprints) explain(theirs []string) string {
	if len(theirs) == 0 || len(f.outline) == 0 {
		return ""
	}
	if theirs[0] != f.outline[0] {
		return "its terms outside the objectives differ (calendars, services, exclusions, caps, parties, the term, the zone, the currency, the versions or their spans)"
	}
	for i := 1; i < min(len(theirs), len(f.outline)); i++ {
		if theirs[i] == f.outline[i] {
			continue
		}
		tw, ow := strings.Fields(theirs[i]), strings.Fields(f.outline[i])
		switch {
		case len(tw) != 3 || len(ow) != 3 || tw[0] != ow[0]:
			return fmt.Sprintf("its objectives differ in number or place: %q there, %q here", theirs[i], f.outline[i])
		case tw[1] != ow[1]:
			return fmt.Sprintf("%s is %s there and %s here", tw[0], tw[1], ow[1])
		default:
			return fmt.Sprintf("objective %s (%s) is defined differently", tw[1], tw[0])
		}
	}
	if len(theirs) != len(f.outline) {
		return fmt.Sprintf("it has %d objectives over its versions, this agreement %d", len(theirs)-1, len(f.outline)-1)
	}
	return ""
}

// canon builds a canonical encoding: every item is a tag byte and, for
// strings, a length, so no two different values encode alike.
type canon struct {
	b []byte
	// With rec, value records in cuts where each version's objectives
	// field (its name and list) lies in b, and in objs each objective.
	rec  bool
	cuts [][2]int
	objs [][2]int
}

// canonType is how value writes the values of one type.
type canonType struct {
	form   int          // formOther, formTime, formDecimal or formText
	fields []canonField // of a struct: those that count, in order
}

const (
	formOther = iota
	formTime
	formDecimal
	formText // a non-pointer type whose pointer has a text form
)

// canonField is a field of a struct that counts in the fingerprint.
type canonField struct {
	i          int
	name       string // its JSON name, else its Go name
	objectives bool   // Version.Objectives
}

var versionType = reflect.TypeFor[Version]()

// canonTypes holds what value needs to know of each type an Agreement
// can hold, learnt from the Agreement type itself when the package is
// initialised; it is never written after.
var canonTypes = learnTypes(reflect.TypeFor[Agreement]())

// learnTypes returns canonTypeOf of t and of every type t's values hold.
func learnTypes(t reflect.Type) map[reflect.Type]canonType {
	m := map[reflect.Type]canonType{}
	var learn func(t reflect.Type)
	learn = func(t reflect.Type) {
		if _, ok := m[t]; ok {
			return
		}
		ct := canonTypeOf(t)
		m[t] = ct
		if ct.form != formOther {
			return
		}
		switch t.Kind() {
		case reflect.Struct:
			for _, f := range ct.fields {
				learn(t.Field(f.i).Type)
			}
		case reflect.Slice, reflect.Array, reflect.Pointer, reflect.Map:
			learn(t.Elem())
		}
	}
	learn(t)
	return m
}

// typeOf returns what value needs to know of t: from canonTypes, or (for
// a type only an interface value holds) worked out anew.
func (w *canon) typeOf(t reflect.Type) canonType {
	if ct, ok := canonTypes[t]; ok {
		return ct
	}
	return canonTypeOf(t)
}

// canonTypeOf works out how value writes the values of type t.
func canonTypeOf(t reflect.Type) canonType {
	var ct canonType
	switch {
	case t == timeType:
		ct.form = formTime
	case t == decimalType:
		ct.form = formDecimal
	case reflect.PointerTo(t).Implements(textMarshaler) && t.Kind() != reflect.Pointer:
		ct.form = formText
	case t.Kind() == reflect.Struct:
		skip := descriptive[t]
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || slices.Contains(skip, f.Name) {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",") // no comma: the whole tag is the name
			if name == "" {
				name = f.Name
			}
			ct.fields = append(ct.fields, canonField{i: i, name: name, objectives: t == versionType && f.Name == "Objectives"})
		}
	}
	return ct
}

func (w *canon) str(s string) {
	w.b = append(w.b, 's')
	w.b = strconv.AppendInt(w.b, int64(len(s)), 10)
	w.b = append(w.b, ':')
	w.b = append(w.b, s...)
}

func (w *canon) int(n int) {
	w.b = append(w.b, 'i')
	w.b = strconv.AppendInt(w.b, int64(n), 10)
	w.b = append(w.b, ';')
}

func (w *canon) time(t time.Time) {
	if t.IsZero() {
		w.b = append(w.b, 'z')
		return
	}
	var buf [48]byte
	s := t.UTC().AppendFormat(buf[:0], time.RFC3339Nano)
	w.b = append(w.b, 's')
	w.b = strconv.AppendInt(w.b, int64(len(s)), 10)
	w.b = append(w.b, ':')
	w.b = append(w.b, s...)
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

// value writes v. Agreements hold structs, slices, maps with string keys,
// pointers, strings, numbers, booleans, instants and values with a text
// form (dates, ISO periods, decimals).
func (w *canon) value(v reflect.Value) {
	t := v.Type()
	ct := w.typeOf(t)
	switch ct.form {
	case formTime:
		w.time(*addr(v).Interface().(*time.Time))
		return
	case formDecimal:
		w.str(addr(v).Interface().(*decimal.Decimal).String())
		return
	case formText:
		b, err := addr(v).Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			w.str("!" + err.Error()) // not reached for valid agreements; still canonical
			return
		}
		w.str(string(b))
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		w.b = append(w.b, '{')
		for _, f := range ct.fields {
			fv := v.Field(f.i)
			if fv.IsZero() {
				continue
			}
			start := len(w.b)
			w.str(f.name)
			if f.objectives && w.rec {
				w.objectives(fv)
				w.cuts = append(w.cuts, [2]int{start, len(w.b)})
				continue
			}
			w.value(fv)
		}
		w.b = append(w.b, '}')
	case reflect.Slice, reflect.Array:
		w.b = append(w.b, '[')
		w.int(v.Len())
		for i := range v.Len() {
			w.value(v.Index(i))
		}
		w.b = append(w.b, ']')
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		w.b = append(w.b, '(')
		w.int(len(keys))
		for _, k := range keys {
			w.str(k.String())
			w.value(v.MapIndex(k))
		}
		w.b = append(w.b, ')')
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			w.b = append(w.b, 'n')
			return
		}
		w.value(v.Elem())
	case reflect.String:
		w.str(v.String())
	case reflect.Bool:
		w.b = append(w.b, 'b', '0'+byte(b2i(v.Bool())))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.int(int(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.b = append(w.b, 'u')
		w.b = strconv.AppendUint(w.b, v.Uint(), 10)
		w.b = append(w.b, ';')
	default:
		// Floats, channels, functions: an Agreement has none. Written by
		// kind and text so that a field of such a type added later still
		// changes the fingerprint when set.
		w.str(t.String() + ":" + v.String())
	}
}

// addr returns a pointer to v's value: v's address when it has one (as
// fingerprintOf walks an addressable copy of the agreement), else a copy's,
// so that reading it through an interface allocates nothing more.
func addr(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return v.Addr()
	}
	pv := reflect.New(v.Type())
	pv.Elem().Set(v)
	return pv
}

// objectives writes a version's list of objectives as value does, and
// records where each one lies in objs.
func (w *canon) objectives(v reflect.Value) {
	w.b = append(w.b, '[')
	w.int(v.Len())
	for i := range v.Len() {
		start := len(w.b)
		w.value(v.Index(i))
		w.objs = append(w.objs, [2]int{start, len(w.b)})
	}
	w.b = append(w.b, ']')
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Fingerprint returns the fingerprint of the agreement the evaluator was
// built from: "sha256:" and 64 hexadecimal digits. Snapshots and partials
// carry it; Restore and Merge accept only those whose fingerprint equals
// it. Two evaluators built from equal agreements (the same JSON decoded
// twice, say) have equal fingerprints; an agreement that differs in
// anything but text for people (titles, names, descriptions) has another.
// A nil or zero Evaluator has none: "".
func (ev *Evaluator) Fingerprint() string {
	if ev == nil || ev.p == nil {
		return ""
	}
	return ev.p.fp.sum
}
