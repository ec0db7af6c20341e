from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import COMPILE_DAY, CchcReportCommon

DUE = "cchc_outreach.mail_act_cchc_report_due"
LATE = "cchc_outreach.mail_act_cchc_report_late"


@tagged("post_install", "-at_install")
class TestCchcReportReminder(CchcReportCommon):
    """Before a report's due date its responsible is reminded once; after it, the head
    of the coordinating unit is told once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(COMPILE_DAY):
            cls.report_a = cls._new_report(user_id=cls.user_a.id)
            cls.report_b = cls._new_report(department_id=cls.dept_b.id, user_id=cls.user_b.id)
        # Due 20/03/2026, reminded 5 days before by default.

    def _run(self, day):
        with freeze_time(f"{day} 02:00:00"):
            return self._run_reminder_crons()

    def test_reminder_before_due_date_once(self):
        """The daily job reminds the responsible user within the lead time, never twice."""
        self.assertEqual(self.report_a.due_date.isoformat(), "2026-03-20")
        self._run("2026-03-14")
        self.assertFalse(self._activities(self.report_a, DUE))
        counts = self._run("2026-03-15")
        self.assertEqual(counts["cchc.report"], 2)
        self.assertEqual(self._activities(self.report_a, DUE).user_id, self.user_a)
        self.assertEqual(self._activities(self.report_b, DUE).user_id, self.user_b)
        self.assertEqual(
            self._activities(self.report_a, DUE).date_deadline.isoformat(), "2026-03-20"
        )
        for day in ("2026-03-16", "2026-03-19", "2026-03-20"):
            self.assertEqual(self._run(day)["cchc.report"], 0, day)
        self.assertEqual(len(self._activities(self.report_a | self.report_b, DUE)), 2)

    def test_lead_time_from_settings(self):
        """The lead time of the reminder is a company setting."""
        self.company_a.cchc_report_reminder_days = 10
        self._run("2026-03-10")
        self.assertTrue(self._activities(self.report_a, DUE))

    def test_submitted_report_not_reminded_and_reminder_closed(self):
        """A submitted report is not reminded; submitting closes its reminder."""
        self._run("2026-03-16")
        self.assertTrue(self._activities(self.report_a, DUE))
        with freeze_time("2026-03-17 09:00:00"):
            self.report_a.with_user(self.head_a).action_submit()
        self.assertFalse(self._activities(self.report_a, DUE))
        self._run("2026-03-25")
        self.assertFalse(self._activities(self.report_a, LATE))

    def test_escalation_after_due_date_once(self):
        """After the due date the head of the coordinating unit is told, once."""
        self._run("2026-03-20")
        self.assertFalse(self._activities(self.report_a, LATE))
        self._run("2026-03-21")
        late = self._activities(self.report_a | self.report_b, LATE)
        self.assertEqual(len(late), 2)
        self.assertEqual(late.user_id, self.head_a, "dept A coordinates the plan")
        self._run("2026-03-22")
        self.assertEqual(len(self._activities(self.report_a | self.report_b, LATE)), 2)

    def test_moving_the_due_date_reminds_again(self):
        """A new due date resets the reminder."""
        self._run("2026-03-16")
        with self.assertRaises(AccessError):
            self.report_a.with_user(self.user_a).due_date = "2026-03-30"
        self.report_a.with_user(self.head_a).due_date = "2026-03-30"
        self.assertFalse(self._activities(self.report_a, DUE), "the old reminder is dropped")
        self._run("2026-03-26")
        reminder = self._activities(self.report_a, DUE)
        self.assertEqual(reminder.date_deadline.isoformat(), "2026-03-30")
