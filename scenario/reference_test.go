package scenario

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestReferenceIsCurrent checks that the committed reference of the format
// is what the Go types generate: run "go generate ./scenario" after
// changing them.
func TestReferenceIsCurrent(t *testing.T) {
	var b bytes.Buffer
	if err := WriteReference(&b); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../docs/scenario-reference.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, b.Bytes()) {
		t.Error("docs/scenario-reference.md is out of date: run go generate ./scenario")
	}
	for _, key := range []string{"| `default` | number | yes |", "| `prob` | expression |", "## Distribution", "## negotiate.Spec"} {
		if !strings.Contains(b.String(), key) {
			t.Errorf("reference lacks %q", key)
		}
	}
}

// TestReferenceKeysExist checks that every default and example given for
// the reference names a key of the format.
func TestReferenceKeysExist(t *testing.T) {
	types := map[string]reflect.Type{}
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || types[t.Name()] != nil || t.PkgPath() != reflect.TypeOf(Scenario{}).PkgPath() {
			return
		}
		types[t.Name()] = t
		for i := 0; i < t.NumField(); i++ {
			walk(t.Field(i).Type)
		}
	}
	walk(reflect.TypeOf(Scenario{}))
	for _, m := range []map[string]string{keyDefaults, keyExamples} {
		for name := range m {
			typ, key, _ := strings.Cut(name, ".")
			if tt, ok := types[typ]; !ok || yamlFields(tt)[key].Name == "" {
				t.Errorf("%s is not a key of the scenario format", name)
			}
		}
	}
}
