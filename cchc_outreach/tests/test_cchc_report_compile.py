from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.cchc_outreach.models.cchc_workflow_mixin import trusted

from .common import COMPILE_DAY, Q1_FROM, Q1_TO, CchcReportCommon


@freeze_time(COMPILE_DAY)
@tagged("post_install", "-at_install")
class TestCchcReportCompile(CchcReportCommon):
    """A report compiles the recorded work of its dates, set-based, and freezes when sent."""

    def _assert_tasks(self, report, deps):
        expected = self.expected_tasks(deps)
        lines = {line.task_id: line for line in report.task_line_ids}
        self.assertEqual(set(lines), {self.tasks[key] for key in expected}, "tasks of the report")
        for key in expected:
            line = lines[self.tasks[key]]
            self.assertEqual(line.status, self.expected_status(key), key)
            self.assertEqual(line.is_late, self.expected_late(key), key)
        statuses = [self.expected_status(key) for key in expected]
        self.assertEqual(report.task_count, len(expected))
        self.assertEqual(report.task_done_count, statuses.count("done"))
        self.assertEqual(report.task_todo_count, statuses.count("todo"))
        self.assertEqual(
            report.task_in_progress_count,
            len(statuses) - statuses.count("done") - statuses.count("todo"),
        )
        self.assertEqual(report.task_late_count, sum(self.expected_late(k) for k in expected))
        return expected

    def _assert_channels(self, report, task_keys):
        expected = self.expected_channels(task_keys)
        channel_keys = {channel: key for key, channel in self.channels.items()}
        got = {
            (channel_keys[line.channel_id], line.metric): (
                line.quantity,
                line.output_count,
                line.task_count,
            )
            for line in report.channel_line_ids
        }
        self.assertEqual(got, expected)
        self.assertEqual(report.output_count, sum(count for _q, count, _t in expected.values()))

    def _assert_feedback(self, report, deps):
        if not self.has_feedback:
            self.assertFalse(report.feedback_line_ids)
            return
        expected = self.expected_feedback(deps)
        got = {
            line.channel: dict(
                received=line.received_count,
                on_time=line.on_time_count,
                answered_late=line.answered_late_count,
                pending=line.pending_count,
                overdue=line.overdue_count,
                other=line.other_count,
            )
            for line in report.feedback_line_ids
        }
        self.assertEqual(got, expected)
        for line in report.feedback_line_ids:
            self.assertEqual(line.late_count, line.answered_late_count + line.overdue_count)
            self.assertEqual(line.answered_count, line.on_time_count + line.answered_late_count)
        self.assertEqual(
            report.feedback_received_count, sum(e["received"] for e in expected.values())
        )
        self.assertEqual(
            report.feedback_on_time_count, sum(e["on_time"] for e in expected.values())
        )
        self.assertEqual(
            report.feedback_late_count,
            sum(e["answered_late"] + e["overdue"] for e in expected.values()),
        )

    def test_period_from_default_cutoffs(self):
        """Quarter I covers 15/12 of the previous year to 14/03, due on 20/03."""
        report = self._new_report()
        self.assertEqual((report.date_from, report.date_to), (Q1_FROM, Q1_TO))
        self.assertEqual(report.due_date, date(2026, 3, 20))
        expected = {
            "h1": (date(2025, 12, 15), date(2026, 6, 14), date(2026, 6, 20)),
            "q3": (date(2026, 6, 15), date(2026, 9, 14), date(2026, 9, 20)),
            "year": (date(2025, 12, 15), date(2026, 12, 14), date(2026, 12, 20)),
        }
        for kind, dates in expected.items():
            other = self._new_report(period_kind=kind)
            self.assertEqual((other.date_from, other.date_to, other.due_date), dates, kind)

    def test_unit_report_numbers(self):
        """A unit report counts its (sub-)units' tasks, outputs and feedback of the period."""
        report = self._new_report(user=self.user_a)
        keys = self._assert_tasks(report, {"a", "a1"})
        # the fixtures cross every boundary: before, inside, after, via outputs only
        self.assertEqual(
            keys, {"t1_done_inside", "t2_sub_late", "t5_done_after_end", "t8_output_only"}
        )
        self._assert_channels(report, keys)
        self._assert_feedback(report, {"a", "a1"})
        self.assertFalse(report.target_line_ids, "targets belong to the department report")
        line = report.task_line_ids.filtered(
            lambda line: line.task_id == self.tasks["t1_done_inside"]
        )
        self.assertEqual(line.evidence_links, "https://example.com/tin-1")
        self.assertIn("TST Website of the department: 8", line.output_summary)

    def test_consolidated_report_numbers(self):
        """The department report counts every unit's work, and the plan's targets."""
        report = self._consolidated()
        keys = self._assert_tasks(report, {"a", "a1", "b"})
        self.assertIn("t6_unit_b", keys)
        self._assert_channels(report, keys)
        self._assert_feedback(report, {"a", "a1", "b"})
        self.assertEqual(report.department_id, self.dept_a, "the coordinating unit")
        targets = {line.name: line for line in report.target_line_ids}
        self.assertEqual(len(targets), 3)
        self.assertEqual(report.target_count, 3)
        self.assertEqual(report.target_achieved_count, 1)
        self.assertEqual(targets["Hồ sơ trực tuyến toàn trình"].actual_value, 70)
        self.assertFalse(targets["Chỉ số SIPAS"].actual_recorded)

    def test_compilation_is_set_based(self):
        """Compiling costs the same number of queries for 3 tasks as for 30."""
        report = self._new_report()
        self.env.flush_all()
        self.env.invalidate_all()
        queries_before = self.env.cr.sql_log_count
        report.action_compile()
        self.env.flush_all()
        small = self.env.cr.sql_log_count - queries_before
        with trusted():  # tasks added to the issued plan, as an amendment does
            for index in range(30):
                task = self._create_task(
                    self.report_plan,
                    self.dept_a,
                    self.user_a,
                    name=f"TST bulk {index}",
                    date_start=date(2026, 1, 2),
                    date_deadline=date(2026, 3, 1),
                )
                self.env["cchc.task.output"].create(
                    {
                        "task_id": task.id,
                        "channel_id": self.channel.id,
                        "quantity": 1,
                        "date": date(2026, 1, 3),
                        "link": f"https://example.com/{index}",
                    }
                )
        self.env.flush_all()
        self.env.invalidate_all()
        queries_before = self.env.cr.sql_log_count
        report.action_compile()
        self.env.flush_all()
        large = self.env.cr.sql_log_count - queries_before
        self.assertEqual(report.task_count, 34)
        self.assertLessEqual(large, small + 3, f"{small} queries for 4 tasks, {large} for 34")

    def test_recompile_draft_reflects_new_work(self):
        """Recompiling a draft shows work recorded since it was created."""
        report = self._new_report(user=self.user_a)
        before_outputs = report.output_count
        before_received = report.feedback_received_count
        with trusted():  # new work, and a task added as an amendment does
            self.env["cchc.task.output"].create(
                {
                    "task_id": self.tasks["t2_sub_late"].id,
                    "channel_id": self.channel.id,
                    "quantity": 4,
                    "date": date(2026, 3, 2),
                }
            )
            new_task = self._create_task(
                self.report_plan,
                self.dept_a,
                self.user_a,
                name="TST new task",
                date_start=date(2026, 2, 1),
                date_deadline=date(2026, 5, 1),
            )
        if self.has_feedback:
            self._create_report_feedback(
                "a", "email", date(2026, 3, 3), "answered", date(2026, 3, 4), date(2026, 3, 20)
            )
        self.assertEqual(report.output_count, before_outputs, "no change until recompiled")
        report.with_user(self.user_a).action_compile()
        self.assertEqual(report.output_count, before_outputs + 1)
        self.assertIn(new_task, report.task_line_ids.task_id)
        if self.has_feedback:
            self.assertEqual(report.feedback_received_count, before_received + 1)

    def test_submitted_report_is_frozen(self):
        """New work no longer changes a submitted report, which refuses to recompile."""
        report = self._new_report(user=self.user_a)
        report.with_user(self.head_a).action_submit()
        figures = (report.task_count, report.output_count, report.feedback_received_count)
        lines = report.task_line_ids
        with trusted():  # work recorded later: an output, a task added by an amendment
            self.env["cchc.task.output"].create(
                {
                    "task_id": self.tasks["t2_sub_late"].id,
                    "channel_id": self.channel.id,
                    "quantity": 10,
                    "date": date(2026, 2, 5),
                }
            )
            self._create_task(
                self.report_plan,
                self.dept_a,
                self.user_a,
                name="TST late comer",
                date_start=date(2026, 2, 1),
                date_deadline=date(2026, 5, 1),
            )
        if self.has_feedback:
            self._create_report_feedback(
                "a", "email", date(2026, 3, 3), "answered", date(2026, 3, 4), date(2026, 3, 20)
            )
        self.env.invalidate_all()
        self.assertEqual(
            (report.task_count, report.output_count, report.feedback_received_count), figures
        )
        self.assertEqual(report.task_line_ids, lines)
        with self.assertRaises(UserError):
            report.with_user(self.head_a).action_compile()
        with self.assertRaises(UserError):
            report.action_compile()
        with self.assertRaises(UserError):
            report.with_user(self.head_a).write({"difficulties": "<p>changed</p>"})
        with self.assertRaises(UserError):
            report.task_line_ids[0].write({"name": "changed"})
        with self.assertRaises(UserError):
            report.task_line_ids[0].unlink()
        with self.assertRaises(UserError):
            self.env["cchc.report.task.line"].create(
                {"report_id": report.id, "name": "added", "status": "todo"}
            )

    def test_cutoffs_from_settings(self):
        """Cut-off dates and the due day come from the company settings."""
        settings = self.env["res.config.settings"].with_company(self.company_a).create({})
        settings.write(
            {
                "cchc_report_q1_start": "01/01",
                "cchc_report_q1_end": "31/03",
                "cchc_report_due_day": 5,
            }
        )
        settings.execute()
        self.assertEqual(self.company_a.cchc_report_q1_start, "01/01")
        report = self._new_report()
        self.assertEqual((report.date_from, report.date_to), (date(2026, 1, 1), date(2026, 3, 31)))
        # due on the 5th: the period ends on the 31st, so the 5th of the next month
        self.assertEqual(report.due_date, date(2026, 4, 5))
        keys = self.expected_tasks({"a", "a1"}, date(2026, 1, 1), date(2026, 3, 31))
        self.assertEqual(set(report.task_line_ids.task_id), {self.tasks[key] for key in keys})
        self.assertNotIn(self.tasks["t8_output_only"], report.task_line_ids.task_id)
        # the nine months run from 15/12 (cumulative); quarter III is the quarter alone
        m9 = self._new_report(period_kind="m9")
        self.assertEqual((m9.date_from, m9.date_to), (date(2025, 12, 15), date(2026, 9, 14)))
        document = self.env["report.cchc_outreach.report_cchc_report"]
        self.assertEqual(document._cchc_period_phrase(m9), "9 tháng năm 2026")
        q3 = self._new_report(period_kind="q3")
        self.assertEqual((q3.date_from, q3.date_to), (date(2026, 6, 15), date(2026, 9, 14)))
        self.assertEqual(document._cchc_period_phrase(q3), "quý\u00a0III năm 2026")
        for wrong in ("32/01", "29/02", "15-12", "12"):
            with self.assertRaises(ValidationError):
                self.company_a.cchc_report_q1_start = wrong

    def test_custom_period(self):
        """A custom period keeps the dates typed in."""
        report = self._new_report(
            period_kind="custom", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)
        )
        self.assertEqual((report.date_from, report.date_to), (date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(report.due_date, date(2026, 3, 20))
        keys = self.expected_tasks({"a", "a1"}, date(2026, 2, 1), date(2026, 2, 28))
        self.assertEqual(set(report.task_line_ids.task_id), {self.tasks[k] for k in keys})
        with self.assertRaises(ValidationError):
            self._new_report(
                period_kind="custom",
                date_from=date(2026, 3, 1),
                date_to=date(2026, 2, 1),
                department_id=self.dept_b.id,
            )

    def test_one_report_per_unit_and_period(self):
        """A unit reports once per plan and period; plans not issued are not reported on."""
        self._new_report()
        with self.assertRaises(ValidationError):
            self._new_report()
        self._new_report(department_id=self.dept_b.id)
        draft_plan = self._create_plan("TST draft plan", self.dept_a)
        with self.assertRaises(ValidationError):
            self._new_report(plan_id=draft_plan.id)

    def test_late_counts_at_period_end(self):
        """A task due before the period ends and not completed by its deadline is late."""
        expected = {key for key in self.expected_tasks({"a", "a1"}) if self.expected_late(key)}
        self.assertEqual(expected, {"t2_sub_late", "t5_done_after_end"})
        report = self._new_report()
        late = report.task_line_ids.filtered("is_late").task_id
        self.assertEqual(late, self.tasks["t2_sub_late"] | self.tasks["t5_done_after_end"])
