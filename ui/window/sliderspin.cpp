// Two-way sync between QSlider and QSpinBox with an optional logarithmic slider.
#include "ui/window/sliderspin.h"

#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

#include "ui/window/checkedspinbox.h"

namespace threadmix::ui {

namespace {
constexpr int kLogSteps = 1000;
}

SliderSpin::SliderSpin(int min, int max, int sliderMax, bool logarithmic, QWidget* parent)
    : QWidget(parent), m_slider(new QSlider(Qt::Horizontal, this)),
      m_spin(new CheckedSpinBox(QString(), min, max, min, this)),
      m_sliderMax(std::clamp(sliderMax, min, max)), m_log(logarithmic && min > 0) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spin);
    m_spin->setAccelerated(true);
    m_spin->setMinimumWidth(80);
    m_slider->setRange(m_log ? 0 : min, m_log ? kLogSteps : m_sliderMax);
    m_slider->setPageStep(m_log ? kLogSteps / 20 : std::max(1, (m_sliderMax - min) / 10));
    connect(m_spin, &QSpinBox::valueChanged, this, [this](int v) {
        if (!m_syncing) {
            m_syncing = true;
            m_slider->setValue(toSlider(v));
            m_syncing = false;
        }
        emit valueChanged(v);
    });
    connect(m_slider, &QSlider::valueChanged, this, [this](int pos) {
        if (m_syncing)
            return;
        m_syncing = true;
        m_spin->setValue(fromSlider(pos));
        m_syncing = false;
    });
    m_slider->setValue(toSlider(m_spin->value()));
}

int SliderSpin::value() const {
    return m_spin->value();
}
void SliderSpin::setValue(int v) {
    m_spin->setValue(std::clamp(v, minimum(), maximum()));
}
int SliderSpin::minimum() const {
    return m_spin->allowedMinimum();
}
int SliderSpin::maximum() const {
    return m_spin->allowedMaximum();
}
bool SliderSpin::isValid() const {
    return m_spin->valueIsAllowed();
}
QString SliderSpin::problem() const {
    return m_spin->problem();
}
void SliderSpin::setName(const QString& name) {
    m_spin->setName(name);
}

void SliderSpin::setMaximum(int max, int sliderMax) {
    const int v = value();
    m_spin->setAllowedMaximum(max);
    m_sliderMax = std::clamp(sliderMax, minimum(), max);
    if (!m_log)
        m_slider->setMaximum(m_sliderMax);
    setValue(v);
    m_syncing = true;
    m_slider->setValue(toSlider(value()));
    m_syncing = false;
}

void SliderSpin::setToolTips(const QString& text) {
    setToolTip(text);
    m_slider->setToolTip(text);
    m_spin->setHelp(text);
}

int SliderSpin::toSlider(int v) const {
    if (!m_log)
        return std::min(v, m_sliderMax);
    const double lo = std::log(double(minimum()));
    const double hi = std::log(double(m_sliderMax));
    if (hi <= lo)
        return 0;
    const double t = (std::log(double(std::clamp(v, minimum(), m_sliderMax))) - lo) / (hi - lo);
    return int(std::lround(t * kLogSteps));
}

int SliderSpin::fromSlider(int pos) const {
    if (!m_log)
        return pos;
    const double lo = std::log(double(minimum()));
    const double hi = std::log(double(m_sliderMax));
    const double v = std::exp(lo + (hi - lo) * double(pos) / kLogSteps);
    // Round to a tidy value: multiples of 8 above 64, so sizes land on cache-friendly numbers.
    int r = int(std::lround(v));
    if (r > 64)
        r = int(std::lround(v / 8.0)) * 8;
    return std::clamp(r, minimum(), m_sliderMax);
}

} // namespace threadmix::ui
