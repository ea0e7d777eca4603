"""Typed errors of the search library; messages are sentences that name the fix.

Each error also carries a stable machine `code` and the `details` a caller needs to say
the same thing in another language (the web pages speak Vietnamese).
"""


class SearchError(Exception):
    """Base of every error the search library raises on purpose."""

    status = 400
    code = "search_error"

    def __init__(self, message: str, code: str | None = None, **details) -> None:
        super().__init__(message)
        self.code = code or self.code
        self.details = details


class IndexMissing(SearchError):
    """No usable index exists at the configured place."""

    status = 503
    code = "index_missing"

    def __init__(self, index_dir) -> None:
        super().__init__(f"No index at {index_dir}. Run `vpsearch reindex` first.")
        self.index_dir = index_dir


class IndexUnreadable(IndexMissing):
    """The served generation is there but part of it is damaged or of another layout."""

    code = "index_unreadable"

    def __init__(self, index_dir, reason: str, full: bool = False) -> None:
        command = "vpsearch reindex --full" if full else "vpsearch reindex"
        what = "rebuild it" if full else "rewrite what is damaged"
        SearchError.__init__(self, f"The index at {index_dir} cannot be read: {reason}. "
                             f"Run `{command}` to {what}.", command=command)
        self.index_dir = index_dir


class IndexOutdated(SearchError):
    """The index was built by another analyzer version."""

    status = 503
    code = "index_outdated"

    def __init__(self, index_dir, found: str, wanted: str) -> None:
        super().__init__(
            f"The index at {index_dir} was built with analyzer {found}, this version needs "
            f"{wanted}. Run `vpsearch reindex --full`."
        )
        self.index_dir = index_dir


class IndexBusy(SearchError):
    """Another reindex holds the index lock."""

    status = 409
    code = "index_busy"

    def __init__(self, index_dir) -> None:
        super().__init__(
            f"Another reindex of {index_dir} is running. Wait for it to finish, then try again."
        )


class BadParameter(SearchError):
    """A request parameter has a value the search cannot use."""

    code = "invalid_parameter"


class QuerySyntaxError(SearchError):
    """A query cannot be searched as typed."""

    code = "invalid_query"


class DocumentNotFound(SearchError):
    """No document has the requested id."""

    status = 404
    code = "article_not_found"

    def __init__(self, doc_id: str) -> None:
        super().__init__(f"No article has the id {doc_id!r}. Check the link or search again.",
                         doc_id=doc_id)
        self.doc_id = doc_id
