"""Facets as the results page shows them: the commonest values first, the rest behind
"Xem thêm", and the active filters as removable chips."""

from __future__ import annotations

from collections.abc import Mapping

from search import NO_YEAR

from .results import link

# Provinces: the 34 units of 1 July 2025, each with the provinces it absorbed.
FACET_LABELS = {"locality": "Địa phương", "province": "Tỉnh, thành mới", "year": "Năm"}
VALUE_LABELS = {"year": {NO_YEAR: "Không rõ năm"}}
SHOWN = 8  # values listed before "Xem thêm"; more than this makes the sidebar a wall


def value_label(name: str, value: str) -> str:
    """Return how a facet value reads on the page."""
    return VALUE_LABELS.get(name, {}).get(value, value)


def facet_groups(result: dict, params: Mapping[str, str], endpoint: str) -> list[dict]:
    """Return the facets as groups of filter links that keep the query, in the search's
    order (localities by count, years newest first, undated last)."""
    groups = []
    for name, label in FACET_LABELS.items():
        counts = result.get("facetDistribution", {}).get(name) or {}
        selected = params.get(name, "")
        links = [{"value": value, "label": value_label(name, value), "count": count,
                  "selected": value == selected,
                  "url": link(endpoint, params, page=None,
                              **{name: None if value == selected else value})}
                 for value, count in counts.items()]
        if not links:
            continue
        shown, more = _split(links)
        groups.append({"name": name, "label": label, "links": shown, "more": more,
                       "clear_url": link(endpoint, params, page=None, **{name: None})
                       if selected else None})
    return groups


def _split(links: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split links into those shown and those behind "Xem thêm"; a chosen one stays shown."""
    if len(links) <= SHOWN + 2:  # hiding one or two values saves nothing
        return links, []
    shown, more = links[:SHOWN], links[SHOWN:]
    chosen = [item for item in more if item["selected"]]
    return shown + chosen, [item for item in more if not item["selected"]]


def active_filters(params: Mapping[str, str], endpoint: str) -> list[dict]:
    """Return the filters in force, each with the link that removes it."""
    return [{"name": name, "label": label, "value": value_label(name, params[name]),
             "url": link(endpoint, params, page=None, **{name: None})}
            for name, label in FACET_LABELS.items() if params.get(name)]


def clear_all(params: Mapping[str, str], endpoint: str) -> str:
    """Return the link that removes every filter and keeps the query and its order."""
    return link(endpoint, params, page=None, **dict.fromkeys(FACET_LABELS))
