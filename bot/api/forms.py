"""multipart/form-data bodies (`curl -F`) read into their text fields and one file."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

import falcon
from falcon.media.multipart import BodyPart, MultipartFormHandler, MultipartParseOptions

from bot.api.bodies import UPLOAD_BODY_BYTES, read_bytes
from core.errors import MalformedBody

FIELD_BYTES = 4096  # a text field: commit=save, source=NAME, window=FROM..TO
FILE_NAME_CHARS = 100
# curl -F with Hotpot's documented `Content-Type: application/x-www-form-urlencoded` header
# sends that type with a boundary and a multipart body: read it as what it is.
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


@dataclass(frozen=True)
class Form:
    """The text fields by name (the first of each) and the one file part, if any."""

    fields: dict[str, str] = field(default_factory=dict)
    file: bytes | None = None
    file_name: str = ""


def read_form(req: falcon.Request, file_field: str, expected: str) -> Form:
    """The whole body, read within UPLOAD_BODY_BYTES, parsed to its closing boundary: a
    truncated form is refused, never read as far as it goes. `expected` says what to send."""
    content_type = _multipart_type(req, expected)
    body = read_bytes(req, UPLOAD_BODY_BYTES)
    handler = MultipartFormHandler(_OPTIONS)
    try:
        parts = handler.deserialize(io.BytesIO(body), content_type, len(body))
        return _collect(parts, file_field, expected)
    except falcon.MediaMalformedError as exc:  # MultipartParseError: the form's structure
        raise MalformedBody("as a multipart form", str(exc.description), expected) from None
    except (UnicodeDecodeError, ValueError) as exc:  # part headers that are not UTF-8
        raise MalformedBody("in a part's headers", str(exc), expected) from None


def _multipart_type(req: falcon.Request, expected: str) -> str:
    content_type = req.content_type or ""
    media_type, options = falcon.parse_header(content_type)
    if media_type.lower() not in FORM_TYPES or (
        media_type.lower() != FORM_TYPES[0] and "boundary" not in options
    ):
        raise falcon.HTTPUnsupportedMediaType(
            description=f"Send {expected}, not {media_type or 'a body without a type'}."
        )
    boundary = options.get("boundary", "").strip()
    if not 1 <= len(boundary) <= 70:
        why = "it has no boundary" if not boundary else "its boundary is over 70 characters"
        raise MalformedBody("in its Content-Type header", why, expected)
    return content_type


def _options() -> MultipartParseOptions:
    options = MultipartParseOptions()
    options.max_body_part_count = 16
    return options


_OPTIONS = _options()


def _collect(parts: Iterable[BodyPart], file_field: str, expected: str) -> Form:
    """Every part is iterated, to the closing boundary, before anything is used."""
    fields: dict[str, str] = {}
    file: bytes | None = None
    file_name = ""
    for part in parts:
        name = part.name
        if name == file_field:
            if file is not None:
                raise MalformedBody("as a multipart form", f"it has two {name} parts", expected)
            # the body it is part of was read within UPLOAD_BODY_BYTES; core checks 10 MiB
            file, file_name = part.stream.read(), _file_name(part.filename)
        elif name is not None and name not in fields:
            fields[name] = _text(part, name, expected)
    return Form(fields, file, file_name)


def _text(part: BodyPart, name: str, expected: str) -> str:
    value = part.stream.read(FIELD_BYTES + 1)
    if len(value) > FIELD_BYTES:
        raise MalformedBody(f"in its part {name!r}", f"it is over {FIELD_BYTES} bytes", expected)
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedBody(f"in its part {name!r}", "it is not UTF-8", expected) from None


def _file_name(sent: str | None) -> str:
    """The name a client gave its file, without folders or unprintable characters; it
    becomes the label of rows without a name ("Imported from NAME")."""
    base = (sent or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in base if c.isprintable()).strip()[:FILE_NAME_CHARS]
