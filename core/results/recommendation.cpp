// Decision rule: the winner is "clearly faster" when every one of its repetitions beat every
// repetition of the runner-up, or when the exact rank test gives p < 0.05.
#include "core/results/recommendation.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace threadmix {

double mannWhitneyLess(const std::vector<double>& a, const std::vector<double>& b) {
    const std::size_t n1 = a.size(), n2 = b.size();
    if (n1 == 0 || n2 == 0)
        return 1.0;
    // U = pairs where a < b (+ half for ties): large U means a is smaller.
    double u = 0;
    for (double x : a)
        for (double y : b)
            u += x < y ? 1.0 : (x == y ? 0.5 : 0.0);
    // Null distribution of U for sizes n1, n2 by counting (no ties): f(i, j, u).
    const std::size_t maxU = n1 * n2;
    std::vector<std::vector<double>> prev(n2 + 1, std::vector<double>(maxU + 1, 0.0));
    for (std::size_t j = 0; j <= n2; ++j)
        prev[j][0] = 1.0; // i = 0
    for (std::size_t i = 1; i <= n1; ++i) {
        std::vector<std::vector<double>> cur(n2 + 1, std::vector<double>(maxU + 1, 0.0));
        cur[0][0] = 1.0;
        for (std::size_t j = 1; j <= n2; ++j)
            for (std::size_t k = 0; k <= i * j; ++k)
                cur[j][k] = (k >= j ? prev[j][k - j] : 0.0) + cur[j - 1][k];
        prev = std::move(cur);
    }
    double total = 0, tail = 0;
    for (std::size_t k = 0; k <= maxU; ++k) {
        total += prev[n2][k];
        if (double(k) >= u - 1e-9)
            tail += prev[n2][k];
    }
    return total > 0 ? tail / total : 1.0;
}

namespace {

// When sending operands to a process pool decided a row's place: the row that lost most of its
// gap to the best by sending, in a sentence; "" when none did.
std::string sendingDecides(const std::vector<ConfigResult>& results, const ConfigResult& best) {
    const double bestMedian = *best.medianSeconds();
    const ConfigResult* worst = nullptr;
    double worstSending = 0;
    for (const auto& r : results) {
        if (&r == &best || r.status != RunStatus::Ok || !r.medianSeconds() ||
            !r.config.spec.sendsOperands())
            continue;
        const double gap = *r.medianSeconds() - bestMedian;
        // Sending the best row did too (a group of process pools) decides nothing.
        const double sending = r.sendingSeconds() - best.sendingSeconds();
        if (gap > 0 && sending >= 0.5 * gap && sending > worstSending) {
            worst = &r;
            worstSending = sending;
        }
    }
    if (!worst)
        return {};
    return fmt::format(" Sending decides: {} ({:.3g} s) spent {:.3g} s sending its operands and "
                       "products (summed over tasks){}, against the {:.3g} s it lost to the best.",
                       worst->config.label, *worst->medianSeconds(), worst->sendingSeconds(),
                       best.config.spec.sendsOperands()
                           ? fmt::format(", {:.3g} s more than the best", worstSending)
                           : "",
                       *worst->medianSeconds() - bestMedian);
}

} // namespace

Recommendation recommend(const std::vector<ConfigResult>& results) {
    Recommendation rec;
    std::vector<int> order;
    for (int i = 0; i < int(results.size()); ++i)
        if (results[std::size_t(i)].status == RunStatus::Ok &&
            results[std::size_t(i)].medianSeconds())
            order.push_back(i);
    std::sort(order.begin(), order.end(), [&](int x, int y) {
        return *results[std::size_t(x)].medianSeconds() < *results[std::size_t(y)].medianSeconds();
    });
    if (order.empty()) {
        rec.text = "No configuration finished, so there is nothing to recommend.";
        return rec;
    }
    rec.best = order[0];
    const auto& best = results[std::size_t(rec.best)];
    const auto bs = best.seconds();
    if (order.size() == 1) {
        rec.text = fmt::format("Only {} finished ({:.3g} s); nothing to compare it with.",
                               best.config.label, bs.median);
        return rec;
    }
    rec.runnerUp = order[1];
    const auto& second = results[std::size_t(rec.runnerUp)];
    const auto ss = second.seconds();
    rec.ratio = ss.median / bs.median;
    rec.pValue = mannWhitneyLess(best.wallSeconds(), second.wallSeconds());
    const bool separate = bs.n >= 2 && ss.n >= 2 && bs.max < ss.min;
    rec.beyondNoise = separate || rec.pValue < 0.05;
    std::string why;
    if (separate)
        why = fmt::format("every one of its {} repetitions ({:.3g}..{:.3g} s) beat every one of "
                          "the runner-up's {} ({:.3g}..{:.3g} s), so the difference is larger "
                          "than the measured noise",
                          bs.n, bs.min, bs.max, ss.n, ss.min, ss.max);
    else if (rec.beyondNoise)
        why = fmt::format("their repetitions overlap, but a rank test says the first is faster "
                          "(one-sided Mann-Whitney p = {:.3f})",
                          rec.pValue);
    else if (bs.n < 2 || ss.n < 2)
        why = "one repetition each cannot tell a real difference from noise; measure with more "
              "repetitions";
    else
        why = fmt::format("their repetitions overlap ({:.3g}..{:.3g} s vs {:.3g}..{:.3g} s; "
                          "Mann-Whitney p = {:.2f}), so this is within the noise; more "
                          "repetitions could separate them",
                          bs.min, bs.max, ss.min, ss.max, rec.pValue);
    rec.text =
        fmt::format("Recommendation: {} ({:.3g} s) is {:.2f}x as fast as the runner-up, "
                    "{} ({:.3g} s); {}.",
                    best.config.label, bs.median, rec.ratio, second.config.label, ss.median, why);
    rec.text += sendingDecides(results, best);
    for (const auto* r : {&best, &second})
        if (auto warning = r->noiseWarning())
            rec.text += fmt::format(" Careful: {} is {}.", r->config.label, *warning);
    return rec;
}

std::vector<GroupRecommendation> recommendByGroup(const std::vector<ConfigResult>& results) {
    std::vector<GroupRecommendation> out;
    std::vector<GroupKey> groups;
    for (const auto& r : results)
        if (std::find(groups.begin(), groups.end(), r.config.group) == groups.end())
            groups.push_back(r.config.group);
    for (const auto& g : groups) {
        std::vector<ConfigResult> mine;
        std::vector<int> index;
        for (int i = 0; i < int(results.size()); ++i)
            if (results[std::size_t(i)].config.group == g) {
                mine.push_back(results[std::size_t(i)]);
                index.push_back(i);
            }
        GroupRecommendation gr{g, recommend(mine)};
        for (int* k : {&gr.rec.best, &gr.rec.runnerUp})
            if (*k >= 0)
                *k = index[std::size_t(*k)];
        out.push_back(std::move(gr));
    }
    return out;
}

std::string recommendationText(const std::vector<ConfigResult>& results) {
    const auto all = recommendByGroup(results);
    if (all.size() == 1)
        return all.front().rec.text;
    std::string out;
    for (const auto& g : all)
        out += (out.empty() ? "" : "\n\n") + groupText(g.group) + ":\n" + g.rec.text;
    return out;
}

} // namespace threadmix
