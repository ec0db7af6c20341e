from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import PlanDocumentCommon


@tagged("post_install", "-at_install")
class TestCchcPlanCopy(PlanDocumentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.write(
            {
                "audience_line_ids": [
                    Command.create(
                        {
                            "audience_id": cls.env.ref("cchc_outreach.audience_staff").id,
                            "content_note": "<p>Nội dung cho cán bộ</p>",
                        }
                    )
                ],
                "channel_ids": [Command.set(cls.env.ref("cchc_outreach.channel_website").ids)],
            }
        )
        done = cls.tasks[0]
        cls._force(
            done,
            {
                "state": "done",
                "result_note": "<p>Đã đăng 26 tin, bài</p>",
                "completion_date": date(2026, 12, 10),
                "approved_by_id": cls.coordinator.id,
                "output_ids": [
                    Command.create(
                        {
                            "channel_id": cls.env.ref("cchc_outreach.channel_website").id,
                            "quantity": 26,
                        }
                    )
                ],
            },
        )
        cls._force(cls.tasks[1], {"state": "in_progress", "date_start": date(2026, 2, 1)})
        cls.issue_plan(cls.plan)

    def _copy(self, year=2027, plan=None):
        wizard = (
            self.env["cchc.plan.copy.wizard"]
            .with_user(self.coordinator)
            .create({"plan_id": (plan or self.plan).id, "year": year})
        )
        action = wizard.action_copy()
        return self.env["cchc.plan"].browse(action["res_id"])

    def test_copy_to_next_year(self):
        """The copy is a new draft a year later, with tasks, texts and legal bases."""
        wizard = (
            self.env["cchc.plan.copy.wizard"]
            .with_user(self.coordinator)
            .create({"plan_id": self.plan.id})
        )
        self.assertEqual(wizard.year, 2027)
        self.assertEqual(
            wizard.name,
            "Thông tin, tuyên truyền cải cách hành chính của Sở Công Thương năm 2027",
        )
        self.assertEqual(wizard.task_count, len(self.tasks))
        new = self.env["cchc.plan"].browse(wizard.action_copy()["res_id"])
        self.assertNotEqual(new, self.plan)
        self.assertEqual(new.state, "draft")
        self.assertFalse(new.number)
        self.assertFalse(new.issue_date)
        self.assertEqual(new.year, 2027)
        self.assertEqual((new.date_start, new.date_end), (date(2027, 1, 1), date(2027, 12, 31)))
        self.assertEqual(new.name, wizard.name)
        self.assertNotEqual(new.access_token, self.plan.access_token)

        # texts, lines and catalogue links come along
        def sections(plan):
            return plan.section_ids.mapped(lambda x: (x.sequence, x.name, x.body, x.block))

        self.assertEqual(sections(new), sections(self.plan))
        self.assertEqual(len(new.section_ids), 4)
        self.assertEqual(new.channel_ids, self.plan.channel_ids)
        self.assertEqual(new.coordinating_department_id, self.dep_planning)

        def bases(plan):
            return plan.legal_basis_ids.mapped(
                lambda b: (b.kind, b.number, b.date, b.issuer, b.name)
            )

        self.assertEqual(bases(new), bases(self.plan))
        self.assertEqual(new.audience_line_ids.audience_id, self.plan.audience_line_ids.audience_id)
        self.assertEqual(new.recipient_ids.mapped("name"), self.plan.recipient_ids.mapped("name"))
        # targets: no measured actuals
        self.assertEqual(new.target_ids.mapped("target_value"), [80.0])
        self.assertFalse(new.target_ids.actual_recorded)
        self.assertEqual(new.target_ids.actual_value, 0.0)
        # tasks: a year later, states and results cleared, cancelled ones left out
        new_tasks = new.task_ids.sorted("sequence")
        self.assertEqual(new_tasks.mapped("name"), self.tasks.sorted("sequence").mapped("name"))
        self.assertNotIn(self.cancelled_task.name, new.task_ids.mapped("name"))
        for old, task in zip(self.tasks.sorted("sequence"), new_tasks):
            self.assertEqual(task.state, "todo")
            self.assertEqual(task.date_deadline, old.date_deadline.replace(year=2027))
            self.assertEqual(task.lead_department_id, old.lead_department_id)
            self.assertEqual(task.cooperating_department_ids, old.cooperating_department_ids)
            self.assertEqual(task.budget_estimate, old.budget_estimate)
            self.assertFalse(task.result_note)
            self.assertFalse(task.output_ids)
            self.assertFalse(task.completion_date)
            self.assertFalse(task.approved_by_id)
        self.assertEqual(new_tasks[1].date_start, date(2027, 2, 1))

    def test_original_untouched(self):
        """Copying leaves the original plan, its tasks and their results as they were."""
        before = {
            "plan": (self.plan.state, self.plan.number, self.plan.year, self.plan.name),
            "tasks": self.plan.task_ids.mapped(lambda t: (t.id, t.state, t.date_deadline)),
            "outputs": self.tasks[0].output_ids.ids,
            "actual": self.plan.target_ids.actual_value,
        }
        self._copy()
        self.plan.invalidate_recordset()
        self.assertEqual(
            (self.plan.state, self.plan.number, self.plan.year, self.plan.name), before["plan"]
        )
        self.assertEqual(
            self.plan.task_ids.mapped(lambda t: (t.id, t.state, t.date_deadline)), before["tasks"]
        )
        self.assertEqual(self.tasks[0].output_ids.ids, before["outputs"])
        self.assertTrue(self.tasks[0].result_note)
        self.assertEqual(self.plan.target_ids.actual_value, before["actual"])

    def test_29_february_becomes_28(self):
        """A deadline on 29 February moves to 28 February of a common year."""
        plan = self.env["cchc.plan"].create(
            {"name": "Kế hoạch năm 2028", "year": 2028, "company_id": self.company.id}
        )
        self.env["cchc.task"].create(
            {
                "plan_id": plan.id,
                "name": "Báo cáo tháng 2",
                "date_start": date(2028, 2, 29),
                "date_deadline": date(2028, 2, 29),
            }
        )
        new = self._copy(2029, plan)
        self.assertEqual(new.name, "Kế hoạch năm 2029")
        self.assertEqual(new.task_ids.date_deadline, date(2029, 2, 28))
        self.assertEqual(new.task_ids.date_start, date(2029, 2, 28))

    def test_copy_needs_another_year(self):
        """Copying into the plan's own year is refused."""
        plans = self.env["cchc.plan"].search([])
        with self.assertRaises(UserError):
            self._copy(2026)
        self.assertEqual(self.env["cchc.plan"].search([]), plans, "no plan was created")
        self.assertEqual(self.plan.year, 2026)

    def test_copy_lists_earlier_year_mentions(self):
        """The copy shows where the texts still name the old year, for review."""
        new = self._copy()
        self.assertIn("2026", new.year_mentions)
        task = new.task_ids.filtered(lambda t: "2026" in (t.product_description or t.name))[:1]
        if task:
            self.assertIn(task.name, new.year_mentions)
        self.assertIn("Check these mentions of earlier years", new.message_ids[:1].body)
        # once the texts are corrected, the warning is gone
        new.write({"name": "Thông tin, tuyên truyền cải cách hành chính năm 2027"})
        new.task_ids.write({"name": "TST task", "product_description": "TST product"})
        new.legal_basis_ids.unlink()
        new.section_ids.write({"body": "<p>Văn bản năm 2027</p>"})
        new.invalidate_recordset(["year_mentions"])
        self.assertFalse(new.year_mentions)
