// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "appearance.h"

#include "ink.h"

#include <QApplication>
#include <QPainter>
#include <QPointer>
#include <QProxyStyle>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleOption>
#include <QWidget>

#include <algorithm>
#include <cmath>
#include <memory>

namespace Kit {

QFont scaledFont(const QFont &base, double factor, bool bold)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    if (bold)
        font.setBold(true);
    return font;
}

Appearance *Appearance::instance()
{
    static QPointer<Appearance> instance;
    if (!instance) {
        Q_ASSERT_X(qApp, "Appearance::instance", "needs a QApplication");
        instance = new Appearance(qApp);
    }
    return instance;
}

namespace {

// The dynamic property a window's own font scale is kept in.
constexpr char WindowFontScaleProperty[] = "curtainFontScale";

/**
 * Fusion with marks that read in both themes: Fusion outlines an unticked check box or radio
 * button in a darker shade of the window colour, invisible on a dark window, and marks keyboard
 * focus with a thin line. Here the outline has 3:1 contrast and focus a 2-pixel ring.
 */
class ReadableStyle final : public QProxyStyle
{
public:
    using QProxyStyle::QProxyStyle;

    void drawPrimitive(PrimitiveElement element,
                       const QStyleOption *option,
                       QPainter *painter,
                       const QWidget *widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        const QColor base = option->palette.color(QPalette::Base);
        if (element == PE_IndicatorCheckBox || element == PE_IndicatorRadioButton) {
            painter->save();
            painter->setRenderHint(QPainter::Antialiasing);
            const QColor outline = Ink::atLeast(option->palette.color(QPalette::Mid),
                                                option->palette.color(QPalette::Window));
            painter->setPen(QPen(outline, 1.2));
            painter->setBrush(Qt::NoBrush);
            const QRectF box = QRectF(option->rect).adjusted(0.6, 0.6, -0.6, -0.6);
            if (element == PE_IndicatorRadioButton)
                painter->drawEllipse(box);
            else
                painter->drawRoundedRect(box, 2, 2);
            painter->restore();
        } else if (element == PE_FrameFocusRect) {
            painter->save();
            // On a selected row (the navigator's current module) the highlight colour would not
            // show: there the ring takes the highlighted text's colour.
            QColor behind = base;
            if (const auto *focus = qstyleoption_cast<const QStyleOptionFocusRect *>(option);
                focus && focus->backgroundColor.isValid())
                behind = focus->backgroundColor;
            const bool selected = (option->state & State_Selected) != 0
                                  || behind == option->palette.color(QPalette::Highlight);
            const QColor ring
                = selected ? option->palette.color(QPalette::HighlightedText)
                           : Ink::atLeast(option->palette.color(QPalette::Highlight), behind);
            painter->setPen(QPen(ring, 2));
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(QRectF(option->rect).adjusted(1, 1, -1, -1));
            painter->restore();
        }
    }
};

} // namespace

Appearance::Appearance(QObject *parent)
    : QObject(parent)
    , m_baseFont(QApplication::font())
    , m_systemPalette(QApplication::palette())
    , m_systemStyle(QApplication::style()->name())
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    m_lightPalette = fusion->standardPalette();
    m_lightPalette.setColor(QPalette::Highlight, QColor(0x2a, 0x6f, 0xdb));
    // Fusion's placeholder grey is 2.3:1 on white: too faint to read from a distance.
    m_lightPalette.setColor(QPalette::PlaceholderText, QColor(0x6b, 0x6b, 0x6b));
    m_lightPalette.setColor(QPalette::Link, QColor(0x1f, 0x5f, 0xc4));
}

QPalette Appearance::palette() const
{
    return paletteFor(m_theme);
}

bool Appearance::isDark() const
{
    const QPalette p = palette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

QPalette Appearance::paletteFor(Theme theme) const
{
    switch (theme) {
    case Theme::System:
        return m_systemPalette;
    case Theme::Light:
        return m_lightPalette;
    case Theme::Dark: {
        // Chosen for a projector as much as a screen: not pure black, high-contrast text.
        const QColor window(0x26, 0x28, 0x2d);
        const QColor base(0x1c, 0x1e, 0x22);
        const QColor text(0xe8, 0xea, 0xed);
        const QColor disabledText(0x80, 0x84, 0x8c);
        const QColor button(0x32, 0x35, 0x3b);
        const QColor placeholder(0x9a, 0xa0, 0xa8); // 6:1 on base, unlike the disabled grey
        const QColor highlight(0x2f, 0x6b, 0xd0);   // white on it reads at 5:1
        QPalette dark;
        dark.setColor(QPalette::Window, window);
        dark.setColor(QPalette::WindowText, text);
        dark.setColor(QPalette::Base, base);
        dark.setColor(QPalette::AlternateBase, window);
        dark.setColor(QPalette::ToolTipBase, button);
        dark.setColor(QPalette::ToolTipText, text);
        dark.setColor(QPalette::PlaceholderText, placeholder);
        dark.setColor(QPalette::Text, text);
        dark.setColor(QPalette::Button, button);
        dark.setColor(QPalette::ButtonText, text);
        dark.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
        dark.setColor(QPalette::Light, button.lighter(140));
        dark.setColor(QPalette::Midlight, button.lighter(120));
        dark.setColor(QPalette::Mid, button.darker(120));
        dark.setColor(QPalette::Dark, base.darker(130));
        dark.setColor(QPalette::Shadow, Qt::black);
        dark.setColor(QPalette::Highlight, highlight);
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::Link, QColor(0x7c, 0xb3, 0xff));
        dark.setColor(QPalette::LinkVisited, QColor(0xc0, 0x9c, 0xff));
        for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            dark.setColor(QPalette::Disabled, role, disabledText);
        dark.setColor(QPalette::Disabled, QPalette::Highlight, button);
        return dark;
    }
    }
    return m_systemPalette;
}

void Appearance::setTheme(Theme theme)
{
    if (theme == m_theme)
        return;
    m_theme = theme;
    applyToApplication();
    emit changed();
}

void Appearance::setFontScale(double scale)
{
    if (!std::isfinite(scale))
        return;
    scale = std::clamp(scale, MinFontScale, MaxFontScale);
    if (qFuzzyCompare(scale, m_fontScale))
        return;
    m_fontScale = scale;
    applyToApplication();
    emit changed();
}

std::optional<double> Appearance::windowFontScale(const QWidget *widget)
{
    const QWidget *window = widget ? widget->window() : nullptr;
    const QVariant own = window ? window->property(WindowFontScaleProperty) : QVariant();
    if (!own.isValid())
        return std::nullopt;
    return own.toDouble();
}

double Appearance::fontScaleOf(const QWidget *widget) const
{
    return windowFontScale(widget).value_or(m_fontScale);
}

QFont Appearance::fontFor(const QWidget *widget) const
{
    return scaledFont(m_baseFont, fontScaleOf(widget));
}

void Appearance::setWindowFontScale(QWidget *window, double scale)
{
    if (!window || !std::isfinite(scale))
        return;
    scale = std::clamp(scale, MinFontScale, MaxFontScale);
    window->setProperty(WindowFontScaleProperty, scale);
    // Its widgets inherit this font (Qt propagates a widget's font to its children), whatever the
    // application's.
    window->setFont(scaledFont(m_baseFont, scale));
    emit changed();
}

void Appearance::refresh(const QList<QWidget *> &moved)
{
    for (QWidget *widget : moved) {
        QList<QWidget *> all = widget->findChildren<QWidget *>();
        all.prepend(widget);
        for (QWidget *each : std::as_const(all)) {
            QEvent resolve(QEvent::ApplicationFontChange); // what QApplication::setFont() sends
            QCoreApplication::sendEvent(each, &resolve);
        }
    }
    emit changed();
}

void Appearance::zoomIn()
{
    setFontScale(nextZoomLevel(m_fontScale, true));
}

void Appearance::zoomOut()
{
    setFontScale(nextZoomLevel(m_fontScale, false));
}

void Appearance::applyToApplication()
{
    // Light and dark use Fusion, the one style that honours a custom palette everywhere.
    const bool fusion = m_theme != Theme::System;
    if (fusion != m_readableStyleInstalled) {
        if (fusion)
            QApplication::setStyle(
                new ReadableStyle(QStyleFactory::create(QStringLiteral("Fusion"))));
        else
            QApplication::setStyle(m_systemStyle);
        m_readableStyleInstalled = fusion;
    }
    QApplication::setPalette(palette());

    QApplication::setFont(scaledFont(m_baseFont, m_fontScale));
}

QString Appearance::themeName(Theme theme)
{
    switch (theme) {
    case Theme::System:
        return QStringLiteral("system");
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    }
    return QStringLiteral("system");
}

std::optional<Appearance::Theme> Appearance::themeFromName(const QString &name)
{
    for (const Theme theme : {Theme::System, Theme::Light, Theme::Dark}) {
        if (name == themeName(theme))
            return theme;
    }
    return std::nullopt;
}

QList<double> Appearance::zoomLevels()
{
    return {0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0};
}

double Appearance::nextZoomLevel(double current, bool up)
{
    const QList<double> levels = zoomLevels();
    constexpr double epsilon = 1e-6;
    if (up) {
        for (const double level : levels) {
            if (level > current + epsilon)
                return level;
        }
        return levels.last();
    }
    const auto below = std::find_if(levels.crbegin(), levels.crend(), [current](double level) {
        return level < current - epsilon;
    });
    return below != levels.crend() ? *below : levels.first();
}

} // namespace Kit
