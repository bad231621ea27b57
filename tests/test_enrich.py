"""Enrichment: language, sentences, quotes, sources, dates, keywords, summary (fictional text + the seed)."""

from __future__ import annotations

import pytest

import warta
from conftest import SEED, need
from warta.article import Article, Image
from warta.enrich import enrich, enrich_stages
from warta.enrich.dates import dates_stage, find_dates
from warta.enrich.keywords import keywords_stage
from warta.enrich.language import detect, language_stage
from warta.enrich.quotes import find_quotes, quotes_stage
from warta.enrich.sentences import split_sentences
from warta.enrich.sources import find_sources
from warta.enrich.summary import summarize
from warta.run.pipeline import default_pipeline

# ---------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Saya tidak bisa datang ke kantor karena belum punya uang.", "id"),
        ("Saya tak boleh datang ke pejabat kerana tiada wang.", "ms"),
        ("Polisi mengatakan pelaku ditangkap pada Agustus lalu di Kabupaten Bogor.", "id"),
        ("Polis berkata suspek ditahan pada Ogos lalu dan kes itu disiasat.", "ms"),
        ("Harga minyak sawit naik tiga peratus minggu lepas, menurut data syarikat.", "ms"),
        ("Dia tidak mahu bercakap dengan wartawan selepas perbicaraan di mahkamah.", "ms"),
        ("Pemerintah akan menaikkan harga BBM mulai pekan depan, kata menteri di Jakarta.", "id"),
        ("Tim nasional kalah 1-2 dari Vietnam dalam laga uji coba, kata pelatih.", "id"),
        ("The minister said on Tuesday that the economy grew faster than expected.", "en"),
        ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.", "fr"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect(text)[0] == code


def test_indonesian_text_lingua_calls_malay_is_fixed_by_lexicon() -> None:
    # formal Indonesian news prose that lingua alone scores as Malay
    text = (
        "Pemimpin Negeri Awan dan Presiden Sari Wulan bertukar pesan, demikian kantor berita resmi melaporkan. "
        "Mereka menjanjikan untuk memperkuat hubungan pada peringatan perjanjian persahabatan."
    )
    art = language_stage(Article(body=[text]))
    assert art.lang == "id" and art.field_sources["lang"] == "text" and art.lang_confidence > 0.5


def test_given_language_is_kept() -> None:
    art = Article(
        lang="ms",
        field_sources={"lang": "given"},
        body=["The minister said the economy grew faster than expected."],
    )
    assert language_stage(art).lang == "ms"


def test_language_of_empty_article_is_unset() -> None:
    assert language_stage(Article()).lang is None


# ---------------------------------------------------------------- sentences


def _sents(text: str, lang: str = "id") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


def test_sentences_keep_abbreviations_dates_and_numbers() -> None:
    text = (
        "Prof. Dr. H. Amir Situmorang tiba di Jl. Jend. Sudirman No. 5 pada Jumat (18/6). "
        "Harga naik 2,5 persen menjadi Rp. 15.000 per kilogram, dll. Warga mengeluh."
    )
    assert _sents(text) == [
        "Prof. Dr. H. Amir Situmorang tiba di Jl. Jend. Sudirman No. 5 pada Jumat (18/6).",
        "Harga naik 2,5 persen menjadi Rp. 15.000 per kilogram, dll.",
        "Warga mengeluh.",
    ]
    assert _sents("Nilainya 3.5 juta, naik 1.2 persen dari tsb. kemarin.") == [
        "Nilainya 3.5 juta, naik 1.2 persen dari tsb. kemarin."
    ]


def test_sentences_full_stop_inside_quotation_and_paragraphs() -> None:
    text = '"Kami siap. Semua sudah diperiksa," kata Budi. Ia lalu pergi.\nParagraf baru tanpa titik'
    assert _sents(text) == [
        '"Kami siap. Semua sudah diperiksa," kata Budi.',
        "Ia lalu pergi.",
        "Paragraf baru tanpa titik",
    ]


def test_sentences_english_abbreviations() -> None:
    text = "Mr. Smith moved to the U.S. in May. He works for Acme Inc. in Ohio. It rained."
    assert _sents(text, "en") == [
        "Mr. Smith moved to the U.S. in May.",
        "He works for Acme Inc. in Ohio.",
        "It rained.",
    ]


def test_sentence_spans_index_the_text() -> None:
    text = "Satu dua tiga. Empat lima enam!  Tujuh?"
    for s, e in split_sentences(text):
        assert text[s:e] == text[s:e].strip() and text[s:e]


# ---------------------------------------------------------------- quotes


def test_quotes_indonesian_direct_indirect_and_nya() -> None:
    body = [
        "Menteri Perikanan Sari Wulandari mengatakan, produksi ikan nasional naik tajam tahun ini.",
        '"Kami akan menambah kapal untuk nelayan kecil di pesisir," ujarnya.',
        '"Anggaran sudah disetujui oleh dewan sejak bulan lalu," kata Wulandari di Jakarta.',
        "Harga ikan di pasar tradisional juga turun, menurut Ketua Koperasi Nelayan Budi Hartono.",
    ]
    quotes = quotes_stage(Article(lang="id", body=body)).quotes
    got = [(q.type, q.speaker, q.cue) for q in quotes]
    assert got == [
        ("indirect", "Menteri Perikanan Sari Wulandari", "mengatakan"),
        ("direct", "Menteri Perikanan Sari Wulandari", "ujarnya"),
        ("direct", "Menteri Perikanan Sari Wulandari", "kata"),
        ("indirect", "Ketua Koperasi Nelayan Budi Hartono", "menurut"),
    ]
    text = Article(lang="id", body=body).plain_text()
    for q in quotes:
        assert text[q.start : q.end] == q.text
    assert quotes[1].text.startswith("Kami akan menambah kapal")
    assert quotes[0].text.startswith("produksi ikan nasional")


def test_quotes_indonesian_title_name_and_backward_attribution() -> None:
    text = (
        '"Kami sudah menyiapkan 500 personel," ujar Kepala Dinas Kesehatan Kota, Rina Kartika, saat dihubungi.\n\n'
        "Pemerintah akan menambah anggaran subsidi pupuk tahun depan. "
        "Hal itu disampaikan Menteri Pertanian Joko Susilo dalam konferensi pers di Bandung."
    )
    quotes = find_quotes(text, "id")
    assert [(q.type, q.speaker, q.cue) for q in quotes] == [
        ("direct", "Rina Kartika", "ujar"),
        ("indirect", "Menteri Pertanian Joko Susilo", "disampaikan"),
    ]
    assert quotes[0].speaker_span.text == "Kepala Dinas Kesehatan Kota, Rina Kartika"
    assert quotes[1].text == "Pemerintah akan menambah anggaran subsidi pupuk tahun depan"


def test_quotes_menurutnya_goes_to_the_last_speaker() -> None:
    text = (
        '"Stok beras aman sampai akhir tahun," kata Menteri Budi Santoso. '
        "Menurutnya, harga beras akan turun pada bulan depan. "
        "Pasokan dari daerah juga lancar, menurutnya."
    )
    quotes = find_quotes(text, "id")
    assert [(q.type, q.speaker, q.cue) for q in quotes] == [
        ("direct", "Menteri Budi Santoso", "kata"),
        ("indirect", "Menteri Budi Santoso", "menurutnya"),
        ("indirect", "Menteri Budi Santoso", "menurutnya"),
    ]
    assert quotes[1].text == "harga beras akan turun pada bulan depan"


def test_quotes_floating_goes_to_previous_speaker() -> None:
    body = [
        '"Proyek ini selesai tepat waktu dan sesuai anggaran," kata Gubernur Andi Pratama.',
        '"Tahun depan kami mulai membangun jembatan kedua di selatan."',
        "Cuaca cerah sepanjang hari di lokasi acara.",
        "Lalu lintas ramai lancar sepanjang hari.",
        '"Ini kutipan tanpa pembicara yang jelas sama sekali."',
    ]
    quotes = find_quotes(Article(body=body).plain_text(), "id")
    assert [(q.type, q.speaker) for q in quotes] == [
        ("direct", "Gubernur Andi Pratama"),
        ("floating", "Gubernur Andi Pratama"),
        ("floating", None),
    ]


def test_quotes_english() -> None:
    body = [
        '"We will not raise taxes on working families," said Senator Jane Holloway.',
        "Holloway told reporters that the plan would be paid for by closing loopholes.",
        '"It is a fair deal," she added.',
        "The bill will pass the Senate next week, according to the majority leader.",
    ]
    quotes = find_quotes(Article(body=body).plain_text(), "en")
    got = [(q.type, q.speaker, q.cue) for q in quotes]
    assert got[0] == ("direct", "Senator Jane Holloway", "said")
    assert got[1][:2] == ("indirect", "Senator Jane Holloway") and quotes[1].text.startswith("the plan")
    assert got[2] == ("direct", "Senator Jane Holloway", "added")
    assert got[3] == ("indirect", "the majority leader", "according to")


def test_quotes_english_mixed_and_relative_speakers() -> None:
    text = (
        'Her plan sends a clear message that the priority "is raising taxes at the very top," Mr. Kamin said. '
        "Derek Mills, who served as ambassador until this year, said the talks had stalled for months."
    )
    quotes = find_quotes(text, "en")
    assert [(q.type, q.speaker, q.cue) for q in quotes] == [
        ("direct", "Mr. Kamin", "said"),
        ("indirect", "Derek Mills", "said"),
    ]
    assert (
        quotes[0].text.startswith("Her plan sends") and quotes[1].text == "the talks had stalled for months"
    )


def test_quotes_malay() -> None:
    body = ['"Kerajaan akan menyediakan bantuan kepada semua mangsa banjir," kata Menteri Ahmad Zulkifli.']
    quotes = find_quotes(Article(body=body).plain_text(), "ms")
    assert [(q.type, q.speaker, q.cue) for q in quotes] == [("direct", "Menteri Ahmad Zulkifli", "kata")]


def test_quotes_malay_pronoun_speaker_and_bad_entities_ignored() -> None:
    from warta.article import Entity, Span

    text = (
        "Menteri Besar Aminah Yusof berkata kerajaan negeri akan membina lebih banyak rumah mampu milik. "
        '"Projek ini akan siap dalam tempoh dua tahun," jelas beliau.'
    )
    quotes = find_quotes(text, "ms")
    assert [(q.type, q.speaker, q.cue) for q in quotes] == [
        ("indirect", "Menteri Besar Aminah Yusof", "berkata"),
        ("direct", "Menteri Besar Aminah Yusof", "jelas"),
    ]
    assert quotes[1].speaker_span is not None and quotes[1].speaker_span.text == "beliau"
    # an entity that does not read like a name ("Volkswagen says") never renames a speaker
    en = "The car will reach 60 mph in five seconds, Volkswagen says."
    bad = Entity(
        id="LOC:volkswagen-says",
        name="Volkswagen says",
        type="LOC",
        mentions=[Span(start=42, end=57, text="Volkswagen says")],
    )
    (q,) = find_quotes(en, "en", [bad])
    assert q.speaker == "Volkswagen" and q.speaker_id is None


def test_short_scare_quotes_are_not_quotes() -> None:
    quotes = find_quotes('Film "Laskar Pelangi" diputar lagi di bioskop kota.', "id")
    assert quotes == []


# ---------------------------------------------------------------- sources


def test_sources_cues_and_not_credits() -> None:
    text = (
        "JAKARTA (ANTARA) - Harga minyak naik. Melansir Reuters, produksi turun. "
        "Seperti dikutip AFP, pasokan menipis, demikian Xinhua melaporkan. "
        "Warga pergi ke ap terdekat."
    )
    got = [(s.name, s.cue, text[s.start : s.end]) for s in find_sources(text)]
    assert got == [
        ("Antara", "dateline", "ANTARA"),
        ("Reuters", "melansir", "Reuters"),
        ("AFP", "seperti dikutip", "AFP"),
        ("Xinhua", "demikian melaporkan", "Xinhua"),
    ]
    en = "The talks stalled, according to the Associated Press. Officials told Reuters they would wait."
    assert [s.name for s in find_sources(en)] == ["AP", "Reuters"]
    # a bare agency name (photo credit style) is not a cited source
    assert find_sources("Foto: AFP/John Doe") == []


# ---------------------------------------------------------------- dates


def test_dates_weekday_daymonth_checked_and_year() -> None:
    art = Article(
        lang="id", date_hints=["year:2021"], body=["Rapat digelar Jumat (18/6), sejak perjanjian pada 1961."]
    )
    got = [(d.text, d.value, d.kind, d.checked) for d in dates_stage(art).dates]
    assert got == [("Jumat (18/6)", "2021-06-18", "weekday-daymonth", True), ("1961", "1961", "year", False)]


def test_dates_weekday_disagreeing_with_year_tries_adjacent_years() -> None:
    (d,) = find_dates("Rapat digelar Kamis (18/6).", lang="id", ref_year=2021)
    assert d.value == "2020-06-18" and d.checked and "2020" in (d.note or "")


def test_dates_relative_need_the_article_date() -> None:
    art = Article(
        lang="id", published="2021-06-20T10:00:00+07:00", body=["Kemarin hujan. Senin lalu kering."]
    )
    assert [(d.text, d.value) for d in dates_stage(art).dates] == [
        ("Kemarin", "2021-06-19"),
        ("Senin lalu", "2021-06-14"),
    ]
    art = Article(
        lang="en", published="2021-06-20", body=["Last Tuesday it rained; on June 5, 2019 it did not."]
    )
    assert [(d.text, d.value) for d in dates_stage(art).dates] == [
        ("Last Tuesday", "2021-06-15"),
        ("June 5, 2019", "2019-06-05"),
    ]
    art = Article(
        lang="id",
        published="2021-06-20",
        body=["Rapat pada Selasa, bukan pada Minggu ini; Jumat (18/6) libur."],
    )
    assert [(d.text, d.value, d.kind) for d in dates_stage(art).dates] == [
        ("Selasa", "2021-06-15", "relative"),
        ("Jumat (18/6)", "2021-06-18", "weekday-daymonth"),
    ]
    undated = Article(lang="id", body=["Kemarin hujan deras."])
    assert [d.value for d in dates_stage(undated).dates] == [None]


def test_dates_absolute_forms_and_captions() -> None:
    art = Article(
        lang="ms",
        body=["Mesyuarat pada 3 Ogos 2022 dan 18/06/2021 serta 2020-01-02."],
        images=[Image(caption="Diambil pada 14 Ogos 2022 dan disiarkan pada 15 Ogos.")],
    )
    got = [(d.value, d.start >= 0) for d in dates_stage(art).dates]
    assert got == [
        ("2022-08-03", True),
        ("2021-06-18", True),
        ("2020-01-02", True),
        ("2022-08-14", False),
        ("2022-08-15", False),
    ]


# ---------------------------------------------------------------- keywords and summary


def test_keywords_prefer_repeated_content_words_and_names() -> None:
    art = Article(
        lang="id",
        title="Harga beras naik di Pasar Kramat",
        body=[
            "Harga beras di Pasar Kramat naik tajam.",
            "Pedagang beras di Pasar Kramat mengeluh harga beras mahal.",
        ],
    )
    terms = [k.term for k in keywords_stage(art).keywords]
    assert terms[0] in ("beras", "Pasar Kramat") and "Pasar Kramat" in terms
    assert not {"di", "yang"} & set(terms)
    assert art.keywords[0].score == 1.0


def test_summary_picks_central_sentences_in_order() -> None:
    art = Article(
        title="Banjir rendam Kampung Melayu",
        lang="id",
        body=[
            "Banjir merendam ratusan rumah di Kampung Melayu pada Senin pagi.",
            "Baca juga: Lima tips menjaga rumah saat musim hujan datang",
            "Seorang pedagang kopi bercerita tentang hobinya memancing di akhir pekan.",
            "Petugas menyebut banjir di Kampung Melayu disebabkan luapan sungai Ciliwung.",
            "Warga Kampung Melayu mengungsi ke masjid karena banjir setinggi satu meter.",
        ],
    )
    summary = summarize(art, k=2)
    assert len(summary) == 2 and summary[0].startswith("Banjir merendam")
    assert not any("Baca juga" in s or "kopi" in s for s in summary)


# ---------------------------------------------------------------- wiring and the seed


def test_enrich_stages_order_and_pipeline() -> None:
    assert [s.name for s in enrich_stages()] == [
        "language", "sentences", "entities", "sources", "quotes", "dates", "keywords", "summary",
    ]  # fmt: skip
    pipe = default_pipeline(enrich=True)
    assert [s.name for s in pipe.stages][-1] == "summary"
    art = warta.enrich(
        Article(
            title="Harga beras naik",
            body=['"Stok beras aman sampai akhir tahun," kata Menteri Budi Santoso.'],
        )
    )
    # with the NER model, the speaker is the entity's name and carries its id
    assert (
        art.lang == "id" and art.quotes[0].speaker in ("Menteri Budi Santoso", "Budi Santoso") and art.summary
    )
    budi = [e for e in art.entities if e.name == "Budi Santoso"]
    if budi:  # the NER model found him: the speaker links to that entity
        assert art.quotes[0].speaker_id == budi[0].id


def test_seed_enrichment() -> None:
    art = enrich(warta.extract(need(SEED).read_text(encoding="utf-8")))
    text = art.plain_text()
    quotes = art.quotes
    kim = [q for q in quotes if q.speaker == "Kim Jong Un"]
    assert any(
        q.type == "direct" and text[q.end : q.end + 30].startswith('," kata Kim dalam pesannya') for q in kim
    )
    assert any(q.type == "direct" and text[q.end : q.end + 12].startswith('," kata Kim.') for q in kim)
    assert any(q.type == "indirect" and q.text.startswith("hubungan mereka sangat penting") for q in kim)
    assert any("Xi Jinping berjanji" in q.text and q.speaker == "KCNA" for q in quotes) or any(
        q.speaker == "Xi Jinping" and "ke tahap baru" in q.text for q in quotes
    )
    kim_entity = [e for e in art.entities if e.name == "Kim Jong Un"]
    if kim_entity:  # with the NER model present, the speaker links to the entity
        assert all(q.speaker_id == kim_entity[0].id for q in kim)
    assert [s.name for s in art.sources] == ["KCNA", "Reuters"]
    values = {d.value for d in art.dates}
    assert {"2021-01-14", "2021-01-15", "2021-06-18", "2021-06-19", "1961"} <= values
    assert all(d.checked for d in art.dates if d.kind == "weekday-daymonth")
    assert art.lang == "id"
    assert {"Kim Jong Un", "Xi Jinping"} <= {k.term for k in art.keywords}
    assert len(art.summary) == 3
