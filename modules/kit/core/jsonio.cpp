// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jsonio.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>
#include <QSet>
#include <QStringList>
#include <QTextStream>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace Kit {

namespace JsonIo {

namespace {

void setParts(QJsonObject &root, const QStringList &parts, const QJsonValue &value)
{
    if (parts.size() == 1) {
        root.insert(parts.first(), value);
        return;
    }
    QJsonObject child = root.value(parts.first()).toObject();
    setParts(child, parts.mid(1), value);
    root.insert(parts.first(), child);
}

void removeParts(QJsonObject &root, const QStringList &parts)
{
    if (parts.size() == 1) {
        root.remove(parts.first());
        return;
    }
    QJsonObject child = root.value(parts.first()).toObject();
    removeParts(child, parts.mid(1));
    root.insert(parts.first(), child);
}

} // namespace

void setPath(QJsonObject &root, const QString &path, const QJsonValue &value)
{
    setParts(root, path.split(QLatin1Char('.')), value);
}

QJsonValue valueAt(const QJsonObject &root, const QString &path)
{
    const QStringList parts = path.split(QLatin1Char('.'));
    QJsonValue value = root.value(parts.first());
    for (int i = 1; i < parts.size(); ++i)
        value = value.toObject().value(parts.at(i));
    return value;
}

void removePath(QJsonObject &root, const QString &path)
{
    removeParts(root, path.split(QLatin1Char('.')));
}

std::pair<int, int> lineAndColumn(const QByteArray &text, qsizetype offset)
{
    offset = qBound(qsizetype(0), offset, text.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (text.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, int(offset - lineStart) + 1};
}

std::optional<std::pair<QString, qsizetype>> findDuplicateKey(const QByteArray &text)
{
    struct Frame
    {
        bool object = false;
        bool expectKey = false;
        QSet<QByteArray> keys;
    };
    QList<Frame> stack;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = text.at(i);
        switch (c) {
        case '{':
            stack.append(Frame{true, true, {}});
            break;
        case '[':
            stack.append(Frame{false, false, {}});
            break;
        case '}':
        case ']':
            if (!stack.isEmpty())
                stack.removeLast();
            break;
        case ',':
            if (!stack.isEmpty() && stack.last().object)
                stack.last().expectKey = true;
            break;
        case '"': {
            const qsizetype start = i;
            for (++i; i < n && text.at(i) != '"'; ++i) {
                if (text.at(i) == '\\')
                    ++i; // the escaped character, whatever it is
            }
            if (!stack.isEmpty() && stack.last().object && stack.last().expectKey) {
                stack.last().expectKey = false;
                const QByteArray key = text.mid(start + 1, i - start - 1);
                if (stack.last().keys.contains(key)) {
                    return std::pair{QString::fromUtf8(key), start};
                }
                stack.last().keys.insert(key);
            }
            break;
        }
        default:
            break;
        }
    }
    return std::nullopt;
}

QString excerpt(const QJsonValue &value, int maxChars)
{
    QString text;
    if (value.isString()) {
        const QString s = value.toString();
        text = QLatin1Char('"') + s.left(maxChars)
               + (s.size() > maxChars ? QStringLiteral("…\"") : QStringLiteral("\""));
        return text;
    }
    if (value.isUndefined())
        return QStringLiteral("nothing");
    if (value.isArray())
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    else if (value.isObject())
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    else
        text = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
                   .mid(1)
                   .chopped(1);
    return text.size() > maxChars ? text.left(maxChars) + QStringLiteral("…") : text;
}

/**
 * What to do about a JSON syntax error at OFFSET of TEXT, where the reason is plain to see: a
 * file saved as UTF-16, a comment, NaN or Infinity, a number too large, single quotes, a comma
 * before a closing brace, a file cut short. Empty where it is not.
 */
QString syntaxHint(const QByteArray &text, qsizetype offset)
{
    if (text.startsWith("\xff\xfe") || text.startsWith("\xfe\xff") || text.left(200).contains('\0'))
        return QStringLiteral("the file is not UTF-8 (it looks like UTF-16): save it as UTF-8");
    const qsizetype at = std::clamp<qsizetype>(offset, 0, std::max<qsizetype>(0, text.size() - 1));
    const QByteArray around = text.mid(std::max<qsizetype>(0, at - 3), 7);
    if (around.contains("//") || around.contains("/*"))
        return QStringLiteral("JSON has no comments: remove the comment");
    // The word the reader stopped in: a number, NaN, Infinity.
    auto wordChar = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    };
    qsizetype from = at, to = at;
    if (!wordChar(text.at(at)) && at > 0 && wordChar(text.at(at - 1)))
        from = to = at - 1;
    while (from > 0 && wordChar(text.at(from - 1)))
        --from;
    while (to < text.size() && wordChar(text.at(to)))
        ++to;
    const QByteArray word = text.mid(from, to - from);
    const QByteArray lower = word.toLower();
    if (lower == "nan" || lower == "-nan" || lower.endsWith("infinity") || lower == "inf"
        || lower == "-inf")
        return QStringLiteral("JSON has no %1: write a finite number")
            .arg(QString::fromLatin1(word));
    if (!word.isEmpty() && std::isinf(std::strtod(word.constData(), nullptr)))
        return QStringLiteral("%1 is too large for a number: write a finite number")
            .arg(QString::fromLatin1(word.left(40)));
    if (around.contains('\''))
        return QStringLiteral("JSON keys and strings take double quotes (\"), not single ones");
    // A comma with nothing after it but a closing brace or bracket.
    const QByteArray near
        = text.mid(std::max<qsizetype>(0, at - 8), 12).simplified().replace(' ', "");
    if (near.contains(",}") || near.contains(",]"))
        return QStringLiteral("a comma just before a closing brace or bracket: remove it");
    qsizetype next = at;
    while (next < text.size() && std::isspace(static_cast<unsigned char>(text.at(next))))
        ++next;
    if (text.trimmed().size() <= at + 1 || next >= text.size())
        return QStringLiteral("the file ends too early: it looks cut short; check that it ends "
                              "with the closing brace of the object it opened");
    return {};
}

std::optional<QJsonObject>
parseObject(const QByteArray &text, const QString &source, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = lineAndColumn(text, parseError.offset);
        if (error && text.trimmed().isEmpty()) {
            *error = QStringLiteral("%1: the file is empty: it should hold one JSON object, "
                                    "{ ... }")
                         .arg(source);
        } else if (const QString hint = syntaxHint(text, parseError.offset);
                   error && !hint.isEmpty()) {
            *error = QStringLiteral("%1:%2:%3: %4 (the JSON reader says: %5)")
                         .arg(source)
                         .arg(line)
                         .arg(column)
                         .arg(hint, parseError.errorString());
        } else if (error) {
            // Where JSON's reader stopped, and what is most often missing there.
            *error = QStringLiteral("%1:%2:%3: %4: look for a missing comma, quote or brace at "
                                    "or just before this place")
                         .arg(source)
                         .arg(line)
                         .arg(column)
                         .arg(parseError.errorString());
        }
        return std::nullopt;
    }
    if (const auto duplicate = findDuplicateKey(text)) {
        const auto [line, column] = lineAndColumn(text, duplicate->second);
        if (error) {
            *error = QStringLiteral("%1:%2:%3: key \"%4\" appears twice in one object: keep one")
                         .arg(source)
                         .arg(line)
                         .arg(column)
                         .arg(duplicate->first.left(60));
        }
        return std::nullopt;
    }
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("%1:1:1: expected a JSON object at the top level").arg(source);
        return std::nullopt;
    }
    return document.object();
}

std::optional<QByteArray> readFile(const QString &path, QString *error, qint64 maxBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    auto tooLarge = [&] {
        if (error) {
            *error = QStringLiteral("%1: the file is larger than %2 MiB: use a smaller file")
                         .arg(path)
                         .arg(double(maxBytes) / (1 << 20), 0, 'f', maxBytes % (1 << 20) ? 1 : 0);
        }
        return std::nullopt;
    };
    // size() is 0 for devices and pipes, so read in bounded steps whatever it says.
    if (file.size() > maxBytes)
        return tooLarge();
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes)
        return tooLarge();
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return bytes;
}

std::optional<QJsonObject> readObjectFile(const QString &path, QString *error, qint64 maxBytes)
{
    const std::optional<QByteArray> bytes = readFile(path, error, maxBytes);
    if (!bytes)
        return std::nullopt;
    return parseObject(*bytes, path, error);
}

bool writeObjectFile(const QString &path, const QJsonObject &object, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot save: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void print(QTextStream &out, const QJsonObject &object)
{
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Indented);
    if (QIODevice *device = out.device(); device && !out.string()) {
        out.flush();
        device->write(text);
        if (auto *file = qobject_cast<QFileDevice *>(device))
            file->flush();
        return;
    }
    out << QString::fromUtf8(text);
}

} // namespace JsonIo

} // namespace Kit
