#pragma once

#include <QJsonObject>

/** Curtain's version and the versions of what it is built on, for About and `curtain info`. */
QJsonObject curtainVersions();
