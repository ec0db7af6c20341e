"""A province on one Odoo: UBND tỉnh as the parent company, its departments (Sở) as child
companies. The provincial plan assigns tasks to departments; their plans implement it;
progress and reports roll up; each side sees only what it must."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import YEAR, CchcProvinceCommon

TODAY = "2026-07-15 09:00:00"


@tagged("post_install", "-at_install", "cchc_province")
class TestCchcProvince(CchcProvinceCommon):
    # ------------------------------------------------------------------
    # The cascade
    # ------------------------------------------------------------------
    def test_department_plan_implements_the_provincial_plan(self):
        self.assertEqual(self.plan_sx.provincial_plan_id, self.province_plan)
        self.assertTrue(self.province_plan.is_provincial)
        self.assertFalse(self.plan_sx.is_provincial)
        self.assertEqual(
            self.env["cchc.plan"].search([("is_provincial", "=", True)]) & self.plan_sx,
            self.env["cchc.plan"],
        )

    def test_only_an_issued_plan_of_the_province_can_be_linked(self):
        basis = self.plan_sy.legal_basis_ids
        for wrong in (self.province_draft, self.plan_sx, self.plan_a):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                basis.write({"linked_plan_id": wrong.id})
        self.assertEqual(basis.linked_plan_id, self.province_plan)

    def test_a_task_carries_out_a_task_of_its_own_provincial_plan(self):
        other_task = self._create_task(
            self.province_draft, self.office["p"], self.province_coordinator
        )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.t_sy1.write({"provincial_task_id": other_task.id})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.t_sy1.write({"provincial_task_id": self.task_a.id})
        self.assertEqual(self.t_sy1.provincial_task_id, self.pt1)

    def test_provincial_tasks_are_assigned_to_the_provinces_departments_only(self):
        task = self._create_task(self.province_draft, self.office["p"], self.province_coordinator)
        for wrong in (self.company_a, self.province):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                task.write({"assigned_company_ids": [Command.link(wrong.id)]})
        task.write({"assigned_company_ids": [Command.link(self.sy.id)]})
        self.assertEqual(task.assigned_company_ids, self.sy)

    @freeze_time(TODAY)
    def test_progress_rolls_up_to_the_provincial_task(self):
        counts = self.pt1.read(
            [
                "province_task_count",
                "province_done_count",
                "province_late_count",
                "province_open_count",
            ]
        )[0]
        # the draft plan of Sở Y tế is not counted
        self.assertEqual(
            [
                counts[name]
                for name in (
                    "province_task_count",
                    "province_done_count",
                    "province_late_count",
                    "province_open_count",
                )
            ],
            [1, 1, 0, 0],
        )
        self.assertEqual((self.pt2.province_task_count, self.pt2.province_late_count), (1, 1))
        self._force(self.plan_sy, {"state": "issued", "number": "3/KH-SYT"})
        self.pt1.invalidate_recordset()
        # Sở Y tế's task is now counted: its deadline (30/6) has passed, it is late
        self.assertEqual(
            (
                self.pt1.province_task_count,
                self.pt1.province_done_count,
                self.pt1.province_late_count,
                self.pt1.province_open_count,
            ),
            (2, 1, 1, 0),
        )

    @freeze_time(TODAY)
    def test_the_provincial_dashboard_ranks_departments(self):
        rows = (
            self.env["cchc.province.department"]
            .with_user(self.province_coordinator)
            .search([("provincial_plan_id", "=", self.province_plan.id)], order="rank")
        )
        self.assertEqual(rows.mapped("department_company_id"), self.sx | self.sy)
        by_company = {row.department_company_id: row for row in rows}
        sx, sy = by_company[self.sx], by_company[self.sy]
        self.assertEqual(
            (
                sx.assigned_count,
                sx.covered_count,
                sx.plan_count,
                sx.task_count,
                sx.task_done_count,
                sx.task_late_count,
                sx.task_open_count,
                sx.task_done_rate,
            ),
            (2, 2, 1, 2, 1, 1, 0, 50.0),
        )
        self.assertEqual(
            (sy.assigned_count, sy.covered_count, sy.plan_count, sy.task_count), (1, 0, 0, 0)
        )
        self.assertEqual((sx.rank, sy.rank), (1, 2))

    # ------------------------------------------------------------------
    # Who sees what across companies
    # ------------------------------------------------------------------
    def test_department_sees_the_provincial_plan_and_its_assigned_tasks(self):
        for key in ("sy", "sx"):
            user = self.users[("user", key)]
            plans = self.env["cchc.plan"].with_user(user).search([("is_provincial", "=", True)])
            self.assertEqual(plans, self.province_plan, key)
            self.assertEqual(plans.read(["number"])[0]["number"], "51/KH-UBND")
        tasks = self.env["cchc.task"].with_user(self.users[("user", "sy")])
        self.assertEqual(tasks.search([("plan_id", "=", self.province_plan.id)]), self.pt1)
        with self.assertRaises(AccessError):
            self.pt2.with_user(self.users[("user", "sy")]).read(["name"])
        coordinator_sx = self.users[("coordinator", "sx")]
        self.assertEqual(
            self.env["cchc.task"]
            .with_user(coordinator_sx)
            .search([("plan_id", "=", self.province_plan.id)]),
            self.pt1 | self.pt2,
        )
        # never the province's drafts
        with self.assertRaises(AccessError):
            self.province_draft.with_user(coordinator_sx).read(["name"])

    def test_department_cannot_change_the_province(self):
        coordinator_sx = self.users[("coordinator", "sx")]
        before = self.province_plan.read(["active", "user_id", "name"])
        for record, vals in (
            (self.province_plan, {"active": False}),
            (self.province_plan, {"user_id": coordinator_sx.id}),
            (self.pt1, {"active": False}),
        ):
            with self.assertRaises(AccessError), self.cr.savepoint():
                record.with_user(coordinator_sx).write(vals)
        # (the issued plan's assignment is frozen for everyone: a UserError comes first)
        with self.assertRaises(UserError), self.cr.savepoint():
            self.pt1.with_user(coordinator_sx).write(
                {"assigned_company_ids": [Command.set([self.sx.id])]}
            )
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.pt1.with_user(self.users[("user", "sx")]).action_start()
        # a crafted company context is refused, it does not open the province
        with self.assertRaises(AccessError):
            self.province_plan.with_user(coordinator_sx).with_context(
                allowed_company_ids=[self.province.id, self.sx.id]
            ).write({"active": False})
        self.assertEqual(self.province_plan.read(["active", "user_id", "name"]), before)
        self.assertEqual(self.pt1.assigned_company_ids, self.sx | self.sy)

    def test_province_reads_what_departments_share_and_nothing_else(self):
        coordinator = self.province_coordinator
        env = self.env(user=coordinator)
        self.assertFalse(env["cchc.plan"].search([("company_id", "in", (self.sx | self.sy).ids)]))
        self.assertFalse(env["cchc.task"].search([("company_id", "in", (self.sx | self.sy).ids)]))
        with self.assertRaises(AccessError):
            self.t_sx1.with_user(coordinator).read(["name"])
        with self.assertRaises(AccessError):
            self.plan_sy.with_user(coordinator).read(["name"])
        progress = env["cchc.province.task.progress"].search([])
        # issued plans only: Sở Y tế's draft task is not shared
        self.assertEqual(set(progress.ids), {self.t_sx1.id, self.t_sx2.id})
        self.assertEqual(progress.mapped("plan_number"), ["12/KH-STP"] * 2)
        self.assertEqual(self.pt1.with_user(coordinator).province_progress_ids.ids, [self.t_sx1.id])
        fields_shared = set(env["cchc.province.task.progress"]._fields)
        self.assertFalse({"responsible_user_ids", "sender_name", "message_ids"} & fields_shared)
        # departments do not read each other's rows, nor the province's dashboard
        for key in ("sx", "sy"):
            dept_env = self.env(user=self.users[("coordinator", key)])
            self.assertFalse(dept_env["cchc.province.department"].search([]))
            self.assertFalse(dept_env["cchc.province.task.progress"].search([]))
            with self.assertRaises(AccessError):
                self.env["cchc.province.department"].with_user(self.users[("user", key)]).search([])
        self.assertFalse(
            self.env["cchc.plan"]
            .with_user(self.users[("user", "sy")])
            .search([("id", "=", self.plan_sx.id)])
        )

    # ------------------------------------------------------------------
    # Reports cascade
    # ------------------------------------------------------------------
    def test_department_report_is_due_before_the_provinces(self):
        end = date(YEAR, 6, 14)
        province_due = self.province._cchc_report_due_date(end)
        self.assertEqual(self.sx._cchc_report_due_date(end), province_due - timedelta(days=5))
        # never before the period's end
        self.province.cchc_province_report_lead_days = 10
        self.assertEqual(self.sx._cchc_report_due_date(end), end)
        self.assertEqual(self.company_a._cchc_report_due_date(end), date(YEAR, 6, 20))

    @freeze_time(TODAY)
    def test_provincial_report_compiles_the_departments_reports(self):
        channel = self.env["cchc.channel"].create(
            {"name": "TST Cổng thông tin Sở Tư pháp", "kind": "website", "company_id": self.sx.id}
        )
        self.env["cchc.task.output"].create(
            {
                "task_id": self.t_sx2.id,
                "channel_id": channel.id,
                "metric": "items",
                "quantity": 4,
                "date": date(YEAR, 3, 1),
            }
        )
        Report = self.env["cchc.report"]
        report_sx = Report.create(
            {
                "plan_id": self.plan_sx.id,
                "scope": "consolidated",
                "period_kind": "h1",
                "year": YEAR,
                "difficulties": "<p>Thiếu kinh phí in tờ rơi</p>",
                "proposals": "<p>Đề nghị tỉnh hỗ trợ kinh phí</p>",
            }
        )
        report_sx._cchc_compile()
        self._force(report_sx, {"state": "approved", "number": "20/BC-STP"})
        report_p = Report.create(
            {
                "plan_id": self.province_plan.id,
                "scope": "consolidated",
                "period_kind": "h1",
                "year": YEAR,
            }
        )
        self.assertLess(report_sx.due_date, report_p.due_date)
        report_p._cchc_compile()
        lines = report_p.department_line_ids
        self.assertEqual(lines.mapped("department_name"), ["TST Sở Tư pháp", "TST Sở Y tế"])
        line_sx, line_sy = lines
        self.assertEqual(
            (line_sx.source_report_id, line_sx.source_state, line_sx.source_number),
            (report_sx, "approved", "20/BC-STP"),
        )
        self.assertEqual(line_sx.task_count, report_sx.task_count)
        self.assertIn("Thiếu kinh phí", line_sx.difficulties)
        self.assertFalse(line_sy.source_report_id)  # assigned, no report: listed as missing
        self.assertIn("TST Sở Tư pháp", report_p.difficulties)
        self.assertIn("Đề nghị tỉnh hỗ trợ kinh phí", report_p.proposals)
        channel_line = report_p.channel_line_ids.filtered(
            lambda line: line.channel_name == "TST Cổng thông tin Sở Tư pháp"
        )
        self.assertEqual((channel_line.metric, channel_line.quantity), ("items", 4))
        task_line = report_p.task_line_ids.filtered(lambda line: line.task_id == self.pt1)
        self.assertEqual(task_line.status, "done")
        self.assertIn("TST Sở Tư pháp: 1/1", task_line.output_summary)
        late_line = report_p.task_line_ids.filtered(lambda line: line.task_id == self.pt2)
        self.assertEqual((late_line.status, late_line.is_late), ("todo", True))

    def test_the_provinces_internal_notes_are_not_shared(self):
        plan = self.province_plan.with_user(self.province_coordinator)
        note = plan.message_post(body="TST ghi chú nội bộ UBND", subtype_xmlid="mail.mt_note")
        comment = plan.message_post(
            body="TST thông báo gửi các Sở", subtype_xmlid="mail.mt_comment"
        )
        user_sx = self.users[("user", "sx")]
        Message = self.env["mail.message"].with_user(user_sx)
        seen = Message.search([("model", "=", "cchc.plan"), ("res_id", "=", plan.id)])
        self.assertIn(comment, seen)
        self.assertNotIn(note, seen)
        with self.assertRaises(AccessError):
            note.with_user(user_sx).read(["body"])
        self.assertIn("TST thông báo", comment.with_user(user_sx).read(["body"])[0]["body"])
        # the province itself, and a department on its own plan, keep their notes
        own = self.plan_sx.with_user(self.users[("coordinator", "sx")]).message_post(
            body="TST ghi chú nội bộ Sở", subtype_xmlid="mail.mt_note"
        )
        self.assertIn(own, Message.search([("model", "=", "cchc.plan")]))
        self.assertIn(
            note,
            self.env["mail.message"]
            .with_user(self.province_coordinator)
            .search([("model", "=", "cchc.plan"), ("res_id", "=", plan.id)]),
        )


@tagged("post_install", "-at_install", "cchc_province")
class TestCchcProvinceTour(CchcProvinceCommon, HttpCase):
    @freeze_time(TODAY)
    def test_province_ranks_its_departments_in_browser(self):
        """In Chromium, the province's coordinator opens the departments' ranking, then a
        provincial task with the departments' progress on it."""
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_province_department_action",
            "cchc_province_ranking_tour",
            login=self.province_coordinator.login,
        )

    def test_department_carries_out_a_provincial_task_in_browser(self):
        """In Chromium, a department's coordinator sees the provincial tasks assigned to
        the department and links a task of the department's draft plan to one."""
        task = self._create_task(
            self.plan_sy,
            self.office["sy"],
            self.users[("user", "sy")],
            name="TST Nhiệm vụ cần gắn với tỉnh",
        )
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_task_action_provincial",
            "cchc_department_province_tour",
            login=self.users[("coordinator", "sy")].login,
        )
        self.assertEqual(task.provincial_task_id, self.pt1)
