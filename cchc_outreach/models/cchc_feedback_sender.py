import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.contact import normalize_email, normalize_phone
from ..tools.text import clean_text, has_substance

# Re-exported: the feedback model and other code import them from here.
__all__ = ["clean_text", "has_substance", "normalize_email", "normalize_phone"]

PHONE_ALLOWED_RE = re.compile(r"^\+?[0-9 ().\-]{6,24}$")


class CchcFeedbackSender(models.Model):
    """Who sent a feedback: kept apart from the feedback so that record rules decide.

    Only receiving officers, managers and the handler assigned to the feedback may
    read this record (see security/cchc_rules.xml); the feedback shows
    these fields through non-stored computed fields evaluated as the current user.

    The workflow guard (cchc.workflow.mixin) keeps what only the system sets (the hashed
    network address, the consent date) out of the reach of users.
    """

    _name = "cchc.feedback.sender"
    _inherit = ["cchc.workflow.mixin"]
    _description = "CCHC Feedback Sender (personal data)"
    _rec_name = "name"
    _cchc_state_field = None
    _cchc_protected_fields = frozenset({"feedback_id", "client_ip_hash", "consent_date"})

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
    consent_date = fields.Datetime(
        readonly=True,
        help="When the sender agreed, on the public form, to the processing of her personal "
        "data for handling the feedback (Decree 13/2023/NĐ-CP, art. 11).",
    )

    anonymised = fields.Boolean(
        readonly=True,
        help="The personal data were replaced by a placeholder after the retention period.",
    )

    _sql_constraints = [
        ("feedback_uniq", "unique(feedback_id)", "A feedback has one sender record."),
    ]

    @api.model
    def _cchc_clean_vals(self, vals):
        """Typed contact data as stored: NFC, no invisible character; nothing left is empty."""
        vals = dict(vals)
        for key in ("name", "address", "phone", "email"):
            if isinstance(vals.get(key), str):
                value = clean_text(vals[key])
                vals[key] = value if has_substance(value) else False
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._cchc_clean_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._cchc_clean_vals(vals))

    @api.depends("phone", "email")
    def _compute_normalized(self):
        for sender in self:
            sender.phone_normalized = normalize_phone(sender.phone) or False
            sender.email_normalized = normalize_email(sender.email) or False

    @api.constrains("name", "address", "phone", "email")
    def _check_contact(self):
        for sender in self.filtered(lambda s: not s.anonymised):
            if not has_substance(sender.name) or not has_substance(sender.address):
                raise ValidationError(
                    self.env._("The sender's name and address are required (Decree 20/2008).")
                )
            if not has_substance(sender.phone) and not has_substance(sender.email):
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
