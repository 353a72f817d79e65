// A slider and a spin box that always show the same value; the slider may be logarithmic.
#pragma once

#include <QWidget>

#include "ui/window/checkedspinbox.h"

class QSlider;

namespace threadmix::ui {

class SliderSpin : public QWidget {
    Q_OBJECT
public:
    // The spin box accepts [min, max]; the slider spans [min, sliderMax] (log scale if asked),
    // so a useful range stays easy to reach while larger values can still be typed.
    SliderSpin(int min, int max, int sliderMax, bool logarithmic, QWidget* parent = nullptr);

    // What the spin box holds: a typed value outside [min, max] stays as typed (shown invalid
    // in place); see isValid().
    int value() const;
    void setValue(int v); // a value set by the program is clamped to [min, max]
    void setMaximum(int max, int sliderMax);
    int minimum() const;
    int maximum() const;
    bool isValid() const;
    // Why the typed value cannot run, naming the control; empty when it can.
    QString problem() const;
    // The control's name in the window, for problem().
    void setName(const QString& name);
    QSlider* slider() const { return m_slider; }
    CheckedSpinBox* spinBox() const { return m_spin; }
    void setToolTips(const QString& text);

signals:
    void valueChanged(int value);

private:
    int toSlider(int v) const;
    int fromSlider(int pos) const;

    QSlider* m_slider;
    CheckedSpinBox* m_spin;
    int m_sliderMax;
    bool m_log;
    bool m_syncing = false;
};

} // namespace threadmix::ui
