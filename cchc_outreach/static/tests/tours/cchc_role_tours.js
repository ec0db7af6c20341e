/** @odoo-module **/
/**
 * Each role's main way through the app, in the browser (cchc_outreach/tests/test_cchc_tour.py):
 * - cchc_head_refuse_tour: a head refuses a task with a reason;
 * - cchc_coordinator_plan_tour: the coordinator builds a plan with its own sections, adds a
 *   task to it and submits it;
 * - cchc_coordinator_report_tour: the coordinator makes a quarterly report from an issued plan;
 * - cchc_director_dashboard_tour: the director opens the app on the units' dashboard and a
 *   counter opens the overdue tasks it counts.
 */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cchc_head_refuse_tour", {
    url: "/odoo/action-cchc_outreach.cchc_task_action_approval",
    steps: () => [
        {
            content: "Open the task waiting for my approval",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(TST Task to refuse)",
            run: "click",
        },
        {
            content: "Refuse it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_open_refuse_wizard]",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The article has no link: add the link to the published article.",
        },
        {
            content: "Confirm the refusal",
            trigger: ".modal .modal-footer button[name=action_refuse]",
            run: "click",
        },
        {
            content: "The task is back in progress, with the reason shown",
            trigger:
                ".o_form_view:has(.o_statusbar_status .o_arrow_button_current:contains(In Progress)) .alert-warning:contains(has no link)",
        },
    ],
});

registry.category("web_tour.tours").add("cchc_coordinator_plan_tour", {
    url: "/odoo/action-cchc_outreach.cchc_plan_action",
    steps: () => [
        {
            content: "Open the draft plan",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(TST Plan built in the browser)",
            run: "click",
        },
        {
            content: "Open the text of the plan",
            trigger: ".o_notebook .nav-link:contains(Text of the Plan)",
            run: "click",
        },
        {
            content: "The standard sections are there: open the first one",
            trigger: ".o_field_widget[name=section_ids] .o_data_row:first .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Write the heading as the office writes it",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit MỤC ĐÍCH, YÊU CẦU CỦA KẾ HOẠCH",
        },
        {
            content: "Save the section",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The list shows the new heading",
            trigger: ".o_field_widget[name=section_ids] .o_data_row:contains(MỤC ĐÍCH, YÊU CẦU CỦA KẾ HOẠCH)",
        },
        {
            content: "Add a section of the office's own",
            trigger: ".o_field_widget[name=section_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Its heading",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit GIẢI PHÁP TRỌNG TÂM",
        },
        {
            content: "Save it",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Five sections now",
            trigger: ".o_field_widget[name=section_ids] .o_data_row:nth-child(5):contains(GIẢI PHÁP TRỌNG TÂM)",
        },
        {
            content: "Save the plan",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Submit it to the director",
            trigger: ".o_form_view .o_form_statusbar button[name=action_submit]",
            run: "click",
        },
        {
            content: "The plan is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Submitted)",
        },
    ],
});

registry.category("web_tour.tours").add("cchc_coordinator_report_tour", {
    url: "/odoo/action-cchc_outreach.cchc_plan_action",
    steps: () => [
        {
            content: "Open the issued plan",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(TST Plan to report on)",
            run: "click",
        },
        {
            content: "Make a report from it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_new_report]",
            run: "click",
        },
        {
            content: "The report is for this plan",
            trigger: ".o_form_view .o_field_widget[name=plan_id] input:value(TST Plan to report on)",
        },
        {
            content: "Choose quarter I",
            trigger: ".o_form_view .o_field_widget[name=period_kind] select",
            run: 'select "q1"',
        },
        {
            content: "Save the report (compiled from the recorded work)",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The report is a draft, named after its period",
            trigger: ".o_form_view:has(.o_statusbar_status .o_arrow_button_current:contains(Draft)) .oe_title:contains(Quarter I)",
        },
        {
            content: "Back to the plan",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(TST Plan to report on)",
            run: "click",
        },
        {
            content: "The plan is shown again",
            trigger: ".o_form_view .o_form_statusbar button[name=action_new_report]",
        },
    ],
});

registry.category("web_tour.tours").add("cchc_director_dashboard_tour", {
    url: "/odoo/action-cchc_outreach.cchc_action_home",
    steps: () => [
        {
            content: "The director lands on one card per unit",
            trigger: ".o_kanban_view .o_kanban_record:contains(TST Văn phòng)",
        },
        {
            content: "Open the overdue tasks of the unit",
            trigger: ".o_kanban_record:contains(TST Văn phòng) button[name=action_open_overdue]",
            run: "click",
        },
        {
            content: "They are listed, and only they",
            trigger: ".o_list_view:has(.o_data_row:contains(TST Overdue task)):not(:has(.o_data_row:contains(TST Task done on time)))",
        },
    ],
});
