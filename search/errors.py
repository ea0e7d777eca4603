"""Typed errors of the search library; messages are sentences that name the fix."""


class SearchError(Exception):
    """Base of every error the search library raises on purpose."""

    status = 400


class IndexMissing(SearchError):
    """No usable index exists at the configured place."""

    status = 503

    def __init__(self, index_dir) -> None:
        super().__init__(f"No index at {index_dir}. Run `vpsearch reindex` first.")
        self.index_dir = index_dir


class IndexOutdated(SearchError):
    """The index was built by another analyzer version."""

    status = 503

    def __init__(self, index_dir, found: str, wanted: str) -> None:
        super().__init__(
            f"The index at {index_dir} was built with analyzer {found}, this version needs "
            f"{wanted}. Run `vpsearch reindex --full`."
        )


class IndexBusy(SearchError):
    """Another reindex holds the index lock."""

    status = 409

    def __init__(self, index_dir) -> None:
        super().__init__(
            f"Another reindex of {index_dir} is running. Wait for it to finish, then try again."
        )


class BadParameter(SearchError):
    """A request parameter has a value the search cannot use."""


class QuerySyntaxError(SearchError):
    """A query cannot be searched as typed."""


class DocumentNotFound(SearchError):
    """No document has the requested id."""

    status = 404

    def __init__(self, doc_id: str) -> None:
        super().__init__(f"No article has the id {doc_id!r}. Check the link or search again.")
        self.doc_id = doc_id
