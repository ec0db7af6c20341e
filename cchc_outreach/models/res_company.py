import base64
import calendar
import io
import re
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Periods of the periodic reports (Bộ Nội vụ guidance for CCHC reports): data from
# the start cut-off to the end cut-off; a start later in the year than the end falls
# in the previous year (15/12 → 14/3). Kept as company data: a province may set others.
# Quarter I, 6 months, 9 months and the year are cumulative from 15/12 of the previous
# year; quarter III is the quarter alone (15/06 → 14/09).
REPORT_PERIOD_KINDS = ("q1", "h1", "m9", "q3", "year")
CUTOFF_DEFAULTS = {
    "q1": ("15/12", "14/03"),
    "h1": ("15/12", "14/06"),
    "m9": ("15/12", "14/09"),
    "q3": ("15/06", "14/09"),
    "year": ("15/12", "14/12"),
}
_CUTOFF_RE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")

# Route of the public feedback form (controllers/cchc_feedback_portal.py).
FEEDBACK_FORM_ROUTE = "/pakn"
FEEDBACK_LOOKUP_ROUTE = "/pakn/tra-cuu"
# Default local part of the address citizens write their feedback to.
FEEDBACK_ALIAS_NAME = "pakn"
# How far ahead the working calendar is read at once when counting working days, beyond
# the calendar days the working days need at five a week (room for a Tết holiday).
_CALENDAR_MARGIN_DAYS = 14


class ResCompany(models.Model):
    _inherit = "res.company"

    cchc_reminder_days = fields.Integer(
        string="Reminder Lead Time (days)",
        default=3,
        help="How many days before a task's deadline its responsible users get a "
        "reminder activity.",
    )
    cchc_issuer_code = fields.Char(
        string="Issuer Symbol",
        help="Abbreviation of the issuing body used in document numbers, e.g. SCT in 181/KH-SCT.",
    )
    cchc_issuer_name = fields.Char(
        string="Issuing Body (as printed)",
        help="The issuing body as the document header names it, under the superior body, "
        "e.g. SỞ CÔNG THƯƠNG (the company's full name when empty).",
    )
    cchc_superior_body = fields.Char(
        string="Superior Body",
        help="Name of the superior body printed above the issuing body, e.g. UBND TỈNH ĐỒNG NAI.",
    )
    cchc_place = fields.Char(
        string="Place of Issue",
        help="Place printed before the date of documents, e.g. Đồng Nai.",
    )

    @api.constrains("cchc_reminder_days")
    def _check_cchc_reminder_days(self):
        for company in self:
            if not 0 <= company.cchc_reminder_days <= 60:
                raise ValidationError(
                    self.env._("The reminder lead time must be between 0 and 60 days.")
                )

    cchc_report_q1_start = fields.Char(
        string="Quarter I From", default=CUTOFF_DEFAULTS["q1"][0], help="Day/month, e.g. 15/12."
    )
    cchc_report_q1_end = fields.Char(
        string="Quarter I To", default=CUTOFF_DEFAULTS["q1"][1], help="Day/month, e.g. 14/03."
    )
    cchc_report_h1_start = fields.Char(
        string="6 Months From", default=CUTOFF_DEFAULTS["h1"][0], help="Day/month, e.g. 15/12."
    )
    cchc_report_h1_end = fields.Char(
        string="6 Months To", default=CUTOFF_DEFAULTS["h1"][1], help="Day/month, e.g. 14/06."
    )
    cchc_report_m9_start = fields.Char(
        string="9 Months From", default=CUTOFF_DEFAULTS["m9"][0], help="Day/month, e.g. 15/12."
    )
    cchc_report_m9_end = fields.Char(
        string="9 Months To", default=CUTOFF_DEFAULTS["m9"][1], help="Day/month, e.g. 14/09."
    )
    cchc_report_q3_start = fields.Char(
        string="Quarter III From",
        default=CUTOFF_DEFAULTS["q3"][0],
        help="Day/month, e.g. 15/06.",
    )
    cchc_report_q3_end = fields.Char(
        string="Quarter III To", default=CUTOFF_DEFAULTS["q3"][1], help="Day/month, e.g. 14/09."
    )
    cchc_report_year_start = fields.Char(
        string="Year From", default=CUTOFF_DEFAULTS["year"][0], help="Day/month, e.g. 15/12."
    )
    cchc_report_year_end = fields.Char(
        string="Year To", default=CUTOFF_DEFAULTS["year"][1], help="Day/month, e.g. 14/12."
    )
    cchc_report_due_day = fields.Integer(
        string="Report Due Day",
        default=20,
        help="Reports are due on this day of the month in which their period ends "
        "(the 20th by default).",
    )
    cchc_report_reminder_days = fields.Integer(
        string="Report Reminder Lead Time (days)",
        default=5,
        help="How many days before a report's due date its responsible user gets a "
        "reminder activity.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains(
        *(f"cchc_report_{kind}_{edge}" for kind in REPORT_PERIOD_KINDS for edge in ("start", "end"))
    )
    def _check_cchc_report_cutoffs(self):
        for company in self:
            for kind in REPORT_PERIOD_KINDS:
                for edge in ("start", "end"):
                    value = company[f"cchc_report_{kind}_{edge}"]
                    if value and not self._cchc_parse_cutoff(value):
                        raise ValidationError(
                            self.env._(
                                "'%(value)s' is not a valid cut-off date: write day/month, "
                                "e.g. 15/12 (29/02 is not accepted).",
                                value=value,
                            )
                        )

    @api.constrains("cchc_report_due_day", "cchc_report_reminder_days")
    def _check_cchc_report_days(self):
        for company in self:
            if not 1 <= company.cchc_report_due_day <= 31:
                raise ValidationError(
                    self.env._("The report due day must be a day of the month (1 to 31).")
                )
            if not 0 <= company.cchc_report_reminder_days <= 60:
                raise ValidationError(
                    self.env._("The report reminder lead time must be between 0 and 60 days.")
                )

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    @api.model
    def _cchc_parse_cutoff(self, value):
        """(day, month) of a 'DD/MM' cut-off, or None when it is not a valid date."""
        match = _CUTOFF_RE.match(value or "")
        if not match:
            return None
        day, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12 or (month, day) == (2, 29):
            return None
        if not 1 <= day <= calendar.monthrange(2001, month)[1]:
            return None
        return day, month

    def _cchc_report_cutoffs(self, kind):
        """((start day, month), (end day, month)) of a period kind, from the settings."""
        self.ensure_one()
        result = []
        for edge, default in zip(("start", "end"), CUTOFF_DEFAULTS[kind]):
            parsed = self._cchc_parse_cutoff(self[f"cchc_report_{kind}_{edge}"] or default)
            result.append(parsed or self._cchc_parse_cutoff(default))
        return tuple(result)

    def _cchc_report_period(self, kind, year):
        """(date_from, date_to) of the period ``kind`` of ``year``.

        The period ends in ``year``; it starts in the previous year when its start
        cut-off comes later in the year than its end (15/12/2025 → 14/03/2026).
        """
        self.ensure_one()
        if kind not in REPORT_PERIOD_KINDS:
            raise UserError(self.env._("Only the standard periods have cut-off dates."))
        (start_day, start_month), (end_day, end_month) = self._cchc_report_cutoffs(kind)
        date_to = date(year, end_month, end_day)
        start_year = year if (start_month, start_day) <= (end_month, end_day) else year - 1
        return date(start_year, start_month, start_day), date_to

    def _cchc_report_due_date(self, date_to):
        """The due day of the month in which the period ends (the next month's when the
        period ends after that day)."""
        self.ensure_one()
        if not date_to:
            return False
        due_day = self.cchc_report_due_day or 20
        year, month = date_to.year, date_to.month
        due = date(year, month, min(due_day, calendar.monthrange(year, month)[1]))
        if due < date_to:
            first_next = date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=1)
            year, month = first_next.year, first_next.month
            due = date(year, month, min(due_day, calendar.monthrange(year, month)[1]))
        province = self.sudo().parent_id
        if province:
            # A department reports before its province compiles.
            province_due = province._cchc_report_due_date(date_to) - timedelta(
                days=province.cchc_province_report_lead_days
            )
            due = max(min(due, province_due), date_to)
        return due

    cchc_province_report_lead_days = fields.Integer(
        string="Department Reports Lead (days)",
        default=5,
        help="On the province (the parent company): the departments' periodic reports are "
        "due at the latest this many days before the province's own report.",
    )

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
        return f"{self._cchc_feedback_base_url()}{FEEDBACK_LOOKUP_ROUTE}?company={self.id}"

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
