// CheckedBox: typed values are kept and judged against the allowed range, never clamped.
#include "ui/window/checkedspinbox.h"

#include <algorithm>
#include <type_traits>

#include "ui/window/invalidlook.h"

namespace threadmix::ui {

namespace {
// What can be typed: far beyond any allowed range, so a mistyped value stays visible.
constexpr int kTypedLimit = 1'000'000'000;
} // namespace

template <class Box, class T>
CheckedBox<Box, T>::CheckedBox(const QString& name, T min, T max, T value, int decimals,
                               QWidget* parent)
    : Box(parent), m_name(name), m_min(min), m_max(max) {
    if constexpr (std::is_floating_point_v<T>)
        this->setDecimals(decimals); // before the value, which it rounds
    this->setRange(T(-kTypedLimit), T(kTypedLimit));
    this->setValue(value);
    QObject::connect(this, &Box::valueChanged, this, [this] { showValidity(); });
    showValidity();
}

template <class Box, class T> void CheckedBox<Box, T>::setName(const QString& name) {
    m_name = name;
    showValidity();
}

template <class Box, class T> void CheckedBox<Box, T>::setAllowedRange(T min, T max) {
    m_min = min;
    m_max = std::max(min, max);
    showValidity();
}

template <class Box, class T> QString CheckedBox<Box, T>::problem() const {
    if (valueIsAllowed())
        return {};
    return Box::tr("%1 must be between %2 and %3%4; %5 cannot run.")
        .arg(m_name, this->textFromValue(m_min), this->textFromValue(m_max), this->suffix(),
             this->textFromValue(this->value()));
}

template <class Box, class T> void CheckedBox<Box, T>::setHelp(const QString& text) {
    m_help = text;
    showValidity();
}

template <class Box, class T>
QValidator::State CheckedBox<Box, T>::validate(QString& input, int& pos) const {
    // Any number is kept as typed (QSpinBox rejects the keystroke that leaves the range, so
    // "-5" became "5" and "600" became "60" without a word).
    QString t = input.trimmed();
    if (!this->suffix().isEmpty() && t.endsWith(this->suffix().trimmed()))
        t.chop(this->suffix().trimmed().size());
    t = t.trimmed();
    if (t.isEmpty() || t == QStringLiteral("-") || t == QStringLiteral("+"))
        return QValidator::Intermediate;
    return Box::validate(input, pos);
}

template <class Box, class T> void CheckedBox<Box, T>::stepBy(int steps) {
    // The arrows and keys step within the allowed range (from an invalid value, into it); in a
    // wider type, so a step from a huge typed value cannot overflow.
    using Wide = std::conditional_t<std::is_integral_v<T>, long long, T>;
    const Wide target = std::clamp<Wide>(Wide(this->value()) + steps * Wide(this->singleStep()),
                                         Wide(m_min), Wide(m_max));
    this->setValue(T(target));
    this->selectAll();
}

template <class Box, class T>
QAbstractSpinBox::StepEnabled CheckedBox<Box, T>::stepEnabled() const {
    QAbstractSpinBox::StepEnabled s = QAbstractSpinBox::StepNone;
    if (this->value() < m_max)
        s |= QAbstractSpinBox::StepUpEnabled;
    if (this->value() > m_min)
        s |= QAbstractSpinBox::StepDownEnabled;
    return s;
}

template <class Box, class T> void CheckedBox<Box, T>::showValidity() {
    markInvalid(this, problem(), m_help);
}

template class CheckedBox<QSpinBox, int>;
template class CheckedBox<QDoubleSpinBox, double>;

} // namespace threadmix::ui
