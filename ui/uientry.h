// Entry points the app uses to start the window.
#pragma once

namespace threadmix::ui {

// True when a Qt GUI can be shown: an X11 or Wayland display, or a platform the user chose.
bool displayAvailable();

} // namespace threadmix::ui
