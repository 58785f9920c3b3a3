// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QFont>
#include <QObject>
#include <QPalette>
#include <QString>

#include <optional>

class QWidget;

namespace Kit {

/** BASE at FACTOR times its point size, bold if BOLD: headings, plot labels, zoom. */
QFont scaledFont(const QFont &base, double factor, bool bold = false);

/**
 * The app-wide look: theme (system, light, dark) and font scale. The shell sets it; modules and
 * plots follow its changed() signal. Lives as long as the QApplication.
 */
class Appearance final : public QObject
{
    Q_OBJECT

public:
    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)

    static constexpr double MinFontScale = 0.5;
    static constexpr double MaxFontScale = 4.0;

    /** The one instance, created on first use as a child of the QApplication. */
    static Appearance *instance();

    Theme theme() const { return m_theme; }
    double fontScale() const { return m_fontScale; }
    /** The application font before scaling (the platform's default). */
    QFont baseFont() const { return m_baseFont; }
    /** The palette now in force. */
    QPalette palette() const;
    /** True when the palette in force has a dark window background. */
    bool isDark() const;

    void setTheme(Theme theme);
    /** Sets the font scale, clamped to [MinFontScale, MaxFontScale]. */
    void setFontScale(double scale);
    /** The font scale WIDGET's text is drawn at: its window's own, else the app's. */
    double fontScaleOf(const QWidget *widget) const;
    /** The font scale WIDGET's window has of its own (setWindowFontScale), if any. */
    static std::optional<double> windowFontScale(const QWidget *widget);
    /** The base font at fontScaleOf(WIDGET): for a widget that sizes its text itself. */
    QFont fontFor(const QWidget *widget) const;
    /**
     * Gives WINDOW a font scale of its own (clamped like the app's), which its widgets, and views
     * moved into it, follow instead of the app's; the app's, and every other window's, stay as
     * they are (presenter mode's audience window). changed() follows.
     */
    void setWindowFontScale(QWidget *window, double scale);
    /**
     * After the widgets MOVED went to a window of another font scale (a view lent to presenter
     * mode, or given back): each one's font and its descendants' are resolved again (Qt's
     * propagation of a font to children misses one when a child reorders its siblings meanwhile,
     * as a scroll area laying its parts out does), and changed() is said, so that what sizes its
     * text itself does again.
     */
    void refresh(const QList<QWidget *> &moved);
    /** Steps the font scale up or down through zoomLevels(). */
    void zoomIn();
    void zoomOut();

    /** The palette a theme uses; System is the platform's own. */
    QPalette paletteFor(Theme theme) const;

    static QString themeName(Theme theme);
    static std::optional<Theme> themeFromName(const QString &name);
    /** The steps zoomIn() and zoomOut() move through. */
    static QList<double> zoomLevels();
    /** The next zoom level above (UP) or below CURRENT. */
    static double nextZoomLevel(double current, bool up);

signals:
    void changed();

private:
    explicit Appearance(QObject *parent);
    void applyToApplication();

    Theme m_theme = Theme::System;
    double m_fontScale = 1.0;
    QFont m_baseFont;
    QPalette m_systemPalette;
    QPalette m_lightPalette;
    QString m_systemStyle;
    bool m_readableStyleInstalled = false;
};

} // namespace Kit
