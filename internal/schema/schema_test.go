package schema

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/schema/schematest"
)

// compact re-encodes JSON text with sorted keys and no space, to compare
// schemas.
func compact(t *testing.T, v any) string {
	t.Helper()
	var b []byte
	var err error
	if s, ok := v.(string); ok {
		var x any
		if err = json.Unmarshal([]byte(s), &x); err != nil {
			t.Fatalf("bad expected JSON %s: %v", s, err)
		}
		v = x
	}
	if b, err = json.Marshal(v); err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type (
	inner struct {
		A int `json:"a"`
	}
	Inner2 struct {
		B string `json:"b"`
	}
	withEmbedded struct {
		inner
		*Inner2
		C bool `json:"c"`
	}
	conflict struct {
		inner
		Other struct {
			A int `json:"a"`
		}
		A string `json:"a"` // shallower: wins over inner.A
	}
	twice struct {
		X1
		X2
	}
	X1     struct{ Z int }
	X2     struct{ Z int }
	tagged struct {
		Renamed  string            `json:"renamed"`
		Skipped  int               `json:"-"`
		Dash     int               `json:"-,"`
		Omit     *float64          `json:"omit,omitempty"`
		Null     *float64          `json:"null"`
		List     []string          `json:"list"`
		OmitList []string          `json:"omit_list,omitempty"`
		Struct   inner             `json:"struct,omitempty"` // omitempty never drops a struct
		Zero     inner             `json:"zero,omitzero"`
		Quoted   int               `json:"quoted,string"`
		Map      map[string]string `json:"map,omitempty"`
		Untagged int
		hidden   int
	}
)

func TestSchemaKinds(t *testing.T) {
	_ = tagged{}.hidden
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"bool", true, `{"type":"boolean"}`},
		{"int", 0, `{"type":"integer"}`},
		{"uint8", uint8(0), `{"type":"integer","minimum":0}`},
		{"float64", 0.0, `{"type":"number"}`},
		{"string", "", `{"type":"string"}`},
		{"bytes", []byte{}, `{"type":["string","null"],"contentEncoding":"base64"}`},
		{"array", [2]float64{}, `{"type":"array","items":{"type":"number"},"minItems":2,"maxItems":2}`},
		{"slice", []int{}, `{"type":["array","null"],"items":{"type":"integer"}}`},
		{"slice of slices", [][]string{}, `{"type":["array","null"],"items":{"type":["array","null"],"items":{"type":"string"}}}`},
		{"pointer", new(int), `{"type":["integer","null"]}`},
		{"map", map[string]float64{}, `{"type":["object","null"],"additionalProperties":{"type":"number"}}`},
		{"int keys", map[int]bool{}, `{"type":["object","null"],"additionalProperties":{"type":"boolean"},"propertyNames":{"pattern":"^-?[0-9]+$"}}`},
		{"any", []any{}, `{"type":["array","null"],"items":{}}`},
		{"time", time.Time{}, `{"type":"string","format":"date-time"}`},
		{"raw", json.RawMessage{}, `{}`},
		{"duration", time.Duration(0), `{"type":"integer"}`},
		{"embedded", struct{ withEmbedded }{}, `{"type":"object","additionalProperties":false,"required":["c","a"],
			"properties":{"a":{"type":"integer"},"b":{"type":"string"},"c":{"type":"boolean"}}}`},
		{"conflict", struct{ conflict }{}, `{"type":"object","additionalProperties":false,"required":["Other","a"],
			"properties":{"a":{"type":"string"},"Other":{"type":"object","additionalProperties":false,"required":["a"],"properties":{"a":{"type":"integer"}}}}}`},
		{"embedded twice annihilates", struct{ twice }{}, `{"type":"object","additionalProperties":false,"properties":{}}`},
		{"tags", struct{ tagged }{}, `{"type":"object","additionalProperties":false,
			"required":["renamed","-","null","list","struct","quoted","Untagged"],
			"properties":{
				"renamed":{"type":"string"},
				"-":{"type":"integer"},
				"omit":{"type":"number"},
				"null":{"type":["number","null"]},
				"list":{"type":["array","null"],"items":{"type":"string"}},
				"omit_list":{"type":"array","items":{"type":"string"}},
				"struct":{"$ref":"#/$defs/inner"},
				"zero":{"$ref":"#/$defs/inner"},
				"quoted":{"type":"string"},
				"map":{"type":"object","additionalProperties":{"type":"string"}},
				"Untagged":{"type":"integer"}}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var g Generator
			got := g.Schema(reflect.TypeOf(tc.v))
			if err := g.Err(); err != nil {
				t.Fatal(err)
			}
			if g, w := compact(t, got), compact(t, tc.want); g != w {
				t.Errorf("schema of %T\n got %s\nwant %s", tc.v, g, w)
			}
		})
	}
}

// tree is recursive through a pointer and a slice.
type tree struct {
	Label    string  `json:"label"`
	Parent   *tree   `json:"parent,omitempty"`
	Children []*tree `json:"children"`
}

func TestSchemaRecursiveNamed(t *testing.T) {
	g := Generator{RefPrefix: "#/components/schemas/"}
	got := g.Schema(reflect.TypeFor[tree]())
	if want := `{"$ref":"#/components/schemas/tree"}`; compact(t, got) != want {
		t.Errorf("got %s, want %s", compact(t, got), want)
	}
	want := `{"tree":{"type":"object","additionalProperties":false,"required":["label","children"],"properties":{
		"label":{"type":"string"},
		"parent":{"$ref":"#/components/schemas/tree"},
		"children":{"type":["array","null"],"items":{"anyOf":[{"$ref":"#/components/schemas/tree"},{"type":"null"}]}}}}}`
	if g, w := compact(t, g.Defs), compact(t, want); g != w {
		t.Errorf("defs\n got %s\nwant %s", g, w)
	}
}

func TestSchemaNameClash(t *testing.T) {
	type inner struct { // a second type named inner in this package
		Other bool `json:"other"`
	}
	var g Generator
	tests := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[inner](), `{"$ref":"#/$defs/inner"}`}, // the first visited keeps the bare name
		{reflect.TypeFor[struct {
			I inner `json:"i"`
		}](), `{"type":"object","additionalProperties":false,"required":["i"],"properties":{"i":{"$ref":"#/$defs/inner"}}}`},
		{reflect.TypeFor[struct {
			I Inner2 `json:"i"`
			J *inner `json:"j,omitempty"`
		}](), `{"type":"object","additionalProperties":false,"required":["i"],"properties":{"i":{"$ref":"#/$defs/Inner2"},"j":{"$ref":"#/$defs/inner"}}}`},
		{reflect.TypeFor[tagged](), `{"$ref":"#/$defs/tagged"}`}, // refers to the package-level inner
	}
	for _, tc := range tests {
		if got := compact(t, g.Schema(tc.typ)); got != compact(t, tc.want) {
			t.Errorf("%v: got %s, want %s", tc.typ, got, tc.want)
		}
	}
	if got := compact(t, g.Defs["tagged"]); !strings.Contains(got, `"#/$defs/schema.inner"`) {
		t.Errorf("package-level inner not qualified: %s", got)
	}
	if len(g.Defs) != 4 {
		t.Errorf("defs %s", compact(t, g.Defs))
	}
}

// number describes its own encoding.
type number float64

func (number) MarshalJSON() ([]byte, error) { return []byte("null"), nil }
func (number) JSONSchema() map[string]any {
	return map[string]any{"type": []string{"number", "null"}}
}

// wire is what aliased encodes as.
type wire struct {
	Format string `json:"format"`
}

type aliased struct{ secret int }

func (*aliased) MarshalJSON() ([]byte, error) { return json.Marshal(wire{"x"}) }
func (*aliased) JSONSchemaAlias() any         { return wire{} }

// opaque marshals itself without saying how.
type opaque struct{}

func (opaque) MarshalJSON() ([]byte, error) { return []byte("1"), nil }

// text marshals as a string.
type text struct{ x int }

func (text) MarshalText() ([]byte, error) { return []byte("t"), nil }

func TestSchemaMarshalers(t *testing.T) {
	_ = aliased{}.secret
	_ = text{}.x
	var g Generator
	tests := []struct {
		v    any
		want string
	}{
		{number(0), `{"type":["number","null"]}`},
		{new(number), `{"type":["number","null"]}`},
		{aliased{}, `{"$ref":"#/$defs/aliased"}`},
		{text{}, `{"type":"string"}`},
		{map[text]int{}, `{"type":["object","null"],"additionalProperties":{"type":"integer"}}`},
	}
	for _, tc := range tests {
		if got := compact(t, g.Schema(reflect.TypeOf(tc.v))); got != compact(t, tc.want) {
			t.Errorf("%T: got %s, want %s", tc.v, got, tc.want)
		}
	}
	if got, want := compact(t, g.Defs["aliased"]), `{"additionalProperties":false,"properties":{"format":{"type":"string"}},"required":["format"],"type":"object"}`; got != want {
		t.Errorf("alias def %s, want %s", got, want)
	}
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	g.Schema(reflect.TypeFor[struct {
		O opaque `json:"o"`
	}]())
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "opaque") {
		t.Errorf("an undescribed marshaler passed: %v", err)
	}
	allowed := Generator{AllowAny: map[reflect.Type]bool{reflect.TypeFor[opaque](): true}}
	if s := allowed.Schema(reflect.TypeFor[opaque]()); len(s) != 0 || allowed.Err() != nil {
		t.Errorf("allowed marshaler: %v, %v", s, allowed.Err())
	}
	var bad Generator
	bad.Schema(reflect.TypeFor[struct{ F func() }]())
	bad.Schema(reflect.TypeFor[map[[2]int]int]())
	if err := bad.Err(); err == nil || !strings.Contains(err.Error(), "func()") || !strings.Contains(err.Error(), "map keys") {
		t.Errorf("unsupported types passed: %v", err)
	}
}

type doc struct {
	Name   string             `json:"name"`
	Values map[string]float64 `json:"values"`
	Tree   *tree              `json:"tree,omitempty"`
	When   time.Time          `json:"when"`
}

func TestDocumentValidate(t *testing.T) {
	s, err := Document(&doc{}, "https://example.org/doc.json", "a document")
	if err != nil {
		t.Fatal(err)
	}
	if err := schematest.CheckKeys(s); err != nil {
		t.Error(err)
	}
	good, _ := json.Marshal(doc{Name: "x", Values: map[string]float64{"MX": 1}, Tree: &tree{Label: "root", Children: []*tree{{Label: "leaf"}}}})
	if err := schematest.Validate(s, good); err != nil {
		t.Errorf("%s: %v", good, err)
	}
	tests := []struct {
		doc  string
		want []string
	}{
		{`{"name":"x","values":null,"when":"2025-01-01T00:00:00Z","Extra":1}`, []string{"/: additional properties 'Extra'"}},
		{`{"name":1,"values":{},"when":"yesterday"}`, []string{"/name: got number, want string", "/when: 'yesterday' is not valid date-time"}},
		{`{"values":{"a":"b"},"when":"2025-01-01T00:00:00Z","tree":{"label":"r","children":[{"label":2,"children":null}]}}`,
			[]string{"/: missing property 'name'", "/values/a: got string, want number", "/tree/children/0/label: got number"}},
	}
	for _, tc := range tests {
		err := schematest.Validate(s, []byte(tc.doc))
		if err == nil {
			t.Errorf("%s validated", tc.doc)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error lacks %q:\n%v", tc.doc, w, err)
			}
		}
	}
}

func TestCheckKeys(t *testing.T) {
	s, err := Document(struct {
		Good  int                `json:"good_name"`
		Bad   int                `json:"BadName"`
		Inner []struct{ ID int } `json:"inner"`
		Data  map[string]int     `json:"data"`
	}{}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	err = schematest.CheckKeys(s)
	if err == nil {
		t.Fatal("camel-case keys passed")
	}
	for _, want := range []string{"/properties/BadName", "/properties/inner/items/properties/ID"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "good_name") || strings.Contains(err.Error(), "data") {
		t.Errorf("flagged a good key: %v", err)
	}
}

func TestDocumentErrors(t *testing.T) {
	if _, err := Document(nil, "", ""); err == nil {
		t.Error("described nil")
	}
	if _, err := Document(opaque{}, "", ""); err == nil {
		t.Error("described an undescribed marshaler")
	}
	g := Generator{RefPrefix: "#/components/schemas/"}
	if _, err := g.Document(reflect.TypeFor[doc](), "", ""); err == nil {
		t.Error("standalone document with OpenAPI references")
	}
	if err := schematest.Validate([]byte(`{"type":"object"}`), []byte(`{`)); err == nil {
		t.Error("validated broken JSON")
	}
	if !bytes.Contains([]byte(compact(t, map[string]any{})), []byte("{}")) {
		t.Error("compact")
	}
}
