from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import COMPILE_DAY, CchcReportCommon


@freeze_time(COMPILE_DAY)
@tagged("post_install", "-at_install")
class TestCchcReportWorkflow(CchcReportCommon):
    """Draft → submitted (unit head) → consolidated (coordinator) → approved (manager)."""

    def test_units_see_and_edit_only_their_reports(self):
        """Staff create, read and edit their unit's report, never another unit's."""
        report_a = self._new_report(user=self.user_a)
        report_b = self._new_report(user=self.user_b, department_id=self.dept_b.id)
        Report = self.env["cchc.report"]
        self.assertEqual(Report.with_user(self.user_a).search([]), report_a)
        self.assertEqual(Report.with_user(self.user_b).search([]), report_b)
        report_a.with_user(self.user_a).write({"difficulties": "<p>Thiếu nhân lực.</p>"})
        with self.assertRaises(AccessError):
            report_b.with_user(self.user_a).read(["name"])
        with self.assertRaises(AccessError):
            report_b.with_user(self.user_a).write({"proposals": "<p>x</p>"})
        with self.assertRaises(AccessError):
            self._new_report(user=self.user_a, department_id=self.dept_b.id, period_kind="h1")
        # lines follow their report
        self.assertFalse(
            self.env["cchc.report.task.line"]
            .with_user(self.user_a)
            .search([("report_id", "=", report_b.id)])
        )
        # the other company sees nothing
        self.assertFalse(Report.with_user(self.user_x).search([]))
        with self.assertRaises(AccessError):
            report_a.with_user(self.user_x).read(["name"])
        # staff may not delete, even a draft
        with self.assertRaises(AccessError):
            report_a.with_user(self.user_a).unlink()
        # the coordinator sees all of them
        self.assertEqual(
            Report.with_user(self.coordinator).search([("plan_id", "=", self.report_plan.id)]),
            report_a | report_b,
        )

    def test_only_heads_submit(self):
        """The head of the unit (or a coordinator) submits; staff and other heads may not."""
        report = self._new_report(user=self.user_a)
        with self.assertRaises(AccessError):
            report.with_user(self.user_a).action_submit()
        with self.assertRaises(AccessError):
            report.with_user(self.head_b).action_submit()
        self.assertEqual(report.state, "draft")
        report.with_user(self.head_a).action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_by_id, self.head_a)
        self.assertEqual(report.report_date, date(2026, 4, 1))
        self.assertFalse(report.number, "a unit report is an internal document")
        with self.assertRaises(UserError):
            report.with_user(self.head_a).action_submit()
        with self.assertRaises(AccessError):
            report.with_user(self.head_a).write({"state": "approved"})

    def test_consolidation_includes_unit_reports(self):
        """The department report includes the submitted unit reports and their texts."""
        report_a = self._new_report(user=self.user_a, difficulties="<p>Nhân lực kiêm nhiệm.</p>")
        report_b = self._new_report(
            user=self.user_b,
            department_id=self.dept_b.id,
            proposals="<p>Bố trí kinh phí in tờ rơi.</p>",
        )
        report_a.with_user(self.head_a).action_submit()
        with self.assertRaises(AccessError):
            self._consolidated(user=self.head_a)
        department = self._consolidated()
        self.assertEqual(department.missing_department_ids, self.dept_b)
        self.assertEqual(department.unit_report_ids, report_a, "only submitted unit reports")
        report_b.with_user(self.head_b).action_submit()
        with self.assertRaises(AccessError):
            department.with_user(self.head_a).action_consolidate()
        with self.assertRaises(UserError):
            report_a.with_user(self.coordinator).action_consolidate()
        department.with_user(self.coordinator).action_consolidate()
        self.assertEqual(department.state, "consolidated")
        self.assertEqual(department.unit_report_ids, report_a | report_b)
        self.assertEqual(set((report_a | report_b).sudo().mapped("state")), {"consolidated"})
        department.invalidate_recordset(["missing_department_ids"])
        self.assertFalse(department.missing_department_ids)
        self.assertIn("Nhân lực kiêm nhiệm.", department.difficulties)
        self.assertIn(self.dept_a.name, department.difficulties)
        self.assertIn("Bố trí kinh phí in tờ rơi.", department.proposals)
        # the staff of a unit read the department report that includes theirs, read only
        self.assertEqual(department.with_user(self.user_b).name, department.name)
        with self.assertRaises(AccessError):
            department.with_user(self.user_b).write({"number": "99/BC-SCT"})
        # a unit report inside the department report cannot be reopened on its own
        with self.assertRaises(UserError):
            report_a.with_user(self.coordinator).action_draft()
        # approval activity for the signer
        self.assertTrue(
            self._activities(
                department,
                "cchc_outreach.mail_act_cchc_report_approval",
                self.users[("manager", "a")],
            )
        )

    def test_manager_approves_and_numbers(self):
        """Only the manager approves; the department report gets its BC number then."""
        report_a = self._new_report(user=self.user_a)
        report_a.with_user(self.head_a).action_submit()
        department = self._consolidated()
        with self.assertRaises(UserError):
            department.with_user(self.manager).action_approve()  # still a draft
        department.with_user(self.coordinator).action_consolidate()
        with self.assertRaises(AccessError):
            department.with_user(self.coordinator).action_approve()
        with self.assertRaises(UserError):
            report_a.with_user(self.manager).action_approve()
        department.with_user(self.manager).action_approve()
        self.assertEqual(department.state, "approved")
        self.assertEqual(department.number, "01/BC-SCT")
        self.assertEqual(department.report_date, date(2026, 4, 1))
        self.assertEqual(report_a.state, "approved")
        self.assertFalse(
            self._activities(department, "cchc_outreach.mail_act_cchc_report_approval")
        )
        with self.assertRaises(UserError):
            department.with_user(self.manager).write({"number": "05/BC-SCT"})
        with self.assertRaises(UserError):
            department.with_user(self.manager).action_draft()
        with self.assertRaises(UserError):
            department.with_user(self.manager).unlink()
        # the next approved report of the year takes the next number
        second = self._consolidated(period_kind="h1")
        second.with_user(self.coordinator).action_consolidate()
        second.with_user(self.manager).action_approve()
        self.assertEqual(second.number, "02/BC-SCT")

    def test_set_back_to_draft(self):
        """Only the coordinator reopens a submitted report (logged); heads cannot."""
        report_a = self._new_report(user=self.user_a)
        report_a.with_user(self.head_a).action_submit()
        for user in (self.user_a, self.head_a, self.head_b):
            with self.assertRaises(AccessError):
                report_a.with_user(user).action_draft()
        self.assertEqual(report_a.state, "submitted")
        report_a.with_user(self.coordinator).action_draft()
        self.assertEqual(report_a.state, "draft")
        self.assertIn("Reopened as a draft by", report_a.message_ids[:1].body)
        report_a.with_user(self.user_a).write({"proposals": "<p>Thêm đề xuất.</p>"})
        report_a.with_user(self.head_a).action_submit()
        department = self._consolidated()
        department.with_user(self.coordinator).action_consolidate()
        with self.assertRaises(AccessError):
            department.with_user(self.head_a).action_draft()
        department.with_user(self.coordinator).action_draft()
        self.assertEqual(department.state, "draft")
        self.assertEqual(report_a.state, "submitted")

    def test_prepare_unit_reports(self):
        """The coordinator drafts one report per lead unit, due with the department report."""
        department = self._consolidated()
        department.with_user(self.coordinator).action_create_unit_reports()
        units = self.env["cchc.report"].search(
            [("plan_id", "=", self.report_plan.id), ("scope", "=", "unit")]
        )
        # dept A1 is a sub-unit of dept A, whose report covers it
        self.assertEqual(units.department_id, self.dept_a | self.dept_b)
        self.assertEqual(set(units.mapped("due_date")), {department.due_date})
        report_b = units.filtered(lambda r: r.department_id == self.dept_b)
        self.assertEqual(report_b.user_id, self.head_b, "the unit's head is responsible")
        self.assertTrue(report_b.task_line_ids, "compiled on creation")
        # running it again creates nothing more
        department.with_user(self.coordinator).action_create_unit_reports()
        self.assertEqual(
            self.env["cchc.report"].search_count(
                [("plan_id", "=", self.report_plan.id), ("scope", "=", "unit")]
            ),
            2,
        )

    def test_draft_is_deletable_by_head_only(self):
        """A head deletes a draft of their unit; nobody deletes a submitted report."""
        draft = self._new_report(user=self.user_a)
        with self.assertRaises(AccessError):
            draft.with_user(self.user_a).unlink()
        self.assertTrue(draft.exists(), "staff cannot delete their unit's draft")
        draft.with_user(self.head_a).unlink()
        self.assertFalse(draft.exists())
        report = self._new_report(user=self.user_a)
        report.with_user(self.head_a).action_submit()
        with self.assertRaises(UserError):
            report.with_user(self.manager).unlink()
        self.assertTrue(report.exists())
        self.assertEqual(report.state, "submitted")
