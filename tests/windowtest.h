// What the window's tests share: the controls set to a run that takes a blink.
#pragma once

#include "ui/window/controlpanel.h"
#include "ui/window/sliderspin.h"

#include <QDoubleSpinBox>
#include <QSpinBox>

namespace threadmix::test {

// 4 multiplies of 32x32, 1 worker x 1 BLAS thread, 2 repetitions, no warm-up.
inline void tiny(ui::ControlPanel* c) {
    c->countControl()->setValue(4);
    c->sizeControl()->setValue(32);
    c->workersControl()->setValue(1);
    c->blasControl()->setValue(1);
    c->repeatsControl()->setValue(2);
    c->warmupControl()->setValue(0);
    c->budgetControl()->setValue(20);
}

} // namespace threadmix::test
