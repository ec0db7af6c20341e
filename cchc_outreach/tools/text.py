"""Cleaning and folding of user-typed text.

Everything a citizen types in the public feedback form goes through :func:`clean_text`
before it is stored: it removes the characters that cannot be seen (control and format
characters, private-use and unassigned code points, "filler" letters), turns every kind of
space into a plain space and normalises line breaks. :func:`has_substance` tells whether a
value still says something once cleaned (a field made only of invisible characters or
punctuation counts as empty), and :func:`fold` gives a case- and diacritics-insensitive form
for comparisons (``fold("NGUYỄN Văn Đức") == "nguyen van duc"``).
"""

import re
import unicodedata

__all__ = ["clean_filename", "clean_text", "fold", "has_substance"]

# Categories removed outright: control (Cc, except the kept whitespace), format (Cf: zero-width
# characters, bidirectional marks and overrides, soft hyphen, tags, ...), surrogates (Cs),
# private use (Co) and unassigned (Cn) code points.
_REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})

# Invisible characters that are not in category Cf: Hangul fillers (Lo), the braille blank
# (So), the combining grapheme joiner (Mn) and the Khmer inherent vowels (Mn).
_INVISIBLE_FILLERS = frozenset("\u3164\u115f\u1160\uffa0\u2800\u034f\u17b4\u17b5")

# Line and paragraph separators (Zl, Zp) end a line in multi-line text.
_LINE_BREAKS = frozenset("\n\u2028\u2029\x85")

_SPACES_RE = re.compile(r" {2,}")
_BLANK_LINES_RE = re.compile(r"\n{4,}")
_FILENAME_BAD_RE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_EXTENSION_RE = re.compile(r"[0-9a-z]{1,8}")

FILENAME_STEM_MAX = 100
FILENAME_DEFAULT_STEM = "file"


def _as_text(value):
    """``value`` as a ``str`` (``None`` and ``False``, Odoo's empty value, give ``""``)."""
    if value is None or value is False:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)


def clean_text(value, multiline=False):
    """Return ``value`` without invisible characters and with normalised whitespace.

    * the text is put in Unicode NFC;
    * control characters are removed, except line feeds (and tabs) in multi-line text; the
      control characters that are whitespace (tab, vertical tab, form feed, ...) become a
      space instead of being removed, so that they do not glue two words together;
    * format characters (category Cf: zero-width spaces and joiners, word joiner, BOM, soft
      hyphen, bidirectional marks, embeddings, overrides and isolates, tag characters, ...),
      surrogates, private-use and unassigned code points, and the invisible fillers that
      are not in Cf (U+3164, U+115F, U+1160, U+FFA0, U+2800, ...) are removed;
    * every other kind of whitespace (U+00A0, U+2000-U+200A, U+3000, ...) becomes a space.

    Single-line (default): runs of whitespace become one space and the result is stripped.
    Multi-line: CRLF and CR become LF, trailing spaces are removed from each line, runs of
    three or more blank lines become two blank lines and the result is stripped.
    """
    text = unicodedata.normalize("NFC", _as_text(value))
    if not text:
        return ""
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    chars = []
    for char in text:
        if char in _LINE_BREAKS:
            chars.append("\n" if multiline else " ")
        elif char == "\t" and multiline:
            chars.append(char)
        elif char.isspace():
            chars.append(" ")
        elif char in _INVISIBLE_FILLERS or unicodedata.category(char) in _REMOVED_CATEGORIES:
            continue
        else:
            chars.append(char)
    # Removing a joiner may bring a base letter and a combining mark together again.
    text = unicodedata.normalize("NFC", "".join(chars))
    if not multiline:
        return _SPACES_RE.sub(" ", text).strip()
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n\n\n", text).strip()


def has_substance(value):
    """True when ``value`` keeps at least one letter or digit once cleaned.

    A value made only of invisible characters, whitespace, punctuation or symbols is treated
    as empty.
    """
    return any(unicodedata.category(char)[0] in "LN" for char in clean_text(value, True))


def fold(value):
    """Return the form of ``value`` used to compare texts.

    The text is cleaned (single line), case-folded, stripped of its diacritics (NFD and
    removal of the combining marks; the Vietnamese ``đ`` becomes ``d``) and its whitespace is
    collapsed: ``fold("NGUYỄN Văn Đức") == "nguyen van duc"``.
    """
    text = clean_text(value).casefold().replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_filename(filename):
    """Return a safe file name for ``filename`` as sent by a browser.

    Only the last component of the path is kept (Windows paths too), the text is cleaned,
    the characters that are not allowed in file names on common systems
    (``\\x00-\\x1f \\x7f < > : " / \\ | ? *``) become ``_``, leading and trailing dots and
    spaces are removed, the stem is cut to 100 characters (``"file"`` when nothing is left)
    and the extension is kept in lower case. An "extension" that is longer than 8 characters
    or not made of ASCII letters and digits is considered part of the stem.
    """
    name = _as_text(filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = _FILENAME_BAD_RE.sub("_", clean_text(name))
    stem, dot, extension = name.rpartition(".")
    extension = extension.strip().lower()
    if not dot or not _EXTENSION_RE.fullmatch(extension):
        stem, extension = name, ""
    stem = stem.strip(" .")[:FILENAME_STEM_MAX].rstrip(" .") or FILENAME_DEFAULT_STEM
    return f"{stem}.{extension}" if extension else stem
