"""``--text-model rules|trained``: the CLI chooses text mode's line judge, for itself and its workers."""

from __future__ import annotations

import json
import os
import sys

import pytest
from tests.conftest import DATA, REPO, need

from warta.cli import main
from warta.extract import lines_model as lm
from warta.extract.text import extract_text

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import render_flat, zyte_pages  # noqa: E402


@pytest.fixture
def restore_choice(monkeypatch):
    """The option sets a module flag and an environment variable: put both back afterwards."""
    monkeypatch.setattr(lm, "ENABLED", lm.ENABLED)
    monkeypatch.setenv("WARTA_LINE_MODEL", os.environ.get("WARTA_LINE_MODEL", "0"))


def _pages_where_the_judges_differ(tmp_path, n: int = 2) -> list[tuple[str, list[str], list[str]]]:
    need(DATA / "zyte-aeb")
    found = []
    for pid, html, _url, _truth in zyte_pages(limit=20):
        text = render_flat(html)
        with lm.using(None):
            rules = extract_text(text).body
        with lm.using(lm.LineModel.default()):
            trained = extract_text(text).body
        if rules != trained:
            path = tmp_path / f"{pid[:12]}.txt"
            path.write_text(text, encoding="utf-8")
            found.append((str(path), rules, trained))
        if len(found) == n:
            return found
    pytest.fail("no zyte page where the line model and the hand rules keep different bodies")


def _bodies(capsys) -> list[list[str]]:
    return [json.loads(line)["body"] for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("choice", ["rules", "trained"])
def test_the_chosen_judge_decides_the_body_in_batch_mode(tmp_path, capsys, restore_choice, choice):
    pages = _pages_where_the_judges_differ(tmp_path)
    assert main(["extract", *(p for p, _, _ in pages), "--text-model", choice]) == 0
    want = [rules if choice == "rules" else trained for _, rules, trained in pages]
    assert _bodies(capsys) == want


def test_the_choice_reaches_worker_processes(tmp_path, capsys, restore_choice):
    pages = _pages_where_the_judges_differ(tmp_path)
    assert main(["extract", *(p for p, _, _ in pages), "--text-model", "trained", "-w", "2"]) == 0
    assert _bodies(capsys) == [trained for _, _, trained in pages]


def test_the_seed_is_the_same_record_with_either_judge(seed_path, capsys, restore_choice):
    out = {}
    for choice in ("rules", "trained"):
        assert main(["extract", str(seed_path), "--text-model", choice, "--compact"]) == 0
        art = json.loads(capsys.readouterr().out)
        out[choice] = (art["title"], art["body"], art["authors"], [i["credit"] for i in art["images"]])
    assert out["rules"] == out["trained"]
    assert len(out["trained"][1]) == 11
