/** @odoo-module **/
/**
 * The province in the browser (cchc_outreach/tests/test_cchc_province.py):
 * - cchc_province_ranking_tour: the province's coordinator ranks the departments and opens a
 *   provincial task to see each department's progress on it;
 * - cchc_department_province_tour: a department's coordinator sees the provincial tasks
 *   assigned to the department and links a task of its own plan to one of them.
 */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cchc_province_ranking_tour", {
    url: "/odoo/action-cchc_outreach.cchc_province_department_action",
    steps: () => [
        {
            content: "Sở Tư pháp leads the ranking, Sở Y tế has not taken its task up",
            trigger:
                ".o_list_view .o_data_row:first-child:contains(TST Sở Tư pháp) ~ .o_data_row:contains(TST Sở Y tế)",
        },
        {
            content: "Open the provincial tasks",
            trigger: ".o_main_navbar .o_menu_sections button:contains(Tasks)",
            run: "click",
        },
        {
            content: "The province's own tasks",
            trigger: ".dropdown-menu .dropdown-item:contains(Provincial Tasks)",
            run: "click",
        },
        {
            content: "Open the provincial task",
            trigger: ".o_list_view .o_data_cell:contains(TST Tuyên truyền dịch vụ công trực tuyến)",
            run: "click",
        },
        {
            content: "Open the departments' page",
            trigger: ".o_notebook .nav-link:contains(Departments)",
            run: "click",
        },
        {
            content: "Sở Tư pháp's task is there, done; Sở Y tế's draft is not",
            trigger:
                ".o_field_widget[name=province_progress_ids] .o_data_row:contains(TST Tin bài dịch vụ công):contains(12/KH-STP)",
        },
        {
            content: "Counters: one task, done",
            trigger: ".o_field_widget[name=province_done_count]:contains(1)",
        },
        {
            content: "No draft task of Sở Y tế",
            trigger:
                ".o_field_widget[name=province_progress_ids]:not(:contains(TST Dự thảo nhiệm vụ Sở Y tế))",
        },
    ],
});

registry.category("web_tour.tours").add("cchc_department_province_tour", {
    url: "/odoo/action-cchc_outreach.cchc_task_action_provincial",
    steps: () => [
        {
            content: "The provincial task assigned to Sở Y tế is listed",
            trigger: ".o_list_view .o_data_cell:contains(TST Tuyên truyền dịch vụ công trực tuyến)",
        },
        {
            content: "The task assigned to Sở Tư pháp only is not",
            trigger: ".o_list_view:not(:contains(TST Hội nghị đối thoại doanh nghiệp))",
        },
        {
            content: "Open the provincial task",
            trigger: ".o_list_view .o_data_cell:contains(TST Tuyên truyền dịch vụ công trực tuyến)",
            run: "click",
        },
        {
            content: "Its departments' page names both departments",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Departments)",
            run: "click",
        },
        {
            content: "Sở Tư pháp and Sở Y tế carry it out",
            trigger:
                ".o_field_widget[name=assigned_company_ids]:contains(TST Sở Tư pháp):contains(TST Sở Y tế)",
        },
        {
            content: "Go to all tasks",
            trigger: ".o_main_navbar .o_menu_sections button:contains(Tasks)",
            run: "click",
        },
        {
            content: "All tasks",
            trigger: ".dropdown-menu .dropdown-item:contains(All Tasks)",
            run: "click",
        },
        {
            content: "Show them as a list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the department's own task",
            trigger: ".o_list_view .o_data_cell:contains(TST Nhiệm vụ cần gắn với tỉnh)",
            run: "click",
        },
        {
            content: "Name the provincial task it carries out",
            trigger: ".o_field_widget[name=provincial_task_id] input",
            run: "edit TST Tuyên truyền",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-menu li:contains(TST Tuyên truyền dịch vụ công trực tuyến)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_readonly, .o_form_saved",
        },
        {
            content: "Open the plans",
            trigger: ".o_main_navbar .o_menu_sections a:contains(Plans), .o_main_navbar .o_menu_sections button:contains(Plans)",
            run: "click",
        },
        {
            content: "The province's issued plan is listed beside the department's own",
            trigger: ".o_list_view .o_data_cell:contains(TST Kế hoạch tuyên truyền CCHC tỉnh)",
            run: "click",
        },
        {
            content: "Its form opens with its number; open its tasks",
            trigger:
                ".o_form_view:has(.o_field_widget[name=number]:contains(51/KH-UBND)) .o_notebook .nav-link:contains(Tasks)",
            run: "click",
        },
        {
            content: "The task assigned to us is there",
            trigger:
                ".o_form_view .o_field_widget[name=task_ids]:contains(TST Tuyên truyền dịch vụ công trực tuyến)",
        },
        {
            content: "Not the task assigned to Sở Tư pháp only, nor the province's drafts",
            trigger:
                ".o_form_view .o_field_widget[name=task_ids]:not(:contains(TST Hội nghị đối thoại doanh nghiệp))",
        },
    ],
});
