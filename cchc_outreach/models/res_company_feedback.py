import base64
import io
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Route of the public feedback form (controllers/cchc_feedback_portal.py).
FEEDBACK_FORM_ROUTE = "/pakn"
FEEDBACK_LOOKUP_ROUTE = "/pakn/tra-cuu"
# Default local part of the address citizens write their feedback to.
FEEDBACK_ALIAS_NAME = "pakn"
# How far ahead the working calendar is read at once when counting working days, beyond
# the calendar days the working days need at five a week (room for a Tết holiday).
_CALENDAR_MARGIN_DAYS = 14


# Kept apart from the core file of this model: the feedback feature owns this one.
# pylint: disable=consider-merging-classes-inherited
class ResCompany(models.Model):
    _inherit = "res.company"

    cchc_feedback_classify_days = fields.Integer(
        string="Classification Time Limit (working days)",
        default=3,
        help="Working days after the day of receipt within which a feedback must be "
        "classified (accepted, not accepted, forwarded).",
    )
    cchc_feedback_forward_days = fields.Integer(
        string="Forwarding Time Limit (working days)",
        default=5,
        help="Working days after the day of receipt within which a feedback outside "
        "the department's competence must be forwarded to the competent body "
        "(05 working days in Decree 20/2008/NĐ-CP).",
    )
    cchc_feedback_answer_days = fields.Integer(
        string="Answer Time Limit (working days)",
        default=10,
        help="Working days after the day of receipt within which a feedback within "
        "the department's competence must be answered.",
    )
    cchc_feedback_rate_limit_count = fields.Integer(
        string="Submissions per Address",
        default=5,
        help="How many feedback one network address may send through the public form "
        "within the rate-limit window. 0 disables the limit.",
    )
    cchc_feedback_rate_limit_minutes = fields.Integer(
        string="Rate-limit Window (minutes)", default=10
    )
    cchc_feedback_max_files = fields.Integer(
        string="Attachments per Feedback",
        default=5,
        help="Maximum number of files a citizen may attach on the public form.",
    )
    cchc_feedback_max_file_mb = fields.Integer(
        string="Attachment Size Limit (MB)",
        default=5,
        help="Maximum size of one attached file on the public form.",
    )
    cchc_feedback_public_enabled = fields.Boolean(
        string="Public Feedback Form",
        help="Citizens can send feedback to this company through the public form (/pakn), "
        "follow it and read its published answers. When several companies enable it, "
        "/pakn lets the citizen choose.",
    )
    cchc_feedback_hotline = fields.Char(
        string="Feedback Hotline",
        default="1022",
        help="Telephone number published for feedback, printed on the poster and shown "
        "on the public pages.",
    )
    cchc_feedback_public_url = fields.Char(
        string="Public Base URL",
        help="Address citizens reach this server at, e.g. https://dichvucong.example.gov.vn. "
        "Leave empty to use the server's base URL (web.base.url).",
    )
    cchc_feedback_receiver_id = fields.Many2one(
        "res.users",
        string="Default Receiving Officer",
        domain=[("share", "=", False)],
        help="Gets the activity to classify every feedback that arrives through the "
        "public form, and the reminders when its classification is due.",
    )

    cchc_feedback_retention_months = fields.Integer(
        string="Keep Senders' Personal Data (months)",
        default=24,
        help="After this many months, a scheduled action anonymises the sender of closed "
        "feedback (name, address, phone, e-mail and attached files); the statistics stay. "
        "0 keeps them.",
    )

    @api.constrains("cchc_feedback_retention_months")
    def _check_cchc_feedback_retention(self):
        for company in self:
            if not 0 <= company.cchc_feedback_retention_months <= 1200:
                raise ValidationError(
                    self.env._("The retention period must be between 0 and 1200 months.")
                )

    @api.constrains(
        "cchc_feedback_classify_days",
        "cchc_feedback_forward_days",
        "cchc_feedback_answer_days",
    )
    def _check_cchc_feedback_days(self):
        for company in self:
            for value in (
                company.cchc_feedback_classify_days,
                company.cchc_feedback_forward_days,
                company.cchc_feedback_answer_days,
            ):
                if not 1 <= value <= 120:
                    raise ValidationError(
                        self.env._("Feedback time limits must be between 1 and 120 working days.")
                    )

    @api.constrains(
        "cchc_feedback_rate_limit_count",
        "cchc_feedback_rate_limit_minutes",
        "cchc_feedback_max_files",
        "cchc_feedback_max_file_mb",
    )
    def _check_cchc_feedback_limits(self):
        for company in self:
            if not 0 <= company.cchc_feedback_rate_limit_count <= 1000:
                raise ValidationError(
                    self.env._("The submissions per address must be between 0 and 1000.")
                )
            if not 1 <= company.cchc_feedback_rate_limit_minutes <= 1440:
                raise ValidationError(
                    self.env._("The rate-limit window must be between 1 and 1440 minutes.")
                )
            if not 0 <= company.cchc_feedback_max_files <= 20:
                raise ValidationError(
                    self.env._("The attachments per feedback must be between 0 and 20.")
                )
            if not 1 <= company.cchc_feedback_max_file_mb <= 25:
                raise ValidationError(
                    self.env._("The attachment size limit must be between 1 and 25 MB.")
                )

    @api.constrains("cchc_feedback_public_url")
    def _check_cchc_feedback_public_url(self):
        for company in self:
            url = company.cchc_feedback_public_url
            if url and not url.startswith(("https://", "http://")):
                raise ValidationError(
                    self.env._("The public base URL must start with https:// or http://.")
                )

    # ------------------------------------------------------------------
    # Working days
    # ------------------------------------------------------------------
    def _cchc_feedback_tz(self):
        self.ensure_one()
        name = self.resource_calendar_id.tz or self.partner_id.tz or "Asia/Ho_Chi_Minh"
        try:
            return pytz.timezone(name)
        except pytz.UnknownTimeZoneError:
            return pytz.timezone("Asia/Ho_Chi_Minh")

    def _cchc_feedback_today(self):
        """Today in the company's working calendar time zone."""
        self.ensure_one()
        return datetime.now(pytz.utc).astimezone(self._cchc_feedback_tz()).date()

    def _cchc_working_dates(self, date_from, date_to):
        """Working dates in [date_from, date_to) on the company's working calendar.

        A date is a working date when the calendar has working time on it that no
        global time off (public holiday: a resource.calendar.leaves without resource,
        on this calendar or on every calendar) covers entirely. Without a calendar,
        Monday to Friday.
        """
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            days = (date_to - date_from).days
            return [
                date_from + timedelta(days=n)
                for n in range(days)
                if (date_from + timedelta(days=n)).weekday() < 5
            ]
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        end = tz.localize(datetime.combine(date_to, time.min))
        intervals = calendar.sudo()._work_intervals_batch(
            start,
            end,
            domain=[("time_type", "=", "leave"), ("company_id", "in", [False, self.id])],
            tz=tz,
        )[False]
        return sorted({interval_start.date() for interval_start, _stop, _meta in intervals})

    def _cchc_add_working_days(self, day, counts):
        """The dates ``n`` working days after ``day`` for each ``n`` in ``counts``.

        The day of receipt itself is not counted (Civil Code 2015, art. 147: a time
        limit in days starts on the day after the event): 5 working days from
        Thursday 12 February 2026 with Tết off from 14 to 22 February end on
        Thursday 26 February. Returns a list in the order of ``counts``.
        """
        self.ensure_one()
        counts = [max(int(n or 0), 0) for n in counts]
        needed = max(counts, default=0)
        found = []
        cursor = day + timedelta(days=1)
        window = timedelta(days=needed * 7 // 5 + _CALENDAR_MARGIN_DAYS)
        # The working calendar (resource.calendar, its time off included) read in one
        # window, rarely two; 20 windows without enough working days: a calendar
        # without working time, the deadline stays empty.
        for _window in range(20):
            if len(found) >= needed:
                break
            window_end = cursor + window
            found += self._cchc_working_dates(cursor, window_end)
            cursor = window_end
        result = []
        for n in counts:
            if n == 0:
                result.append(day)
            elif n <= len(found):
                result.append(found[n - 1])
            else:
                result.append(False)
        return result

    # ------------------------------------------------------------------
    # Public form, poster
    # ------------------------------------------------------------------
    def _cchc_feedback_base_url(self):
        self.ensure_one()
        url = self.cchc_feedback_public_url or self.get_base_url() or ""
        return url.rstrip("/")

    def _cchc_feedback_form_url(self):
        """Absolute URL of the public feedback form of this company (on its poster)."""
        self.ensure_one()
        return f"{self._cchc_feedback_base_url()}{FEEDBACK_FORM_ROUTE}?company={self.id}"

    @api.model
    def _cchc_feedback_public_companies(self):
        """The companies whose public feedback form is enabled."""
        return (
            self.env["res.company"]
            .sudo()
            .search([("cchc_feedback_public_enabled", "=", True)], order="sequence, id")
        )

    def _cchc_feedback_qr_png(self, data=None):
        """PNG bytes of a QR code encoding ``data`` (the form URL by default)."""
        self.ensure_one()
        import qrcode

        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
        qr.add_data(data or self._cchc_feedback_form_url())
        qr.make(fit=True)
        image = qr.make_image(fill_color="black", back_color="white")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()

    def _cchc_feedback_qr_data_uri(self):
        self.ensure_one()
        return "data:image/png;base64," + base64.b64encode(self._cchc_feedback_qr_png()).decode()

    def _cchc_feedback_public_lang(self):
        """Vietnamese when installed: the public pages and the poster are for citizens."""
        langs = dict(self.env["res.lang"].get_installed())
        if "vi_VN" in langs:
            return "vi_VN"
        return self.env.context.get("lang") or self.partner_id.lang or "en_US"

    def action_print_cchc_feedback_poster(self):
        self.ensure_one()
        return self.env.ref("cchc_outreach.action_report_cchc_feedback_poster").report_action(self)

    # ------------------------------------------------------------------
    # Feedback by e-mail: the company's alias (pakn@...), the receiving officers
    # ------------------------------------------------------------------
    cchc_feedback_alias_id = fields.Many2one(
        "mail.alias",
        string="Feedback E-mail Alias",
        copy=False,
        ondelete="set null",
        help="E-mails sent to this address (e.g. pakn@example.gov.vn) become citizen "
        "feedback of this company, received by e-mail.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._cchc_feedback_ensure_alias()
        return companies

    @api.model
    def _cchc_feedback_ensure_aliases(self):
        """Give every company its feedback alias (called on install and upgrade)."""
        self.sudo().with_context(active_test=False).search([])._cchc_feedback_ensure_alias()

    def _cchc_feedback_ensure_alias(self):
        """Create the alias of the companies that have none: ``pakn`` on the company's alias
        domain, ``pakn-<company id>`` when another company already took ``pakn`` there.
        The alias creates a cchc.feedback of the company (alias_defaults)."""
        Alias = self.env["mail.alias"].sudo()
        model = self.env["ir.model"]._get("cchc.feedback")
        for company in self.sudo().filtered(lambda c: not c.cchc_feedback_alias_id):
            domain = company.alias_domain_id
            name = FEEDBACK_ALIAS_NAME
            if Alias.search_count(
                [("alias_name", "=", name), ("alias_domain_id", "=", domain.id or False)]
            ):
                name = f"{FEEDBACK_ALIAS_NAME}-{company.id}"
            company.cchc_feedback_alias_id = Alias.create(
                {
                    "alias_name": name,
                    "alias_domain_id": domain.id or False,
                    "alias_model_id": model.id,
                    "alias_defaults": repr({"company_id": company.id}),
                    "alias_contact": "everyone",
                }
            )

    def _cchc_feedback_alias_email(self):
        """The full address of the company's feedback alias, or False without a domain."""
        self.ensure_one()
        full_name = self.sudo().cchc_feedback_alias_id.alias_full_name or ""
        return full_name if "@" in full_name else False

    def _cchc_feedback_lookup_url(self):
        """Absolute URL of the public lookup page of this company."""
        self.ensure_one()
        url = self._cchc_feedback_base_url() + FEEDBACK_LOOKUP_ROUTE
        if self != self._cchc_feedback_default_company():
            url += f"?c={self.id}"
        return url

    def _cchc_feedback_officers(self):
        """The active receiving officers of the company (internal users)."""
        self.ensure_one()
        group = self.env.ref("cchc_outreach.group_cchc_feedback_officer")
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("share", "=", False),
                    ("company_ids", "in", self.ids),
                ]
            )
        )
