// SPDX-FileCopyrightText: 2026 The Curtain developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "c3.h"

namespace ClassForge {

C3Merge C3Merge::compute(const QString &cls,
                         const QStringList &bases,
                         const std::function<QStringList(const QString &)> &mroOf)
{
    C3Merge merge;
    merge.mro.append(cls);
    QList<QStringList> lists;
    for (const QString &base : bases)
        lists.append(mroOf(base));
    if (!bases.isEmpty())
        lists.append(bases);

    auto removeEmpty = [](QList<QStringList> &ls) {
        ls.removeIf([](const QStringList &l) { return l.isEmpty(); });
    };
    removeEmpty(lists);
    while (!lists.isEmpty()) {
        QString picked;
        for (const QStringList &list : std::as_const(lists)) {
            const QString &head = list.first();
            // A good head appears in no list's tail.
            const bool inTail
                = std::any_of(lists.cbegin(), lists.cend(), [&](const QStringList &l) {
                      return l.indexOf(head) > 0;
                  });
            if (!inTail) {
                picked = head;
                break;
            }
        }
        merge.rows.append({lists, picked});
        if (picked.isEmpty()) {
            merge.ok = false;
            for (const QStringList &list : std::as_const(lists)) {
                if (!merge.conflicting.contains(list.first()))
                    merge.conflicting.append(list.first());
            }
            return merge;
        }
        merge.mro.append(picked);
        for (QStringList &list : lists) {
            if (list.first() == picked)
                list.removeFirst();
        }
        removeEmpty(lists);
    }
    return merge;
}

} // namespace ClassForge
