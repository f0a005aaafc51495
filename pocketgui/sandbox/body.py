"""Reading request bodies: a size cap, exact-decimal JSON, and typed field access.

Type errors (a string where a number belongs, a missing required field) answer
`validation_error`; a well-typed value that is wrong answers the field's own code, decided by
the caller. Fields nobody asked for answer `unknown_field`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.requests import Request

from pocketgui.sandbox.errors import ApiError, ErrorCode, invalid
from pocketgui.sandbox.jsonio import DuplicateKeyError, JsonDecodeError, loads

_INT_BOUND = 2**63  # an integral decimal above this stays refused: no giant int is built


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, 413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, 413)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_fields(request: Request, limit: int, empty_is_object: bool = False) -> Fields:
    """The body as a JSON object. An empty body counts as `{}` where the route allows it."""
    raw = await read_body(request, limit)
    if not raw.strip() and empty_is_object:
        return Fields({})
    try:
        data = loads(raw)
    except DuplicateKeyError as exc:
        raise invalid(str(exc), ErrorCode.DUPLICATE_KEY) from exc
    except JsonDecodeError as exc:
        raise invalid(str(exc), ErrorCode.INVALID_JSON) from exc
    return Fields(data, "body")


class Fields:
    """A JSON object whose fields are taken one by one, by type."""

    def __init__(self, data: Any, where: str = "body") -> None:
        if not isinstance(data, dict):
            raise invalid(f"{where} must be a JSON object")
        self.data: dict[str, Any] = data
        self.where = where
        self._taken: set[str] = set()

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def _take(self, name: str, required: bool) -> Any:
        self._taken.add(name)
        value = self.data.get(name)
        if value is None and required:
            raise invalid(f"{self.where}.{name} is required")
        return value

    def _wrong_type(self, name: str, expected: str) -> ApiError:
        return invalid(f"{self.where}.{name} must be {expected}")

    def string(self, name: str, required: bool = True, max_length: int = 1024) -> str | None:
        value = self._take(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._wrong_type(name, "a string")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:  # a lone surrogate (JSON allows "\ud800")
                raise invalid(f"{self.where}.{name} is not valid Unicode text") from exc
        if len(value) > max_length:
            raise invalid(f"{self.where}.{name} is longer than {max_length} characters")
        return value

    def boolean(self, name: str, required: bool = True) -> bool | None:
        value = self._take(name, required)
        if value is not None and not isinstance(value, bool):
            raise self._wrong_type(name, "true or false")
        return value

    def number(self, name: str, required: bool = True) -> Decimal | None:
        """A JSON number as an exact Decimal (never a string, never a boolean)."""
        value = self._take(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self._wrong_type(name, "a number")
        return Decimal(value)

    def integer(self, name: str, required: bool = True) -> int | None:
        """An integer; `1.0` and `1e3` are integers too, as JSON Schema says (the OpenAPI
        document cannot refuse them, so neither does the sandbox)."""
        value = self._take(name, required)
        if isinstance(value, Decimal) and value.is_finite() and abs(value) <= _INT_BOUND \
                and value == value.to_integral_value():
            value = int(value)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise self._wrong_type(name, "an integer")
        return value

    def object(self, name: str, required: bool = True) -> Fields | None:
        value = self._take(name, required)
        if value is None:
            return None
        return Fields(value, f"{self.where}.{name}")

    def reject_unknown(self) -> None:
        unknown = sorted(set(self.data) - self._taken)
        if unknown:
            raise invalid(
                f"{self.where}.{unknown[0]} is not a known field", ErrorCode.UNKNOWN_FIELD
            )
