"""Entity-centric read views over the store's tables (for the reader UI and the JSON API).

Counts skip duplicates (``articles.duplicate_of IS NOT NULL``, mirrored as ``mentions.dup``) so a
story syndicated to ten outlets counts once. Entity views read the ``mentions`` index (entity, dup,
published, count) and join ``articles`` only for the rows they show. Entity keys are ``Entity.id``
values (``PER:joko widodo``)::

    from warta.store import Store
    from warta.store import views
    st = Store("warta.db", readonly=True)
    views.top_entities(st, limit=20, type="PER")
    views.entity_page(st, "PER:joko widodo")      # info, timeline, articles, quotes, co-mentioned
    views.most_quoted(st, limit=20, since="2024-01")
"""

from __future__ import annotations

from typing import Any

import msgspec

from warta.store.sqlite import SUMMARY_COLS_A, ArticleSummary, Store, summary


class EntityCount(msgspec.Struct, kw_only=True):
    key: str
    name: str | None
    type: str | None
    articles: int
    """Distinct (non-duplicate) articles mentioning it."""
    mentions: int


class QuoteRow(msgspec.Struct, kw_only=True):
    text: str
    speaker: str | None
    speaker_key: str | None
    type: str | None
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None


class SpeakerCount(msgspec.Struct, kw_only=True):
    speaker: str
    """The entity's canonical name when the quote is linked to one, else the speaker text."""
    speaker_key: str | None
    quotes: int
    articles: int


def _date_filter(col: str, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    sql, params = "", []
    if since:
        sql += f" AND {col} >= ?"
        params.append(since)
    if until:
        sql += f" AND {col} <= ?"
        params.append(until + "~")
    return sql, params


def top_entities(
    st: Store, limit: int = 20, type: str | None = None, since: str | None = None, until: str | None = None
) -> list[EntityCount]:
    """Entities by number of articles mentioning them (most first)."""
    dsql, dparams = _date_filter("m.published", since, until)
    tsql = " AND e.type = ?" if type else ""
    rows = st.conn.execute(
        f"""SELECT e.key, e.name, e.type, count(*) AS n, sum(m.count)
            FROM mentions m JOIN entities e ON e.rowid = m.entity_rowid
            WHERE m.dup = 0{tsql}{dsql}
            GROUP BY e.rowid ORDER BY n DESC, e.name LIMIT ?""",
        [*([type] if type else []), *dparams, limit],
    )
    return [EntityCount(key=r[0], name=r[1], type=r[2], articles=r[3], mentions=r[4]) for r in rows]


def entity_timeline(st: Store, key: str, bucket: str = "month") -> list[tuple[str, int]]:
    """(period, articles) for an entity: ``bucket`` is ``day``, ``month`` or ``year``."""
    width = {"day": 10, "month": 7, "year": 4}[bucket]
    rows = st.conn.execute(
        f"""SELECT substr(m.published, 1, {width}) AS p, count(*)
            FROM mentions m
            WHERE m.entity_rowid = (SELECT rowid FROM entities WHERE key = ?)
              AND m.dup = 0 AND m.published IS NOT NULL
            GROUP BY p ORDER BY p""",
        (key,),
    )
    return [(r[0], r[1]) for r in rows]


def entity_articles(st: Store, key: str, limit: int = 50, offset: int = 0) -> list[ArticleSummary]:
    """Articles mentioning an entity, most mentions first, then newest."""
    rows = st.conn.execute(
        f"""SELECT {SUMMARY_COLS_A} FROM (
                SELECT m.article_rowid, m.count, m.published FROM mentions m
                WHERE m.entity_rowid = (SELECT rowid FROM entities WHERE key = ?) AND m.dup = 0
                ORDER BY m.count DESC, m.published DESC LIMIT ? OFFSET ?) AS r
            JOIN articles a ON a.rowid = r.article_rowid
            ORDER BY r.count DESC, r.published DESC""",
        (key, limit, offset),
    )
    return [summary(r) for r in rows]


def quotes_by(st: Store, key: str, limit: int = 50) -> list[QuoteRow]:
    """Quotes attributed to an entity (``Quote.speaker_id``), newest first."""
    return _quotes(st, "q.speaker_key = ?", [key], limit)


def _quotes(st: Store, where: str, params: list[Any], limit: int) -> list[QuoteRow]:
    rows = st.conn.execute(
        f"""SELECT q.text, q.speaker, q.speaker_key, q.type, a.id, a.title, a.outlet, a.published
            FROM quotes q JOIN articles a ON a.rowid = q.article_rowid
            WHERE {where} AND a.duplicate_of IS NULL ORDER BY a.published DESC LIMIT ?""",
        [*params, limit],
    )
    return [
        QuoteRow(
            text=r[0],
            speaker=r[1],
            speaker_key=r[2],
            type=r[3],
            article_id=r[4],
            title=r[5],
            outlet=r[6],
            published=r[7],
        )
        for r in rows
    ]


def article_quotes(st: Store, article_id: str) -> list[QuoteRow]:
    """The quotes of one article, in text order."""
    return _quotes(st, "a.id = ?", [article_id], 1000)


def co_mentioned(st: Store, key: str, limit: int = 10, sample: int | None = None) -> list[EntityCount]:
    """Entities most often mentioned in the same articles as ``key``.

    ``sample``: count only over the entity's ``sample`` newest articles (bounded cost for entities
    mentioned in thousands of articles; the reader uses 300).
    """
    if sample:
        rows = st.conn.execute(
            """WITH recent AS (
                   SELECT m.article_rowid FROM mentions m
                   WHERE m.entity_rowid = (SELECT rowid FROM entities WHERE key = ?) AND m.dup = 0
                   ORDER BY m.published DESC LIMIT ?)
               SELECT e2.key, e2.name, e2.type, count(*) AS n, sum(m2.count)
               FROM recent r JOIN mentions m2 ON m2.article_rowid = r.article_rowid
               JOIN entities e2 ON e2.rowid = m2.entity_rowid
               WHERE e2.key != ?
               GROUP BY e2.rowid ORDER BY n DESC, e2.name LIMIT ?""",
            (key, sample, key, limit),
        )
        return [EntityCount(key=r[0], name=r[1], type=r[2], articles=r[3], mentions=r[4]) for r in rows]
    rows = st.conn.execute(
        """SELECT e2.key, e2.name, e2.type, count(*) AS n, sum(m2.count)
           FROM entities e JOIN mentions m ON m.entity_rowid = e.rowid
           JOIN mentions m2 ON m2.article_rowid = m.article_rowid AND m2.entity_rowid != e.rowid
           JOIN entities e2 ON e2.rowid = m2.entity_rowid
           WHERE e.key = ? AND m.dup = 0
           GROUP BY e2.rowid ORDER BY n DESC, e2.name LIMIT ?""",
        (key, limit),
    )
    return [EntityCount(key=r[0], name=r[1], type=r[2], articles=r[3], mentions=r[4]) for r in rows]


def entity_page(st: Store, key: str, limit: int = 50, co_sample: int | None = None) -> dict[str, Any] | None:
    """Everything an entity page shows, or None for an unknown key (``co_sample``: see :func:`co_mentioned`)."""
    row = st.conn.execute("SELECT key, name, type FROM entities WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    return {
        "key": row[0],
        "name": row[1],
        "type": row[2],
        "timeline": entity_timeline(st, key),
        "articles": entity_articles(st, key, limit=limit),
        "quotes": quotes_by(st, key, limit=limit),
        "co_mentioned": co_mentioned(st, key, sample=co_sample),
    }


def most_quoted(
    st: Store, limit: int = 20, since: str | None = None, until: str | None = None
) -> list[SpeakerCount]:
    """Speakers ranked by quotes (linked entities grouped by key, others by speaker text)."""
    dsql, dparams = _date_filter("a.published", since, until)
    rows = st.conn.execute(
        f"""SELECT coalesce(e.name, q.speaker) AS who, q.speaker_key, count(*) AS n, count(DISTINCT q.article_rowid)
            FROM quotes q JOIN articles a ON a.rowid = q.article_rowid
            LEFT JOIN entities e ON e.key = q.speaker_key
            WHERE a.duplicate_of IS NULL AND (q.speaker_key IS NOT NULL OR q.speaker IS NOT NULL){dsql}
            GROUP BY coalesce(q.speaker_key, lower(q.speaker)) ORDER BY n DESC, who LIMIT ?""",
        [*dparams, limit],
    )
    return [SpeakerCount(speaker=r[0], speaker_key=r[1], quotes=r[2], articles=r[3]) for r in rows]


def outlets(st: Store, limit: int = 500) -> list[tuple[str, int]]:
    """(outlet, articles) by number of articles, for the reader's filters."""
    rows = st.conn.execute(
        "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL GROUP BY outlet COLLATE NOCASE "
        "ORDER BY n DESC, outlet LIMIT ?",
        (limit,),
    )
    return [(r[0], r[1]) for r in rows]


def languages(st: Store) -> list[tuple[str, int]]:
    """(language code, articles) by number of articles."""
    rows = st.conn.execute(
        "SELECT lang, count(*) AS n FROM articles WHERE lang IS NOT NULL GROUP BY lang ORDER BY n DESC"
    )
    return [(r[0], r[1]) for r in rows]


def latest(
    st: Store,
    limit: int = 50,
    offset: int = 0,
    outlet: str | None = None,
    lang: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[ArticleSummary]:
    """:meth:`Store.latest` with a plan that stays fast on large stores (same arguments and order).

    A tag filter, or an outlet and a language together, ask the search index for the newest
    matching rowids (newest by day; within a page by date and time) instead of scanning rows; an
    outlet alone walks the (outlet, published) index.
    """
    if tag or (outlet and lang):
        from warta.store.query import Clause
        from warta.store.query import Query as _Query
        from warta.store.sqlite import compile_query

        q = _Query(
            clauses=[Clause(field="tags", text=tag, phrase=True)] if tag else [],
            outlets=[outlet] if outlet else [],
            langs=[lang] if lang else [],
            since=since,
            until=until,
        )
        _, ranked = st.index.search(compile_query(q), limit, offset, count=False, by_date=True)
        rowids = [r for _, r in ranked]
        if not rowids:
            return []
        rows = st.conn.execute(
            f"SELECT a.rowid, {SUMMARY_COLS_A} FROM articles a WHERE a.rowid IN ({', '.join('?' * len(rowids))})",
            rowids,
        ).fetchall()
        rows.sort(key=lambda r: (r[4] or "", r[0]), reverse=True)
        return [summary(r[1:]) for r in rows]
    where: list[str] = []
    params: list[Any] = []
    source = "articles a"
    if outlet:
        source = "articles a INDEXED BY articles_outlet"
        where.append("a.outlet = ? COLLATE NOCASE")
        params.append(outlet)
    if lang:
        where.append("a.lang = ?")
        params.append(lang)
    dsql, dparams = _date_filter("a.published", since, until)
    sql = f"SELECT {SUMMARY_COLS_A} FROM {source} WHERE 1" + "".join(f" AND {w}" for w in where) + dsql
    sql += " ORDER BY a.published DESC, a.rowid DESC LIMIT ? OFFSET ?"
    return [summary(r) for r in st.conn.execute(sql, [*params, *dparams, limit, offset])]
