// Long plain-text tooltips wrap at a readable width instead of running past the screen's edge.
#pragma once

#include <QObject>

namespace threadmix::ui {

class TooltipWrapper : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // A plain text over kWrapAfter characters as rich text, which Qt's tooltip wraps; anything
    // else (short, or rich already) as it is.
    static QString wrapped(const QString& tooltip);
    static constexpr int kWrapAfter = 70;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace threadmix::ui
