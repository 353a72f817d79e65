// How a control shows in place that its value cannot run: a red background and the reason.
#pragma once

#include <QString>

class QWidget;

namespace threadmix::ui {

// With a reason: light red base, the reason first in the tooltip, property "invalid" true.
// Without: the palette and tooltip (`help`) as they were.
void markInvalid(QWidget* w, const QString& reason, const QString& help);

} // namespace threadmix::ui
