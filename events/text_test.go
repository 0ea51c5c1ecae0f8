package events

import "testing"

func TestFixMojibake(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Moscow‚Äôs will", "Moscow’s will"},
		{"‚ÄúYes‚Äù", "“Yes”"},
		{"a ‚Äì b ‚Äî c", "a – b — c"},
		{"México, café", "México, café"}, // real accents stay
		{"plain", "plain"},
	} {
		if got := FixMojibake(tc.in); got != tc.want {
			t.Errorf("FixMojibake(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Windows-1252 bytes of mojibake, as in the ICEWS codebook.
	if got := DecodeText([]byte("Moscow\x82\xc4\xf4s")); got != "Moscow’s" {
		t.Errorf("DecodeText = %q", got)
	}
	if got := DecodeText([]byte("caf\xe9")); got != "café" {
		t.Errorf("DecodeText(cp1252 é) = %q", got)
	}
}

func TestDays(t *testing.T) {
	for _, tc := range []struct {
		in, want, monday string
	}{
		{"2025-03-05", "2025-03-05", "2025-03-03"},
		{"20250309", "2025-03-09", "2025-03-03"},
		{"2025-03-10", "2025-03-10", "2025-03-10"},
		{"1969-12-31", "1969-12-31", "1969-12-29"},
	} {
		d, err := ParseDay(tc.in)
		if err != nil || d.String() != tc.want || d.Monday().String() != tc.monday {
			t.Errorf("%s: %v %v monday %v", tc.in, d, err, d.Monday())
		}
	}
	for _, bad := range []string{"2025-02-30", "20251301", "x", ""} {
		if _, err := ParseDay(bad); err == nil {
			t.Errorf("ParseDay(%q) accepted", bad)
		}
	}
}

func TestPatterns(t *testing.T) {
	ps, err := ParsePatterns("19*", "057,061", "0874")
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]bool{"190": true, "1951": true, "057": true, "061": true, "0874": true, "0571": false, "18": false, "087": false} {
		if ps.Match(code) != want {
			t.Errorf("%v matches %s: %v", ps, code, !want)
		}
	}
	for _, bad := range []string{"1", "abc", "19**", "12345", "*"} {
		if _, err := ParsePatterns(bad); err == nil {
			t.Errorf("pattern %q accepted", bad)
		}
	}
}

func TestTables(t *testing.T) {
	// Anchors every table must agree with (see the shared README).
	for code, want := range map[string]float64{"018": 3.4, "057": 8.0, "0874": 10.0, "183": -10.0, "20": -10.0, "106": -5.0, "016": -2.0} {
		if v, ok := GDELTScale.Value(code); !ok || v != want {
			t.Errorf("GDELT Goldstein %s = %v, want %v", code, v, want)
		}
	}
	for code, want := range map[string]float64{"016": -5, "022": 3.4, "164": -6.5, "165": -7, "1213": -4, "057": 8} {
		if v, ok := ICEWSScale.Value(code); !ok || v != want {
			t.Errorf("ICEWS Goldstein %s = %v, want %v", code, v, want)
		}
	}
	if GDELTScale.Len() != 311 || len(Codes()) != 312 {
		t.Errorf("%d GDELT values, %d codes", GDELTScale.Len(), len(Codes()))
	}
	if c, _ := LookupCode("010"); c.Quad != VerbalCoop || c.Root != "01" {
		t.Errorf("010: %+v", c)
	}
	if _, ok := LookupCode("10"); !ok {
		t.Error("root 10 missing")
	}
	if n, _ := CountryName("MEX"); n != "Mexico" {
		t.Errorf("MEX = %q", n)
	}
	if n, _ := TypeName("COP"); n != "Police forces" {
		t.Errorf("COP = %q", n)
	}
	for name, want := range map[string]string{"United States": "USA", "mexico": "MEX", "Russian Federation": "RUS", "Canada": "CAN"} {
		if c, ok := CountryCode(name); !ok || c != want {
			t.Errorf("CountryCode(%q) = %q", name, c)
		}
	}
	for root, q := range map[string]Quad{"01": 1, "05": 1, "06": 2, "09": 2, "10": 3, "14": 3, "15": 4, "20": 4, "00": 0, "21": 0, "1": 0} {
		if RootQuad(root) != q {
			t.Errorf("RootQuad(%s) = %d, want %d", root, RootQuad(root), q)
		}
	}
}
