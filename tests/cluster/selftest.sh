#!/usr/bin/env bash
# The local Slurm of tests/cluster/localslurm works the way the cluster tests (issue 20 item 6)
# use it, checked from the outside with DIR/env sourced:
#  1. `srun -n 2 hostname` runs two tasks on this host;
#  2. `salloc -n 2 mpirun -np 2 /bin/true` starts Open MPI inside an allocation;
#  3. `sbatch --wait` of a tiny script writes its output file;
#  4. a batch job with a running srun step and mpirun ranks is seen by check-empty (so the check
#     can fail), and once scancel'ed leaves check-empty clean: no job, no slurmstepd, srun,
#     mpirun or rank behind.
# Usage: selftest.sh LOCALSLURM DIR (the cluster in DIR already started: ctest's fixture).
set -euo pipefail

localslurm=${1:?usage: selftest.sh LOCALSLURM DIR}
dir=$(cd "${2:?usage: selftest.sh LOCALSLURM DIR}" && pwd)
work=$dir/selftest
checks=0

fail() {
    echo "selftest: FAIL: $*" >&2
    "$localslurm" logs "$dir" || true
    exit 1
}
ok() {
    checks=$((checks + 1))
    echo "ok: $*"
}
need() {
    command -v "$1" >/dev/null 2>&1 ||
        fail "$1 is not installed (Debian package $2; scripts/bootstrap installs it)"
}

[ -f "$dir/env" ] || fail "no $dir/env: the cluster was not started ('localslurm start $dir')"
# shellcheck disable=SC1091
source "$dir/env"
need srun slurm-wlm
need mpirun openmpi-bin
if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
rm -rf "$work"
mkdir -p "$work"
# Each client call is bounded: a cluster that stopped answering fails the test, not hangs it.
limit=120

# 1. Two tasks, both on this host.
out=$(timeout "$limit" srun -n 2 hostname 2>&1) || fail "srun -n 2 hostname: $out"
expected=$(printf '%s\n%s' "$(hostname)" "$(hostname)")
[ "$out" = "$expected" ] || fail "srun -n 2 hostname printed '$out', expected the host twice"
ok "srun -n 2 hostname printed $(hostname) twice"

# 2. Open MPI inside an allocation.
out=$(timeout "$limit" salloc -n 2 mpirun -np 2 /bin/true 2>&1) ||
    fail "salloc -n 2 mpirun -np 2 /bin/true: $out"
ok "salloc -n 2 mpirun -np 2 /bin/true"

# 3. A batch job's output file.
cat >"$work/hello.sh" <<'EOF'
#!/bin/bash
echo "hello from job $SLURM_JOB_ID with $SLURM_NTASKS tasks"
EOF
out=$(timeout "$limit" sbatch --wait -n 2 -o "$work/hello.out" "$work/hello.sh" 2>&1) ||
    fail "sbatch --wait: $out"
grep -q '^hello from job [0-9]* with 2 tasks$' "$work/hello.out" 2>/dev/null ||
    fail "sbatch --wait: $work/hello.out lacks the job's line: $(cat "$work/hello.out" 2>&1)"
ok "sbatch --wait wrote $(cat "$work/hello.out")"

# 4. A cancelled job leaves nothing behind. The job runs an srun step and two mpirun ranks;
#    each touches a file once it runs, then waits to be cancelled.
cat >"$work/cancelme.sh" <<EOF
#!/bin/bash
srun -n 1 sh -c 'touch "$work/ready.srun"; exec sleep 600' &
mpirun -np 2 sh -c 'touch "$work/ready.rank\$OMPI_COMM_WORLD_RANK"; exec sleep 600' &
wait
EOF
out=$(timeout "$limit" sbatch --parsable -n 2 -o "$work/cancelme.out" "$work/cancelme.sh" 2>&1) ||
    fail "sbatch cancelme.sh: $out"
job=${out%%;*}
deadline=$((SECONDS + limit))
until [ -e "$work/ready.srun" ] && [ -e "$work/ready.rank0" ] && [ -e "$work/ready.rank1" ]; do
    ((SECONDS < deadline)) ||
        fail "job $job: srun step and mpirun ranks not running after $limit s" \
            "(squeue: $(squeue -h -j "$job" 2>&1); output: $(cat "$work/cancelme.out" 2>&1))"
    sleep 0.2
done
if LOCALSLURM_GRACE=0 "$localslurm" check-empty "$dir" sleep >/dev/null 2>&1; then
    fail "check-empty found nothing while job $job runs an srun step and mpirun ranks"
fi
ok "check-empty sees running job $job"
scancel "$job" || fail "scancel $job"
out=$("$localslurm" check-empty "$dir" sleep 2>&1) ||
    fail "after scancel $job something was left: $out"
ok "scancel $job left no job and no slurmstepd/srun/mpirun/orted/rank behind"

echo "selftest: all $checks checks passed"
