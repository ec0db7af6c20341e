"""Normalisation and validation of the contact details of a feedback sender.

Phone numbers are reduced to their digits in the Vietnamese domestic form (``0912345678``
for ``+84 912 345 678``); e-mail addresses are checked strictly and put in lower case, as
Vietnamese public services do, so that two spellings of one address compare equal.
"""

import re
import unicodedata

from .text import clean_text

__all__ = ["normalize_email", "normalize_phone", "valid_phone"]

EMAIL_MAX_LENGTH = 254
EMAIL_LOCAL_MAX_LENGTH = 64

_PHONE_RAW_RE = re.compile(r"\+?[0-9 ().\-]{6,24}")
_EMAIL_LOCAL_RE = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_EMAIL_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_EMAIL_TLD_RE = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


def normalize_phone(phone):
    """Return the digits of ``phone`` in the domestic form, ``""`` when there are none.

    Separators are dropped (``"0912.345.678"``, ``"(0912) 345678"``) and the country code of
    Viet Nam is replaced by the leading ``0``: ``"+84 912 345 678"``, ``"84912345678"``
    (11 digits starting with 84: a mobile number), ``"+84 28 3822 1234"`` (a landline, 12
    digits), ``"0084 912 345 678"`` and ``"+84 (0) 912 345 678"`` all give the domestic form.
    Full-width digits are accepted. Numbers of other countries keep their digits.
    """
    text = unicodedata.normalize("NFKC", clean_text(phone))
    digits = "".join(char for char in text if "0" <= char <= "9")
    international = text.startswith("+")
    if digits.startswith("0084"):
        digits, international = digits[2:], True
    if digits.startswith("84") and len(digits) > 4 and (international or len(digits) in (11, 12)):
        rest = digits[2:]
        digits = rest if rest.startswith("0") else "0" + rest
    return digits


def valid_phone(phone):
    """True when ``phone`` looks like a phone number.

    The cleaned text may only hold digits, spaces, parentheses, dots and dashes after an
    optional leading ``+`` (6 to 24 characters), and its normalised form must have 8 to 15
    digits.
    """
    text = clean_text(phone)
    if not _PHONE_RAW_RE.fullmatch(text):
        return False
    return 8 <= len(normalize_phone(text)) <= 15


def normalize_email(email):
    """Return ``email`` checked and in lower case, ``""`` when it is not a valid address.

    The address must have exactly one ``@``, a non-empty ASCII local part of at most 64
    characters (letters, digits and ``!#$%&'*+/=?^_`{|}~-``, dots only between them), and a
    domain of at least two dot-separated labels (letters, digits and inner dashes) ending
    with an alphabetic top-level domain (or an ``xn--`` one); the whole is at most 254
    characters. Surrounding whitespace and invisible format characters (zero-width spaces,
    ...) are removed first; a space or a control character inside makes it invalid.
    """
    raw = email.strip() if isinstance(email, str) else ""
    if any(unicodedata.category(char) == "Cc" for char in raw):
        return ""  # a control character inside: refused, not silently removed
    text = clean_text(raw).lower()
    if not text or len(text) > EMAIL_MAX_LENGTH or text.count("@") != 1 or " " in text:
        return ""
    local, _at, domain = text.partition("@")
    if len(local) > EMAIL_LOCAL_MAX_LENGTH or not _EMAIL_LOCAL_RE.fullmatch(local):
        return ""
    labels = domain.split(".")
    if len(labels) < 2 or not all(_EMAIL_LABEL_RE.fullmatch(label) for label in labels):
        return ""
    if not _EMAIL_TLD_RE.fullmatch(labels[-1]):
        return ""
    return text
