"""A reader for the small part of PHP's serialize() format that WordPress plugins keep in meta
(wpDiscuz's vote counts): null, booleans, integers, floats, strings and arrays of them.

It builds only Python scalars, lists and dicts. Objects (`O:`), custom-serialised values
(`C:`) and references (`r:`, `R:`) are refused: PHP's unserialize() would build objects from
them, which is why a plugin's meta is never handed to a general unserialiser. Input is text;
string lengths are counted in UTF-8 bytes, as PHP counts them.
"""

MAX_DEPTH = 32
MAX_LENGTH = 1_000_000


class PHPValueError(ValueError):
    """The text is not a serialised PHP value that this reader accepts."""


def loads(text):
    """The value serialised in `text`; PHPValueError when it is malformed or not allowed."""
    data = text.encode() if isinstance(text, str) else bytes(text)
    if len(data) > MAX_LENGTH:
        raise PHPValueError("too long")
    value, end = _value(data, 0, 0)
    if end != len(data):
        raise PHPValueError(f"unexpected data at byte {end}")
    return value


def _until(data, pos, char):
    end = data.find(char, pos)
    if end < 0:
        raise PHPValueError(f"missing {char!r} after byte {pos}")
    return data[pos:end].decode("ascii", "replace"), end + 1


def _int(token):
    digits = token[1:] if token[:1] in {"-", "+"} else token
    if not digits.isdigit():
        raise PHPValueError(f"not an integer: {token!r}")
    return int(token)


def _value(data, pos, depth):
    if depth > MAX_DEPTH:
        raise PHPValueError("nested too deeply")
    kind = data[pos : pos + 2]
    if kind == b"N;":
        return None, pos + 2
    if kind in {b"b:", b"i:", b"d:"}:
        token, end = _until(data, pos + 2, b";")
        if kind == b"b:":
            if token not in {"0", "1"}:
                raise PHPValueError(f"not a boolean: {token!r}")
            return token == "1", end
        if kind == b"i:":
            return _int(token), end
        try:
            return float(token), end
        except ValueError:
            raise PHPValueError(f"not a number: {token!r}") from None
    if kind == b"s:":
        token, start = _until(data, pos + 2, b":")
        length = _int(token)
        if length < 0 or data[start : start + 1] != b'"':
            raise PHPValueError(f"malformed string at byte {pos}")
        start += 1
        end = start + length
        if data[end : end + 2] != b'";':
            raise PHPValueError(f"string length does not match at byte {pos}")
        return data[start:end].decode("utf-8", "replace"), end + 2
    if kind == b"a:":
        token, start = _until(data, pos + 2, b":")
        count = _int(token)
        if count < 0 or data[start : start + 1] != b"{":
            raise PHPValueError(f"malformed array at byte {pos}")
        pos = start + 1
        items = {}
        for _ in range(count):
            key, pos = _value(data, pos, depth + 1)
            if not isinstance(key, (int, str)) or isinstance(key, bool):
                raise PHPValueError("an array key must be an integer or a string")
            items[key], pos = _value(data, pos, depth + 1)
        if data[pos : pos + 1] != b"}":
            raise PHPValueError(f"array not closed at byte {pos}")
        return items, pos + 1
    raise PHPValueError(f"type {kind[:1].decode('ascii', 'replace')!r} is not accepted")
