"""Metadata edge cases found in review: names with initials, quoted titles, repeated title parts."""

from __future__ import annotations

import importlib

from conftest import page_metadata

meta = importlib.import_module("warta.extract.metadata")  # `warta.extract` is also a function name

BODY = "<p>" + "Le président a parlé longuement ce soir devant la nation réunie. " * 12 + "</p>"


def _title(head: str, body: str = BODY) -> str | None:
    return page_metadata(head, f"<article>{body}</article>", url=None).title


def test_initials_without_a_space_are_a_name_not_a_domain() -> None:
    # Indonesian bylines often write initials without a space after the dot
    assert meta._split_people("M.Iqbal", set()) == ["M.Iqbal"]
    assert meta._split_people("J.Smith, A.Jones", set()) == ["J.Smith", "A.Jones"]
    # domains and dotted keys are still no names
    for site in ("mdr.de", "Kompas.com", "nieuwsblad.be", "sara.r.peter", "page.head.extra.author"):
        assert meta._split_people(site, set()) == [], site


def test_a_closing_guillemet_stays_in_the_title() -> None:
    for title in (
        "Macron : «Nous sommes en guerre»",
        "Merz: »Wir schaffen das«",
        "Chiesa: «Widerstand» gegen die Politik",
    ):
        assert _title(f'<meta property="og:title" content="{title}">') == title
    # a separator left dangling at the end still goes
    assert meta._tidy_title("Home Gym Must Haves ⋆") == "Home Gym Must Haves"
    assert meta._tidy_title("Banjir di Jakarta »") == "Banjir di Jakarta"


def test_pipe_tail_is_cut_at_its_separator() -> None:
    assert meta._drop_pipe_tail("Jakarta floods | Jakarta | Kompas") == "Jakarta floods | Jakarta"
    assert meta._drop_pipe_tail("Banjir besar landa kota | Banjir | Kompas TV") == "Banjir besar landa kota"
    assert (
        meta._drop_pipe_tail("Live | Live updates from the summit | BBC")
        == "Live | Live updates from the summit"
    )
