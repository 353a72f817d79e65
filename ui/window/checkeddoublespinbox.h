// A decimal spin box that keeps a typed value outside its range and says so, instead of clamping.
#pragma once

#include <QDoubleSpinBox>

namespace threadmix::ui {

// As CheckedSpinBox, for decimals (the time budget).
class CheckedDoubleSpinBox : public QDoubleSpinBox {
public:
    CheckedDoubleSpinBox(const QString& name, double min, double max, double value, int decimals,
                         QWidget* parent = nullptr);

    double allowedMinimum() const { return m_min; }
    double allowedMaximum() const { return m_max; }
    bool valueIsAllowed() const { return value() >= m_min && value() <= m_max; }
    QString problem() const;
    void setHelp(const QString& text);

    QValidator::State validate(QString& input, int& pos) const override;
    void stepBy(int steps) override;

protected:
    StepEnabled stepEnabled() const override;

private:
    void showValidity();

    QString m_name;
    QString m_help;
    double m_min;
    double m_max;
};

} // namespace threadmix::ui
