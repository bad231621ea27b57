"""Duplicate detection in the store: exact, near-copies, incremental batches, syndication."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.article import Article, Provenance, Source
from warta.corpus.dedup import agency_credit, normalise_url
from warta.store import Store

# Two different reports on the same event (written for this test): same topic, same names, different text.
FLOOD_A = [
    "Banjir merendam sedikitnya 40 rukun tetangga di Jakarta Timur setelah hujan deras mengguyur sejak Minggu malam hingga Senin dini hari.",
    "Kepala Pelaksana BPBD DKI Jakarta menyebutkan ketinggian air di Kampung Melayu mencapai 150 sentimeter pada pukul 06.00 WIB.",
    "Sebanyak 1.200 warga mengungsi ke masjid, sekolah dan kantor kelurahan yang berada di lokasi lebih tinggi dari permukiman mereka.",
    "Petugas gabungan dari pemadam kebakaran, Basarnas dan TNI mengevakuasi warga lanjut usia serta anak-anak menggunakan perahu karet.",
    "Pemerintah provinsi mendirikan dapur umum dan posko kesehatan di tiga titik pengungsian untuk melayani kebutuhan makan para pengungsi.",
    "Gubernur meminta warga di bantaran Sungai Ciliwung tetap waspada karena BMKG memperkirakan hujan lebat masih akan turun hingga Rabu.",
    "Menurut catatan dinas sumber daya air, pintu air Manggarai sempat berstatus siaga satu pada Senin pagi sebelum berangsur turun menjelang siang.",
    "Sejumlah ruas jalan utama di kawasan Kampung Melayu dan Bidara Cina ditutup sementara karena genangan setinggi lutut orang dewasa.",
]
FLOOD_B = [
    "Ribuan rumah di bantaran Sungai Ciliwung terendam setelah debit air dari Bogor meningkat tajam pada Senin pagi.",
    "Warga Kampung Melayu mengaku sudah memindahkan barang berharga ke lantai dua sejak mendengar peringatan dini dari petugas kelurahan.",
    "Di Bidara Cina, relawan membagikan nasi bungkus dan air bersih kepada keluarga yang memilih bertahan di rumah masing-masing.",
    "BMKG mencatat curah hujan di wilayah Depok dan Bogor melampaui 150 milimeter per hari, tergolong ekstrem untuk bulan ini.",
    "Seorang pedagang di Jatinegara mengatakan kiosnya terendam untuk ketiga kalinya dalam setahun sehingga ia merugi jutaan rupiah.",
    "Dinas kesehatan menyiagakan tenaga medis untuk mengantisipasi penyakit kulit, diare dan infeksi saluran pernapasan setelah air surut.",
    "Anggota DPRD mendesak pemerintah mempercepat normalisasi sungai yang tertunda karena pembebasan lahan belum rampung.",
    "Pengamat tata kota menilai pembangunan waduk dan sumur resapan harus berjalan bersamaan agar banjir tahunan dapat dikurangi.",
]


def art(i: str, body: list[str], *, title: str = "Banjir di Jakarta Timur", **kw) -> Article:
    prov = Provenance(source=f"in/{i}", input_hash=f"h-{i}")
    return Article(id=i, title=title, body=list(body), lang="id", provenance=prov, **kw)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "w.db")
    yield st
    st.close()


def test_exact_url_and_body(store: Store) -> None:
    a = art(
        "a",
        FLOOD_A,
        canonical_url="https://www.kompas.com/read/2024/01/15/banjir?utm_source=x",
        outlet="kompas.com",
    )
    same_url = art("b", FLOOD_B, canonical_url="https://kompas.com/read/2024/01/15/banjir/")
    same_body = art("c", [p.upper() for p in FLOOD_A], outlet="kompas.com")  # case differs only
    res = store.add([a, same_url, same_body])
    assert (res.added, res.duplicates) == (3, 2)
    assert store.get("b").duplicate_of == "a"
    assert store.get("c").duplicate_of == "a"
    assert store.get("a").duplicate_of is None
    assert normalise_url("https://www.x.id/a/?utm_medium=y&id=3#top") == normalise_url("http://x.id/a?id=3")


def test_near_copy_with_chrome_and_dropped_paragraph(store: Store) -> None:
    store.add([art("orig", FLOOD_A, outlet="kompas.com")])
    copy = (
        FLOOD_A[:3]
        + ["Baca juga: Jalan tol ditutup akibat genangan"]
        + FLOOD_A[4:]
        + ["Simak berita terbaru di aplikasi kami."]
    )
    copy[0] = "JAKARTA - " + copy[0]
    res = store.add([art("copy", copy, outlet="tribunnews.com"), art("other", FLOOD_B, outlet="detik.com")])
    assert (res.added, res.duplicates) == (2, 1)
    c = store.get("copy")
    assert c.duplicate_of == "orig"
    assert c.syndicated_from == "kompas.com"  # another outlet's reprint
    # a different article on the same event is not a duplicate
    assert store.get("other").duplicate_of is None
    assert [d.id for d in store.duplicates("orig")] == ["copy"]
    assert [d.id for d in store.duplicates("copy")] == ["orig"]


def test_incremental_across_batches_and_reopen(tmp_path: Path) -> None:
    st = Store(tmp_path / "inc.db")
    st.add([art("first", FLOOD_A), art("unrelated", FLOOD_B)])
    st.close()
    st = Store(tmp_path / "inc.db")  # a later run: matches against what is stored, nothing recomputed
    reordered = [FLOOD_A[1], FLOOD_A[0], *FLOOD_A[2:6]]  # lead swapped, tail dropped
    res = st.add([art("later", reordered)])
    assert res.duplicates == 1
    assert st.get("later").duplicate_of == "first"
    # a copy of a copy points at the earliest stored one
    st.add([art("third", reordered + ["Editor: Budi"])])
    assert st.get("third").duplicate_of == "first"
    assert st.stats()["duplicates"] == 2


def test_syndicated_from_agency_credit(store: Store) -> None:
    store.add(
        [art("antara", FLOOD_A, outlet="antaranews.com", lead="Jakarta (ANTARA) - Banjir kembali melanda.")]
    )
    copy = art(
        "reprint",
        FLOOD_A[:-1],
        outlet="republika.co.id",
        lead="Jakarta (ANTARA) - Banjir kembali melanda ibu kota.",
    )
    store.add([copy])
    assert store.get("reprint").duplicate_of == "antara"
    assert store.get("reprint").syndicated_from == "ANTARA"
    # enrichment's sources win over the cue check
    a = Article(
        lead="Melansir Reuters, harga minyak naik.",
        sources=[Source(name="Reuters", cue="melansir", start=0, end=15)],
    )
    assert agency_credit(a) == "Reuters"
    assert agency_credit(Article(lead="Seperti dilansir Reuters, harga minyak naik.")) == "Reuters"
    assert agency_credit(Article(lead="Harga minyak naik pada perdagangan Senin.")) is None


def test_short_texts_are_not_near_matched(store: Store) -> None:
    store.add([art("s1", ["Harga emas naik hari ini."])])
    store.add([art("s2", ["Harga emas turun hari ini."])])
    assert store.get("s2").duplicate_of is None


def test_an_article_bridging_two_groups_merges_them(store: Store) -> None:
    # two partial reprints that share nothing, stored before the full original
    store.add([art("first-half", FLOOD_A[:4]), art("second-half", FLOOD_A[4:])])
    assert store.get("second-half").duplicate_of is None
    store.add([art("full", FLOOD_A)])
    assert store.get("full").duplicate_of == "first-half"
    assert store.get("second-half").duplicate_of == "first-half"  # the later group joined the earlier
    assert {d.id for d in store.duplicates("first-half")} == {"second-half", "full"}


def test_agency_credit_without_a_stored_original(store: Store) -> None:
    store.add([art("credited", FLOOD_B, outlet="kabar.id", lead="Jakarta (ANTARA) - Ribuan rumah terendam.")])
    assert store.get("credited").syndicated_from == "ANTARA"
    store.add([art("own", FLOOD_A, outlet="antaranews.com", lead="Jakarta (ANTARA) - Banjir merendam.")])
    assert store.get("own").syndicated_from is None  # the agency's own outlet
