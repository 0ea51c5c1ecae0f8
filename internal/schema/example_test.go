package schema_test

import (
	"encoding/json"
	"fmt"

	"github.com/tablero-project/tablero/internal/schema"
	"github.com/tablero-project/tablero/internal/schema/schematest"
)

// Quote is a document: a price by currency, with an optional note.
type Quote struct {
	Item   string             `json:"item"`
	Prices map[string]float64 `json:"prices"` // keys are data: currency codes
	Note   string             `json:"note,omitempty"`
}

// Generate the schema of a document type, check its property names and
// validate real output against it.
func Example() {
	s, err := schema.Document(Quote{}, "https://example.org/quote.json", "quote")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(schematest.CheckKeys(s))
	good, _ := json.Marshal(Quote{Item: "tea", Prices: map[string]float64{"MXN": 30, "USD": 1.6}})
	fmt.Println(schematest.Validate(s, good))
	fmt.Println(schematest.Validate(s, []byte(`{"Item":"tea","prices":{"USD":"cheap"}}`)))
	// Output:
	// <nil>
	// <nil>
	// schema: document does not validate (3 failures):
	//   /: additional properties 'Item' not allowed
	//   /: missing property 'item'
	//   /prices/USD: got string, want number
}
