from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common import CchcCommon, CchcFeedbackCommon


@tagged("post_install", "-at_install")
class TestCchcTour(CchcCommon, HttpCase):
    def test_submit_and_approve_in_browser(self):
        """In Chromium, a user records a result and submits the task; the head approves it."""
        task = self._create_task(
            self.plan_a,
            self.dept_a,
            self.user_a,
            name="TST Tour task",
        )
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_task_action_my",
            "cchc_task_submit_tour",
            login=self.user_a.login,
        )
        self.assertEqual(task.state, "waiting")
        self.assertEqual(task.submitted_by_id, self.user_a)
        self.assertIn("Published 12 articles", task.result_note)
        self.assertEqual(task.output_ids.channel_id, self.channel)
        self.assertEqual(task.output_ids.quantity, 12)

        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_task_action_approval",
            "cchc_task_approve_tour",
            login=self.head_a.login,
        )
        self.assertEqual(task.state, "done")
        self.assertEqual(task.approved_by_id, self.head_a)
        self.assertTrue(task.approval_date)

    def test_director_issues_in_browser(self):
        """In Chromium, the director issues a submitted plan after a confirmation; the
        issued plan is read-only and offers an amending plan as the way to change it."""
        plan = self._create_plan(
            "TST Plan for the director",
            self.dept_a,
            signer_employee_id=self.employees[("manager", "a")].id,
        )
        self._create_task(plan, self.dept_a, self.user_a, name="TST Task of the director's plan")
        plan.with_user(self.coordinator).action_submit()
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_plan_action",
            "cchc_plan_issue_tour",
            login=self.manager.login,
        )
        self.assertEqual(plan.state, "issued")
        self.assertEqual(plan.number, "01/KH-SCT")
        self.assertTrue(plan.issued_pdf_id.raw.startswith(b"%PDF-"))

    def test_head_refuses_with_a_reason_in_browser(self):
        """In Chromium, the head refuses a submitted task and says why."""
        task = self._create_task(self.plan_a, self.dept_a, self.user_a, name="TST Task to refuse")
        task.with_user(self.user_a).write({"result_note": "<p>Published</p>"})
        task.with_user(self.user_a).action_submit()
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_task_action_approval",
            "cchc_head_refuse_tour",
            login=self.head_a.login,
        )
        self.assertEqual(task.state, "in_progress")
        self.assertIn("has no link", task.refusal_reason)
        self.assertFalse(task.completion_date)

    def test_coordinator_builds_and_submits_a_plan_in_browser(self):
        """In Chromium, the coordinator writes the plan's sections as the office does and
        submits it."""
        plan = self._create_plan("TST Plan built in the browser", self.dept_a)
        self._create_task(plan, self.dept_a, self.user_a, name="TST Task of the built plan")
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_plan_action",
            "cchc_coordinator_plan_tour",
            login=self.coordinator.login,
        )
        self.assertEqual(plan.state, "submitted")
        headings = plan.section_ids.sorted("sequence").mapped("name")
        self.assertEqual(headings[0], "MỤC ĐÍCH, YÊU CẦU CỦA KẾ HOẠCH")
        self.assertIn("GIẢI PHÁP TRỌNG TÂM", headings)
        self.assertEqual(len(headings), 5)

    def test_coordinator_reports_on_an_issued_plan_in_browser(self):
        """In Chromium, the coordinator makes a quarterly report from the issued plan."""
        plan = self._create_plan("TST Plan to report on", self.dept_a)
        self._create_task(plan, self.dept_a, self.user_a, name="TST Task reported on")
        self._force(plan, {"state": "issued", "number": "09/KH-SCT", "issue_date": "2026-02-01"})
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_plan_action",
            "cchc_coordinator_report_tour",
            login=self.coordinator.login,
        )
        report = self.env["cchc.report"].search([("plan_id", "=", plan.id)])
        self.assertEqual(len(report), 1)
        self.assertEqual(report.period_kind, "q1")
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.scope, "consolidated")
        self.assertTrue(report.compiled_on)

    def test_director_reads_the_dashboard_in_browser(self):
        """In Chromium, the director opens the app on the units' dashboard; a counter opens
        what it counts."""
        overdue = self._create_task(
            self.plan_a,
            self.dept_a,
            self.user_a,
            name="TST Overdue task",
            date_deadline="2026-03-01",
        )
        done = self._create_task(
            self.plan_a, self.dept_a, self.user_a, name="TST Task done on time"
        )
        self._force(done, {"state": "done", "completion_date": "2026-03-01"})
        self.assertTrue(overdue.is_overdue)
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_action_home",
            "cchc_director_dashboard_tour",
            login=self.manager.login,
        )


@tagged("post_install", "-at_install")
class TestCchcFeedbackTour(CchcFeedbackCommon, HttpCase):
    def test_officer_classifies_answers_publishes_and_prints(self):
        """In Chromium, the receiving officer classifies a new feedback to a unit, answers it,
        publishes the answer and prints the QR poster."""
        feedback = self._create_feedback(subject="TST Feedback for the desk")
        Report = type(self.env["ir.actions.report"])
        rendered = []
        render = Report._render_qweb_pdf

        def spy(report, report_ref, res_ids=None, data=None):
            rendered.append((report._get_report(report_ref).report_name, res_ids))
            return render(report, report_ref, res_ids=res_ids, data=data)

        with patch.object(Report, "_render_qweb_pdf", spy):
            self.start_tour(
                "/odoo/action-cchc_outreach.cchc_feedback_action_to_classify",
                "cchc_officer_feedback_tour",
                login=self.officer.login,
            )
        self.assertEqual(
            rendered,
            [("cchc_outreach.report_cchc_feedback_poster", [self.company_a.id])],
            "the poster menu prints the poster of the officer's company",
        )
        self.assertEqual(feedback.classification, "within")
        self.assertEqual(feedback.department_id, self.dept_a)
        self.assertEqual(feedback.classified_by_id, self.officer)
        self.assertEqual(feedback.state, "answered")
        self.assertEqual(feedback.answered_by_id, self.officer)
        self.assertIn("05/03/2026", feedback.answer)
        self.assertTrue(feedback.is_published)
        self.assertIn("missing document", feedback.public_answer)


@tagged("post_install", "-at_install")
class TestCchcCitizenTour(CchcFeedbackCommon, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_citizen_sends_feedback_on_a_phone(self):
        """In Chromium on a 390 px wide screen, a citizen sends feedback through the public
        form: errors lead her to the field, then she gets her reference and code."""
        self.company_a.cchc_feedback_public_enabled = True
        Feedback = self.env["cchc.feedback"].sudo()
        before = Feedback.search([])
        self.start_tour(f"/pakn?company={self.company_a.id}", "cchc_citizen_feedback_tour")
        feedback = Feedback.search([]) - before
        self.assertEqual(len(feedback), 1, "one feedback, the one sent once complete")
        self.assertEqual(feedback.company_id, self.company_a)
        self.assertEqual(feedback.channel, "web_form")
        self.assertEqual(feedback.subject, "Hồ sơ cấp phép kinh doanh rượu bị trễ hạn")
        sender = self.env["cchc.feedback.sender"].sudo().search([("feedback_id", "=", feedback.id)])
        self.assertEqual(sender.name, "Nguyễn Thị Lan")
        self.assertEqual(sender.phone_normalized, "0912345679")
        self.assertTrue(sender.consent_date)
