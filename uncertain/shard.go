package uncertain

import (
	"fmt"
	"strconv"
)

// Shard is one of Count parts of a sweep; Index is in [0, Count).
type Shard struct {
	Index, Count int
}

// ShardRange returns the draws [lo, hi) of shard index of count over n
// draws: consecutive blocks whose sizes differ by at most one, the first
// n mod count shards taking one more.
func ShardRange(n, index, count int) (lo, hi int, err error) {
	if n < 0 || count < 1 || index < 0 || index >= count {
		return 0, 0, fmt.Errorf("shard %d of %d over %d draws: need 0 <= index < count", index, count, n)
	}
	q, r := n/count, n%count
	lo = index*q + min(index, r)
	hi = lo + q
	if index < r {
		hi++
	}
	return lo, hi, nil
}

// Environment variables that give the shard index when the flags do not.
const (
	EnvK8sIndex   = "JOB_COMPLETION_INDEX" // Kubernetes Indexed Job
	EnvSlurmID    = "SLURM_ARRAY_TASK_ID"  // Slurm job array
	EnvSlurmMin   = "SLURM_ARRAY_TASK_MIN"
	EnvSlurmStep  = "SLURM_ARRAY_TASK_STEP"
	EnvSlurmCount = "SLURM_ARRAY_TASK_COUNT"
)

// ResolveShard decides which shard this process runs. index and count are
// the values of the --shard-index and --shard-count flags, negative and
// zero meaning absent. A missing index is read from JOB_COMPLETION_INDEX
// (Kubernetes Indexed Job) or else SLURM_ARRAY_TASK_ID (Slurm job array,
// made zero-based with SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_STEP); a
// missing count from SLURM_ARRAY_TASK_COUNT when the index came from Slurm.
// Kubernetes does not expose the number of completions, so Indexed Jobs
// must pass --shard-count. With neither flags nor environment the whole
// sweep is one shard. getenv is usually os.Getenv.
func ResolveShard(index, count int, getenv func(string) string) (Shard, error) {
	src := "--shard-index"
	if index < 0 {
		var err error
		if index, src, err = envIndex(getenv); err != nil {
			return Shard{}, err
		}
	}
	countSrc := "--shard-count"
	if count <= 0 && src == EnvSlurmID && getenv(EnvSlurmCount) != "" {
		n, err := envInt(getenv, EnvSlurmCount)
		if err != nil {
			return Shard{}, err
		}
		count, countSrc = n, EnvSlurmCount
	}
	switch {
	case index < 0 && count <= 0:
		return Shard{0, 1}, nil
	case index < 0:
		return Shard{}, fmt.Errorf("--shard-count %d without a shard index: pass --shard-index or set %s or %s", count, EnvK8sIndex, EnvSlurmID)
	case count <= 0:
		return Shard{}, fmt.Errorf("shard index %d (from %s) without a shard count: pass --shard-count", index, src)
	case index >= count:
		return Shard{}, fmt.Errorf("shard index %d (from %s) is not below the shard count %d (from %s)", index, src, count, countSrc)
	}
	return Shard{index, count}, nil
}

// envIndex reads the shard index from the environment; -1 when absent.
func envIndex(getenv func(string) string) (int, string, error) {
	if getenv(EnvK8sIndex) != "" {
		i, err := envInt(getenv, EnvK8sIndex)
		return i, EnvK8sIndex, err
	}
	if getenv(EnvSlurmID) == "" {
		return -1, "", nil
	}
	id, err := envInt(getenv, EnvSlurmID)
	if err != nil {
		return 0, "", err
	}
	lo, step := 0, 1
	if getenv(EnvSlurmMin) != "" {
		if lo, err = envInt(getenv, EnvSlurmMin); err != nil {
			return 0, "", err
		}
	}
	if getenv(EnvSlurmStep) != "" {
		if step, err = envInt(getenv, EnvSlurmStep); err != nil {
			return 0, "", err
		}
	}
	if step < 1 || id < lo || (id-lo)%step != 0 {
		return 0, "", fmt.Errorf("%s=%d does not fit %s=%d and %s=%d", EnvSlurmID, id, EnvSlurmMin, lo, EnvSlurmStep, step)
	}
	return (id - lo) / step, EnvSlurmID, nil
}

func envInt(getenv func(string) string, name string) (int, error) {
	s := getenv(name)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q is not a non-negative integer", name, s)
	}
	return n, nil
}
