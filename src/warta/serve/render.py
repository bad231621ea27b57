"""Template helpers: dates, the mentions chart, article layout pieces.

>>> fmt_date("2024-03-05T10:30:00+07:00")
'5 Mar 2024, 10:30'
>>> bars([("2024-01", 2), ("2024-02", 4)])["bars"][1]["h"]
80.0
"""

from __future__ import annotations

from typing import Any

from warta.article import Article
from warta.serve.safety import safe_url

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_date(iso: str | None) -> str:
    """A short human date from ISO text (``2024-03-05T10:30…`` -> ``5 Mar 2024, 10:30``)."""
    if not iso:
        return ""
    y, m, d = iso[:4], iso[5:7], iso[8:10]
    if not (y.isdigit() and m.isdigit()):
        return iso[:16]
    out = f"{_MONTHS[int(m) - 1]} {y}" if 1 <= int(m) <= 12 else y
    if d.isdigit():
        out = f"{int(d)} {out}"
    if len(iso) >= 16 and iso[10] in "T " and iso[11:13].isdigit():
        out += f", {iso[11:16]}"
    return out


def fill_months(series: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Monthly counts with the empty months between the first and the last filled in (an honest axis).

    >>> fill_months([("2024-11", 2), ("2025-02", 1)])
    [('2024-11', 2), ('2024-12', 0), ('2025-01', 0), ('2025-02', 1)]
    """
    counts = {p: n for p, n in series if len(p) == 7 and p[:4].isdigit() and p[5:].isdigit()}
    if not counts:
        return series
    first, last = min(counts), max(counts)
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 1200:
        key = f"{y:04d}-{m:02d}"
        out.append((key, counts.get(key, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def bars(series: list[tuple[str, int]], height: float = 80.0, width: float = 640.0) -> dict[str, Any]:
    """Geometry of a server-side SVG bar chart (attributes only: no inline style, CSP-safe)."""
    top = max((n for _, n in series), default=0) or 1
    slot = max(3.0, min(40.0, width / max(len(series), 1)))
    bar = max(2.0, slot * 0.8)
    out = []
    for i, (label, n) in enumerate(series):
        h = round(height * n / top, 1)
        out.append(
            {
                "x": round(i * slot, 1),
                "y": round(height - h, 1),
                "w": round(bar, 1),
                "h": h,
                "label": label,
                "n": n,
            }
        )
    total_w = max(len(series) * slot, 120.0)
    ticks = []
    if out:
        ticks.append({"x": 0, "label": out[0]["label"], "anchor": "start"})
        if len(out) > 1:
            ticks.append({"x": out[-1]["x"] + bar, "label": out[-1]["label"], "anchor": "end"})
    return {"bars": out, "width": round(total_w, 1), "height": height, "max": top, "ticks": ticks}


def body_blocks(art: Article) -> list[tuple[str, str]]:
    """``[("h2"|"p", text)]``: the body with subheadings marked."""
    heads = set(art.headings)
    return [("h2" if i in heads else "p", text) for i, text in enumerate(art.body)]


def agencies(art: Article) -> list[str]:
    """Agencies the article credits ("via Reuters"): ``sources`` names, then ``syndicated_from``."""
    seen: dict[str, str] = {}
    for s in art.sources:
        seen.setdefault(s.name.lower(), s.name)
    if art.syndicated_from and art.syndicated_from.lower() not in seen:
        seen[art.syndicated_from.lower()] = art.syndicated_from
    return list(seen.values())


def original_url(art: Article) -> str | None:
    """The page's own address, only when http(s)."""
    return safe_url(art.canonical_url) or safe_url(art.provenance.url)


def entity_groups(art: Article) -> list[tuple[str, list[Any]]]:
    """The article's entities grouped by type (PER, ORG, LOC, others), most mentioned first."""
    groups: dict[str, list[Any]] = {}
    for e in sorted(art.entities, key=lambda e: (-len(e.mentions), e.name)):
        groups.setdefault(e.type or "?", []).append(e)
    order = {"PER": 0, "ORG": 1, "LOC": 2}
    return sorted(groups.items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))


TYPE_NAMES = {"PER": "People", "ORG": "Organisations", "LOC": "Places"}
