// CheckedSpinBox: typed values are kept and judged against the allowed range, never clamped.
#include "ui/window/checkedspinbox.h"

#include <algorithm>

#include "ui/window/invalidlook.h"

namespace threadmix::ui {

namespace {
// What can be typed: far beyond any allowed range, so a mistyped value stays visible.
constexpr int kTypedLimit = 1'000'000'000;
} // namespace

CheckedSpinBox::CheckedSpinBox(const QString& name, int min, int max, int value, QWidget* parent)
    : QSpinBox(parent), m_name(name), m_min(min), m_max(max) {
    setRange(-kTypedLimit, kTypedLimit);
    setValue(value);
    connect(this, &QSpinBox::valueChanged, this, [this] { showValidity(); });
    showValidity();
}

void CheckedSpinBox::setName(const QString& name) {
    m_name = name;
    showValidity();
}

void CheckedSpinBox::setAllowedRange(int min, int max) {
    m_min = min;
    m_max = std::max(min, max);
    showValidity();
}

QString CheckedSpinBox::problem() const {
    if (valueIsAllowed())
        return {};
    return tr("%1 must be between %2 and %3; %4 cannot run.")
        .arg(m_name)
        .arg(m_min)
        .arg(m_max)
        .arg(value());
}

void CheckedSpinBox::setHelp(const QString& text) {
    m_help = text;
    showValidity();
}

QValidator::State CheckedSpinBox::validate(QString& input, int& pos) const {
    // Any integer is kept as typed (QSpinBox rejects the keystroke that leaves the range, so
    // "-5" became "5" and "600" became "60" without a word).
    const QString t = input.trimmed();
    if (t.isEmpty() || t == QStringLiteral("-") || t == QStringLiteral("+"))
        return QValidator::Intermediate;
    return QSpinBox::validate(input, pos);
}

void CheckedSpinBox::stepBy(int steps) {
    // The arrows and keys step within the allowed range (from an invalid value, into it).
    const long target = std::clamp<long>(long(value()) + steps * long(singleStep()), m_min, m_max);
    setValue(int(target));
    selectAll();
}

QAbstractSpinBox::StepEnabled CheckedSpinBox::stepEnabled() const {
    StepEnabled s = StepNone;
    if (value() < m_max)
        s |= StepUpEnabled;
    if (value() > m_min)
        s |= StepDownEnabled;
    return s;
}

void CheckedSpinBox::showValidity() {
    const QString why = problem();
    markInvalid(this, why, m_help);
}

} // namespace threadmix::ui
