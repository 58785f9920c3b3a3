// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tracepanels.h"

#include "classgraphview.h"

#include <classforge/classgraph.h>
#include <classforge/narrator.h>
#include <classforge/traceplayer.h>
#include <kit/ink.h>
#include <kit/pagetabs.h>
#include <kit/stage.h>
#include <kit/typography.h>
#include <kit/wholelines.h>

#include <QEvent>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStyle>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ClassForge {

using namespace Kit;

TracePanels::TracePanels(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new PageTabs(this))
{
    m_tabs->setObjectName(QStringLiteral("classforge.tabs"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto *namespacePage = new QWidget;
    auto *nsColumn = new QVBoxLayout(namespacePage);
    nsColumn->setContentsMargins(4, 4, 4, 4);
    m_namespaceTitle = new QLabel(namespacePage);
    nsColumn->addWidget(m_namespaceTitle);
    m_namespace = new QTableWidget(0, 3, namespacePage);
    m_namespace->setObjectName(QStringLiteral("classforge.namespace"));
    m_namespace->setAccessibleName(tr("Namespace"));
    m_namespace->setHorizontalHeaderLabels({tr("Name"), tr("Value"), tr("Set by")});
    m_namespace->verticalHeader()->hide();
    m_namespace->horizontalHeader()->setAccessibleName(tr("Namespace columns"));
    m_namespace->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Name and "Set by" take what they need up to a third of the width each (a long
    // decorator call is elided, whole in its tooltip); Value keeps the rest.
    m_namespace->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_namespace->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_namespace->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Interactive);
    m_namespace->setTextElideMode(Qt::ElideMiddle);
    // Cells wrap between words, and each row is as tall as its cells at the font of the moment
    // (the room's on a stage): a fixed row height cut the underscores off "__module__".
    m_namespace->setWordWrap(true);
    m_namespace->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_namespace->viewport()->installEventFilter(this);
    m_namespace->installEventFilter(this); // the room's font on a stage
    showWholeRowsOnStage(m_namespace);
    nsColumn->addWidget(m_namespace);
    m_tabs->addTab(namespacePage, tr("Namespace"));

    m_graph = new ClassGraphView;
    m_tabs->addTab(m_graph, tr("Object graph"));

    m_mro = new QTextBrowser;
    m_mro->setObjectName(QStringLiteral("classforge.mro"));
    m_tabs->addTab(m_mro, tr("MRO"));

    m_output = new QPlainTextEdit;
    m_output->setObjectName(QStringLiteral("classforge.output"));
    m_output->setReadOnly(true);
    m_tabs->addTab(m_output, tr("Output"));

    m_steps = new QListWidget;
    m_steps->setObjectName(QStringLiteral("classforge.steps"));
    connect(m_steps, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            emit stepChosen(row);
    });
    m_tabs->addTab(m_steps, tr("All steps"));
}

QStringList TracePanels::panelIds()
{
    // The order of the tabs added above.
    return {QStringLiteral("namespace"),
            QStringLiteral("graph"),
            QStringLiteral("mro"),
            QStringLiteral("output"),
            QStringLiteral("steps")};
}

bool TracePanels::showPanel(const QString &id)
{
    const int index = int(panelIds().indexOf(id));
    if (index < 0 || index >= m_tabs->count())
        return false;
    m_tabs->setCurrentIndex(index);
    return true;
}

void TracePanels::setTrace(const Trace &trace)
{
    const QSignalBlocker block(m_steps);
    m_steps->clear();
    const QColor failure = Ink::failure(palette().color(QPalette::Base));
    for (const TraceStep &step : trace.steps) {
        auto *item = new QListWidgetItem(tr("%1  %2  %3  (line %4)")
                                             .arg(step.index + 1)
                                             .arg(Narrator::kindName(step.kind), step.className)
                                             .arg(step.line));
        if (step.failed()) {
            // Red, and said in words too: a step whose call raised made nothing.
            const QJsonObject raised = step.detail.value(QStringLiteral("raised")).toObject();
            if (!raised.isEmpty())
                item->setText(
                    item->text()
                    + tr("  raised %1").arg(raised.value(QStringLiteral("type")).toString()));
            item->setForeground(failure);
        }
        if (step.kind == Protocol::StepKind::LibraryClasses)
            item->setToolTip(Narrator::libraryClassList(step));
        m_steps->addItem(item);
    }
    if (trace.steps.isEmpty())
        m_output->clear();
}

void TracePanels::showStep(const TracePlayer &player, int index)
{
    {
        const QSignalBlocker block(m_steps);
        m_steps->setCurrentRow(index);
    }
    showNamespace(player, index);
    showOutput(player, index);
    m_graph->setGraph(ClassGraph::build(player, index));
    showMro(player, index);
}

QString TracePanels::outputText() const
{
    return m_output->toPlainText();
}

void TracePanels::showNamespace(const TracePlayer &player, int index)
{
    const QList<NamespaceEntry> entries = player.namespaceAt(index);
    const TraceStep *step
        = index >= 0 && index < player.count() ? &player.trace().steps.at(index) : nullptr;
    // Bound to another class than the one built from this namespace: which one the table shows.
    const bool other = step && step->kind == Protocol::StepKind::BindName
                       && (step->detail.value(QStringLiteral("returned_existing")).toBool()
                           || step->detail.contains(QStringLiteral("first_class")));
    m_namespaceTitle->setText(
        other ? tr("What the name %1 now holds: %2").arg(step->text("name"), step->text("value"))
        : step && !step->className.isEmpty() ? tr("Namespace of %1").arg(step->className)
                                             : tr("Namespace"));
    m_namespace->setRowCount(int(entries.size()));
    const QColor fresh = palette().color(QPalette::Highlight);
    for (int row = 0; row < entries.size(); ++row) {
        const NamespaceEntry &entry = entries.at(row);
        auto *name = new QTableWidgetItem(entry.name);
        // A value's long words may break after a dot ("<function Innocent.__reduce__>"): a
        // narrow Value column wraps them instead of eliding them mid-word.
        auto *value = new QTableWidgetItem(breakableWords(entry.value, 8));
        QString origin = entry.implicit ? tr("Python") : tr("class body");
        QString why = entry.implicit ? tr("Set by Python itself") : tr("Bound by the class body");
        if (entry.prepared) {
            origin = tr("%1").arg(entry.by.isEmpty() ? tr("__prepare__") : entry.by);
            why = entry.by.startsWith(QLatin1String("the dict handed to "))
                      ? tr("In %1 directly: no class body filled it").arg(entry.by)
                      : tr("Put there by %1 before the class body's first line ran")
                            .arg(entry.by.isEmpty() ? tr("__prepare__") : entry.by);
        }
        switch (entry.onClass) {
        case NamespaceEntry::OnClass::Body:
            break;
        case NamespaceEntry::OnClass::SetLater:
            origin = entry.by.isEmpty() ? tr("after the body") : entry.by;
            why = entry.by.isEmpty()
                      ? tr("Set on the class after its body ran (a decorator written in C)")
                      : tr("Set on the class by %1 after the body ran").arg(entry.by);
            break;
        case NamespaceEntry::OnClass::NotKept:
            origin = entry.by.isEmpty() ? tr("not kept") : tr("gone: %1").arg(entry.by);
            why = entry.name == QLatin1String("__qualname__")
                      ? tr("type.__new__ keeps the qualified name on the class itself "
                           "(Class.__qualname__), not in its dict")
                      : tr("The namespace had it, but the class does not: %1 took it out")
                            .arg(entry.by.isEmpty() ? tr("the metaclass") : entry.by);
            break;
        }
        auto *source = new QTableWidgetItem(origin);
        for (auto *item : {name, value, source})
            item->setToolTip(
                QStringLiteral("%1 = %2\n%3: %4").arg(entry.name, entry.value, origin, why));
        if (entry.implicit) {
            for (auto *item : {name, value, source})
                item->setForeground(palette().color(QPalette::PlaceholderText));
        }
        if (entry.onClass == NamespaceEntry::OnClass::NotKept) {
            for (auto *item : {name, value}) {
                QFont f = item->font();
                f.setStrikeOut(true);
                item->setFont(f);
            }
        }
        if (entry.isNew) {
            for (auto *item : {name, value, source}) {
                item->setBackground(fresh);
                item->setForeground(palette().color(QPalette::HighlightedText));
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
        }
        m_namespace->setItem(row, 0, name);
        m_namespace->setItem(row, 1, value);
        m_namespace->setItem(row, 2, source);
        if (entry.isNew)
            m_namespace->scrollToItem(name);
    }
    // Nothing new at this step: the entry the narration names (`name`) is brought into sight,
    // so a table too short for every row still shows the one the words are about.
    bool anyNew = false;
    for (const NamespaceEntry &entry : entries)
        anyNew = anyNew || entry.isNew;
    if (!anyNew && step) {
        static const QRegularExpression quoted(QStringLiteral("`([^`]+)`"));
        for (auto it = quoted.globalMatch(step->narration); it.hasNext();) {
            const QString named = it.next().captured(1);
            const auto found = std::find_if(
                entries.begin(), entries.end(), [&](const auto &e) { return e.name == named; });
            if (found != entries.end()) {
                m_namespace->scrollToItem(m_namespace->item(int(found - entries.begin()), 0));
                break;
            }
        }
    }
    fitNamespaceColumns();
}

int TracePanels::longestWord(int column) const
{
    // A cell's text beside its margins: what sizeHintForColumn adds to the widest text.
    const int margins = 2 * (m_namespace->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 4);
    int widest = m_namespace->horizontalHeader()->sectionSizeHint(column);
    for (int row = 0; row < m_namespace->rowCount(); ++row) {
        const QTableWidgetItem *item = m_namespace->item(row, column);
        if (!item)
            continue;
        // The item's own bold or strike-out, over the table's font of the moment.
        const QFontMetrics metrics(item->font().resolve(m_namespace->font()));
        for (const QString &word : item->text().split(QLatin1Char(' '), Qt::SkipEmptyParts))
            widest = std::max(widest, metrics.horizontalAdvance(word) + margins);
    }
    return widest;
}

void TracePanels::fitNamespaceColumns()
{
    const int width = std::max(m_namespace->viewport()->width(), 1);
    // QTableView hides it; QAbstractItemView's is public.
    const QAbstractItemView *view = m_namespace;
    auto wanted = [this, view](int column) {
        return std::max(view->sizeHintForColumn(column),
                        m_namespace->horizontalHeader()->sectionSizeHint(column));
    };
    // A name is one word, never cut: what it needs, up to two fifths of the width. "Set by"
    // what it needs up to a third, its longest word whole (the rest wraps); Value takes the
    // rest, never less than a quarter, and wraps between words.
    const int name = std::min(wanted(0), width * 2 / 5);
    m_namespace->setColumnWidth(0, name);
    m_namespace->setColumnWidth(2,
                                std::clamp(std::max(longestWord(2), std::min(wanted(2), width / 3)),
                                           1,
                                           std::max(1, width - name - width / 4)));
}

bool TracePanels::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_namespace->viewport() && event->type() == QEvent::Resize)
        || (watched == m_namespace && event->type() == QEvent::FontChange))
        fitNamespaceColumns();
    return QWidget::eventFilter(watched, event);
}

void TracePanels::showMro(const TracePlayer &player, int index)
{
    const std::optional<MroAtStep> mro = player.mroAt(index);
    if (!mro) {
        m_mro->setHtml(tr("<p>The method resolution order of the class being built appears here, "
                          "worked out as CPython does it: the C3 merge.</p>"));
        return;
    }
    const C3Merge &merge = mro->merge;
    // How C3 works is said beside the merge in the module; on a presenter's stage the presenter
    // says it, and the merge and its answer get the box.
    QString html = tr("<h3>MRO of %1</h3>").arg(mro->className.toHtmlEscaped());
    if (!isOnStage(this))
        html += tr("<p>C3 merges the bases' own MROs and the list of bases, always taking the "
                   "first head that appears in no other list's tail.</p>");
    html += QStringLiteral("<table cellpadding='4'>");
    for (const C3Merge::Row &row : merge.rows) {
        QStringList lists;
        for (const QStringList &list : row.lists)
            lists.append(QStringLiteral("[") + list.join(QStringLiteral(", "))
                         + QStringLiteral("]"));
        html += QStringLiteral("<tr><td>merge(%1)</td><td>→ %2</td></tr>")
                    .arg(lists.join(QStringLiteral(", ")).toHtmlEscaped(),
                         row.picked.isEmpty() ? tr("<b>stuck</b>") : row.picked.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    if (merge.ok && !mro->made) {
        html += tr("<p><b>%1</b></p><p>The class statement failed: %2 was never made. This is the "
                   "order C3 gives for its bases.</p>")
                    .arg(merge.mro.join(QStringLiteral(" → ")).toHtmlEscaped(),
                         mro->className.toHtmlEscaped());
    } else if (merge.ok) {
        html += tr("<p><b>%1</b></p>").arg(merge.mro.join(QStringLiteral(" → ")).toHtmlEscaped());
    } else {
        html += tr("<p><b>No consistent order:</b> each of %1 must come after another. CPython "
                   "says: <i>Cannot create a consistent method resolution order (MRO)</i>.</p>")
                    .arg(merge.conflicting.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    m_mro->setHtml(html);
}

void TracePanels::showOutput(const TracePlayer &player, int index)
{
    // Only what the program had printed by the step on screen: later lines have not happened.
    const Trace &trace = player.trace();
    const OutputSoFar so = player.outputAt(index);
    QString text = so.stdoutText;
    if (so.complete && trace.stdoutTruncated)
        text += tr("\n[… output truncated: the program printed more than Curtain keeps]\n");
    text += so.stderrText;
    // A traceback is on stderr already, as python3 prints it; a stop Curtain made is said here.
    if (so.complete && trace.error
        && trace.error->value(QStringLiteral("traceback")).toString().isEmpty()) {
        text += trace.errorType() + QStringLiteral(": ")
                + trace.error->value(QStringLiteral("message")).toString();
    }
    if (!so.complete)
        text += tr("\n[… the output so far, at step %1 of %2]").arg(index + 1).arg(player.count());
    m_output->setPlainText(text);
}

} // namespace ClassForge
