/** @odoo-module **/
/**
 * The feedback desk in the browser (cchc_outreach/tests/test_cchc_tour.py):
 * - cchc_officer_feedback_tour: the receiving officer classifies a new feedback to a unit,
 *   answers it, publishes the answer without personal data and prints the QR poster.
 */

import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cchc_officer_feedback_tour", {
    url: "/odoo/action-cchc_outreach.cchc_feedback_action_to_classify",
    steps: () => [
        {
            content: "Open the new feedback waiting to be classified",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(TST Feedback for the desk)",
            run: "click",
        },
        {
            content: "Classify it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_open_classify_wizard]",
            run: "click",
        },
        {
            content: "Within the department's competence",
            trigger: ".modal .o_field_widget[name=classification] input[data-value=within]",
            run: "click",
        },
        {
            content: "Assign it to the unit",
            trigger: ".modal .o_field_widget[name=department_id] input",
            run: "edit TST Văn phòng",
        },
        {
            content: "Pick the unit",
            trigger: ".o-autocomplete--dropdown-item a:contains(TST Văn phòng):not(:contains(/))",
            run: "click",
        },
        {
            content: "Confirm the classification",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The feedback is classified",
            trigger: ".o_form_view:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains(Classified)",
        },
        {
            content: "Open the answer",
            trigger: ".o_notebook .nav-link:contains(Answer)",
            run: "click",
        },
        {
            content: "Write the answer to the sender",
            trigger: ".o_field_widget[name=answer] textarea",
            run: "edit The licence was issued on 05/03/2026; we apologise for the delay.",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Mark it answered",
            trigger: ".o_form_view .o_form_statusbar button[name=action_answer]",
            run: "click",
        },
        {
            content: "The feedback is answered",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Answered)",
        },
        {
            content: "Open the publication",
            trigger: ".o_notebook .nav-link:contains(Publication)",
            run: "click",
        },
        {
            content: "The public answer, without personal data",
            trigger: ".o_field_widget[name=public_answer] textarea",
            run: "edit The licence has been issued; the delay came from a missing document.",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Publish the answer",
            trigger: ".o_form_view .o_form_statusbar button[name=action_publish]",
            run: "click",
        },
        {
            content: "It is published",
            trigger: ".o_form_view .o_form_statusbar button[name=action_unpublish]",
        },
        {
            content: "Open the feedback menu",
            trigger: ".o_main_navbar .o_menu_sections button:contains(Feedback)",
            run: "click",
        },
        {
            content: "Print the poster: the PDF is downloaded",
            trigger: ".dropdown-menu .dropdown-item:contains(Print Poster)",
            async run(actions) {
                // download._download is the seam Odoo leaves for tests of downloads.
                const original = download._download;
                const downloaded = new Promise((resolve, reject) => {
                    download._download = (options) => {
                        download._download = original;
                        const result = original(options);
                        result.then(() => resolve(options), reject);
                        return result;
                    };
                });
                await actions.click();
                const options = await downloaded;
                if (!options.url.includes("/report/download")) {
                    throw new Error(`Expected a report download, got ${options.url}`);
                }
            },
        },
        {
            content: "No error dialog, the form is still there",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view .o_form_statusbar button[name=action_unpublish]",
        },
    ],
});
