// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <functional>

namespace Present {

using namespace Kit;

namespace {

/** An opening or closing code fence: its character, its length and its info string. */
struct Fence
{
    QChar mark;
    int length = 0;
    QString info;
};

std::optional<Fence> fenceOf(const QString &line)
{
    static const QRegularExpression pattern(QStringLiteral("^ {0,3}(`{3,}|~{3,})\\s*(.*)$"));
    const QRegularExpressionMatch match = pattern.match(line);
    if (!match.hasMatch())
        return std::nullopt;
    return Fence{
        match.captured(1).at(0), int(match.captured(1).size()), match.captured(2).trimmed()};
}

/** Builds a slide from its lines (FIRST is the file line of lines[0]). */
Slide buildSlide(const QStringList &lines, int first, const QString &baseDir)
{
    Slide slide;
    slide.line = first;
    static const QRegularExpression heading(QStringLiteral("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$"));
    static const QRegularExpression plusItem(QStringLiteral("^(\\s*)\\+(\\s+.*)$"));
    static const QRegularExpression picture(QStringLiteral("!\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)"));
    static const QRegularExpression entry(
        QStringLiteral("^\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*:\\s*(.*?)\\s*$"));

    std::optional<Fence> open; // the code block we are in, if any
    int openedAt = 0;          // ... and the line it opened at
    bool inDemo = false;       // that block is a demo block
    bool extraDemo = false;    // ... a second one on the slide, left out
    bool inCode = false;       // that block is the first python block
    bool inComment = false;
    bool inNotes = false;
    int currentItem = -1;
    QStringList notes;
    QSet<QString> demoKeys;
    // A line shown (or noted) as written, in no list item.
    const auto keepAsIs = [&](const QString &line) {
        if (inNotes) {
            notes.append(line);
        } else {
            slide.visibleLines.append(line);
            slide.itemOfLine.append(-1);
        }
    };

    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        const int number = first + i;
        if (open) {
            const std::optional<Fence> close = fenceOf(line);
            if (close && close->mark == open->mark && close->length >= open->length
                && !close->info.isEmpty()) {
                // CommonMark reads it as code, but it is a block that was meant to open: the one
                // above was never closed, and whatever follows (a demo) would vanish into it.
                slide.problems.append(
                    {openedAt,
                     QStringLiteral("this code block is not closed before line %1 (\"%2\"): end "
                                    "it with a line of %3 %4")
                         .arg(number)
                         .arg(line.trimmed().left(40))
                         .arg(open->length)
                         .arg(open->mark)});
            }
            if (close && close->mark == open->mark && close->length >= open->length
                && close->info.isEmpty()) {
                const bool wasDemo = inDemo;
                open.reset();
                inDemo = false;
                extraDemo = false;
                inCode = false;
                if (wasDemo)
                    continue;
            } else if (inDemo) {
                if (extraDemo || line.trimmed().isEmpty()
                    || line.trimmed().startsWith(QLatin1Char('#')))
                    continue;
                const QRegularExpressionMatch m = entry.match(line);
                if (!m.hasMatch()) {
                    slide.problems.append({number,
                                           QStringLiteral("a demo line is \"key: value\"; this "
                                                          "one is \"%1\"")
                                               .arg(line.trimmed().left(60))});
                } else if (demoKeys.contains(m.captured(1))) {
                    slide.problems.append(
                        {number,
                         QStringLiteral("\"%1\" is set twice in this demo").arg(m.captured(1))});
                } else {
                    demoKeys.insert(m.captured(1));
                    slide.demo->entries.append({m.captured(1), m.captured(2), number});
                }
                continue;
            } else if (inCode) {
                slide.code += line + QLatin1Char('\n');
            }
            keepAsIs(line);
            continue;
        }

        // Comments are never shown (they may span lines).
        if (inComment) {
            const int end = line.indexOf(QLatin1String("-->"));
            if (end < 0)
                continue;
            line = line.mid(end + 3);
            inComment = false;
            if (line.trimmed().isEmpty())
                continue;
        }
        for (int start = line.indexOf(QLatin1String("<!--")); start >= 0;
             start = line.indexOf(QLatin1String("<!--"))) {
            const int end = line.indexOf(QLatin1String("-->"), start + 4);
            if (end < 0) {
                line = line.left(start);
                inComment = true;
                break;
            }
            line.remove(start, end + 3 - start);
        }
        if (inComment && line.trimmed().isEmpty())
            continue;

        if (const std::optional<Fence> fence = fenceOf(line)) {
            open = fence;
            openedAt = number;
            const QStringList words = fence->info.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (!words.isEmpty() && words.first() == QLatin1String("demo")) {
                inDemo = true;
                const QString module = words.value(1);
                if (slide.demo) {
                    slide.problems.append({number,
                                           QStringLiteral("a slide has at most one demo; the one "
                                                          "at line %1 is kept")
                                               .arg(slide.demo->line)});
                    extraDemo = true; // its lines are read and left out
                    continue;
                }
                slide.demo = DemoBlock{module, {}, number};
                // Which modules exist is the app's to say (Presenter, deck check); here, the form.
                static const QRegularExpression id(QStringLiteral("^[a-z][a-z0-9-]*$"));
                if (!id.match(module).hasMatch()) {
                    slide.problems.append({number,
                                           QStringLiteral("a demo block names its module: "
                                                          "```demo classforge, scheduler or "
                                                          "startup")});
                }
                continue;
            }
            inCode = slide.code.isEmpty() && !words.isEmpty()
                     && words.first().compare(QLatin1String("python"), Qt::CaseInsensitive) == 0;
            keepAsIs(line);
            continue;
        }

        static const QRegularExpression target(QStringLiteral("^\\s*Time:\\s*(.*?)\\s*$"));
        if (const QRegularExpressionMatch m = target.match(line); !inNotes && m.hasMatch()) {
            const std::optional<qint64> ms = parseDuration(m.captured(1));
            if (ms)
                slide.targetMs = *ms;
            else
                slide.problems.append({number,
                                       QStringLiteral("\"Time:\" takes a time: 2m, 90s, 1:30 "
                                                      "(not \"%1\")")
                                           .arg(m.captured(1))});
            continue;
        }
        if (!inNotes && line.trimmed() == QLatin1String("Notes:")) {
            inNotes = true;
            continue;
        }
        if (inNotes) {
            notes.append(line);
            continue;
        }

        if (slide.title.isEmpty()) {
            const QRegularExpressionMatch m = heading.match(line);
            if (m.hasMatch())
                slide.title = m.captured(1);
        }
        QRegularExpressionMatchIterator pictures = picture.globalMatch(line);
        while (pictures.hasNext()) {
            const QString target = pictures.next().captured(1);
            if (target.contains(QLatin1String("://")))
                continue; // the web is not checked, and not fetched either
            const QString path = QDir(baseDir).absoluteFilePath(target);
            if (!QFileInfo(path).isFile()) {
                slide.problems.append({number,
                                       QStringLiteral("picture \"%1\" not found (looked in %2)")
                                           .arg(target, baseDir)});
            }
            slide.pictures.append(path);
        }
        int item = -1;
        const QRegularExpressionMatch plus = plusItem.match(line);
        if (plus.hasMatch()) {
            item = slide.items++;
            currentItem = item;
        } else if (currentItem >= 0 && !line.trimmed().isEmpty() && line.at(0).isSpace()) {
            item = currentItem; // a continuation of the item above
        } else {
            currentItem = -1;
        }
        slide.visibleLines.append(line);
        slide.itemOfLine.append(item);
    }
    if (open) {
        slide.problems.append({openedAt,
                               QStringLiteral("this code block is not closed (a line of %1 %2 "
                                              "ends it)")
                                   .arg(open->length)
                                   .arg(open->mark)});
    }
    if (slide.demo && slide.demo->module == QLatin1String("classforge")
        && slide.demo->value(QStringLiteral("source")) == QLatin1String("slide")
        && slide.code.isEmpty()) {
        slide.problems.append({slide.demo->line,
                               QStringLiteral("\"source: slide\" needs a ```python block on the "
                                              "slide")});
    }
    // Trailing blank lines of notes and text are noise.
    while (!notes.isEmpty() && notes.last().trimmed().isEmpty())
        notes.removeLast();
    slide.notes = notes.join(QLatin1Char('\n')).trimmed();
    slide.markdown = slide.markdownAt(slide.items);
    return slide;
}

} // namespace

QString DemoBlock::value(const QString &key, const QString &fallback) const
{
    for (const DemoEntry &e : entries) {
        if (e.key == key)
            return e.value;
    }
    return fallback;
}

QString DeckProblem::text() const
{
    return QStringLiteral("line %1: %2").arg(line).arg(message);
}

DemoPreset Slide::demoPreset(const QString &deckDir) const
{
    DemoPreset preset;
    if (!demo)
        return preset;
    for (const DemoEntry &e : demo->entries)
        preset.entries.append({e.key, e.value, e.line});
    preset.deckDir = deckDir;
    preset.slideCode = code;
    return preset;
}

QString Slide::markdownAt(int revealed) const
{
    static const QRegularExpression plusItem(QStringLiteral("^(\\s*)\\+(\\s+.*)$"));
    QStringList out;
    for (int i = 0; i < visibleLines.size(); ++i) {
        const int item = itemOfLine.value(i, -1);
        if (item >= revealed)
            continue;
        QString line = visibleLines.at(i);
        if (item >= 0) {
            const QRegularExpressionMatch m = plusItem.match(line);
            if (m.hasMatch())
                line = m.captured(1) + QLatin1Char('-') + m.captured(2);
        }
        out.append(line);
    }
    while (!out.isEmpty() && out.last().trimmed().isEmpty())
        out.removeLast();
    while (!out.isEmpty() && out.first().trimmed().isEmpty())
        out.removeFirst();
    return out.join(QLatin1Char('\n'));
}

Deck Deck::parse(const QString &text, const QString &baseDir)
{
    Deck deck;
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
    }
    QStringList current;
    int first = 1;
    std::optional<Fence> open;
    int start = 0;
    QList<DeckProblem> frontProblems;
    // Front matter: `---`, `key: value` lines, `---` at the top of the file.
    static const QRegularExpression entry(
        QStringLiteral("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*(.*?)\\s*$"));
    if (!lines.isEmpty() && lines.first().trimmed() == QLatin1String("---")) {
        int end = 1;
        while (end < lines.size() && lines.at(end).trimmed() != QLatin1String("---")
               && (lines.at(end).trimmed().isEmpty() || entry.match(lines.at(end)).hasMatch()))
            ++end;
        if (end < lines.size() && lines.at(end).trimmed() == QLatin1String("---")) {
            for (int i = 1; i < end; ++i) {
                const QRegularExpressionMatch m = entry.match(lines.at(i));
                if (!m.hasMatch())
                    continue;
                if (m.captured(1) == QLatin1String("duration")) {
                    const std::optional<qint64> ms = parseDuration(m.captured(2));
                    if (ms)
                        deck.durationMs = *ms;
                    else
                        frontProblems.append({i + 1,
                                              QStringLiteral("duration takes a time: 30m, 1h, "
                                                             "45:00 (not \"%1\")")
                                                  .arg(m.captured(2))});
                } else {
                    frontProblems.append(
                        {i + 1,
                         QStringLiteral("unknown front matter key \"%1\" (a deck's front matter "
                                        "takes duration)")
                             .arg(m.captured(1))});
                }
            }
            start = end + 1;
            first = start + 1;
        }
    }
    for (int i = start; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (const std::optional<Fence> fence = fenceOf(line)) {
            if (!open)
                open = fence;
            else if (fence->mark == open->mark && fence->length >= open->length
                     && fence->info.isEmpty())
                open.reset();
        }
        if (!open && line.trimmed() == QLatin1String("---")) {
            deck.slides.append(buildSlide(current, first, baseDir));
            current.clear();
            first = i + 2;
            continue;
        }
        current.append(line);
    }
    deck.slides.append(buildSlide(current, first, baseDir));
    // A deck that ends with "---" has no empty last slide.
    if (deck.slides.size() > 1 && deck.slides.last().markdown.isEmpty() && !deck.slides.last().demo
        && deck.slides.last().notes.isEmpty() && deck.slides.last().problems.isEmpty())
        deck.slides.removeLast();
    if (!deck.slides.isEmpty())
        deck.slides.first().problems = frontProblems + deck.slides.first().problems;
    deck.title = deck.slides.isEmpty() ? QString() : deck.slides.first().title;
    return deck;
}

std::optional<Deck> Deck::read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read deck %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > MaxBytes) {
        if (error)
            *error = QStringLiteral("deck %1 is %2 MiB; a deck may be at most %3 MiB (put big "
                                    "pictures beside it and link them)")
                         .arg(path)
                         .arg(file.size() / (1024.0 * 1024.0), 0, 'f', 1)
                         .arg(MaxBytes / (qint64(1024) * 1024));
        return std::nullopt;
    }
    const QByteArray bytes = file.read(MaxBytes + 1);
    Deck deck = parse(QString::fromUtf8(bytes), QFileInfo(path).absolutePath());
    deck.path = QFileInfo(path).absoluteFilePath();
    deck.content = bytes;
    return deck;
}

QList<DeckProblem> Deck::problems() const
{
    QList<DeckProblem> all;
    for (const Slide &slide : slides)
        all += slide.problems;
    std::sort(all.begin(), all.end(), [](const DeckProblem &a, const DeckProblem &b) {
        return a.line < b.line;
    });
    return all;
}

QString Deck::baseDir() const
{
    return path.isEmpty() ? QDir::currentPath() : QFileInfo(path).absolutePath();
}

int Deck::find(const Slide &was, int near) const
{
    if (slides.isEmpty())
        return 0;
    // The nearest to NEAR of the slides SAME says are it.
    const auto nearest = [&](const std::function<bool(const Slide &)> &same) {
        int best = -1;
        for (int i = 0; i < slides.size(); ++i) {
            if (same(slides.at(i)) && (best < 0 || std::abs(i - near) < std::abs(best - near)))
                best = i;
        }
        return best;
    };
    int found = nearest(
        [&](const Slide &s) { return s.title == was.title && s.markdown == was.markdown; });
    if (found < 0 && !was.title.isEmpty())
        found = nearest([&](const Slide &s) { return s.title == was.title; });
    return found >= 0 ? found : std::clamp(near, 0, int(slides.size()) - 1);
}

qint64 Deck::targetBefore(int slide) const
{
    qint64 sum = 0;
    for (int i = 0; i < std::min(slide, int(slides.size())); ++i)
        sum += slides.at(i).targetMs;
    return sum;
}

bool Deck::hasTargets() const
{
    return std::any_of(slides.begin(), slides.end(), [](const Slide &s) { return s.targetMs > 0; });
}

std::optional<qint64> parseDuration(const QString &text)
{
    const QString t = text.trimmed().toLower();
    static const QRegularExpression clock(QStringLiteral("^(?:(\\d+):)?(\\d{1,3}):(\\d{2})$"));
    static const QRegularExpression units(
        QStringLiteral("^(?:(\\d+)\\s*h(?:ours?)?)?\\s*(?:(\\d+)\\s*m(?:in(?:utes?)?)?)?\\s*"
                       "(?:(\\d+)\\s*s(?:ec(?:onds?)?)?)?$"));
    qint64 seconds = -1;
    if (const QRegularExpressionMatch m = clock.match(t); m.hasMatch()) {
        seconds = m.captured(1).toLongLong() * 3600 + m.captured(2).toLongLong() * 60
                  + m.captured(3).toLongLong();
    } else if (const QRegularExpressionMatch u = units.match(t); u.hasMatch() && !t.isEmpty()) {
        seconds = u.captured(1).toLongLong() * 3600 + u.captured(2).toLongLong() * 60
                  + u.captured(3).toLongLong();
    }
    if (seconds <= 0 || seconds > 24 * 3600)
        return std::nullopt;
    return seconds * 1000;
}

QString durationText(qint64 ms)
{
    const qint64 s = std::abs(ms) / 1000;
    const QString sign = ms < 0 ? QStringLiteral("-") : QString();
    if (s >= 3600)
        return sign
               + QStringLiteral("%1:%2:%3")
                     .arg(s / 3600)
                     .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                     .arg(s % 60, 2, 10, QLatin1Char('0'));
    return sign + QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace Present
