"""Story clusters: same event across outlets grouped, other events and distant dates kept apart."""

from __future__ import annotations

from pathlib import Path

from test_dedup import FLOOD_A, FLOOD_B, art
from test_store import PRICES
from warta.article import Entity
from warta.store import Store

JKT = Entity(id="LOC:jakarta timur", name="Jakarta Timur", type="LOC")
CIL = Entity(id="LOC:sungai ciliwung", name="Sungai Ciliwung", type="LOC")


def test_same_event_across_outlets_is_one_story(tmp_path: Path) -> None:
    st = Store(tmp_path / "s.db")
    st.add(
        [
            art(
                "a",
                FLOOD_A,
                title="Banjir rendam Kampung Melayu, ribuan warga mengungsi",
                outlet="kompas.com",
                published="2024-01-15T08:00:00+07:00",
                entities=[JKT, CIL],
            ),
            art(
                "p",
                PRICES,
                title="Harga beras naik di pasar tradisional",
                outlet="detik.com",
                published="2024-01-15T09:00:00+07:00",
            ),
        ]
    )
    st.add(
        [
            art(
                "b",
                FLOOD_B,
                title="Sungai Ciliwung meluap, Kampung Melayu dan Bidara Cina terendam banjir",
                outlet="tempo.co",
                published="2024-01-16T07:00:00+07:00",
                entities=[CIL],
            ),
            art(
                "late",
                [
                    "Banjir kembali merendam Kampung Melayu pada awal Maret setelah hujan turun sepanjang malam.",
                    "Warga Bidara Cina mengungsi ke kantor kelurahan karena air Sungai Ciliwung naik cepat.",
                    "BPBD DKI Jakarta mencatat ketinggian air mencapai satu meter di beberapa rukun tetangga.",
                ],
                title="Banjir kembali rendam Kampung Melayu",
                outlet="tempo.co",
                published="2024-03-02T07:00:00+07:00",
            ),
        ]
    )
    a, b, p, late = (st.get(i) for i in ("a", "b", "p", "late"))
    assert a.story_id == "a"
    assert b.story_id == "a"  # same flood, other outlet, next day
    assert p.story_id == "p"  # another event the same day
    assert late.story_id == "late"  # similar text, six weeks later: a new story
    assert [s.id for s in st.story("a")] == ["a", "b"]
    assert st.stats()["stories"] == 3


def test_copies_share_their_originals_story(tmp_path: Path) -> None:
    st = Store(tmp_path / "s.db")
    st.add([art("a", FLOOD_A, outlet="kompas.com", published="2024-01-15")])
    st.add([art("copy", FLOOD_A[:-1], outlet="tribunnews.com", published="2024-01-15")])
    assert st.get("copy").duplicate_of == "a"
    assert st.get("copy").story_id == "a"


def test_stories_can_be_switched_off(tmp_path: Path) -> None:
    st = Store(tmp_path / "s.db", stories=False)
    st.add([art("a", FLOOD_A, published="2024-01-15")])
    assert st.get("a").story_id is None
