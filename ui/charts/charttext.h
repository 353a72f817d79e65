// Text in the charts is laid out, never cut: wrapped at word boundaries into boxes measured with
// the painter's font, and recorded while an audit is on so tests can check every text fits.
#pragma once

#include <QFont>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

class QPainter;

namespace threadmix::ui::charttext {

// One text a chart painted: the box it was given and the box it needed.
struct Painted {
    QString text;
    QRectF box;
    QRectF needed;
    double pointSize = 0;
    int pass = 0;    // the paint (a PaintPass) it belongs to
    QRectF onDevice; // `needed` where it landed on the device (rotations included)
};

// While an Audit lives, every text drawn through this file is recorded (GUI thread only).
class Audit {
public:
    Audit();
    ~Audit();
    Audit(const Audit&) = delete;
    Audit& operator=(const Audit&) = delete;
    const std::vector<Painted>& texts() const { return m_texts; }
    // Every text that is cut (wider or taller than its box, or ending in "..." or an ellipsis)
    // and every two texts of one paint that overlap.
    QStringList problems() const;
    void clear() { m_texts.clear(); }

private:
    friend void record(const Painted&);
    std::vector<Painted> m_texts;
};

// One paint of a chart: texts of one pass must not overlap each other (a later repaint of the
// same chart is another pass).
class PaintPass {
public:
    PaintPass();
};

// The smallest text charts use, in points: below it a text moves to the tooltip and the table.
inline constexpr double kMinPointSize = 6.5;

// The size `text` needs in `font`, wrapped at word boundaries to `width` (a word longer than
// the width stays whole and makes the size wider).
QSizeF wrappedSize(const QFont& font, const QString& text, double width, bool wrap = true);
// The width of one line of `text` (no wrapping).
double lineWidth(const QFont& font, const QString& text);
// The height of one line.
double lineHeight(const QFont& font);

// Draws `text` wrapped at word boundaries inside `box` with the painter's font; returns the
// height it took. The audit records it against the box.
// With `wrap` false, only the text's own line breaks (a number is never broken across lines).
double draw(QPainter& p, const QRectF& box, int alignment, const QString& text, bool wrap = true);

// The largest font at most `base` and at least kMinPointSize in which `text` fits `box`
// (wrapped), or nothing when even the smallest does not fit.
std::optional<QFont> fitted(const QFont& base, const QString& text, const QSizeF& box,
                            bool wrap = true);

} // namespace threadmix::ui::charttext
