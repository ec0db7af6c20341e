/** @odoo-module **/
/**
 * A citizen on a phone (cchc_outreach/tests/test_cchc_tour.py, 390 px wide screen):
 * - cchc_citizen_feedback_tour: sends the form empty and is taken to the first field in
 *   error, fills it in, consents, sends it and reads the reference, the secret lookup code
 *   and the date the answer is due; no page is wider than the screen.
 */

import { registry } from "@web/core/registry";

function assertFitsTheScreen() {
    const width = document.documentElement.scrollWidth;
    if (width > window.innerWidth) {
        throw new Error(`The page is ${width}px wide on a ${window.innerWidth}px screen`);
    }
}

registry.category("web_tour.tours").add("cchc_citizen_feedback_tour", {
    steps: () => [
        {
            content: "The form fits the phone's screen",
            trigger: "#cchc_feedback_form",
            run: assertFitsTheScreen,
        },
        {
            content: "Send it empty",
            trigger: "#cchc_feedback_form button[type=submit]",
            run: "click",
        },
        {
            content: "The errors are tied to their fields, the first one has the focus",
            trigger: "#subject[aria-invalid=true][aria-describedby~=error_subject]",
            run() {
                if (document.activeElement?.id !== "subject") {
                    throw new Error(`Focus is on ${document.activeElement?.id}, not on the subject`);
                }
                if (!document.querySelector("#error_subject")?.textContent.trim()) {
                    throw new Error("The subject's error message is empty");
                }
                assertFitsTheScreen();
            },
        },
        {
            content: "Subject",
            trigger: "#subject",
            run: "edit Hồ sơ cấp phép kinh doanh rượu bị trễ hạn",
        },
        {
            content: "What happened",
            trigger: "#description",
            run: "edit Tôi nộp hồ sơ trực tuyến ngày 02/03/2026, đến nay đã quá hạn 10 ngày.",
        },
        {
            content: "Name",
            trigger: "#sender_name",
            run: "edit Nguyễn Thị Lan",
        },
        {
            content: "Address",
            trigger: "#sender_address",
            run: "edit 15 Nguyễn Ái Quốc, phường Tân Phong, Biên Hòa",
        },
        {
            content: "Phone (one of phone or e-mail)",
            trigger: "#sender_phone",
            run: "edit 0912 345 679",
        },
        {
            content: "Consent to the processing of the personal data",
            trigger: "#consent",
            run: "click",
        },
        {
            content: "Send",
            trigger: "#cchc_feedback_form button[type=submit]",
            run: "click",
        },
        {
            content: "The reference, the secret code and the due date are shown",
            trigger: "#cchc_feedback_code:contains(PAKN/)",
            run() {
                const code = document.querySelector("#cchc_feedback_lookup_code");
                if (!code || code.textContent.trim().length < 8) {
                    throw new Error("No lookup code on the confirmation page");
                }
                if (!document.querySelector("#cchc_feedback_due")) {
                    throw new Error("The confirmation does not say by when the answer is due");
                }
                assertFitsTheScreen();
            },
        },
    ],
});
