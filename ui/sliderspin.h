// A slider and a spin box that always show the same value; the slider may be logarithmic.
#pragma once

#include <QWidget>

class QSlider;
class QSpinBox;

namespace threadmix::ui {

class SliderSpin : public QWidget {
    Q_OBJECT
public:
    // The spin box accepts [min, max]; the slider spans [min, sliderMax] (log scale if asked),
    // so a useful range stays easy to reach while larger values can still be typed.
    SliderSpin(int min, int max, int sliderMax, bool logarithmic, QWidget* parent = nullptr);

    int value() const;
    void setValue(int v); // clamped to [min, max]
    void setMaximum(int max, int sliderMax);
    int minimum() const;
    int maximum() const;
    QSlider* slider() const { return m_slider; }
    QSpinBox* spinBox() const { return m_spin; }
    void setToolTips(const QString& text);

signals:
    void valueChanged(int value);

private:
    int toSlider(int v) const;
    int fromSlider(int pos) const;

    QSlider* m_slider;
    QSpinBox* m_spin;
    int m_sliderMax;
    bool m_log;
    bool m_syncing = false;
};

} // namespace threadmix::ui
