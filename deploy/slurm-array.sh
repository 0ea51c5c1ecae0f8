#!/bin/bash
# A sharded tablero sweep as a Slurm job array, one shard per array task.
#
# tablero reads the shard index from SLURM_ARRAY_TASK_ID (made zero-based
# with SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_STEP) and the shard count
# from SLURM_ARRAY_TASK_COUNT, so changing --array is enough. Submit the
# array, then a merge that runs once every shard has succeeded:
#
#   jobid=$(sbatch --parsable slurm-array.sh)
#   sbatch --dependency=afterok:"$jobid" --job-name=tablero-merge \
#     --wrap 'tablero merge results/part-*.json --out results/result.json'
#
# The merged result is bit-identical to a single-process run whatever the
# number of shards, provided every task runs the same tablero binary.
#
#SBATCH --job-name=tablero-sweep
#SBATCH --array=0-6
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=02:00:00
#SBATCH --output=logs/tablero-sweep-%A_%a.out
set -euo pipefail

scenario=${SCENARIO:-scenarios/us-mexico-2025.yaml}
draws=${DRAWS:-1000000}
seed=${SEED:-42}
out=${OUT:-results}
mkdir -p "$out" logs

tablero sweep "$scenario" \
  --draws "$draws" --seed "$seed" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$out/part-{index}.json"
