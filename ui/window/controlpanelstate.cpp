// The control panel's values as a whole: defaults, a result file's plan, saved settings
// (part of ControlPanel).
#include "ui/window/controlpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSettings>

#include <algorithm>

#include "core/results/libraries.h"
#include "core/run/isolatedrunner.h"
#include "ui/window/sliderspin.h"

namespace threadmix::ui {

void ControlPanel::resetToDefaults() {
    m_workload->setCurrentText(QStringLiteral("gemm"));
    m_data->setCurrentIndex(0);
    m_init->setCurrentIndex(0);
    m_count->setValue(int(defaults::kRunCount));
    m_size->setValue(int(defaults::kRunSize));
    m_workers->setValue(1);
    m_blas->setValue(1);
    m_chunk->setValue(1);
    m_repeats->setValue(3);
    m_warmup->setValue(1);
    m_budget->setValue(defaults::kBudgetSeconds);
    m_tutorial->setCurrentIndex(0);
    m_waitPolicy->setCurrentIndex(0);
    m_blasLibrary->setCurrentText(QString::fromUtf8(toString(builtBlasLibrary())));
    m_secondLibrary->setCurrentIndex(0);
    m_threadControl->setCurrentIndex(0);
    followLibraries();
    m_pin->setChecked(false);
    m_pool->setCurrentIndex(0);
    m_transfer->setCurrentIndex(0);
    m_blasAuto->setChecked(false);
    m_sweepW0->setValue(1);
    m_sweepW1->setValue(2 * m_logical);
    m_sweepB0->setValue(1);
    m_sweepB1->setValue(2 * m_logical);
    m_sweepAll->setChecked(false);
    m_sweepSkip->setChecked(true);
    showMessage(QString(), false);
    updateWarning();
}

void ControlPanel::loadPlanOf(const ResultSet& set) {
    if (set.results.empty())
        return;
    loadSpec(set.results.front().config.spec);
    const auto libs = librariesIn(set.results);
    if (!libs.empty())
        m_blasLibrary->setCurrentText(QString::fromUtf8(toString(libs[0])));
    if (libs.size() > 1)
        m_secondLibrary->setCurrentText(QString::fromUtf8(toString(libs[1])));
    else
        m_secondLibrary->setCurrentIndex(0);
    // Rows of both pool kinds: the plan ran them side by side (the processes study sets its
    // rows' kinds itself).
    const bool threads = std::any_of(set.results.begin(), set.results.end(), [](const auto& r) {
        return r.config.spec.pool == PoolKind::Threads;
    });
    const bool processes = std::any_of(set.results.begin(), set.results.end(), [](const auto& r) {
        return r.config.spec.pool == PoolKind::Processes;
    });
    if (threads && processes && set.kind != threadmix::PlanKind::Processes)
        setPoolKinds({PoolKind::Threads, PoolKind::Processes});
    // A CSV file does not say its plan: several rows are taken as a sweep's cells.
    switch (set.kind.value_or(set.results.size() > 1 ? threadmix::PlanKind::Sweep
                                                     : threadmix::PlanKind::Run)) {
    case threadmix::PlanKind::Combine:
        m_tutorial->setCurrentText(QStringLiteral("combine"));
        break;
    case threadmix::PlanKind::Pitfalls:
        m_tutorial->setCurrentText(QStringLiteral("pitfalls"));
        break;
    case threadmix::PlanKind::Sizes:
        m_tutorial->setCurrentText(QStringLiteral("sizes"));
        break;
    case threadmix::PlanKind::Processes:
        m_tutorial->setCurrentText(QStringLiteral("processes"));
        break;
    case threadmix::PlanKind::Sweep: {
        std::vector<int> workers, blas;
        for (const auto& r : set.results) {
            workers.push_back(r.config.spec.workers);
            blas.push_back(r.config.spec.blasThreads);
        }
        auto [w0, w1] = std::minmax_element(workers.begin(), workers.end());
        auto [b0, b1] = std::minmax_element(blas.begin(), blas.end());
        m_sweepW0->setValue(*w0);
        m_sweepW1->setValue(*w1);
        m_sweepB0->setValue(*b0);
        m_sweepB1->setValue(*b1);
        // Every value of a range was measured: a log-spaced axis (more than 8 values) would
        // leave some out.
        std::sort(workers.begin(), workers.end());
        workers.erase(std::unique(workers.begin(), workers.end()), workers.end());
        std::sort(blas.begin(), blas.end());
        blas.erase(std::unique(blas.begin(), blas.end()), blas.end());
        m_sweepAll->setChecked(int(workers.size()) == *w1 - *w0 + 1 &&
                               int(blas.size()) == *b1 - *b0 + 1);
        break;
    }
    case threadmix::PlanKind::Run:
        break;
    }
}

void ControlPanel::saveSettings(QSettings& s) const {
    s.beginGroup(QStringLiteral("controls"));
    s.setValue(QStringLiteral("count"), m_count->value());
    s.setValue(QStringLiteral("size"), m_size->value());
    s.setValue(QStringLiteral("workers"), m_workers->value());
    s.setValue(QStringLiteral("blas"), m_blas->value());
    s.setValue(QStringLiteral("workload"), m_workload->currentText());
    s.setValue(QStringLiteral("data"), m_data->currentText());
    s.setValue(QStringLiteral("init"), m_init->currentText());
    s.setValue(QStringLiteral("chunk"), m_chunk->value());
    s.setValue(QStringLiteral("repeats"), m_repeats->value());
    s.setValue(QStringLiteral("warmup"), m_warmup->value());
    s.setValue(QStringLiteral("budget"), m_budget->value());
    s.setValue(QStringLiteral("tutorial"), m_tutorial->currentText());
    s.setValue(QStringLiteral("sweepW0"), m_sweepW0->value());
    s.setValue(QStringLiteral("sweepW1"), m_sweepW1->value());
    s.setValue(QStringLiteral("sweepB0"), m_sweepB0->value());
    s.setValue(QStringLiteral("sweepB1"), m_sweepB1->value());
    s.setValue(QStringLiteral("sweepAll"), m_sweepAll->isChecked());
    s.setValue(QStringLiteral("sweepSkip"), m_sweepSkip->isChecked());
    s.setValue(QStringLiteral("waitPolicy"), m_waitPolicy->currentText());
    s.setValue(QStringLiteral("blasLibrary"), m_blasLibrary->currentText());
    s.setValue(QStringLiteral("secondLibrary"), m_secondLibrary->currentText());
    s.setValue(QStringLiteral("threadControl"), m_threadControl->currentText());
    s.setValue(QStringLiteral("pin"), m_pin->isChecked());
    // By name: the items' words are the window's and may be translated, and their positions
    // moved when MPI ranks came ("pool", by position, is what older versions kept).
    s.setValue(QStringLiteral("poolKind"), poolSettingName());
    s.setValue(QStringLiteral("sending"), m_transfer->currentIndex());
    s.setValue(QStringLiteral("blasAuto"), m_blasAuto->isChecked());
    s.endGroup();
}

void ControlPanel::restoreSettings(const QSettings& s) {
    auto get = [&](const char* key, const QVariant& fallback) {
        return s.value(QStringLiteral("controls/") + QLatin1String(key), fallback);
    };
    // Values from a settings file are clamped to their controls' ranges (the controls keep only
    // what the user types as typed).
    auto clamped = [](CheckedSpinBox* box, const QVariant& v) {
        box->setValue(std::clamp(v.toInt(), box->allowedMinimum(), box->allowedMaximum()));
    };
    m_count->setValue(get("count", m_count->value()).toInt());
    m_workers->setValue(get("workers", m_workers->value()).toInt());
    m_blas->setValue(get("blas", m_blas->value()).toInt());
    for (auto [box, key] :
         {std::pair{m_workload, "workload"}, std::pair{m_data, "data"}, std::pair{m_init, "init"},
          std::pair{m_tutorial, "tutorial"}, std::pair{m_waitPolicy, "waitPolicy"},
          std::pair{m_blasLibrary, "blasLibrary"}, std::pair{m_secondLibrary, "secondLibrary"},
          std::pair{m_threadControl, "threadControl"}}) {
        const int i = box->findText(get(key, box->currentText()).toString());
        if (i >= 0)
            box->setCurrentIndex(i);
    }
    m_size->setValue(get("size", m_size->value()).toInt()); // its range follows the workload
    clamped(m_chunk, get("chunk", m_chunk->value()));
    clamped(m_repeats, get("repeats", m_repeats->value()));
    clamped(m_warmup, get("warmup", m_warmup->value()));
    m_budget->setValue(std::clamp(get("budget", m_budget->value()).toDouble(),
                                  m_budget->allowedMinimum(), m_budget->allowedMaximum()));
    clamped(m_sweepW0, get("sweepW0", m_sweepW0->value()));
    clamped(m_sweepW1, get("sweepW1", m_sweepW1->value()));
    clamped(m_sweepB0, get("sweepB0", m_sweepB0->value()));
    clamped(m_sweepB1, get("sweepB1", m_sweepB1->value()));
    m_sweepAll->setChecked(get("sweepAll", false).toBool());
    m_sweepSkip->setChecked(get("sweepSkip", true).toBool());
    m_pin->setChecked(get("pin", false).toBool());
    // Older settings kept the position among threads, processes, both.
    const int oldPool = get("pool", 0).toInt();
    setPoolSettingName(get("poolKind", QLatin1String(oldPool == 1   ? "processes"
                                                     : oldPool == 2 ? "both"
                                                                    : "threads"))
                           .toString());
    m_transfer->setCurrentIndex(std::clamp(get("sending", 0).toInt(), 0, m_transfer->count() - 1));
    m_blasAuto->setChecked(get("blasAuto", false).toBool()); // after the workers: it follows them
}

} // namespace threadmix::ui
