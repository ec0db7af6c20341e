from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.cchc_workflow_mixin import trusted


class CchcPlanPaperWizard(models.TransientModel):
    """Enter a plan that was issued on paper before the office used this application.

    The first year of use starts with plans already signed: the clerk types the number
    and date of the paper document and says which tasks were already done. The plan then
    goes to the director as any plan does; issuing it keeps the paper number and date.
    Tasks whose deadline passed before the entry are neither reminded nor escalated for
    the past: the entry does not flood anyone with late work.
    """

    _name = "cchc.plan.paper.wizard"
    _description = "Enter a CCHC Plan Issued on Paper"

    plan_id = fields.Many2one("cchc.plan", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id")
    number = fields.Char(
        string="Number and Symbol", required=True, help="As printed on the paper, e.g. 07/KH-SCT."
    )
    issue_date = fields.Date(required=True, help="The date printed on the paper document.")
    entry_date = fields.Date(
        string="Situation as of",
        required=True,
        default=fields.Date.context_today,
        help="The tasks are recorded as they stand on this day.",
    )
    done_task_ids = fields.Many2many(
        "cchc.task",
        string="Tasks Already Done",
        domain="[('plan_id', '=', plan_id), ('state', 'not in', ('done', 'cancelled'))]",
        help="Recorded as done (completed on their deadline, or on the entry day if earlier).",
    )
    late_open_count = fields.Integer(
        string="Open Tasks Past Their Deadline", compute="_compute_late_open_count"
    )

    @api.depends("plan_id", "entry_date", "done_task_ids")
    def _compute_late_open_count(self):
        for wizard in self:
            wizard.late_open_count = len(
                wizard.plan_id.task_ids.filtered(
                    lambda t, w=wizard: (
                        t.state in ("todo", "in_progress")
                        and t not in w.done_task_ids
                        and t.date_deadline
                        and w.entry_date
                        and t.date_deadline < w.entry_date
                    )
                )
            )

    def action_record(self):
        self.ensure_one()
        plan = self.plan_id
        plan._cchc_check_group(
            "cchc_outreach.group_cchc_coordinator",
            self.env._("Only coordinators enter plans issued on paper."),
        )
        plan._cchc_check_state(("draft",))
        plan.check_access("write")
        number = (self.number or "").strip()
        if self.issue_date > self.entry_date:
            raise UserError(self.env._("The paper plan cannot be dated after the entry day."))
        clash = (
            self.env["cchc.plan"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("company_id", "=", plan.company_id.id),
                    ("issue_year", "=", self.issue_date.year),
                    "|",
                    ("number", "=", number),
                    ("paper_number", "=", number),
                    ("id", "!=", plan.id),
                ],
                limit=1,
            )
        )
        if clash:
            raise UserError(
                self.env._(
                    "The number %(number)s is already used by another plan of %(year)s.",
                    number=number,
                    year=self.issue_date.year,
                )
            )
        with trusted():
            plan.sudo().write(
                {
                    "paper_number": number,
                    "paper_issue_date": self.issue_date,
                    "paper_entry_date": self.entry_date,
                }
            )
            for task in self.done_task_ids.sudo():
                completion = min(task.date_deadline or self.entry_date, self.entry_date)
                task.write(
                    {
                        "state": "done",
                        "completion_date": completion,
                        "submitted_by_id": self.env.uid,
                        "approved_by_id": self.env.uid,
                        "approval_date": self.entry_date,
                    }
                )
                task.message_post(
                    body=self.env._(
                        "Recorded as done when the paper plan %(number)s was entered.",
                        number=number,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            past = plan.task_ids.sudo().filtered(
                lambda t: (
                    t.state in ("todo", "in_progress")
                    and t.date_deadline
                    and t.date_deadline < self.entry_date
                )
            )
            past.write({"cchc_reminder_sent": True, "cchc_escalation_sent": True})
        plan.message_post(
            body=self.env._(
                "Entered from the paper plan %(number)s of %(date)s, as it stood on "
                "%(entry)s: %(done)s task(s) done, %(late)s open task(s) past their deadline "
                "(no reminder for the past).",
                number=number,
                date=self.issue_date,
                entry=self.entry_date,
                done=len(self.done_task_ids),
                late=len(past),
            ),
            subtype_xmlid="mail.mt_note",
        )
        plan.action_submit()
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _cchc_open(self, plan):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Enter a Plan Issued on Paper"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_plan_id": plan.id,
                "default_done_task_ids": [Command.set([])],
            },
        }
