// Entry points the app uses: the explorer window, and charts rendered headless to PNG.
#pragma once

#include <QImage>

#include <string>

#include "core/base/expected.h"
#include "core/formats/resultfile.h"

namespace threadmix::ui {

// True when a Qt GUI can be shown: an X11 or Wayland display, or a platform the user chose.
bool displayAvailable();

// Opens the explorer window and runs the event loop; returns the exit code. With `openPath`
// the window opens that result file (and sets its controls to the file's plan) instead of
// offering to restore an interrupted run (that offer waits for the next plain start).
int runExplorer(int argc, char** argv, const std::string& openPath = {});

// Renders the results' charts (timing bars; with the heat map for sweeps) to a PNG with a
// caption, at `scale` pixels per point. Works without a display (offscreen platform).
Status renderResultsPng(const ResultSet& set, const std::string& path, double scale);
// The same picture as an image (the window's dashboard export and clipboard copy use it, so the
// window's exports equal the headless ones: charts and caption, no widgets). Needs a
// QApplication.
QImage dashboardImage(const ResultSet& set, double scale);

} // namespace threadmix::ui
