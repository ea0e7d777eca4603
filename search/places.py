"""Vietnam's provinces and cities: the 63 before the 2025 merger, the 34 after, their aliases.

The indexer finds an article's locality with these names; a query that names a place
ranks that place's pages first among equals; a filter on a merged province can take in
the provinces it absorbed (Resolution 202/2025/QH15, in force from 1 July 2025).
"""

from __future__ import annotations

from functools import lru_cache

from .analysis import fold_text

# The 63 provinces and centrally-run cities before the 2025 merger, canonical spelling.
PROVINCES_63 = (
    "Hà Nội", "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Điện Biên",
    "Lai Châu", "Sơn La", "Yên Bái", "Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Quảng Ninh",
    "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hải Phòng", "Hưng Yên",
    "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai",
    "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai",
    "Bà Rịa - Vũng Tàu", "TP. Hồ Chí Minh", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh",
    "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng",
    "Bạc Liêu", "Cà Mau",
)

# Each of the 34 units from 1 July 2025 and the old ones it absorbed.
MERGED_2025 = {
    "Hà Nội": (), "Thừa Thiên Huế": (), "Lai Châu": (), "Điện Biên": (), "Sơn La": (),
    "Lạng Sơn": (), "Quảng Ninh": (), "Thanh Hóa": (), "Nghệ An": (), "Hà Tĩnh": (),
    "Cao Bằng": (), "Tuyên Quang": ("Hà Giang",), "Lào Cai": ("Yên Bái",),
    "Thái Nguyên": ("Bắc Kạn",), "Phú Thọ": ("Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Giang",), "Hưng Yên": ("Thái Bình",), "Hải Phòng": ("Hải Dương",),
    "Ninh Bình": ("Hà Nam", "Nam Định"), "Quảng Trị": ("Quảng Bình",),
    "Đà Nẵng": ("Quảng Nam",), "Quảng Ngãi": ("Kon Tum",), "Gia Lai": ("Bình Định",),
    "Khánh Hòa": ("Ninh Thuận",), "Lâm Đồng": ("Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Phú Yên",), "TP. Hồ Chí Minh": ("Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Đồng Nai": ("Bình Phước",), "Tây Ninh": ("Long An",),
    "Cần Thơ": ("Sóc Trăng", "Hậu Giang"), "Vĩnh Long": ("Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Tiền Giang",), "Cà Mau": ("Bạc Liêu",), "An Giang": ("Kiên Giang",),
}

ALIASES = {
    "TP. Hồ Chí Minh": ("TPHCM", "TP.HCM", "TP. HCM", "TP HCM", "Tp.HCM", "HCMC", "Sài Gòn",
                        "Hồ Chí Minh", "Thành phố Hồ Chí Minh", "TP Hồ Chí Minh",
                        "TP.Hồ Chí Minh", "Ho Chi Minh City", "Saigon"),
    "Thừa Thiên Huế": ("Huế", "Thừa Thiên - Huế", "Thừa Thiên-Huế", "TT-Huế", "TT Huế"),
    "Bà Rịa - Vũng Tàu": ("Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "BR-VT", "Vũng Tàu"),
    "Đắk Lắk": ("Đắc Lắc", "Daklak", "Đăk Lăk", "Đắk Lăk"),
    "Đắk Nông": ("Đắc Nông", "Đăk Nông"),
    "Kon Tum": ("Kontum",),
    "Bắc Kạn": ("Bắc Cạn",),
    "Hà Nội": ("Hanoi", "Thủ đô Hà Nội"),
}
_LONGEST_NAME = 5  # words: "Thành phố Hồ Chí Minh"


def place_key(name: str) -> str:
    """Fold a place name to a lookup key.

    >>> place_key("TP.HCM"), place_key("Khánh Hoà"), place_key("Bà Rịa – Vũng Tàu")
    ('tphcm', 'khanhhoa', 'bariavungtau')
    """
    return fold_text(name).replace(" ", "")


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Map the key of every name and alias to its canonical name."""
    table = {place_key(name): name for name in PROVINCES_63}
    for name, aliases in ALIASES.items():
        table.update((place_key(alias), name) for alias in aliases)
    return table


def places_in(folded: list[str]) -> list[tuple[int, int, str]]:
    """Return (start, end, canonical name) of the places a query's folded words name.

    >>> places_in(["tinh", "uy", "quang", "tri"]), places_in(["tp", "hcm"])
    ([(2, 4, 'Quảng Trị')], [(0, 2, 'TP. Hồ Chí Minh')])
    """
    found, start = [], 0
    while start < len(folded):
        for end in range(min(len(folded), start + _LONGEST_NAME), start, -1):
            name = _names().get("".join(folded[start:end]))
            if name:
                found.append((start, end, name))
                start = end - 1
                break
        start += 1
    return found


def with_absorbed(unit: str) -> tuple[str, ...]:
    """Return a 2025 unit with the provinces it absorbed (a place alone if it is no unit).

    >>> with_absorbed("Quảng Trị"), with_absorbed("Quảng Bình")
    (('Quảng Trị', 'Quảng Bình'), ('Quảng Bình',))
    """
    return (unit, *MERGED_2025.get(unit, ()))


@lru_cache(maxsize=1)
def _units() -> dict[str, str]:
    """Map each of the 63 provinces to the 2025 unit it belongs to."""
    table = {unit: unit for unit in MERGED_2025}
    table.update((old, unit) for unit, olds in MERGED_2025.items() for old in olds)
    return table


def unit_counts(locality_counts: dict[str, int]) -> dict[str, int]:
    """Return page counts per 2025 unit, given counts per locality; most first.

    >>> unit_counts({"Quảng Bình": 3, "Quảng Trị": 2, "Hà Nội": 4})
    {'Quảng Trị': 5, 'Hà Nội': 4}
    """
    counts: dict[str, int] = {}
    units = _units()
    for locality, count in locality_counts.items():
        unit = units.get(locality)
        if unit:
            counts[unit] = counts.get(unit, 0) + count
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
