"""Turn body sentences of sampled articles into long questions as people paste them.

The rules and their order are described in bench/longq.py; every choice draws from one
seeded random generator, so a seed gives the same questions for the same corpus.
"""

from __future__ import annotations

import random
import re

from indexer.articles import Article
from search.analysis import fold_text, fold_word, normalize_word, tokenize

MIN_WORDS, MAX_WORDS = 15, 45
SHORT_WORDS = 24  # about a third of pasted questions ran past 32 words in issue #16
LONG_SHARE, NUMBER_SHARE = 0.15, 0.4
# A sentence ends after a lower-case word or a number, not after "TP." or "PGS.".
SENTENCE_RE = re.compile(r"(?<=[a-zà-ỹđ0-9”\")][.!?…])\s+(?=[\"“'(]?[A-ZĐÀ-Ỹ0-9])|\n+")
# Function words people leave out of a pasted question ("đà" of Đà Nẵng is not "đã").
FUNCTION_WORDS = {"và", "của", "là", "các", "những", "được", "có", "trong", "cho", "với", "đã",
                  "để", "này", "một", "thì", "mà", "tại", "từ", "đến", "về", "theo", "khi",
                  "cũng", "vừa", "đang", "sẽ", "như", "hơn", "rất", "còn", "bị", "bởi", "nên",
                  "nếu", "vì", "do", "đây"}
FOLDED_FUNCTION_WORDS = {fold_text(w) for w in FUNCTION_WORDS}
# Phrases shortened the way party-office staff write them.
ABBREVIATIONS = [
    (r"Ủy ban nhân dân|Uỷ ban nhân dân", "UBND"), (r"Hội đồng nhân dân", "HĐND"),
    (r"Thành phố Hồ Chí Minh|TP\. ?HCM|TP Hồ Chí Minh", "TP.HCM"),
    (r"Ban Chấp hành Trung ương|Ban chấp hành Trung ương", "BCH TW"),
    (r"Mặt trận Tổ quốc", "MTTQ"), (r"đại biểu Quốc hội", "ĐBQH"),
    (r"Ủy ban Kiểm tra|Uỷ ban Kiểm tra|Uỷ ban kiểm tra|Ủy ban kiểm tra", "UBKT"),
]
PARAPHRASES = {"cho biết": "nói", "đồng chí": "ông", "hiện nay": "bây giờ", "nhằm": "để",
               "thực hiện": "làm", "tuy nhiên": "nhưng", "trên địa bàn": "ở", "song": "nhưng"}
SCALES = {"nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9}
AMOUNT_RE = re.compile(r"\b(\d+)(?:,(\d+))?\s+(nghìn|ngàn|triệu|tỷ|tỉ)\b")
# Plain numbers of 4+ digits, not years (1900-2099) and not inside a range or date.
PLAIN_RE = re.compile(r"(?<![\d.,/-])(?!(?:19|20)\d\d\b)(\d{4,})(?![\d.,/-])")
COUNT_RE = re.compile(r"(?<![\d.,/-])(?!(?:19|20)\d\d\b)\d[\d.]*(?=\s+[^\W\d])")
LEAD_RE = re.compile(r"^[^,]{3,40},\s+")
ASIDE_RE = re.compile(r"\s*\([^)]*\)")
FRAMES = ["cho tôi hỏi {q} có đúng không?", "có phải {q} không?", "tại sao {q}?",
          "{q} như thế nào?", "xin hỏi {q} là gì?", "tôi muốn biết {q}, cụ thể ra sao?",
          "{q} thì quy định thế nào?", "vì sao {q}?"]


def syllables(text: str) -> list[str]:
    """Return the folded syllables of a text, as BM25 and the rules compare them."""
    return [fold_word(normalize_word(w)) for _, _, w in tokenize(text)]


def sentences(body: str) -> list[str]:
    """Return the body's sentences of 15 to 45 words."""
    found = [s.strip() for s in SENTENCE_RE.split(body)]
    return [s for s in found if MIN_WORDS <= len(list(tokenize(s))) <= MAX_WORDS]


def digits(amount: re.Match) -> str:
    """Return an amount in words as digits with dots: '3,8 triệu' -> '3.800.000'."""
    whole, fraction, scale = amount.group(1), amount.group(2) or "", SCALES[amount.group(3)]
    number = (whole + fraction.ljust(scale, "0")[:scale]).lstrip("0") or "0"
    return f"{int(number):,}".replace(",", ".")


def write_numbers(text: str) -> str:
    """Write amounts and long plain numbers the way pasted legal questions do."""
    text = AMOUNT_RE.sub(digits, text)
    return PLAIN_RE.sub(lambda m: f"{int(m.group(1)):,}".replace(",", "."), text)


def reword(sentence: str, rng: random.Random) -> str:
    """Abbreviate and paraphrase a sentence; drop its lead clause, asides, function words."""
    text = sentence.rstrip(".!?… ")
    if rng.random() < 0.4:  # "Chiều 12/3, ..." "Theo đó, ..." are not asked about
        text = LEAD_RE.sub("", text, count=1)
    if rng.random() < 0.5:
        text = ASIDE_RE.sub("", text)
    for pattern, short in ABBREVIATIONS:
        if rng.random() < 0.6:
            text = re.sub(pattern, short, text)
    for long, short in PARAPHRASES.items():
        if rng.random() < 0.5:
            text = re.sub(rf"\b{long}\b", short, text, flags=re.IGNORECASE)
    words = text.replace(",", " ,").replace(";", " ,").split()
    kept = [w for w in words if not (normalize_word(w).lower() in FUNCTION_WORDS
                                     and rng.random() < 0.5)]
    return " ".join(kept).replace(" ,", ",").strip(" ,")


def frame(text: str, rng: random.Random) -> tuple[str, str]:
    """Return the question built around a reworded sentence, and the frame's name."""
    number = COUNT_RE.search(text)  # "3.800 người" -> "bao nhiêu người"
    if number and rng.random() < 0.25:
        return text[:number.start()] + "bao nhiêu" + text[number.end():] + "?", "bao nhiêu"
    template = rng.choice(FRAMES)
    lower = rng.random() < 0.7 and text[1:2].islower()  # "Ông Lê..." but not "QH..."
    body = text[:1].lower() + text[1:] if lower else text
    return template.format(q=body), template.format(q="…")


class Distinguisher:
    """Find the articles holding every given folded word."""

    def __init__(self, articles: list[Article]) -> None:
        self.postings: dict[str, set[int]] = {}
        for number, article in enumerate(articles):
            for word in set(syllables(f"{article.title} {article.body}")):
                self.postings.setdefault(word, set()).add(number)

    def holders(self, words: set[str]) -> set[int]:
        """Return the numbers of the articles that hold all the words."""
        found = None
        for word in sorted(words, key=lambda w: len(self.postings.get(w, ()))):
            holding = self.postings.get(word, set())
            found = holding if found is None else found & holding
            if len(found) <= 1:
                break
        return found or set()


def content_words(question: str, source: str) -> set[str]:
    """Return the question's folded content words that the source sentence holds verbatim."""
    source_words = set(syllables(source))
    return {w for w in syllables(question)
            if w in source_words and w not in FOLDED_FUNCTION_WORDS and not w.isdigit()}


def pick_sentence(body: str, rng: random.Random) -> str | None:
    """Return a sentence of 15-45 words: a long one now and then, one with a number often."""
    candidates = sentences(body)
    if rng.random() < NUMBER_SHARE:
        candidates = [c for c in candidates if re.search(r"\d", c)] or candidates
    short = [c for c in candidates if len(list(tokenize(c))) <= SHORT_WORDS]
    long = [c for c in candidates if c not in short]
    pool = long if long and (rng.random() < LONG_SHARE or not short) else short
    return rng.choice(pool) if pool else None


def question_from(article: Article, number: int, rng: random.Random, index) -> dict | None:
    """Return one question made from a sentence of an article, or None if none fits."""
    source = pick_sentence(article.body, rng)
    if source is None:
        return None
    reworded = reword(source, rng)
    with_digits = write_numbers(reworded) if rng.random() < 0.6 else reworded
    text, kind = frame(with_digits, rng)
    if index.holders(content_words(text, source)) != {number}:
        return None
    unaccented = rng.random() < 0.25
    if unaccented:
        text = _fold_keeping_marks(text)
    return {"doc_id": article.id, "question": text, "source": source, "frame": kind,
            "words": len(list(tokenize(text))), "unaccented": unaccented,
            "digits": with_digits != reworded}


def _fold_keeping_marks(text: str) -> str:
    """Remove the accents of a question but keep its punctuation and case."""
    return "".join(fold_word(normalize_word(c)) if c.isalpha() else c for c in text)


def make_questions(articles: list[Article], count: int, seed: int) -> list[dict]:
    """Return `count` long questions, each with the one article that answers it."""
    rng, index = random.Random(seed), Distinguisher(articles)
    order = list(range(len(articles)))
    rng.shuffle(order)
    questions = []
    for number in order:
        question = question_from(articles[number], number, rng, index)
        if question is not None:
            questions.append({"id": f"lq{len(questions) + 1:03d}", **question})
            if len(questions) == count:
                break
    return questions
