"""Snippets and marks: best passage, original accents, escaping."""

import random
import unicodedata
from itertools import pairwise

import pytest

from search import snippets
from search.folding import fold_chars
from search.snippets import Highlighter, mark, snippet


def test_folded_query_marks_the_original_accented_words():
    assert mark("Thành phố Hà Nội", Highlighter(frozenset({"ha", "noi"}))) == \
        "Thành phố <mark>Hà Nội</mark>"


def test_markup_in_text_is_escaped_and_marks_stay_the_only_tags():
    marked = mark('<img src=x onerror="alert(1)"> Hà Nội', Highlighter(frozenset({"noi"})))
    assert marked == '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Hà <mark>Nội</mark>'


def test_snippet_picks_the_passage_with_most_query_words():
    text = ("Mở đầu bài viết nói về thời tiết. " * 20 + "Văn phòng Tỉnh ủy họp bàn công tác. "
            + "Kết thúc bài viết. " * 20)
    result = snippet(text, Highlighter(frozenset({"van", "phong", "tinh", "uy"})))
    assert "<mark>Văn phòng Tỉnh ủy</mark>" in result
    assert result.startswith("… ") and result.endswith(" …")


def test_preferred_spelling_is_marked_instead_of_look_alikes():
    highlighter = Highlighter(frozenset({"van"}), preferred=frozenset({"văn"}))
    assert mark("vấn đề văn hóa", highlighter) == "vấn đề <mark>văn</mark> hóa"


def test_look_alikes_are_marked_when_the_preferred_spelling_is_absent():
    highlighter = Highlighter(frozenset({"van"}), preferred=frozenset({"văn"}))
    assert mark("vấn đề", highlighter) == "<mark>vấn</mark> đề"


def test_decomposed_text_is_marked_at_its_own_offsets():
    import unicodedata
    text = unicodedata.normalize("NFD", "Ban Thường vụ Tỉnh ủy họp")
    marked = mark(text, Highlighter(frozenset({"tinh", "uy"})))
    assert unicodedata.normalize("NFC", marked) == "Ban Thường vụ <mark>Tỉnh ủy</mark> họp"


def test_upper_case_and_d_with_stroke_are_matched():
    assert mark("ĐẢNG BỘ Đà Nẵng", Highlighter(frozenset({"dang", "bo"}))) == \
        "<mark>ĐẢNG BỘ</mark> Đà Nẵng"


def test_text_without_matches_gives_its_opening():
    assert snippet("Một hai ba.", Highlighter(frozenset({"xyz"}))) == "Một hai ba."


def test_words_inside_longer_words_are_not_marked():
    highlighter = Highlighter(frozenset({"ha", "noi"}))
    assert mark("Khanh Hà, thà nói; Hanoi", highlighter) == \
        "Khanh <mark>Hà</mark>, thà <mark>nói</mark>; Hanoi"


def test_fold_keeps_every_vietnamese_character_in_place():
    text = "Thành ủy Đắk Lắk – ĐBP 2024 😀"
    assert fold_chars(text) == "thanh uy dak lak – dbp 2024 😀"


@pytest.mark.parametrize("text, words, expected", [
    ("Thành phố Łódź, Ba Lan", {"lodz"}, "Thành phố <mark>Łódź</mark>, Ba Lan"),
    ("phố Straße ở Đức", {"strasse"}, "phố <mark>Straße</mark> ở Đức"),
    ("ǅamija và Hà Nội", {"dzamija", "ha", "noi"}, "<mark>ǅamija</mark> và <mark>Hà Nội</mark>"),
    (unicodedata.normalize("NFD", "Hà Nội, Việt Nam"), {"viet"},
     unicodedata.normalize("NFD", "Hà Nội, <mark>Việt</mark> Nam")),
], ids=["stroke-letters", "one-letter-to-two", "titlecase-digraph", "decomposed"])
def test_marks_land_on_letters_that_fold_to_more_or_fewer(text, words, expected):
    assert mark(text, Highlighter(frozenset(words))) == expected


def test_lone_word_is_not_marked_where_its_group_is_shown():
    text = "Ông Nguyễn Văn Hùng, chánh Văn phòng Tỉnh ủy, cho biết"
    marked = mark(text, Highlighter(frozenset({"van", "phong", "tinh", "uy"})))
    assert "<mark>Văn phòng Tỉnh ủy</mark>" in marked
    assert "Nguyễn Văn Hùng" in marked


def test_lone_word_without_a_group_is_marked():
    marked = mark("Ông Nguyễn Văn Hùng phát biểu", Highlighter(frozenset({"van", "phong"})))
    assert "<mark>Văn</mark>" in marked


def test_a_lone_surrogate_in_stored_text_does_not_break_marking():
    marked = mark("văn phòng \udfff galah", Highlighter(frozenset({"galah"})))
    assert "<mark>galah</mark>" in marked


def _window_by_definition(text, found, size):
    """Return the start of the best window as _best_start's docstring defines it, each
    window scored on its own."""
    reach, scored = size - min(snippets.LEAD_CHARS, size // 4), []
    for i, (start, _, _) in enumerate(found):
        held = [m for m in found[i:] if m[1] <= start + reach]
        pairs = sum(text[a[1]:b[0]].isspace() for a, b in pairwise(held))
        scored.append((len({m[2] for m in held}) * 100 + pairs * 30 + len(held), -start))
    return -max(scored)[1]


@pytest.mark.parametrize("seed", range(40))
def test_best_window_is_the_one_its_definition_scores_highest(seed):
    rng = random.Random(seed)
    text, found = "", []
    for _ in range(rng.randint(1, 30)):
        gap = rng.choice([1, 1, 5, 30, 90, 200])  # 1: side by side with the last match
        text += " " if gap == 1 else "x" * (gap - 1) + " "
        word = rng.choice(["ha", "noi", "van", "phong"])
        found.append((len(text), len(text) + len(word), word))
        text += word
    size = rng.choice([60, 220])
    lead = min(snippets.LEAD_CHARS, size // 4)
    best = _window_by_definition(text, found, size)
    expected = snippets._word_start(text, max(0, best - lead))
    assert snippets._best_start(text, found, size) == expected
    assert snippets._best_start(text, found, size, snippets._side_by_side(text, found)) == expected


def _random_text(rng):
    """Return a text of look-alike, glued, upper-case and accented words, marks between."""
    words = ["Hà", "hà", "HÀ", "Nội", "nói", "văn", "vấn", "Văn", "phòng", "tỉnh", "ủy", "uỷ",
             "Hanoi", "Khanh", "thà", "an", "bàn", "ha2", "_ha", "Ha_", "đà", "da"]
    breaks = [" ", " ", " ", "  ", ", ", ". ", "\n", "-", "_", "(", "…", "", "\t"]
    return "".join(rng.choice(words) + rng.choice(breaks) for _ in range(rng.randint(1, 160)))


def _random_highlighter(rng):
    words = rng.sample(["ha", "noi", "van", "phong", "tinh", "uy", "an", "ban", "da", "ha2"],
                       rng.randint(1, 5))
    preferred = rng.sample(["hà", "nội", "văn", "ủy", "đà"], rng.randint(0, 3))
    return Highlighter(frozenset(words), preferred=frozenset(preferred))


@pytest.mark.parametrize("seed", range(60))
def test_word_by_word_search_finds_what_one_pattern_finds(seed, monkeypatch):
    rng = random.Random(seed)
    text, highlighter = _random_text(rng), _random_highlighter(rng)
    word_by_word = highlighter.matches(text), snippet(text, highlighter, size=60)
    monkeypatch.setattr(snippets, "single_words", lambda words: None)
    assert (highlighter.matches(text), snippet(text, highlighter, size=60)) == word_by_word


@pytest.mark.parametrize("seed", range(30))
def test_snippet_is_the_same_with_the_matches_side_by_side_worked_out_again(seed, monkeypatch):
    rng = random.Random(seed)
    text, highlighter = _random_text(rng), _random_highlighter(rng)
    reused = snippet(text, highlighter, size=60)
    prefer_groups = snippets._prefer_groups
    monkeypatch.setattr(snippets, "_prefer_groups", lambda t, f: (prefer_groups(t, f)[0], None))
    assert snippet(text, highlighter, size=60) == reused


def test_marks_stay_right_where_the_text_holds_the_characters_marks_stand_for():
    assert mark("a\x00 <Hà>\x01 nội", Highlighter(frozenset({"ha", "noi"}))) == \
        "a\x00 &lt;<mark>Hà</mark>&gt;\x01 <mark>nội</mark>"


@pytest.mark.parametrize("gap, moves", [(32, False), (33, True)])
def test_first_window_is_kept_only_while_it_holds_every_match(gap, moves):
    text = "ha " + "x" * gap + " van phong"  # size 60: a window reaches 45 characters
    found = Highlighter(frozenset({"ha", "van", "phong"})).matches(text)
    assert (snippets._best_start(text, found, 60) > 0) == moves
