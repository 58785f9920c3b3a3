#include "classgraph.h"

#include <QHash>
#include <QSet>

int ClassGraph::indexOf(const QString &id) const
{
    for (int i = 0; i < nodes.size(); ++i) {
        if (nodes.at(i).id == id)
            return i;
    }
    return -1;
}

ClassGraph ClassGraph::build(const TracePlayer &player, int index)
{
    ClassGraph graph;
    const QList<ClassInfo> classes = player.classesAt(index);
    QHash<QString, ClassInfo> byName;
    QSet<QString> metaclasses{QStringLiteral("type")};
    for (const ClassInfo &info : classes) {
        byName.insert(info.name, info);
        metaclasses.insert(info.metaclass);
        if (info.mro.contains(QStringLiteral("type")))
            metaclasses.insert(info.name);
    }

    auto addNode = [&graph](const QString &id, Kind kind, bool builtin, bool isNew) {
        const int existing = graph.indexOf(id);
        if (existing >= 0)
            return existing;
        graph.nodes.append({id, id, kind, builtin, isNew, {}});
        return int(graph.nodes.size() - 1);
    };
    auto kindOf = [&metaclasses](const QString &name) {
        return metaclasses.contains(name) ? Kind::Metaclass : Kind::Class;
    };

    // Classes and metaclasses in creation order, with the builtins they lean on.
    if (!classes.isEmpty()) {
        addNode(QStringLiteral("type"), Kind::Metaclass, true, false);
        addNode(QStringLiteral("object"), Kind::Class, true, false);
    }
    for (const ClassInfo &info : classes) {
        const int node = addNode(info.name, kindOf(info.name), false, info.createdAt == index);
        for (const QString &base : info.bases)
            addNode(base, kindOf(base), !byName.contains(base), false);
        addNode(info.metaclass, Kind::Metaclass, !byName.contains(info.metaclass), false);
        Q_UNUSED(node)
    }
    // Instances: one node per instance the program made of its own classes.
    QHash<QString, int> instanceCounts;
    for (int i = 0; i <= index && i < player.count(); ++i) {
        const TraceStep &step = player.trace().steps.at(i);
        if (step.kind != QLatin1String("instance_call") || !byName.contains(step.className))
            continue;
        const int number = ++instanceCounts[step.className];
        const QString id = QStringLiteral("%1 #%2").arg(step.className).arg(number);
        const int node = addNode(id, Kind::Instance, false, i == index);
        graph.nodes[node].label = QStringLiteral("a %1").arg(step.className);
    }

    // Edges.
    auto link = [&graph](int from, int to, Edge kind) {
        if (from >= 0 && to >= 0)
            graph.links.append({from, to, kind});
    };
    for (int i = 0; i < graph.nodes.size(); ++i) {
        const Node &node = graph.nodes.at(i);
        if (node.kind == Kind::Instance) {
            link(i, graph.indexOf(node.id.section(QStringLiteral(" #"), 0, 0)), Edge::InstanceOf);
            continue;
        }
        if (byName.contains(node.id)) {
            const ClassInfo &info = byName.value(node.id);
            link(i, graph.indexOf(info.metaclass), Edge::InstanceOf);
            for (const QString &base : info.bases)
                link(i, graph.indexOf(base), Edge::SubclassOf);
        } else if (node.id == QLatin1String("type")) {
            link(i, i, Edge::InstanceOf); // type is its own type
            link(i, graph.indexOf(QStringLiteral("object")), Edge::SubclassOf);
        } else if (node.id == QLatin1String("object")) {
            link(i, graph.indexOf(QStringLiteral("type")), Edge::InstanceOf);
        } else {
            link(i, graph.indexOf(QStringLiteral("type")), Edge::InstanceOf);
        }
    }

    // Rows by kind, columns by order within a row.
    const std::array<Kind, 3> order{Kind::Metaclass, Kind::Class, Kind::Instance};
    int row = 0;
    for (const Kind kind : order) {
        int column = 0;
        for (Node &node : graph.nodes) {
            if (node.kind == kind)
                node.position = QPointF(column++, row);
        }
        if (column > 0) {
            graph.columns = std::max(graph.columns, column);
            ++row;
        }
    }
    graph.rows = row;
    return graph;
}
