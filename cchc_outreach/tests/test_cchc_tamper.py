"""Records that cannot be forged, tried as the web client does it: JSON-RPC calls of real
users of each group, with crafted values and crafted context keys.

Each forbidden call must be refused with an error, and the database must be exactly as
it was: every row of the records involved, compared column by column, and the row count
of every table of the addon (nothing created, nothing deleted). The allowed paths are
tried the same way and must still work.
"""

import base64
import hashlib
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import CchcFeedbackCommon

# Context keys a client may send, among them every key this addon ever trusted and the
# ones Odoo gives a meaning to: none may widen what the user can do.
CRAFTED_CONTEXT = {
    "cchc_report_workflow": True,
    "cchc_report_compile": True,
    "cchc_report_no_compile": True,
    "cchc_report_date": "2020-01-01",
    "cchc_sender_validated": True,
    "cchc_client_ip_hash": "0" * 64,
    "cchc_public_intake": True,
    "cchc_pdf_part": True,
    "cchc_workflow": True,
    "cchc_trusted": True,
    "install_mode": True,
    "module": "cchc_outreach",
    "tracking_disable": True,
    "mail_notrack": True,
    "active_test": False,
    "default_state": "issued",
    "default_number": "99/KH-SCT",
    "sudo": True,
    "su": True,
    "report_pdf_no_attachment": True,
}
CONTEXTS = ({}, CRAFTED_CONTEXT)
# Tables whose row counts must not move on a refused call.
TABLES = (
    "cchc_plan",
    "cchc_plan_legal_basis",
    "cchc_plan_target",
    "cchc_plan_recipient",
    "cchc_plan_amendment_line",
    "cchc_task",
    "cchc_task_output",
    "cchc_report",
    "cchc_report_task_line",
    "cchc_feedback",
    "cchc_feedback_sender",
    "ir_attachment",
)


@tagged("post_install", "-at_install")
class TestCchcTamper(CchcFeedbackCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The plan of department A, issued through the real actions, with a done task
        # and an open one; a draft plan of department B.
        cls.open_task = cls._create_task(
            cls.plan_a, cls.dept_a, cls.user_a, name="TST Open task of the issued plan"
        )
        cls.plan_a.with_user(cls.coordinator).action_submit()
        cls.plan_a.with_user(cls.manager).action_issue()
        cls.basis = cls.env["cchc.plan.legal.basis"].search([("plan_id", "=", cls.plan_a.id)])
        cls.task_a.with_user(cls.user_a).write({"result_note": "<p>Published 12 articles</p>"})
        cls.output = cls.env["cchc.task.output"].create(
            {"task_id": cls.task_a.id, "channel_id": cls.channel.id, "quantity": 12}
        )
        cls.task_a.with_user(cls.user_a).action_submit()
        cls.task_a.with_user(cls.head_a).action_approve()
        # Reports: department A's unit report and the department report, approved; a
        # submitted unit report of department B waiting for consolidation is not needed.
        Report = cls.env["cchc.report"]
        cls.unit_report = Report.with_user(cls.user_a).create(
            {"plan_id": cls.plan_a.id, "period_kind": "q1", "year": 2026}
        )
        cls.unit_report.with_user(cls.head_a).action_submit()
        cls.dept_report = Report.with_user(cls.coordinator).create(
            {"plan_id": cls.plan_a.id, "period_kind": "q1", "year": 2026, "scope": "consolidated"}
        )
        cls.dept_report.with_user(cls.coordinator).action_consolidate()
        cls.dept_report.with_user(cls.manager).action_approve()
        cls.report_line = cls.unit_report.task_line_ids[:1]
        # Feedback: one answered and closed, its sender's scanned ID attached.
        cls.feedback = cls._create_feedback()
        cls.id_scan = cls.env["ir.attachment"].create(
            {
                "name": "cccd.png",
                "raw": b"\x89PNG\r\n\x1a\n scanned id card",
                "res_model": "cchc.feedback",
                "res_id": cls.feedback.id,
            }
        )
        cls.feedback.attachment_ids = [Command.link(cls.id_scan.id)]
        cls.feedback.with_user(cls.officer).action_classify(
            "within", department=cls.dept_a, handler=cls.handler
        )
        cls.feedback.with_user(cls.handler).write({"answer": "TST answer"})
        cls.feedback.with_user(cls.handler).action_answer()
        cls.feedback.with_user(cls.handler).action_close()
        cls.stored_pdf = cls.plan_a.issued_pdf_id
        cls.logins = {
            "user": cls.user_a,
            "head": cls.head_a,
            "coordinator": cls.coordinator,
            "manager": cls.manager,
            "officer": cls.officer,
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _call(self, login, model, method, args, kwargs=None, context=None):
        """One call as the web client makes it: /web/dataset/call_kw as ``login``."""
        if getattr(self, "_session_login", None) != login:
            self.authenticate(login, login)
            self._session_login = login
        kwargs = dict(kwargs or {})
        kwargs["context"] = dict(context or {}, lang="en_US")
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def _snapshot(self):
        """Every row of the records involved, and every table's row count."""
        self.env.flush_all()
        cr = self.env.cr
        rows = {}
        for table, ids in (
            ("cchc_plan", (self.plan_a | self.plan_b).ids),
            ("cchc_plan_legal_basis", self.basis.ids),
            ("cchc_task", (self.task_a | self.open_task).ids),
            ("cchc_task_output", self.output.ids),
            ("cchc_report", (self.unit_report | self.dept_report).ids),
            ("cchc_report_task_line", self.report_line.ids),
            ("cchc_feedback", self.feedback.ids),
            ("ir_attachment", (self.stored_pdf | self.id_scan).ids),
        ):
            cr.execute(f"SELECT * FROM {table} WHERE id = ANY(%s) ORDER BY id", [ids])  # noqa: S608
            rows[table] = cr.fetchall()
        for table in TABLES:
            cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            rows[f"count {table}"] = cr.fetchone()[0]
        for rel in ("cchc_task_res_users_rel", "cchc_task_evidence_attachment_rel"):
            cr.execute(f"SELECT * FROM {rel} ORDER BY 1, 2")  # noqa: S608
            rows[rel] = cr.fetchall()
        return rows

    def test_echoed_values_are_no_change(self):
        """What the web client sends back unchanged (read-only values in x2many lines,
        computed facts it was given) is accepted: it changes nothing."""
        done = self.task_a
        echo = {
            "state": done.state,
            "completed_late": done.completed_late,
            "is_clear": done.is_clear,
            "approved_by_id": done.approved_by_id.id,
        }
        before = self._snapshot()
        self._call(self.user_a.login, "cchc.task", "write", [done.ids, echo])
        self.env.invalidate_all()
        self.assertEqual(self._snapshot(), before)

    def assertRefused(self, login, model, method, args, kwargs=None):
        """Refused with and without crafted context keys, and nothing changed."""
        for context in CONTEXTS:
            with self.subTest(
                login=login, model=model, method=method, args=args, ctx=bool(context)
            ):
                before = self._snapshot()
                with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as cm:
                    self._call(login, model, method, args, kwargs, context)
                self.assertRegex(
                    cm.exception.args[0],
                    r"odoo\.exceptions\.(AccessError|UserError|ValidationError|MissingError)",
                    "refused with a clear error for the user, not a crash",
                )
                self.env.invalidate_all()
                self.assertEqual(self._snapshot(), before, "the database did not change")

    # ------------------------------------------------------------------
    # Plans
    # ------------------------------------------------------------------
    def test_issued_plan_cannot_be_rewritten(self):
        """Nobody rewrites an issued plan, its number, its texts, its lines or its file."""
        plan = self.plan_a
        forged = [
            {"state": "draft"},
            {"state": "cancelled"},
            {"number": "99/KH-SCT"},
            {"issue_date": "2020-01-01"},
            {"name": "TST Forged title"},
            {"opening_text": "<p>Forged</p>"},
            {"closing_text": "<p>Forged</p>"},
            {"section_ids": [Command.create({"name": "TST Forged section"})]},
            {"section_ids": [Command.clear()]},
            {"signer_name": "TST Someone else"},
            {"issued_pdf_sha256": "0" * 64},
            {"issued_pdf_id": False},
            {"access_token": "f" * 36},
            {"amended_plan_id": self.plan_b.id},
            {"legal_basis_ids": [Command.create({"name": "TST Forged basis"})]},
            {"legal_basis_ids": [Command.delete(self.basis[:1].id)]} if self.basis else {},
            {"recipient_ids": [Command.clear()]},
            {
                "task_ids": [
                    Command.create({"name": "TST Added task", "lead_department_id": self.dept_a.id})
                ]
            },
            {"task_ids": [Command.unlink(self.open_task.id)]},
        ]
        for login in ("user", "head", "coordinator", "manager"):
            for vals in filter(None, forged):
                self.assertRefused(self.logins[login].login, "cchc.plan", "write", [plan.ids, vals])
        for login in ("coordinator", "manager"):
            self.assertRefused(self.logins[login].login, "cchc.plan", "unlink", [plan.ids])
            self.assertRefused(self.logins[login].login, "cchc.plan", "action_draft", [plan.ids])
            self.assertRefused(
                self.logins[login].login,
                "cchc.plan.recipient",
                "create",
                [{"plan_id": plan.id, "name": "TST Forged recipient"}],
            )
        self.assertRefused(self.coordinator.login, "cchc.plan", "action_issue", [self.plan_b.ids])
        if self.basis:
            self.assertRefused(
                self.coordinator.login, "cchc.plan.legal.basis", "unlink", [self.basis[:1].ids]
            )

    def test_plan_cannot_be_created_issued(self):
        """A plan starts as a draft: no state, number or issue date on create or copy."""
        for vals in (
            {"state": "issued"},
            {"number": "99/KH-SCT"},
            {"issue_date": "2026-01-01"},
            {"issued_pdf_sha256": "0" * 64},
            {"amended_plan_id": self.plan_a.id},
        ):
            self.assertRefused(
                self.coordinator.login,
                "cchc.plan",
                "create",
                [{"name": "TST Forged plan", "year": 2026, **vals}],
            )
        self.assertRefused(
            self.coordinator.login,
            "cchc.plan",
            "copy",
            [self.plan_a.ids],
            {"default": {"state": "issued", "number": "99/KH-SCT"}},
        )

    def test_stored_document_stays_byte_identical(self):
        """The issued file is what every print returns, whatever is tried on the plan."""
        original = self.stored_pdf.raw
        self.assertTrue(original.startswith(b"%PDF-"))
        forged = base64.b64encode(b"%PDF-1.4 forged").decode()
        for vals in (
            {"datas": forged},
            {"name": "other.pdf"},
            {"res_id": self.plan_b.id},
        ):
            self.assertRefused(
                self.manager.login, "ir.attachment", "write", [self.stored_pdf.ids, vals]
            )
        self.assertRefused(self.manager.login, "ir.attachment", "unlink", [self.stored_pdf.ids])
        # an upload with the same file name on the plan does not shadow it
        self._call(
            self.coordinator.login,
            "ir.attachment",
            "create",
            [
                {
                    "name": self.stored_pdf.name,
                    "datas": forged,
                    "res_model": "cchc.plan",
                    "res_id": self.plan_a.id,
                }
            ],
        )
        for login in ("user", "coordinator"):
            self.authenticate(self.logins[login].login, self.logins[login].login)
            self._session_login = None
            response = self.url_open(
                f"/report/pdf/cchc_outreach.report_cchc_plan/{self.plan_a.id}"
                '?context={"force_report_rendering": true, "report_pdf_no_attachment": true}'
            )
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.content, original, f"printed for {login}: the issued file")
        # the public verification page gives its checksum and the same bytes
        digest = hashlib.sha256(original).hexdigest()
        self.assertEqual(self.plan_a.issued_pdf_sha256, digest)
        self.authenticate(None, None)
        page = self.url_open(f"/cchc/verify/plan/{self.plan_a.access_token}").text
        self.assertIn(digest, page)
        download = self.url_open(f"/cchc/verify/plan/{self.plan_a.access_token}/document.pdf")
        self.assertEqual(download.content, original)

    # ------------------------------------------------------------------
    # Tasks and outputs
    # ------------------------------------------------------------------
    def test_done_task_and_computed_facts(self):
        """A done task, its results and outputs, and every computed fact stay as they are."""
        done = self.task_a
        for login in ("user", "head", "coordinator", "manager"):
            # every value differs from the stored one: an echo of the same value is no change
            for vals in (
                {"state": "in_progress"},
                {"completed_late": not done.completed_late},
                {"is_clear": False},
                {"clear_who": False},
                {"clarity_score": 0},
                {"cchc_escalation_sent": not done.cchc_escalation_sent},
                {"cchc_reminder_sent": not done.cchc_reminder_sent},
                {"approved_by_id": self.user_b.id},
                {"approval_date": "2026-01-01"},
                {"submitted_by_id": self.user_b.id},
                {"completion_date": "2026-01-01"},
                {"name": "TST Renamed"},
                {"date_deadline": "2026-12-31"},
                {"result_note": "<p>Rewritten</p>"},
                {"plan_id": self.plan_b.id},
                {"company_id": self.company_b.id},
            ):
                self.assertRefused(self.logins[login].login, "cchc.task", "write", [done.ids, vals])
            self.assertRefused(
                self.logins[login].login,
                "cchc.task.output",
                "write",
                [self.output.ids, {"quantity": 99}],
            )
        for login in ("head", "coordinator", "manager"):
            self.assertRefused(self.logins[login].login, "cchc.task", "unlink", [done.ids])
            self.assertRefused(
                self.logins[login].login, "cchc.task.output", "unlink", [self.output.ids]
            )
        self.assertRefused(
            self.user_a.login,
            "cchc.task.output",
            "create",
            [{"task_id": done.id, "channel_id": self.channel.id, "quantity": 1}],
        )
        self.assertRefused(self.user_a.login, "cchc.task", "action_approve", [self.open_task.ids])

    def test_open_task_of_issued_plan(self):
        """The assignment of an issued plan's task is frozen; carrying it out is not."""
        task = self.open_task
        for login in ("head", "coordinator", "manager"):
            for vals in (
                {"date_deadline": "2026-12-31"},
                {"lead_department_id": self.dept_b.id},
                {"responsible_user_ids": [Command.set(self.user_b.ids)]},
                {"name": "TST Renamed"},
                {"budget_estimate": 1_000_000},
                {"sequence": 1},
                {"product_description": "TST Another product"},
            ):
                self.assertRefused(self.logins[login].login, "cchc.task", "write", [task.ids, vals])
            self.assertRefused(
                self.logins[login].login,
                "cchc.task",
                "create",
                [
                    {
                        "name": "TST Added",
                        "plan_id": self.plan_a.id,
                        "lead_department_id": self.dept_a.id,
                    }
                ],
            )
            self.assertRefused(self.logins[login].login, "cchc.task", "unlink", [task.ids])
            self.assertRefused(self.logins[login].login, "cchc.task", "action_cancel", [task.ids])
        # staff still carry it out: results and outputs
        self._call(
            self.user_a.login, "cchc.task", "write", [task.ids, {"result_note": "<p>Half done</p>"}]
        )
        self._call(
            self.user_a.login,
            "cchc.task.output",
            "create",
            [{"task_id": task.id, "channel_id": self.channel.id, "quantity": 3}],
        )
        task.invalidate_recordset()
        self.assertIn("Half done", task.result_note)
        self.assertEqual(task.output_ids.mapped("quantity"), [3.0])

    def test_heads_assign_within_their_departments(self):
        """A head plans draft tasks of his units only, and cannot move one to another unit."""
        draft = self._create_task(self.plan_b, self.dept_b, self.user_b, name="TST Draft task of B")
        mine = self._create_plan("TST Draft plan of A", self.dept_a)
        task = self._create_task(mine, self.dept_a, self.user_a, name="TST Draft task of A")
        self.assertRefused(
            self.head_a.login,
            "cchc.task",
            "write",
            [task.ids, {"lead_department_id": self.dept_b.id}],
        )
        self.assertRefused(
            self.head_a.login, "cchc.task", "write", [draft.ids, {"date_deadline": "2026-10-01"}]
        )
        self._call(
            self.head_a.login, "cchc.task", "write", [task.ids, {"date_deadline": "2026-10-01"}]
        )
        task.invalidate_recordset()
        self.assertEqual(task.date_deadline, date(2026, 10, 1))

    def test_evidence_only_of_readable_files(self):
        """Evidence links only files the user may read: not another unit's documents."""
        other = self.env["ir.attachment"].create(
            {
                "name": "TST internal note of unit B.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 unit B").decode(),
                "res_model": "cchc.plan",
                "res_id": self.plan_b.id,
            }
        )
        for login in ("user", "head"):
            self.assertRefused(
                self.logins[login].login,
                "cchc.task",
                "write",
                [self.open_task.ids, {"evidence_attachment_ids": [Command.link(other.id)]}],
            )
        mine = self.env["ir.attachment"].create(
            {
                "name": "TST photo of the class.png",
                "datas": base64.b64encode(b"\x89PNG\r\n\x1a\n class").decode(),
                "res_model": "cchc.task",
                "res_id": self.open_task.id,
            }
        )
        self._call(
            self.user_a.login,
            "cchc.task",
            "write",
            [self.open_task.ids, {"evidence_attachment_ids": [Command.link(mine.id)]}],
        )
        self.assertIn(mine, self.open_task.evidence_attachment_ids)

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    def test_reports_once_submitted(self):
        """Submitted, consolidated and approved reports change only through their actions."""
        for report in (self.unit_report, self.dept_report):
            for login in ("user", "head", "coordinator", "manager"):
                # every value differs from the stored one (an unchanged echo is no change)
                for vals in (
                    {"state": "draft"},
                    {"state": "consolidated"},
                    {"number": "99/BC-SCT"},
                    {"report_date": "2020-01-01"},
                    {"approved_by_id": self.user_b.id},
                    {"submitted_by_id": self.user_b.id},
                    {"assessment": "<p>Forged</p>"},
                    {"difficulties": "<p>Forged</p>"},
                    {"task_count": 99},
                    {"consolidated_report_id": self.unit_report.id}
                    if report == self.dept_report
                    else {"consolidated_report_id": False},
                    {"task_line_ids": [Command.clear()]},
                ):
                    self.assertRefused(
                        self.logins[login].login, "cchc.report", "write", [report.ids, vals]
                    )
            for login in ("head", "coordinator", "manager"):
                self.assertRefused(self.logins[login].login, "cchc.report", "unlink", [report.ids])
        self.assertRefused(self.head_a.login, "cchc.report", "action_draft", [self.unit_report.ids])
        self.assertRefused(
            self.user_a.login, "cchc.report", "action_approve", [self.dept_report.ids]
        )
        if self.report_line:
            for login in ("coordinator", "manager"):
                self.assertRefused(
                    self.logins[login].login,
                    "cchc.report.task.line",
                    "write",
                    [self.report_line.ids, {"name": "TST Forged line"}],
                )
                self.assertRefused(
                    self.logins[login].login,
                    "cchc.report.task.line",
                    "unlink",
                    [self.report_line.ids],
                )
        self.assertRefused(
            self.manager.login,
            "cchc.report.task.line",
            "create",
            [{"report_id": self.unit_report.id, "name": "TST Forged", "status": "done"}],
        )
        self.assertRefused(
            self.head_a.login,
            "cchc.report",
            "create",
            [{"plan_id": self.plan_a.id, "period_kind": "h1", "year": 2026, "state": "approved"}],
        )

    def test_staff_cannot_edit_the_department_report(self):
        """A user of the coordinating unit cannot edit the coordinator's department report."""
        draft = (
            self.env["cchc.report"]
            .with_user(self.coordinator)
            .create(
                {
                    "plan_id": self.plan_a.id,
                    "period_kind": "h1",
                    "year": 2026,
                    "scope": "consolidated",
                }
            )
        )
        for login in ("user", "head"):
            self.assertRefused(
                self.logins[login].login,
                "cchc.report",
                "write",
                [draft.ids, {"assessment": "<p>x</p>"}],
            )

    # ------------------------------------------------------------------
    # Feedback
    # ------------------------------------------------------------------
    def test_closed_feedback(self):
        """What the citizen sent and how it was handled stay as recorded."""
        feedback = self.feedback
        for login in ("user", "head", "coordinator", "officer", "manager"):
            for vals in (
                {"state": "new"},
                {"name": "PAKN/2026/99999"},
                {"description": "TST Rewritten content"},
                {"answer": "TST Rewritten answer"},
                {"answer_date": "2026-01-01"},
                {"is_published": True},
                {"classification": "not_accepted"},
                {"received_date": "2026-01-01"},
            ):
                self.assertRefused(
                    self.logins[login].login, "cchc.feedback", "write", [feedback.ids, vals]
                )
        self.assertRefused(self.manager.login, "cchc.feedback", "unlink", [feedback.ids])
        self.assertRefused(
            self.officer.login,
            "cchc.feedback",
            "create",
            [dict(self._feedback_vals(), state="closed", received_date="2026-03-02")],
        )
        # what only the system sets: the lookup code's hash, the anonymisation, the consent
        for login in ("officer", "manager"):
            for vals in (
                {"lookup_code_hash": "0" * 64},
                {"anonymised_date": "2026-01-01"},
            ):
                self.assertRefused(
                    self.logins[login].login, "cchc.feedback", "write", [feedback.ids, vals]
                )
            self.assertRefused(
                self.logins[login].login,
                "cchc.feedback",
                "create",
                [
                    dict(
                        self._feedback_vals(),
                        received_date="2026-03-02",
                        lookup_code_hash="0" * 64,
                    )
                ],
            )
        sender = self.env["cchc.feedback.sender"].search([("feedback_id", "=", feedback.id)])
        self.assertRefused(
            self.officer.login,
            "cchc.feedback.sender",
            "write",
            [sender.ids, {"consent_date": "2020-01-01 00:00:00"}],
        )
        # the officer still prepares the public texts
        self._call(
            self.officer.login,
            "cchc.feedback",
            "write",
            [feedback.ids, {"public_answer": "TST public"}],
        )
        feedback.invalidate_recordset()
        self.assertEqual(feedback.public_answer, "TST public")
