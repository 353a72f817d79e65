// Installed on the application: every widget's tooltip passes through wrapped().
#include "ui/window/tooltipwrapper.h"

#include <QHelpEvent>
#include <QTextDocument>
#include <QToolTip>
#include <QWidget>

namespace threadmix::ui {

QString TooltipWrapper::wrapped(const QString& tooltip) {
    if (tooltip.size() <= kWrapAfter || Qt::mightBeRichText(tooltip))
        return tooltip;
    return QStringLiteral("<p>") + tooltip.toHtmlEscaped() + QStringLiteral("</p>");
}

bool TooltipWrapper::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::ToolTip || !watched->isWidgetType())
        return false;
    auto* widget = static_cast<QWidget*>(watched);
    const QString tip = widget->toolTip();
    const QString shown = wrapped(tip);
    if (tip.isEmpty() || shown == tip)
        return false; // the widget's own handling (or Qt's) shows it as it is
    QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(), shown, widget);
    return true;
}

} // namespace threadmix::ui
