"""The layout is the architecture: indexer -> search <- web, Whoosh only inside search/."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def imported_packages(package):
    for path in (REPO / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, node.module.split(".")[0]


@pytest.mark.parametrize("package, forbidden", [
    ("search", {"indexer", "web", "flask"}),
    ("web", {"indexer", "whoosh"}),
    ("indexer", {"web", "flask"}),
], ids=["search-imports-neither", "web-never-imports-indexer-or-whoosh", "indexer-never-imports-web"])
def test_packages_import_only_along_the_arrows(package, forbidden):
    offending = [f"{path.relative_to(REPO)} imports {name}"
                 for path, name in imported_packages(package) if name in forbidden]
    assert offending == []


def test_modules_stay_small():
    large = [f"{p.relative_to(REPO)}: {n} lines" for pkg in ("search", "indexer", "web")
             for p in (REPO / pkg).rglob("*.py")
             if (n := len(p.read_text(encoding="utf-8").splitlines())) > 330]
    assert large == []
