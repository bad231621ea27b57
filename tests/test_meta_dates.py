"""Publish-date rules of HTML metadata, on small invented pages (one test per rule, with the cases
each rule must leave alone)."""

from __future__ import annotations

from conftest import html_metadata as _meta
from warta.extract.dates import month_first, numeric_order, parse_datetime, parse_text_date, with_offset


def _page(lang: str, date: str, extra: str = "") -> str:
    return (
        f'<html lang="{lang}"><body><main><h1>Harbour reopens after the storm</h1>'
        f'<div class="post-date">{date}</div>{extra}<p>{"The harbour reopened on Monday. " * 8}</p>'
        "</main></body></html>"
    )


# ---------------------------------------------------------------- all-number day/month order


def test_month_first_comes_from_language_data() -> None:
    assert month_first("en-US") and month_first("en")
    assert not month_first("en-GB") and not month_first("en_AU")
    assert (
        not month_first("id") and not month_first("ms-MY") and not month_first("xx") and not month_first(None)
    )


def test_ambiguous_numeric_date_follows_the_page_locale() -> None:
    assert _meta(_page("en-US", "3/4/2025")).published == "2025-03-04"
    assert _meta(_page("en-GB", "3/4/2025")).published == "2025-04-03"
    assert _meta(_page("id", "03/04/2025")).published == "2025-04-03"
    # a region from og:locale completes a bare <html lang>
    gb = _page("en", "3/4/2025").replace(
        "<body>", '<head><meta property="og:locale" content="en_GB"></head><body>'
    )
    assert _meta(gb).published == "2025-04-03"


def test_a_hostile_page_locale_reads_no_language_data() -> None:
    for bad in ("x" * 300, "../en", "en/../../id", "*", ""):
        assert not month_first(bad)
        art = _meta(_page(bad, "3/4/2025"))
        assert art.published == "2025-04-03" and art.title  # day first; nothing else lost


def test_unambiguous_dates_on_the_page_decide_the_order() -> None:
    # a British-tagged page that also shows "3/13/2025" writes the month first
    extra = '<p class="note">Updated 3/13/2025</p>'
    assert _meta(_page("en-GB", "3/4/2025", extra)).published == "2025-03-04"
    # an American-tagged page showing "25/12/2024" writes the day first
    extra = "<p>Earlier post: 25/12/2024</p>"
    assert _meta(_page("en-US", "3/4/2025", extra)).published == "2025-04-03"
    assert numeric_order("3/4/2025") is None and numeric_order("1/2/2025 and 13/2/2025") is False


def test_unambiguous_numeric_dates_ignore_the_order() -> None:
    assert parse_text_date("13/4/2025", month_first=True) == "2025-04-13"
    assert parse_text_date("4/13/2025") == "2025-04-13"
    assert parse_datetime("03-09-2026", month_first=True) == "2026-03-09"


# ---------------------------------------------------------------- list cards vs the headline date


def test_related_post_dates_do_not_date_the_page() -> None:
    cards = "".join(
        f'<li><a href="/p{d}">Other story {d}</a><div class="card-date">May {d}, 2025</div></li>'
        for d in (2, 9, 20)
    )
    html = (
        "<html><body><h1>Harbour reopens after the storm</h1><div>June 1, 2025</div>"
        f"<p>{'The harbour reopened on Monday. ' * 8}</p><ul>{cards}</ul></body></html>"
    )
    art = _meta(html)
    assert art.published == "2025-06-01" and art.field_sources["published"] == "dom"


def test_list_card_date_is_still_used_when_nothing_else_dates_the_page() -> None:
    posts = "".join(
        f'<div class="post"><span class="post-date">May {d}, 2025</span><p>Reply.</p></div>'
        for d in (2, 9, 20)
    )
    html = f"<html><body><main>{posts}</main></body></html>"  # a forum thread: the first post dates it
    assert _meta(html).published == "2025-05-02"


def test_a_date_class_repeated_with_the_same_day_is_not_a_list() -> None:
    same = "".join('<span class="post-date">May 9, 2025</span>' for _ in range(3))
    html = f"<html><body><main><h1>T</h1><div>June 1, 2025</div>{same}<p>{'Body text here. ' * 10}</p></main></body></html>"
    assert _meta(html).published == "2025-05-09"  # the date element wins, as before


# ---------------------------------------------------------------- UTC instants at the page's offset


def test_utc_instant_is_written_at_the_offset_the_page_confirms() -> None:
    head = '<meta property="article:published_time" content="2025-12-19T03:05:00+00:00">'
    body = '<h1>T</h1><time datetime="2025-12-18T19:05:00-08:00">December 18, 2025</time>'
    art = _meta(f"<html><head>{head}</head><body>{body}</body></html>")
    assert art.published == "2025-12-18T19:05:00-08:00"  # the same instant, the page's local day
    assert art.field_sources["published"] == "opengraph"


def test_another_offset_is_used_only_when_the_url_day_confirms_it() -> None:
    head = '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">'
    body = '<h1>T</h1><p>Comment at <time datetime="2025-12-18T21:46:01-05:00">9:46 pm</time></p>'
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    assert _meta(html, url="https://blog.example/2025/12/18/t/").published == "2025-12-18T21:41:41-05:00"
    assert _meta(html, url="https://blog.example/t/").published == "2025-12-19T02:41:41+00:00"


def test_utc_stays_utc_without_another_offset() -> None:
    head = '<meta property="article:published_time" content="2025-12-19T02:41:41Z">'
    assert (
        _meta(f"<html><head>{head}</head><body><h1>T</h1></body></html>").published
        == "2025-12-19T02:41:41+00:00"
    )
    assert with_offset("2025-12-19T02:41:41+00:00", "+07:00") == "2025-12-19T09:41:41+07:00"
    assert with_offset("2025-12-19", "+07:00") == "2025-12-19"
