// PNG export of charts and the dashboard, at 1x or 2x pixel density, with a caption baked in.
#pragma once

#include <QImage>
#include <QString>

class QWidget;

namespace threadmix::ui {

class RunModel;

// "ThreadMix sweep: gemm, 16 tasks of 400x400, ..." and the machine and date, on three lines.
QStringList captionLines(const RunModel& model);

// Renders `content` at its current logical size with the caption under it; the image has
// `scale` device pixels per logical pixel, so text and lines stay sharp at 2x.
QImage renderWithCaption(QWidget* content, const QStringList& caption, double scale);

// Saves atomically (QSaveFile); returns an empty string or the reason it failed.
QString savePng(const QImage& image, const QString& path);

// True if the image has more than one colour in its content area (an export is never blank).
bool looksNonBlank(const QImage& image);

} // namespace threadmix::ui
