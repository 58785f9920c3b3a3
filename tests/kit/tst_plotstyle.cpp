// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include <kit/appearance.h>
#include <kit/plotstyle.h>

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

using namespace Kit;

class TestPlotStyle : public QObject
{
    Q_OBJECT

private:
    static std::unique_ptr<QCustomPlot> makePlot()
    {
        auto plot = std::make_unique<QCustomPlot>();
        plot->resize(400, 300);
        plot->plotLayout()->insertRow(0);
        plot->plotLayout()->addElement(
            0, 0, new QCPTextElement(plot.get(), QStringLiteral("Title")));
        plot->legend->setVisible(true);
        QVector<double> x{0, 1, 2, 3}, y{1, 3, 2, 4};
        plot->addGraph()->setData(x, y);
        plot->addGraph()->setData(x, y);
        plot->rescaleAxes();
        return plot;
    }

private slots:
    void paletteIsApplied_data()
    {
        QTest::addColumn<int>("theme");
        QTest::newRow("dark") << int(Appearance::Theme::Dark);
        QTest::newRow("light") << int(Appearance::Theme::Light);
    }

    void paletteIsApplied()
    {
        QFETCH(int, theme);
        const QPalette palette = Appearance::instance()->paletteFor(Appearance::Theme(theme));
        auto plot = makePlot();
        PlotStyle::apply(plot.get(), palette, QApplication::font(), 1.0);

        QCOMPARE(plot->axisRect()->backgroundBrush().color(), palette.color(QPalette::Base));
        QCOMPARE(plot->xAxis->tickLabelColor(), palette.color(QPalette::WindowText));
        QCOMPARE(plot->yAxis->labelColor(), palette.color(QPalette::WindowText));
        QCOMPARE(plot->legend->textColor(), palette.color(QPalette::WindowText));
        auto *title = qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0));
        QCOMPARE(title->textColor(), palette.color(QPalette::WindowText));
        const bool dark = palette.color(QPalette::Base).lightness() < 128;
        QCOMPARE(plot->graph(0)->pen().color(), PlotStyle::seriesColor(0, dark));
        QVERIFY(plot->graph(0)->pen().color() != plot->graph(1)->pen().color());

        // What is drawn matches: the empty top-left corner of the axis rect (the legend sits
        // top right, the data runs bottom left to top right) is mostly the base colour.
        plot->replot();
        const QImage image = plot->toPixmap(400, 300).toImage();
        const QPoint corner = plot->axisRect()->rect().topLeft() + QPoint(4, 4);
        int baseColoured = 0;
        for (int dy = 0; dy < 20; ++dy)
            for (int dx = 0; dx < 20; ++dx)
                baseColoured += QColor(image.pixel(corner + QPoint(dx, dy)))
                                == palette.color(QPalette::Base);
        QVERIFY2(baseColoured > 200, qPrintable(QString::number(baseColoured)));
    }

    void fixedColourGraphsKeepTheirPen()
    {
        auto plot = makePlot();
        plot->graph(1)->setPen(QPen(Qt::red));
        plot->graph(1)->setProperty(PlotStyle::FixedColourProperty, true);
        PlotStyle::apply(plot.get(), QApplication::palette(), QApplication::font(), 1.0);
        QCOMPARE(plot->graph(1)->pen().color(), QColor(Qt::red));
    }

    void fontScaleIsApplied_data()
    {
        QTest::addColumn<double>("scale");
        QTest::newRow("1x") << 1.0;
        QTest::newRow("projector 2x") << 2.0;
        QTest::newRow("small 0.8x") << 0.8;
    }

    void fontScaleIsApplied()
    {
        QFETCH(double, scale);
        QFont base = QApplication::font();
        base.setPointSizeF(10.0);
        auto plot = makePlot();
        PlotStyle::apply(plot.get(), QApplication::palette(), base, scale);
        QCOMPARE(plot->xAxis->labelFont().pointSizeF(), 10.0 * scale);
        QCOMPARE(plot->yAxis->tickLabelFont().pointSizeF(), 10.0 * scale * 0.9);
        QCOMPARE(plot->legend->font().pointSizeF(), 10.0 * scale);
    }

    void attachFollowsAppearanceAndAddsExport()
    {
        Appearance *appearance = Appearance::instance();
        appearance->setTheme(Appearance::Theme::Light);
        appearance->setFontScale(1.0);
        auto plot = makePlot();
        PlotStyle::attach(plot.get());
        QAction *exportAction = PlotStyle::exportAction(plot.get());
        QVERIFY(exportAction);
        QVERIFY(plot->actions().contains(exportAction));
        PlotStyle::attach(plot.get()); // twice must not add a second action
        QCOMPARE(plot->findChildren<QAction *>(QStringLiteral("plot.export")).size(), 1);

        const double before = plot->xAxis->labelFont().pointSizeF();
        appearance->setFontScale(2.0);
        QCOMPARE(plot->xAxis->labelFont().pointSizeF(), before * 2.0);
        appearance->setTheme(Appearance::Theme::Dark);
        QCOMPARE(plot->axisRect()->backgroundBrush().color(),
                 appearance->paletteFor(Appearance::Theme::Dark).color(QPalette::Base));
        appearance->setFontScale(1.0);
        appearance->setTheme(Appearance::Theme::System);
    }

    void exportWritesEachFormat_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("png") << QStringLiteral("png") << QByteArray("\x89PNG");
        QTest::newRow("svg") << QStringLiteral("svg") << QByteArray("<?xml");
        QTest::newRow("pdf") << QStringLiteral("pdf") << QByteArray("%PDF");
    }

    void exportWritesEachFormat()
    {
        QFETCH(QString, suffix);
        QFETCH(QByteArray, magic);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plot.") + suffix);
        auto plot = makePlot();
        QString error;
        QVERIFY2(PlotStyle::exportTo(plot.get(), path, &error, QSize(400, 300)), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(content.size() > 500, qPrintable(QString::number(content.size())));
        QVERIFY(content.startsWith(magic));
        if (suffix == QLatin1String("svg"))
            QVERIFY(content.contains("<path") || content.contains("<polyline"));
    }

    void exportRefusesUnknownFormats()
    {
        QTemporaryDir dir;
        auto plot = makePlot();
        QString error;
        const QString path = dir.filePath(QStringLiteral("plot.bmpx"));
        QVERIFY(!PlotStyle::exportTo(plot.get(), path, &error));
        QVERIFY2(error.contains(path) && error.contains(QStringLiteral(".png")), qPrintable(error));
        QVERIFY(!QFile::exists(path));
    }

    void exportToAMissingFolderFailsWithItsName()
    {
        auto plot = makePlot();
        QString error;
        const QString path = QStringLiteral("/nonexistent-folder/plot.png");
        QVERIFY(!PlotStyle::exportTo(plot.get(), path, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
    }
};

QTEST_MAIN(TestPlotStyle)
#include "tst_plotstyle.moc"
