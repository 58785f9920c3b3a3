// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ink.h"

#include <QList>

#include <cmath>

namespace Kit {

namespace Ink {

namespace {

double luminance(const QColor &c)
{
    const auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = c.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF())
           + 0.0722 * channel(rgb.blueF());
}

QColor mix(const QColor &a, const QColor &b, double t)
{
    const QColor x = a.toRgb();
    const QColor y = b.toRgb();
    return QColor::fromRgbF(float(x.redF() * (1 - t) + y.redF() * t),
                            float(x.greenF() * (1 - t) + y.greenF() * t),
                            float(x.blueF() * (1 - t) + y.blueF() * t),
                            float(x.alphaF()));
}

} // namespace

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor atLeast(const QColor &colour, const QColor &background, double minimum)
{
    if (contrast(colour, background) >= minimum)
        return colour;
    // Towards black on a light background, towards white on a dark one, in small steps; on a
    // mid-grey background one end may not get there, so the other is tried too.
    const bool lightBackground = luminance(background) > 0.18;
    for (const QColor &end : {lightBackground ? QColor(Qt::black) : QColor(Qt::white),
                              lightBackground ? QColor(Qt::white) : QColor(Qt::black)}) {
        for (int step = 1; step <= 40; ++step) {
            const QColor candidate = mix(colour, end, step / 40.0);
            if (contrast(candidate, background) >= minimum)
                return candidate;
        }
    }
    return lightBackground ? QColor(Qt::black) : QColor(Qt::white);
}

QColor series(int index, const QColor &background)
{
    static const QList<QColor> hues{QColor(0x00, 0x72, 0xb2),
                                    QColor(0xe6, 0x9f, 0x00),
                                    QColor(0x00, 0x9e, 0x73),
                                    QColor(0xd5, 0x5e, 0x00),
                                    QColor(0xcc, 0x79, 0xa7),
                                    QColor(0x56, 0xb4, 0xe9),
                                    QColor(0xf0, 0xe4, 0x42),
                                    QColor(0x88, 0x88, 0x88)};
    return atLeast(hues.at(std::abs(index) % hues.size()), background, Graphics);
}

QColor textOn(const QColor &fill, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    const QColor best = contrast(text, fill) >= contrast(base, fill) ? text : base;
    if (contrast(best, fill) >= Text)
        return best;
    return contrast(QColor(Qt::black), fill) >= contrast(QColor(Qt::white), fill)
               ? QColor(Qt::black)
               : QColor(Qt::white);
}

QColor tint(const QColor &colour, const QColor &background, double amount)
{
    return mix(background, colour, amount);
}

bool isDark(const QPalette &palette)
{
    return luminance(palette.color(QPalette::Base)) < luminance(palette.color(QPalette::Text));
}

QColor failure(const QColor &background)
{
    return atLeast(QColor(0xd0, 0x10, 0x10), background, Text);
}

} // namespace Ink

} // namespace Kit
