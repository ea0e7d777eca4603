"""Fixtures for the web tests: a small Vietnamese corpus with XSS payloads, its index, the app."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from web import create_app

REPO = Path(__file__).resolve().parents[1]
LOCALITIES = ["Hà Nội", "Quảng Ngãi", "TP. Hồ Chí Minh", "Đà Nẵng"]
SCRIPT_TITLE = "<script>alert(1)</script> Văn phòng bảo mật"
IMG_PAYLOAD = '"><img src=x onerror=alert(1)>'
GENERATED = 24  # more than two pages of "văn phòng thành ủy" at ten hits a page


def generated_articles() -> list[dict]:
    """Return articles about city party offices spread over localities and years."""
    return [{
        "id": f"gen-{i:02d}",
        "title": f"Văn phòng Thành ủy {LOCALITIES[i % 4]} tổng kết công tác số {i}",
        "text": f"Văn phòng Thành ủy {LOCALITIES[i % 4]} làm tốt công tác tham mưu, "
                f"tổng hợp, phục vụ cấp ủy trong năm {2018 + i % 6}. Báo cáo số {i}.",
        "url": f"https://example.org/bai-viet/{i}",
        "date": f"{2018 + i % 6}-0{1 + i % 9}-1{i % 10}",
        "locality": LOCALITIES[i % 4],
        "source": "Báo Thử nghiệm",
    } for i in range(GENERATED)]


ROAD_LOCALITIES = ["Bắc Ninh", "Cà Mau", "Đắk Lắk", "Gia Lai", "Hải Phòng", "Lào Cai",
                   "Nghệ An", "Ninh Bình", "Phú Thọ", "Sơn La", "Thái Bình", "Vĩnh Long"]
ROADS = len(ROAD_LOCALITIES)  # "kênh mương": more localities than the facet lists at first
DATED_ROADS = 2  # the first two carry a date, the others none, as dumps without dates


def road_articles() -> list[dict]:
    """Return articles about irrigation canals in many localities, most of them without a
    date; the later ones say "kênh mương" more often, so they rank higher by relevance."""
    return [{
        "id": f"road-{i:02d}",
        "title": f"Kênh mương nội đồng ở {place}",
        "text": f"Nhân dân {place} góp công nạo vét {'kênh mương, ' * (1 + i)}phục vụ sản xuất.",
        "locality": place,
        **({"date": f"202{i}-06-01"} if i < DATED_ROADS else {}),
    } for i, place in enumerate(ROAD_LOCALITIES)]


def xss_articles() -> list[dict]:
    """Return articles whose every field tries to inject markup or script."""
    return [{
        "id": "xss-1",
        "title": SCRIPT_TITLE,
        "text": f"Bài kiểm tra bảo mật {IMG_PAYLOAD} nội dung <script>alert(2)</script> "
                "và javascript:alert(3) trong thân bài.",
        "url": "javascript:alert(4)",
        "date": "2022-05-05",
        "locality": "Hà Giang",
        "source": '"><svg onload=alert(5)>',
    }, {
        "id": "xss-2",
        "title": f"Bảo mật {IMG_PAYLOAD}",
        "text": "Lần thứ hai kiểm tra bảo mật: <b onmouseover=alert(6)>chữ đậm</b>.",
        "url": "https://example.org/xss-2",
        "date": "2021-03-03",
        "locality": "Hà Giang",
        "source": "Kiểm thử",
    }]


STORY = ("Lễ hội hoa sen đá Tây Hồ mở cửa đón khách từ sáng thứ bảy. Ban tổ chức cho biết "
         "năm nay có hơn ba trăm chậu sen đá quý hiếm từ nhiều tỉnh thành, kèm các buổi "
         "hướng dẫn chăm sóc cây cảnh miễn phí cho người dân và du khách.")


def story_copies() -> list[dict]:
    """Return one story as three outlets carried it: the same text, other ids and sources."""
    return [{"id": f"sen-da-{n}", "title": "Lễ hội hoa sen đá Tây Hồ", "text": STORY,
             "url": f"https://example.org/sen-da/{n}", "date": f"2023-04-0{n + 1}",
             "locality": "Hà Nội", "source": source}
            for n, source in enumerate(("Báo Một", "Báo Hai", "Báo Ba"))]


def write_corpus(folder: Path) -> list[Path]:
    """Write the bundled .txt articles and the JSON lines fixtures; return the corpus paths."""
    texts = folder / "texts"
    shutil.copytree(REPO / "corpus", texts)
    lines = folder / "articles.jsonl"
    with lines.open("w", encoding="utf-8") as out:
        for article in generated_articles() + xss_articles() + road_articles() + story_copies():
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return [texts, lines]


@pytest.fixture(scope="session")
def web_index_dir(tmp_path_factory) -> Path:
    """Build the fixture corpus into an index once per test session."""
    folder = tmp_path_factory.mktemp("web-corpus")
    index_dir = folder / "index"
    build_index(write_corpus(folder), index_dir)
    return index_dir


@pytest.fixture
def app(web_index_dir):
    """Return the app serving the fixture index."""
    return create_app({"TESTING": True, "INDEX_DIR": str(web_index_dir)})


@pytest.fixture
def client(app):
    """Return a test client of the app."""
    return app.test_client()


@pytest.fixture
def missing_client(tmp_path):
    """Return a test client of an app whose index has not been built."""
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "no-index")})
    return app.test_client()
