// CheckedDoubleSpinBox: typed values are kept and judged against the allowed range.
#include "ui/window/checkeddoublespinbox.h"

#include <algorithm>

#include "ui/window/invalidlook.h"

namespace threadmix::ui {

CheckedDoubleSpinBox::CheckedDoubleSpinBox(const QString& name, double min, double max,
                                           double value, int decimals, QWidget* parent)
    : QDoubleSpinBox(parent), m_name(name), m_min(min), m_max(max) {
    setDecimals(decimals);
    // What can be typed: far beyond the allowed range, so a mistyped value stays visible.
    setRange(-1e9, 1e9);
    setValue(value);
    connect(this, &QDoubleSpinBox::valueChanged, this, [this] { showValidity(); });
    showValidity();
}

QString CheckedDoubleSpinBox::problem() const {
    if (valueIsAllowed())
        return {};
    return tr("%1 must be between %2 and %3%4; %5 cannot run.")
        .arg(m_name, textFromValue(m_min), textFromValue(m_max), suffix(), textFromValue(value()));
}

void CheckedDoubleSpinBox::setHelp(const QString& text) {
    m_help = text;
    showValidity();
}

QValidator::State CheckedDoubleSpinBox::validate(QString& input, int& pos) const {
    QString t = input.trimmed();
    if (!suffix().isEmpty() && t.endsWith(suffix().trimmed()))
        t.chop(suffix().trimmed().size());
    t = t.trimmed();
    if (t.isEmpty() || t == QStringLiteral("-") || t == QStringLiteral("+"))
        return QValidator::Intermediate;
    return QDoubleSpinBox::validate(input, pos);
}

void CheckedDoubleSpinBox::stepBy(int steps) {
    setValue(std::clamp(value() + steps * singleStep(), m_min, m_max));
    selectAll();
}

QAbstractSpinBox::StepEnabled CheckedDoubleSpinBox::stepEnabled() const {
    StepEnabled s = StepNone;
    if (value() < m_max)
        s |= StepUpEnabled;
    if (value() > m_min)
        s |= StepDownEnabled;
    return s;
}

void CheckedDoubleSpinBox::showValidity() {
    markInvalid(this, problem(), m_help);
}

} // namespace threadmix::ui
