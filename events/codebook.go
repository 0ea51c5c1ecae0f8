package events

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// DecodeText returns b as text: UTF-8 as it is, anything else decoded as
// Windows-1252 (the encoding of ICEWS's codebook); then FixMojibake.
func DecodeText(b []byte) string {
	s := string(b)
	if !utf8.ValidString(s) {
		s, _ = charmap.Windows1252.NewDecoder().String(s)
	}
	return FixMojibake(s)
}

// FixMojibake repairs text whose UTF-8 bytes were once decoded as Mac
// Roman, as in ICEWS's codebook ("‚Äô" for ’, "‚Äú" for “): each run of
// non-ASCII characters that Mac Roman encodes into valid multi-byte UTF-8
// is replaced by what that UTF-8 says. Other text is returned unchanged
// (a lone "é" stays: as Mac Roman it is the byte 0x8E, not UTF-8).
func FixMojibake(s string) string {
	var b strings.Builder
	enc := charmap.Macintosh.NewEncoder()
	changed := false
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= utf8.RuneSelf {
			j++
		}
		run := s[i:j]
		if raw, err := enc.String(run); err == nil && utf8.ValidString(raw) && raw != run {
			b.WriteString(raw)
			changed = true
		} else {
			b.WriteString(run)
		}
		i = j
	}
	if !changed {
		return s
	}
	return b.String()
}

// CodebookEntry is one code of a CAMEO codebook file.
type CodebookEntry struct {
	Code        string  `json:"code"`
	Name        string  `json:"name"`
	Goldstein   float64 `json:"goldstein"`
	Description string  `json:"description"`
}

// ReadCodebook reads a CAMEO codebook in the CSV layout of the ICEWS
// codebook (columns code, name, goldstein, description among others;
// Windows-1252 with Mac Roman mojibake, repaired by DecodeText). Codes stay
// strings; NA is empty.
func ReadCodebook(r io.Reader, name string) ([]CodebookEntry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[DecodeText([]byte(h))] = i
	}
	for _, need := range []string{"code", "name", "goldstein"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s:1: no column %q", name, need)
		}
	}
	var out []CodebookEntry
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(k string) string {
			i, ok := col[k]
			if !ok || i >= len(rec) || rec[i] == "NA" {
				return ""
			}
			return DecodeText([]byte(rec[i]))
		}
		g, err := strconv.ParseFloat(get("goldstein"), 64)
		if err != nil || g < -10 || g > 10 {
			return nil, fmt.Errorf("%s:%d: goldstein %q: want a number in [-10, 10]", name, line, get("goldstein"))
		}
		code := get("code")
		if !validCode([]byte(code)) {
			return nil, fmt.Errorf("%s:%d: code %q: not a CAMEO code", name, line, code)
		}
		out = append(out, CodebookEntry{Code: code, Name: get("name"), Goldstein: g, Description: get("description")})
	}
}
