package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/tablero-project/tablero/internal/yamlsafe"
)

// MaxFileSize is the largest scenario file Parse accepts.
const MaxFileSize = 16 << 20

// Error is a problem in a scenario, located in its file when the scenario
// was parsed from one.
type Error struct {
	File      string
	Line, Col int    // 0 when unknown
	Path      string // location in the document, e.g. $.moves[2].when
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.File != "" && e.Path != "":
		return fmt.Sprintf("%s: %s: %s", e.File, e.Path, e.Msg)
	case e.Path != "":
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return e.Msg
}

// ErrorList is a list of scenario errors, sorted by position.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// source remembers where a scenario came from, to locate errors.
type source struct {
	name string
	file *ast.File
}

// Expr is an expression in a scenario file: a number or a string in the
// expression language (github.com/expr-lang/expr), e.g. "1 - rho".
type Expr struct {
	Src       string
	Line, Col int // position in the file, 0 when unknown
}

// UnmarshalYAML accepts a finite number or a string and records its
// position; anything else is an Error located at the value.
func (e *Expr) UnmarshalYAML(n ast.Node) error {
	pos := position(n)
	switch v := n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		e.Src = n.GetToken().Value
	case *ast.StringNode:
		e.Src = v.Value
	case *ast.NullNode:
		e.Src = ""
	case *ast.NanNode, *ast.InfinityNode:
		return &Error{Line: pos[0], Col: pos[1], Msg: fmt.Sprintf("expected a finite number or an expression string, found %s", describe(n))}
	default:
		return &Error{Line: pos[0], Col: pos[1], Msg: fmt.Sprintf("expected a number or an expression string, found %s", describe(n))}
	}
	e.Line, e.Col = pos[0], pos[1]
	return nil
}

// MarshalYAML writes the expression back as a string.
func (e Expr) MarshalYAML() (any, error) { return e.Src, nil }

// Load reads and parses the scenario file at path.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse decodes a scenario from YAML or JSON. name is used in error
// messages. Unknown keys, wrong types and duplicate keys are errors.
func Parse(name string, data []byte) (*Scenario, error) {
	if len(data) > MaxFileSize {
		return nil, &Error{File: name, Msg: fmt.Sprintf("file is %d bytes; the limit is %d", len(data), MaxFileSize)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{File: name, Line: 1, Col: 1, Msg: "empty scenario: expected a mapping with id, title, attributes, actors, moves, outcomes, scenarios, results and mappings"}
	}
	file, err := parseBytes(data)
	if err != nil {
		return nil, yamlError(name, err)
	}
	if len(file.Docs) != 1 {
		return nil, &Error{File: name, Line: 1, Col: 1, Msg: fmt.Sprintf("expected one document, found %d", len(file.Docs))}
	}
	body := file.Docs[0].Body
	if _, ok := body.(*ast.MappingNode); !ok {
		pos := position(body)
		return nil, &Error{File: name, Line: pos[0], Col: pos[1], Msg: fmt.Sprintf("expected a mapping at the top level, found %s", describe(body))}
	}
	var errs ErrorList
	checkKeys(name, body, reflect.TypeOf(Scenario{}), "$", &errs)
	if len(errs) > 0 {
		return nil, errs.sorted()
	}
	s := new(Scenario)
	if err := decodeNode(body, s); err != nil {
		return nil, yamlError(name, err)
	}
	s.src = &source{name: name, file: file}
	return s, nil
}

// decodeNode decodes n strictly into v, turning a panic of the YAML
// library on pathological input into an error located at n.
func decodeNode(n ast.Node, v any) error {
	err := yamlsafe.Guard(func() error { return yaml.NodeToValue(n, v, yaml.Strict()) })
	if pe := (*yamlsafe.PanicError)(nil); errors.As(err, &pe) {
		pos := position(n)
		return &Error{Line: pos[0], Col: pos[1], Msg: fmt.Sprintf("malformed document: the YAML decoder failed (%v)", pe.Value)}
	}
	return err
}

func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Col < l[j].Col
	})
	return l
}

// yamlError converts a go-yaml error into an Error with its position.
func yamlError(name string, err error) error {
	var se *Error
	if errors.As(err, &se) {
		se.File = name
		return se
	}
	var ye yaml.Error
	if errors.As(err, &ye) {
		e := &Error{File: name, Msg: ye.GetMessage()}
		if tok := ye.GetToken(); tok != nil && tok.Position != nil {
			e.Line, e.Col = tok.Position.Line, tok.Position.Column
		}
		return e
	}
	if errors.Is(err, yaml.ErrExceededMaxDepth) {
		return &Error{File: name, Msg: fmt.Sprintf("the document nests deeper than the YAML decoder allows (%v)", err)}
	}
	return &Error{File: name, Msg: err.Error()}
}

// position returns the line and column of n, or 1:1 when n has none (an
// empty document).
func position(n ast.Node) [2]int {
	if n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return [2]int{1, 1}
	}
	p := n.GetToken().Position
	return [2]int{p.Line, p.Column}
}

func describe(n ast.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode:
		return fmt.Sprintf("the string %q", n.GetToken().Value)
	case *ast.NullNode:
		return "nothing (null)"
	case *ast.BoolNode:
		return fmt.Sprintf("the boolean %s", n.GetToken().Value)
	case *ast.NanNode:
		return fmt.Sprintf("%s (not a number)", n.GetToken().Value)
	case *ast.InfinityNode:
		return fmt.Sprintf("%s (infinite)", n.GetToken().Value)
	}
	return fmt.Sprintf("%q", n.GetToken().Value)
}

// checkKeys walks the document beside the Go type it decodes into and
// reports unknown keys with the keys that were expected there, values of
// the wrong kind (before the decoder would, in its own terms) and missing
// numbers, whose zero value the decoder cannot tell from absence.
func checkKeys(name string, n ast.Node, t reflect.Type, path string, errs *ErrorList) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	n = unwrap(n)
	if n == nil || t == reflect.TypeOf(Expr{}) || customYAML(t) {
		return
	}
	if msg := mismatch(n, t); msg != "" {
		pos := position(n)
		*errs = append(*errs, &Error{File: name, Line: pos[0], Col: pos[1], Path: path, Msg: fmt.Sprintf("%s: %s", where(path), msg)})
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			return // the decoder reports the type error
		}
		fields := yamlFields(t)
		present := map[string]bool{}
		for _, kv := range m.Values {
			key := kv.Key.GetToken().Value
			present[key] = true
			f, ok := fields[key]
			if !ok {
				pos := position(kv.Key)
				*errs = append(*errs, &Error{File: name, Line: pos[0], Col: pos[1], Path: path,
					Msg: fmt.Sprintf("unknown key %q in %s (expected one of: %s)", key, where(path), strings.Join(fieldNames(t), ", "))})
				continue
			}
			checkKeys(name, kv.Value, f.Type, path+"."+key, errs)
		}
		missingNumbers(name, m, t, present, path, errs)
	case reflect.Slice:
		if s, ok := n.(*ast.SequenceNode); ok {
			for i, v := range s.Values {
				checkKeys(name, v, t.Elem(), fmt.Sprintf("%s[%d]", path, i), errs)
			}
		}
	case reflect.Map:
		if m, ok := n.(*ast.MappingNode); ok {
			for _, kv := range m.Values {
				checkKeys(name, kv.Value, t.Elem(), path+"."+kv.Key.GetToken().Value, errs)
			}
		}
	}
}

// missingNumbers reports the required numeric keys of a scenario struct
// that mapping m lacks: decoded, they would silently read as 0.
func missingNumbers(name string, m *ast.MappingNode, t reflect.Type, present map[string]bool, path string, errs *ErrorList) {
	if t.PkgPath() != reflect.TypeOf(Scenario{}).PkgPath() {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := yamlKey(f)
		if key == "" || present[key] || f.Type.Kind() != reflect.Float64 || strings.Contains(f.Tag.Get("yaml"), "omitempty") {
			continue
		}
		pos := position(m)
		*errs = append(*errs, &Error{File: name, Line: pos[0], Col: pos[1], Path: path,
			Msg: fmt.Sprintf("missing key %q in %s: a number is required (%s)", key, where(path), strings.TrimSuffix(f.Tag.Get("doc"), "."))})
	}
}

// unwrap returns the value under anchors and tags, and nil for an alias
// (the decoder resolves those).
func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			return nil
		default:
			return n
		}
	}
}

// customYAML reports whether t decodes itself.
func customYAML(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	for _, i := range []reflect.Type{
		reflect.TypeFor[yaml.BytesUnmarshaler](), reflect.TypeFor[yaml.InterfaceUnmarshaler](),
		reflect.TypeFor[yaml.NodeUnmarshaler](), reflect.TypeFor[yaml.BytesUnmarshalerContext](),
		reflect.TypeFor[yaml.NodeUnmarshalerContext](), reflect.TypeFor[yaml.InterfaceUnmarshalerContext](),
	} {
		if pt.Implements(i) || t.Implements(i) {
			return true
		}
	}
	return false
}

// mismatch says why node n cannot hold a value of type t, or "" when it
// can. Null is left to the decoder (it means the zero value).
func mismatch(n ast.Node, t reflect.Type) string {
	if _, ok := n.(*ast.NullNode); ok {
		return ""
	}
	switch t.Kind() {
	case reflect.Float64, reflect.Float32:
		switch v := n.(type) {
		case *ast.IntegerNode, *ast.FloatNode:
			return ""
		case *ast.NanNode, *ast.InfinityNode:
			return "expected a finite number, found " + describe(n)
		case *ast.StringNode:
			if _, err := strconv.ParseFloat(v.Value, 64); errors.Is(err, strconv.ErrRange) {
				return fmt.Sprintf("the number %s is beyond the range of floating-point numbers (±%.4g)", v.Value, math.MaxFloat64)
			}
		}
		return "expected a number, found " + describe(n)
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint64:
		if _, ok := n.(*ast.IntegerNode); ok {
			return ""
		}
		return "expected an integer, found " + describe(n)
	case reflect.Bool:
		if _, ok := n.(*ast.BoolNode); ok {
			return ""
		}
		return "expected true or false, found " + describe(n)
	case reflect.String:
		switch n.(type) {
		case *ast.MappingNode, *ast.MappingValueNode, *ast.SequenceNode:
			return "expected a string, found " + describe(n)
		}
	case reflect.Slice:
		if _, ok := n.(*ast.SequenceNode); !ok {
			return "expected a list, found " + describe(n)
		}
	case reflect.Struct, reflect.Map:
		switch n.(type) {
		case *ast.MappingNode, *ast.MappingValueNode:
		default:
			return "expected a mapping, found " + describe(n)
		}
	}
	return ""
}

func where(path string) string {
	if path == "$" {
		return "the scenario"
	}
	return strings.TrimPrefix(path, "$.")
}

// yamlFields maps the YAML keys of struct type t to its fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	m := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if k := yamlKey(f); k != "" {
			m[k] = f
		}
	}
	return m
}

func fieldNames(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if k := yamlKey(t.Field(i)); k != "" {
			names = append(names, k)
		}
	}
	return names
}

func yamlKey(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if tag == "-" {
		return ""
	}
	return tag
}

// errorAt builds an Error for the document location path, resolving its
// line and column when the scenario came from a file.
func (s *Scenario) errorAt(path, format string, args ...any) *Error {
	e := &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
	if s.src == nil {
		return e
	}
	e.File = s.src.name
	p, err := yaml.PathString(path)
	if err != nil {
		return e
	}
	var n ast.Node
	if err := yamlsafe.Guard(func() (err error) { n, err = p.FilterFile(s.src.file); return err }); err == nil && n != nil {
		pos := position(n)
		e.Line, e.Col = pos[0], pos[1]
	}
	return e
}

// exprError builds an Error located at an expression.
func (s *Scenario) exprError(x Expr, path, format string, args ...any) *Error {
	e := s.errorAt(path, format, args...)
	if x.Line > 0 {
		e.Line, e.Col = x.Line, x.Col
	}
	return e
}

// parseBytes parses YAML, turning a panic of the library into an error.
func parseBytes(data []byte) (*ast.File, error) {
	var f *ast.File
	err := yamlsafe.Guard(func() (err error) { f, err = parser.ParseBytes(data, 0); return err })
	if pe := (*yamlsafe.PanicError)(nil); errors.As(err, &pe) {
		return nil, &Error{Line: 1, Col: 1, Msg: fmt.Sprintf("malformed document: the YAML parser failed (%v)", pe.Value)}
	}
	return f, err
}
