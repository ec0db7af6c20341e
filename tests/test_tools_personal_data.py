"""Unit tests of cchc_outreach/tools/personal_data.py (no Odoo needed)."""

import pytest
from tools_loader import load

personal_data = load("personal_data")
find = personal_data.find_personal_data

SENDER = {
    "name": "Nguyễn Văn Đức",
    "phone": "0912 345 678",
    "email": "Duc.Nguyen1980@Gmail.com",
    "address": "123 Lê Lợi, phường Bến Thành, Quận 1, TP. Hồ Chí Minh",
}

NEUTRAL_ANSWER = (
    "Sở Tư pháp trả lời như sau: theo quy định tại Nghị định số 23/2015/NĐ-CP, công dân "
    "có thể yêu cầu chứng thực bản sao tại UBND cấp xã hoặc phòng Tư pháp cấp huyện. "
    "Thời hạn giải quyết không quá 02 ngày làm việc. Mọi thắc mắc xin liên hệ tổng đài "
    "1900 1234 hoặc Trung tâm Phục vụ hành chính công thành phố Hồ Chí Minh, Quận 1."
)


def test_example_of_the_brief():
    found = find(
        "Ông NGUYEN VAN DUC ở 123 Le Loi",
        name="Nguyễn Văn Đức",
        address="123 Lê Lợi, phường Bến Thành, Quận 1",
    )
    assert found == ["name", "address"]


def test_nothing_in_a_neutral_answer():
    assert find(NEUTRAL_ANSWER, **SENDER) == []


@pytest.mark.parametrize("value", [None, "", "   \u200b "])
def test_empty_text(value):
    assert find(value, **SENDER) == []


def test_no_sender_data_given():
    assert find("Ông Nguyễn Văn Đức, 0912345678, 123 Lê Lợi") == []


# --- name ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kính gửi ông Nguyễn Văn Đức.",
        "kinh gui ong nguyen van duc",
        "NGUYỄN-VĂN-ĐỨC đã phản ánh",
        "ông Văn Đức cho biết",
        "Nguyen  Van\u200b Duc",
    ],
)
def test_name_found(text):
    assert find(text, name="Nguyễn Văn Đức") == ["name"]


@pytest.mark.parametrize(
    "text",
    [
        "ông Nguyễn Văn cho biết",  # the given name is missing
        "ông Đức cho biết",  # one word only
        "Nguyễn Văn Đứcc",  # not a whole word
        "đức tính của cán bộ",
        "văn bản số 12",
    ],
)
def test_name_not_found(text):
    assert find(text, name="Nguyễn Văn Đức") == []


def test_name_suffixes_of_long_names():
    name = "Tôn Nữ Thị Minh Khai"
    assert find("bà Minh Khai", name=name) == ["name"]
    assert find("bà Thị Minh Khai", name=name) == ["name"]
    assert find("bà Nữ Thị Minh Khai", name=name) == ["name"]
    assert find("bà Tôn Nữ", name=name) == []  # does not include the given name
    assert find("bà Khai", name=name) == []


def test_two_word_name_needs_both_words():
    assert find("ông Lê Hùng", name="Lê Hùng") == ["name"]
    assert find("ông Hùng", name="Lê Hùng") == []


def test_short_names_are_ignored():
    assert find("An đã gửi", name="An") == []
    assert find("ông Lê đã gửi", name="Lê") == []
    assert find("Lê An đã gửi", name="Lê An") == ["name"]  # 4 letters: looked for
    assert find("ông Lê Ân", name="Lê Ân") == ["name"]


# --- phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Liên hệ 912.345.678",
        "SĐT: 0912345678",
        "gọi +84 912 345 678 nhé",
        "số (0912) 345-678",
        "84912345678",
        "ĐT 0912 345 678 hoặc 0987 654 321",
    ],
)
def test_phone_found(text):
    assert find(text, phone="0912 345 678") == ["phone"]


@pytest.mark.parametrize(
    "text",
    [
        "gọi 0912 345 679",
        "tổng đài 1900 1234",
        "ngày 09/12/2023",
        "912.345",
        "CCCD 079123456789",  # holds 912345678, but inside another number
        "mã 09123456781",
    ],
)
def test_phone_not_found(text):
    assert "phone" not in find(text, phone="0912 345 678")


def test_short_phone_is_ignored():
    assert find("mã 1234567", phone="1234567") == []


# --- email -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thư gửi duc.nguyen1980@gmail.com",
        "Thư gửi DUC.NGUYEN1980@GMAIL.COM",
        "tài khoản duc.nguyen1980 trên mạng",
        "duc.nguyen1980 @ gmail . com",
    ],
)
def test_email_found(text):
    assert find(text, email="Duc.Nguyen1980@Gmail.com") == ["email"]


def test_email_not_found():
    assert find("xduc.nguyen1980y", email="duc.nguyen1980@gmail.com") == []
    assert find("Thư gửi ducnguyen@gmail.com", email="duc.nguyen1980@gmail.com") == []
    assert find("ông ba trả lời", email="ba@gmail.com") == []  # local part too short
    assert find("Thư gửi ba@gmail.com", email="ba@gmail.com") == ["email"]
    assert find("duc@", email="not an address") == []


# --- address ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "nhà ở 123 Lê Lợi",
        "nha o so 123 duong Le Loi",
        "Số 123, Lê Lợi",
        "ở khu vực Bến Thành",
        "123 LÊ LỢI, phường khác, quận khác",
    ],
)
def test_address_found(text):
    assert find(text, address=SENDER["address"]) == ["address"]


@pytest.mark.parametrize(
    "text",
    [
        "tại Quận 1",  # district: public knowledge
        "thành phố Hồ Chí Minh",  # province
        "ở số 125 Lê Lợi",  # another house
        "đường Lê Lợi",  # the street alone
        "Phường 1 và Phường 3",
    ],
)
def test_address_not_found(text):
    assert find(text, address=SENDER["address"]) == []


def test_address_with_prefixes_and_house_number_in_one_part():
    address = "Số nhà 45 đường Trần Hưng Đạo phường Phạm Ngũ Lão quận 1"
    assert find("ở 45 Trần Hưng Đạo", address=address) == ["address"]
    assert find("ở 45 đường Tran Hung Dao", address=address) == ["address"]
    assert find("khu Phạm Ngũ Lão", address=address) == ["address"]
    assert find("ở quận 1", address=address) == []


def test_address_street_named_after_a_person():
    address = "12 Dương Quảng Hàm, Cầu Giấy, Hà Nội"
    assert find("nhà số 12 Dương Quảng Hàm", address=address) == ["address"]
    assert find("thủ đô Hà Nội", address=address) == []
    assert find("quận Cầu Giấy", address=address) == ["address"]  # two-word part


def test_address_single_word_parts_are_ignored():
    address = "Thôn 3, xã Hòa, huyện Vân, Huế"
    assert find("Thôn 3 xã Hòa, Huế", address=address) == []


# --- identity numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "CCCD 079123456789 cấp ngày 1/1/2021",
        "CMND số 123456789",
        "số định danh:079123456789.",
    ],
)
def test_id_number_found(text):
    assert find(text) == ["id_number"]
    assert find(text, **SENDER) == ["id_number"]


@pytest.mark.parametrize(
    "text",
    [
        "mã hồ sơ 0791234567890",  # 13 digits
        "số 12345678",  # 8 digits
        "số tiền 1.234.567.890 đồng",
        "0912345678",  # 10 digits: a phone
        "07912345678a",
    ],
)
def test_id_number_not_found(text):
    assert find(text) == []


def test_sender_phone_is_not_an_id_number():
    assert find("gọi 912345678", phone="0912345678") == ["phone"]


def test_all_kinds_in_order():
    text = (
        "Ông Nguyễn Văn Đức (CCCD 079123456789), 123 Lê Lợi, "
        "ĐT 0912345678, email duc.nguyen1980@gmail.com, SĐT khác 0912345678"
    )
    assert find(text, **SENDER) == ["name", "phone", "email", "address", "id_number"]
    assert personal_data.KINDS == ("name", "phone", "email", "address", "id_number")
