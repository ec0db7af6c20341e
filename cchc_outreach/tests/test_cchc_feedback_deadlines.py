import re
from datetime import date

from odoo.tests import tagged

from .common import CchcFeedbackCommon


@tagged("post_install", "-at_install")
class TestCchcFeedbackDeadlines(CchcFeedbackCommon):
    def test_weekend_is_not_counted(self):
        """Working days skip Saturday and Sunday; the day of receipt is not counted."""
        company = self.company_a
        friday = date(2026, 3, 6)
        self.assertEqual(
            company._cchc_add_working_days(friday, [1, 5, 10]),
            [date(2026, 3, 9), date(2026, 3, 13), date(2026, 3, 20)],
        )
        saturday = date(2026, 3, 7)
        self.assertEqual(company._cchc_add_working_days(saturday, [1]), [date(2026, 3, 9)])

    def test_tet_pushes_the_forward_deadline(self):
        """A feedback received on 12 Feb 2026, just before Tết (14-22 Feb), is due after Tết."""
        before = self._create_feedback(received_date=date(2026, 2, 12))
        # Without the holiday: 13, 16, 17, 18, 19 February.
        self.assertEqual(before.forward_deadline, date(2026, 2, 19))
        self._public_holiday("Tết Nguyên đán 2026", date(2026, 2, 14), date(2026, 2, 22))
        feedback = self._create_feedback(received_date=date(2026, 2, 12))
        # 13 February, then 23, 24, 25, 26 February.
        self.assertEqual(feedback.forward_deadline, date(2026, 2, 26))
        self.assertEqual(feedback.classification_deadline, date(2026, 2, 24))
        self.assertEqual(feedback.answer_deadline, date(2026, 3, 5))

    def test_holiday_for_all_calendars_counts(self):
        """A public holiday without calendar (every calendar of the company) is skipped too."""
        self._public_holiday(
            "Giỗ Tổ Hùng Vương",
            date(2026, 4, 27),
            date(2026, 4, 27),
            calendar=self.env["resource.calendar"],
        )
        # Friday 24 April 2026: Monday 27 is the holiday.
        self.assertEqual(
            self.company_a._cchc_add_working_days(date(2026, 4, 24), [1, 2]),
            [date(2026, 4, 28), date(2026, 4, 29)],
        )

    def test_other_company_holiday_is_ignored(self):
        """Time off of another company's calendar does not move this company's deadlines."""
        self._public_holiday(
            "TST other company's holiday",
            date(2026, 3, 9),
            date(2026, 3, 13),
            company=self.company_b,
        )
        self.assertEqual(
            self.company_a._cchc_add_working_days(date(2026, 3, 6), [5]), [date(2026, 3, 13)]
        )

    def test_company_settings_drive_deadlines(self):
        """The answer time limit is a company setting; changing it moves new feedback only."""
        old = self._create_feedback(received_date=date(2026, 3, 2))
        self.assertEqual(old.answer_deadline, date(2026, 3, 16))
        self.company_a.cchc_feedback_answer_days = 15
        new = self._create_feedback(received_date=date(2026, 3, 2))
        self.assertEqual(new.answer_deadline, date(2026, 3, 23))
        self.assertEqual(old.answer_deadline, date(2026, 3, 16))

    def test_received_date_change_recomputes_and_override_sticks(self):
        """Moving the received date recomputes the deadlines; an officer may extend one."""
        feedback = self._create_feedback(received_date=date(2026, 3, 2))
        feedback.with_user(self.officer).received_date = date(2026, 3, 3)
        self.assertEqual(feedback.answer_deadline, date(2026, 3, 17))
        feedback.with_user(self.officer).answer_deadline = date(2026, 3, 31)
        feedback.with_user(self.officer).subject = "TST another subject"
        self.assertEqual(feedback.answer_deadline, date(2026, 3, 31))

    def test_reference_sequence(self):
        """References follow PAKN/<year of receipt>/<5 digits> and are unique."""
        first = self._create_feedback(received_date=date(2026, 3, 2))
        second = self._create_feedback(received_date=date(2026, 3, 2))
        self.assertRegex(first.name, r"^PAKN/2026/\d{5}$")
        self.assertEqual(
            int(re.search(r"(\d{5})$", second.name)[1]),
            int(re.search(r"(\d{5})$", first.name)[1]) + 1,
        )
        older = self._create_feedback(received_date=date(2025, 12, 30))
        self.assertRegex(older.name, r"^PAKN/2025/\d{5}$")

    def test_settings_round_trip(self):
        """The feedback settings are saved on the company from the settings form."""
        settings = (
            self.env["res.config.settings"]
            .with_company(self.company_a)
            .create(
                {
                    "cchc_feedback_answer_days": 12,
                    "cchc_feedback_hotline": "0251 1022",
                    "cchc_feedback_rate_limit_count": 3,
                }
            )
        )
        settings.execute()
        self.assertEqual(self.company_a.cchc_feedback_answer_days, 12)
        self.assertEqual(self.company_a.cchc_feedback_hotline, "0251 1022")
        self.assertTrue(
            settings.cchc_feedback_form_url.endswith(f"/pakn?company={self.company_a.id}")
        )

    def test_views_load_for_every_role(self):
        """The feedback views load for an officer, a handler and a colleague."""
        for user in (self.officer, self.handler, self.colleague_a, self.coordinator):
            with self.subTest(user=user.login):
                views = (
                    self.env["cchc.feedback"]
                    .with_user(user)
                    .get_views([(False, v) for v in ("form", "list", "kanban", "search")])
                )
                for view_type, root in (
                    ("form", "<form"),
                    ("list", "<list"),
                    ("kanban", "<kanban"),
                    ("search", "<search"),
                ):
                    self.assertTrue(views["views"][view_type]["arch"].startswith(root))
                self.assertIn('name="subject"', views["views"]["form"]["arch"])
                self.assertIn("subject", views["models"]["cchc.feedback"]["fields"])
