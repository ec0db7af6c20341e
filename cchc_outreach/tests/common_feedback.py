"""Fixtures of the feedback (PAKN) tests, on top of the core fixtures (tests/common.py).

Company A: a receiving officer (group Receiving Officer, one-stop desk of
department A), the handler (``user_a``, staff of department A), a colleague of the
handler in department A who is not assigned, the head of A, staff and head of
department B, a coordinator and a manager; company B: its own staff (``user_x``).
"""

from datetime import date, datetime

import pytz

from odoo import Command
from odoo.tests import new_test_user

from .common import CchcCommon

SENDER = {
    "sender_name": "Nguyễn Văn Bình",
    "sender_address": "12 Đường 30/4, phường Trung Dũng, Biên Hòa",
    "sender_phone": "0912 345 678",
    "sender_email": "nvbinh@example.com",
}


class CchcFeedbackCommon(CchcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a.write(
            {
                "cchc_feedback_classify_days": 3,
                "cchc_feedback_forward_days": 5,
                "cchc_feedback_answer_days": 10,
            }
        )
        cls.officer = new_test_user(
            cls.env,
            login="tst_fb_officer",
            name="TST Receiving Officer",
            groups="cchc_outreach.group_cchc_feedback_officer",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        cls.env["hr.employee"].create(
            {
                "name": cls.officer.name,
                "user_id": cls.officer.id,
                "company_id": cls.company_a.id,
                "department_id": cls.dept_a.id,
            }
        )
        cls.colleague_a, _employee = cls._new_department_user(
            "user", "a2", cls.dept_a, cls.company_a
        )
        cls.handler = cls.user_a
        cls.calendar = cls.company_a.resource_calendar_id

    @classmethod
    def _feedback_vals(cls, **vals):
        return {
            "company_id": cls.company_a.id,
            "subject": "TST Thủ tục cấp Giấy phép kinh doanh rượu",
            "description": "TST Hồ sơ nộp trực tuyến đã quá hạn giải quyết 10 ngày.",
            "channel": "letter",
            "received_date": date(2026, 3, 2),
            **SENDER,
            **vals,
        }

    @classmethod
    def _create_feedback(cls, user=None, **vals):
        Feedback = cls.env["cchc.feedback"]
        Feedback = Feedback.with_user(user) if user else Feedback.with_user(cls.officer)
        return Feedback.with_company(cls.company_a).create(cls._feedback_vals(**vals))

    @classmethod
    def _assigned_feedback(cls, handler=None, department=None, **vals):
        """A feedback classified within competence, assigned to department A's staff."""
        feedback = cls._create_feedback(**vals)
        feedback.with_user(cls.officer).action_classify(
            "within",
            department=department or cls.dept_a,
            handler=cls.handler if handler is None else handler,
        )
        return feedback

    @classmethod
    def _public_holiday(cls, name, day_from, day_to, company=None, calendar=None):
        """A global time off (no resource) on the company's calendar, whole local days."""
        company = company or cls.company_a
        calendar = calendar if calendar is not None else company.resource_calendar_id
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(day_from, datetime.min.time()))
        stop = tz.localize(datetime.combine(day_to, datetime.max.time().replace(microsecond=0)))
        leave = (
            cls.env["resource.calendar.leaves"]
            .with_company(company)
            .create(
                {
                    "name": name,
                    "calendar_id": calendar.id or False,
                    "date_from": start.astimezone(pytz.utc).replace(tzinfo=None),
                    "date_to": stop.astimezone(pytz.utc).replace(tzinfo=None),
                }
            )
        )
        # A leave for every calendar takes the creating user's company: set it.
        leave.company_id = company
        return leave
