// The size sweep's chart: time per multiply against matrix size, one line per strategy, log axes,
// the sizes where the fastest strategy changes marked.
#pragma once

#include "ui/chartpane.h"

namespace threadmix::ui {

class SizesView : public ChartPane {
    Q_OBJECT
public:
    explicit SizesView(RunModel* model, QWidget* parent = nullptr);
    void rebuild() override;
    // Only this library's rows (a size sweep over several libraries: one chart each); empty: all.
    void setLibrary(const QString& library);
    QString library() const { return m_library; }
    // Lines drawn (strategies with at least one measured size) and crossover marks.
    int lineCount() const { return m_lines; }
    int crossoverCount() const { return m_crossovers; }

private:
    int m_lines = 0;
    int m_crossovers = 0;
    QString m_library;
};

} // namespace threadmix::ui
