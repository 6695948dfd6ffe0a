"""Reading an IATI file safely and checking it against the 2.03 XSD (shipped in
``data/schema-2.03``, copies of shared/data/iati/schema-2.03)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from accord.interop.codelists import SCHEMA_DIR

#: How many of the validator's messages an error shows at most.
MAX_MESSAGES = 50


class SchemaInvalid(Exception):
    """The file is not XML, or not IATI 2.03 activity XML; ``messages`` say where."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


@cache
def activities_schema() -> Any:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def _parser() -> Any:
    # No network, no entity expansion, no DTD: an upload is untrusted.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )


def parse_and_validate(content: bytes) -> Any:
    """The parsed document, or ``SchemaInvalid`` with the parser's or validator's messages."""
    try:
        document = etree.fromstring(content, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise SchemaInvalid(
            [_("line %(line)s: %(message)s") % {"line": exc.lineno, "message": exc.msg}]
        ) from exc
    schema = activities_schema()
    if not schema.validate(document):
        messages = [
            _("line %(line)s: %(message)s") % {"line": error.line, "message": error.message}
            for error in schema.error_log
        ]
        raise SchemaInvalid(messages[:MAX_MESSAGES])
    return document
