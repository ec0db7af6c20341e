"""Attachments for the fuzz run, built with the standard library only.

Clean files (a PNG, a one-page PDF, a DOCX) and disguised ones: images with a payload
appended, HTML or SVG named .png, PDFs with JavaScript, a launch action or an embedded
file, PDFs followed by HTML, DOCX carrying an executable or a VBA project, .docm files.
``DISGUISED`` maps a label to ``(filename, bytes, expected)`` where ``expected`` is
"refused" or "reencoded" (accepted, but what was appended must be gone).
"""

import io
import struct
import zipfile
import zlib


def png(width=8, height=6, color=(200, 30, 30)):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(color) * width
    raw = row * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf(catalog_extra=b"", extra_objects=()):
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *extra_objects,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
    b'.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>'
)


def docx(extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x()</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48
ZIP_PAYLOAD = docx()  # a zip appended to an image (polyglot)

CLEAN = {
    "clean png": ("anh.png", png()),
    "clean pdf": ("don.pdf", pdf()),
    "clean docx": ("don.docx", docx()),
}

DISGUISED = {
    "png + appended zip": ("anh.png", png() + ZIP_PAYLOAD, "reencoded"),
    "png + appended html": ("anh2.png", png() + HTML, "reencoded"),
    "html named png": ("anh3.png", HTML, "refused"),
    "svg named png": ("anh4.png", SVG, "refused"),
    "exe named png": ("anh5.png", EXE, "refused"),
    "exe named jpg": ("anh6.jpg", EXE, "refused"),
    "png named jpg": ("anh7.jpg", png(), "refused"),
    "pdf with javascript": (
        "js.pdf",
        pdf(b"/OpenAction 4 0 R ", [b"<< /S /JavaScript /JS (app.alert(1)) >>"]),
        "refused",
    ),
    "pdf with launch": (
        "launch.pdf",
        pdf(b"/OpenAction 4 0 R ", [b"<< /S /Launch /F (cmd.exe) >>"]),
        "refused",
    ),
    "pdf with embedded file": (
        "att.pdf",
        pdf(
            b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >> ",
            [b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>", b"<< /Length 3 >>"],
        ),
        "refused",
    ),
    "pdf then html": ("poly.pdf", pdf() + HTML * 30, "refused"),
    "html then pdf": ("poly2.pdf", HTML * 30 + pdf(), "refused"),
    "exe named pdf": ("setup.pdf", EXE, "refused"),
    "docx with exe": ("exe.docx", docx({"word/embeddings/setup.exe": EXE}), "refused"),
    "docx with exe as image": ("img.docx", docx({"word/media/image1.png": EXE}), "refused"),
    "docx with macro": (
        "macro.docx",
        docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64}),
        "refused",
    ),
    "docm": ("macro.docm", docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "refused"),
    "zip named docx": ("z.docx", b"PK\x03\x04" + b"\0" * 64, "refused"),
    "old doc": ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "refused"),
}

# Characters that cannot be seen: a field made only of them (and punctuation) is empty.
INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",
    "\u2060",  # word joiner
    "\ufeff",  # BOM
    "\u00ad",  # soft hyphen
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u3164",  # Hangul filler
    "\u2800",  # braille blank
    "\u034f",  # combining grapheme joiner
    "\U000e0041",  # tag letter
    "\u00a0",
    "\u3000",
]


def invisible_text(rng):
    chars = INVISIBLE + [" ", ".", "-", "_", "…", "\t"]
    return "".join(rng.choice(chars) for _n in range(rng.randrange(1, 40)))
