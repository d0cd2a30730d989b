package sla

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatalf("schema.json is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("schema.json does not compile: %v", err)
	}
	return s
}

func schemaValidate(s *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// TestSchemaValidDocuments: every valid agreement, as written and as
// re-encoded by Encode, is valid against the schema.
func TestSchemaValidDocuments(t *testing.T) {
	s := compileSchema(t)
	files, _ := filepath.Glob("testdata/agreements/*.json")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := schemaValidate(s, data); err != nil {
				t.Errorf("schema rejects %s: %v", f, err)
			}
			a, err := Decode(data)
			if err != nil {
				t.Fatalf("Decode(%s) = %v", f, err)
			}
			enc, _ := Encode(a)
			if err := schemaValidate(s, enc); err != nil {
				t.Errorf("schema rejects Encode(Decode(%s)): %v\n%s", f, err, enc)
			}
		})
	}
}

// TestSchemaInvalidDocuments: the schema rejects exactly the invalid
// documents whose problems are a matter of shape (see invalidCases).
func TestSchemaInvalidDocuments(t *testing.T) {
	s := compileSchema(t)
	for _, tc := range invalidCases {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/invalid/" + tc.file + ".json")
			if err != nil {
				t.Fatal(err)
			}
			err = schemaValidate(s, data)
			if got := err != nil; got != tc.schemaRejects {
				t.Errorf("schema rejects %s = %v, want %v (%s); schema says: %v", tc.file, got, tc.schemaRejects, tc.reason, err)
			}
		})
	}
}
