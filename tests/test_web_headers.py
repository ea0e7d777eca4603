"""Headers: CORS and preflight on the API, ETags that follow the index, security rules."""

from __future__ import annotations

import pytest
import web_fixtures

from web import headers

# pytest finds fixtures by name in the test module.
app = web_fixtures.app
client = web_fixtures.client
web_index_dir = web_fixtures.web_index_dir


class TestCors:
    @pytest.mark.parametrize("path", ["/api/search?q=van", "/api/suggest?q=van", "/healthz",
                                      "/api/article/gen-01", "/embed.js", "/opensearch.xml"])
    def test_api_is_open_to_every_origin(self, client, path):
        response = client.get(path, headers={"Origin": "http://other.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "*"

    def test_preflight_allows_get(self, client):
        response = client.options("/api/search?q=van", headers={
            "Origin": "http://other.example", "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "content-type"})
        assert response.status_code == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "GET" in response.headers["Access-Control-Allow-Methods"]
        assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
        assert response.get_data() == b""

    def test_errors_carry_cors_too(self, client):
        response = client.get("/api/search?page=abc")
        assert response.headers["Access-Control-Allow-Origin"] == "*"

    def test_html_pages_are_not_cors(self, client):
        assert "Access-Control-Allow-Origin" not in client.get("/search?q=van").headers


class TestCaching:
    @pytest.mark.parametrize("path", ["/api/search?q=van", "/search?q=van", "/api/article/gen-01"])
    def test_etag_answers_304(self, client, path):
        first = client.get(path)
        assert first.headers["Cache-Control"].startswith("public")
        etag = first.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.get_data() == b""

    def test_etag_differs_per_request(self, client):
        a = client.get("/api/search?q=van").headers["ETag"]
        b = client.get("/api/search?q=phong").headers["ETag"]
        assert a != b

    def test_etag_changes_with_the_generation(self):
        assert headers.etag_for("gen-1", "/api/search?q=a") != \
            headers.etag_for("gen-2", "/api/search?q=a")

    def test_errors_are_not_cached(self, client):
        assert client.get("/api/search?page=-1").headers["Cache-Control"] == "no-store"


class TestSecurity:
    def test_html_csp_forbids_inline_script_and_framing(self, client):
        response = client.get("/search?q=van")
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"

    def test_embed_page_may_be_framed(self, client):
        response = client.get("/embed?q=van")
        assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
        assert "X-Frame-Options" not in response.headers

    @pytest.mark.parametrize("path", ["/api/search?q=van", "/nowhere", "/article/nope"])
    def test_everything_else_refuses_frames(self, client, path):
        assert client.get(path).headers["X-Frame-Options"] == "DENY"

    @pytest.mark.parametrize("path", ["/", "/search?q=van", "/article/gen-01?q=van",
                                      "/embed?q=van", "/nowhere"])
    def test_pages_have_no_inline_script_or_style(self, client, path):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert " onclick=" not in html and " onload=" not in html


def test_etag_changes_when_the_index_is_rebuilt(tmp_path):
    paths = web_fixtures.write_corpus(tmp_path)
    web_fixtures.build_index(paths, tmp_path / "index")
    client = web_fixtures.create_app({"TESTING": True,
                                      "INDEX_DIR": str(tmp_path / "index")}).test_client()
    before = client.get("/api/search?q=van")
    web_fixtures.build_index(paths, tmp_path / "index", full=True)
    after = client.get("/api/search?q=van", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
