"""One error shape: JSON {"ok": false, "error", "code", "status"} for the API, a Vietnamese
page for people."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from search import SearchError

from .messages import http_code, sentence

JSON_PREFIXES = ("/api/", "/healthz")
XML_PATHS = ("/search.atom", "/opensearch.xml")  # feed readers expect XML, even for errors
MESSAGES = {
    400: "The request is not valid. Check the address and try again.",
    404: "There is no page at this address. Check the link or search again.",
    405: "This address only answers GET requests. Open it as a link instead.",
    500: "Something went wrong on our side. Try again in a moment.",
}
TITLES = {
    400: "Yêu cầu chưa hợp lệ",
    404: "Không tìm thấy trang",
    405: "Phương thức không được hỗ trợ",
    503: "Tìm kiếm tạm thời chưa sẵn sàng",
}


def init_app(app: Flask) -> None:
    """Register the error handlers on the app."""
    app.register_error_handler(SearchError, handle_search_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def error_response(message: str, status: int, code: str | None = None,
                   details: dict | None = None) -> Response:
    """Render an error as JSON (English sentence and machine code) for API paths and as a
    Vietnamese HTML page elsewhere."""
    code = code or http_code(status)
    if request.path.startswith(JSON_PREFIXES):
        extra = {"parameter": details["parameter"]} if details and "parameter" in details else {}
        response = jsonify(ok=False, error=message, code=code, status=status, **extra)
    elif request.path in XML_PATHS:
        response = Response(f'<?xml version="1.0" encoding="utf-8"?>\n<error status="{status}" '
                            f'code="{escape(code)}">{escape(message)}</error>\n',
                            mimetype="application/xml")
    else:
        title = TITLES.get(status, "Đã có lỗi xảy ra")
        response = Response(render_template("error.html", title=title,
                                            message=sentence(code, details),
                                            status=status, q=request.args.get("q", "")))
    response.status_code = status
    return response


def handle_search_error(error: SearchError) -> Response:
    """Turn a search library error into its status with the library's sentence."""
    return error_response(str(error), getattr(error, "status", 400),
                          getattr(error, "code", None), getattr(error, "details", None))


def handle_http_error(error: HTTPException) -> Response | HTTPException:
    """Turn a routing or HTTP error into the error shape; pass redirects through."""
    if error.code is None or error.code < 400:
        return error
    status = error.code
    response = error_response(MESSAGES.get(status, MESSAGES[400 if status < 500 else 500]),
                              status)
    allow = error.get_response().headers.get("Allow")
    if allow:
        response.headers["Allow"] = allow
    return response


def handle_unexpected_error(error: Exception) -> Response:
    """Log an unexpected error and answer 500 without a trace."""
    current_app.logger.exception("Unexpected error on %s", request.path)
    return error_response(MESSAGES[500], 500)
