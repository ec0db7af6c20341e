"""Detection of a feedback sender's personal data in a text.

Before a question or an answer is published, staff are warned when the text still holds the
sender's name, phone number, e-mail address, home address or an identity card number.
Comparisons are made on :func:`~.text.fold`-ed text (case- and diacritics-insensitive), on
whole words, so that ``"NGUYEN VAN DUC"`` is found for ``"Nguyễn Văn Đức"``.

The detection is a warning aid, not a guarantee: it favours finding too much over missing a
sender's details, but skips what is public knowledge (province and district names).
"""

import re

from .contact import normalize_email, normalize_phone
from .text import clean_text, fold

__all__ = ["KINDS", "find_personal_data"]

#: The kinds of personal data reported, in the order they are returned.
KINDS = ("name", "phone", "email", "address", "id_number")

NAME_MIN_LETTERS = 4
PHONE_MIN_DIGITS = 8
EMAIL_LOCAL_MIN_LENGTH = 4

_WORD_RE = re.compile(r"\w+")
_LETTER_RE = re.compile(r"[^\W\d_]")
# What may stand between two digits of a phone number.
_PHONE_SEPARATORS = r"[ .\-()]{0,3}"
_ID_NUMBER_RE = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")
_ADDRESS_SPLIT_RE = re.compile(r"[,;\n]+")

# Administrative prefixes of address parts, as typed with or without diacritics (lower case,
# NFC), with their level: a part whose prefix is a province or district level one is public
# knowledge and is not looked for.
_LEVEL_PROVINCE = "province"
_LEVEL_LOCAL = "local"
_ADDRESS_PREFIXES = {
    # province and district levels
    "tỉnh": _LEVEL_PROVINCE,
    "tinh": _LEVEL_PROVINCE,
    "thành phố": _LEVEL_PROVINCE,
    "thanh pho": _LEVEL_PROVINCE,
    "tp": _LEVEL_PROVINCE,
    "quận": _LEVEL_PROVINCE,
    "quan": _LEVEL_PROVINCE,
    "q": _LEVEL_PROVINCE,
    "huyện": _LEVEL_PROVINCE,
    "huyen": _LEVEL_PROVINCE,
    "thị xã": _LEVEL_PROVINCE,
    "thi xa": _LEVEL_PROVINCE,
    "tx": _LEVEL_PROVINCE,
    # ward level and below
    "phường": _LEVEL_LOCAL,
    "phuong": _LEVEL_LOCAL,
    "p": _LEVEL_LOCAL,
    "xã": _LEVEL_LOCAL,
    "xa": _LEVEL_LOCAL,
    "thị trấn": _LEVEL_LOCAL,
    "thi tran": _LEVEL_LOCAL,
    "tt": _LEVEL_LOCAL,
    "khu phố": _LEVEL_LOCAL,
    "khu pho": _LEVEL_LOCAL,
    "kp": _LEVEL_LOCAL,
    "tổ": _LEVEL_LOCAL,
    "to": _LEVEL_LOCAL,
    "ấp": _LEVEL_LOCAL,
    "ap": _LEVEL_LOCAL,
    "thôn": _LEVEL_LOCAL,
    "thon": _LEVEL_LOCAL,
    "xóm": _LEVEL_LOCAL,
    "xom": _LEVEL_LOCAL,
    "khóm": _LEVEL_LOCAL,
    "khom": _LEVEL_LOCAL,
    "số nhà": _LEVEL_LOCAL,
    "so nha": _LEVEL_LOCAL,
    "số": _LEVEL_LOCAL,
    "so": _LEVEL_LOCAL,
    "đường": _LEVEL_LOCAL,
    "duong": _LEVEL_LOCAL,
    "phố": _LEVEL_LOCAL,
    "pho": _LEVEL_LOCAL,
    "ngõ": _LEVEL_LOCAL,
    "ngo": _LEVEL_LOCAL,
    "ngách": _LEVEL_LOCAL,
    "ngach": _LEVEL_LOCAL,
    "hẻm": _LEVEL_LOCAL,
    "hem": _LEVEL_LOCAL,
    "kiệt": _LEVEL_LOCAL,
    "kiet": _LEVEL_LOCAL,
}
# Prefixes that also start a new part inside a part ("123 Lê Lợi phường Bến Thành"): only
# those that cannot be a word of a street or place name.
_ADDRESS_INNER_PREFIXES = frozenset(
    {
        "tỉnh",
        "thành phố",
        "thanh pho",
        "tp",
        "quận",
        "huyện",
        "huyen",
        "thị xã",
        "thi xa",
        "phường",
        "phuong",
        "xã",
        "thị trấn",
        "thi tran",
        "khu phố",
        "khu pho",
        "kp",
        "tổ",
        "ấp",
        "thôn",
        "xóm",
        "khóm",
    }
)
# Street words dropped after a house number ("123 đường Lê Lợi" is "123 Lê Lợi") and allowed
# between two words of an address in the text.
_STREET_WORDS = frozenset(
    {"đường", "duong", "phố", "pho", "ngõ", "ngo", "ngách", "ngach", "hẻm", "hem", "kiệt", "kiet"}
)
_FOLDED_STREET_WORDS = ("duong", "pho", "ngo", "ngach", "hem", "kiet", "so")
_ADDRESS_GAP = r"\W+(?:(?:%s)\W+)?" % "|".join(_FOLDED_STREET_WORDS)
_MAX_PREFIX_WORDS = max(len(prefix.split()) for prefix in _ADDRESS_PREFIXES)

# Provinces and centrally-run cities (folded), and the country: public knowledge.
_PUBLIC_PLACES = frozenset(
    {
        "an giang", "ba ria vung tau", "bac giang", "bac kan", "bac lieu", "bac ninh",
        "ben tre", "binh dinh", "binh duong", "binh phuoc", "binh thuan", "ca mau", "can tho",
        "cao bang", "da nang", "dak lak", "dac lac", "dak nong", "dien bien", "dong nai",
        "dong thap", "gia lai", "ha giang", "ha nam", "ha noi", "ha tinh", "hai duong",
        "hai phong", "hau giang", "hoa binh", "hung yen", "khanh hoa", "kien giang",
        "kon tum", "lai chau", "lam dong", "lang son", "lao cai", "long an", "nam dinh",
        "nghe an", "ninh binh", "ninh thuan", "phu tho", "phu yen", "quang binh", "quang nam",
        "quang ngai", "quang ninh", "quang tri", "soc trang", "son la", "tay ninh",
        "thai binh", "thai nguyen", "thanh hoa", "thua thien hue", "tien giang",
        "ho chi minh", "tp ho chi minh", "sai gon", "tra vinh", "tuyen quang", "vinh long",
        "vinh phuc", "yen bai", "viet nam",
    }
)  # fmt: skip


def find_personal_data(text, name=None, phone=None, email=None, address=None):
    """Return the kinds of personal data of the sender found in ``text``.

    The kinds are taken from :data:`KINDS`, in that order, without duplicates:

    * ``name``: the full name, or (for names of three words or more) a run of at least two
      consecutive words of it ending with the given name (``"Văn Đức"`` for ``"Nguyễn Văn
      Đức"``), as whole words; names of fewer than 4 letters are ignored;
    * ``phone``: the digits of the phone number as a whole number (also without its leading
      0, or with ``+84`` instead), whatever the spaces, dots, dashes or parentheses between
      them;
    * ``email``: the address, or its local part when it has at least 4 characters;
    * ``address``: a part of the address (split on commas, semicolons, new lines and the
      administrative prefixes), without its prefixes ("phường", "số", "đường", ...), that
      has at least two words including a non-numeric one, such as ``"123 Lê Lợi"`` or
      ``"Bến Thành"``; parts that are a province or district (by their prefix, or a known
      province name) are not looked for;
    * ``id_number``: any standalone run of 9 or 12 digits (identity card numbers, CMND or
      CCCD), whoever it belongs to, unless it is the sender's phone number.
    """
    folded = fold(text)
    if not folded:
        return []
    phone_digits = normalize_phone(phone) if phone else ""
    found = []
    if name and _find_name(folded, name):
        found.append("name")
    if len(phone_digits) >= PHONE_MIN_DIGITS and _find_phone(folded, phone_digits):
        found.append("phone")
    if email and _find_email(folded, email):
        found.append("email")
    if address and _find_address(folded, address):
        found.append("address")
    if _find_id_number(folded, phone_digits):
        found.append("id_number")
    return found


def _words_pattern(words, gap=r"\W+"):
    """A regex matching ``words`` as whole words, separated by ``gap``."""
    return re.compile(r"(?<!\w)" + gap.join(re.escape(word) for word in words) + r"(?!\w)")


def _letter_count(words):
    return sum(len(_LETTER_RE.findall(word)) for word in words)


def _find_name(folded, name):
    words = _WORD_RE.findall(fold(name))
    if _letter_count(words) < NAME_MIN_LETTERS:
        return False
    candidates = [words]
    if len(words) >= 3:
        candidates.extend(words[start:] for start in range(1, len(words) - 1))
    return any(
        _letter_count(candidate) >= NAME_MIN_LETTERS and _words_pattern(candidate).search(folded)
        for candidate in candidates
    )


def _find_phone(folded, digits):
    return bool(_phone_pattern(digits).search(folded))


def _phone_pattern(digits):
    """A regex matching the phone ``digits`` as a whole number, whatever its separators.

    A domestic number (``0...``) is also matched without its leading 0, with ``84``,
    ``+84``, ``0084`` or ``+84 (0)`` before it.
    """
    core = digits
    prefix = ""
    if digits.startswith("0"):
        core = digits[1:]
        prefix = r"(?:(?:\+|00)?84%s(?:\(0\)%s)?|0%s)?" % ((_PHONE_SEPARATORS,) * 3)
    return re.compile(r"(?<![\d+])" + prefix + _PHONE_SEPARATORS.join(core) + r"(?!\d)")


def _find_email(folded, email):
    address = normalize_email(email)
    if not address:
        return False
    if address in folded:
        return True
    local = address.partition("@")[0]
    if len(local) < EMAIL_LOCAL_MIN_LENGTH:
        return False
    pattern = r"(?<![a-z0-9])" + re.escape(local) + r"(?![a-z0-9])"
    return bool(re.search(pattern, folded))


def _find_address(folded, address):
    for tokens in _address_needles(address):
        if _words_pattern(tokens, _ADDRESS_GAP).search(folded):
            return True
    return False


def _match_prefix(tokens, start):
    """The administrative prefix starting at ``tokens[start]`` and its length, or ``None``."""
    for length in range(min(_MAX_PREFIX_WORDS, len(tokens) - start), 0, -1):
        prefix = " ".join(tokens[start : start + length])
        if prefix in _ADDRESS_PREFIXES:
            return prefix, length
    return None


def _address_needles(address):
    """The folded word lists to look for, one per significant part of ``address``."""
    needles = []
    for part in _ADDRESS_SPLIT_RE.split(clean_text(address, multiline=True)):
        tokens = _WORD_RE.findall(clean_text(part).casefold())
        # Cut the part before the prefixes that cannot belong to a name.
        segments, current = [], []
        index = 0
        while index < len(tokens):
            match = _match_prefix(tokens, index) if current else None
            if match and match[0] in _ADDRESS_INNER_PREFIXES:
                segments.append(current)
                current = tokens[index : index + match[1]]
                index += match[1]
                continue
            current.append(tokens[index])
            index += 1
        segments.append(current)
        for segment in segments:
            needle = _address_needle(segment)
            if needle:
                needles.append(needle)
    return needles


def _address_needle(tokens):
    """The folded words of one address segment, or ``None`` when it is not significant."""
    level = None
    while tokens:
        match = _match_prefix(tokens, 0)
        if not match:
            break
        level = level or _ADDRESS_PREFIXES[match[0]]
        tokens = tokens[match[1] :]
    if level == _LEVEL_PROVINCE:
        return None
    if len(tokens) > 1 and any(char.isdigit() for char in tokens[0]):
        if tokens[1] in _STREET_WORDS:
            tokens = [tokens[0]] + tokens[2:]
    words = [fold(token) for token in tokens]
    words = [word for word in words if word]
    if len(words) < 2 or not _letter_count(words) or " ".join(words) in _PUBLIC_PLACES:
        return None
    return words


def _find_id_number(folded, phone_digits):
    phone_forms = {phone_digits, phone_digits[1:]} if phone_digits else set()
    for match in _ID_NUMBER_RE.finditer(folded):
        if match.group() not in phone_forms:
            return True
    return False
