// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "fittext.h"

#include <QApplication>
#include <QFontInfo>
#include <QLabel>
#include <QTextDocument>

#include <cmath>

namespace Kit {

namespace {

/** The font LABEL would have with none of its own: its parent's, or the application's. */
QFont inherited(const QLabel *label)
{
    return label->parentWidget() ? label->parentWidget()->font() : QApplication::font();
}

} // namespace

int textHeight(const QLabel *label, const QFont &font, int width)
{
    QTextDocument document;
    document.setDefaultFont(font);
    document.setDocumentMargin(0);
    const bool rich
        = label->textFormat() == Qt::RichText
          || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
    if (rich)
        document.setHtml(label->text());
    else
        document.setPlainText(label->text());
    document.setTextWidth(std::max(1,
                                   width - 2 * label->margin() - label->contentsMargins().left()
                                       - label->contentsMargins().right()));
    return int(std::ceil(document.size().height())) + 2 * label->margin()
           + label->contentsMargins().top() + label->contentsMargins().bottom();
}

bool fitText(QLabel *label, QSize room, double floor)
{
    const QFont base = inherited(label);
    const int nominal = QFontInfo(base).pixelSize();
    const int least = std::max(8, int(std::floor(nominal * floor)));
    QFont font = base;
    int pixels = nominal;
    bool fits = false;
    for (; pixels >= least; --pixels) {
        font.setPixelSize(pixels);
        if (textHeight(label, font, room.width()) <= room.height()) {
            fits = true;
            break;
        }
    }
    if (!fits) {
        pixels = least;
        font.setPixelSize(least);
    }
    if (pixels == nominal)
        label->setFont(QFont()); // its inherited font, following the room's zoom
    else if (label->font() != font)
        label->setFont(font);
    return fits;
}

void unfitText(QLabel *label)
{
    label->setFont(QFont());
}

} // namespace Kit
