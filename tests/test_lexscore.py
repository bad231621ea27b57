"""The learned lexical line score (warta.extract.lexscore): tokens, the table file, the columns."""

from __future__ import annotations

import numpy as np

from warta.extract import lexscore


def test_tokens_fold_case_and_digits_and_mark_the_ends():
    toks = lexscore.tokens("Read MORE: 12 Stories »")
    assert {"read", "more", "read more", "00", "stories", "^read", "stories$", "<A", ">»"} <= set(toks)
    assert lexscore.tokens("   ") == []


def test_scripts_without_spaces_give_character_bigrams():
    # Thai keeps its vowel and tone marks inside the run; Japanese kana and kanji give bigrams
    thai = lexscore.tokens("ข่าวล่าสุด")
    assert "ข่" in thai and "่า" in thai and "^ข่" in thai
    ja = lexscore.tokens("関連記事 News")
    assert {"関連", "連記", "記事", "news"} <= set(ja)
    assert "記事 news" not in ja  # a bigram run breaks the word-bigram chain


def test_table_round_trip_and_score(tmp_path):
    t = lexscore.LexTable({"share": -2.0, "said": 1.5, "share this": -0.5}, bias=0.25)
    p = tmp_path / "lex.tsv"
    t.write(p)
    back = lexscore.LexTable.read(p)
    assert back.bias == 0.25 and back.weights == t.weights
    n = len(set(lexscore.tokens("Share this")))
    assert np.isclose(back.score_text("Share this"), 0.25 - 2.5 / np.sqrt(n))
    assert back.score_text("He said so.") > back.score_text("Share this")


def test_columns_are_clipped_and_window_means():
    class L:
        def __init__(self, text: str):
            self.text = text

    t = lexscore.LexTable({"share": -40.0, "said": 40.0})
    x = lexscore.columns([L("share"), L("he said"), L("said")], t)
    assert x.shape == (3, len(lexscore.COLUMNS))
    assert x[0, 0] == -lexscore.CLIP / 5 and x[2, 0] == lexscore.CLIP / 5
    assert np.isclose(x[1, 1], x[:, 0].mean())
