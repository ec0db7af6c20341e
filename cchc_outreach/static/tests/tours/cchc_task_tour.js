/** @odoo-module **/
/**
 * Task completion in the browser, in two tours run as two real users:
 * - cchc_task_submit_tour: a department user opens the task from "My Tasks",
 *   records a result and an output line, and submits it for approval;
 * - cchc_task_approve_tour: the head of the lead department opens it from
 *   "To Approve" and approves it.
 * The task is created by cchc_outreach/tests/test_cchc_tour.py.
 */

import { registry } from "@web/core/registry";

const TASK = "TST Tour task";
const CHANNEL = "TST Website of the department";

registry.category("web_tour.tours").add("cchc_task_submit_tour", {
    url: "/odoo/action-cchc_outreach.cchc_task_action_my",
    steps: () => [
        {
            content: "Open the task from My Tasks",
            trigger: `.o_list_view .o_data_row .o_data_cell:contains(${TASK})`,
            run: "click",
        },
        {
            content: "The task is to do, and no approve button is offered to staff",
            trigger: `.o_form_view:has(.o_arrow_button_current:contains(To Do)):not(:has(button[name=action_approve]))`,
        },
        {
            content: "Focus the results editor",
            trigger: ".o_field_html[name=result_note] .odoo-editor-editable",
            run: "click",
        },
        {
            content: "Type the result",
            trigger: ".o_field_html[name=result_note] .odoo-editor-editable div.o-paragraph",
            run: "editor Published 12 articles on the department website.",
        },
        {
            content: "Add an output line",
            trigger: "div[name=output_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Pick the channel",
            trigger: "div[name=output_ids] .o_selected_row .o_field_widget[name=channel_id] input",
            run: "edit TST Website",
        },
        {
            content: "Choose it in the list",
            trigger: `.o_field_widget[name=channel_id] .o-autocomplete--dropdown-menu li:contains(${CHANNEL})`,
            run: "click",
        },
        {
            content: "Enter the quantity",
            trigger: "div[name=output_ids] .o_selected_row .o_field_widget[name=quantity] input",
            run: "edit 12",
        },
        {
            content: "Submit for approval (saves the task first)",
            trigger: ".o_form_view .o_form_statusbar button[name=action_submit]",
            run: "click",
        },
        {
            content: "The task now waits for approval",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Waiting Approval)",
        },
        {
            content: "The result and the output were saved",
            trigger: `.o_form_view:has(div[name=output_ids] .o_data_row:contains(${CHANNEL})):has(.o_field_html[name=result_note]:contains(Published 12 articles))`,
        },
        {
            content: "No submit button is left",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_submit]))",
        },
    ],
});

registry.category("web_tour.tours").add("cchc_task_approve_tour", {
    url: "/odoo/action-cchc_outreach.cchc_task_action_approval",
    steps: () => [
        {
            content: "Open the task waiting for my approval",
            trigger: `.o_list_view .o_data_row .o_data_cell:contains(${TASK})`,
            run: "click",
        },
        {
            content: "The staff's result is there",
            trigger: ".o_field_html[name=result_note]:contains(Published 12 articles)",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        {
            content: "The task is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
        {
            content: "Approve and refuse are gone",
            trigger:
                ".o_form_view .o_form_statusbar:not(:has(button[name=action_approve])):not(:has(button[name=action_open_refuse_wizard]))",
        },
    ],
});
