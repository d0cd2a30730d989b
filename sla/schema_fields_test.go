package sla

import (
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestSchemaFieldsMatchTypes walks the Go types of the agreement and the
// schema side by side and checks that every struct's JSON field names are
// exactly the properties the schema allows at that place (following $ref,
// array items, map values and the allOf/anyOf/oneOf/if/then/else branches),
// so that a field added to a type cannot be forgotten in schema.json.
func TestSchemaFieldsMatchTypes(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(Schema(), &root); err != nil {
		t.Fatal(err)
	}
	defs, _ := root["$defs"].(map[string]any)
	resolve := func(s map[string]any) map[string]any {
		for range 8 {
			ref, ok := s["$ref"].(string)
			if !ok {
				break
			}
			d, _ := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
			if d == nil {
				t.Fatalf("schema: dangling $ref %q", ref)
			}
			s = d
		}
		return s
	}
	// props gathers the property schemas allowed by s, with its branches.
	var props func(s map[string]any, out map[string][]map[string]any)
	props = func(s map[string]any, out map[string][]map[string]any) {
		s = resolve(s)
		if p, ok := s["properties"].(map[string]any); ok {
			for k, v := range p {
				if m, ok := v.(map[string]any); ok {
					out[k] = append(out[k], m)
				}
			}
		}
		for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
			if list, ok := s[kw].([]any); ok {
				for _, b := range list {
					if m, ok := b.(map[string]any); ok {
						props(m, out)
					}
				}
			}
		}
		for _, kw := range []string{"then", "else"} {
			if m, ok := s[kw].(map[string]any); ok {
				props(m, out)
			}
		}
	}
	textType := reflect.TypeFor[encoding.TextUnmarshaler]()
	seen := map[reflect.Type]bool{}
	var walk func(path string, typ reflect.Type, ss []map[string]any)
	walk = func(path string, typ reflect.Type, ss []map[string]any) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if reflect.PointerTo(typ).Implements(textType) {
			return
		}
		switch typ.Kind() {
		case reflect.Slice, reflect.Array:
			var items []map[string]any
			for _, s := range ss {
				if it, ok := resolve(s)["items"].(map[string]any); ok {
					items = append(items, it)
				}
			}
			if len(items) == 0 {
				t.Errorf("%s: schema has no items for %v", path, typ)
				return
			}
			walk(path+"[]", typ.Elem(), items)
		case reflect.Map:
			var vals []map[string]any
			for _, s := range ss {
				if v, ok := resolve(s)["additionalProperties"].(map[string]any); ok {
					vals = append(vals, v)
				}
			}
			if len(vals) == 0 {
				t.Errorf("%s: schema has no additionalProperties schema for %v", path, typ)
				return
			}
			walk(path+".*", typ.Elem(), vals)
		case reflect.Struct:
			if seen[typ] {
				return // recursive types (calendar.Spec) are checked once
			}
			seen[typ] = true
			allowed := map[string][]map[string]any{}
			for _, s := range ss {
				props(s, allowed)
			}
			var goNames []string
			for i := range typ.NumField() {
				f := typ.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if !f.IsExported() || name == "-" {
					continue
				}
				if name == "" {
					name = f.Name
				}
				goNames = append(goNames, name)
				sub, ok := allowed[name]
				if !ok {
					t.Errorf("%s: field %q of %v is missing from the schema", path, name, typ)
					continue
				}
				walk(path+"."+name, f.Type, sub)
			}
			for name := range allowed {
				if !slices.Contains(goNames, name) {
					t.Errorf("%s: schema property %q is not a field of %v", path, name, typ)
				}
			}
		}
	}
	walk("$", reflect.TypeFor[Agreement](), []map[string]any{root})
}
