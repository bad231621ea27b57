"""Bad input never kills a batch: each input gives a best-effort article or an error record naming it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from warta.extract import extract
from warta.extract.text import MAX_PARAGRAPH, extract_text

STORY = (
    "Warga Desa Contoh Gelar Festival Panen\n\n"
    "JAKARTA, CONTOH.com - Warga desa menggelar festival panen raya pada Sabtu pagi, kata kepala desa.\n\n"
    "Festival itu diikuti ratusan petani dari lima dusun yang membawa hasil bumi terbaik mereka.\n"
)


def _cases(tmp: Path) -> dict[str, Path]:
    """Write each kind of bad input to a file; return name -> path."""
    files = {
        "empty": b"",
        "blank": b"  \n\n\t\n",
        "binary": bytes(range(256)) * 64,
        "nul-text": b"Judul\x00\x00 berita\x00 rusak" * 20,
        "truncated-utf8": STORY.replace("panen raya", "panen raya caf\u00e9").encode("utf-8")[:-60]
        + "é".encode()[:1],
        "invalid-utf8": STORY.encode("utf-8").replace(b"Sabtu", b"Sabtu \xff\xfe\xfd"),
        "cp1252": STORY.replace("kata", "\u201ckata\u201d caf\u00e9").encode("cp1252"),
        "latin1": "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00e0 la carte, said the owner of the shop today.\n".encode(
            "latin-1"
        ),
        "one-10mb-line": ("kata " * 2_000_000).encode(),
        "html-garbage": b"<html><body><div><p>unclosed <b>tags <script>while(1){}" * 1000,
    }
    out = {}
    for name, data in files.items():
        p = tmp / f"{name}.txt"
        p.write_bytes(data)
        out[name] = p
    return out


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _cases(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 100 MB flattened-text file (many ordinary lines)."""
    p = tmp_path_factory.mktemp("big") / "big-100mb.txt"
    line = ("Sebuah kalimat berita yang cukup panjang untuk dianggap paragraf. " * 3 + "\n").encode()
    with p.open("wb") as fh:
        block = line * 5000
        for _ in range(100 * 1024 * 1024 // len(block) + 1):
            fh.write(block)
    assert p.stat().st_size >= 100 * 1024 * 1024
    return p


def test_api_never_raises_and_names_the_input(cases: dict[str, Path]):
    for name, path in cases.items():
        art = extract(path.read_bytes(), source=str(path))
        assert art.provenance.source == str(path)
        assert art.id and art.provenance.input_hash
        if art.errors:
            assert all(e.stage and e.error for e in art.errors), name
        else:
            assert art.title or art.body, name


def test_empty_and_binary_are_error_records(cases: dict[str, Path]):
    for name, code in (("empty", "empty-input"), ("blank", "empty-input"), ("binary", "binary-input")):
        art = extract(cases[name].read_bytes(), source=name)
        assert [e.error for e in art.errors] == [code]
        assert art.body == [] and art.provenance.source == name


def test_encodings_give_readable_text(cases: dict[str, Path]):
    art = extract(cases["cp1252"].read_bytes())
    assert not art.errors
    assert any("\u201ckata\u201d caf\u00e9" in p for p in art.body)
    art = extract(cases["latin1"].read_bytes())
    assert art.body == [
        "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00e0 la carte, said the owner of the shop today."
    ]
    art = extract(cases["invalid-utf8"].read_bytes())  # best effort: the story is still there
    assert not art.errors and any("festival panen raya" in p for p in art.body)
    art = extract(cases["truncated-utf8"].read_bytes())
    assert not art.errors and art.title == "Warga Desa Contoh Gelar Festival Panen"


def test_ten_mb_line_is_bounded(cases: dict[str, Path]):
    t0 = time.perf_counter()
    art = extract(cases["one-10mb-line"].read_bytes(), source="one-10mb-line")
    assert time.perf_counter() - t0 < 5
    assert len(art.body) == 1 and len(art.body[0]) <= MAX_PARAGRAPH
    assert any("line cut" in r.reason and r.line == 0 for r in art.removed)


def test_pathological_lines_stay_fast():
    """Regex-hostile lines (long runs of separators, parentheses, capitals) do not blow up."""
    nasty = "\n".join(
        [
            "A - " * 20000,
            "(" * 50000 + ")" * 50000,
            "JAKARTA, " * 30000 + "- isi",
            "Baca juga: " + "Judul " * 50000,
            "© " + "2021 " * 50000,
            "By " + "Name " * 50000,
        ]
    )
    t0 = time.perf_counter()
    extract_text(nasty)
    assert time.perf_counter() - t0 < 5


def test_hundred_mb_file_api(big_file: Path):
    t0 = time.perf_counter()
    art = extract(big_file.read_bytes(), source=str(big_file))
    assert time.perf_counter() - t0 < 30
    assert art.body, "best effort: the lines that were read are kept"
    assert {e.error for e in art.errors} >= {"truncated"}
    assert art.provenance.source == str(big_file)


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "warta", "extract", *args], capture_output=True, timeout=240)


def test_cli_batch_one_line_per_input_and_exit_code(cases: dict[str, Path], tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    inputs = [good, cases["empty"], cases["binary"], cases["cp1252"], missing, cases["one-10mb-line"]]
    proc = _cli(*map(str, inputs))
    assert proc.returncode == 1, proc.stderr.decode()
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["provenance"]["source"] for r in records] == [str(p) for p in inputs]
    by_src = {r["provenance"]["source"]: r for r in records}
    assert (
        by_src[str(good)]["errors"] == []
        and by_src[str(good)]["title"] == "Warga Desa Contoh Gelar Festival Panen"
    )
    assert by_src[str(cases["empty"])]["errors"][0]["error"] == "empty-input"
    assert by_src[str(cases["binary"])]["errors"][0]["error"] == "binary-input"
    assert by_src[str(missing)]["errors"][0]["stage"] == "ingest"
    assert by_src[str(cases["cp1252"])]["errors"] == []


def test_cli_batch_all_good_exits_zero(tmp_path: Path):
    paths = []
    for i in range(3):
        p = tmp_path / f"ok{i}.txt"
        p.write_text(STORY, encoding="utf-8")
        paths.append(str(p))
    proc = _cli(*paths)
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(proc.stdout.splitlines()) == 3


def test_cli_hundred_mb_file_in_a_batch(big_file: Path, tmp_path: Path):
    good = tmp_path / "after.txt"
    good.write_text(STORY, encoding="utf-8")
    proc = _cli(str(big_file), str(good))
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 2 and proc.returncode == 1  # the big one is flagged as truncated
    assert records[0]["provenance"]["source"] == str(big_file) and records[0]["body"]
    assert records[1]["errors"] == [] and records[1]["title"]
