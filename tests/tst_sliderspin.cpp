// Slider and spin box stay in sync; values set by the program clamp, typed ones stay and are
// shown invalid; the logarithmic slider spans its range.
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>
#include <QTest>

#include "tests/qttestmain.h"
#include "ui/window/sliderspin.h"

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
        QVERIFY(s.isValid());
    }
    // What the user types is kept as typed, shown invalid with the range in the control's name.
    void typedValuesOutOfRangeStayAndAreInvalid() {
        SliderSpin s(1, 64, 16, false);
        s.setName(QStringLiteral("Pool workers"));
        auto* edit = s.spinBox()->findChild<QLineEdit*>();
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("600"));
        QCOMPARE(s.value(), 600);
        QVERIFY(!s.isValid());
        QCOMPARE(s.problem(),
                 QStringLiteral("Pool workers must be between 1 and 64; 600 cannot run."));
        QCOMPARE(s.slider()->value(), 16);
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("-5"));
        QCOMPARE(s.value(), -5);
        QVERIFY(!s.isValid());
        QCOMPARE(s.slider()->value(), 1);
        // The slider only ever gives values in range.
        s.slider()->setValue(8);
        QCOMPARE(s.value(), 8);
        QVERIFY(s.isValid());
        QCOMPARE(s.problem(), QString());
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
