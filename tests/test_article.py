from warta.article import Article, Image, RawDoc, error_article, json_schema


def test_json_roundtrip_keeps_every_field():
    art = Article(
        title="Judul", body=["Satu.", "Dua."], images=[Image(caption="c", credit="AFP")], tags=["x"]
    )
    back = Article.from_json(art.to_json())
    assert back == art
    assert back.plain_text() == "Judul\n\nSatu.\n\nDua."


def test_error_record_names_the_input():
    raw = RawDoc(data=b"\x00\x01", source="dump.jsonl#7")
    art = error_article(raw, "extract", ValueError("boom"))
    assert not art.ok
    assert art.provenance.source == "dump.jsonl#7"
    assert art.errors[0].stage == "extract" and art.errors[0].error == "ValueError"
    assert len(art.provenance.input_hash) == 32


def test_schema_lists_the_record_fields():
    schema = json_schema()
    props = schema["$defs"]["Article"]["properties"]
    for field in ("title", "lead", "body", "authors", "images", "related", "removed", "errors", "provenance"):
        assert field in props
