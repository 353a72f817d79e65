#!/usr/bin/env bash
# ThreadMix on the local Slurm of tests/cluster/localslurm (issue 20 items 3, 4, 5), against
# the real slurmctld, slurmd and Open MPI:
#  1. inside `salloc`, `threadmix info` names the allocation, and a sweep on MPI ranks runs in
#     it: every repetition records the job and its launcher;
#  2. inside `salloc -n 2`, 4 ranks without --oversubscribe are refused (exit 2, the message
#     names --workers and --oversubscribe);
#  3. `--submit --dry-run` prints the job script (exclusive, time limit, requeue, resume);
#  4. `--submit` runs the sweep as a batch job: its JSON and PNG appear, every configuration
#     is ok with the job's id in its records, and the cluster is left empty;
#  5. a submitted job requeued (as preemption does) while its second configuration is held by
#     construction (the test worker's hold) resumes from its journal: the first configuration
#     is not measured again, the second is measured, none is recorded as failed.
# Usage: threadmix_slurm.sh LOCALSLURM DIR THREADMIX TEST_WORKER [png|nopng]
# (the cluster in DIR started; nopng for a threadmix built without the Qt layer).
set -euo pipefail

localslurm=${1:?usage: threadmix_slurm.sh LOCALSLURM DIR THREADMIX}
dir=$(cd "${2:?}" && pwd)
threadmix=${3:?}
testworker=${4:?}
png=${5:-png}
work=$dir/threadmix-test
checks=0

fail() {
    echo "threadmix_slurm: FAIL: $*" >&2
    "$localslurm" logs "$dir" || true
    exit 1
}
ok() {
    checks=$((checks + 1))
    echo "ok: $*"
}

[ -f "$dir/env" ] || fail "no $dir/env: the cluster was not started ('localslurm start $dir')"
# shellcheck disable=SC1091
source "$dir/env"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
small=(--count 4 --size 200 --repeats 2 --warmup 0 --no-progress)

# 1. Inside an allocation.
out=$(salloc -n 2 "$threadmix" info 2>&1) || fail "threadmix info inside salloc: $out"
grep -q "Inside Slurm job [0-9]*: nodes" <<<"$out" || fail "info does not name the allocation: $out"
ok "threadmix info names the allocation"

out=$(salloc -n 2 "$threadmix" sweep --pool mpi --workers 1,2 --blas-threads 1 "${small[@]}" \
    --json "$work/salloc.json" 2>&1) || fail "sweep inside salloc failed: $out"
jobs=$(grep -o '"slurm_job": *"[0-9]*"' "$work/salloc.json" | sort -u | wc -l)
[ "$jobs" -eq 1 ] || fail "the records name $jobs jobs, not the one allocation"
grep -q '"launcher": *"mpirun in Slurm job [0-9]*"' "$work/salloc.json" ||
    fail "the launcher does not say the Slurm job"
okCount=$(grep -c '"status": *"ok"' "$work/salloc.json" || true)
[ "$okCount" -eq 2 ] || fail "inside salloc $okCount of 2 configurations are ok: $out"
ok "a sweep on MPI ranks inside salloc records the job"

set +e
out=$(salloc -n 2 "$threadmix" run --pool mpi --workers 4 "${small[@]}" 2>&1)
code=$?
set -e
[ "$code" -eq 2 ] || fail "4 ranks on 2 slots: exit $code, not 2: $out"
grep -q -- "--workers: 4 MPI ranks are more than the 2 slots" <<<"$out" &&
    grep -q -- "--oversubscribe" <<<"$out" || fail "the message does not name the fix: $out"
ok "more ranks than the allocation's slots are refused with the fix named"

# 3. The script, not submitted.
out=$("$threadmix" sweep --pool mpi --workers 1,2 --blas-threads 1 "${small[@]}" --submit \
    --dry-run --json "$work/dry.json" 2>/dev/null) || fail "--submit --dry-run failed"
for line in "#SBATCH --exclusive" "#SBATCH --time=" "#SBATCH --requeue" "--resume" \
    "export XDG_STATE_HOME="; do
    grep -q -- "$line" <<<"$out" || fail "the script lacks '$line': $out"
done
[ ! -e "$work/dry.json" ] || fail "--dry-run wrote the results file"
[ -z "$(squeue -h)" ] || fail "--dry-run submitted a job"
ok "--submit --dry-run prints the job script and submits nothing"

# 4. Submitted.
mkdir -p "$work/job"
pngArgs=()
[ "$png" = png ] && pngArgs=(--png "$work/job/cluster.png")
out=$("$threadmix" sweep --pool mpi --workers 1,2 --blas-threads 1,2 "${small[@]}" --submit \
    --json "$work/job/cluster.json" "${pngArgs[@]}" 2>&1) ||
    fail "--submit failed: $out"
job=$(sed -n 's/^Submitted Slurm job \([0-9]*\).*/\1/p' <<<"$out")
[ -n "$job" ] || fail "no job id in: $out"
for _ in $(seq 1 600); do
    [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
    sleep 0.5
done
[ -z "$(squeue -h -j "$job" 2>/dev/null)" ] || fail "job $job still queued or running after 300 s"
[ -s "$work/job/cluster.json" ] || fail "the job wrote no JSON; its log: $(cat "$work"/job/threadmix-*.out)"
[ "$png" != png ] || [ -s "$work/job/cluster.png" ] || fail "the job wrote no PNG"
okCount=$(grep -c '"status": *"ok"' "$work/job/cluster.json" || true)
[ "$okCount" -eq 4 ] || fail "$okCount of 4 configurations are ok; log: $(cat "$work"/job/threadmix-*.out)"
grep -q "\"slurm_job\": *\"$job\"" "$work/job/cluster.json" || fail "records do not name job $job"
ok "--submit ran the sweep as job $job; its JSON and PNG are there"

# 5. Preempted and requeued: resumed from the journal.
held=$work/held
mkdir -p "$held/bin" "$held/hold" "$held/job"
ln -f "$threadmix" "$held/bin/threadmix"
ln -f "$testworker" "$held/bin/threadmix-worker"
# The hold counts distinct specs: --submit's estimate (one repetition of the first cell) is
# config-0, the job's cells config-1 and config-2; the second cell is held.
out=$(THREADMIX_TEST_HOLD_DIR=$held/hold THREADMIX_TEST_HOLD_FROM=2 "$held/bin/threadmix" \
    sweep --workers 1,2 --blas-threads 1 "${small[@]}" --submit --json "$held/job/r.json" 2>&1) ||
    fail "--submit of the held sweep failed: $out"
job=$(sed -n 's/^Submitted Slurm job \([0-9]*\).*/\1/p' <<<"$out")
[ -n "$job" ] || fail "no job id in: $out"
# The first configuration journalled and the second one's child started (and held).
for _ in $(seq 1 600); do
    lines=$(cat "$held"/job/state/threadmix/*.journal 2>/dev/null | wc -l || true)
    [ "$lines" -ge 2 ] && [ -e "$held/hold/config-2" ] && break
    sleep 0.5
done
[ "$lines" -ge 2 ] && [ -e "$held/hold/config-2" ] ||
    fail "the held job did not reach its second configuration; log: $(cat "$held"/job/*.out)"
scontrol requeue "$job" || fail "scontrol requeue $job"
# Slurm holds a requeued job back for a while (BeginTime); ask for now, and wait long enough
# for the hold to pass if it is refused (up to 15 minutes: a bound, not a timing).
for _ in $(seq 1 1800); do
    scontrol update JobId="$job" StartTime=now >/dev/null 2>&1 || true
    grep -q "^Resuming" "$held"/job/threadmix-"$job".out 2>/dev/null && break
    sleep 0.5
done
grep -q "^Resuming .*: 1 of 2 configurations were already measured" "$held"/job/threadmix-"$job".out ||
    fail "the requeued job did not resume; log: $(cat "$held"/job/*.out)"
touch "$held/hold/release"
for _ in $(seq 1 600); do
    [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
    sleep 0.5
done
okCount=$(grep -c '"status": *"ok"' "$held/job/r.json" || true)
[ "$okCount" -eq 2 ] || fail "after the resume $okCount of 2 configurations are ok; log: $(cat "$held"/job/*.out)"
ok "a requeued job resumed from its journal and measured only what was left"

"$localslurm" check-empty "$dir" threadmix-mpi-worker threadmix-worker ||
    fail "something was left after the jobs"
ok "nothing left on the cluster"
echo "threadmix_slurm: $checks checks passed"
