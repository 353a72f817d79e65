/* mpiplain: the plain C MPI program the benchmark sets beside ThreadMix's MPI pool (issue 20
 * item 7). What an MPI user writes for "count multiplies of n x n on W ranks, B BLIS threads
 * each": task t on rank t mod W, each rank making its tasks' operands itself in one set of
 * arrays it reuses (ThreadMix's `--data in-task`), timed with MPI_Wtime between two barriers.
 *
 *   mpirun ... threadmix_mpiplain N COUNT B SEED
 *
 * Rank 0 prints "seconds S checksum C": S the span between the barriers, C the sum over the
 * tasks of C[0] + C[n*n-1], the figure ThreadMix's repetition records as its checksum, so the
 * benchmark can check both sides multiplied the same matrices.
 *
 * Before the first barrier, as ThreadMix's rank does before its own (mpirank.cpp: prepare):
 * the arrays allocated and touched, and one 8 x 8 multiply that builds the BLIS thread team.
 * The operands are the same uniform numbers ThreadMix makes (SplitMix64 over a counter, keyed
 * by seed, task and operand, as core/measure/rng.cpp; a C program cannot call that C++), so that
 * making them costs the same on both sides: a cheaper fill would flatter this side. */
#include <mpi.h>

#include <blis.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint64_t kGolden = 0x9E3779B97F4A7C15ull;

static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Operand A is 1, B is 2 (core/measure/rng.h). */
static uint64_t streamKey(uint64_t seed, int64_t task, uint64_t operand) {
    return mix(mix(seed ^ kGolden) + (uint64_t)task * 4 + operand);
}

static void fillUniform(double* out, size_t n, uint64_t key) {
    uint64_t counter = key;
    for (size_t i = 0; i < n; ++i) {
        out[i] = (double)(mix(counter) >> 11) * 0x1.0p-53;
        counter += kGolden;
    }
}

static void gemm(int64_t n, double* a, double* b, double* c, rntm_t* rntm) {
    double one = 1.0, zero = 0.0;
    bli_dgemm_ex(BLIS_NO_TRANSPOSE, BLIS_NO_TRANSPOSE, n, n, n, &one, a, n, 1, b, n, 1, &zero, c, n,
                 1, NULL, rntm);
}

static double* array(size_t elements) {
    void* p = NULL;
    if (posix_memalign(&p, 64, elements * sizeof(double)) != 0)
        return NULL;
    memset(p, 0, elements * sizeof(double)); /* touched, as ThreadMix's rank touches its own */
    return p;
}

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int64_t n = argc == 5 ? atoll(argv[1]) : 0;
    const int64_t count = argc == 5 ? atoll(argv[2]) : 0;
    const int threads = argc == 5 ? atoi(argv[3]) : 0;
    const uint64_t seed = argc == 5 ? strtoull(argv[4], NULL, 10) : 0;
    if (n < 1 || count < 1 || threads < 1) {
        if (rank == 0)
            fprintf(stderr, "usage: mpirun ... threadmix_mpiplain N COUNT B SEED\n");
        MPI_Finalize();
        return 2;
    }
    const size_t elements = (size_t)(n * n);
    double *a = array(elements), *b = array(elements), *c = array(elements);
    if (!a || !b || !c) {
        fprintf(stderr, "rank %d: out of memory for three %lld x %lld arrays\n", rank, (long long)n,
                (long long)n);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    rntm_t rntm;
    bli_rntm_init(&rntm);
    bli_rntm_set_num_threads(threads, &rntm);
    {
        double x[64] = {0}, y[64] = {0}, z[64] = {0};
        gemm(8, x, y, z, &rntm);
    }

    double sum = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    const double t0 = MPI_Wtime();
    for (int64_t t = rank; t < count; t += size) {
        fillUniform(a, elements, streamKey(seed, t, 1));
        fillUniform(b, elements, streamKey(seed, t, 2));
        gemm(n, a, b, c, &rntm);
        sum += c[0] + c[elements - 1];
    }
    MPI_Barrier(MPI_COMM_WORLD);
    const double seconds = MPI_Wtime() - t0;

    double checksum = 0;
    MPI_Reduce(&sum, &checksum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0)
        printf("seconds %.9f checksum %.17g\n", seconds, checksum);
    free(a);
    free(b);
    free(c);
    MPI_Finalize();
    return 0;
}
