#!/usr/bin/env python3
"""Bounded fuzz run of the public feedback form (not part of the test command).

    python3 bench/fuzz_feedback_form.py                    # 10 000 payloads, 15 min at most
    python3 bench/fuzz_feedback_form.py --payloads 20000 --seconds 900 --seed 7

It creates a throw-away database with cchc_outreach (no demo data), starts Odoo
with one HTTP worker on 127.0.0.1 (rate limit off for the run), and posts
--payloads random submissions to ``/pakn/gui`` (a fixed --seed makes the run
repeatable): valid ones, and ones with missing, empty, huge, binary, invalid
UTF-8, markup, control-character or wrongly typed fields, unknown or duplicated
fields, fields sent as files, fields made only of invisible characters (zero-width,
bidirectional overrides, fillers, tags) and punctuation, missing consent, random
company ids, filled honeypots, missing or forged CSRF tokens, and attachments of
every kind (allowed and disallowed extensions, disguised content -- PDFs with
JavaScript, launch actions or embedded files, PDF/HTML polyglots, images with a zip
or HTML appended, HTML/SVG/executables named .png/.jpg, DOCX with an executable or a
VBA project, .docm --, empty, oversize, too many, hostile file names). With --demo
the database gets the demo data (the demo company's form is enabled). It stops by
itself after --payloads requests or --seconds, whichever comes first.

Then it checks, in the database: no HTTP 5xx (nor connection error) was seen;
the number of feedback equals the number of accepted (200) submissions; every
stored feedback is valid (sender name, address, phone or e-mail, consent date;
subject and content within limits, already normalised and with a letter or digit);
every stored attachment passes the structural check of its type again
(tools/files.py: same mimetype, no appended payload left) and is within the size
limit. Exit status 0 when all hold.
"""

import json
import random
import sys
import time
from pathlib import Path

from _common import (
    base_arg_parser,
    bench_database,
    fmt_int,
    log,
    markdown_table,
    shell_call,
)
from _disguised_files import CLEAN, DISGUISED, invisible_text
from _feedback_http import CODE_RE, FormClient, OdooServer

FIELDS = (
    "kind",
    "sender_type",
    "sender_name",
    "sender_address",
    "sender_phone",
    "sender_email",
    "subject",
    "content_class",
    "description",
)
NASTY = [
    "",
    " ",
    "\t\n\r",
    "\x00",
    "a\x00b",
    "\x1b[31mred",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE cchc_feedback; --",
    "%(name)s %s {0} {{7*7}} ${7*7}",
    "../../../etc/passwd",
    "\u202e\u0644\u0627",
    "😀" * 50,
    "Nguyễn Văn A",
    "Ｎｇｕｙｅｎ",
    "e\u0301",  # decomposed é
    "\ud800",  # lone surrogate (sent as CESU bytes)
    "A" * 300,
    "B" * 20000,
    "0912 345 678",
    "+84 (912) 345-678",
    "user@example.com",
    "user@@example..com",
    "phan_anh",
    "kien_nghi",
    "applied_late",
    "individual",
    "organisation",
    "1e400",
    "-1",
    "None",
    "null",
    "[]",
    "{}",
]
RAW_BYTES = [b"\xff\xfe\xfd", b"\xc3\x28", b"\xe2\x82", b"\xf0\x28\x8c\xbc", b"\x80" * 10]
PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32


def valid(rng, index):
    return {
        "kind": rng.choice(["phan_anh", "kien_nghi"]),
        "sender_type": rng.choice(["individual", "organisation"]),
        "sender_name": rng.choice(["Nguyễn Văn An", "Công ty TNHH Minh Phát", "Trần Thị B"]),
        "sender_address": "Số 1 đường Võ Thị Sáu, Biên Hòa",
        "sender_phone": f"09{rng.randrange(10**8):08d}",
        "sender_email": f"fuzz{index}@example.com",
        "subject": "Thủ tục đăng ký kinh doanh",
        "content_class": rng.choice(["", "applied_late", "other", "initiative"]),
        "description": "Hồ sơ bị yêu cầu bổ sung giấy tờ không có trong quy định. " * 2,
        "website": "",
        "consent": "1",
    }


def random_value(rng):
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(NASTY)
    if roll < 0.75:
        return rng.choice(RAW_BYTES) + rng.choice(NASTY).encode("utf-8", "surrogatepass")
    if roll < 0.9:
        return "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(0, 80)))
    return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 200)))


def disguised_file(rng):
    if rng.random() < 0.3:
        name, data = CLEAN[rng.choice(sorted(CLEAN))]
    else:
        name, data, _expected = DISGUISED[rng.choice(sorted(DISGUISED))]
    ctype = rng.choice(["application/pdf", "image/png", "application/octet-stream"])
    return ("attachments", name, data, ctype)


def random_file(rng):
    ext = rng.choice(
        ["pdf", "png", "jpg", "jpeg", "doc", "docx", "xls", "xlsx", "exe", "html", "svg", "", "PDF"]
    )
    content = rng.choice(
        [
            PDF,
            PNG,
            JPG,
            OLE,
            b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(64)),
            b"MZ\x90\x00" + b"\x00" * 64,
            b"<html><script>alert(1)</script></html>",
            b"",
            PDF + b"0" * (6 * 1024 * 1024),  # over the 5 MB default
            bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2048))),
        ]
    )
    name = rng.choice(
        [
            f"tệp.{ext}",
            f"../../etc/passwd.{ext}",
            "C:\\Windows\\" + f"x.{ext}",
            "a" * 300 + f".{ext}",
            f"\x00.{ext}",
            f"<b>.{ext}",
            f"x.{ext}",
        ]
    )
    ctype = rng.choice(["application/pdf", "image/png", "application/octet-stream", "text/html"])
    return ("attachments", name, content, ctype)


def payload(rng, index, company_id):
    """Fields, files, token mode and a label of one random submission."""
    fields = valid(rng, index)
    fields["company_id"] = str(company_id)
    files = []
    token = True
    labels = []
    roll = rng.random()
    if roll < 0.12:
        labels.append("valid")
        if rng.random() < 0.3:
            files.append(("attachments", *CLEAN["clean pdf"], "application/pdf"))
    elif roll < 0.27:
        # A valid form with one to three clean or disguised files.
        labels.append("disguised_files")
        files += [disguised_file(rng) for _ in range(rng.randrange(1, 4))]
    elif roll < 0.37:
        # A valid form where fields hold only invisible characters and punctuation, or
        # real text wrapped in them.
        labels.append("invisible")
        for name in rng.sample(
            ["sender_name", "sender_address", "subject", "description", "sender_phone"],
            rng.randrange(1, 3),
        ):
            if rng.random() < 0.7:
                fields[name] = invisible_text(rng)
            else:
                fields[name] = invisible_text(rng) + fields[name] + invisible_text(rng)
    else:
        for _ in range(rng.randrange(1, 4)):
            mutation = rng.choice(
                [
                    "value",
                    "value",
                    "value",
                    "drop",
                    "dup",
                    "extra",
                    "as_file",
                    "company",
                    "files",
                    "consent",
                ]
            )
            labels.append(mutation)
            name = rng.choice(FIELDS)
            if mutation == "value":
                fields[name] = random_value(rng)
            elif mutation == "drop":
                fields.pop(name, None)
            elif mutation == "dup":
                fields[name + "\x00dup"] = random_value(rng)
            elif mutation == "extra":
                fields[rng.choice(["id", "state", "name", "handler_id", "is_published"])] = (
                    random_value(rng)
                )
            elif mutation == "as_file":
                fields.pop(name, None)
                files.append((name, "x.txt", b"value", "text/plain"))
            elif mutation == "company":
                fields["company_id"] = rng.choice(["0", "-1", "999999", "abc", "1e9", "", "2"])
            elif mutation == "files":
                files += [random_file(rng) for _ in range(rng.randrange(1, 8))]
            elif mutation == "consent":
                fields["consent"] = rng.choice(["", "0", "no", random_value(rng)])
        if rng.random() < 0.04:
            labels.append("honeypot")
            fields["website"] = "http://spam.example.com"
        if rng.random() < 0.04:
            labels.append("csrf")
            token = rng.choice([False, "", "0" * 40 + "o9999999999", "garbage"])
    items = []
    for name, value in fields.items():
        if name.endswith("\x00dup"):
            items.append((name[:-4], value))
        else:
            items.append((name, value))
    return items, files, token, labels


def main():
    parser = base_arg_parser(__doc__.split("\n\n")[0], "fb_fuzz")
    parser.add_argument("--port", type=int, default=8184)
    parser.add_argument("--payloads", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=900, help="time budget of the run")
    parser.add_argument("--seed", type=int, default=20260221)
    parser.add_argument(
        "--workers", type=int, default=0, help="Odoo --workers (0: one threaded process)"
    )
    parser.add_argument("--demo", action="store_true", help="install with the demo data")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    statuses = {}
    by_label = {}
    accepted = set()
    failures = []
    sent = 0
    with bench_database(args, demo=args.demo) as (cmd, addons, extra, common):
        setup = shell_call(cmd, common, "fuzz_feedback_form", "setup", {"port": args.port})
        company_id = setup["company_id"]
        server_log = Path("/tmp", f"{args.db}_server.log")
        with OdooServer(cmd, addons, extra, args.db, args.port, server_log, args.workers):
            client = FormClient(args.port, company_id)
            client.refresh_token()
            start = time.monotonic()
            while sent < args.payloads and time.monotonic() - start < args.seconds:
                fields, files, token, labels = payload(rng, sent, company_id)
                if rng.random() < 0.02:
                    # Not multipart at all.
                    body = "&".join(
                        f"{k}={v if isinstance(v, str) else v.hex()}" for k, v in fields
                    ).encode("utf-8", "surrogatepass")
                    if token is True:
                        body += f"&csrf_token={client.token}".encode()
                    elif token:
                        body += f"&csrf_token={token}".encode()
                    status, response = client.post(body, "application/x-www-form-urlencoded")
                    labels = [*labels, "urlencoded"]
                else:
                    status, response = client.submit(fields, files, token=token)
                sent += 1
                statuses[status] = statuses.get(status, 0) + 1
                for label in labels:
                    by_label.setdefault(label, {}).setdefault(status, 0)
                    by_label[label][status] += 1
                match = CODE_RE.search(response)
                if status == 200 and match:
                    accepted.add(match[1].decode())
                elif status == 200 or status >= 500 or status == 0:
                    failures.append({"status": status, "labels": labels, "body": response[:300]})
                if sent % 1000 == 0:
                    log(f"{sent} payloads, statuses {statuses}")
            seconds = time.monotonic() - start
        check = shell_call(cmd, common, "fuzz_feedback_form", "check", {"codes": sorted(accepted)})

    print()
    print(f"{fmt_int(sent)} payloads in {seconds:.0f} s ({sent / seconds:.1f}/s), seed {args.seed}")
    print()
    print(
        markdown_table(
            ["HTTP status", "responses"],
            [[status, fmt_int(count)] for status, count in sorted(statuses.items())],
        )
    )
    print()
    print(
        markdown_table(
            ["mutation", "statuses"],
            [[label, json.dumps(counts)] for label, counts in sorted(by_label.items())],
        )
    )
    server_errors = sum(count for status, count in statuses.items() if status >= 500 or status == 0)
    print()
    print(f"server errors (5xx or broken connection): {server_errors}")
    print(f"accepted submissions: {len(accepted)}; feedback in the database: {check['records']}")
    print(f"invalid stored records: {len(check['invalid'])} {check['invalid'][:5]}")
    print(f"records with an empty field after normalisation: {check['empty_fields']}")
    print(f"attachments stored: {check['attachments']}")
    print(
        "stored files whose structure does not match their type: "
        f"{len(check['bad_attachments'])} {check['bad_attachments'][:5]}"
    )
    if failures:
        print(f"unexpected responses: {len(failures)}, first: {failures[:3]}")
    ok = (
        not server_errors
        and not failures
        and check["records"] == len(accepted)
        and check["all_accepted_stored"]
        and not check["invalid"]
        and not check["bad_attachments"]
        and not check["empty_fields"]
        and sent >= min(args.payloads, 1)
    )
    print("RESULT:", "OK" if ok else "FAILED")
    return 0 if ok else 1


# ----------------------------------------------------------------------------
# Odoo half
# ----------------------------------------------------------------------------
def setup(env, options):
    options = json.loads(options)
    company = env["res.company"]._cchc_feedback_public_companies()[:1] or env.ref(
        "base.main_company"
    )
    company.write({"cchc_feedback_rate_limit_count": 0, "cchc_feedback_public_enabled": True})
    env["ir.config_parameter"].set_param("web.base.url", f"http://127.0.0.1:{options['port']}")
    env.cr.commit()
    return {"company_id": company.id}


def check(env, options):
    import unicodedata

    from odoo.addons.cchc_outreach.models.cchc_feedback import LIMITS
    from odoo.addons.cchc_outreach.tools.files import FileRefused, check_upload
    from odoo.addons.cchc_outreach.tools.text import clean_text, has_substance

    options = json.loads(options)
    Feedback = env["cchc.feedback"].sudo().with_context(active_test=False)
    records = Feedback.search([("channel", "=", "web_form")])
    invalid = []
    empty_fields = 0

    def has_control(text, multiline=False):
        allowed = "\n\t" if multiline else ""
        return any(
            unicodedata.category(ch) in ("Cc", "Cs", "Cf") and ch not in allowed
            for ch in text or ""
        )

    for feedback in records:
        sender = env["cchc.feedback.sender"].sudo().search([("feedback_id", "=", feedback.id)])
        problems = []
        if feedback.state != "new":
            problems.append("state")
        if not sender or not sender.name or not sender.address:
            problems.append("sender")
        elif not (sender.phone_normalized or sender.email_normalized):
            problems.append("contact")
        if not sender.consent_date:
            problems.append("consent")
        empty = False
        for fname, value, multiline in (
            ("subject", feedback.subject, False),
            ("description", feedback.description, True),
            ("sender_name", sender.name, False),
            ("sender_address", sender.address, False),
        ):
            low, high = LIMITS[fname]
            if not has_substance(value):
                empty = True
            if (
                not value
                or not low <= len(value) <= high
                or has_control(value, multiline)
                or clean_text(value, multiline) != value
            ):
                problems.append(fname)
        for value in (sender.phone, sender.email):
            if value and not has_substance(value):
                empty = True
        empty_fields += empty
        if feedback.kind not in ("phan_anh", "kien_nghi"):
            problems.append("kind")
        if problems:
            invalid.append({"name": feedback.name, "problems": problems})
    bad_attachments = []
    attachments = env["ir.attachment"].sudo().search([("res_model", "=", "cchc.feedback")])
    companies = {feedback.id: feedback.company_id for feedback in records}
    for attachment in attachments:
        data = attachment.raw or b""
        company = companies.get(attachment.res_id) or env.company
        max_bytes = company.cchc_feedback_max_file_mb * 1024 * 1024
        try:
            checked = check_upload(attachment.name, data, max_bytes)
        except FileRefused as error:
            bad_attachments.append(f"{attachment.name}: {error.code}")
            continue
        if checked.mimetype != attachment.mimetype or checked.name != attachment.name:
            bad_attachments.append(f"{attachment.name}: type")
        elif checked.mimetype.startswith("image/") and (
            b"<script" in data or b"PK\x03\x04" in data
        ):
            bad_attachments.append(f"{attachment.name}: payload kept")
    names = set(records.mapped("name"))
    return {
        "records": len(records),
        "all_accepted_stored": set(options["codes"]) <= names,
        "invalid": invalid,
        "empty_fields": empty_fields,
        "attachments": len(attachments),
        "bad_attachments": bad_attachments,
    }


if __name__ == "__main__":
    sys.exit(main())
