// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runresult.h"

#include <protocol/protocol.h>

#include <QJsonDocument>

#include <array>
#include <cstdint>

namespace PyRunner {

using namespace Protocol;

namespace {

/** TEXT (standard base64, padded) decoded into *OUT; false when it is not base64. */
bool decodeBase64(QByteArrayView text, QByteArray *out)
{
    static const std::array<std::int8_t, 256> values = [] {
        std::array<std::int8_t, 256> v{};
        v.fill(-1);
        const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; ++i)
            v[std::uint8_t(alphabet[i])] = std::int8_t(i);
        return v;
    }();
    if (text.size() % 4 != 0)
        return false;
    qsizetype padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=')
        ++padding;
    out->resize(text.size() / 4 * 3 - padding);
    auto *to = reinterpret_cast<std::uint8_t *>(out->data());
    const auto *from = reinterpret_cast<const std::uint8_t *>(text.data());
    const qsizetype whole = text.size() - (padding ? 4 : 0);
    for (qsizetype i = 0; i < whole; i += 4) {
        const int a = values[from[i]], b = values[from[i + 1]], c = values[from[i + 2]],
                  d = values[from[i + 3]];
        if ((a | b | c | d) < 0)
            return false;
        const std::uint32_t n = std::uint32_t(a << 18 | b << 12 | c << 6 | d);
        *to++ = std::uint8_t(n >> 16);
        *to++ = std::uint8_t(n >> 8);
        *to++ = std::uint8_t(n);
    }
    if (padding) {
        const qsizetype i = whole;
        const int a = values[from[i]], b = values[from[i + 1]],
                  c = padding == 1 ? values[from[i + 2]] : 0;
        if ((a | b | c) < 0)
            return false;
        const std::uint32_t n = std::uint32_t(a << 18 | b << 12 | c << 6);
        *to++ = std::uint8_t(n >> 16);
        if (padding == 1)
            *to++ = std::uint8_t(n >> 8);
    }
    return true;
}

} // namespace

QJsonObject RunResult::readAnswer(const QByteArray &line, QByteArray *changes)
{
    changes->clear();
    // The runner writes them last in "threads". Outside a string a quote stands bare; inside
    // one (a program's output) it is escaped, so this cannot match what a program printed.
    const QByteArray marker = QByteArray(",\"") + ThreadsKey::ChangesPacked + QByteArray("\":\"");
    const qsizetype at = line.indexOf(marker);
    if (at >= 0) {
        const qsizetype from = at + marker.size();
        const qsizetype end = line.indexOf('"', from);
        if (end > from && decodeBase64(QByteArrayView(line).sliced(from, end - from), changes)) {
            // The rest, small, parsed without them (LINE itself is not copied).
            const QByteArrayView rest(line);
            return QJsonDocument::fromJson(rest.first(at).toByteArray()
                                           + rest.sliced(end + 1).toByteArray())
                .object();
        }
        changes->clear();
    }
    return QJsonDocument::fromJson(line).object();
}

RunResult RunResult::fromMessage(const QJsonObject &message)
{
    RunResult r;
    auto value = [&](const char *name) {
        return message.value(key(name));
    };
    r.python = value(Key::Python).toString();
    r.steps = value(Key::Steps).toArray();
    r.threads = value(Key::Threads).toObject();
    r.stdoutText = value(Key::Stdout).toString();
    r.stderrText = value(Key::Stderr).toString();
    r.stdoutTruncated = value(Key::StdoutTruncated).toBool();
    r.stderrTruncated = value(Key::StderrTruncated).toBool();
    r.stepsOmitted = qint64(value(Key::StepsOmitted).toDouble());
    if (value(Key::Error).isObject())
        r.error = value(Key::Error).toObject();
    return r;
}

QJsonObject RunResult::toMessage() const
{
    QJsonObject message{{key(Key::Steps), steps},
                        {key(Key::Stdout), stdoutText},
                        {key(Key::Stderr), stderrText},
                        {key(Key::Error), error ? QJsonValue(*error) : QJsonValue()}};
    if (!python.isEmpty())
        message.insert(key(Key::Python), python);
    if (!threads.isEmpty())
        message.insert(key(Key::Threads), threads);
    if (stdoutTruncated)
        message.insert(key(Key::StdoutTruncated), true);
    if (stderrTruncated)
        message.insert(key(Key::StderrTruncated), true);
    if (stepsOmitted > 0)
        message.insert(key(Key::StepsOmitted), double(stepsOmitted));
    return message;
}

RunResult RunResult::failure(const QString &type, const QString &message)
{
    const QJsonObject error{{key(Key::Type), type},
                            {key(Key::Message), message},
                            {key(Key::Line), 0},
                            {key(Key::Traceback), QString()}};
    RunResult r;
    r.error = error;
    r.steps.append(QJsonObject{{key(Key::Index), 0},
                               {key(Key::Kind), QLatin1String(stepKindId(StepKind::Error))},
                               {key(Key::Class), QString()},
                               {key(Key::Line), 0},
                               {key(Key::Detail), error}});
    return r;
}

QString RunResult::errorType() const
{
    return error ? error->value(key(Key::Type)).toString() : QString();
}

} // namespace PyRunner
