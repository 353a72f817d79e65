// The in-place "this value cannot run" look shared by the checked spin boxes.
#include "ui/window/invalidlook.h"

#include <QPalette>
#include <QWidget>

namespace threadmix::ui {

void markInvalid(QWidget* w, const QString& reason, const QString& help) {
    const bool invalid = !reason.isEmpty();
    if (w->property("invalid").toBool() == invalid &&
        w->toolTip() == (invalid ? reason + QStringLiteral("\n\n") + help : help))
        return;
    w->setProperty("invalid", invalid);
    // A palette rather than a style sheet: a style sheet would restyle the arrows too.
    QPalette p = w->parentWidget() ? w->parentWidget()->palette() : QPalette();
    if (invalid) {
        p.setColor(QPalette::Base, QColor(0xfd, 0xdb, 0xc7));
        p.setColor(QPalette::Text, QColor(0x67, 0x00, 0x1f));
        w->setPalette(p);
    } else {
        w->setPalette(QPalette());
    }
    w->setToolTip(invalid ? (help.isEmpty() ? reason : reason + QStringLiteral("\n\n") + help)
                          : help);
}

} // namespace threadmix::ui
