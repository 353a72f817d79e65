// Display detection for the app's choice between the window and the headless study.
#include "ui/uientry.h"

#include <cstdlib>
#include <initializer_list>

namespace threadmix::ui {

bool displayAvailable() {
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        const char* value = std::getenv(v);
        if (value && *value)
            return true;
    }
    return false;
}

} // namespace threadmix::ui
