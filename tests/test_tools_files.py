"""Unit tests of cchc_outreach/tools/files.py (no Odoo needed).

The files are built in the tests: images with Pillow, PDFs with PyPDF2 or by hand, Office
documents with zipfile.
"""

import io
import struct
import zipfile
import zlib

import pytest
from tools_loader import load

# Pillow and PyPDF2 are pinned by Odoo 18 and installed with it; the checks venv of
# scripts/run_tests.sh must install them too (Pillow==9.4.0, PyPDF2==2.12.1).
Image = pytest.importorskip("PIL.Image", reason="Pillow is needed (pip install Pillow==9.4.0)")
PyPDF2 = pytest.importorskip("PyPDF2", reason="PyPDF2 is needed (pip install PyPDF2==2.12.1)")
from PyPDF2.generic import (  # noqa: E402  (after the import checks above)
    DictionaryObject,
    NameObject,
    TextStringObject,
)

files = load("files")

MAX = 10 * 1024 * 1024


def refused(filename, data, max_bytes=MAX):
    """The code of the refusal of the upload (fails when the file is accepted)."""
    with pytest.raises(files.FileRefused) as info:
        files.check_upload(filename, data, max_bytes)
    return info.value.code


# --- images ----------------------------------------------------------------------------------


def make_image(fmt, size=(64, 48), mode="RGB", color=(200, 30, 30), **options):
    output = io.BytesIO()
    Image.new(mode, size, color).save(output, fmt, **options)
    return output.getvalue()


def make_zip(members):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()


def decode(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_jpeg_is_reencoded():
    original = make_image("JPEG", quality=50)
    checked = files.check_upload("Ảnh chụp.JPG", original, MAX)
    assert checked.name == "Ảnh chụp.jpg"
    assert checked.mimetype == "image/jpeg"
    assert checked.data != original
    image = decode(checked.data)
    assert image.format == "JPEG" and image.size == (64, 48)


def test_jpeg_with_zip_appended_loses_the_zip():
    payload = make_zip({"evil.html": b"<script>alert(1)</script>", "run.exe": b"MZ" + b"\0" * 64})
    polyglot = make_image("JPEG") + payload
    checked = files.check_upload("photo.jpeg", polyglot, MAX)
    assert b"PK\x03\x04" not in checked.data
    assert b"<script>" not in checked.data
    assert decode(checked.data).size == (64, 48)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(checked.data))


def test_png_with_html_appended_and_text_chunk_is_cleaned():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<html><script>alert(1)</script></html>")
    data = make_image("PNG", mode="RGBA", color=(0, 0, 255, 128), pnginfo=info)
    checked = files.check_upload("x.png", data + b"<html><script>alert(2)</script>", MAX)
    assert checked.mimetype == "image/png"
    assert b"script" not in checked.data
    image = decode(checked.data)
    assert image.format == "PNG" and image.mode == "RGBA"
    assert image.getpixel((0, 0)) == (0, 0, 255, 128)


def test_palette_png_keeps_its_transparency():
    image = Image.new("P", (10, 10), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    output = io.BytesIO()
    image.save(output, "PNG", transparency=1)
    checked = decode(files.check_upload("p.png", output.getvalue(), MAX).data)
    assert checked.mode == "P" and checked.info.get("transparency") == 1


def test_exif_orientation_applied_then_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    exif[0x010F] = "Camera maker with GPS data"
    data = make_image("JPEG", size=(40, 20), exif=exif.tobytes())
    assert decode(data).getexif()
    checked = files.check_upload("r.jpg", data, MAX)
    image = decode(checked.data)
    assert image.size == (20, 40)
    assert not image.getexif()
    assert b"Exif" not in checked.data and b"Camera maker" not in checked.data


def test_cmyk_jpeg_becomes_rgb():
    data = make_image("JPEG", mode="CMYK", color=(0, 255, 255, 0))
    assert decode(files.check_upload("c.jpg", data, MAX).data).mode == "RGB"


def test_multi_picture_jpeg_is_accepted_as_a_single_jpeg():
    output = io.BytesIO()
    image = Image.new("RGB", (30, 20), (10, 20, 30))
    image.save(output, "MPO", save_all=True, append_images=[image])
    assert Image.open(io.BytesIO(output.getvalue())).format == "MPO"
    checked = files.check_upload("camera.jpg", output.getvalue(), MAX)
    assert decode(checked.data).format == "JPEG"


def test_png_renamed_jpg_is_refused():
    assert refused("photo.jpg", make_image("PNG")) == "image"


def test_gif_renamed_png_is_refused():
    assert refused("anim.png", make_image("GIF")) == "image"


@pytest.mark.parametrize(
    "data",
    [
        b"not an image at all",
        b"\xff\xd8\xff\xe0" + b"\0" * 100,  # JPEG magic, nothing behind
        b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
        b"GIF89a" + b"\0" * 100,
    ],
)
def test_garbage_image_is_refused(data):
    assert refused("x.png", data) == "image"
    assert refused("x.jpg", data) == "image"


def test_truncated_images_are_refused():
    jpeg = make_image("JPEG", size=(300, 300), color=(1, 2, 3))
    png = Image.effect_noise((300, 300), 50).convert("RGB")
    output = io.BytesIO()
    png.save(output, "PNG")
    assert refused("t.jpg", jpeg[: len(jpeg) // 2]) == "image"
    assert refused("t.png", output.getvalue()[: len(output.getvalue()) // 2]) == "image"


def test_png_with_bad_crc_is_refused():
    data = bytearray(make_image("PNG"))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # inside the compressed data: the chunk CRC no longer matches
    assert refused("crc.png", bytes(data)) == "image"


def png_header_only(width, height):
    """A PNG that announces ``width`` x ``height`` pixels but holds no image data."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [7000, 10000, 20000])  # 49, 100 and 400 megapixels
def test_decompression_bombs_are_refused(side):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning instead of a refusal would fail here
        assert refused("bomb.png", png_header_only(side, side)) == "image"


def test_large_but_acceptable_image():
    data = make_image("PNG", size=(6000, 6000), mode="1", color=1)  # 36 megapixels
    assert decode(files.check_upload("big.png", data, MAX).data).size == (6000, 6000)


# --- PDF -------------------------------------------------------------------------------------


def make_pdf(modify=None):
    writer = PyPDF2.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if modify:
        modify(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def add_open_action(writer, action):
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def launch_action():
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )


def test_clean_pdf_is_kept_unchanged():
    data = make_pdf()
    checked = files.check_upload("Đơn kiến nghị.PDF", data, MAX)
    assert checked.data == data
    assert checked.mimetype == "application/pdf"
    assert checked.name == "Đơn kiến nghị.pdf"


def test_pdf_with_goto_open_action_and_link_is_accepted():
    data = make_pdf(lambda w: w.add_uri(0, "https://dichvucong.gov.vn", [10, 10, 100, 30]))
    data = data.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction [ 3 0 R /Fit ]")
    assert b"/URI" in data
    assert files.check_upload("ok.pdf", data, MAX).data == data


def test_pdf_with_javascript_is_refused():
    assert refused("js.pdf", make_pdf(lambda w: w.add_js("app.alert(1)"))) == "pdf_active"


def test_pdf_with_embedded_file_is_refused():
    data = make_pdf(lambda w: w.add_attachment("a.exe", b"MZ\x90\x00\x03"))
    assert refused("att.pdf", data) == "pdf_active"


def test_pdf_with_launch_open_action_is_refused():
    data = make_pdf(lambda w: add_open_action(w, launch_action()))
    assert refused("launch.pdf", data) == "pdf_active"


@pytest.mark.parametrize(
    "action",
    [
        b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>",
        b"<< /S /#4Aava#53cript /JS (app.alert(1)) >>",
        b"<< /S /L#61unch /F (calc.exe) >>",
        b"<< /S /SubmitForm /F (https://evil.example) >>",
    ],
)
def test_pdf_with_escaped_active_names_is_refused(action):
    data = make_pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction " + action)
    assert refused("hex.pdf", data) == "pdf_active"


@pytest.mark.parametrize(
    ("entry", "found"),
    [
        (b"/AA << /O << /S /GoTo /D [ 0 /Fit ] >> >>", "/AA"),
        (b"/AcroForm << /XFA 9 0 R >>", "/XFA"),
        (b"/OpenAction << /S /J#61vaScript /JS (x) >>", "/S /JavaScript"),
        (b"/Names << /EmbeddedFiles << /Names [] >> >>", "/EmbeddedFiles"),
        (b"/OpenAction << /S /GoToE /T << /R /C /N (x) >> >>", "/S /GoToE"),
    ],
)
def test_pdf_structure_walk_finds_active_entries(entry, found):
    """The walk of the objects finds what the raw scan finds (first line of defence)."""
    data = make_pdf().replace(b"/Type /Catalog", b"/Type /Catalog " + entry)
    reader = PyPDF2.PdfReader(io.BytesIO(data), strict=False)
    assert files._inspect_pdf(reader)[0] == found
    assert refused("walk.pdf", data) == "pdf_active"


@pytest.mark.parametrize(
    ("modify", "found"),
    [
        (lambda w: w.add_js("app.alert(1)"), {"/JavaScript", "/JS"}),
        (lambda w: w.add_attachment("a.exe", b"MZ"), {"/EmbeddedFiles", "/EmbeddedFile", "/EF"}),
        (lambda w: add_open_action(w, launch_action()), {"/S /Launch"}),
    ],
)
def test_pdf_structure_walk_finds_generated_active_content(modify, found):
    reader = PyPDF2.PdfReader(io.BytesIO(make_pdf(modify)), strict=False)
    assert files._inspect_pdf(reader)[0] in found  # the first one met, whichever it is


def test_pdf_structure_walk_clean():
    reader = PyPDF2.PdfReader(io.BytesIO(make_pdf()), strict=False)
    assert files._inspect_pdf(reader)[0] == ""


def test_pdf_header_then_html_is_refused():
    data = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    assert refused("fake.pdf", data) == "pdf_broken"


def test_pdf_with_html_after_eof_is_refused():
    html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    assert refused("poly.pdf", make_pdf() + html) == "pdf_broken"
    assert refused("poly.pdf", make_pdf() + b"\n" + b"x" * 2000) == "pdf_broken"


def test_pdf_with_small_trailing_garbage_is_accepted():
    data = make_pdf() + b"\r\n\x00\x00 padding \n"
    assert files.check_upload("pad.pdf", data, MAX).data == data


def test_pdf_with_html_before_header_is_refused():
    assert refused("poly.pdf", b"<html><!-- " + make_pdf()) == "pdf_broken"


def test_pdf_header_must_be_near_the_start():
    assert refused("late.pdf", b" " * 2000 + make_pdf()) == "pdf_broken"
    data = b"\x00" * 100 + make_pdf()
    assert files.check_upload("junk-before.pdf", data, MAX).data == data


def test_encrypted_pdf_is_refused():
    assert refused("enc.pdf", make_pdf(lambda w: w.encrypt("secret"))) == "pdf_broken"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%%EOF\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"just text %%EOF",
        b"\x89PNG\r\n\x1a\n%%EOF",
    ],
)
def test_broken_pdf_is_refused(data):
    assert refused("broken.pdf", data) == "pdf_broken"


def build_pdf15(catalog, object_stream_filter=b"/FlateDecode", extra_objstm=b""):
    """A PDF 1.5 whose catalog, pages and page live in a compressed object stream.

    Objects: 1 = the object stream (holding 2 = catalog, 3 = pages, 4 = page), 5 = the
    cross-reference stream.
    """
    objects = [
        catalog,
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 200 200] /Resources << >> >>",
    ]
    offsets, body = [], b""
    for obj in objects:
        offsets.append(len(body))
        body += obj + b"\n"
    header = b" ".join(b"%d %d" % (2 + i, off) for i, off in enumerate(offsets)) + b"\n"
    content = header + body + extra_objstm
    encoded = zlib.compress(content) if object_stream_filter else content
    out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    objstm_offset = len(out)
    filter_entry = b"/Filter " + object_stream_filter if object_stream_filter else b""
    out += b"1 0 obj\n<< /Type /ObjStm /N 3 /First %d /Length %d %s >>\nstream\n" % (
        len(header),
        len(encoded),
        filter_entry,
    )
    out += encoded + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = [(0, 0, 65535), (1, objstm_offset, 0)]
    rows += [(2, 1, index) for index in range(3)]
    rows += [(1, xref_offset, 0)]
    table = zlib.compress(b"".join(struct.pack(">BIH", *row) for row in rows))
    out += (
        b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 2 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n" % len(table)
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return out


def test_pdf15_with_object_streams_is_accepted():
    data = build_pdf15(b"<< /Type /Catalog /Pages 3 0 R >>")
    assert len(PyPDF2.PdfReader(io.BytesIO(data)).pages) == 1
    assert files.check_upload("modern.pdf", data, MAX).data == data


def test_pdf15_with_javascript_in_object_stream_is_refused():
    catalog = b"<< /Type /Catalog /Pages 3 0 R /OpenAction << /S /JavaScript /JS (x) >> >>"
    data = build_pdf15(catalog)
    assert b"JavaScript" not in data  # compressed: only the structure walk and the
    assert refused("hidden.pdf", data) == "pdf_active"  # decompressed scan can see it
    reader = PyPDF2.PdfReader(io.BytesIO(data), strict=False)
    assert files._inspect_pdf(reader)[0] == "/S /JavaScript"


def test_pdf15_with_javascript_in_unreferenced_object_stream_data_is_refused():
    extra = b"9 0 obj << /S /Launch /F (calc.exe) >> endobj\n"
    data = build_pdf15(b"<< /Type /Catalog /Pages 3 0 R >>", extra_objstm=extra)
    assert refused("hidden.pdf", data) == "pdf_active"


def test_pdf_object_stream_bomb_is_refused():
    catalog = b"<< /Type /Catalog /Pages 3 0 R >>"
    data = build_pdf15(catalog, extra_objstm=b" " * (files.PDF_MAX_STREAM_DECODED + 10))
    assert len(data) < 100_000
    assert refused("bomb.pdf", data) == "pdf_broken"


def test_pdf_object_stream_with_unexpected_filter_is_refused():
    data = build_pdf15(b"<< /Type /Catalog /Pages 3 0 R >>", object_stream_filter=b"/LZWDecode")
    assert refused("lzw.pdf", data) == "pdf_broken"


def test_pdf_without_page_is_refused():
    writer = PyPDF2.PdfWriter()
    output = io.BytesIO()
    writer.write(output)
    assert refused("empty.pdf", output.getvalue()) == "pdf_broken"


def test_pdf_with_many_objects_in_one_object_stream_is_checked_quickly():
    import time

    extra = b"".join(b"%d 0 obj << /A %d >> endobj\n" % (10 + i, i) for i in range(3000))
    data = build_pdf15(b"<< /Type /Catalog /Pages 3 0 R >>", extra_objstm=extra)
    started = time.monotonic()
    assert files.check_upload("many.pdf", data, MAX).data == data
    assert time.monotonic() - started < 2


def test_pdf_with_a_prev_loop_is_refused():
    """PyPDF2 2.12.1 loops forever on a /Prev pointing to its own cross-reference table."""
    data = make_pdf()
    startxref = data[data.rindex(b"startxref") :].split()[1]
    data = data.replace(b"/Root 4 0 R", b"/Root 4 0 R /Prev " + startxref)
    assert refused("loop.pdf", data) == "pdf_broken"


def test_pdf_with_many_missing_objects_is_refused():
    kids = b" ".join(b"%d 0 R" % (1000 + i) for i in range(files.PDF_MAX_MISSING_OBJECTS + 1))
    data = make_pdf().replace(b"/Kids [ 3 0 R ]", b"/Kids [ 3 0 R " + kids + b" ]")
    assert refused("missing.pdf", data) == "pdf_broken"


def test_pdf_with_a_wrong_cross_reference_table_is_refused():
    data = make_pdf()
    body, xref = data[: data.index(b"xref")], data[data.index(b"xref") :]
    count = files.PDF_MAX_BAD_OFFSETS + 10
    objects = b"".join(b"%d 0 obj\nnull\nendobj\n" % (5 + i) for i in range(count))
    rows = b"".join(b"%010d 00000 n \n" % 15 for _ in range(count))
    xref = xref.replace(b"0 5\n", b"0 %d\n" % (5 + count)).replace(b"trailer", rows + b"trailer")
    xref = xref.replace(b"/Size 5", b"/Size %d" % (5 + count))
    offset = len(body) + len(objects)
    xref = xref[: xref.index(b"startxref")] + b"startxref\n%d\n%%%%EOF\n" % offset
    data = body + objects + xref
    assert len(PyPDF2.PdfReader(io.BytesIO(data)).xref[0]) == 4 + count
    assert refused("xref.pdf", data) == "pdf_broken"


# --- Office documents ------------------------------------------------------------------------

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    + "<w:body><w:p><w:r><w:t>Phản ánh</w:t></w:r></w:p></w:body></w:document>".encode()
)


def make_docx(extra=None, content_types=CONTENT_TYPES, main="word/document.xml"):
    members = {"[Content_Types].xml": content_types, main: DOCUMENT}
    members.update(extra or {})
    return make_zip(members)


def test_minimal_docx_is_accepted_unchanged():
    data = make_docx()
    checked = files.check_upload("Đơn.docx", data, MAX)
    assert checked.data == data
    assert checked.mimetype == files.MIMETYPE_DOCX


def test_minimal_xlsx_is_accepted():
    data = make_docx(main="xl/workbook.xml", extra={"xl/printerSettings/p1.bin": b"M\0i\0c\0"})
    checked = files.check_upload("bang.XLSX", data, MAX)
    assert checked.data == data and checked.name == "bang.xlsx"
    assert checked.mimetype == files.MIMETYPE_XLSX


def test_docx_with_embedded_clean_workbook_is_accepted():
    workbook = make_docx(main="xl/workbook.xml")
    data = make_docx({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook})
    assert files.check_upload("chart.docx", data, MAX).data == data


def test_docx_renamed_xlsx_is_refused():
    assert refused("x.xlsx", make_docx()) == "office_broken"


@pytest.mark.parametrize(
    "extra",
    [
        {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100},
        {"word/vbaData.xml": b"<wne:vbaSuppData/>"},
        {"word/activeX/activeX1.xml": b"<ax:ocx/>"},
        {
            "word/custom.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + "_VBA_PROJECT".encode("utf-16-le")
        },
        {"word/embeddings/macro.xlsm": b"PK\x03\x04"},
        {"word/embeddings/inner.docx": make_docx({"word/vbaProject.bin": b"x"})},
    ],
)
def test_docx_with_macros_is_refused(extra):
    assert refused("macro.docx", make_docx(extra)) == "office_macro"


def test_macro_enabled_content_type_is_refused():
    content_types = CONTENT_TYPES.replace(
        b"officedocument.wordprocessingml.document.main+xml",
        b"ms-word.document.macroEnabled.main+xml",
    )
    assert refused("m.docx", make_docx(content_types=content_types)) == "office_macro"
    content_types = CONTENT_TYPES.replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    assert refused("m.docx", make_docx(content_types=content_types)) == "office_macro"


@pytest.mark.parametrize(
    "extra",
    [
        {"word/embeddings/x.exe": b"anything"},
        {"word/media/image1.png": b"MZ\x90\x00\x03\x00\x00\x00"},
        {"xl/media/a.jpeg": b"\x7fELF\x02\x01\x01"},
        {"word/media/b.emf": b"\xcf\xfa\xed\xfe\x07\x00"},
        {"customXml/item9.xml": b"#!/bin/sh\nrm -rf /\n"},
        {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64},
        {"word/media/ole.dat": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64},
        {"word/run.ps1": b"Write-Host 1"},
        {"word/embeddings/inner.docx": make_docx({"word/a.lnk": b"L\0\0\0"})},
    ],
)
def test_docx_with_executables_is_refused(extra):
    assert refused("exe.docx", make_docx(extra)) == "office_executable"


def test_zip_bomb_is_refused():
    data = make_docx({"word/media/zeros.bin": bytes(60 * 1024 * 1024)})
    assert len(data) < 1024 * 1024
    assert refused("bomb.docx", data) == "office_too_big"


def test_high_compression_ratio_is_refused():
    data = make_docx({"word/media/zeros.bin": bytes(5 * 1024 * 1024)})
    assert refused("ratio.docx", data) == "office_too_big"


def test_too_many_members_is_refused():
    extra = {f"word/media/i{i}.xml": b"<a/>" for i in range(files.OFFICE_MAX_MEMBERS)}
    assert refused("many.docx", make_docx(extra)) == "office_too_big"


@pytest.mark.parametrize(
    "name", ["../evil", "word/../../evil.xml", "/etc/cron.d/x", "..\\evil.xml", "C:/x.xml"]
)
def test_unsafe_member_path_is_refused(name):
    assert refused("path.docx", make_docx({name: b"<a/>"})) == "office_broken"


def test_duplicate_member_is_refused():
    output = io.BytesIO()
    with pytest.warns(UserWarning):
        with zipfile.ZipFile(output, "w") as archive:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
            archive.writestr("word/document.xml", DOCUMENT)
            archive.writestr("word/document.xml", b"<other/>")
    assert refused("dup.docx", output.getvalue()) == "office_broken"


def test_encrypted_member_is_refused():
    data = bytearray(make_docx())
    position = data.index(b"PK\x01\x02")  # first central directory entry: flag bits at +8
    data[position + 8] |= 0x01
    assert refused("enc.docx", bytes(data)) == "office_broken"


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not really a zip",
        b"plain text",
        make_zip({"word/document.xml": DOCUMENT}),  # no [Content_Types].xml
        make_zip({"[Content_Types].xml": CONTENT_TYPES}),  # no main part
        make_docx(content_types=b"<Types><unclosed></Types>"),
    ],
)
def test_broken_docx_is_refused(data):
    assert refused("broken.docx", data) == "office_broken"


@pytest.mark.parametrize(
    ("dtd", "reference"),
    [
        (b'<!DOCTYPE Types [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;"),
        (b'<!DOCTYPE Types [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>', b"&b;"),
        (b'<!DOCTYPE Types SYSTEM "http://127.0.0.1:9/types.dtd">', b""),
    ],
)
def test_content_types_with_a_dtd_is_refused(dtd, reference):
    xml = CONTENT_TYPES.replace(b"?>\n", b"?>\n" + dtd)
    xml = xml.replace(
        b'ContentType="application/xml"', b'ContentType="%sapplication/xml"' % reference
    )
    assert refused("xxe.docx", make_docx(content_types=xml)) == "office_broken"


# --- common checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename",
    ["old.doc", "old.xls", "macro.docm", "run.exe", "page.html", "image.gif", "noextension", ""],
)
def test_types_not_allowed(filename):
    assert refused(filename, make_pdf()) == "type"


def test_empty_file_is_refused():
    assert refused("a.pdf", b"") == "empty"
    assert refused("a.jpg", None) == "empty"


def test_too_large_file_is_refused():
    data = make_pdf()
    assert refused("a.pdf", data, max_bytes=len(data) - 1) == "too_large"
    assert files.check_upload("a.pdf", data, len(data)).data == data


def test_refusal_carries_code_params_and_english_message():
    with pytest.raises(files.FileRefused) as info:
        files.check_upload("C:\\tmp\\báo cáo.doc", b"x", MAX)
    error = info.value
    assert error.code == "type"
    assert error.params["filename"] == "báo cáo.doc"
    assert error.params["extension"] == "doc"
    assert str(error).startswith("The file báo cáo.doc is not of an accepted type (jpg, ")
    assert set(files.MESSAGES) == {
        "type",
        "empty",
        "too_large",
        "image",
        "pdf_active",
        "pdf_broken",
        "office_macro",
        "office_executable",
        "office_too_big",
        "office_broken",
    }
