package sla

// Party roles.
const (
	RoleProvider = "provider" // provides a service to a customer
	RoleCustomer = "customer" // receives it, and owes e.g. payment and timely answers
	RoleInternal = "internal" // a team in an internal agreement (sales, marketing, service)
)

// Party is one side of the agreement. An agreement has at least two; in an
// internal agreement several teams each owe something to another (marketing
// delivers leads to sales, sales reports to customer service), and a
// customer may be a party too.
type Party struct {
	ID         string    `json:"id"`   // referenced by objectives, obligations, services
	Name       string    `json:"name"` // e.g. "Company X Sales"
	Role       string    `json:"role"` // Role* constant
	Department string    `json:"department,omitempty"`
	Contacts   []Contact `json:"contacts,omitempty"`
}

// Contact is a named person of a party, e.g. Amy, Director of Sales.
type Contact struct {
	Name  string `json:"name"` // unique within the party; referenced by objectives
	Title string `json:"title,omitempty"`
	Email string `json:"email,omitempty"`
}
