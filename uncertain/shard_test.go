package uncertain

import (
	"strings"
	"testing"
)

func TestShardRange(t *testing.T) {
	for _, n := range []int{0, 1, 5, 7, 100, 1001} {
		for _, count := range []int{1, 2, 3, 7, 64} {
			next := 0
			for i := range count {
				lo, hi, err := ShardRange(n, i, count)
				if err != nil || lo != next || hi < lo || hi-lo > n/count+1 || hi-lo < n/count {
					t.Fatalf("ShardRange(%d, %d, %d) = [%d, %d), %v after %d", n, i, count, lo, hi, err, next)
				}
				next = hi
			}
			if next != n {
				t.Errorf("shards of %d draws in %d end at %d", n, count, next)
			}
		}
	}
	for _, bad := range [][3]int{{10, -1, 2}, {10, 2, 2}, {10, 0, 0}, {-1, 0, 1}} {
		if _, _, err := ShardRange(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("ShardRange%v accepted", bad)
		}
	}
}

func TestResolveShard(t *testing.T) {
	tests := []struct {
		index, count int
		env          map[string]string
		want         Shard
		err          string
	}{
		{-1, 0, nil, Shard{0, 1}, ""},
		{2, 5, nil, Shard{2, 5}, ""},
		{-1, 5, map[string]string{"JOB_COMPLETION_INDEX": "4"}, Shard{4, 5}, ""},
		{1, 5, map[string]string{"JOB_COMPLETION_INDEX": "4"}, Shard{1, 5}, ""}, // flags win
		{-1, 0, map[string]string{"JOB_COMPLETION_INDEX": "4"}, Shard{}, "pass --shard-count"},
		{-1, 0, map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "7"}, Shard{3, 7}, ""},
		{-1, 7, map[string]string{"SLURM_ARRAY_TASK_ID": "3"}, Shard{3, 7}, ""},
		{-1, 0, map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"}, Shard{3, 4}, ""},
		{-1, 0, map[string]string{"SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "4", "SLURM_ARRAY_TASK_COUNT": "3"}, Shard{2, 3}, ""},
		{-1, 0, map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_STEP": "4", "SLURM_ARRAY_TASK_COUNT": "3"}, Shard{}, "does not fit"},
		{-1, 0, map[string]string{"SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "7"}, Shard{}, "not below the shard count 7"},
		{-1, 3, map[string]string{"JOB_COMPLETION_INDEX": "x"}, Shard{}, `JOB_COMPLETION_INDEX="x" is not`},
		{-1, 3, nil, Shard{}, "without a shard index"},
		{2, 0, nil, Shard{}, "without a shard count"},
	}
	for _, tt := range tests {
		got, err := ResolveShard(tt.index, tt.count, func(k string) string { return tt.env[k] })
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ResolveShard(%d, %d, %v) = %v, %v; want %v", tt.index, tt.count, tt.env, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ResolveShard(%d, %d, %v) error = %v, want %q", tt.index, tt.count, tt.env, err, tt.err)
		}
	}
}
