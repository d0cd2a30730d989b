package sla

import (
	_ "embed"
	"slices"
)

//go:embed schema.json
var schemaJSON []byte

// Schema returns a JSON Schema (draft 2020-12) of the agreement's JSON form,
// for editors and for hosts that check documents before handing them to
// [Decode]. It checks shape only: field names, types, formats of instants,
// dates, periods and decimals, enumerations, percentages 0–100 where a
// percentage is required, and that a time target's period suits its unit.
// References between parts of the document, time zones and overlapping
// versions are checked by [Decode] and [Agreement.Validate] alone. Every
// document Decode accepts is valid against the schema. The result is a copy.
func Schema() []byte { return slices.Clone(schemaJSON) }
