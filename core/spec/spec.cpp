// Names and JSON form of a run specification.
#include "core/spec/spec.h"

#include "core/base/nametable.h"

#include <array>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace threadmix {
namespace {

constexpr NameTable<Workload, 3> kWorkloads{
    {{Workload::Gemm, "gemm"}, {Workload::Dot, "dot"}, {Workload::Fill, "fill"}}};
constexpr NameTable<DataPlacement, 2> kPlacements{
    {{DataPlacement::Upfront, "upfront"}, {DataPlacement::InTask, "in-task"}}};
constexpr NameTable<Init, 2> kInits{{{Init::Random, "random"}, {Init::Ones, "ones"}}};

constexpr NameTable<WaitPolicy, 3> kWaitPolicies{{{WaitPolicy::Default, "default"},
                                                  {WaitPolicy::Passive, "passive"},
                                                  {WaitPolicy::Active, "active"}}};
// Result files before the library knob named only BLIS's threading variant.
constexpr NameTable<BlasLibrary, 2> kOldBlisThreadings{
    {{BlasLibrary::BlisOpenMP, "openmp"}, {BlasLibrary::BlisPthreads, "pthreads"}}};
constexpr NameTable<ThreadControl, 2> kThreadControls{
    {{ThreadControl::PerCall, "per-call"}, {ThreadControl::ProcessWide, "process-wide"}}};
constexpr NameTable<PoolKind, 3> kPoolKinds{
    {{PoolKind::Threads, "threads"}, {PoolKind::Processes, "processes"}, {PoolKind::Mpi, "mpi"}}};
constexpr NameTable<Transfer, 2> kTransfers{
    {{Transfer::Copy, "copy"}, {Transfer::Shared, "shared"}}};

template <typename E, std::size_t N>
E enumField(const nlohmann::json& j, const char* key, const NameTable<E, N>& t, E fallback) {
    if (!j.contains(key))
        return fallback;
    const auto text = j.at(key).get<std::string>();
    if (auto v = valueOf(t, text))
        return *v;
    throw std::invalid_argument(std::string("unknown ") + key + " '" + text + "'");
}

} // namespace

std::string_view toString(Workload w) {
    return nameOf(kWorkloads, w);
}
std::string_view toString(DataPlacement d) {
    return nameOf(kPlacements, d);
}
std::string_view toString(Init i) {
    return nameOf(kInits, i);
}
std::optional<Workload> workloadFromString(std::string_view s) {
    return valueOf(kWorkloads, s);
}
std::optional<DataPlacement> placementFromString(std::string_view s) {
    return valueOf(kPlacements, s);
}
std::optional<Init> initFromString(std::string_view s) {
    return valueOf(kInits, s);
}

std::string_view toString(WaitPolicy w) {
    return nameOf(kWaitPolicies, w);
}
std::string_view toString(BlasLibrary b) {
    return facts(b).name;
}
std::string_view toString(ThreadControl t) {
    return nameOf(kThreadControls, t);
}
std::string_view toString(PoolKind k) {
    return nameOf(kPoolKinds, k, "threads");
}
std::optional<PoolKind> poolKindFromString(std::string_view s) {
    return valueOf(kPoolKinds, s);
}
std::string_view toString(Transfer t) {
    return nameOf(kTransfers, t, "copy");
}
std::optional<Transfer> transferFromString(std::string_view s) {
    return valueOf(kTransfers, s);
}
std::optional<WaitPolicy> waitPolicyFromString(std::string_view s) {
    return valueOf(kWaitPolicies, s);
}
std::optional<BlasLibrary> blasLibraryFromString(std::string_view s) {
    for (const auto& f : allBlasLibraries())
        if (f.name == s)
            return f.library;
    return std::nullopt;
}
std::optional<ThreadControl> threadControlFromString(std::string_view s) {
    return valueOf(kThreadControls, s);
}

const std::vector<BlasLibraryFacts>& allBlasLibraries() {
    using B = BlasLibrary;
    using F = BlasFamily;
    static const std::vector<BlasLibraryFacts> all{
        {B::BlisOpenMP, "blis-openmp", "BLIS, OpenMP", F::Blis, "openmp", "blis-openmp",
         "libblis.so.4", "libblis4-openmp", true},
        {B::BlisPthreads, "blis-pthreads", "BLIS, pthreads", F::Blis, "pthreads", "blis-pthread",
         "libblis.so.4", "libblis4-pthread", true},
        {B::OpenBlasPthreads, "openblas-pthreads", "OpenBLAS, pthreads", F::OpenBlas, "pthreads",
         "openblas-pthread", "libopenblas.so.0", "libopenblas0-pthread", false},
        {B::OpenBlasOpenMP, "openblas-openmp", "OpenBLAS, OpenMP", F::OpenBlas, "openmp",
         "openblas-openmp", "libopenblas.so.0", "libopenblas0-openmp", false},
        {B::OpenBlasSerial, "openblas-serial", "OpenBLAS, serial", F::OpenBlas, "none",
         "openblas-serial", "libopenblas.so.0", "libopenblas0-serial", false},
    };
    return all;
}

const BlasLibraryFacts& facts(BlasLibrary b) {
    for (const auto& f : allBlasLibraries())
        if (f.library == b)
            return f;
    return allBlasLibraries().front();
}

std::string_view toString(BlasFamily f) {
    return f == BlasFamily::Blis ? "BLIS" : "OpenBLAS";
}

BlasLibrary builtBlasLibrary() {
    return std::string_view(THREADMIX_BLIS_VARIANT_BUILT) == "pthread" ? BlasLibrary::BlisPthreads
                                                                       : BlasLibrary::BlisOpenMP;
}

double RunSpec::flops() const {
    const double n = double(size);
    switch (workload) {
    case Workload::Gemm:
        return 2.0 * n * n * n * double(count);
    case Workload::Dot:
        return 2.0 * n * double(count);
    case Workload::Fill:
        return 0.0;
    }
    return 0.0;
}

double RunSpec::bytesTouched() const {
    return double(operandsPerTask()) * double(operandElements()) * 8.0 * double(count);
}

std::int64_t RunSpec::operandElements() const {
    return workload == Workload::Dot ? size : size * size;
}

int RunSpec::operandsPerTask() const {
    switch (workload) {
    case Workload::Gemm:
        return 3;
    case Workload::Dot:
        return 2;
    case Workload::Fill:
        return 1;
    }
    return 1;
}

std::string RunSpec::describeTasks() const {
    switch (workload) {
    case Workload::Gemm:
        return fmt::format("{} multiplies of {}x{} doubles", count, size, size);
    case Workload::Dot:
        return fmt::format("{} dot products of {}-element vectors", count, size);
    case Workload::Fill:
        return fmt::format("{} fills of {}x{} arrays", count, size, size);
    }
    return {};
}

std::string_view sizeName(Workload w) {
    return w == Workload::Dot ? "Vector length" : "Matrix side n";
}

void to_json(nlohmann::json& j, const RunSpec& s) {
    j = nlohmann::json{{"workload", toString(s.workload)},
                       {"count", s.count},
                       {"size", s.size},
                       {"workers", s.workers},
                       {"blas_threads", s.blasThreads},
                       {"chunk", s.chunk},
                       {"data", toString(s.data)},
                       {"init", toString(s.init)},
                       {"repeats", s.repeats},
                       {"warmup", s.warmup},
                       {"budget_seconds", s.budgetSeconds},
                       {"seed", s.seed},
                       {"kernel", s.kernel},
                       {"wait_policy", toString(s.waitPolicy)},
                       {"blas_library", toString(s.blasLibrary)},
                       {"thread_control", toString(s.threadControl)},
                       {"pool", toString(s.pool)},
                       {"transfer", toString(s.transfer)},
                       {"pin", s.pin},
                       {"verify", s.verify}};
    // Only where they apply: every other spec keeps its JSON (and its journal key) as it was.
    if (!s.hosts.empty())
        j["hosts"] = s.hosts;
    if (s.oversubscribe)
        j["oversubscribe"] = true;
}

void from_json(const nlohmann::json& j, RunSpec& s) {
    RunSpec d;
    s.workload = enumField(j, "workload", kWorkloads, d.workload);
    s.count = j.value("count", d.count);
    s.size = j.value("size", d.size);
    s.workers = j.value("workers", d.workers);
    s.blasThreads = j.value("blas_threads", d.blasThreads);
    s.chunk = j.value("chunk", d.chunk);
    s.data = enumField(j, "data", kPlacements, d.data);
    s.init = enumField(j, "init", kInits, d.init);
    s.repeats = j.value("repeats", d.repeats);
    s.warmup = j.value("warmup", d.warmup);
    s.budgetSeconds = j.value("budget_seconds", d.budgetSeconds);
    s.seed = j.value("seed", d.seed);
    s.kernel = j.value("kernel", d.kernel);
    s.waitPolicy = enumField(j, "wait_policy", kWaitPolicies, d.waitPolicy);
    if (j.contains("blas_library")) {
        const auto text = j.at("blas_library").get<std::string>();
        const auto library = blasLibraryFromString(text);
        if (!library)
            throw std::invalid_argument("unknown blas_library '" + text + "'");
        s.blasLibrary = *library;
    } else {
        s.blasLibrary = enumField(j, "blis_threading", kOldBlisThreadings, d.blasLibrary);
    }
    s.threadControl = enumField(j, "thread_control", kThreadControls, d.threadControl);
    s.pool = enumField(j, "pool", kPoolKinds, d.pool);
    s.transfer = enumField(j, "transfer", kTransfers, d.transfer);
    s.pin = j.value("pin", d.pin);
    s.verify = j.value("verify", d.verify);
    s.hosts = j.value("hosts", d.hosts);
    s.oversubscribe = j.value("oversubscribe", d.oversubscribe);
}

} // namespace threadmix
