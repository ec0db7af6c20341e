from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import YEAR, CchcCommon


@tagged("post_install", "-at_install")
@freeze_time(f"{YEAR}-03-02 10:00:00")
class TestCchcPlanAmendment(CchcCommon):
    """An issued plan changes only through an amending plan (Kế hoạch điều chỉnh, bổ
    sung), whose changes take effect when it is issued; the original keeps its document."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.task_keep = cls.task_a
        cls.task_move = cls._create_task(cls.plan_a, cls.dept_a, cls.user_a, name="TST To move")
        cls.task_drop = cls._create_task(cls.plan_a, cls.dept_a, cls.user_a, name="TST To drop")
        cls.plan_a.with_user(cls.coordinator).action_submit()
        cls.plan_a.with_user(cls.manager).action_issue()
        cls.original_pdf = cls.plan_a.issued_pdf_id.raw
        cls.original_sha = cls.plan_a.issued_pdf_sha256

    def _amend(self):
        action = self.plan_a.with_user(self.coordinator).action_create_amendment()
        amendment = self.env["cchc.plan"].browse(action["res_id"])
        amendment.with_user(self.coordinator).write(
            {
                "amendment_line_ids": [
                    Command.create(
                        {
                            "action": "add",
                            "name": "TST Added by amendment",
                            "lead_department_id": self.dept_a.id,
                            "responsible_user_ids": [Command.set(self.user_a.ids)],
                            "date_start": date(YEAR, 4, 1),
                            "date_deadline": date(YEAR, 9, 30),
                            "product_type": "article",
                            "product_description": "6 articles",
                            "authority": "Deputy director",
                        }
                    ),
                    Command.create(
                        {
                            "action": "change",
                            "task_id": self.task_move.id,
                            "name": "TST Moved by amendment",
                            "lead_department_id": self.dept_a.id,
                            "responsible_user_ids": [Command.set(self.user_a.ids)],
                            "date_deadline": date(YEAR, 11, 30),
                            "product_description": "12 articles",
                            "authority": "Deputy director",
                            "reason": "Later budget",
                        }
                    ),
                    Command.create(
                        {
                            "action": "cancel",
                            "task_id": self.task_drop.id,
                            "reason": "Merged into another task",
                        }
                    ),
                ]
            }
        )
        return amendment

    def test_amendment_takes_effect_when_issued(self):
        amendment = self._amend()
        self.assertEqual(amendment.state, "draft")
        self.assertEqual(amendment.amended_plan_id, self.plan_a)
        self.assertEqual(self.plan_a.amendment_count, 1)
        self.assertIn(self.plan_a.number, amendment.legal_basis_ids.mapped("number"))
        tasks_before = self.plan_a.with_context(active_test=False).task_ids
        deadline_before = self.task_move.date_deadline

        amendment.with_user(self.coordinator).action_submit()
        self.assertEqual(amendment.state, "submitted")
        with self.assertRaises(UserError):
            amendment.amendment_line_ids[:1].with_user(self.coordinator).write({"name": "x"})
        # nothing changes before the issue
        self.assertEqual(self.plan_a.with_context(active_test=False).task_ids, tasks_before)
        self.assertEqual(self.task_move.date_deadline, deadline_before)
        self.assertEqual(self.task_drop.state, "todo")

        amendment.with_user(self.manager).action_issue()
        self.assertEqual(amendment.state, "issued")
        self.assertEqual(amendment.number, "02/KH-SCT", "its own number")
        self.assertTrue(amendment.issued_pdf_id, "its own document")
        added = self.plan_a.task_ids - tasks_before
        self.assertEqual(added.name, "TST Added by amendment")
        self.assertEqual(added.state, "todo")
        self.assertEqual(self.task_move.name, "TST Moved by amendment")
        self.assertEqual(self.task_move.date_deadline, date(YEAR, 11, 30))
        self.assertEqual(self.task_drop.state, "cancelled")
        self.assertEqual(self.task_drop.cancel_reason, "Merged into another task")
        self.assertEqual(self.task_keep.state, "todo")
        self.assertTrue(all(amendment.amendment_line_ids.mapped("applied")))
        # the original keeps its document, byte for byte
        self.assertEqual(self.plan_a.issued_pdf_id.raw, self.original_pdf)
        self.assertEqual(self.plan_a.issued_pdf_sha256, self.original_sha)
        # the chatter of both shows the link
        self.assertIn(amendment.name, self.plan_a.message_ids.mapped("body")[0])
        self.assertTrue(
            any(self.plan_a.display_name in body for body in amendment.message_ids.mapped("body"))
        )
        # a task cancelled by an amendment comes back only through another amendment
        with self.assertRaises(UserError):
            self.task_drop.with_user(self.head_a).action_reset()

    def test_amendment_is_checked_before_submission(self):
        amendment = self.plan_a.with_user(self.coordinator).action_create_amendment()
        amendment = self.env["cchc.plan"].browse(amendment["res_id"])
        with self.assertRaises(UserError):
            amendment.with_user(self.coordinator).action_submit()  # changes nothing
        amendment.with_user(self.coordinator).write(
            {
                "amendment_line_ids": [
                    Command.create({"action": "cancel", "task_id": self.task_drop.id})
                ]
            }
        )
        with self.assertRaises(UserError):
            amendment.with_user(self.coordinator).action_submit()  # no reason
        self.assertEqual(amendment.state, "draft")

    def test_only_coordinators_amend_issued_plans(self):
        for user in (self.user_a, self.head_a):
            with self.assertRaises(AccessError):
                self.plan_a.with_user(user).action_create_amendment()
        with self.assertRaises(UserError):
            self.plan_b.with_user(self.coordinator).action_create_amendment()  # a draft
