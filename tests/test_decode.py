from warta.extract.decode import decode


def test_utf8_with_one_bad_byte_keeps_accents():
    text = "Kafé di Jakarta menjual kopi Gayo — harganya naik. " * 50
    data = text.encode("utf-8") + b"\xe2\x80"  # a character cut off at the end
    out, enc = decode(data)
    assert enc == "utf-8"
    assert out.startswith("Kafé di Jakarta menjual kopi Gayo — harganya")
    assert "Ã" not in out


def test_cp1252_text_is_decoded_as_cp1252():
    data = "Café “quoted” – naïve".encode("cp1252")
    out, enc = decode(data)
    assert out == "Café “quoted” – naïve"
    assert enc == "cp1252"


def test_declared_charset_and_meta_charset():
    html = '<html><head><meta charset="iso-8859-1"></head><body>caf\xe9</body></html>'.encode("latin-1")
    out, _ = decode(html)
    assert "café" in out
    assert decode("x".encode("utf-16-le"), declared="utf-16-le")[0] == "x"
