// Measuring, wrapping, drawing and auditing the charts' text.
#include "ui/charts/charttext.h"

#include <QFontMetricsF>
#include <QPainter>

#include <optional>

namespace threadmix::ui::charttext {

namespace {
Audit* g_audit = nullptr;
int g_pass = 0;
constexpr int kWrap = Qt::TextWordWrap;
} // namespace

void record(const Painted& painted) {
    if (g_audit)
        g_audit->m_texts.push_back(painted);
}

PaintPass::PaintPass() {
    ++g_pass;
}

Audit::Audit() {
    g_audit = this;
}

Audit::~Audit() {
    if (g_audit == this)
        g_audit = nullptr;
}

QStringList Audit::problems() const {
    QStringList out;
    for (const auto& t : m_texts) {
        const QString trimmed = t.text.trimmed();
        if (trimmed.endsWith(QStringLiteral("...")) || trimmed.contains(QChar(0x2026)))
            out << QStringLiteral("ends in an ellipsis: \"%1\"").arg(t.text);
        // Half a pixel of rounding is not a cut.
        if (t.needed.width() > t.box.width() + 0.5 || t.needed.height() > t.box.height() + 0.5)
            out << QStringLiteral("needs %1x%2 in a %3x%4 box: \"%5\"")
                       .arg(t.needed.width(), 0, 'f', 1)
                       .arg(t.needed.height(), 0, 'f', 1)
                       .arg(t.box.width(), 0, 'f', 1)
                       .arg(t.box.height(), 0, 'f', 1)
                       .arg(t.text);
    }
    // Two texts painted over each other are as unreadable as a cut one (a pane too small for
    // its layout). A pixel of touching is not an overlap.
    for (std::size_t i = 0; i < m_texts.size(); ++i)
        for (std::size_t k = i + 1; k < m_texts.size(); ++k) {
            const auto& a = m_texts[i];
            const auto& b = m_texts[k];
            if (a.pass != b.pass)
                continue;
            const QRectF both = a.onDevice.intersected(b.onDevice);
            if (both.width() > 1.0 && both.height() > 1.0)
                out << QStringLiteral("\"%1\" overlaps \"%2\"").arg(a.text, b.text);
        }
    return out;
}

QSizeF wrappedSize(const QFont& font, const QString& text, double width, bool wrap) {
    const QFontMetricsF fm(font);
    const QRectF r = fm.boundingRect(QRectF(0, 0, std::max(1.0, width), 1e6),
                                     (wrap ? kWrap : 0) | Qt::AlignLeft | Qt::AlignTop, text);
    return r.size();
}

double lineWidth(const QFont& font, const QString& text) {
    return QFontMetricsF(font).horizontalAdvance(text);
}

double lineHeight(const QFont& font) {
    return QFontMetricsF(font).height();
}

double draw(QPainter& p, const QRectF& box, int alignment, const QString& text, bool wrap) {
    if (text.isEmpty())
        return 0;
    const int flags = (wrap ? kWrap : 0) | alignment;
    const QFontMetricsF fm(p.font());
    const QRectF needed = fm.boundingRect(box, flags, text);
    record(
        Painted{text, box, needed, p.font().pointSizeF(), g_pass, p.transform().mapRect(needed)});
    p.drawText(box, flags, text);
    return needed.height();
}

std::optional<QFont> fitted(const QFont& base, const QString& text, const QSizeF& box, bool wrap) {
    QFont f = base;
    for (double pt = base.pointSizeF(); pt >= kMinPointSize - 1e-9; pt -= 0.5) {
        f.setPointSizeF(pt);
        const QSizeF need = wrappedSize(f, text, box.width(), wrap);
        if (need.width() <= box.width() + 0.5 && need.height() <= box.height() + 0.5)
            return f;
    }
    return std::nullopt;
}

} // namespace threadmix::ui::charttext
