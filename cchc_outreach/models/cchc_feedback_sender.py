import re
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

PHONE_ALLOWED_RE = re.compile(r"^\+?[0-9 ().\-]{6,24}$")


def normalize_phone(phone):
    """Digits of a phone number, +84 / 84 written as the national 0 prefix.

    "+84 912 345 678", "0912.345.678" and "(0912) 345678" all give "0912345678".
    """
    digits = re.sub(r"\D", "", phone or "")
    if (phone or "").strip().startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[2:]
    return digits


def normalize_email(email):
    return email_normalize(email or "", strict=True) or ""


def clean_text(value, multiline=False):
    """Plain text as stored: NFC, no control characters, trimmed.

    Markup is kept as typed (the field is plain text and every page escapes it on
    output), but NUL and the other control characters are dropped.
    """
    value = unicodedata.normalize("NFC", value or "")
    keep = "\n\t" if multiline else ""
    value = "".join(
        char
        for char in value
        if char in keep or unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn")
    )
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.strip()
    return " ".join(value.split())


class CchcFeedbackSender(models.Model):
    """Who sent a feedback: kept apart from the feedback so that record rules decide.

    Only receiving officers, managers and the handler assigned to the feedback may
    read this record (see security/cchc_feedback_security.xml); the feedback shows
    these fields through non-stored computed fields evaluated as the current user.
    """

    _name = "cchc.feedback.sender"
    _description = "CCHC Feedback Sender (personal data)"
    _rec_name = "name"

    feedback_id = fields.Many2one(
        "cchc.feedback", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(
        related="feedback_id.company_id", store=True, index=True, precompute=True
    )
    name = fields.Char(required=True)
    address = fields.Char(required=True)
    phone = fields.Char()
    email = fields.Char(string="E-mail")
    phone_normalized = fields.Char(compute="_compute_normalized", store=True, index=True)
    email_normalized = fields.Char(compute="_compute_normalized", store=True, index=True)
    client_ip_hash = fields.Char(
        string="Network Address (hashed)",
        readonly=True,
        index=True,
        help="Salted hash of the network address a public-form submission came from, "
        "used for the rate limit. The address itself is never stored.",
    )

    anonymised = fields.Boolean(
        readonly=True,
        help="The personal data were replaced by a placeholder after the retention period.",
    )

    _sql_constraints = [
        ("feedback_uniq", "unique(feedback_id)", "A feedback has one sender record."),
    ]

    @api.depends("phone", "email")
    def _compute_normalized(self):
        for sender in self:
            sender.phone_normalized = normalize_phone(sender.phone) or False
            sender.email_normalized = normalize_email(sender.email) or False

    @api.constrains("name", "address", "phone", "email")
    def _check_contact(self):
        for sender in self.filtered(lambda s: not s.anonymised):
            if not (sender.name or "").strip() or not (sender.address or "").strip():
                raise ValidationError(
                    self.env._("The sender's name and address are required (Decree 20/2008).")
                )
            if not (sender.phone or "").strip() and not (sender.email or "").strip():
                raise ValidationError(
                    self.env._("Give the sender's phone number or e-mail address (Decree 20/2008).")
                )
            if sender.phone and (
                not PHONE_ALLOWED_RE.match(sender.phone.strip())
                or not 8 <= len(normalize_phone(sender.phone)) <= 15
            ):
                raise ValidationError(
                    self.env._("The phone number %(phone)s is not valid.", phone=sender.phone)
                )
            if sender.email and not normalize_email(sender.email):
                raise ValidationError(
                    self.env._("The e-mail address %(email)s is not valid.", email=sender.email)
                )
