// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/appearance.h>

#include <QApplication>
#include <QProxyStyle>
#include <QSignalSpy>
#include <QStyle>
#include <QTest>

using namespace Kit;

class TestAppearance : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        Appearance::instance()->setTheme(Appearance::Theme::System);
        Appearance::instance()->setFontScale(1.0);
    }

    void darkThemeIsDarkAndApplied()
    {
        Appearance *appearance = Appearance::instance();
        QSignalSpy changed(appearance, &Appearance::changed);
        appearance->setTheme(Appearance::Theme::Dark);
        QCOMPARE(changed.count(), 1);
        QVERIFY(appearance->isDark());
        const QPalette applied = QApplication::palette();
        QVERIFY(applied.color(QPalette::Window).lightness() < 80);
        QVERIFY(applied.color(QPalette::WindowText).lightness() > 180);
        // Fusion, behind the proxy that makes check boxes and focus readable in both themes.
        auto *proxy = qobject_cast<QProxyStyle *>(QApplication::style());
        QVERIFY(proxy);
        QCOMPARE(proxy->baseStyle()->name().toLower(), QStringLiteral("fusion"));

        appearance->setTheme(Appearance::Theme::Light);
        QVERIFY(!appearance->isDark());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 180);
    }

    void settingTheSameThemeTwiceSignalsOnce()
    {
        QSignalSpy changed(Appearance::instance(), &Appearance::changed);
        Appearance::instance()->setTheme(Appearance::Theme::Light);
        Appearance::instance()->setTheme(Appearance::Theme::Light);
        QCOMPARE(changed.count(), 1);
    }

    void fontScaleScalesTheApplicationFont()
    {
        Appearance *appearance = Appearance::instance();
        const double base = appearance->baseFont().pointSizeF();
        appearance->setFontScale(2.0);
        QCOMPARE(QApplication::font().pointSizeF(), base * 2.0);
        appearance->setFontScale(1.0);
        QCOMPARE(QApplication::font().pointSizeF(), base);
    }

    void fontScaleIsClamped_data()
    {
        QTest::addColumn<double>("requested");
        QTest::addColumn<double>("expected");
        QTest::newRow("too small") << 0.1 << Appearance::MinFontScale;
        QTest::newRow("too large") << 10.0 << Appearance::MaxFontScale;
        QTest::newRow("in range") << 1.5 << 1.5;
        QTest::newRow("not a number") << std::nan("") << 1.0;
    }

    void fontScaleIsClamped()
    {
        QFETCH(double, requested);
        QFETCH(double, expected);
        Appearance::instance()->setFontScale(requested);
        QCOMPARE(Appearance::instance()->fontScale(), expected);
    }

    void zoomSteps_data()
    {
        QTest::addColumn<double>("current");
        QTest::addColumn<bool>("up");
        QTest::addColumn<double>("expected");
        QTest::newRow("up from 1") << 1.0 << true << 1.1;
        QTest::newRow("down from 1") << 1.0 << false << 0.9;
        QTest::newRow("up from between") << 1.3 << true << 1.5;
        QTest::newRow("down from between") << 1.3 << false << 1.25;
        QTest::newRow("up at the top") << 4.0 << true << 4.0;
        QTest::newRow("down at the bottom") << 0.5 << false << 0.5;
    }

    void zoomSteps()
    {
        QFETCH(double, current);
        QFETCH(bool, up);
        QFETCH(double, expected);
        QCOMPARE(Appearance::nextZoomLevel(current, up), expected);
    }

    void themeNamesRoundTrip()
    {
        for (const auto theme :
             {Appearance::Theme::System, Appearance::Theme::Light, Appearance::Theme::Dark}) {
            QCOMPARE(Appearance::themeFromName(Appearance::themeName(theme)), theme);
        }
        QVERIFY(!Appearance::themeFromName(QStringLiteral("solarized")));
    }
};

QTEST_MAIN(TestAppearance)
#include "tst_appearance.moc"
