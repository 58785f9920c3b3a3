// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deckexport.h"

#include "presenter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace Present {

namespace DeckExport {

int write(Presenter &presenter, const QString &out, const Options &options, QString *error)
{
    const QFileInfo target(out);
    if (!QDir(target.absolutePath()).exists()) {
        if (error)
            *error = QStringLiteral("cannot write %1: the folder %2 does not exist")
                         .arg(out, target.absolutePath());
        return -1;
    }
    // Written beside the target and moved into place: a failed export leaves no half a PDF.
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(out, file.errorString());
        return -1;
    }
    QPdfWriter pdf(&file);
    pdf.setCreator(QStringLiteral("Curtain"));
    pdf.setTitle(presenter.deck().title);
    pdf.setResolution(96);
    const double slideHeightMm = 254.0 * options.slideSize.height() / options.slideSize.width();
    pdf.setPageSize(QPageSize(QSizeF(254.0, options.notes ? slideHeightMm * 1.5 : slideHeightMm),
                              QPageSize::Millimeter,
                              QStringLiteral("Curtain slide")));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter painter(&pdf);
    const QRect page = painter.viewport();
    const int slideHeight = options.notes ? page.height() * 2 / 3 : page.height();

    int pages = 0;
    const auto print = [&] {
        if (pages > 0)
            pdf.newPage();
        QCoreApplication::processEvents();
        const QPixmap picture = presenter.audience()->grab();
        painter.drawPixmap(QRect(0, 0, page.width(), slideHeight), picture);
        if (options.notes) {
            const Slide &slide = presenter.deck().slides.at(presenter.presentation().slide());
            QTextDocument notes;
            notes.setMarkdown(slide.notes);
            QFont font = notes.defaultFont();
            font.setPixelSize(std::max(10, page.height() / 60));
            notes.setDefaultFont(font);
            notes.setTextWidth(page.width() - 80);
            painter.save();
            painter.translate(40, slideHeight + 20);
            notes.drawContents(&painter,
                               QRectF(0, 0, page.width() - 80, page.height() - slideHeight - 40));
            painter.restore();
        }
        ++pages;
    };

    const int count = presenter.presentation().count();
    for (int slide = 0; slide < count; ++slide) {
        presenter.goToSlide(slide);
        presenter.waitForDemo(options.demoTimeoutMs);
        print();
        // Each `+` item is a stop of its own; a demo is printed as its deck sets it up.
        while (presenter.presentation().revealed() < presenter.deck().slides.at(slide).items) {
            presenter.forward();
            print();
        }
    }
    painter.end();
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(out, file.errorString());
        return -1;
    }
    return pages;
}

} // namespace DeckExport

} // namespace Present
