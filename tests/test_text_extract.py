"""Flattened-text extraction: the seed page, fictional pages in several outlet styles, and the chrome rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from warta.extract import extract, lines_model
from warta.extract.chrome import (
    Lexicon,
    LineKind,
    classify_line,
    is_related_prefix,
    parse_copyright,
    parse_credit,
    split_caption_credit,
    strip_dateline,
)
from warta.extract.text import extract_text

FIXTURES = Path(__file__).parent / "fixtures" / "text"
LEX = Lexicon.for_lang(None)


def _fixture(name: str):
    return extract((FIXTURES / name).read_bytes(), source=name)


def _removed(art) -> dict[str, str]:
    return {r.text: r.reason for r in art.removed}


# --- the seed page ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(seed_path: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "warta", "extract", str(seed_path)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return json.loads(proc.stdout), seed_path.read_text(encoding="utf-8").splitlines()


def test_seed_title_lead_and_meta(seed):
    art, lines = seed
    assert (
        art["title"]
        == "Kim Jong Un dan Xi Jinping Saling Bertukar Pesan, Bahas Kerja Sama Antar Kedua Negara"
    )
    assert art["lead"] == lines[4].strip()
    assert art["lead"].startswith("Kim Jong Un dan Xi Jinping bertukar pesan dan menjanjikan")
    assert art["outlet"] == "Tribunnews"
    assert art["publisher"] == "KG Media"
    assert art["date_hints"] == ["year:2021"]
    assert art["authors"] == ["Andari Wulan Nugrahani"]
    assert art["dateline"] == "TRIBUNNEWS.COM"
    assert art["lang"] == "id" and art["field_sources"]["lang"] == "lexicon"
    assert art["errors"] == []


def test_seed_body_is_exactly_the_story(seed):
    art, lines = seed
    body = art["body"]
    assert len(body) == 11
    assert body[0] == (
        "Pemimpin Korea Utara Kim Jong Un dan Presiden China Xi Jinping bertukar pesan, demikian KCNA melaporkan."
    )
    assert body[-1].endswith("ke tahap baru.")
    # every story line of the page is in the body (the first one without its dateline prefix)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("TRIBUNNEWS.COM - "))
    end = next(i for i, ln in enumerate(lines) if ln.strip().endswith("ke tahap baru."))
    story = [ln.strip() for ln in lines[start : end + 1] if ln.strip()]
    kept = set(body) | {"TRIBUNNEWS.COM - " + body[0]}
    junk = [ln for ln in story if ln not in kept]
    assert all(
        ln.startswith("Baca juga")
        or "Pemimpin Korea Utara, Kim Jong Un, menghadiri" in ln
        or "Xi Jinping" in ln
        and len(ln) < 60
        for ln in junk
    ), junk
    text = "\n".join(body)
    for bad in (
        "Baca juga",
        "(AFP)",
        "Mark Schiefelbein",
        "Berita lain terkait",
        "©",
        "KCNA VIA",
        "Tribunnews.com/",
    ):
        assert bad not in text


def test_seed_images_related_tags(seed):
    art, _ = seed
    imgs = art["images"]
    assert len(imgs) == 3
    assert imgs[0]["credit"] == "KCNA VIA KNS/AFP"
    assert imgs[0]["caption"].startswith("Gambar ini diambil pada 14 Januari 2021")
    assert imgs[0]["caption"].endswith("di Pyongyang.")
    assert imgs[1]["credit"] == "AFP"
    assert imgs[1]["caption"].startswith("Pemimpin Korea Utara, Kim Jong Un, menghadiri Rapat Pleno")
    assert not imgs[1]["caption"].endswith("(AFP)")
    assert imgs[2] == {
        "caption": "Presiden Tiongkok Xi Jinping",
        "credit": "Mark Schiefelbein/AP Photo",
        "url": None,
        "alt": None,
    }
    assert [r["title"] for r in art["related"]] == [
        "Presiden Xi Jinping Ingatkan Negara Lain Jangan Menekan China pada HUT Ke-100 Partai Komunis",
        "Presiden China Xi Jinping Ucapkan Selamat Atas Terpilihnya Ebrahim Raisi Sebagai Presiden Iran",
        "Singapura Kembali Kirim Bantuan Oksigen dan Peralatannya demi Bantu Indonesia Hadapi Krisis Covid-19",
        "Kim Jong Un Copot Pejabat Senior Terkait Penanganan Covid-19 karena Dinilai Timbulkan Krisis Besar",
    ]
    assert art["tags"] == ["Korea Utara", "Xi Jinping"]


def test_seed_removed_lines_have_reasons(seed):
    art, lines = seed
    removed = {r["text"]: r for r in art["removed"]}
    for text in ("Breaking News:", "Ikuti kami di", "KOMENTAR", "BERITA TERKINI", "All Right Reserved"):
        assert text in removed and removed[text]["reason"], text
        assert lines[removed[text]["line"]].strip() == text
    assert removed["© 2021 TRIBUNnews.com,a subsidiary of KG Media."]["reason"] == "copyright"
    assert removed["All Right Reserved"]["reason"] == "copyright"


# --- fictional pages in outlet styles ---------------------------------------------------------


def test_detik_style_page():
    art = _fixture("detik_style.txt")
    assert (
        art.title == "Banjir Rendam Ratusan Rumah di Pinggiran Kota Sukamaju, Warga Mengungsi ke Balai Desa"
    )
    assert art.authors == ["Raden Purnomo"]
    assert art.dateline == "Jakarta"
    assert art.published == "2025-03-12T14:35:00+07:00"
    assert art.body[0].startswith("Banjir merendam ratusan rumah")
    assert art.body[-1].endswith("yang sudah disetujui dewan.")  # "(rdp/tor)" stripped
    assert "Dapur Umum Dibuka" in art.body and art.headings == [art.body.index("Dapur Umum Dibuka")]
    assert len(art.body) == 7
    assert not any("ADVERTISEMENT" in p or "Baca juga" in p or "Video" in p for p in art.body)
    assert _removed(art)["(rdp/tor)"] == "editor initials"
    assert _removed(art)["ADVERTISEMENT"] == "advertisement"
    assert art.images[0].caption == "Ilustrasi banjir" and art.images[0].credit == "Foto: Dok. Istimewa"
    assert "Musim Hujan Datang Lebih Awal, Warga Diminta Waspada" in [r.title for r in art.related]
    assert art.tags == ["banjir", "sukamaju", "bencana alam"]
    assert art.lang == "id"


def test_kompas_style_page():
    art = _fixture("kompas_style.txt")
    assert art.title == "Pemerintah Perpanjang Program Beasiswa Guru Honorer hingga 2027"
    assert (art.dateline, art.outlet) == ("JAKARTA, KOMPAS.com", "Kompas")
    assert art.body[0].startswith("Pemerintah memperpanjang program beasiswa")
    assert art.authors == ["Sari Anggraeni"]  # the editor is not an author
    assert art.published and art.published.startswith("2025-02-04")
    assert art.publisher == "PT. Kompas Cyber Media"
    assert art.images[0].caption == "Ilustrasi guru mengajar di sekolah dasar."
    assert art.images[0].credit == "SHUTTERSTOCK/ANDI WIJAYA"
    assert [r.title for r in art.related] == [
        "Kuota Beasiswa Guru Ditambah 5.000 Orang Tahun Ini",
        "Syarat Lengkap Pendaftaran Beasiswa Guru Honorer",
    ]
    assert art.tags == ["beasiswa guru", "guru honorer"]
    removed = _removed(art)
    assert any(
        r == "syndication notice" for t, r in removed.items() if t.startswith("Artikel ini telah tayang")
    )
    assert removed["Editor Bambang Prasetyo"] == "editor"
    assert len(art.body) == 7 and not any("Dapatkan update" in p or "tayang" in p for p in art.body)


def test_english_wire_story():
    art = _fixture("wire_en.txt")
    assert art.title == "Harbor Authority Approves Expansion of Northern Container Terminal"
    assert art.authors == ["Maria Okafor", "Daniel Brandt"]
    assert art.dateline == "PORT ELLERY, June 3 (Wirenews)" and art.outlet == "Wirenews"
    assert art.body[0].startswith("The harbor authority of Port Ellery approved")
    assert art.body[-1].startswith("The authority said it would publish")
    assert len(art.body) == 5
    assert art.published and art.published.startswith("2024-06-03")
    assert [r.title for r in art.related] == [
        "Shipping Rates Climb as Canal Restrictions Persist",
        "Port Ellery Dockworkers Approve New Contract",
    ]
    assert art.tags == ["Shipping", "Infrastructure", "Port Ellery"]
    assert art.lang == "en"
    removed = _removed(art)
    assert removed["Updated 2 hours ago"] == "relative time"
    assert removed["Advertisement"] == "advertisement"
    assert removed["Sign up for our newsletter"] == "widget"


@pytest.mark.parametrize("model", ["hand rules", "line model"])
def test_advertisement_slots_do_not_cut_the_story(model):
    """Ad slots printed between paragraphs ("Advertisement", Postmedia's "Article content") are dropped
    with their reason, and the story keeps going past them: they used to weigh as other chrome (-4 a line
    in the hand rules, enough to end the story at the first pair of slots after a short paragraph); the line
    model's decoding floors them as story furniture, as it does captions."""
    paras = [
        "The city council voted on Tuesday to extend the northern bike lane by four kilometres.",
        "Work is expected to begin in April.",
        "Councillor Dana Whitfield said the extension would connect two neighbourhoods cut off by the rail yard.",
        "Residents had asked for the link for years.",
        "The project will cost an estimated $3.2 million, most of it from a provincial grant.",
        "A public meeting on the final design is planned for next month at the community hall.",
    ]
    lines = ["Home", "News", "Local News", "Council backs northern bike lane extension", "Jordan Ellis", ""]
    for k, p in enumerate(paras):
        lines += [p, ""]
        if k % 2 == 0:
            lines += ["Article content", "Advertisement", "Article content", ""]
    lines += ["Share this article in your social network", "Comments", "Terms of Use", "© 2024 Example Media"]
    with lines_model.using(None if model == "hand rules" else lines_model.LineModel.default()):
        art = extract_text("\n".join(lines))
    assert art.title == "Council backs northern bike lane extension" and art.body == paras
    removed = _removed(art)
    assert removed["Article content"] == "advertisement" and removed["Advertisement"] == "advertisement"


def test_malay_story():
    art = _fixture("malay_style.txt")
    assert art.title == "Kerajaan Negeri Lancar Skim Bantuan Nelayan Pantai Timur"
    assert art.authors == ["Aminah Yusof"]
    assert art.dateline == "KUALA TERENGGANU"
    assert art.body[0].startswith("Kerajaan negeri melancarkan skim bantuan")
    assert len(art.body) == 5
    assert art.published and art.published.startswith("2025-01-16")
    assert art.publisher == "Akhbar Contoh Sdn Bhd"
    assert art.images[0].caption.startswith("Gambar hiasan.")
    assert [r.title for r in art.related] == [
        "Nelayan Diminta Daftar Segera Sebelum Tarikh Tutup",
        "Harga Ikan Naik Ketika Musim Tengkujuh",
    ]
    assert art.tags == ["nelayan", "bantuan", "tengkujuh"]
    assert art.lang == "ms"


def test_every_line_is_accounted_for():
    """Each non-blank input line ends up in a field or in ``removed``."""
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        art = extract_text(text)
        used = {art.title or "", art.lead or "", *art.body, *(r.title for r in art.related), *art.tags}
        used |= {i.caption for i in art.images if i.caption} | {i.credit for i in art.images if i.credit}
        removed_lines = {r.line for r in art.removed}
        for no, line in enumerate(text.splitlines()):
            s = line.strip()
            if not s or no in removed_lines:
                continue
            assert any(s in u or u in s for u in used if u), (path.name, no, s)


# --- chrome rules on their own ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "reason"),
    [
        ("Baca Juga", LineKind.RELATED, "related marker"),
        ("Simak juga: Sesuatu Terjadi di Kota", LineKind.RELATED, "related link"),
        ("Read more: Markets Rally on Rate Hopes", LineKind.RELATED, "related link"),
        ("SCROLL TO CONTINUE WITH CONTENT", LineKind.CHROME, "advertisement"),
        ("Artikel ini telah tayang di Contoh.com dengan judul X", LineKind.CHROME, "syndication notice"),
        ("Laporan Wartawan Contoh.com, Budi Santoso", LineKind.BYLINE, "byline"),
        ("Editor: Ratna Sari", LineKind.BYLINE, "editor"),
        ("(fyk/ash)", LineKind.CHROME, "editor initials"),
        ("© 2024 Example Media Group. All rights reserved.", LineKind.CHROME, "copyright"),
        ("Share this article", LineKind.CHROME, "widget"),
        ("ANTARA FOTO/Budi Santoso", LineKind.CREDIT, "photo credit"),
        ("Jumat, 18 Juni 2021 14:05 WIB", LineKind.DATE, "date line"),
        (
            "Warga antre bantuan di Jakarta, Senin (3/6). Foto: ANTARA/Budi Santoso",
            LineKind.CAPTION,
            "caption",
        ),
        ("Alex on September 17, 2018 at 6:34 am said:", LineKind.CHROME, "comment header"),
        ("12 Comments", LineKind.CHROME, "section break"),
        ("http://example.com/a/b", LineKind.CHROME, "bare link"),
    ],
)
def test_classify_line(line, kind, reason):
    v = classify_line(line, LEX)
    assert v is not None and (v.kind, v.reason) == (kind, reason)


@pytest.mark.parametrize(
    "line",
    [
        "Oleh karena itu, pemerintah menunda rencana tersebut hingga tahun depan.",
        "By the end of the year the company expects to double its output.",
        "Presiden mengatakan pertemuan itu berjalan lancar dan produktif.",
        "Tag harga baru mulai berlaku minggu depan di seluruh toko ritel milik perusahaan.",
        "He said:",
        "Kata dia kepada wartawan soal foto: Ini bukan urusan saya",
    ],
)
def test_body_sentences_are_not_chrome(line):
    assert classify_line(line, LEX) is None


def test_strip_dateline_forms():
    assert strip_dateline("JAKARTA, KOMPAS.com - Isi.", LEX) == ("JAKARTA, KOMPAS.com", "Kompas", "Isi.")
    assert strip_dateline("Jakarta (ANTARA) - Harga naik.", LEX) == (
        "Jakarta (ANTARA)",
        "Antara",
        "Harga naik.",
    )
    assert strip_dateline("(ANTARA) - Harga naik.", LEX)[1:] == ("Antara", "Harga naik.")
    assert strip_dateline("Jakarta - Banjir melanda.", LEX) == ("Jakarta", None, "Banjir melanda.")
    assert strip_dateline("Liputan6.com, Jakarta - Kasus baru.", LEX)[1] == "Liputan6"
    assert strip_dateline("KUALA LUMPUR: Kerajaan berkata.", LEX) == (
        "KUALA LUMPUR",
        None,
        "Kerajaan berkata.",
    )
    assert strip_dateline("Presiden Joko Widodo - yang hadir - berkata.", LEX)[0] is None
    assert strip_dateline("Menurut dia: harga naik.", LEX)[0] is None


def test_credit_caption_copyright_helpers():
    assert parse_credit("(Mark Schiefelbein/AP Photo)", LEX) == "Mark Schiefelbein/AP Photo"
    assert parse_credit("(kata dia kemarin)", LEX) is None
    assert split_caption_credit("Warga antre bantuan (ANTARA FOTO/Budi)", LEX) == (
        "Warga antre bantuan",
        "ANTARA FOTO/Budi",
    )
    assert split_caption_credit("Harga naik tajam, kata dia. (AFP)", LEX) is None
    c = parse_copyright("© 2010-2023 Contoh.com, a subsidiary of Grup Contoh.", LEX)
    assert (c.year, c.outlet, c.publisher) == (2023, "Contoh", "Grup Contoh")
    assert is_related_prefix("BACA JUGA: X", LEX) and not is_related_prefix("Bacaan ringan", LEX)


def test_lexicon_is_cached_and_per_language():
    assert Lexicon.for_lang("id") is Lexicon.for_lang("id")
    en = Lexicon.for_lang("en")
    assert classify_line("Baca juga: Judul", en) is None  # Indonesian phrase, English lexicon
    assert classify_line("Read more: Title", en).kind is LineKind.RELATED
    assert Lexicon.for_lang("xx").codes == Lexicon.for_lang(None).codes  # unknown -> all merged


def test_no_story_gives_title_only_and_no_crash():
    art = extract_text("Beranda\nKontak\nSebuah Judul Tanpa Isi Berita\n")
    assert art.body == [] and art.title == "Sebuah Judul Tanpa Isi Berita"


def test_comments_after_the_story_are_not_body():
    story = "\n".join(
        [
            "Menu",
            "Council Approves New Bridge Over the River",
            "By Jane Carter",
            "The city council approved on Tuesday a new bridge over the river, ending a decade of debate.",
            "The bridge will carry two lanes of traffic and a cycle path, officials said after the vote.",
            "Construction is expected to start next spring and to last about three years.",
            "12 Comments",
            "riverfan99 says:",
            "About time! This bridge should have been built years ago and everybody in town knows it.",
            "Mark Stone on May 3, 2024 at 6:34 am said:",
            "I disagree with the council, the money would have been better spent on the schools in town.",
        ]
    )
    art = extract_text(story)
    assert art.title == "Council Approves New Bridge Over the River"
    assert art.authors == ["Jane Carter"]
    assert len(art.body) == 3 and art.body[-1].startswith("Construction is expected")


def test_cell_per_line_table_is_kept_with_the_story():
    rows = [["Rank", "Team", "Points"]] + [
        [str(i), f"Team {chr(64 + i)}", str(100 - 3 * i)] for i in range(1, 12)
    ]
    cells = [c for row in rows for c in row]
    text = "\n".join(
        [
            "League Table After the Twentieth Round",
            "Team A stayed on top of the league after the twentieth round, three points ahead of Team B.",
            "The full standings after the weekend games are below, with the points of every team.",
            *cells,
            "The next round is played on Saturday, when the top two teams meet in the capital.",
        ]
    )
    art = extract_text(text)
    assert "Team K" in art.body and art.body[-1].startswith("The next round")


def test_hard_wrapped_paragraphs_are_joined():
    text = "\n".join(
        [
            "Harbour Town Opens Its New Library",
            "The new public library of Harbour Town opened on Saturday after two years of",
            "building work, the mayor said, and more than a thousand residents visited on",
            "the first day.",
            "",
            "The library holds forty thousand books and a reading room for children, and it",
            "will stay open until nine in the evening on weekdays.",
        ]
    )
    art = extract_text(text)
    assert art.title == "Harbour Town Opens Its New Library"
    assert len(art.body) == 2
    assert art.body[0].startswith("The new public library") and art.body[0].endswith("the first day.")


def _bekasi_checks(art) -> None:
    assert art.title == "Hujan Deras Semalaman, Ratusan Rumah di Bekasi Terendam Banjir"
    assert art.lead.startswith("Warga tiga kelurahan mengungsi ke masjid")
    assert len(art.images) == 1
    assert art.images[0].credit == "BPBD KOTA BEKASI"
    assert art.images[0].caption.startswith("Petugas mengevakuasi warga")
    assert art.images[0].caption.endswith("Senin (3/3/2025).")
    assert len(art.body) == 6
    assert art.body[0].startswith("Ratusan rumah di tiga kelurahan")
    assert art.body[-1].endswith("ujarnya.")
    assert art.authors == ["Dewi Lestari"]
    assert art.outlet == "Nusantarapos"
    assert [r.title for r in art.related] == [
        "Jalur KRL Bekasi-Jakarta Terganggu akibat Genangan di Stasiun Kranji",
        "Pemprov Jabar Siapkan Dana Darurat untuk Korban Banjir",
    ]
    assert "outside main text" not in _removed(art).values()


def test_caps_credit_without_agency_between_standfirst_and_dateline():
    """A credit line naming no agency ("BPBD KOTA BEKASI") is a credit, not the headline."""
    _bekasi_checks(_fixture("caps_credit_style.txt"))


def test_caps_credit_page_without_blank_lines():
    """The same page as a naive scraper flattens it: no blank lines between blocks."""
    text = (FIXTURES / "caps_credit_style.txt").read_text(encoding="utf-8")
    _bekasi_checks(extract_text("\n".join(x for x in text.splitlines() if x.strip())))


def test_all_caps_headline_is_not_taken_for_a_credit():
    text = (
        "Beranda\n"
        "HARGA BERAS NAIK LAGI DI PASAR INDUK\n"
        "Pedagang mengeluhkan pasokan yang berkurang sejak awal bulan karena panen mundur di banyak daerah.\n"
        "JAKARTA, KOMPAS.com - Harga beras medium di Pasar Induk Cipinang naik untuk pekan ketiga berturut-turut.\n"
        "Kenaikan itu dipicu oleh pasokan yang berkurang dari sentra produksi di Jawa Tengah dan Jawa Timur.\n"
    )
    art = extract_text(text)
    assert art.title == "HARGA BERAS NAIK LAGI DI PASAR INDUK"
    assert art.lead.startswith("Pedagang mengeluhkan")
    assert art.images == []
    assert len(art.body) == 2


def test_title_is_the_headline_not_its_standfirst_or_a_label():
    text = (
        "Home\nNews\nTravel\n"
        "Mountain lodge reopens after costly renovation\n"
        "The lodge renovation replaced every guest room and cabin after the wildfire damage of last summer\n"
        "Author of the article:\n"
        "Jane Roe\n"
        "Published Jun 04, 2025\n"
        "The mountain lodge reopened on Friday after a renovation that replaced every guest room, cabin "
        "and restaurant damaged by last summer's wildfire, its owners said.\n"
        "The lodge renovation cost more than 100 million dollars and took nine months, the owners added.\n"
    )
    art = extract_text(text)
    assert art.title == "Mountain lodge reopens after costly renovation"


def test_title_prefers_the_fuller_of_two_printings():
    text = (
        "Startseite\nPolitik\n"
        "Nach dem Gipfel: Streit um Haushalt geht weiter\n"
        "Nach dem Gipfel Streit um Haushalt geht weiter\n"
        "Der Streit um den Haushalt geht nach dem Gipfel weiter, wie Vertreter beider Seiten am Montag sagten.\n"
        "Eine Einigung sei nicht in Sicht, hieß es aus Kreisen der Regierung in Berlin am Abend.\n"
    )
    assert extract_text(text).title == "Nach dem Gipfel: Streit um Haushalt geht weiter"


def test_title_in_a_caseless_script_or_starting_with_a_figure():
    ja = (
        "ホーム\n"
        "宮崎県で震度5弱、高知と宮崎に津波注意報\n"
        "気象庁によると、宮崎県で震度5弱の地震があり、高知県と宮崎県に津波注意報が出された。今後の情報に注意が必要だという。\n"
        "地震の規模はマグニチュード6.6と推定され、震源の深さは約30キロだった。気象庁は引き続き警戒を呼びかけている。\n"
    )
    assert extract_text(ja).title == "宮崎県で震度5弱、高知と宮崎に津波注意報"
    en = (
        "Menu\n"
        "10 ways to save on groceries this winter\n"
        "Shoppers can save on groceries this winter by planning meals, buying in season and comparing unit prices, experts say.\n"
        "Groceries cost more this winter than last year, so planning ahead matters more than ever, they added.\n"
    )
    assert extract_text(en).title == "10 ways to save on groceries this winter"


def test_short_site_suffix_after_a_pipe_is_dropped_from_the_title():
    from warta.extract.text import _clean_title

    assert _clean_title("Feuerwehrleute sollen später in Pension | wdr aktuell", LEX) == (
        "Feuerwehrleute sollen später in Pension"
    )
    # a pipe inside the headline stays
    assert _clean_title("BUDGET 3.0 | Sars gets R4bn to hire debt collectors", LEX) == (
        "BUDGET 3.0 | Sars gets R4bn to hire debt collectors"
    )


_CAPTION = (
    "Petugas mengevakuasi warga menggunakan perahu karet di Perumahan Griya Asri, Bekasi, Senin (3/3/2025)."
)


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("NUSANTARAPOS.COM, BEKASI - ", ""),  # no dateline opening
        lambda t: t.replace(f"BPBD KOTA BEKASI\n{_CAPTION}", f"{_CAPTION}\nBPBD KOTA BEKASI"),  # credit under
        lambda t: "\n".join(
            x for x in t.replace("NUSANTARAPOS.COM, BEKASI - ", "").splitlines() if x.strip()
        ),
    ],
    ids=["no-dateline", "credit-under-caption", "no-dateline-no-blank-lines"],
)
@pytest.mark.parametrize("model", ["hand rules", "line model"])
def test_caps_credit_page_variants(variant, model):
    """The header (headline, standfirst, credit + caption) is read the same in layout variants, by the
    hand rules and with the trained line model (which can open the story region at the credit line)."""
    page = variant((FIXTURES / "caps_credit_style.txt").read_text(encoding="utf-8"))
    with lines_model.using(None if model == "hand rules" else lines_model.LineModel.default()):
        art = extract_text(page)
    assert art.title == "Hujan Deras Semalaman, Ratusan Rumah di Bekasi Terendam Banjir"
    assert art.lead.startswith("Warga tiga kelurahan mengungsi ke masjid")
    assert [(i.credit, i.caption) for i in art.images] == [("BPBD KOTA BEKASI", _CAPTION)]
    assert len(art.body) == 6 and art.body[0].startswith("Ratusan rumah di tiga kelurahan")
