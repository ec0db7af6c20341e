import calendar
import re
from datetime import date, timedelta

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
        return due
