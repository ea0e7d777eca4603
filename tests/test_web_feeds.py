"""OpenSearch description, Atom feed of newest matches, and the widget script."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import web_fixtures

from web import create_app

# pytest finds fixtures by name in the test module.
app = web_fixtures.app
client = web_fixtures.client
web_index_dir = web_fixtures.web_index_dir


ATOM = "{http://www.w3.org/2005/Atom}"
OS = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_opensearch_describes_html_suggest_and_atom(client):
    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(response.get_data())
    templates = {u.get("type"): u.get("template") for u in root.iter(f"{OS}Url")}
    assert templates["text/html"] == "http://localhost/search?q={searchTerms}"
    assert templates["application/x-suggestions+json"] == \
        "http://localhost/api/suggest?q={searchTerms}"
    assert root.find(f"{OS}ShortName").text == "vpsearch"


def test_atom_lists_newest_matches_first(client):
    response = client.get("/search.atom?q=van+phong")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())
    updated = [e.find(f"{ATOM}updated").text for e in feed.iter(f"{ATOM}entry")]
    assert len(updated) == 20 and updated == sorted(updated, reverse=True)
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.startswith("http://localhost/article/")


def test_atom_is_well_formed_with_payloads_and_control_characters(client):
    response = client.get("/search.atom", query_string={"q": "bảo mật <script>\x01\x0b"})
    feed = ET.fromstring(response.get_data())
    titles = [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")]
    assert "<script>alert(1)</script> Văn phòng bảo mật" in titles


def test_embed_js_is_served_as_javascript(client):
    response = client.get("/embed.js")
    assert response.mimetype == "text/javascript"
    body = response.get_data(as_text=True)
    assert 'customElements.define("vp-search"' in body
    assert "--vp-accent" in body and "innerHTML" not in body


@pytest.mark.parametrize("path", ["/opensearch.xml", "/search.atom?q=van+phong"])
def test_a_feed_built_from_the_host_header_varies_on_host(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert "http://evil.example/" in response.get_data(as_text=True)
    assert "Host" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/opensearch.xml", "/search.atom?q=van+phong"])
def test_a_feed_names_the_public_url_whatever_the_host(web_index_dir, monkeypatch, path):
    monkeypatch.setenv("VPSEARCH_PUBLIC_URL", "https://tim.example.org/vp/")
    client = create_app({"TESTING": True, "INDEX_DIR": str(web_index_dir)}).test_client()
    body = client.get(path, headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body and "https://tim.example.org/vp/search" in body
    assert "Host" not in client.get(path).headers.get("Vary", "")


def test_atom_errors_are_xml(client):
    response = client.get("/search.atom?q=" + "a" * 600)
    assert response.status_code == 400 and response.mimetype == "application/xml"
    assert "shorten it" in ET.fromstring(response.get_data()).text
