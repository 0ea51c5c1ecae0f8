package score

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// located matches the errors of the CSV readers: the file, then a line
// (file:N: or the csv package's "line N"), or an empty file.
var located = regexp.MustCompile(`^in\.csv:(\d+: | .*line \d+| empty file)`)

func seedSet(f *testing.F) *Set {
	f.Helper()
	b, err := os.ReadFile("testdata/questions.json")
	if err != nil {
		f.Fatal(err)
	}
	s, err := ReadJSON("questions.json", b)
	if err != nil {
		f.Fatal(err)
	}
	return s
}

// FuzzReadScoreJSON feeds arbitrary bytes to ReadJSON: an error naming the
// file (and the line of a syntax error), or a valid set that WriteJSON
// writes and ReadJSON reads back to the same document.
func FuzzReadScoreJSON(f *testing.F) {
	b, err := os.ReadFile("testdata/questions.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	for _, s := range []string{"{\n\"questions\": [\n{\"id\": 3}]}", `{"questions": [], "extra": 1}`,
		`{"questions": [], "forecasts": [{"question_id": "nope", "at": "2026-01-01T00:00:00Z", "probabilities": {}}]}`, "{} {}", "[", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadJSON("in.json", data)
		if err != nil {
			var syn *json.SyntaxError
			if !strings.HasPrefix(err.Error(), "in.json: ") || errors.As(err, &syn) && !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error without its location: %v", err)
			}
			return
		}
		var w1 bytes.Buffer
		if err := WriteJSON(&w1, s); err != nil {
			t.Fatalf("read %+v, cannot write it: %v", s, err)
		}
		back, err := ReadJSON("back.json", w1.Bytes())
		if err != nil {
			t.Fatalf("written set does not read back: %v\n%s", err, w1.Bytes())
		}
		var w2 bytes.Buffer
		if err := WriteJSON(&w2, back); err != nil || w2.String() != w1.String() {
			t.Fatalf("round trip changed the set (%v):\n%s\nthen\n%s", err, w1.Bytes(), w2.Bytes())
		}
	})
}

// FuzzReadQuestionsCSV feeds arbitrary bytes to ReadQuestionsCSV: an error
// naming file and line, or valid questions with distinct ids that
// WriteQuestionsCSV writes and ReadQuestionsCSV reads back unchanged.
func FuzzReadQuestionsCSV(f *testing.F) {
	var b bytes.Buffer
	if err := WriteQuestionsCSV(&b, seedSet(f).Questions); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	head := strings.Join(QuestionColumns, ",") + "\n"
	for _, s := range []string{"id,statement\n", head + "q,,s,c,soon,a|b,,,,,\n", head + "q,,s,c,2026-01-01,a,,,,,\n",
		head + "q,,s,c,2026-01-01,a|b,,,c,2026-01-02,\n", head + "q,,s,c,2026-01-01,a|b,,,,,\nq,,s,c,2026-01-01,a|b,,,,,\n",
		head + "q,s\n", "", head + "\" q\",,\"s\r\nt\",c,2026-01-01T10:00:00+02:00,a|b,m,2025-12-31,b,2026-01-02,n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		qs, err := ReadQuestionsCSV("in.csv", bytes.NewReader(data))
		if err != nil {
			if !located.MatchString(err.Error()) {
				t.Fatalf("error without its location: %v", err)
			}
			return
		}
		ids := map[string]bool{}
		for i := range qs {
			if err := qs[i].Validate(); err != nil || ids[qs[i].ID] {
				t.Fatalf("question %d accepted: %v (id repeated: %v)", i+1, err, ids[qs[i].ID])
			}
			ids[qs[i].ID] = true
		}
		var w bytes.Buffer
		if err := WriteQuestionsCSV(&w, qs); err != nil {
			t.Fatalf("read %+v, cannot write it: %v", qs, err)
		}
		back, err := ReadQuestionsCSV("back.csv", &w)
		if err != nil || !reflect.DeepEqual(back, qs) {
			t.Fatalf("round trip changed the questions (%v):\n%+v\nthen\n%+v", err, qs, back)
		}
	})
}

// FuzzReadForecastsCSV feeds arbitrary bytes to ReadForecastsCSV: an error
// naming file and line, or forecasts with probabilities in [0, 1] that
// WriteForecastsCSV writes and ReadForecastsCSV reads back unchanged.
func FuzzReadForecastsCSV(f *testing.F) {
	var b bytes.Buffer
	if err := WriteForecastsCSV(&b, seedSet(f).Forecasts); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	head := strings.Join(ForecastColumns, ",") + "\n"
	for _, s := range []string{head + "q,2026-01-01,,a,1.5\n", head + "q,2026-01-01,,a,0.5\nq,2026-01-01,,a,0.5\n",
		head + "q,2026-01-01T00:00:00+01:00,r,b,-0\nq,2025-12-31T23:00:00Z,r,a,1e-300\n", head + "q,2026-01-01,,a,NaN\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := ReadForecastsCSV("in.csv", bytes.NewReader(data))
		if err != nil {
			if !located.MatchString(err.Error()) {
				t.Fatalf("error without its location: %v", err)
			}
			return
		}
		for i, fc := range fs {
			if fc.QuestionID == "" || fc.At.IsZero() || len(fc.Probabilities) == 0 {
				t.Fatalf("forecast %d accepted: %+v", i+1, fc)
			}
			for o, p := range fc.Probabilities {
				if o == "" || !(p >= 0 && p <= 1) {
					t.Fatalf("forecast %d: option %q, probability %v", i+1, o, p)
				}
			}
		}
		var w bytes.Buffer
		if err := WriteForecastsCSV(&w, fs); err != nil {
			t.Fatalf("read %+v, cannot write it: %v", fs, err)
		}
		back, err := ReadForecastsCSV("back.csv", &w)
		if err != nil || !reflect.DeepEqual(back, fs) {
			t.Fatalf("round trip changed the forecasts (%v):\n%+v\nthen\n%+v", err, fs, back)
		}
	})
}
