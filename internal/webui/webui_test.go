package webui_test

import (
	"fmt"
	"io/fs"
	"regexp"
	"testing"

	"github.com/tablero-project/tablero/internal/webui"
)

func ExampleFS() {
	_, err := fs.Stat(webui.FS(), "index.html")
	fmt.Println("index.html embedded:", err == nil)
	// Output: index.html embedded: true
}

// Every script and style the page names is in the build: a stale or
// half-copied dist fails here, before a browser sees it.
func TestIndexNamesEmbeddedAssets(t *testing.T) {
	files := webui.FS()
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?:src|href)="\./(assets/[^"]+)"`).FindAllStringSubmatch(string(index), -1)
	if len(refs) < 2 {
		t.Fatalf("index.html names %d assets, want a script and a style sheet:\n%s", len(refs), index)
	}
	for _, m := range refs {
		if st, err := fs.Stat(files, m[1]); err != nil || st.Size() == 0 {
			t.Errorf("index.html names %s: %v", m[1], err)
		}
	}
}
