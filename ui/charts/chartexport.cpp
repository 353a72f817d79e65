// Caption text, off-screen rendering and atomic PNG saving.
#include "ui/charts/chartexport.h"

#include "core/machine/machinereport.h"
#include "core/results/libraries.h"

#include <QFontMetrics>
#include <QPainter>
#include <QSaveFile>
#include <QWidget>

#include <set>
#include <vector>

#include "ui/model/runmodel.h"

namespace threadmix::ui {

QStringList captionLines(const RunModel& model) {
    const auto& m = model.machine();
    QStringList lines;
    QString what = QStringLiteral("ThreadMix %1")
                       .arg(model.kind() ? QString::fromUtf8(describe(*model.kind()))
                                         : QStringLiteral("results"));
    if (model.rows() > 0) {
        const auto& s = model.result(0).config.spec;
        std::set<std::string> placements;
        int workersMax = 0, blasMax = 0;
        for (int r = 0; r < model.rows(); ++r) {
            const auto& rs = model.result(r).config.spec;
            placements.insert(rs.data == DataPlacement::Upfront ? "up front"
                              : rs.pool == PoolKind::Mpi         ? "in each rank"
                                                                 : "in each task");
            workersMax = std::max(workersMax, rs.workers);
            blasMax = std::max(blasMax, rs.blasThreads);
        }
        QString data;
        for (const auto& p : placements)
            data +=
                (data.isEmpty() ? QString() : QStringLiteral(" or ")) + QString::fromStdString(p);
        QString item = QString::fromStdString(s.describeTasks());
        // A size sweep: every size has its own task count.
        std::int64_t nLo = s.size, nHi = s.size, cLo = s.count, cHi = s.count;
        for (int r = 0; r < model.rows(); ++r) {
            const auto& rs = model.result(r).config.spec;
            nLo = std::min(nLo, rs.size);
            nHi = std::max(nHi, rs.size);
            cLo = std::min(cLo, rs.count);
            cHi = std::max(cHi, rs.count);
        }
        if (nLo != nHi)
            item = QStringLiteral("matrix sides %1..%2, %3..%4 multiplies per size")
                       .arg(nLo)
                       .arg(nHi)
                       .arg(cHi)
                       .arg(cLo);
        // MPI ranks alone: say what ran them and what the times leave out.
        const MpiRecord* mpi = nullptr;
        bool allRanks = true;
        for (int r = 0; r < model.rows(); ++r) {
            const auto& res = model.result(r);
            allRanks = allRanks && res.config.spec.pool == PoolKind::Mpi;
            if (!mpi && !res.repetitions.empty() && res.repetitions.front().mpi)
                mpi = &*res.repetitions.front().mpi;
        }
        what += QStringLiteral(" \u2014 %1, %2 data made %3; chunk %4; up to %5 %6 x %7 BLAS "
                               "threads")
                    .arg(item, QString::fromStdString(std::string(toString(s.init))), data)
                    .arg(s.chunk)
                    .arg(workersMax)
                    .arg(allRanks ? QStringLiteral("MPI ranks") : QStringLiteral("workers"))
                    .arg(blasMax);
        lines << what;
        if (allRanks && mpi) {
            const auto hosts = mpi->hosts();
            lines << QStringLiteral("MPI ranks started by %1 (%2) on %3 (%4 logical CPUs); each "
                                    "time is rank 0's span between two barriers, so starting "
                                    "and stopping the ranks is left out")
                         .arg(QString::fromStdString(mpi->launcher),
                              QString::fromStdString(mpi->library),
                              hosts.size() == 1 ? QString::fromStdString(hosts.front())
                                                : QStringLiteral("%1 hosts").arg(hosts.size()))
                         .arg(mpi->totalCpus());
        }
        lines << QStringLiteral("Median of %1 repetitions after %2 warm-up, each in a fresh "
                                "process; spread = min..max. Knobs: wait policy %3, BLAS %4, "
                                "%5")
                     .arg(s.repeats)
                     .arg(s.warmup)
                     .arg(QString::fromStdString(std::string(toString(s.waitPolicy))),
                          QString::fromStdString(librariesLine(model.resultSet().results, &m)),
                          s.pin ? QStringLiteral("threads pinned") : QStringLiteral("not pinned"));
    } else {
        lines << what;
    }
    lines << QStringLiteral("%1; %2").arg(QString::fromStdString(cpuLine(m)),
                                          QString::fromStdString(m.date.substr(0, 10)));
    return lines;
}

QImage renderWithCaption(QWidget* content, const QStringList& caption, double scale) {
    QFont captionFont = content->font();
    const int pad = 8;
    // Captions wrap at word boundaries, never cut: each line's height as wrapped.
    const int textWidth = content->width() - 2 * pad;
    std::vector<int> heights;
    int captionHeight = 2 * pad;
    for (int i = 0; i < caption.size(); ++i) {
        QFont f = captionFont;
        f.setBold(i == 0);
        heights.push_back(QFontMetrics(f)
                              .boundingRect(QRect(0, 0, textWidth, 100000),
                                            Qt::AlignLeft | Qt::TextWordWrap, caption[i])
                              .height() +
                          2);
        captionHeight += heights.back();
    }
    const QSize logical(content->width(), content->height() + captionHeight);
    QImage image((QSizeF(logical) * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    content->render(&p, QPoint(0, 0), QRegion(), QWidget::DrawChildren);
    p.setPen(QColor(230, 230, 230));
    p.drawLine(QPoint(pad, content->height()), QPoint(logical.width() - pad, content->height()));
    p.setPen(QColor(40, 40, 40));
    int y = content->height() + pad;
    for (int i = 0; i < caption.size(); ++i) {
        QFont f = captionFont;
        f.setBold(i == 0);
        p.setFont(f);
        p.drawText(QRect(pad, y, textWidth, heights[std::size_t(i)]),
                   Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, caption[i]);
        y += heights[std::size_t(i)];
    }
    return image;
}

QString savePng(const QImage& image, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    if (!image.save(&file, "PNG"))
        return QStringLiteral("cannot encode %1 as PNG: %2").arg(path, file.errorString());
    if (!file.commit())
        return QStringLiteral("cannot save %1: %2").arg(path, file.errorString());
    return {};
}

bool looksNonBlank(const QImage& image) {
    if (image.isNull())
        return false;
    const QRgb first = image.pixel(0, 0);
    int different = 0;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            if (image.pixel(x, y) != first && ++different > 200)
                return true;
    return false;
}

} // namespace threadmix::ui
