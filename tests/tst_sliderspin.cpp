// Slider and spin box stay in sync and clamp; the logarithmic slider spans its range.
#include <QSlider>
#include <QSpinBox>
#include <QTest>

#include "tests/qttestmain.h"
#include "ui/sliderspin.h"

using threadmix::ui::SliderSpin;

class TestSliderSpin : public QObject {
    Q_OBJECT
private slots:
    void spinMovesSlider() {
        SliderSpin s(1, 100, 100, false);
        s.spinBox()->setValue(42);
        QCOMPARE(s.slider()->value(), 42);
        QCOMPARE(s.value(), 42);
    }
    void sliderMovesSpin() {
        SliderSpin s(1, 100, 100, false);
        s.slider()->setValue(17);
        QCOMPARE(s.spinBox()->value(), 17);
        QCOMPARE(s.value(), 17);
    }
    void valuesClamp() {
        SliderSpin s(1, 64, 16, false);
        s.setValue(1000);
        QCOMPARE(s.value(), 64);
        QCOMPARE(s.slider()->value(), 16); // the slider's end; the spin box holds 64
        s.setValue(-5);
        QCOMPARE(s.value(), 1);
        s.spinBox()->setValue(0);
        QCOMPARE(s.value(), 1);
    }
    void logSliderSpansRange() {
        SliderSpin s(16, 32768, 4096, true);
        s.slider()->setValue(s.slider()->minimum());
        QCOMPARE(s.value(), 16);
        s.slider()->setValue(s.slider()->maximum());
        QCOMPARE(s.value(), 4096);
        // Monotonic, and the middle of the slider is near the geometric middle (256).
        int last = 0;
        for (int pos = s.slider()->minimum(); pos <= s.slider()->maximum(); pos += 50) {
            s.slider()->setValue(pos);
            QVERIFY(s.value() >= last);
            last = s.value();
        }
        s.slider()->setValue((s.slider()->minimum() + s.slider()->maximum()) / 2);
        QVERIFY(s.value() > 200 && s.value() < 330);
        // Typing a value beyond the slider's end is allowed and keeps the slider at its end.
        s.spinBox()->setValue(10000);
        QCOMPARE(s.value(), 10000);
        QCOMPARE(s.slider()->value(), s.slider()->maximum());
    }
    void signalOncePerChange() {
        SliderSpin s(1, 100, 100, false);
        int changes = 0;
        connect(&s, &SliderSpin::valueChanged, this, [&](int) { ++changes; });
        s.slider()->setValue(30);
        QCOMPARE(changes, 1);
        s.spinBox()->setValue(31);
        QCOMPARE(changes, 2);
    }
};

THREADMIX_QTEST_MAIN(TestSliderSpin)
#include "tst_sliderspin.moc"
