"""JSON that never turns money into binary floats: `pocketgui.formats.decimal_json`, under the
name the client's modules have always imported it by."""

from pocketgui.formats.decimal_json import JsonDecodeError, decimal_to_json, dumps, loads

__all__ = ["JsonDecodeError", "decimal_to_json", "dumps", "loads"]
