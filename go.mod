module github.com/slaeval/slaeval

go 1.26

require (
	github.com/google/go-cmp v0.7.0
	github.com/rickar/cal/v2 v2.1.13
	github.com/rickb777/date/v2 v2.3.1
	github.com/rickb777/period v1.0.21
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/shopspring/decimal v1.6.0
	pgregory.net/rapid v1.3.0
)

require (
	github.com/govalues/decimal v0.1.36 // indirect
	github.com/rickb777/plural v1.4.7 // indirect
	golang.org/x/text v0.32.0 // indirect
)
