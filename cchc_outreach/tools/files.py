"""Checks of the attachments that citizens upload with their feedback.

Files are checked by their structure, not by their first bytes: a file is accepted only
when it is fully parsed as the type its extension announces and nothing active is found in
it. :func:`check_upload` returns a :class:`CheckedFile` holding the bytes to store, or raises
:class:`FileRefused` with a machine code (the Odoo side turns the codes into translated
messages; ``str()`` gives an English default).

Accepted types (by extension):

* ``jpg``/``jpeg`` and ``png``: decoded with Pillow (``verify()`` then a full ``load()``),
  the decoded format must match the extension, the pixel count is bounded (decompression
  bombs are refused, not warned about), the EXIF orientation is applied and the image is
  **re-encoded**: what is stored is the new file, so anything appended after the image (a
  zip, an HTML page, an executable) and all metadata (EXIF, XMP, comments, ICC profile,
  text chunks) are gone.
* ``pdf``: the ``%PDF-`` header must be in the first KiB and nothing but a little padding
  may follow the last ``%%EOF`` (no HTML or script before or after: PDF/HTML polyglots are
  refused). The file is parsed with PyPDF2 (``strict=False``) and every object of its
  cross-reference tables, classic or compressed in object streams, is read, as is the
  trailer; the file is refused when a dictionary holds JavaScript, launch, submit-form,
  import-data or embedded-go-to actions, embedded files, rich media, XFA forms or
  additional actions (``/AA``), and when it has no page object. The raw bytes are scanned as
  a second line of defence (``#xx`` escapes in names resolved; stream payloads skipped
  since compressed data would give false alarms, except object streams, which are
  decompressed with a bound and scanned). Encrypted PDFs (they cannot be inspected) and
  PDFs that do not parse are refused. PyPDF2 2.12.1 loops forever or works for a very long
  time on some crafted files, so the work it may do is bounded: object and cross-reference
  streams must be Flate-compressed (or not at all) and small once decompressed, the number
  of missing objects and of wrong cross-reference offsets is limited, and the reads PyPDF2
  makes are counted. A clean PDF is stored unchanged.
* ``docx`` and ``xlsx``: the zip archive is bounded (members, total size, compression
  ratio), member paths must be relative, clean and unique, nothing may be encrypted, the
  content types are parsed with a safe XML parser (no network, no entities, no DTD -- which
  the OPC standard forbids anyway) and the package is refused when it holds a VBA project,
  ActiveX controls, OLE objects or executables (by name or by their first bytes), embedded
  Office documents included (they are checked the same way). A clean file is stored
  unchanged.

Legacy ``.doc`` and ``.xls`` files are refused (code ``type``): their binary OLE compound
format (which may carry macros) cannot be checked without another library, and Odoo 18 pins
none that reads it; citizens can save them as ``.docx``/``.xlsx`` or PDF.

Error codes of :class:`FileRefused`: ``type``, ``empty``, ``too_large``, ``image``,
``pdf_active``, ``pdf_broken``, ``office_macro``, ``office_executable``, ``office_too_big``,
``office_broken``.
"""

import io
import re
import struct
import warnings
import zipfile
import zlib
from dataclasses import dataclass

import PyPDF2
from lxml import etree
from PIL import Image, ImageOps
from PyPDF2.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    read_object,
)

from .text import clean_filename

__all__ = [
    "ALLOWED_TYPES",
    "CheckedFile",
    "FileRefused",
    "MESSAGES",
    "check_upload",
]

MIMETYPE_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIMETYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Allowed extensions and the mimetype stored for each.
ALLOWED_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "docx": MIMETYPE_DOCX,
    "xlsx": MIMETYPE_XLSX,
}

#: English default messages of the error codes (``%(name)s`` placeholders, see ``params``).
MESSAGES = {
    "type": "The file %(filename)s is not of an accepted type (%(allowed)s).",
    "empty": "The file %(filename)s is empty.",
    "too_large": "The file %(filename)s is too large (%(size)s bytes, at most %(max_bytes)s).",
    "image": "The file %(filename)s is not a valid image of its type.",
    "pdf_active": "The PDF file %(filename)s contains scripts, actions or embedded files.",
    "pdf_broken": "The PDF file %(filename)s is damaged, encrypted or cannot be checked.",
    "office_macro": "The document %(filename)s contains macros or ActiveX controls.",
    "office_executable": "The document %(filename)s contains programs or embedded objects.",
    "office_too_big": "The document %(filename)s is too big or too complex once unpacked.",
    "office_broken": "The document %(filename)s is damaged or cannot be checked.",
}

# Images.
IMAGE_MAX_PIXELS = 40_000_000
JPEG_QUALITY = 90
_IMAGE_FORMATS = {
    "jpg": ("JPEG", "MPO"),  # MPO: multi-picture JPEG written by some cameras
    "jpeg": ("JPEG", "MPO"),
    "png": ("PNG",),
}

# PDF.
PDF_HEADER_WINDOW = 1024
PDF_MAX_TRAILING_BYTES = 1024
PDF_MAX_OBJECTS = 200_000
PDF_MAX_MISSING_OBJECTS = 64  # distinct objects referenced but defined nowhere
PDF_MAX_BAD_OFFSETS = 64  # cross-reference entries that do not point to their object
# What PyPDF2 may spend on one file: calls to read/seek and bytes read, per byte of the file
# plus a constant (real files need less than 1 call and 6 bytes per byte).
PDF_BUDGET_CALLS_PER_BYTE = 8
PDF_BUDGET_CALLS = 500_000
PDF_BUDGET_BYTES_PER_BYTE = 64
PDF_BUDGET_BYTES = 16 * 1024 * 1024
PDF_MAX_STREAM_DECODED = 32 * 1024 * 1024  # one object or xref stream, decompressed
PDF_MAX_TOTAL_DECODED = 128 * 1024 * 1024
# Keys that make a dictionary active, and names that are refused wherever they are a value.
_PDF_ACTIVE_KEYS = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/EF",
        "/RichMedia",
        "/XFA",
        "/AA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
    }
)
_PDF_ACTIVE_VALUES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/RichMediaExecute",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/GoToR",
        "/Rendition",
        "/FileAttachment",
    }
)
_PDF_NAME_ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Names refused in the raw bytes: the name must end there (a delimiter, whitespace or EOF).
_PDF_RAW_ACTIVE_RE = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToE)"
    rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
)
# Object numbers are at most 10 digits here (a longer one is not a valid object number).
_PDF_OBJ_HEADER_RE = re.compile(rb"(?<![0-9])([0-9]{1,10})\s+[0-9]{1,10}\s+obj(?![A-Za-z0-9])")
_PDF_OBJ_AT_RE = re.compile(rb"[\x00\t\n\x0c\r ]*([0-9]{1,10})\s+[0-9]{1,10}\s+obj(?![A-Za-z0-9])")
_PDF_OBJSTM_HEADER_RE = re.compile(rb"\s*(?:[0-9]{1,10}\s+[0-9]{1,10}\s+)+")
_PDF_REFERENCE_RE = re.compile(rb"(?<![0-9.])([0-9]{1,10})\s+[0-9]{1,10}\s+R(?![A-Za-z0-9])")
_PDF_COMMENT_RE = re.compile(rb"%[^\r\n]*")
_PDF_STREAM_START_RE = re.compile(rb">>\s*stream(?:\r\n|\r|\n)")
_PDF_INDIRECT_TYPE_RE = re.compile(rb"/Type(?![A-Za-z0-9])\s*\d+\s+\d+\s+R(?![A-Za-z0-9])")
_PDF_INDIRECT_FILTER_RE = re.compile(rb"/Filter(?![A-Za-z0-9])\s*\d+\s+\d+\s+R(?![A-Za-z0-9])")
_PDF_SPECIAL_STREAM_RE = re.compile(rb"/Type\s*/(ObjStm|XRef)(?![A-Za-z0-9])")
_PDF_FILTER_RE = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/<>\[\]()]+)")
_PDF_FLATE_ONLY_RE = re.compile(rb"\[?\s*/FlateDecode\s*\]?")
# A markup document before ``%PDF-`` or after ``%%EOF`` (PDF/HTML polyglots).
_MARKUP_RE = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|\?xml|a\s)",
    re.IGNORECASE,
)

# Office (OOXML) packages.
OFFICE_MAX_MEMBERS = 2000
OFFICE_MAX_TOTAL_SIZE = 50 * 1024 * 1024
OFFICE_MAX_RATIO = 200
OFFICE_RATIO_MIN_SIZE = 1024 * 1024  # small parts of repetitive XML compress very well
OFFICE_MAX_NESTING = 2
_OFFICE_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",  # only as an embedded document
}
_OFFICE_EXECUTABLE_EXTENSIONS = frozenset(
    {
        "exe", "dll", "com", "scr", "msi", "bat", "cmd", "ps1", "vbs", "js", "jse", "wsf",
        "hta", "jar", "sh", "elf", "lnk", "so", "dylib", "app", "apk", "pif", "cpl", "vbe",
        "msc", "reg", "class",
    }
)  # fmt: skip
# Office formats that may carry macros, refused when embedded in a document.
_OFFICE_MACRO_EXTENSIONS = frozenset(
    {"docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm", "ppam", "sldm"}
)
# Embedded Office documents that are checked recursively like an upload.
_OFFICE_NESTED_EXTENSIONS = frozenset({"docx", "xlsx", "pptx"})
_EXECUTABLE_MAGICS = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux ELF
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit (little endian)
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit (little endian)
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit (big endian)
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit (big endian)
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary / Java class
    b"#!",  # script with an interpreter line
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_VBA_MARKERS = ("_VBA_PROJECT".encode("utf-16-le"), "VBA".encode("utf-16-le"))
_READ_CHUNK = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: the cleaned file name, the bytes to store and their mimetype."""

    name: str
    data: bytes
    mimetype: str


class FileRefused(Exception):
    """An upload was refused.

    ``code`` is a machine code (see :data:`MESSAGES`), ``params`` a dict of values for the
    message placeholders (always ``filename``; ``detail`` is a short English explanation for
    the logs, not meant to be shown as is).
    """

    def __init__(self, code, message_params=None):
        self.code = code
        self.params = dict(message_params or {})
        super().__init__(code, self.params)

    def __str__(self):
        message = MESSAGES.get(self.code, "The file %(filename)s was refused.")
        message %= _MissingIsEmpty(self.params)
        detail = self.params.get("detail")
        return f"{message} ({detail})" if detail else message


class _MissingIsEmpty(dict):
    """Message parameters where a missing placeholder gives an empty string."""

    def __missing__(self, key):
        return ""


def check_upload(filename, data, max_bytes):
    """Check one uploaded file and return the :class:`CheckedFile` to store.

    ``filename`` is the name sent by the browser (it is cleaned with
    :func:`~.text.clean_filename`), ``data`` the raw bytes and ``max_bytes`` the largest
    accepted size (``None`` or 0: no limit other than the internal ones). Raises
    :class:`FileRefused` with one of the codes listed in the module docstring.
    """
    name = clean_filename(filename)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    params = {"filename": name}
    if extension not in ALLOWED_TYPES:
        allowed = ", ".join(ALLOWED_TYPES)
        raise FileRefused("type", dict(params, extension=extension, allowed=allowed))
    data = bytes(data or b"")
    if not data:
        raise FileRefused("empty", params)
    if max_bytes and len(data) > max_bytes:
        raise FileRefused("too_large", dict(params, size=len(data), max_bytes=max_bytes))
    mimetype = ALLOWED_TYPES[extension]
    if extension in _IMAGE_FORMATS:
        data = _check_image(data, extension, params)
    elif extension == "pdf":
        _check_pdf(data, params)
    else:
        _check_office(data, extension, params)
    return CheckedFile(name=name, data=data, mimetype=mimetype)


# ---------------------------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------------------------


def _check_image(data, extension, params):
    """Decode the image fully and return it re-encoded (see the module docstring)."""
    expected = _IMAGE_FORMATS[extension]
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse instead; its
            # other warnings (damaged EXIF, ...) are not worth a log line.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the decoder of the announced format ever sees the data (the JPEG one also
            # opens MPO files).
            with Image.open(io.BytesIO(data), formats=[expected[0]]) as probe:
                found = probe.format
                width, height = probe.size
                if found not in expected:
                    raise FileRefused("image", dict(params, detail=f"format {found}"))
                if width * height > IMAGE_MAX_PIXELS:
                    detail = f"{width}x{height} pixels"
                    raise FileRefused("image", dict(params, detail=detail))
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[expected[0]]) as image:
                image.load()
                return _reencode(image, expected[0])
    except FileRefused:
        raise
    except Exception as exc:  # Pillow raises many kinds of errors on bad data
        raise FileRefused("image", dict(params, detail=f"{type(exc).__name__}: {exc}"))


def _reencode(image, image_format):
    """Encode ``image`` again without any metadata, after applying its EXIF orientation."""
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # a damaged EXIF block is no reason to refuse a photo
        image = image.copy()
    transparency = image.info.get("transparency")
    image.info = {}  # no EXIF, XMP, ICC profile, comment or text chunk is written again
    output = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, "JPEG", quality=JPEG_QUALITY)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA" if "A" in image.mode else "RGB")
        options = {"optimize": False}
        if transparency is not None and image.mode in ("1", "L", "P", "RGB", "I", "I;16"):
            options["transparency"] = transparency
        image.save(output, "PNG", **options)
    return output.getvalue()


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def _check_pdf(data, params):
    """Refuse a PDF that does not parse, is encrypted or holds active content."""

    def refuse(code, detail):
        raise FileRefused(code, dict(params, detail=detail))

    start = data.find(b"%PDF-", 0, PDF_HEADER_WINDOW + 5)
    if start < 0:
        refuse("pdf_broken", "no %PDF- header")
    if _MARKUP_RE.search(data, 0, start):
        refuse("pdf_broken", "markup before the %PDF- header")
    end = data.rfind(b"%%EOF")
    if end < 0:
        refuse("pdf_broken", "no %%EOF marker")
    trailing = data[end + 5 :]
    if len(trailing.strip(b"\x00\t\n\x0c\r ")) > PDF_MAX_TRAILING_BYTES:
        refuse("pdf_broken", f"{len(trailing)} bytes after %%EOF")
    if _MARKUP_RE.search(trailing):
        refuse("pdf_broken", "markup after %%EOF")
    try:
        # Second line of defence first: it also bounds the work left to PyPDF2.
        _scan_pdf_bytes(data, refuse)
        reader = PyPDF2.PdfReader(_BudgetStream(data), strict=False)
        _check_xref_offsets(reader, data, start, refuse)
        if reader.is_encrypted:
            refuse("pdf_broken", "encrypted")
        found, pages = _inspect_pdf(reader)
    except FileRefused:
        raise
    except _BudgetExceeded:
        refuse("pdf_broken", "too complex to check")
    except Exception as exc:  # PyPDF2 raises many kinds of errors on bad data
        refuse("pdf_broken", f"{type(exc).__name__}: {exc}")
    if found:
        refuse("pdf_active", found)
    if pages < 1:
        refuse("pdf_broken", "no page")


class _BudgetExceeded(BaseException):
    """PyPDF2 worked too much on one file (a ``BaseException``: PyPDF2 catches ``Exception``
    in places to go on with damaged files, it must not go on here)."""


class _BudgetStream:
    """A read-only file on ``data`` that stops PyPDF2 when it reads too much.

    PyPDF2 2.12.1 loops forever on some crafted files (a ``/Prev`` pointing to itself) and
    repairs each bad reference by reading the whole file again; the number of calls and of
    bytes read is therefore bounded (a few times what parsing a real file needs). It has no
    ``getbuffer`` on purpose, so that PyPDF2 reads through :meth:`read`.
    """

    def __init__(self, data):
        self._file = io.BytesIO(data)
        self._calls = PDF_BUDGET_CALLS_PER_BYTE * len(data) + PDF_BUDGET_CALLS
        self._bytes = PDF_BUDGET_BYTES_PER_BYTE * len(data) + PDF_BUDGET_BYTES

    def _spend(self, size=0):
        self._calls -= 1
        self._bytes -= size
        if self._calls < 0 or self._bytes < 0:
            raise _BudgetExceeded()

    # Not an Odoo model: no super() to call.
    def read(self, size=-1):  # pylint: disable=method-required-super
        data = self._file.read(size)
        self._spend(len(data))
        return data

    def seek(self, offset, whence=0):
        self._spend()
        return self._file.seek(offset, whence)

    def tell(self):
        return self._file.tell()


def _unescape_pdf_names(raw):
    """``raw`` with the ``#xx`` escapes of PDF names replaced by the byte they stand for."""
    return _PDF_NAME_ESCAPE_RE.sub(lambda match: bytes.fromhex(match.group(1).decode()), raw)


def _scan_pdf_bytes(data, refuse):
    """Scan the raw bytes of a PDF for active names.

    Stream payloads are left out (compressed data would give false alarms), except object
    streams, which hold dictionaries: they are decompressed with a size bound and scanned.
    Object and cross-reference streams must use no filter other than FlateDecode, so that
    PyPDF2 never decompresses an unbounded amount of data when it reads them.
    """
    outside = []
    position = 0
    total = 0
    defined = set()  # numbers of the objects found in the file
    references = []  # numbers of the objects referenced ("12 0 R")
    # A loop rather than one regex, so that the time stays linear in the size of the file.
    while match := _PDF_STREAM_START_RE.search(data, position):
        end = data.find(b"endstream", match.end())
        end = len(data) if end < 0 else end
        # The stream dictionary: from the last object header before the stream.
        header_start = position
        for header_match in _PDF_OBJ_HEADER_RE.finditer(data, position, match.start()):
            header_start = header_match.start()
        outside.append(data[position : match.end()])
        payload = data[match.end() : end]
        position = end
        header = _unescape_pdf_names(data[header_start : match.start()])
        # Comments are skipped by PyPDF2, but "%" may also stand in a string: try both ways.
        special = _PDF_SPECIAL_STREAM_RE.search(header) or _PDF_SPECIAL_STREAM_RE.search(
            _PDF_COMMENT_RE.sub(b" ", header)
        )
        if not special:
            continue
        if _PDF_INDIRECT_FILTER_RE.search(header):
            refuse("pdf_broken", "object stream with an indirect filter")
        filters = _PDF_FILTER_RE.search(header)
        if filters and not _PDF_FLATE_ONLY_RE.fullmatch(filters.group(1)):
            refuse("pdf_broken", "object stream with an unexpected filter")
        decoded = _inflate(payload, PDF_MAX_STREAM_DECODED) if filters else payload
        if decoded is None:
            refuse("pdf_broken", "object stream that does not decompress or is too large")
        total += len(decoded)
        if total > PDF_MAX_TOTAL_DECODED:
            refuse("pdf_broken", "object streams too large")
        if special.group(1) == b"ObjStm":
            decoded = _unescape_pdf_names(decoded)
            found = _PDF_RAW_ACTIVE_RE.search(decoded)
            if found:
                refuse("pdf_active", found.group().decode("latin-1"))
            header = _PDF_OBJSTM_HEADER_RE.match(decoded)
            if header:
                defined.update(int(num) for num in header.group().split()[::2])
            references.extend(_PDF_REFERENCE_RE.findall(decoded))
    outside.append(data[position:])
    outside = _unescape_pdf_names(b" ".join(outside))
    found = _PDF_RAW_ACTIVE_RE.search(outside)
    if found:
        refuse("pdf_active", found.group().decode("latin-1"))
    if _PDF_INDIRECT_TYPE_RE.search(outside):
        # A /Type given by reference would hide an object stream from the scan above.
        refuse("pdf_broken", "indirect /Type")
    # PyPDF2 looks for each missing object in the whole file: bound that work.
    defined.update(int(num) for num in _PDF_OBJ_HEADER_RE.findall(outside))
    references.extend(_PDF_REFERENCE_RE.findall(outside))
    missing = {int(num) for num in references} - defined
    if len(missing) > PDF_MAX_MISSING_OBJECTS:
        refuse("pdf_broken", f"{len(missing)} referenced objects are missing")


def _check_xref_offsets(reader, data, start, refuse):
    """Refuse a PDF whose cross-reference table points too often to the wrong place.

    PyPDF2 repairs each bad offset by searching the whole file, which is slow on a crafted
    table; a few bad offsets (often seen in real files) are accepted. Offsets counted from
    the ``%PDF-`` header rather than from the start of the file are accepted too.
    """
    bad = 0
    for generation, entries in reader.xref.items():
        free = reader.xref_free_entry.get(generation, {})
        for idnum, offset in entries.items():
            if free.get(idnum) or not isinstance(offset, int):
                continue
            if not any(
                (header := _PDF_OBJ_AT_RE.match(data, position)) and int(header[1]) == idnum
                for position in {offset, offset + start}
            ):
                bad += 1
                if bad > PDF_MAX_BAD_OFFSETS:
                    refuse("pdf_broken", "cross-reference table does not match the objects")


def _inflate(payload, limit):
    """Decompress zlib ``payload`` up to ``limit`` bytes; ``None`` if invalid or larger."""
    payload = payload.rstrip(b"\r\n")
    decompressor = zlib.decompressobj()
    try:
        decoded = decompressor.decompress(payload, limit + 1)
    except zlib.error:
        return None
    if len(decoded) > limit:
        return None
    return decoded


def _inspect_pdf(reader):
    """Return ``(active, pages)``: the first active entry found (``""`` when none) and the
    number of page objects.

    Every object of the cross-reference tables is read, the compressed ones by parsing each
    object stream once (PyPDF2 would parse the whole stream again for each object), and so
    is every other object of those object streams. The trailer is walked too. References are
    not followed: every object is visited on its own.
    """
    compressed = reader.xref_objStm
    refs = []
    for generation, entries in reader.xref.items():
        free = reader.xref_free_entry.get(generation, {})
        refs.extend(
            (idnum, generation)
            for idnum in entries
            if not free.get(idnum) and not (generation == 0 and idnum in compressed)
        )
    if len(refs) + len(compressed) > PDF_MAX_OBJECTS:
        raise ValueError(f"too many objects ({len(refs) + len(compressed)})")
    pending = [reader.trailer]
    pending.extend(reader.get_object(IndirectObject(num, gen, reader)) for num, gen in refs)
    for stream_number in sorted({number for number, _index in compressed.values()}):
        stream = reader.get_object(IndirectObject(stream_number, 0, reader))
        pending.extend(_object_stream_objects(reader, stream))
    pages = 0
    while pending:
        obj = pending.pop()
        if isinstance(obj, DictionaryObject):
            for key, value in dict.items(obj):  # raw values: references are not resolved
                key = _pdf_name(key)
                if key in _PDF_ACTIVE_KEYS:
                    return key, pages
                name = _pdf_name(value)
                if key == "/S" and name in _PDF_ACTIVE_VALUES:
                    return f"/S {name}", pages
                if key == "/Type" and name == "/Page":
                    pages += 1
                pending.append(value)
        elif isinstance(obj, ArrayObject):
            pending.extend(list.__iter__(obj))
        elif isinstance(obj, NameObject) and _pdf_name(obj) in _PDF_ACTIVE_VALUES:
            return _pdf_name(obj), pages
    return "", pages


def _object_stream_objects(reader, stream):
    """The objects of the object stream ``stream``, decompressed with a bound."""
    if not isinstance(stream, StreamObject) or _pdf_name(dict.get(stream, "/Type")) != "/ObjStm":
        raise ValueError("a compressed object points to something else than an object stream")
    filters = dict.get(stream, "/Filter")
    if isinstance(filters, ArrayObject) and len(filters) == 1:
        filters = list.__getitem__(filters, 0)
    if filters is None:
        data = stream.get_data()
    elif _pdf_name(filters) == "/FlateDecode":
        data = _inflate(stream._data, PDF_MAX_STREAM_DECODED)
    else:
        raise ValueError(f"object stream with the filter {filters}")
    if data is None:
        raise ValueError("object stream that does not decompress or is too large")
    first, count = int(dict.get(stream, "/First")), int(dict.get(stream, "/N"))
    numbers = data[:first].split()
    if count < 0 or first < 0 or len(numbers) < 2 * count:
        raise ValueError("damaged object stream header")
    source = io.BytesIO(data)
    objects = []
    for offset in numbers[1 : 2 * count : 2]:
        source.seek(first + int(offset))
        while (char := source.read(1)) and char in b"\x00\t\n\x0c\r ":
            pass
        source.seek(-len(char), 1)
        objects.append(read_object(source, reader))
    return objects


def _pdf_name(value):
    """The name ``value`` with ``#xx`` escapes resolved, ``""`` when it is not a name."""
    if not isinstance(value, str) or not value.startswith("/"):
        return ""
    raw = value.encode("utf-8", "surrogateescape")
    return _unescape_pdf_names(raw).decode("utf-8", "replace")


# ---------------------------------------------------------------------------------------------
# Office (OOXML)
# ---------------------------------------------------------------------------------------------


def _check_office(data, extension, params, depth=0):
    """Refuse a DOCX/XLSX package that is not clean (see the module docstring)."""

    def refuse(code, detail):
        raise FileRefused(code, dict(params, detail=detail))

    # The member count announced by the end of the central directory, before zipfile reads
    # the whole directory.
    eocd = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if eocd >= 0 and len(data) >= eocd + 12:
        (announced,) = struct.unpack("<H", data[eocd + 10 : eocd + 12])
        if announced > OFFICE_MAX_MEMBERS and announced != 0xFFFF:
            refuse("office_too_big", f"{announced} members")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, but also errors on damaged central directories
        refuse("office_broken", f"not a zip archive: {exc}")
    with archive:
        members = archive.infolist()
        _check_office_members(members, refuse)
        names = {member.filename.lower(): member for member in members}
        content_types = names.get("[content_types].xml")
        if content_types is None:
            refuse("office_broken", "no [Content_Types].xml")
        main_part = _OFFICE_MAIN_PARTS[extension]
        if main_part not in names:
            refuse("office_broken", f"no {main_part}")
        try:
            _check_content_types(_read_member(archive, content_types, refuse), refuse)
            for member in members:
                _check_office_member(archive, member, refuse, depth, params)
        except FileRefused:
            raise
        except Exception as exc:  # bad CRC, truncated data, unsupported compression, ...
            refuse("office_broken", f"{type(exc).__name__}: {exc}")


def _check_office_members(members, refuse):
    """Check the zip directory: member count, paths, encryption and sizes."""
    if len(members) > OFFICE_MAX_MEMBERS:
        refuse("office_too_big", f"{len(members)} members")
    seen = set()
    total = 0
    for member in members:
        name = member.filename
        parts = name.replace("\\", "/").split("/")
        if (
            not name
            or name.startswith(("/", "\\"))
            or re.match(r"[A-Za-z]:", name)
            or ".." in parts
            or "\x00" in name
        ):
            refuse("office_broken", f"unsafe member path {name!r}")
        if name.lower() in seen:
            refuse("office_broken", f"duplicate member {name!r}")
        seen.add(name.lower())
        if member.flag_bits & 0x1:
            refuse("office_broken", f"encrypted member {name!r}")
        total += member.file_size
        if total > OFFICE_MAX_TOTAL_SIZE:
            refuse("office_too_big", f"more than {OFFICE_MAX_TOTAL_SIZE} bytes unpacked")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= OFFICE_RATIO_MIN_SIZE and ratio > OFFICE_MAX_RATIO:
            refuse("office_too_big", f"compression ratio {ratio:.0f} for {name!r}")


def _check_content_types(xml, refuse):
    """Parse ``[Content_Types].xml`` safely and refuse macro-enabled content types."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError as exc:
        refuse("office_broken", f"[Content_Types].xml: {exc}")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # OPC forbids DTDs; reading attributes would expand internal entities.
        refuse("office_broken", "DTD in [Content_Types].xml")
    for element in root.iter():
        content_type = (element.get("ContentType") or "").lower()
        if any(word in content_type for word in ("macroenabled", "vbaproject", "activex")):
            refuse("office_macro", f"content type {content_type}")


def _check_office_member(archive, member, refuse, depth, params):
    """Refuse one member that is a macro, an ActiveX control, an OLE object or a program."""
    name = member.filename
    lower = name.lower()
    base = lower.rsplit("/", 1)[-1]
    extension = base.rpartition(".")[2] if "." in base else ""
    if member.is_dir():
        return
    if "vbaproject" in base or "vbadata" in base:
        refuse("office_macro", f"VBA project {name!r}")
    if "/activex/" in f"/{lower}":
        refuse("office_macro", f"ActiveX control {name!r}")
    if extension in _OFFICE_EXECUTABLE_EXTENSIONS:
        refuse("office_executable", f"executable member {name!r}")
    if extension in _OFFICE_MACRO_EXTENSIONS:
        refuse("office_macro", f"macro-enabled document {name!r}")
    in_embeddings = "/embeddings/" in f"/{lower}"
    if in_embeddings and base.startswith("oleobject"):
        refuse("office_executable", f"OLE object {name!r}")
    with archive.open(member) as stream:
        head = stream.read(len(_OLE_MAGIC))
    if head.startswith(_EXECUTABLE_MAGICS):
        refuse("office_executable", f"executable content in {name!r}")
    if head.startswith(_OLE_MAGIC):
        content = _read_member(archive, member, refuse)
        if any(marker in content for marker in _VBA_MARKERS):
            refuse("office_macro", f"VBA project {name!r}")
        refuse("office_executable", f"OLE compound file {name!r}")
    if in_embeddings and extension in _OFFICE_NESTED_EXTENSIONS:
        if depth >= OFFICE_MAX_NESTING:
            refuse("office_too_big", f"documents nested too deeply in {name!r}")
        try:
            _check_office(_read_member(archive, member, refuse), extension, params, depth + 1)
        except FileRefused as exc:
            detail = f"embedded {name!r}: {exc.params.get('detail', '')}"
            refuse(exc.code, detail)


def _read_member(archive, member, refuse):
    """Read a member by chunks, refusing it beyond the total size allowed."""
    chunks = []
    size = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_READ_CHUNK):
            size += len(chunk)
            if size > OFFICE_MAX_TOTAL_SIZE:
                refuse("office_too_big", f"{member.filename!r} larger than announced")
            chunks.append(chunk)
    return b"".join(chunks)
