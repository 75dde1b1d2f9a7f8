#!/usr/bin/env bash
# Submit an experiment to Slurm as a job array of N shards plus a merge job that starts when every
# shard succeeded (afterok). Run from the repository root on a shared filesystem, with deno on
# PATH (or DENO=/path/to/deno; e.g. `npm install --prefix .tools deno@2.9.6` as .ci/run does).
#
#   deploy/slurm/submit.sh karpathy-2015 8 [extra experiment flags, e.g. --quick]
#
# Output: $RESULTS/<experiment>/shard-<task id>/ per shard, $RESULTS/<experiment>/merged/.
set -euo pipefail
experiment=${1:?usage: deploy/slurm/submit.sh <experiment> <shards> [flags]}
shards=${2:?usage: deploy/slurm/submit.sh <experiment> <shards> [flags]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
export EXPERIMENT=$experiment SHARDS=$shards RESULTS=${RESULTS:-$PWD/results} RNNLAB_DIR=$PWD
array=$(sbatch --parsable --export=ALL --job-name="rnnlab-$experiment" \
  --array="0-$((shards - 1))" "$here/shard.sbatch" "$@")
merge=$(sbatch --parsable --export=ALL --job-name="rnnlab-$experiment-merge" \
  --dependency="afterok:${array%%;*}" "$here/merge.sbatch")
echo "shards: job array $array; merge: job $merge (after every shard succeeded)"
