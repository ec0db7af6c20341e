"""The periodic report in the official form (PDF) and as an Excel workbook.

The values are computed in the print language of each report (``_cchc_report_lang``):
Vietnamese once it is installed, so that the selection labels and the printed terms
of the official form come from ``i18n/vi.po``.
"""

import io

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from odoo import api, models
from odoo.tools import is_html_empty

from ..models.cchc_plan_target import COMPARATOR_SYMBOLS
from ..models.cchc_task import TASK_STATES_PRINTED

XLSX_TASK_COLUMNS = [
    "STT",
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Sản phẩm dự kiến",
    "Tình trạng",
    "Thời hạn",
    "Ngày hoàn thành",
    "Chậm tiến độ",
    "Số sản phẩm",
    "Sản phẩm theo hình thức",
    "Đường dẫn minh chứng",
    "Số tệp minh chứng",
    "Kết quả",
]
XLSX_CHANNEL_COLUMNS = [
    "STT",
    "Hình thức, kênh tuyên truyền",
    "Chỉ số",
    "Số lượng",
    "Số sản phẩm",
    "Số nhiệm vụ",
]
XLSX_FEEDBACK_COLUMNS = [
    "STT",
    "Kênh tiếp nhận",
    "Tiếp nhận",
    "Đã trả lời",
    "Trả lời đúng hạn",
    "Trả lời trễ hạn",
    "Đang xử lý",
    "Quá hạn",
    "Không tiếp nhận, chuyển xử lý",
]
XLSX_TARGET_COLUMNS = [
    "STT",
    "Chỉ tiêu",
    "So sánh",
    "Mục tiêu",
    "Đơn vị tính",
    "Kết quả",
    "Đã có số liệu",
    "Đạt",
    "Nguồn số liệu",
]


class ReportCchcReport(models.AbstractModel):
    """The periodic report (Báo cáo), Nghị định 30/2020/NĐ-CP."""

    _name = "report.cchc_outreach.report_cchc_report"
    _description = "CCHC Periodic Report: Printed Document"
    _inherit = "cchc.document.report"
    _cchc_doc_model = "cchc.report"

    # ------------------------------------------------------------------
    # Labels in the print language
    # ------------------------------------------------------------------
    @api.model
    def _cchc_selection_label(self, record, field_name):
        """The label of a selection value, translated in this model's language."""
        value = record[field_name]
        labels = dict(record._fields[field_name]._description_selection(self.env))
        return labels.get(value, "") if value else ""

    @api.model
    def _cchc_status_label(self, line):
        """A task's status as the report writes it (cchc_task.TASK_STATES_PRINTED)."""
        term = TASK_STATES_PRINTED.get(line.status)
        return self.env._(term) if term else self._cchc_selection_label(line, "status")

    # ------------------------------------------------------------------
    # Texts of the official form
    # ------------------------------------------------------------------
    @api.model
    def _cchc_period_phrase(self, report):
        """'quý I năm 2026', '6 tháng đầu năm 2026', '9 tháng năm 2026', 'năm 2026'."""
        report.ensure_one()
        year = report.year
        kind = report.period_kind
        if kind == "q1":
            return f"quý\u00a0I năm {year}"
        if kind == "h1":
            return f"6 tháng đầu năm {year}"
        if kind == "m9":
            return f"9 tháng năm {year}"
        if kind == "q3":
            return f"quý\u00a0III năm {year}"
        if kind == "year":
            return f"năm {year}"
        return (
            f"từ ngày {report._cchc_doc_short_date(report.date_from)} "
            f"đến ngày {report._cchc_doc_short_date(report.date_to)}"
        )

    @api.model
    def _cchc_reporter_name(self, report):
        report.ensure_one()
        if report.scope == "consolidated":
            return report.company_id.name or ""
        return report.department_id.name or ""

    @api.model
    def _cchc_plan_title_for(self, report, period_phrase):
        """The plan's title in lower case, without its year when the period names it."""
        report.ensure_one()
        title = report._cchc_doc_lower_first(report.plan_id.name)
        suffix = f" năm {report.year}"
        if suffix in period_phrase and title.endswith(suffix):
            title = title[: -len(suffix)]
        return title

    @api.model
    def _cchc_plan_reference(self, report):
        """'Kế hoạch số 07/KH-SCT ngày 07/02/2026 của Sở Công Thương'."""
        report.ensure_one()
        plan = report.plan_id
        parts = ["Kế hoạch"]
        if plan.number:
            parts.append(f"số {plan.number}")
        if plan.issue_date:
            parts.append(f"ngày {report._cchc_doc_short_date(plan.issue_date)}")
        parts.append(f"của {plan.company_id.name}")
        parts.append(f"về {report._cchc_doc_lower_first(plan.name)}")
        return " ".join(parts)

    @api.model
    def _cchc_recipient_lines(self, report):
        lines = [
            line.strip().lstrip("-").strip().rstrip(".;")
            for line in (report.recipient_text or "").splitlines()
        ]
        lines = [line for line in lines if line]
        archive = [line for line in lines if line.upper().startswith("LƯU")]
        others = [line for line in lines if line not in archive]
        result = [f"- {line};" for line in others]
        result.append(f"- {archive[-1] if archive else 'Lưu: VT'}.")
        return result

    @api.model
    def _cchc_task_result_text(self, report, line):
        parts = []
        if line.output_summary:
            parts.append(line.output_summary)
        if line.result_text:
            parts.append(line.result_text)
        if line.evidence_links:
            parts.append(line.evidence_links.replace("\n", "; "))
        if line.evidence_count:
            parts.append(f"{line.evidence_count} tệp minh chứng")
        return "\n".join(parts)

    @api.model
    def _cchc_task_status_text(self, report, line):
        text = self._cchc_status_label(line)
        if line.is_late and line.date_deadline:
            text += f"; chậm tiến độ (hạn {report._cchc_doc_short_date(line.date_deadline)})"
        return text

    @api.model
    def _cchc_target_result_text(self, report, line):
        if not line.actual_recorded:
            return "Chưa có số liệu"
        return "Đạt" if line.achieved else "Chưa đạt"

    @api.model
    def _cchc_values(self, report):
        """Everything the QWeb template prints, already in the official form."""
        report.ensure_one()
        company = report.company_id
        plan = report.plan_id
        number = report._cchc_doc_number(report.number, report._cchc_doc_symbol())
        reporter = self._cchc_reporter_name(report)
        if report.scope == "consolidated":
            superior = plan.superior_body or company.cchc_superior_body or ""
            issuing = company.name or ""
        else:
            superior = company.name or ""
            issuing = report.department_id.name or ""
        period = self._cchc_period_phrase(report)
        plan_title = self._cchc_plan_title_for(report, period)
        title = f"Kết quả thực hiện Kế hoạch {plan_title} {period}"
        data_range = (
            f"số liệu từ ngày {report._cchc_doc_short_date(report.date_from)} "
            f"đến ngày {report._cchc_doc_short_date(report.date_to)}"
        )
        intro = (
            f"Thực hiện {self._cchc_plan_reference(report)}, {reporter} báo cáo kết quả thực "
            f"hiện {period} ({data_range}) như sau:"
        )
        units = report.unit_report_ids.sorted(lambda r: (r.department_id.name or "", r.id))
        task_lines = report.task_line_ids
        feedback = report.feedback_line_ids
        totals = {
            key: sum(feedback.mapped(key))
            for key in (
                "received_count",
                "answered_count",
                "on_time_count",
                "answered_late_count",
                "pending_count",
                "overdue_count",
                "other_count",
            )
        }
        task_summary = (
            f"Trong kỳ báo cáo, {reporter} triển khai {report.task_count} nhiệm vụ theo Kế "
            f"hoạch: đã hoàn thành {report.task_done_count}; đang thực hiện "
            f"{report.task_in_progress_count}; chưa triển khai {report.task_todo_count}; chậm "
            f"tiến độ {report.task_late_count}."
        )
        if totals["received_count"]:
            feedback_summary = (
                f"Trong kỳ báo cáo, tiếp nhận {totals['received_count']} phản ánh, kiến "
                f"nghị; đã trả lời {totals['answered_count']} (đúng hạn "
                f"{totals['on_time_count']}, trễ hạn {totals['answered_late_count']}); đang "
                f"xử lý {totals['pending_count']} (quá hạn {totals['overdue_count']}); không "
                f"tiếp nhận hoặc chuyển cơ quan có thẩm quyền {totals['other_count']}."
            )
        else:
            feedback_summary = "Trong kỳ báo cáo, không tiếp nhận phản ánh, kiến nghị."
        return {
            "superior_body": superior.upper(),
            "issuing_body": issuing.upper(),
            "number_line": f"Số: {number}",
            "date_line": report._cchc_doc_date_line(
                plan.place or company.cchc_place, report.report_date, report.year
            ),
            "is_draft": report.state == "draft",
            "title": title,
            "intro": intro,
            "unit_names": units.department_id.mapped("name"),
            "task_summary": task_summary,
            "task_grid": self._cchc_task_grid(report, task_lines),
            "late_lines": [
                f"{line.name} (hạn {report._cchc_doc_short_date(line.date_deadline)}"
                + (f"; {line.lead_department_name}" if line.lead_department_name else "")
                + ")"
                for line in task_lines.filtered("is_late")
            ],
            "channel_grid": self._cchc_channel_grid(report),
            "feedback_summary": feedback_summary,
            "feedback_grid": self._cchc_feedback_grid(report, totals),
            "feedback_totals": totals,
            "show_targets": report.scope == "consolidated",
            "target_grid": self._cchc_target_grid(report),
            "assessment": False if is_html_empty(report.assessment) else report.assessment,
            "difficulties": False if is_html_empty(report.difficulties) else report.difficulties,
            "proposals": False if is_html_empty(report.proposals) else report.proposals,
            "closing": (
                f"Trên đây là báo cáo kết quả thực hiện Kế hoạch {plan_title} {period} "
                f"của {reporter}./."
            ),
            "recipient_lines": self._cchc_recipient_lines(report),
            "signer_lines": report._cchc_doc_signer_lines(
                report.signer_authority, report.signer_principal_title, report.signer_title
            ),
            "signer_name": report.signer_name or "",
        }

    @api.model
    def _cchc_task_grid(self, report, task_lines):
        """Section I.1: one row per task (the lead unit only in the department report)."""
        show_lead = report.scope == "consolidated"
        rows = []
        for index, line in enumerate(task_lines, start=1):
            row = [["o_cchc_center", index], ["", line.name]]
            if show_lead:
                row.append(["", line.lead_department_name or ""])
            row += [
                ["o_cchc_multiline o_cchc_small", self._cchc_task_result_text(report, line)],
                ["", self._cchc_task_status_text(report, line)],
            ]
            rows.append(row)
        if show_lead:
            widths = [6, 30, 15, 31, 18]
            headers = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Sản phẩm, kết quả", "Tiến độ"]
        else:
            widths = [6, 37, 39, 18]
            headers = ["STT", "Nhiệm vụ", "Sản phẩm, kết quả", "Tiến độ"]
        return {"widths": widths, "headers": headers, "rows": rows}

    @api.model
    def _cchc_channel_grid(self, report):
        rows = [
            [
                ["o_cchc_center", index],
                ["", line.channel_name],
                ["", self._cchc_selection_label(line, "metric")],
                ["o_cchc_number", report._cchc_doc_amount(line.quantity)],
                ["o_cchc_number", line.task_count],
            ]
            for index, line in enumerate(report.channel_line_ids, start=1)
        ]
        return {
            "widths": [6, 46, 22, 13, 13],
            "headers": ["STT", "Hình thức, kênh tuyên truyền", "Chỉ số", "Số lượng", "Số nhiệm vụ"],
            "rows": rows,
        }

    @api.model
    def _cchc_feedback_grid(self, report, totals):
        rows = [
            [
                ["", self._cchc_selection_label(line, "channel")],
                ["o_cchc_number", line.received_count],
                ["o_cchc_number", line.on_time_count],
                ["o_cchc_number", line.answered_late_count],
                ["o_cchc_number", line.pending_count],
                ["o_cchc_number", line.overdue_count],
            ]
            for line in report.feedback_line_ids
        ]
        if rows:
            rows.append(
                [
                    ["o_cchc_bold", "Tổng cộng"],
                    *(
                        ["o_cchc_number o_cchc_bold", totals[key]]
                        for key in (
                            "received_count",
                            "on_time_count",
                            "answered_late_count",
                            "pending_count",
                            "overdue_count",
                        )
                    ),
                ]
            )
        return {
            "widths": [30, 14, 14, 14, 14, 14],
            "headers": [
                "Kênh tiếp nhận",
                "Tiếp nhận",
                "Trả lời đúng hạn",
                "Trả lời trễ hạn",
                "Đang xử lý",
                "Quá hạn",
            ],
            "rows": rows,
        }

    @api.model
    def _cchc_target_grid(self, report):
        rows = []
        if report.scope == "consolidated":
            for index, line in enumerate(report.target_line_ids, start=1):
                actual = (
                    self._cchc_target_value_text(report, line, line.actual_value, plain=True)
                    if line.actual_recorded
                    else ""
                )
                target = self._cchc_target_value_text(report, line, line.target_value)
                rows.append(
                    [
                        ["o_cchc_center", index],
                        ["", line.name],
                        ["o_cchc_center", target],
                        ["o_cchc_center", actual],
                        ["o_cchc_center", self._cchc_target_result_text(report, line)],
                    ]
                )
        return {
            "widths": [6, 46, 16, 16, 16],
            "headers": ["STT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá"],
            "rows": rows,
        }

    @api.model
    def _cchc_target_value_text(self, report, line, value, plain=False):
        unit = (line.unit or "").strip()
        amount = report._cchc_doc_decimal(value)
        amount = f"{amount}{unit}" if unit == "%" else f"{amount} {unit}".strip()
        if plain:
            return amount
        return f"{COMPARATOR_SYMBOLS.get(line.comparator, '')} {amount}".strip()

    # ------------------------------------------------------------------
    # Excel
    # ------------------------------------------------------------------
    @api.model
    def _cchc_xlsx(self, report):
        """The report as an .xlsx file (bytes): tasks, outputs by channel, feedback,
        targets; real dates and numbers, header row frozen, A4 landscape; in the print
        language, as the PDF."""
        report.ensure_one()
        lang = report._cchc_report_lang()
        return self.with_context(lang=lang)._cchc_xlsx_workbook(report.with_context(lang=lang))

    @api.model
    def _cchc_xlsx_workbook(self, report):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        font = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
        fmt = {
            "title": workbook.add_format(dict(font, bold=True, font_size=14)),
            "subtitle": workbook.add_format(dict(font, italic=True)),
            "header": workbook.add_format(
                dict(
                    font,
                    bold=True,
                    align="center",
                    valign="vcenter",
                    text_wrap=True,
                    border=1,
                    bg_color="#EEEEEE",
                )
            ),
            "text": workbook.add_format(dict(font, text_wrap=True, border=1)),
            "center": workbook.add_format(dict(font, align="center", border=1)),
            "date": workbook.add_format(
                dict(font, num_format="dd/mm/yyyy", align="center", border=1)
            ),
            "int": workbook.add_format(dict(font, num_format="#,##0", border=1)),
            "decimal": workbook.add_format(dict(font, num_format="#,##0.##", border=1)),
            "total_label": workbook.add_format(dict(font, bold=True, border=1)),
            "total": workbook.add_format(dict(font, bold=True, num_format="#,##0", border=1)),
        }
        values = self._cchc_values(report)
        title = f"BÁO CÁO {values['title']}"
        subtitle = (
            f"{self._cchc_reporter_name(report)} – số liệu từ ngày "
            f"{report._cchc_doc_short_date(report.date_from)} đến ngày "
            f"{report._cchc_doc_short_date(report.date_to)}"
        )
        yes, no = "Có", "Không"

        task_rows = [
            [
                ("int", index),
                ("text", line.name),
                ("text", line.lead_department_name or ""),
                ("text", line.product_description or ""),
                ("text", self._cchc_status_label(line)),
                ("date", line.date_deadline),
                ("date", line.completion_date),
                ("center", yes if line.is_late else no),
                ("int", line.output_count),
                ("text", line.output_summary or ""),
                ("text", line.evidence_links or ""),
                ("int", line.evidence_count),
                ("text", line.result_text or ""),
            ]
            for index, line in enumerate(report.task_line_ids, start=1)
        ]
        self._cchc_xlsx_sheet(
            workbook,
            fmt,
            "Nhiệm vụ",
            title,
            subtitle,
            XLSX_TASK_COLUMNS,
            task_rows,
            caps=[6, 50, 28, 30, 18, 12, 12, 10, 10, 45, 40, 10, 50],
        )
        channel_rows = [
            [
                ("int", index),
                ("text", line.channel_name),
                ("text", self._cchc_selection_label(line, "metric")),
                ("decimal", line.quantity),
                ("int", line.output_count),
                ("int", line.task_count),
            ]
            for index, line in enumerate(report.channel_line_ids, start=1)
        ]
        self._cchc_xlsx_sheet(
            workbook,
            fmt,
            "Sản phẩm theo kênh",
            title,
            subtitle,
            XLSX_CHANNEL_COLUMNS,
            channel_rows,
            caps=[6, 50, 24, 14, 12, 12],
        )
        feedback_rows = [
            [
                ("int", index),
                ("text", self._cchc_selection_label(line, "channel")),
                ("int", line.received_count),
                ("int", line.answered_count),
                ("int", line.on_time_count),
                ("int", line.answered_late_count),
                ("int", line.pending_count),
                ("int", line.overdue_count),
                ("int", line.other_count),
            ]
            for index, line in enumerate(report.feedback_line_ids, start=1)
        ]
        self._cchc_xlsx_sheet(
            workbook,
            fmt,
            "Phản ánh kiến nghị",
            title,
            subtitle,
            XLSX_FEEDBACK_COLUMNS,
            feedback_rows,
            caps=[6, 40, 12, 12, 14, 14, 12, 12, 18],
            total_from=2,
        )
        target_rows = [
            [
                ("int", index),
                ("text", line.name),
                ("center", COMPARATOR_SYMBOLS.get(line.comparator, "")),
                ("decimal", line.target_value),
                ("text", line.unit or ""),
                ("decimal", line.actual_value) if line.actual_recorded else ("text", ""),
                ("center", yes if line.actual_recorded else no),
                ("center", yes if line.achieved else no),
                ("text", line.source or ""),
            ]
            for index, line in enumerate(report.target_line_ids, start=1)
        ]
        self._cchc_xlsx_sheet(
            workbook,
            fmt,
            "Chỉ tiêu",
            title,
            subtitle,
            XLSX_TARGET_COLUMNS,
            target_rows,
            caps=[6, 60, 10, 12, 14, 12, 14, 8, 30],
        )
        workbook.close()
        return output.getvalue()

    @staticmethod
    def _cchc_xlsx_width(value):
        if value is None or value is False:
            return 0
        if isinstance(value, (int, float)):
            return len(f"{value:,.0f}") + 1
        if hasattr(value, "strftime"):
            return 10
        return max((len(part) for part in str(value).splitlines()), default=0)

    def _cchc_xlsx_sheet(
        self, workbook, fmt, name, title, subtitle, columns, rows, caps, total_from=None
    ):
        """One sheet: title, subtitle, a frozen header row (row 4), the rows; A4 landscape."""
        sheet = workbook.add_worksheet(name)
        header_row = 3
        sheet.write_string(0, 0, title, fmt["title"])
        sheet.write_string(1, 0, subtitle, fmt["subtitle"])
        for col, label in enumerate(columns):
            sheet.write_string(header_row, col, label, fmt["header"])
        widths = [max(len(word) for word in label.split()) + 2 for label in columns]
        row = header_row
        for cells in rows:
            row += 1
            for col, (kind, value) in enumerate(cells):
                cell_format = fmt[kind]
                if kind == "date":
                    if value:
                        sheet.write_datetime(row, col, value, cell_format)
                    else:
                        sheet.write_blank(row, col, None, cell_format)
                elif kind in ("int", "decimal"):
                    sheet.write_number(row, col, value or 0, cell_format)
                else:
                    sheet.write_string(row, col, value or "", cell_format)
                widths[col] = max(widths[col], self._cchc_xlsx_width(value) + 2)
        if total_from is not None:
            total_row = row + 1
            sheet.write_string(total_row, 1, "Tổng cộng", fmt["total_label"])
            sheet.write_blank(total_row, 0, None, fmt["total_label"])
            for col in range(total_from, len(columns)):
                letter = xl_col_to_name(col)
                total = sum(cells[col][1] or 0 for cells in rows)
                if rows:
                    sheet.write_formula(
                        total_row,
                        col,
                        f"=SUM({letter}{header_row + 2}:{letter}{row + 1})",
                        fmt["total"],
                        total,
                    )
                else:
                    sheet.write_number(total_row, col, 0, fmt["total"])
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(max(width, 6), caps[col]))
        sheet.set_row(header_row, 32)
        sheet.freeze_panes(header_row + 1, 0)
        if rows:
            sheet.autofilter(header_row, 0, row, len(columns) - 1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.79, right=0.59, top=0.79, bottom=0.79)
        sheet.repeat_rows(header_row)
        sheet.fit_to_pages(1, 0)
        sheet.set_footer("&C&P/&N")
        return sheet
