// Spin boxes that keep a typed value outside their range and say so, instead of clamping.
#pragma once

#include <QDoubleSpinBox>
#include <QSpinBox>

namespace threadmix::ui {

// The box's own range is wide, so any number typed stays as typed; the allowed range is what the
// arrows, the wheel and valueIsAllowed() use. A value outside it is drawn invalid in place (red
// background, the reason in the tooltip) until it is fixed; the panel refuses to run it.
// One template for whole numbers (QSpinBox) and decimals (QDoubleSpinBox, the time budget).
template <class Box, class T> class CheckedBox : public Box {
public:
    // `name` is the control's label in the window ("Pool workers"), for the reason.
    CheckedBox(const QString& name, T min, T max, T value, int decimals, QWidget* parent);

    void setName(const QString& name);
    void setAllowedRange(T min, T max);
    void setAllowedMaximum(T max) { setAllowedRange(m_min, max); }
    T allowedMinimum() const { return m_min; }
    T allowedMaximum() const { return m_max; }
    bool valueIsAllowed() const { return this->value() >= m_min && this->value() <= m_max; }
    // Why the value cannot run, in the window's words; empty when it can.
    QString problem() const;
    // The tooltip shown while the value is allowed (the reason goes above it when it is not).
    void setHelp(const QString& text);

    QValidator::State validate(QString& input, int& pos) const override;
    void stepBy(int steps) override;

protected:
    QAbstractSpinBox::StepEnabled stepEnabled() const override;

private:
    // Red background and the reason in the tooltip, or the plain look.
    void showValidity();

    QString m_name;
    QString m_help;
    T m_min;
    T m_max;
};

class CheckedSpinBox : public CheckedBox<QSpinBox, int> {
public:
    CheckedSpinBox(const QString& name, int min, int max, int value, QWidget* parent = nullptr)
        : CheckedBox(name, min, max, value, 0, parent) {}
};

class CheckedDoubleSpinBox : public CheckedBox<QDoubleSpinBox, double> {
public:
    CheckedDoubleSpinBox(const QString& name, double min, double max, double value, int decimals,
                         QWidget* parent = nullptr)
        : CheckedBox(name, min, max, value, decimals, parent) {}
};

} // namespace threadmix::ui
