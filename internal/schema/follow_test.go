package schema_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/tablero-project/tablero/score"
)

// The questions and scores documents of score's test set validate.
func TestQuestionsAndScoresDocuments(t *testing.T) {
	data, err := os.ReadFile(root + "/score/testdata/questions.json")
	if err != nil {
		t.Fatal(err)
	}
	set, err := score.ReadJSON("questions.json", data)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := score.WriteJSON(&b, set); err != nil {
		t.Fatal(err)
	}
	validate(t, "questions", b.Bytes())
	rep, err := score.Evaluate(set.Questions, set.Forecasts, 5)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, "scores", rep)
}
