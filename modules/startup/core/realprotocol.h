// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLatin1String>

namespace Startup {

namespace Real {

/**
 * What the real stack's Python (resources/realstack/) writes to Curtain: one JSON object a line,
 * {"kind": KIND, ...}. The words are spelled once here; the Python scripts write the same ones
 * (tst_realrecording reads lines as they write them).
 */
namespace Protocol {

// Every line.
constexpr QLatin1String kind("kind");
constexpr QLatin1String t("t"); // seconds from the start of the run's clock

// The kinds every script writes.
constexpr QLatin1String ready("ready");           // its services answer
constexpr QLatin1String calibrated("calibrated"); // what the calibration found
constexpr QLatin1String start("start");           // the run's clock starts
constexpr QLatin1String progress("progress");
constexpr QLatin1String note("note"); // {"text"}: something a learner should know
constexpr QLatin1String end("end");
constexpr QLatin1String error("error"); // {"message"}
constexpr QLatin1String text("text");
constexpr QLatin1String message("message");

// Transcoding: Celery's events and the operator's.
constexpr QLatin1String event("event"); // {"type", "job", "worker"}
constexpr QLatin1String type("type");
constexpr QLatin1String job("job");
constexpr QLatin1String worker("worker"); // index in the plan's workers; -1 none, -2 the service
constexpr QLatin1String sent("sent");
constexpr QLatin1String received("received");   // task-received
constexpr QLatin1String started("started");     // task-started
constexpr QLatin1String succeeded("succeeded"); // task-succeeded
constexpr QLatin1String failed("failed");       // task-failed
constexpr QLatin1String outsourced("outsourced");
constexpr QLatin1String instance("instance"); // {"type", "worker"}
constexpr QLatin1String boot("boot");
constexpr QLatin1String up("up");
constexpr QLatin1String down("down");
constexpr QLatin1String crash("crash");
constexpr QLatin1String queue("queue"); // {"length"}: the broker's queue, LLEN
constexpr QLatin1String length("length");

// The feed: the conductor's posts, the server's answers, the users' receipts.
constexpr QLatin1String written("written");     // {"post", "t", "path"}: a post written
constexpr QLatin1String published("published"); // {"post", "t", "by"}: the server told of it
constexpr QLatin1String delivered("delivered"); // {"post", "user", "t"}: a client received it
constexpr QLatin1String server("server");       // {"requests", "open", "published"}: its counts
constexpr QLatin1String done("done");           // {"failures", "first_failure"}: the clients
constexpr QLatin1String post("post");
constexpr QLatin1String user("user");
constexpr QLatin1String by("by");     // "signal" or "trigger"
constexpr QLatin1String path("path"); // "create" or "bulk"
constexpr QLatin1String bulk("bulk");
constexpr QLatin1String requests("requests"); // [[t, requests in the tenth of a second]]
constexpr QLatin1String open("open");         // [[t, open connections]]
constexpr QLatin1String sentList("sent");     // [[post, user, t]]: each notification written out
constexpr QLatin1String failures("failures");
constexpr QLatin1String firstFailure("first_failure");

} // namespace Protocol

} // namespace Real

} // namespace Startup
