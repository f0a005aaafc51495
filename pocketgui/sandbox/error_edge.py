"""The error edge: every answer that is not 2xx is `{"error": code, "documentation_uri": ...}`
with a code from `ErrorCode`, and nothing a client sends yields a 5xx.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.routing import Match
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

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        headers = dict(exc.headers or {})
        if status == 405:  # Starlette names only the first route that matched the path
            headers["Allow"] = ", ".join(_allowed_methods(app, request.scope))
        return _error(STATUS_CODES.get(status, ErrorCode.BAD_REQUEST), status, headers)

    async def hung_up(request: Request, _: Exception) -> Response:
        log.info("client hung up during %s %s", request.method, request.url.path)
        return _error(ErrorCode.BAD_REQUEST, 400)  # no one reads it; uvicorn drops it

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(ErrorCode.BAD_REQUEST, 400)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(ClientDisconnect, hung_up)
    app.add_exception_handler(Exception, unexpected)  # last resort: Starlette re-raises it
    app.add_middleware(_CatchAll)


def _allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method some route serves at this path."""
    methods: set[str] = set()
    for route in app.router.routes:
        match, _ = route.matches(scope)
        if match is not Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


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
        await answer_errors(self.app, scope, receive, send, _error(ErrorCode.BAD_REQUEST, 400))


async def answer_errors(app: ASGIApp, scope: Scope, receive: Receive, send: Send,
                        fallback: Response) -> None:
    """Runs `app`; a bug is logged and answered with `fallback` when no answer has started yet
    (once one has, the server must drop the connection), and a client hanging up is one quiet
    line. Shared by the API's catch-all and the Esplora routes, which bypass the API's
    middleware."""
    started = False

    async def watched_send(message: Message) -> None:
        nonlocal started
        started = started or message["type"] == "http.response.start"
        await send(message)

    try:
        await app(scope, receive, watched_send)
    except ClientDisconnect:  # a hang-up is no error: nothing to answer, nothing to trace
        log.info("client hung up during %s %s", scope.get("method"), scope.get("path"))
    except Exception:
        log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
        if started:
            raise
        await fallback(scope, receive, send)
