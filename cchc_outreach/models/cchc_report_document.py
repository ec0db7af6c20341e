import io

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from odoo import models
from odoo.tools import is_html_empty

# Fixed texts of the printed report (official form: Vietnamese whatever the language).
STATUS_VI = {
    "todo": "Chưa triển khai",
    "in_progress": "Đang thực hiện",
    "waiting": "Đã thực hiện, chờ nghiệm thu",
    "done": "Đã hoàn thành",
}
METRIC_VI = {
    "items": "Tin, bài, sản phẩm",
    "views": "Lượt xem, tiếp cận",
    "participants": "Lượt người tham dự",
    "sessions": "Buổi, lớp, hội nghị",
    "copies": "Bản in, phát hành",
    "other": "Khác",
}
FEEDBACK_CHANNEL_VI = {
    "web_form": "Biểu mẫu trên trang thông tin điện tử",
    "national_portal": "Cổng Dịch vụ công quốc gia",
    "hotline_1022": "Đường dây nóng 1022",
    "email": "Thư điện tử",
    "in_person": "Trực tiếp",
    "letter": "Văn bản, thư",
    "zalo": "Zalo",
    "other": "Khác",
}
COMPARATOR_VI = {">=": "≥", "=": "=", "<=": "≤"}
REPORT_ACTION = "cchc_outreach.report_cchc_report"
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


class CchcReport(models.Model):
    """The periodic report as a document: PDF in the official form and Excel."""

    _inherit = "cchc.report"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_print_report(self):
        return self.env.ref("cchc_outreach.action_report_cchc_report").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/cchc/report/{self.id}/report.xlsx",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Texts of the official form
    # ------------------------------------------------------------------
    def _cchc_period_phrase(self):
        """'quý I năm 2026', '6 tháng đầu năm 2026', '9 tháng năm 2026', 'năm 2026'."""
        self.ensure_one()
        year = self.year
        kind = self.period_kind
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
            f"từ ngày {self._cchc_doc_short_date(self.date_from)} "
            f"đến ngày {self._cchc_doc_short_date(self.date_to)}"
        )

    def _cchc_reporter_name(self):
        self.ensure_one()
        if self.scope == "consolidated":
            return self.company_id.name or ""
        return self.department_id.name or ""

    def _cchc_plan_title_for(self, period_phrase):
        """The plan's title in lower case, without its year when the period names it."""
        self.ensure_one()
        title = self._cchc_doc_lower_first(self.plan_id.name)
        suffix = f" năm {self.year}"
        if suffix in period_phrase and title.endswith(suffix):
            title = title[: -len(suffix)]
        return title

    def _cchc_plan_reference(self):
        """'Kế hoạch số 07/KH-SCT ngày 07/02/2026 của Sở Công Thương'."""
        self.ensure_one()
        plan = self.plan_id
        parts = ["Kế hoạch"]
        if plan.number:
            parts.append(f"số {plan.number}")
        if plan.issue_date:
            parts.append(f"ngày {self._cchc_doc_short_date(plan.issue_date)}")
        parts.append(f"của {plan.company_id.name}")
        parts.append(f"về {self._cchc_doc_lower_first(plan.name)}")
        return " ".join(parts)

    def _cchc_recipient_lines(self):
        lines = [
            line.strip().lstrip("-").strip().rstrip(".;")
            for line in (self.recipient_text or "").splitlines()
        ]
        lines = [line for line in lines if line]
        archive = [line for line in lines if line.upper().startswith("LƯU")]
        others = [line for line in lines if line not in archive]
        result = [f"- {line};" for line in others]
        result.append(f"- {archive[-1] if archive else 'Lưu: VT'}.")
        return result

    def _cchc_task_result_text(self, line):
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

    def _cchc_task_status_text(self, line):
        text = STATUS_VI.get(line.status, "")
        if line.is_late and line.date_deadline:
            text += f"; chậm tiến độ (hạn {self._cchc_doc_short_date(line.date_deadline)})"
        return text

    def _cchc_target_result_text(self, line):
        if not line.actual_recorded:
            return "Chưa có số liệu"
        return "Đạt" if line.achieved else "Chưa đạt"

    def _cchc_report_values(self):
        """Everything the QWeb template prints, already in the official form."""
        self.ensure_one()
        company = self.company_id
        plan = self.plan_id
        number = self._cchc_doc_number(self.number, self._cchc_doc_symbol())
        reporter = self._cchc_reporter_name()
        if self.scope == "consolidated":
            superior = plan.superior_body or company.cchc_superior_body or ""
            issuing = company.name or ""
        else:
            superior = company.name or ""
            issuing = self.department_id.name or ""
        period = self._cchc_period_phrase()
        plan_title = self._cchc_plan_title_for(period)
        title = f"Kết quả thực hiện Kế hoạch {plan_title} {period}"
        data_range = (
            f"số liệu từ ngày {self._cchc_doc_short_date(self.date_from)} "
            f"đến ngày {self._cchc_doc_short_date(self.date_to)}"
        )
        intro = (
            f"Thực hiện {self._cchc_plan_reference()}, {reporter} báo cáo kết quả thực "
            f"hiện {period} ({data_range}) như sau:"
        )
        units = self.unit_report_ids.sorted(lambda r: (r.department_id.name or "", r.id))
        task_lines = self.task_line_ids
        feedback = self.feedback_line_ids
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
            f"Trong kỳ báo cáo, {reporter} triển khai {self.task_count} nhiệm vụ theo Kế "
            f"hoạch: đã hoàn thành {self.task_done_count}; đang thực hiện "
            f"{self.task_in_progress_count}; chưa triển khai {self.task_todo_count}; chậm "
            f"tiến độ {self.task_late_count}."
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
            "date_line": self._cchc_doc_date_line(
                plan.place or company.cchc_place, self.report_date, self.year
            ),
            "is_draft": self.state == "draft",
            "title": title,
            "intro": intro,
            "unit_names": units.department_id.mapped("name"),
            "task_summary": task_summary,
            "task_grid": self._cchc_task_grid(task_lines),
            "late_lines": [
                f"{line.name} (hạn {self._cchc_doc_short_date(line.date_deadline)}"
                + (f"; {line.lead_department_name}" if line.lead_department_name else "")
                + ")"
                for line in task_lines.filtered("is_late")
            ],
            "channel_grid": self._cchc_channel_grid(),
            "feedback_summary": feedback_summary,
            "feedback_grid": self._cchc_feedback_grid(totals),
            "feedback_totals": totals,
            "show_targets": self.scope == "consolidated",
            "target_grid": self._cchc_target_grid(),
            "assessment": False if is_html_empty(self.assessment) else self.assessment,
            "difficulties": False if is_html_empty(self.difficulties) else self.difficulties,
            "proposals": False if is_html_empty(self.proposals) else self.proposals,
            "closing": (
                f"Trên đây là báo cáo kết quả thực hiện Kế hoạch {plan_title} {period} "
                f"của {reporter}./."
            ),
            "recipient_lines": self._cchc_recipient_lines(),
            "signer_lines": self._cchc_doc_signer_lines(
                self.signer_authority, self.signer_principal_title, self.signer_title
            ),
            "signer_name": self.signer_name or "",
        }

    def _cchc_task_grid(self, task_lines):
        """Section I.1: one row per task (the lead unit only in the department report)."""
        show_lead = self.scope == "consolidated"
        rows = []
        for index, line in enumerate(task_lines, start=1):
            row = [["o_cchc_center", index], ["", line.name]]
            if show_lead:
                row.append(["", line.lead_department_name or ""])
            row += [
                ["o_cchc_multiline o_cchc_small", self._cchc_task_result_text(line)],
                ["", self._cchc_task_status_text(line)],
            ]
            rows.append(row)
        if show_lead:
            widths = [6, 30, 15, 31, 18]
            headers = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Sản phẩm, kết quả", "Tiến độ"]
        else:
            widths = [6, 37, 39, 18]
            headers = ["STT", "Nhiệm vụ", "Sản phẩm, kết quả", "Tiến độ"]
        return {"widths": widths, "headers": headers, "rows": rows}

    def _cchc_channel_grid(self):
        rows = [
            [
                ["o_cchc_center", index],
                ["", line.channel_name],
                ["", METRIC_VI.get(line.metric, "")],
                ["o_cchc_number", self._cchc_doc_amount(line.quantity)],
                ["o_cchc_number", line.task_count],
            ]
            for index, line in enumerate(self.channel_line_ids, start=1)
        ]
        return {
            "widths": [6, 46, 22, 13, 13],
            "headers": ["STT", "Hình thức, kênh tuyên truyền", "Chỉ số", "Số lượng", "Số nhiệm vụ"],
            "rows": rows,
        }

    def _cchc_feedback_grid(self, totals):
        rows = [
            [
                ["", FEEDBACK_CHANNEL_VI.get(line.channel, line.channel)],
                ["o_cchc_number", line.received_count],
                ["o_cchc_number", line.on_time_count],
                ["o_cchc_number", line.answered_late_count],
                ["o_cchc_number", line.pending_count],
                ["o_cchc_number", line.overdue_count],
            ]
            for line in self.feedback_line_ids
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

    def _cchc_target_grid(self):
        rows = []
        if self.scope == "consolidated":
            for index, line in enumerate(self.target_line_ids, start=1):
                actual = (
                    self._cchc_target_value_text(line, line.actual_value, plain=True)
                    if line.actual_recorded
                    else ""
                )
                rows.append(
                    [
                        ["o_cchc_center", index],
                        ["", line.name],
                        ["o_cchc_center", self._cchc_target_value_text(line, line.target_value)],
                        ["o_cchc_center", actual],
                        ["o_cchc_center", self._cchc_target_result_text(line)],
                    ]
                )
        return {
            "widths": [6, 46, 16, 16, 16],
            "headers": ["STT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá"],
            "rows": rows,
        }

    def _cchc_target_value_text(self, line, value, plain=False):
        unit = (line.unit or "").strip()
        amount = self._cchc_doc_decimal(value)
        amount = f"{amount}{unit}" if unit == "%" else f"{amount} {unit}".strip()
        if plain:
            return amount
        return f"{COMPARATOR_VI.get(line.comparator, '')} {amount}".strip()

    def _cchc_pdf_postprocess(self, report, pdf_content):
        """Page numbers from page 2; a draft carries the DỰ THẢO mark on every page."""
        self.ensure_one()
        if report.report_name != REPORT_ACTION:
            return super()._cchc_pdf_postprocess(report, pdf_content)
        return self._cchc_stamp_pdf(pdf_content, watermark=self.state == "draft")

    # ------------------------------------------------------------------
    # Excel
    # ------------------------------------------------------------------
    def _cchc_report_xlsx(self):
        """The report as an .xlsx file (bytes): tasks, outputs by channel, feedback,
        targets; real dates and numbers, header row frozen, A4 landscape."""
        self.ensure_one()
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
        values = self._cchc_report_values()
        title = f"BÁO CÁO {values['title']}"
        subtitle = (
            f"{self._cchc_reporter_name()} – số liệu từ ngày "
            f"{self._cchc_doc_short_date(self.date_from)} đến ngày "
            f"{self._cchc_doc_short_date(self.date_to)}"
        )
        yes, no = "Có", "Không"

        task_rows = [
            [
                ("int", index),
                ("text", line.name),
                ("text", line.lead_department_name or ""),
                ("text", line.product_description or ""),
                ("text", STATUS_VI.get(line.status, "")),
                ("date", line.date_deadline),
                ("date", line.completion_date),
                ("center", yes if line.is_late else no),
                ("int", line.output_count),
                ("text", line.output_summary or ""),
                ("text", line.evidence_links or ""),
                ("int", line.evidence_count),
                ("text", line.result_text or ""),
            ]
            for index, line in enumerate(self.task_line_ids, start=1)
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
                ("text", METRIC_VI.get(line.metric, "")),
                ("decimal", line.quantity),
                ("int", line.output_count),
                ("int", line.task_count),
            ]
            for index, line in enumerate(self.channel_line_ids, start=1)
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
                ("text", FEEDBACK_CHANNEL_VI.get(line.channel, line.channel)),
                ("int", line.received_count),
                ("int", line.answered_count),
                ("int", line.on_time_count),
                ("int", line.answered_late_count),
                ("int", line.pending_count),
                ("int", line.overdue_count),
                ("int", line.other_count),
            ]
            for index, line in enumerate(self.feedback_line_ids, start=1)
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
                ("center", COMPARATOR_VI.get(line.comparator, "")),
                ("decimal", line.target_value),
                ("text", line.unit or ""),
                ("decimal", line.actual_value) if line.actual_recorded else ("text", ""),
                ("center", yes if line.actual_recorded else no),
                ("center", yes if line.achieved else no),
                ("text", line.source or ""),
            ]
            for index, line in enumerate(self.target_line_ids, start=1)
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
