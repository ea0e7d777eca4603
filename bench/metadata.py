"""Benchmark article metadata: titles, localities, authors and dates on pages and dump lines.

Usage: .venv/bin/python bench/metadata.py [--data PATH] [--code DIR] [--no-write]

--code DIR reads the indexer from another checkout (`git archive REV indexer search | tar -x
-C DIR`) to measure it the same way, e.g. before a change.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_DATA = SHARED / "data" / "party_all.jsonl.gz"
RESULTS = ROOT / "bench" / "results" / "metadata.md"
ANY = "*"  # a national or many-province story: not scored

# Saved article pages (../shared/data/pages) and pages written after real sites' markup
# (tests/fixtures/pages): the headline and the byline a reader sees.
PAGES = {
    SHARED / "data" / "pages" / "vnexpress_2025_10_22.html":
        ("Đau bụng kéo dài, phát hiện ung thư lymphoma ruột non", "Lê Phương"),
    SHARED / "data" / "pages" / "znews_post1528657.html":
        ("Apple hủy bỏ dự án quan trọng", "Minh Hoàng"),
    SHARED / "data" / "pages" / "bongdaplus_var_brazil.html":
        ("Vì sao VAR công nhận bàn của Brazil dù việt vị?", "Đỗ Trung"),
    ROOT / "tests" / "fixtures" / "pages" / "tuoitre_2015_txt_head.html":
        ("Thanh tra vụ chặt cây xanh Hà Nội trong 30 ngày", "LÂM HOÀI"),
    ROOT / "tests" / "fixtures" / "pages" / "portal_logo_h1_document.html":
        ("Hội nghị tổng kết công tác văn phòng cấp ủy năm 2023", "Minh Châu"),
    ROOT / "tests" / "fixtures" / "pages" / "vnexpress_like_site_author.html":
        ("Hà Nội mở rộng không gian đi bộ quanh hồ Gươm", "Võ Hải"),
    ROOT / "tests" / "fixtures" / "pages" / "forum_thread_xenforo.html":
        ("Thủ tục chuyển sinh hoạt Đảng chính thức khi chuyển công tác", None),
}

# party_all titles that ran on, hand-read: the headline a reader would give. The first 13 were
# drawn at random from the changed titles (seed 77), leaving out 5 with no headline at all.
TITLES = {
    "vntc:train:XH_NLD_(4439)": "Phải xem là bài học để đời!",
    "vntc:train:XH_NLD_(5178)": "Lãnh đạo TPHCM chúc Tết ngoại giao đoàn",
    "vntc:train:XH_NLD_(4062)": "Tiếp tục xây dựng quân đội chính quy, tinh nhuệ",
    "vntc:train:XH_NLD_(4344)": "Cách nào phá vòng vây ô nhiễm?",
    "vntc:train:XH_NLD_(4028)": "Mít tinh kỷ niệm 30 năm giải phóng",
    "vntc:train:XH_NLD_(4671)": "Tư duy mới, cách làm mới",
    "vntc:train:XH_NLD_(4323)": "TPHCM:Hơn 10.000 người đi bộ ủng hộ người nghèo",
    "vntc:test:TT_NLD_T_(8583)": "Chuyện nhân sự: Ngột ngạt, chuyện tài chính: Lọt sổ!",
    "vntc:test:XH_NLD_T_(9068)": "Khuyến khích ĐH Quốc tế RMIT VN mở rộng hoạt động",
    "vntc:train:XH_NLD_(4609)": "“Thử lửa” cán bộ phường U30!",
    "vntc:test:XH_NLD_T_(9515)": "18.000 xe công, ai được hưởng?",
    "vntc:train:XH_NLD_(3946)": "Mít tinh trọng thể kỷ niệm 76 năm ngày thành lập Đảng",
    "vntc:train:TG_NLD_(2696)": "Hạ màn cuộc chiến tàn phá thảm khốc",
    # the examples
    "vntc:test:XH_NLD_T_(8972)": "Lãnh đạo TPHCM tiếp xã giao đại diện Quỹ Từ thiện Ford, Mỹ",
    "vntc:train:XH_NLD_(4499)": "TP sẵn sàng đầu tư xây dựng Bệnh viện Ung bướu hiện đại",
    "vntc:test:XH_NLD_T_(9476)": "BỘ CHÍNH TRỊ BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA X",
    "vntc:test:XH_TT_T_(10357)": "Phê chuẩn bổ nhiệm ông Cao Đức Phát làm Bộ trưởng Bộ NN&PTNT",
}

# party_all articles, hand-read: the province each is about. 30 drawn at random (seed 2026),
# 20 at random among those naming Hồ Chí Minh the person (Chủ tịch, tư tưởng, Bác Hồ).
LOCALITIES = {
    "vietnews:train:002649": "Vĩnh Phúc", "vietnews:train:094072": "Đà Nẵng",
    "baomoi:22531075": "Thanh Hóa", "baomoi:22626221": ANY, "vietnews:test:020720": None,
    "vietnews:train:062915": "Lâm Đồng", "vietnews:val:014152": "Hà Nội",
    "baomoi:22404621": "Hòa Bình", "vietnews:val:020294": "TP. Hồ Chí Minh",
    "vietnews:train:068001": "Vĩnh Phúc", "vntc:test:XH_TN_T_(8466)": "Thừa Thiên Huế",
    "vietnews:test:014805": "Đà Nẵng", "vietnews:test:021988": "Ninh Bình",
    "vietnews:train:089469": "Hà Nội", "vietnews:test:019975": ANY,
    "vietnews:val:021590": "Quảng Nam", "vntc:test:XH_VNE_T_(7781)": "Phú Yên",
    "baomoi:22401193": "TP. Hồ Chí Minh", "vietnews:train:093357": "Hà Tĩnh",
    "vietnews:train:041097": None, "vietnews:train:105403": "Hà Tĩnh",
    "vietnews:train:070428": "Đà Nẵng", "vietnews:train:097932": ANY,
    "vietnews:train:099256": "TP. Hồ Chí Minh", "vietnews:train:102066": "Hà Nội",
    "baomoi:22635924": "Sơn La", "vietnews:test:013831": "TP. Hồ Chí Minh",
    "vietnews:train:097008": "TP. Hồ Chí Minh", "vietnews:test:017859": "Quảng Ngãi",
    "vietnews:train:090145": "Cần Thơ",
    # naming Hồ Chí Minh the person
    "vietnews:train:090645": "Hà Nội", "baomoi:22302904": None,
    "vietnews:train:012562": "TP. Hồ Chí Minh", "vietnews:train:098955": ANY,
    "vntc:test:XH_VNE_T_(4518)": None, "vietnews:val:015208": "Nghệ An",
    "vietnews:val:014997": "Quảng Nam", "baomoi:22307548": ANY,
    "baomoi:21511079": "TP. Hồ Chí Minh", "vietnews:test:015071": ANY,
    "baomoi:21481011": "Thái Nguyên", "baomoi:22717152": "Nghệ An", "baomoi:22501044": ANY,
    "vietnews:test:022266": None, "baomoi:21511469": "Thanh Hóa", "baomoi:22532314": "Nghệ An",
    "baomoi:22381244": ANY, "baomoi:21480983": "Vĩnh Phúc", "baomoi:22581411": ANY,
    "vietnews:train:081604": "TP. Hồ Chí Minh",
}
_TAG_RE = re.compile(r"<(?:/?[a-zA-Z][^<>]*|!--.*?--)>")
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{1,5});")
_RUN_ON_RE = re.compile(r"\((?:NLĐ|NLĐO|TTO)\)|\bẢnh\s*:|[^\s.A-ZĐ][.!?][\"”]?\s+[\"“]?[A-ZĐÀ-Ỹ]")


def _title_flaws(title: str) -> dict[str, bool]:
    """Name what is wrong with a title: markup, entities, a run-on lead or caption, 30+ words."""
    return {"markup": bool(_TAG_RE.search(title)), "entity": bool(_ENTITY_RE.search(title)),
            "run-on": bool(_RUN_ON_RE.search(title)), "30+ words": len(title.split()) >= 30}


def _pages(indexer) -> list[tuple[str, str, str]]:
    """Score titles and authors on the pages; return table rows."""
    titles = authors = 0
    rows = []
    for path, (title, author) in PAGES.items():
        page = next(iter(indexer.iter_articles([path])), None)
        got_title, got_author = getattr(page, "title", None), getattr(page, "author", None)
        titles += got_title == title
        authors += got_author == author
        if got_title != title or got_author != author:
            rows.append(("miss", path.name, f"{got_title!r} / {got_author!r}"))
    return [("Page titles right", f"{titles}/{len(PAGES)}", "3 saved pages, 4 written"),
            ("Page authors right", f"{authors}/{len(PAGES)}", ""), *rows]


def _dump(indexer, data: Path) -> list[tuple[str, str, str]]:
    """Extract a dump; score titles, localities and dates; return table rows."""
    raw = {}
    with gzip.open(data, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            raw[str(record["id"])] = record.get("title") or ""
    articles = {a.id: a for a in indexer.iter_articles([data]) if hasattr(a, "body")}
    before = {k: sum(_title_flaws(t)[k] for t in raw.values()) for k in _title_flaws("")}
    after = {k: sum(_title_flaws(a.title)[k] for a in articles.values()) for k in before}
    flawed = (sum(any(_title_flaws(t).values()) for t in raw.values()),
              sum(any(_title_flaws(a.title).values()) for a in articles.values()))
    rows = [("Articles", str(len(articles)), f"of {len(raw)} lines"),
            ("Titles with a flaw, in the dump / extracted", f"{flawed[0]} / {flawed[1]}",
             ", ".join(f"{k} {before[k]}→{after[k]}" for k in before))]
    right = sum(articles[i].title == t for i, t in TITLES.items() if i in articles)
    rows.append(("Run-on titles right (hand-read sample)", f"{right}/{len(TITLES)}", ""))
    rows += [("miss", i, repr(articles[i].title)) for i, t in TITLES.items()
             if i in articles and articles[i].title != t]
    scored = {i: p for i, p in LOCALITIES.items() if p != ANY and i in articles}
    good = sum(articles[i].locality == p for i, p in scored.items())
    rows.append(("Localities right (hand-read sample)", f"{good}/{len(scored)}",
                 f"{len(LOCALITIES) - len(scored)} national stories not scored"))
    rows += [("miss", i, f"{articles[i].locality!r} (read: {p!r})") for i, p in scored.items()
             if articles[i].locality != p]
    dated = sum(1 for a in articles.values() if a.date)
    authored = sum(1 for a in articles.values() if a.author)
    rows.append(("Articles dated", f"{dated} ({dated / max(1, len(articles)):.1%})",
                 "the dump gives no date"))
    rows.append(("Articles with an author", str(authored), "the dump gives no author"))
    return rows


def _import(code: Path | None):
    """Import the indexer's articles module from this checkout or another."""
    sys.path.insert(0, str(code or ROOT))
    import indexer.articles as articles  # here: the path decides which checkout

    return articles


def main() -> None:
    """Measure, print a Markdown table, and append it to bench/results/metadata.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--code", type=Path, help="Checkout whose indexer to measure.")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    indexer = _import(args.code)
    rows = _pages(indexer) + _dump(indexer, args.data)
    stamp = f"{datetime.date.today()} · {platform.machine()}, Python {platform.python_version()}"
    code = f" · code from {args.code}" if args.code else ""
    lines = [f"## {args.data.name}{code}", "", stamp, "", "| Figure | Value | Note |",
             "| --- | --- | --- |"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        if not RESULTS.exists():
            RESULTS.write_text("# Metadata benchmark\n\nWritten by `bench/metadata.py`.\n\n",
                               encoding="utf-8")
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
