"""Remote text (a receiver's SMTP banner, resource names, tags, ARM error messages) made safe for a terminal.

Anything Azure or a mail server sends may hold escape sequences that clear the screen, set the window title or fake
coloured text. Every table, TSV line and stderr message goes through `clean`; JSON keeps the exact text, which
its encoder escapes."""
import re

# ESC-introduced sequences (CSI, OSC up to BEL or ST, other two-byte escapes) and their C1 forms, whole
_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
                       r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
                       r"|\x1b[ -/]*[0-~]?")
# What is left: C0 and C1 controls, DEL, and the Unicode marks that reorder or hide text (bidi, zero width)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[\t\n\r\v\f]")


def clean(text) -> str:
    """`text` with escape sequences removed and every other control character dropped; tabs and line breaks
    become spaces (a remote line break would fake a table row)."""
    if text is None:
        return ""
    return _CONTROL.sub("", _SEQUENCE.sub("", _SPACES.sub(" ", str(text))))


def clean_all(value):
    """`value` (the JSON-ready result: dicts, lists, strings) with every string cleaned, for the outputs a terminal
    shows as they are (table, TSV, YAML, none)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_all(k): clean_all(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_all(v) for v in value]
    return value
