package schema

import (
	"reflect"
	"strings"
	"unicode"
)

// field is a member of the JSON object encoding/json makes of a struct.
type field struct {
	name   string
	typ    reflect.Type
	tagged bool // named by a json tag
	depth  int  // embedding depth
	// omittable fields may be left out: omitzero, or omitempty on a kind
	// that can be empty.
	omittable bool
	// quoted fields have the ",string" option: their number or boolean
	// is encoded inside a string.
	quoted bool
	// viaPointer fields are promoted through an embedded pointer, and
	// missing when it is nil.
	viaPointer bool
}

// fields lists the fields of the object encoding/json makes of struct type
// t, in its order: exported fields by their json names, the fields of
// embedded structs promoted, conflicts resolved as encoding/json does (the
// shallowest wins, then the tagged one; otherwise none).
func fields(t reflect.Type) []field {
	type level struct {
		t          reflect.Type
		viaPointer bool
	}
	var all []field
	current := []level{{t, false}}
	seen := map[reflect.Type]int{} // the depth a struct was first expanded at
	for depth := 0; len(current) > 0; depth++ {
		var next []level
		for _, lv := range current {
			// a struct embedded twice at one depth is expanded twice, so
			// that its fields conflict and vanish, as in encoding/json
			if d, ok := seen[lv.t]; ok && d < depth {
				continue
			}
			seen[lv.t] = depth
			for i := range lv.t.NumField() {
				f, embedded, ok := structField(lv.t.Field(i), depth, lv.viaPointer)
				switch {
				case !ok:
				case embedded != nil:
					next = append(next, level{embedded, f.viaPointer})
				default:
					all = append(all, f)
				}
			}
		}
		current = next
	}
	return dominant(all)
}

// structField interprets one struct field: a field of the object, an
// embedded struct to promote (embedded not nil), or nothing (ok false).
func structField(sf reflect.StructField, depth int, viaPointer bool) (f field, embedded reflect.Type, ok bool) {
	ft := sf.Type
	if ft.Name() == "" && ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if sf.Anonymous {
		if !sf.IsExported() && ft.Kind() != reflect.Struct {
			return field{}, nil, false
		}
	} else if !sf.IsExported() {
		return field{}, nil, false
	}
	tag := sf.Tag.Get("json")
	if tag == "-" {
		return field{}, nil, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	if !validName(name) {
		name = ""
	}
	f = field{name: name, typ: sf.Type, tagged: name != "", depth: depth, viaPointer: viaPointer}
	if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
		f.viaPointer = viaPointer || sf.Type.Kind() == reflect.Pointer
		return f, ft, true
	}
	if f.name == "" {
		f.name = sf.Name
	}
	f.omittable = hasOption(opts, "omitzero") || (hasOption(opts, "omitempty") && canBeEmpty(sf.Type))
	if hasOption(opts, "string") {
		switch ft.Kind() {
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
			reflect.Float32, reflect.Float64, reflect.String:
			f.quoted = true
		}
	}
	return f, nil, true
}

// canBeEmpty reports whether omitempty can drop a value of type t: false
// for structs and non-empty arrays, which it never drops.
func canBeEmpty(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct:
		return false
	case reflect.Array:
		return t.Len() == 0
	}
	return true
}

func hasOption(opts, want string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}

// validName reports whether encoding/json accepts name as a key from a tag.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// dominant keeps, for each name, the field encoding/json encodes: the
// shallowest, then the only tagged one among the shallowest; a name with
// several equally dominant fields is dropped.
func dominant(all []field) []field {
	byName := map[string][]int{}
	var order []string
	for i, f := range all {
		if _, ok := byName[f.name]; !ok {
			order = append(order, f.name)
		}
		byName[f.name] = append(byName[f.name], i)
	}
	var out []field
	for _, name := range order {
		if f, ok := winner(all, byName[name]); ok {
			out = append(out, f)
		}
	}
	return out
}

func winner(all []field, idx []int) (field, bool) {
	best := []field{}
	for _, i := range idx {
		f := all[i]
		switch {
		case len(best) == 0 || f.depth < best[0].depth:
			best = []field{f}
		case f.depth == best[0].depth:
			best = append(best, f)
		}
	}
	if len(best) == 1 {
		return best[0], true
	}
	var tagged []field
	for _, f := range best {
		if f.tagged {
			tagged = append(tagged, f)
		}
	}
	if len(tagged) == 1 {
		return tagged[0], true
	}
	return field{}, false
}
