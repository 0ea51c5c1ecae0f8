package poll

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var located = regexp.MustCompile(`^(https?://example\.org/gdelt/lastupdate\.txt:\d+: |lastupdate |bufio)`)

// FuzzParseLastUpdate feeds arbitrary bytes to ParseLastUpdate: an error
// naming the line, or entries with sizes, lower-case MD5s and http(s)
// URLs that read back unchanged from the lines they print as.
func FuzzParseLastUpdate(f *testing.F) {
	for _, s := range []string{
		"150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20250301.export.CSV.zip\n" +
			"318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20250301.mentions.CSV.zip\n",
		"1 297A16B493DE7CF6CA809A7CC31D0B93 20250301.export.CSV.zip\n\n", "-1 x y\n", "1 2\n",
		"1 297a16b493de7cf6ca809a7cc31d0b93 ftp://x/y\n", "1 297a16b493de7cf6ca809a7cc31d0b93 ../a%zz\n"} {
		f.Add([]byte(s))
	}
	const base = "https://example.org/gdelt/lastupdate.txt"
	hex := regexp.MustCompile(`^[0-9a-f]{32}$`)
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := ParseLastUpdate(data, base)
		if err != nil {
			if !located.MatchString(err.Error()) {
				t.Fatalf("error without its line: %v", err)
			}
			return
		}
		var lines []string
		for _, e := range es {
			if e.Size < 0 || !hex.MatchString(e.MD5) || !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://") || !hasHost(e.URL) {
				t.Fatalf("entry %+v accepted", e)
			}
			lines = append(lines, fmt.Sprintf("%d %s %s", e.Size, e.MD5, e.URL))
		}
		back, err := ParseLastUpdate([]byte(strings.Join(lines, "\n")), base)
		if err != nil || !reflect.DeepEqual(back, es) {
			t.Fatalf("%+v printed as %q reads back as %+v, %v", es, lines, back, err)
		}
	})
}

// hasHost reports whether the URL s names a host.
func hasHost(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Host != ""
}
