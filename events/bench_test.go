package events

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// gdeltDay builds n GDELT 2.0 rows (a day is ~100–200 k), varying ids,
// dates, dyads and codes.
func gdeltDay(b testing.TB, n int) []byte {
	data, err := os.ReadFile("testdata/gdelt2.export.CSV")
	if err != nil {
		b.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(data)), "\r\n")
	countries := []string{"USA", "MEX", "CAN", "CHN", "RUS", "GBR", "FRA", "DEU"}
	var buf bytes.Buffer
	for i := range n {
		c := strings.Split(rows[i%len(rows)], "\t")
		c[0] = fmt.Sprint(900000000 + i)
		c[7], c[17] = countries[i%8], countries[(i/8)%8]
		buf.WriteString(strings.Join(c, "\t"))
		buf.WriteString("\n")
	}
	return buf.Bytes()
}

// BenchmarkParseAggregate reads and aggregates a GDELT 2.0 day of 150 000
// rows; events/s is the throughput on one core.
func BenchmarkParseAggregate(b *testing.B) {
	const n = 150_000
	data := gdeltDay(b, n)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for b.Loop() {
		a := NewAggregator(Daily, 5)
		reps, err := ScanBytes(context.Background(), data, "day", Options{}, func(e *Event) error {
			a.Add(e)
			return nil
		})
		if err != nil || reps[0].Events != n {
			b.Fatal(err, reps[0].Events)
		}
		_ = a.Series()
	}
	reportRates(b, n, cpu0)
}

// BenchmarkParse reads only.
func BenchmarkParse(b *testing.B) {
	const n = 150_000
	data := gdeltDay(b, n)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for b.Loop() {
		if _, err := ScanBytes(context.Background(), data, "day", Options{}, func(*Event) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, n, cpu0)
}

// reportRates reports events per second of wall time and of CPU time (on
// a loaded machine, wall time counts the waits for a core).
func reportRates(b *testing.B, n int, cpu0 float64) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	if cpu := cpuSeconds() - cpu0; cpu0 > 0 && cpu > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/cpu, "events/cpu-s")
	}
}

// BenchmarkSpikes runs the detector over a year of 64 dyads.
func BenchmarkSpikes(b *testing.B) {
	series := make([]Series, 64)
	for i := range series {
		series[i].Points = make([]Point, 365)
		for j := range series[i].Points {
			series[i].Points[j].Events = 10 + (i*j)%7
		}
	}
	for b.Loop() {
		if _, err := DetectSpikes(series, SpikeOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
