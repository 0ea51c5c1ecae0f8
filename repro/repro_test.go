package repro

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestHashSeparatesParts(t *testing.T) {
	if Hash([]byte("ab"), []byte("c")) == Hash([]byte("a"), []byte("bc")) {
		t.Fatal("different splits of the same bytes hash alike")
	}
	h := Hash([]byte("x"))
	if !strings.HasPrefix(h, "sha256:") || len(h) != len("sha256:")+64 {
		t.Fatalf("hash %q: want sha256:<64 hex>", h)
	}
}

func TestNewHashesOptionsAndInput(t *testing.T) {
	type opt struct {
		Seed int            `json:"seed"`
		Over map[string]int `json:"over"`
	}
	a, err := New("analyze", []byte("s"), opt{Seed: 1, Over: map[string]int{"b": 2, "a": 1}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := New("analyze", []byte("s"), opt{Seed: 1, Over: map[string]int{"a": 1, "b": 2}})
	c, _ := New("analyze", []byte("s"), opt{Seed: 2, Over: map[string]int{"a": 1, "b": 2}})
	d, _ := New("analyze", []byte("t"), opt{Seed: 1, Over: map[string]int{"a": 1, "b": 2}})
	e, _ := New("solve", []byte("s"), opt{Seed: 1, Over: map[string]int{"a": 1, "b": 2}})
	if a.Hash != b.Hash {
		t.Errorf("map order changed the hash")
	}
	for name, r := range map[string]Record{"seed": c, "input": d, "kind": e} {
		if r.Hash == a.Hash {
			t.Errorf("a different %s gave the same hash", name)
		}
	}
	if string(a.Options) != `{"seed":1,"over":{"a":1,"b":2}}` {
		t.Errorf("canonical options %s", a.Options)
	}
}

func TestVersionOf(t *testing.T) {
	for _, c := range []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, "devel+0123456789ab.dirty"},
	} {
		if got := versionOf(&c.bi); got != c.want {
			t.Errorf("versionOf(%+v) = %q, want %q", c.bi.Main, got, c.want)
		}
	}
}

func TestCanonicalNoHTMLEscape(t *testing.T) {
	b, err := Canonical(map[string]string{"q": "a<b & c>"})
	if err != nil || string(b) != `{"q":"a<b & c>"}` {
		t.Fatalf("Canonical = %s, %v", b, err)
	}
}
