import base64
import io
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Route of the public feedback form (controllers/cchc_feedback_portal.py).
FEEDBACK_FORM_ROUTE = "/pakn"
# How far ahead the working calendar is read at once when counting working days.
_CALENDAR_WINDOW_DAYS = 62
# Working-day results per process, keyed by the state of the calendar and of the
# time off in the database (see _cchc_calendar_signature): a public-form submission
# then costs one small query instead of expanding two months of the calendar.
_WORKING_DAYS_CACHE = {}
_WORKING_DAYS_CACHE_SIZE = 512


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
        key = (self.env.cr.dbname, self.id, day, tuple(counts), self._cchc_calendar_signature(day))
        if key in _WORKING_DAYS_CACHE:
            return list(_WORKING_DAYS_CACHE[key])
        result = self._cchc_compute_working_days(day, counts)
        if len(_WORKING_DAYS_CACHE) >= _WORKING_DAYS_CACHE_SIZE:
            _WORKING_DAYS_CACHE.clear()
        _WORKING_DAYS_CACHE[key] = tuple(result)
        return result

    def _cchc_calendar_signature(self, day):
        """What the working days after ``day`` depend on, in one query: the calendar
        (time zone, attendances) and the global time off that may apply to this
        company from that day on."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        self.env["resource.calendar.leaves"].flush_model()
        self.env["resource.calendar.attendance"].flush_model()
        calendar.flush_recordset()
        self.env.cr.execute(
            """
            SELECT (SELECT row(cal.tz, cal.two_weeks_calendar, cal.flexible_hours)::text
                      FROM resource_calendar cal WHERE cal.id = %(calendar)s),
                   (SELECT md5(string_agg(row(att.id, att.dayofweek, att.hour_from, att.hour_to,
                                              att.week_type, att.date_from, att.date_to,
                                              att.day_period)::text, ',' ORDER BY att.id))
                      FROM resource_calendar_attendance att
                     WHERE att.calendar_id = %(calendar)s),
                   (SELECT md5(string_agg(row(lv.id, lv.date_from, lv.date_to, lv.calendar_id,
                                              lv.company_id, lv.time_type)::text,
                                          ',' ORDER BY lv.id))
                      FROM resource_calendar_leaves lv
                     WHERE lv.resource_id IS NULL
                       AND (lv.calendar_id IS NULL OR lv.calendar_id = %(calendar)s)
                       AND (lv.company_id IS NULL OR lv.company_id = %(company)s)
                       AND lv.date_to >= %(day)s)
            """,
            {"calendar": calendar.id or None, "company": self.id, "day": day},
        )
        return self.env.cr.fetchone()

    def _cchc_compute_working_days(self, day, counts):
        needed = max(counts, default=0)
        found = []
        cursor = day + timedelta(days=1)
        # 20 windows of two months: a calendar without any working day stops here.
        for _window in range(20):
            if len(found) >= needed:
                break
            window_end = cursor + timedelta(days=_CALENDAR_WINDOW_DAYS)
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
