"""What the HTML pages say about an error, in Vietnamese, chosen by its machine code."""

from __future__ import annotations

from .results import vn_number

# One sentence per error code; details fill the blanks. The JSON API keeps the English
# sentence of the search library and adds the code.
SENTENCES = {
    "index_missing": "Chưa có chỉ mục tìm kiếm. Người quản trị cần chạy lệnh "
                     "“vpsearch reindex” rồi thử lại.",
    "index_outdated": "Chỉ mục tìm kiếm được xây dựng bởi phiên bản cũ. Người quản trị cần "
                      "chạy lệnh “vpsearch reindex --full”.",
    "index_unreadable": "Chỉ mục tìm kiếm bị hỏng hoặc thuộc định dạng cũ. Người quản trị cần "
                        "chạy lệnh “{command}”.",
    "index_busy": "Chỉ mục đang được xây dựng lại. Vui lòng thử lại sau ít phút.",
    "article_not_found": "Không có bài viết nào mang mã “{doc_id}”. Hãy kiểm tra lại đường "
                         "dẫn hoặc tìm kiếm lại.",
    "invalid_query": "Không thể tìm với từ khóa này. Hãy sửa lại từ khóa rồi thử lại.",
    "query_too_long": "Từ khóa dài {length} ký tự; hãy rút gọn còn tối đa {largest} ký tự.",
    "bad_request": "Yêu cầu không hợp lệ. Hãy kiểm tra lại địa chỉ rồi thử lại.",
    "not_found": "Không có trang nào ở địa chỉ này. Hãy kiểm tra lại đường dẫn hoặc "
                 "tìm kiếm lại.",
    "method_not_allowed": "Địa chỉ này chỉ nhận yêu cầu GET. Hãy mở nó như một liên kết.",
    "internal_error": "Đã có lỗi ở phía máy chủ. Vui lòng thử lại sau giây lát.",
}
PARAMETERS = {
    "page": "Số trang phải là số nguyên từ 1 đến {largest}, không phải “{value}”.",
    "hitsPerPage": "Số kết quả mỗi trang phải là số nguyên từ 1 đến {largest}, "
                   "không phải “{value}”.",
    "sort": "Chỉ có thể sắp xếp theo “relevance” (liên quan nhất) hoặc “date” (mới nhất), "
            "không phải “{value}”.",
    "year": "Năm phải gồm bốn chữ số, ví dụ 2020, không phải “{value}”.",
}
HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed",
              500: "internal_error"}


def sentence(code: str, details: dict | None = None) -> str:
    """Return the Vietnamese sentence for an error code, or the generic one for its kind."""
    details = {k: _shown(v) for k, v in (details or {}).items()}
    template = PARAMETERS.get(details.get("parameter", "")) if code == "invalid_parameter" \
        else SENTENCES.get(code)
    try:
        return (template or SENTENCES["bad_request"]).format(**details)
    except (KeyError, IndexError, ValueError):  # a template and its details disagree
        return SENTENCES["bad_request"]


def http_code(status: int) -> str:
    """Return the machine code of an HTTP error status."""
    return HTTP_CODES.get(status, "bad_request" if status < 500 else "internal_error")


def _shown(value: object, longest: int = 40) -> str:
    """Return a detail as shown in a sentence: numbers with dots, long text cut short."""
    if isinstance(value, int):
        return vn_number(value)
    text = str(value)
    return text if len(text) <= longest else text[:longest] + "…"
