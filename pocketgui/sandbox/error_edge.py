"""The error edge: every answer that is not 2xx is `{"error": code, "documentation_uri": ...}`
with a code from `ErrorCode`, and nothing a client sends yields a 5xx.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pocketgui.sandbox.errors import STATUS_CODES, ApiError, ErrorCode, error_body
from pocketgui.sandbox.jsonio import JsonResponse

log = logging.getLogger(__name__)


def _error(code: ErrorCode, status: int, headers: dict[str, str] | None = None) -> Response:
    return JsonResponse(error_body(code), status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    async def api_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return _error(exc.code, exc.status)

    async def validation_error(_: Request, exc: Exception) -> Response:
        return _error(ErrorCode.VALIDATION_ERROR, 400)

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        headers = dict(exc.headers or {})
        return _error(STATUS_CODES.get(status, ErrorCode.BAD_REQUEST), status, headers)

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(ErrorCode.BAD_REQUEST, 400)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)  # last resort: Starlette re-raises it
    app.add_middleware(_CatchAll)


class _CatchAll:
    """A bug must still answer 4xx with the error shape (and be logged). Caught here, inside
    Starlette's ServerErrorMiddleware, the connection also stays usable: that middleware
    re-raises to the server, which then drops the keep-alive connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception:
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _error(ErrorCode.BAD_REQUEST, 400)(scope, receive, send)
