"""Extracting an HTML page must leave no reference cycle behind.

A cycle that reaches the parse tree keeps the whole page (Lexbor's DOM and every node object)
alive until a full collector pass: in session 8 the page's numeric date-order resolver held the
page that held it, and a worker's memory over a crawl swung by ~100 MB between collections.
"""

from __future__ import annotations

import gc

import warta

PAGES = [
    """<html lang="en-GB"><head><title>Harbour Bridge Reopens | The Coastal Ledger</title>
    <meta property="og:locale" content="en_GB"><meta property="og:title" content="Harbour Bridge Reopens">
    </head><body><article><h1>Harbour Bridge Reopens</h1><p class="byline">By Jane Roe</p>
    <time>03/04/2025</time><p>The harbour bridge reopened on Thursday after three weeks of repairs to its
    deck, the council said in a statement that thanked residents for their patience.</p>
    <p>Updated 13/04/2025</p></article></body></html>""",
    """<html lang="id"><body><h1>Banjir Rendam Tiga Kecamatan</h1><div class="author">Oleh Budi Santoso</div>
    <p>JAKARTA - Banjir merendam tiga kecamatan sejak Jumat pagi, kata petugas penanggulangan bencana
    setempat kepada wartawan.</p><p>Diterbitkan 05/06/2024 10:00 WIB</p></body></html>""",
]


def test_extracting_html_leaves_no_reference_cycles():
    for page in PAGES:
        warta.extract(page)  # warm: lexicons and caches load outside the measured part
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        for page in PAGES * 3:
            art = warta.extract(page)
            assert art.title
        assert gc.collect() == 0, "a reference cycle outlived the page (it keeps the parse tree alive)"
    finally:
        if enabled:
            gc.enable()
