"""Domain errors raised by services. The API turns them into JSON with a Chinese `detail`;
HTML views show the same message. Each carries a machine `code`."""

import zipfile
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http.multipartparser import MultiPartParserError
from lxml.etree import ParseError as LxmlParseError
from openpyxl.utils.exceptions import InvalidFileException

from shuanglian.lib.parse import BadInput


class BusinessError(Exception):
    """A rule refused the request (HTTP 400)."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class TransitionNotAllowed(BusinessError):
    """The action is not allowed from the object's current state (HTTP 409)."""

    status = 409
    code = "transition_not_allowed"


class ConcurrentUpdate(BusinessError):
    """Someone else changed the object first; nothing was written (HTTP 409)."""

    status = 409
    code = "concurrent_update"


# --- parse errors of user input ---------------------------------------------------------------
# Anything a client can make a parser raise is the client's error, not ours: a 400 with a Chinese
# message (never a 500, never Django's English page). core.middleware and core.api both ask here.

TOO_LARGE = "提交的内容过大（超过 {mb} MB），请删减内容或分批提交。"
TOO_MANY_FIELDS = "提交的字段或文件过多，请检查后重新提交。"
NOT_UTF8 = "提交的内容不是 UTF-8 编码的文字，无法读取。请使用浏览器或以 UTF-8 编码重新提交。"
BROKEN_FORM = "提交的表单格式不完整或已损坏，请刷新页面后重新提交。"
BROKEN_FILE = "上传的文件已损坏或不是有效的 Office 文件（.xlsx / .docx），请使用下载的模板重新保存后上传。"
UNSAFE_FILE = "上传的文件内容无法解析：含有不允许的结构（如 DTD、外部实体）或格式错误。请用 Excel 或 WPS 另存为 .xlsx 后重新上传。"


# A DTD, an undefined entity or broken XML in an upload, whichever parser read it (expat through
# ElementTree, or lxml). openpyxl may use defusedxml when installed; its errors subclass ValueError
# and are caught by lib.excel.read_table.
XML_ERRORS = (ParseError, ExpatError, LxmlParseError)


def user_input_error(exc: BaseException) -> tuple[str, str] | None:
    """(Chinese message, machine code) when `exc` is a parse error of user input, else None."""
    if isinstance(exc, BadInput):
        return exc.message, exc.code
    if isinstance(exc, RequestDataTooBig):
        return TOO_LARGE.format(mb=settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)), "too_large"
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return TOO_MANY_FIELDS, "too_many_fields"
    if isinstance(exc, MultiPartParserError):
        return BROKEN_FORM, "invalid_form"
    if isinstance(exc, UnicodeDecodeError):
        return NOT_UTF8, "invalid_encoding"
    if isinstance(exc, zipfile.BadZipFile | InvalidFileException):
        return BROKEN_FILE, "invalid_file"
    if isinstance(exc, XML_ERRORS):
        return UNSAFE_FILE, "invalid_file"
    return None
