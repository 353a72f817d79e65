// An integer spin box that keeps a typed value outside its range and says so, instead of clamping.
#pragma once

#include <QSpinBox>

namespace threadmix::ui {

// The box's own range is wide, so any integer typed stays as typed; the allowed range is what the
// arrows, the wheel and valueIsAllowed() use. A value outside it is drawn invalid in place (red
// background, the reason in the tooltip) until it is fixed; the panel refuses to run it.
class CheckedSpinBox : public QSpinBox {
public:
    // `name` is the control's label in the window ("Pool workers"), for the reason.
    CheckedSpinBox(const QString& name, int min, int max, int value, QWidget* parent = nullptr);

    void setName(const QString& name);
    void setAllowedRange(int min, int max);
    void setAllowedMaximum(int max) { setAllowedRange(m_min, max); }
    int allowedMinimum() const { return m_min; }
    int allowedMaximum() const { return m_max; }
    bool valueIsAllowed() const { return value() >= m_min && value() <= m_max; }
    // Why the value cannot run, in the window's words; empty when it can.
    QString problem() const;
    // The tooltip shown while the value is allowed (the reason goes above it when it is not).
    void setHelp(const QString& text);

    QValidator::State validate(QString& input, int& pos) const override;
    void stepBy(int steps) override;

protected:
    StepEnabled stepEnabled() const override;

private:
    // Red background and the reason in the tooltip, or the plain look.
    void showValidity();

    QString m_name;
    QString m_help;
    int m_min;
    int m_max;
};

} // namespace threadmix::ui
