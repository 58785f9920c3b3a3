// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "feed.h"
#include "schema.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Startup {

/** The work a feed run implies: what its budget weighs. */
struct FeedWork
{
    double followers = 0;  // the mean follower count the engine's draws give
    double edges = 0;      // the follower graph
    double posts = 0;      // expected, over the run
    double deliveries = 0; // expected notifications to followers online
    double events = 0;
    double bytes = 0;
};

/** The work PARAMS implies, from the rates the engine draws with. */
FeedWork feedWork(const FeedParams &params);

/** DELIVERY's id in scenario files and results ("long_polling"). */
QString deliveryId(FeedParams::Delivery delivery);

namespace Schema {
/** The `feed` model: its fields (read into FeedParams), metrics and budget. */
Model feedModel();
} // namespace Schema

namespace Scenario {
/** Reads a `feed` scenario; *error names the field. */
std::optional<FeedParams>
parseFeed(const QJsonObject &object, const QString &source, QString *error);
} // namespace Scenario

} // namespace Startup
