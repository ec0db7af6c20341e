"""Unit tests of cchc_outreach/tools/text.py and contact.py (no Odoo needed)."""

import pytest
from tools_loader import load

text = load("text")
contact = load("contact")


# --- clean_text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "\u200b\u200b",
        "\u202e\u2066",
        "\u3164",
        "\u115f\u1160\uffa0\u2800",
        "\ufeff\u00ad\u2060\u200c\u200d\u200e\u200f\u061c\u180e",
        "\U000e0041\U000e0042",  # tag characters
        "\ue000\U000f0000",  # private use
        "\x00\x07\x1b",
        " \u00a0\u2003\u3000 ",
        "...!?-- *",
    ],
)
def test_invisible_or_punctuation_only_has_no_substance(value):
    assert not text.has_substance(value)
    assert not text.has_substance(value * 3 + "\n" + value)


@pytest.mark.parametrize("value", ["a", "Đ", "7", "\u200bx\u200b", "Ý kiến", "\u0665"])
def test_letters_or_digits_have_substance(value):
    assert text.has_substance(value)


@pytest.mark.parametrize("value", [None, False, "", "   "])
def test_empty_values(value):
    assert text.clean_text(value) == ""
    assert text.clean_text(value, multiline=True) == ""
    assert not text.has_substance(value)


def test_clean_text_removes_format_characters():
    raw = "Ph\u200bản \u202eánh\u202c \ufeffkiến\u00ad nghị\U000e0001\u2066\u2069"
    assert text.clean_text(raw) == "Phản ánh kiến nghị"


def test_clean_text_removes_fillers_and_unassigned():
    assert text.clean_text("a\u3164b\u2800c\U0010fffd\U000e007fd") == "abcd"
    assert text.clean_text("x\u0378y") == "xy"  # unassigned


def test_clean_text_spaces_single_line():
    raw = "\t Nguyễn\u00a0Văn\u2002\u2009Đức \u3000\n\r\n  ở\x0bHà Nội  "
    assert text.clean_text(raw) == "Nguyễn Văn Đức ở Hà Nội"


def test_clean_text_is_nfc():
    decomposed = "Nguye\u0302\u0303n"  # e + circumflex + tilde
    assert text.clean_text(decomposed) == "Nguyễn"
    # a zero-width space between a letter and its mark does not leave a stray mark
    assert text.clean_text("e\u200b\u0301") == "é"


def test_clean_text_multiline():
    raw = "  Dòng 1   \r\nDòng\u00a02\t \r\rDòng 3\u2028\n\n\n\n\n\nDòng\t4 \x07\n\n"
    assert text.clean_text(raw, multiline=True) == "Dòng 1\nDòng 2\n\nDòng 3\n\n\nDòng\t4"


def test_clean_text_single_line_joins_lines():
    assert text.clean_text("a\nb\r\nc\u2029d") == "a b c d"


def test_clean_text_accepts_non_strings():
    assert text.clean_text(12) == "12"
    assert text.clean_text(b"caf\xc3\xa9\xe2\x80\x8b") == "café"


# --- fold ------------------------------------------------------------------------------------


def test_fold():
    assert text.fold("NGUYỄN Văn Đức") == "nguyen van duc"
    assert text.fold("  Trần\u200b  Thị\u00a0ƯỚC  ") == "tran thi uoc"
    assert text.fold("Đường Lê Lợi, Q.1") == "duong le loi, q.1"
    assert text.fold(None) == ""


def test_fold_makes_spellings_equal():
    assert text.fold("Thừa Thiên Huế") == text.fold("THUA THIEN HUE") == "thua thien hue"


# --- clean_filename --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Báo cáo.PDF", "Báo cáo.pdf"),
        ("C:\\Users\\dan\\Desktop\\don.DOCX", "don.docx"),
        ("/etc/passwd", "passwd"),
        ("../../x.png", "x.png"),
        ('a<b>:"c|d?*.jpg', "a_b___c_d__.jpg"),
        ("\u202eexe.pdf", "exe.pdf"),
        ("evil\u202egpj.exe", "evilgpj.exe"),
        ("", "file"),
        (None, "file"),
        ("...", "file"),
        (".pdf", "file.pdf"),
        ("  tên  tệp .JPEG  ", "tên tệp.jpeg"),
        ("archive.tar.gz", "archive.tar.gz"),
        ("name.thisisnotanext", "name.thisisnotanext"),
    ],
)
def test_clean_filename(raw, expected):
    assert text.clean_filename(raw) == expected


def test_clean_filename_cuts_the_stem():
    name = text.clean_filename("x" * 300 + ".Pdf")
    assert name == "x" * 100 + ".pdf"


def test_clean_filename_has_no_forbidden_character():
    name = text.clean_filename("a\x01b\x1fc\x7fd/e\\f.txt")
    assert name == "f.txt"
    name = text.clean_filename("a\x01b\x1fc\x7fd.txt")
    assert not any(ord(char) < 32 or char == "\x7f" for char in name)


# --- contact ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "+84 912 345 678",
        "84912345678",
        "0912.345.678",
        "(0912) 345678",
        "0912-345-678",
        "+84 (0) 912 345 678",
        "0084 912 345 678",
        "\u200b0912\u00a0345\u00a0678",
        "０９１２３４５６７８",  # full-width digits
    ],
)
def test_normalize_phone(raw):
    assert contact.normalize_phone(raw) == "0912345678"


def test_normalize_phone_landline_and_foreign():
    assert contact.normalize_phone("+84 28 3822 1234") == "02838221234"
    assert contact.normalize_phone("028 3822 1234") == "02838221234"
    assert contact.normalize_phone("+1 (202) 555-0100") == "12025550100"
    assert contact.normalize_phone(None) == ""
    assert contact.normalize_phone("no phone") == ""


@pytest.mark.parametrize(
    "raw", ["+84 912 345 678", "0912.345.678", "(0912) 345678", "028 3822 1234", "12345678"]
)
def test_valid_phone(raw):
    assert contact.valid_phone(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "1234567",  # 7 digits
        "0912 345 678 ext 1",
        "0912/345/678",
        "++84912345678",
        "0912345678; 0987654321",
        "1" * 16,
        "(((((( ))))))",
    ],
)
def test_invalid_phone(raw):
    assert not contact.valid_phone(raw)


def test_valid_phone_after_cleaning():
    assert contact.valid_phone("  0912 345 678\u200b  ")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyen.Van.Duc@Gmail.COM", "nguyen.van.duc@gmail.com"),
        ("  duc+pakn@so-tu-phap.gov.vn ", "duc+pakn@so-tu-phap.gov.vn"),
        ("\u200bduc@example.vn\u200b", "duc@example.vn"),
        ("a@xn--mi-ofa.vn", "a@xn--mi-ofa.vn"),
    ],
)
def test_normalize_email(raw, expected):
    assert contact.normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "duc",
        "duc@",
        "@example.vn",
        "duc@example",
        "duc@@example.vn",
        "duc@ex@ample.vn",
        "duc nguyen@example.vn",
        "duc@example .vn",
        "duc\x00@example.vn",
        ".duc@example.vn",
        "duc.@example.vn",
        "d..uc@example.vn",
        "duc@-example.vn",
        "duc@example-.vn",
        "duc@example..vn",
        "duc@example.v",
        "duc@example.123",
        "đức@example.vn",
        "duc@ví-dụ.vn",
        "<duc@example.vn>",
        "duc@example.vn\nBcc: x@y.vn",
        "a" * 65 + "@example.vn",
        "a@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 63 + ".vn",
    ],
)
def test_invalid_email(raw):
    assert contact.normalize_email(raw) == ""
