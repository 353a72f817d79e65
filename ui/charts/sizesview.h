// The size sweep's chart: time per multiply against matrix size, one line per strategy, log axes,
// the sizes where the fastest strategy changes marked. Painted by ThreadMix so every tick, title
// and legend entry is laid out in full.
#pragma once

#include <QWidget>

namespace threadmix::ui {

class RunModel;

class SizesView : public QWidget {
    Q_OBJECT
public:
    explicit SizesView(RunModel* model, QWidget* parent = nullptr);
    void rebuild() { update(); }
    // Only this library's rows (a size sweep over several libraries: one chart each); empty: all.
    void setLibrary(const QString& library);
    QString library() const { return m_library; }
    // Lines drawn (strategies with at least one measured size) and crossover marks.
    int lineCount() const;
    int crossoverCount() const;
    void paintSizes(QPainter& p, const QRect& rect) const;
    QSize sizeHint() const override { return {560, 420}; }
    QSize minimumSizeHint() const override { return {260, 220}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    struct Data;
    Data data() const;

    RunModel* m_model;
    QString m_library;
};

} // namespace threadmix::ui
