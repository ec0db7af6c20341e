/** @odoo-module **/
/**
 * The director issues a submitted plan in the browser (cchc_outreach/tests/test_cchc_tour.py):
 * "Issue" asks for confirmation; once issued, the form is read-only, says so, and offers
 * "Amend Plan" (Điều chỉnh kế hoạch) as the way to change the plan.
 */

import { registry } from "@web/core/registry";

const PLAN = "TST Plan for the director";

registry.category("web_tour.tours").add("cchc_plan_issue_tour", {
    url: "/odoo/action-cchc_outreach.cchc_plan_action",
    steps: () => [
        {
            content: "Open the submitted plan",
            trigger: `.o_list_view .o_data_row .o_data_cell:contains(${PLAN})`,
            run: "click",
        },
        {
            content: "The plan waits for the director",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "Issue it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_issue]",
            run: "click",
        },
        {
            content: "Issuing asks for confirmation first",
            trigger: ".modal-dialog:contains(only through an amending plan) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The plan is issued, with its number",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Issued)",
        },
        {
            content: "The form says the plan is kept as issued and how to change it",
            trigger: ".o_form_view .alert-info:contains(it is kept as issued)",
        },
        {
            content: "Its texts are read-only now",
            trigger: ".o_form_view .o_field_widget[name=name]:not(:has(input))",
        },
        {
            content: "Amend Plan is the way to change it; Issue is gone",
            trigger:
                ".o_form_view .o_form_statusbar:has(button[name=action_create_amendment]):not(:has(button[name=action_issue]))",
        },
        {
            content: "The stored document and its checksum are shown",
            trigger: ".o_form_view .o_field_widget[name=issued_pdf_sha256]:not(:empty)",
        },
    ],
});
