"""The index schema: what each field keeps, and what it costs the writer."""

from whoosh import index as whoosh_index

from search.schema import build_schema, index_fields


def _one_article_index(tmp_path, date):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    with ix.writer() as writer:
        writer.add_document(**index_fields({"id": "a1", "title": "Hội nghị Tỉnh ủy",
                                            "body": "Sáng nay, Tỉnh ủy họp.", "date": date}))
    return ix.reader()


def test_dates_are_kept_as_a_column_without_terms(tmp_path):
    reader = _one_article_index(tmp_path, "2017-06-12")
    assert list(reader.column_reader("timestamp")) == [1497225600]
    assert "timestamp" not in set(reader.indexed_field_names())


def test_an_undated_article_has_timestamp_zero(tmp_path):
    reader = _one_article_index(tmp_path, None)
    assert list(reader.column_reader("timestamp")) == [0]
