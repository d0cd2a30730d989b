package sla

import (
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// fingerprintRef is fingerprintOf as it was first written, the slow
// reference: it walks the agreement twice, once whole and once without
// its objectives, with a reflection walk that looks at every type anew.
// fingerprintRef returns p's fingerprint: "sha256:" and the hexadecimal
// SHA-256 of p's canonical encoding (see above), and its outline.
func fingerprintRef(p *program) fingerprints {
	var w refCanon
	w.str("slaeval agreement fingerprint")
	w.int(FormatVersion)
	w.value(reflect.ValueOf(p.a))
	w.str(p.loc.String())
	w.time(p.end)
	w.int(len(p.versions))
	for i := range p.versions {
		w.time(p.versions[i].from)
		w.time(p.versions[i].to)
	}
	sum := sha256.Sum256(w.b)
	f := fingerprints{sum: "sha256:" + hex.EncodeToString(sum[:])}

	// The outline: the agreement with its objectives left out, then each
	// objective alone.
	bare := p.a
	bare.Versions = slices.Clone(p.a.Versions)
	for i := range bare.Versions {
		bare.Versions[i].Objectives = nil
	}
	w.b = w.b[:0]
	w.value(reflect.ValueOf(bare))
	w.str(p.loc.String())
	w.time(p.end)
	for i := range p.versions {
		w.time(p.versions[i].from)
		w.time(p.versions[i].to)
	}
	f.outline = append(f.outline, "agreement "+short8(w.b))
	for vi, v := range p.a.Versions {
		for oi := range v.Objectives {
			w.b = w.b[:0]
			w.value(reflect.ValueOf(v.Objectives[oi]))
			f.outline = append(f.outline, fmt.Sprintf("versions[%d].objectives[%d] %s %s", vi, oi, v.Objectives[oi].ID, short8(w.b)))
		}
	}
	return f
}

// refCanon is canon as first written (see fingerprintRef).
// it builds a canonical encoding: every item is a tag byte and, for
// strings, a length, so no two different values encode alike.
type refCanon struct{ b []byte }

func (w *refCanon) str(s string) {
	w.b = append(w.b, 's')
	w.b = strconv.AppendInt(w.b, int64(len(s)), 10)
	w.b = append(w.b, ':')
	w.b = append(w.b, s...)
}

func (w *refCanon) int(n int) {
	w.b = append(w.b, 'i')
	w.b = strconv.AppendInt(w.b, int64(n), 10)
	w.b = append(w.b, ';')
}

func (w *refCanon) time(t time.Time) {
	if t.IsZero() {
		w.b = append(w.b, 'z')
		return
	}
	w.str(t.UTC().Format(time.RFC3339Nano))
}

// value writes v. Agreements hold structs, slices, maps with string keys,
// pointers, strings, numbers, booleans, instants and values with a text
// form (dates, ISO periods, decimals).
func (w *refCanon) value(v reflect.Value) {
	t := v.Type()
	switch {
	case t == timeType:
		w.time(v.Interface().(time.Time))
		return
	case t == decimalType:
		w.str(v.Interface().(decimal.Decimal).String())
		return
	case reflect.PointerTo(t).Implements(textMarshaler) && t.Kind() != reflect.Pointer:
		pv := reflect.New(t)
		pv.Elem().Set(v)
		b, err := pv.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			w.str("!" + err.Error()) // not reached for valid agreements; still canonical
			return
		}
		w.str(string(b))
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		skip := descriptive[t]
		w.b = append(w.b, '{')
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || slices.Contains(skip, f.Name) || v.Field(i).IsZero() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" {
				name = f.Name
			}
			w.str(name)
			w.value(v.Field(i))
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

// TestFingerprintMatchesReference checks that fingerprintOf, which walks
// the agreement once and cuts the outline's parts from that encoding,
// gives what fingerprintRef (two walks, the agreement rebuilt without its
// objectives) gives: on every agreement of testdata/agreements, and on each with its
// objectives reversed, with the first version's objectives an empty
// list, and with them nil (the cut must leave the field out exactly as
// an unset field is left out).
func TestFingerprintMatchesReference(t *testing.T) {
	files, err := os.ReadDir("testdata/agreements")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := f.Name()
		p, err := compile(mustLoad(t, name))
		if err != nil {
			t.Fatalf("compile(%s): %v", name, err)
		}
		orig := p.a
		for _, tc := range []struct {
			name   string
			change func(a *Agreement)
		}{
			{"as decoded", func(*Agreement) {}},
			{"objectives reversed", func(a *Agreement) {
				for i := range a.Versions {
					slices.Reverse(a.Versions[i].Objectives)
				}
			}},
			{"first version's objectives empty", func(a *Agreement) { a.Versions[0].Objectives = []Objective{} }},
			{"first version's objectives nil", func(a *Agreement) { a.Versions[0].Objectives = nil }},
		} {
			a := orig
			a.Versions = slices.Clone(orig.Versions)
			for i := range a.Versions {
				a.Versions[i].Objectives = slices.Clone(orig.Versions[i].Objectives)
			}
			tc.change(&a)
			p.a = a
			want, got := fingerprintRef(p), fingerprintOf(p)
			if got.sum != want.sum {
				t.Errorf("%s, %s: fingerprintOf sum = %s, want %s", name, tc.name, got.sum, want.sum)
			}
			if diff := cmp.Diff(want.outline, got.outline); diff != "" {
				t.Errorf("%s, %s: fingerprintOf outline (-want +got):\n%s", name, tc.name, diff)
			}
		}
	}
}
