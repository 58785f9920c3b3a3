# SPDX-FileCopyrightText: 2026 The Curtain developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ORM lab through the real Django ORM: python3 orm.py PLAN.json

Curtain's ORM lab generated an SQLite database (users, videos, comments) and fetched one page,
"the latest videos with their uploader's name and comment count", three ways. This script maps
Django models onto the same file, opened read-only, and fetches the same page the three ways a
Django project would:

- N+1: the videos, then video.user.name and video.comments.count() for each;
- select_related('user') with annotate(Count('comments')): one JOIN with a GROUP BY;
- .extra(select=...) with the count as a hand-written subquery: the escape hatch.

Each way runs a few times (the median kept), with Django's own query log (connection.queries,
every statement as Django sent it, with its time), and the same statements are sent straight to
SQLite through Python's sqlite3 module, to tell the database's time from Django's own. Then, in a fresh database of its own in the
run's folder, it writes comments the four ways a Django project does (save(), QuerySet.update(),
bulk_create() and raw SQL) and counts what Django's post_save signal heard and what an SQLite
trigger saw. Everything is written as JSON lines on stdout; Curtain compares.
"""

import json
import sqlite3
import statistics
import sys
import time

from curtain_lines import emit, fail

REPEATS = 3


def configure(lab, scratch):
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={
            # Django always opens SQLite with uri=True: mode=ro keeps the lab's file as it is.
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "file:%s?mode=ro" % lab},
            "scratch": {"ENGINE": "django.db.backends.sqlite3", "NAME": scratch},
        },
        # This file is the app (its models defined below, after setup): reverse relations such as
        # video.comments are only made for an installed app's models.
        INSTALLED_APPS=["orm"], USE_TZ=False, DEBUG=True)  # DEBUG: Django keeps its query log
    django.setup()


def models():
    from django.db import models

    class User(models.Model):
        name = models.TextField()

        class Meta:
            app_label = "orm"
            db_table = "users"
            managed = False

    class Video(models.Model):
        user = models.ForeignKey(User, models.DO_NOTHING, related_name="videos")
        title = models.TextField()
        created = models.IntegerField()

        class Meta:
            app_label = "orm"
            db_table = "videos"
            managed = False

    class Comment(models.Model):
        video = models.ForeignKey(Video, models.DO_NOTHING, related_name="comments")
        user_id = models.IntegerField()
        body = models.TextField()

        class Meta:
            app_label = "orm"
            db_table = "comments"
            managed = False

    return User, Video, Comment


def fetch_ways(Video, page):
    from django.db.models import Count

    def n_plus_one():
        rows = []
        for video in Video.objects.order_by("-created")[:page]:
            rows.append([video.id, video.title, video.user.name, video.comments.count()])
        return rows

    def join():
        query = (Video.objects.select_related("user").annotate(count=Count("comments"))
                 .order_by("-created")[:page])
        return [[v.id, v.title, v.user.name, v.count] for v in query]

    def extra():
        query = (Video.objects.select_related("user")
                 .extra(select={"count": "SELECT COUNT(*) FROM comments "
                                         "WHERE comments.video_id = videos.id"})
                 .order_by("-created")[:page])
        return [[v.id, v.title, v.user.name, v.count] for v in query]

    return [("orm-n-plus-1", "for video in Video.objects.order_by('-created')[:%d]: "
             "video.user.name, video.comments.count()" % page, n_plus_one),
            ("orm-join", "Video.objects.select_related('user')"
             ".annotate(count=Count('comments')).order_by('-created')[:%d]" % page, join),
            ("raw-sql", "Video.objects.select_related('user').extra(select={'count': "
             "'SELECT COUNT(*) FROM comments WHERE comments.video_id = videos.id'})"
             ".order_by('-created')[:%d]" % page, extra)]


def fetch(Video, page):
    from django.db import connection, reset_queries

    for strategy, code, way in fetch_ways(Video, page):
        times, rows, log = [], None, []
        for _ in range(REPEATS):
            reset_queries()
            started = time.perf_counter()
            rows = way()
            times.append((time.perf_counter() - started) * 1000)
            log = list(connection.queries)
        emit(kind="fetch", strategy=strategy, code=code, rows=rows, ms=statistics.median(times),
             runs=times, queries=len(log), sqlite_ms=replay([q["sql"] for q in log]),
             log=[{"sql": q["sql"], "seconds": float(q["time"])} for q in log])


def replay(statements):
    """The same statements sent straight to SQLite by Python's sqlite3 module, each row fetched:
    the median of a few runs, in ms. What Django's time is beyond it is Django's own work."""
    from django.conf import settings

    db = sqlite3.connect(settings.DATABASES["default"]["NAME"], uri=True)
    for sql in statements:  # once untimed: SQLite's cache as warm as Django's runs left it
        db.execute(sql).fetchall()
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for sql in statements:
            db.execute(sql).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    db.close()
    return statistics.median(times)


def capture(scratch_models):
    """Four ways to write comments; what post_save heard and what a trigger saw, per way."""
    from django.db import connections
    from django.db.models.signals import post_save

    Note = scratch_models
    connection = connections["scratch"]
    with connection.schema_editor() as editor:
        editor.create_model(Note)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE curtain_seen (id INTEGER PRIMARY KEY, way TEXT)")
        for event in ("INSERT", "UPDATE"):
            cursor.execute("CREATE TRIGGER curtain_seen_%s AFTER %s ON curtain_notes "
                           "BEGIN INSERT INTO curtain_seen (way) "
                           "SELECT value FROM curtain_way; END" % (event.lower(), event))
        cursor.execute("CREATE TABLE curtain_way (value TEXT)")
        cursor.execute("INSERT INTO curtain_way VALUES ('')")
    heard = {}
    way_now = [""]

    def on_save(sender, **kwargs):
        heard[way_now[0]] = heard.get(way_now[0], 0) + 1
    post_save.connect(on_save, sender=Note, weak=False)

    rows = 10

    def start(way):
        way_now[0] = way
        with connection.cursor() as cursor:
            cursor.execute("UPDATE curtain_way SET value = %s", [way])

    start("save")
    for i in range(rows):
        Note(body="saved %d" % i).save(using="scratch")
    start("update")
    Note.objects.using("scratch").filter(id__lte=rows).update(body="updated")
    start("bulk_create")
    Note.objects.using("scratch").bulk_create([Note(body="bulk %d" % i) for i in range(rows)])
    start("raw_sql")
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO curtain_notes (body) VALUES (%s)",
                           [("raw %d" % i,) for i in range(rows)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT way, COUNT(*) FROM curtain_seen GROUP BY way")
        seen = dict(cursor.fetchall())
    codes = {"save": "note.save()", "update": "Note.objects.filter(...).update(body=...)",
             "bulk_create": "Note.objects.bulk_create([...])",
             "raw_sql": "cursor.executemany('INSERT INTO ...')"}
    for way in ("save", "update", "bulk_create", "raw_sql"):
        emit(kind="capture", way=way, code=codes[way], rows=rows, signals=heard.get(way, 0),
             trigger=seen.get(way, 0))


def main(argv):
    if len(argv) != 2:
        fail("usage: orm.py PLAN.json")
    with open(argv[1]) as f:
        plan = json.load(f)
    configure(plan["database"], plan["scratch"])
    from django.db import models as django_models
    User, Video, Comment = models()

    class Note(django_models.Model):
        body = django_models.TextField()

        class Meta:
            app_label = "orm"
            db_table = "curtain_notes"

    emit(kind="ready")
    fetch(Video, plan["page_size"])
    capture(Note)
    emit(kind="end")


if __name__ == "__main__":
    main(sys.argv)
