from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .cchc_workflow_mixin import is_trusted, trusted

# A deliberate "Show sender" holds for that user and that feedback this long (a working day).
REVEAL_HOURS = 8

LOG_ACTIONS = [
    ("reveal", "Sender shown"),
    ("anonymise", "Anonymised"),
]


class CchcFeedbackAccessLog(models.Model):
    """Who saw a feedback sender's personal data, and when (Decree 13/2023/NĐ-CP).

    Written only by the feedback's "Show sender" action and by the retention cron; never
    changed nor deleted; read by managers (an inspector is given the manager's rights).
    """

    _name = "cchc.feedback.access.log"
    _description = "CCHC Feedback Sender Access Log"
    _order = "date desc, id desc"
    _rec_name = "feedback_ref"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    feedback_id = fields.Many2one("cchc.feedback", readonly=True, index=True, ondelete="set null")
    feedback_ref = fields.Char(string="Reference", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", readonly=True, index=True)
    action = fields.Selection(LOG_ACTIONS, required=True, readonly=True, index=True)
    valid_until = fields.Datetime(
        readonly=True, help="The sender's data stay shown to this user until then."
    )

    @api.model
    def _cchc_log(self, feedbacks, action):
        """One entry per feedback, by the current user (None for the scheduled action)."""
        now = fields.Datetime.now()
        user = False if self.env.su and action == "anonymise" else self.env.uid
        with trusted():
            return self.sudo().create(
                [
                    {
                        "date": now,
                        "feedback_id": feedback.id,
                        "feedback_ref": feedback.sudo().name,
                        "company_id": feedback.sudo().company_id.id,
                        "user_id": user,
                        "action": action,
                        "valid_until": (
                            now + timedelta(hours=REVEAL_HOURS) if action == "reveal" else False
                        ),
                    }
                    for feedback in feedbacks
                ]
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted():
            raise AccessError(self.env._("The access log is written by the application only."))
        return super().create(vals_list)

    def write(self, vals):
        # Not even the application changes an entry (no code path writes one).
        if vals:
            raise UserError(self.env._("The access log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The access log cannot be deleted."))
