// Package schema derives JSON Schemas (draft 2020-12) from Go types, by the
// rules encoding/json follows when it encodes them, so that every JSON
// document tablero writes is described by the types that produce it and
// tests can validate real outputs against the description.
//
// The rules: a struct is an object of its exported fields, named by their
// json tags (embedded structs flattened, "-" skipped), with
// additionalProperties false and every field required unless omitempty or
// omitzero can drop it; pointers, slices and maps may be null unless the
// field is omitted when empty; []byte is a base64 string, json.RawMessage
// any value, time.Time a date-time string, a map an object whose values
// follow the map's element type; float64 is a number, integers are
// integers. Named struct types are defined once under $defs and referenced
// with $ref, so recursive types work.
//
// A type with its own MarshalJSON describes its encoding by implementing
// Describer (a schema) or Aliaser (another Go value it encodes as); a
// marshaler that does neither is an error (see Generator.Err), so that no
// custom encoding goes undescribed by accident.
package schema

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Draft is the $schema of the generated documents.
const Draft = "https://json-schema.org/draft/2020-12/schema"

// DefaultRefPrefix is where Generator's definitions live in a standalone
// schema.
const DefaultRefPrefix = "#/$defs/"

// Describer is implemented by types with a custom JSON encoding that give
// its schema themselves. The method is called on a zero value.
type Describer interface {
	JSONSchema() map[string]any
}

// Aliaser is implemented by types whose MarshalJSON encodes a value of
// another Go type: the generator describes that type (under the aliasing
// type's name). The method is called on a zero value.
type Aliaser interface {
	JSONSchemaAlias() any
}

var (
	describerType   = reflect.TypeFor[Describer]()
	aliaserType     = reflect.TypeFor[Aliaser]()
	marshalerType   = reflect.TypeFor[json.Marshaler]()
	textMarshalType = reflect.TypeFor[encoding.TextMarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
	rawType         = reflect.TypeFor[json.RawMessage]()
	numberType      = reflect.TypeFor[json.Number]()
	bigIntType      = reflect.TypeFor[big.Int]()
)

// Generator accumulates the definitions of the named types it visits.
// The zero value is ready to use.
type Generator struct {
	// RefPrefix prefixes the names of Defs in $ref: DefaultRefPrefix when
	// empty, "#/components/schemas/" for an OpenAPI document.
	RefPrefix string
	// Defs holds the schemas of the named struct types visited so far,
	// keyed by the type's name, qualified by its package only when another
	// type already took the bare name.
	Defs map[string]any
	// AllowAny lists types with their own MarshalJSON and no description
	// that may be described as any value; any other such type is an error.
	AllowAny map[reflect.Type]bool

	names map[reflect.Type]string // the name of each type in Defs
	errs  []error
}

// Schema returns a schema for values of type t: a $ref to Defs for a named
// struct type. A pointer, slice or map type may be null.
func (g *Generator) Schema(t reflect.Type) map[string]any {
	return g.schema(t, false)
}

// Err reports the types the generator could not describe: channels,
// functions, complex numbers, maps with unsupported keys, and marshalers
// that describe neither themselves nor an alias (unless in AllowAny).
func (g *Generator) Err() error {
	return errors.Join(g.errs...)
}

// Document returns a standalone schema of values of type t, with $schema,
// the given $id and title (each omitted when empty) and the definitions
// in $defs, as indented JSON. The document itself is never null.
func (g *Generator) Document(t reflect.Type, id, title string) ([]byte, error) {
	if g.RefPrefix != "" && g.RefPrefix != DefaultRefPrefix {
		return nil, fmt.Errorf("schema: a standalone document needs RefPrefix %q, not %q", DefaultRefPrefix, g.RefPrefix)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	root := g.schema(t, true)
	if err := g.Err(); err != nil {
		return nil, err
	}
	doc := map[string]any{"$schema": Draft}
	for k, v := range root {
		doc[k] = v
	}
	if id != "" {
		doc["$id"] = id
	}
	if title != "" {
		doc["title"] = title
	}
	if len(g.Defs) > 0 {
		doc["$defs"] = g.Defs
	}
	return json.MarshalIndent(doc, "", "  ")
}

// Document returns a standalone schema of v's type (see
// Generator.Document).
func Document(v any, id, title string) ([]byte, error) {
	if v == nil {
		return nil, errors.New("schema: no type to describe (nil)")
	}
	return new(Generator).Document(reflect.TypeOf(v), id, title)
}

func (g *Generator) fail(t reflect.Type, format string, args ...any) map[string]any {
	g.errs = append(g.errs, fmt.Errorf("schema: %s: %s", t, fmt.Sprintf(format, args...)))
	return map[string]any{}
}

// implements reports whether values of t, or pointers to them, implement
// the interface it.
func implements(t, it reflect.Type) bool {
	return t.Implements(it) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(it))
}

// zero returns a zero value of t (a new one for pointer methods) as it.
func zero[I any](t reflect.Type) I {
	if v, ok := reflect.Zero(t).Interface().(I); ok {
		return v
	}
	return reflect.New(t).Interface().(I)
}

// schema describes t; omitted says the value is dropped rather than
// encoded as null when nil (omitempty, or the root of a document).
func (g *Generator) schema(t reflect.Type, omitted bool) map[string]any {
	nullable := false
	for t.Kind() == reflect.Pointer {
		nullable = true
		t = t.Elem()
	}
	s := g.describe(t)
	switch t.Kind() {
	case reflect.Slice, reflect.Map:
		nullable = true
	}
	if nullable && !omitted {
		return orNull(s)
	}
	return s
}

// describe describes non-null values of t, which is not a pointer.
func (g *Generator) describe(t reflect.Type) map[string]any {
	switch {
	case implements(t, describerType):
		return clone(zero[Describer](t).JSONSchema())
	case implements(t, aliaserType):
		return g.named(t, reflect.TypeOf(zero[Aliaser](t).JSONSchemaAlias()))
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{}
	case t == numberType:
		return map[string]any{"type": "number"}
	case t == bigIntType:
		return map[string]any{"type": "integer"}
	case implements(t, marshalerType):
		if g.AllowAny[t] {
			return map[string]any{}
		}
		return g.fail(t, "has its own MarshalJSON but no JSONSchema or JSONSchemaAlias method")
	case implements(t, textMarshalType):
		return map[string]any{"type": "string"}
	}
	return g.kind(t)
}

// kind describes t by its kind.
func (g *Generator) kind(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !implements(t.Elem(), marshalerType) && !implements(t.Elem(), textMarshalType) {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": g.schema(t.Elem(), false)}
	case reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem(), false), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return g.mapSchema(t)
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		return g.named(t, t)
	}
	return g.fail(t, "cannot be encoded as JSON")
}

func (g *Generator) mapSchema(t reflect.Type) map[string]any {
	s := map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem(), false)}
	k := t.Key()
	switch {
	case k.Kind() == reflect.String, implements(k, textMarshalType):
	case k.Kind() >= reflect.Int && k.Kind() <= reflect.Int64:
		s["propertyNames"] = map[string]any{"pattern": "^-?[0-9]+$"}
	case k.Kind() >= reflect.Uint && k.Kind() <= reflect.Uintptr:
		s["propertyNames"] = map[string]any{"pattern": "^[0-9]+$"}
	default:
		return g.fail(t, "map keys of kind %s cannot be encoded as JSON", k.Kind())
	}
	return s
}

// named defines t in Defs (as the struct body of the type body, t itself
// or its alias) and returns a reference to it.
func (g *Generator) named(t, body reflect.Type) map[string]any {
	name, ok := g.names[t]
	if !ok {
		name = g.newName(t)
		g.Defs[name] = map[string]any{} // placeholder: recursion refers to the name
		for body.Kind() == reflect.Pointer {
			body = body.Elem()
		}
		var s map[string]any
		if body.Kind() == reflect.Struct && (body == t || !implements(body, marshalerType)) {
			s = g.structSchema(body)
		} else {
			s = g.describe(body)
		}
		g.Defs[name] = s
	}
	prefix := g.RefPrefix
	if prefix == "" {
		prefix = DefaultRefPrefix
	}
	return map[string]any{"$ref": prefix + name}
}

// newName chooses t's name in Defs: its Go name, qualified by its
// package's name, then by its package path, when taken by another type.
func (g *Generator) newName(t reflect.Type) string {
	if g.Defs == nil {
		g.Defs = map[string]any{}
	}
	if g.names == nil {
		g.names = map[reflect.Type]string{}
	}
	pkg := t.PkgPath()
	for _, n := range []string{t.Name(), path.Base(pkg) + "." + t.Name(), strings.ReplaceAll(pkg, "/", ".") + "." + t.Name()} {
		n = sanitize(n)
		if _, taken := g.Defs[n]; !taken {
			g.names[t] = n
			return n
		}
	}
	return g.newName(reflect.TypeFor[struct{}]()) // unreachable: package paths are unique
}

// sanitize keeps a name's letters, digits, '_', '-' and '.', so that it
// needs no escaping in a JSON pointer.
func sanitize(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-', r == '.':
			return r
		}
		return '_'
	}, name)
}

// structSchema describes the object encoding/json makes of struct type t.
func (g *Generator) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, f := range fields(t) {
		var s map[string]any
		if f.quoted {
			s = map[string]any{"type": "string"}
			if f.typ.Kind() == reflect.Pointer && !f.omittable {
				s = orNull(s)
			}
		} else {
			s = g.schema(f.typ, f.omittable)
		}
		props[f.name] = s
		if !f.omittable && !f.viaPointer {
			required = append(required, f.name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// orNull lets s also be null.
func orNull(s map[string]any) map[string]any {
	switch ty := s["type"].(type) {
	case nil:
		if len(s) == 0 {
			return s // any value, null included
		}
	case string:
		c := clone(s)
		c["type"] = []any{ty, "null"}
		return c
	case []any:
		if slices.Contains(ty, any("null")) {
			return s
		}
		c := clone(s)
		c["type"] = append(slices.Clip(ty), "null")
		return c
	case []string:
		if slices.Contains(ty, "null") {
			return s
		}
		c := clone(s)
		c["type"] = append(slices.Clip(ty), "null")
		return c
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
