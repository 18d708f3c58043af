#!/usr/bin/env bash
# Submits the sweep as a job array and the merge as a job that waits for every task to succeed.
#   docs/cluster/submit.sh                       stack-memory.yaml in 8 shards
#   EXPERIMENT=config/experiments/ipc-latency.yaml docs/cluster/submit.sh --array=1-3
# Extra arguments go to the array's sbatch (they override the #SBATCH lines).
set -euo pipefail
cd "$(dirname "$0")/../.."
./stacklab --version >/dev/null   # builds the jar once, here, not in every task at the same time
export EXPERIMENT=${EXPERIMENT:-config/experiments/stack-memory.yaml}
jid=$(sbatch --parsable --export=ALL "$@" docs/cluster/sweep-array.sbatch)
jid=${jid%%;*}
sbatch --dependency=afterok:"$jid" --export=ALL docs/cluster/merge.sbatch
echo "array job $jid; the merged run folder will be results/$(basename "$EXPERIMENT" .yaml)/all"
