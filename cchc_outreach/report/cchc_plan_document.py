"""The printed plan (PDF, with its landscape appendix) and its appendix as Excel.

The values are computed in the print language of each plan (``_cchc_report_lang``):
Vietnamese once it is installed, so that the selection labels and the printed terms
of the official form come from ``i18n/vi.po``.
"""

import io
import unicodedata

import xlsxwriter
from markupsafe import Markup
from reportlab.pdfbase.pdfmetrics import stringWidth

from odoo import api, models
from odoo.tools import is_html_empty

from ..models.cchc_plan_section import ROMAN
from ..models.cchc_plan_target import TARGET_PHRASES

# Columns of the appendix, as printed, exported and imported (key, header).
APPENDIX_COLUMNS = [
    ("sequence", "STT"),
    ("name", "Nhiệm vụ"),
    ("product", "Sản phẩm"),
    ("lead", "Đơn vị chủ trì"),
    ("cooperating", "Đơn vị phối hợp"),
    ("deadline", "Thời hạn hoàn thành"),
    ("budget", "Kinh phí (đồng)"),
]
# Column widths of the printed appendix (% of the landscape text width).
APPENDIX_WIDTHS = [5, 26, 18, 14, 16, 10, 11]
# Page geometry of the printed appendix, in mm (A4 landscape, margins 30/20/20/20),
# used to cut the table into pages that each repeat the header row.
APPENDIX_TEXT_WIDTH = 257.0
APPENDIX_TEXT_HEIGHT = 160.0
APPENDIX_FIRST_PAGE_TITLE = 26.0  # title, subtitle, reference line, rule
APPENDIX_DRAFT_MARK = 8.0
APPENDIX_SAFETY = 3.0
APPENDIX_LINE = 4.87  # 12 pt, line-height 1.15
APPENDIX_CELL_PADDING = 2.5  # 3 pt top and bottom + borders
APPENDIX_FONT_PT = 12
APPENDIX_WIDTH_MARGIN = 1.06  # measured text is widened a little: a page must never overflow
APPENDIX_CELL_INNER = 3.2  # 4 pt padding left and right, borders
APPENDIX_TITLE = "PHỤ LỤC"
APPENDIX_SUBTITLE = "NHIỆM VỤ, SẢN PHẨM, TIẾN ĐỘ VÀ TRÁCH NHIỆM THỰC HIỆN"
TOTAL_LABEL = "Tổng cộng"
DRAFT_STATES = ("draft", "submitted")


class ReportCchcPlan(models.AbstractModel):
    """The plan in the official form (Nghị định 30/2020/NĐ-CP), portrait."""

    _name = "report.cchc_outreach.report_cchc_plan"
    _description = "CCHC Plan: Printed Document"
    _inherit = "cchc.document.report"
    _cchc_doc_model = "cchc.plan"

    # ------------------------------------------------------------------
    # Tasks and appendix rows
    # ------------------------------------------------------------------
    @api.model
    def _cchc_printed_tasks(self, plan):
        """Tasks printed in the plan: all but cancelled ones, in appendix order.

        Read as superuser: the printed plan is one official document, the same
        for every reader, whatever part of its tasks their record rules show.
        """
        plan.ensure_one()
        return (
            self.env["cchc.task"]
            .sudo()
            .search(
                [("plan_id", "=", plan.id), ("state", "!=", "cancelled")],
                order="sequence, date_deadline, id",
            )
        )

    @api.model
    def _cchc_amendment_rows(self, plan):
        """The appendix of an amending plan: one row per change, as the office writes it
        ("Bổ sung: …", "Điều chỉnh nhiệm vụ: …", "Bãi bỏ nhiệm vụ: …")."""
        plan.ensure_one()
        prefixes = {"add": "Bổ sung", "change": "Điều chỉnh nhiệm vụ", "cancel": "Bãi bỏ nhiệm vụ"}
        rows = []
        for index, line in enumerate(plan.sudo().amendment_line_ids, start=1):
            task = line.task_id
            name = line.name if line.action != "cancel" else (task.name or line.name)
            text = f"{prefixes[line.action]}: {name or ''}"
            if line.reason:
                text += f" (lý do: {line.reason.strip()})"
            source = task if line.action == "cancel" else line
            rows.append(
                {
                    "sequence": index,
                    "name": text,
                    "product": source.product_description or "",
                    "lead": source.lead_department_id.name or "",
                    "cooperating": ", ".join(source.cooperating_department_ids.mapped("name")),
                    "deadline": source.date_deadline or None,
                    "budget": 0.0 if line.action == "cancel" else (line.budget_estimate or 0.0),
                }
            )
        return rows

    @api.model
    def _cchc_has_appendix(self, plan):
        plan.ensure_one()
        if plan.sudo().amended_plan_id:
            return bool(plan.sudo().amendment_line_ids)
        return bool(self._cchc_printed_tasks(plan))

    @api.model
    def _cchc_appendix_rows(self, plan, tasks=None):
        """One dict per task: the appendix columns with typed values."""
        plan.ensure_one()
        if tasks is None and plan.sudo().amended_plan_id:
            return self._cchc_amendment_rows(plan)
        tasks = self._cchc_printed_tasks(plan) if tasks is None else tasks
        tasks.fetch(
            [
                "name",
                "product_description",
                "lead_department_id",
                "cooperating_department_ids",
                "date_deadline",
                "budget_estimate",
            ]
        )
        rows = []
        for index, task in enumerate(tasks, start=1):
            rows.append(
                {
                    "sequence": index,
                    "name": task.name or "",
                    "product": task.product_description or "",
                    "lead": task.lead_department_id.name or "",
                    "cooperating": ", ".join(task.cooperating_department_ids.mapped("name")),
                    "deadline": task.date_deadline or None,
                    "budget": task.budget_estimate or 0.0,
                }
            )
        return rows

    # ------------------------------------------------------------------
    # Appendix pages (wkhtmltopdf does not repeat a table header on each page)
    # ------------------------------------------------------------------
    @api.model
    def _cchc_text_width_mm(self, text, bold=False):
        """Printed width of ``text`` in 12 pt Times (Liberation Serif has its metrics).

        Vietnamese letters are measured as their base letter (the marks sit above or
        below it); a small margin covers kerning and rounding in wkhtmltopdf.
        """
        plain = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        plain = plain.encode("cp1252", "replace").decode("cp1252")
        font = "Times-Bold" if bold else "Times-Roman"
        return stringWidth(plain, font, APPENDIX_FONT_PT) * 25.4 / 72 * APPENDIX_WIDTH_MARGIN

    @api.model
    def _cchc_wrapped_lines(self, text, width_mm, bold=False):
        """How many lines ``text`` takes in a cell ``width_mm`` wide (greedy wrap, as the
        browser wraps)."""
        room = max(width_mm - APPENDIX_CELL_INNER, 1.0)
        space = self._cchc_text_width_mm(" ", bold)
        lines = 0
        for paragraph in str(text or "").split("\n"):
            lines += 1
            used = 0.0
            for word in paragraph.split():
                size = self._cchc_text_width_mm(word, bold)
                if used and used + space + size > room:
                    lines += 1
                    used = 0.0
                while size > room:  # a word longer than the cell breaks anywhere
                    lines += 1
                    size -= room
                used += (space if used else 0.0) + size
        return max(lines, 1)

    @api.model
    def _cchc_appendix_row_height(self, values, bold=False):
        widths = [APPENDIX_TEXT_WIDTH * pct / 100 for pct in APPENDIX_WIDTHS]
        lines = max(
            self._cchc_wrapped_lines(value, width, bold) for value, width in zip(values, widths)
        )
        return lines * APPENDIX_LINE + APPENDIX_CELL_PADDING

    @api.model
    def _cchc_appendix_pages(self, rows, is_draft=False):
        """Rows of the printed appendix cut into pages, each printed with the header row.

        wkhtmltopdf built without its patched Qt does not repeat a table header on
        each page: the appendix prints one table per page instead, the rows per page
        measured from their text with the font's metrics (a little generously, so that a
        page never overflows, but filled before breaking).
        """
        header = self._cchc_appendix_row_height(
            [label for _key, label in APPENDIX_COLUMNS], bold=True
        )
        pages, current = [], []
        title = APPENDIX_FIRST_PAGE_TITLE + (APPENDIX_DRAFT_MARK if is_draft else 0.0)
        room = APPENDIX_TEXT_HEIGHT - title - APPENDIX_SAFETY - header
        for row in rows:
            height = self._cchc_appendix_row_height(
                [
                    row["sequence"],
                    row["name"],
                    row["product"],
                    row["lead"],
                    row["cooperating"],
                    "00/00/0000",
                    "000.000.000.000",
                ]
            )
            if current and height > room:
                pages.append(current)
                current = []
                room = APPENDIX_TEXT_HEIGHT - APPENDIX_SAFETY - header
            current.append(row)
            room -= height
        if current and room < APPENDIX_LINE + APPENDIX_CELL_PADDING:
            pages.append(current)  # no room left for the total row
            current = []
        pages.append(current)
        return pages

    # ------------------------------------------------------------------
    # The body's generated blocks
    # ------------------------------------------------------------------
    @api.model
    def _cchc_target_text(self, plan, target):
        """'Hồ sơ trực tuyến toàn trình: đạt từ 80% trở lên' (the phrase from vi.po)."""
        value = plan._cchc_doc_decimal(target.target_value)
        unit = (target.unit or "").strip()
        amount = f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()
        phrase = TARGET_PHRASES.get(target.comparator)
        return f"{target.name}: {self.env._(phrase) % amount if phrase else amount}"

    @api.model
    def _cchc_department_sections(self, plan, tasks):
        """Per unit, the appendix numbers (STT) of the tasks it leads and cooperates on.

        The appendix holds the tasks themselves: this part only says who does which,
        so that a plan of hundreds of tasks stays readable and nothing is printed twice.
        """
        numbers = {task.id: index for index, task in enumerate(tasks, start=1)}
        departments = {}
        for task in tasks:
            if task.lead_department_id:
                departments.setdefault(task.lead_department_id, ([], []))[0].append(task)
            for department in task.cooperating_department_ids:
                departments.setdefault(department, ([], []))[1].append(task)
        coordinating = plan.coordinating_department_id
        ordered = sorted(
            departments,
            key=lambda dep: (dep != coordinating, dep.name or "", dep.id),
        )

        def listed(task_list):
            items = [str(numbers[task.id]) for task in task_list]
            label = "nhiệm vụ số" if len(items) == 1 else "các nhiệm vụ số"
            return f"{label} {', '.join(items)}"

        sections = []
        for department in ordered:
            lead_tasks, coop_tasks = departments[department]
            parts = []
            if lead_tasks:
                parts.append(f"chủ trì thực hiện {listed(lead_tasks)}")
            if coop_tasks:
                parts.append(f"phối hợp thực hiện {listed(coop_tasks)}")
            sections.append(
                {"name": department.name, "text": "; ".join(parts) + " tại Phụ lục kèm theo."}
            )
        return sections

    @api.model
    def _cchc_html_or_false(self, value):
        return False if is_html_empty(value) else value

    @api.model
    def _cchc_audience_sections(self, plan):
        """Section II split per audience: contents and channels (texts or catalogue)."""
        return [
            {
                "audience": line.audience_id.name,
                "content_html": self._cchc_html_or_false(line.content_note),
                "contents": line.content_ids.mapped("name"),
                "channel_html": self._cchc_html_or_false(line.channel_note),
                "channels": line.channel_ids.mapped("name"),
            }
            for line in plan.audience_line_ids
        ]

    @api.model
    def _cchc_section_values(self, plan, tasks, appendix_rows):
        """The body's sections in their order, each with its generated block's data."""
        blocks = {
            "targets": lambda: [self._cchc_target_text(plan, t) for t in plan.target_ids],
            "audience_lines": lambda: self._cchc_audience_sections(plan),
            "audiences": lambda: plan.audience_ids.mapped("name"),
            "contents": lambda: plan.content_ids.mapped("name"),
            "channels": lambda: plan.channel_ids.mapped("name"),
            "units": lambda: self._cchc_department_sections(plan, tasks),
            "budget": lambda: (
                plan._cchc_doc_amount(sum(r["budget"] for r in appendix_rows))
                if any(r["budget"] for r in appendix_rows)
                else False
            ),
        }
        sections = []
        ordered = plan.section_ids.sorted(lambda s: (s.sequence, s.id))
        for index, section in enumerate(ordered):
            block = section.block if section.block in blocks else "none"
            sections.append(
                {
                    "number": ROMAN[index] if index < len(ROMAN) else str(index + 1),
                    "heading": (section.name or "").strip().upper(),
                    "body": self._cchc_html_or_false(section.body),
                    "block": block,
                    "data": blocks[block]() if block != "none" else False,
                }
            )
        return sections

    @api.model
    def _cchc_appendix_reference(self, plan, issuer):
        """'(Kèm theo Kế hoạch số 07/KH-SCT ngày 07 tháng 02 năm 2026 của Sở Công Thương)'."""
        number = plan._cchc_doc_number(plan.number, plan._cchc_doc_symbol())
        return (
            f"(Kèm theo Kế hoạch số {number} "
            f"{plan._cchc_doc_long_date(plan.issue_date, plan.year)} "
            f"của {issuer})"
        )

    # ------------------------------------------------------------------
    # Everything the templates print
    # ------------------------------------------------------------------
    @api.model
    def _cchc_values(self, plan):
        """Everything the QWeb templates print, already in the official form."""
        plan.ensure_one()
        company = plan.company_id
        number = plan._cchc_doc_number(plan.number, plan._cchc_doc_symbol())
        tasks = self._cchc_printed_tasks(plan)
        title = (plan.name or "").strip()
        appendix_rows = self._cchc_appendix_rows(plan)
        is_draft = plan.state in DRAFT_STATES
        decision_line = False
        if (plan.doc_type_code or "").upper().startswith("QĐ"):
            decision_line = (
                f"(Ban hành kèm theo Quyết định số {number} "
                f"{plan._cchc_doc_long_date(plan.issue_date, plan.year)} "
                f"của {plan._cchc_issuer_name()})"
            )
        opening = self._cchc_html_or_false(plan.opening_text) or plan._cchc_default_opening_html()
        closing = self._cchc_html_or_false(plan.closing_text) or plan._cchc_default_closing_html()
        return {
            "superior_body": (plan.superior_body or company.cchc_superior_body or "").upper(),
            "issuing_body": (company.cchc_issuer_name or company.name or "").upper(),
            "number_line": f"Số: {number}",
            "date_line": plan._cchc_doc_date_line(
                plan.place or company.cchc_place, plan.issue_date, plan.year
            ),
            "is_draft": is_draft,
            "title": title,
            "title_lines": plan._cchc_doc_title_lines(title),
            "decision_line": decision_line,
            "opening": Markup(opening),
            "sections": self._cchc_section_values(plan, tasks, appendix_rows),
            "appendix_note": (plan.appendix_note or "").strip()
            if self._cchc_has_appendix(plan)
            else "",
            "closing": Markup(closing),
            "recipient_lines": plan._cchc_doc_recipient_lines(plan.recipient_ids),
            "signer_lines": plan._cchc_doc_signer_lines(
                plan.signer_authority, plan.signer_principal_title, plan.signer_title
            ),
            "signed_mark": "(Đã ký)" if plan.print_signed_mark else "",
            "signer_name": plan.signer_name or "",
            "appendix_reference": self._cchc_appendix_reference(plan, plan._cchc_issuer_name()),
            "appendix_rows": appendix_rows,
            "budget_total": plan._cchc_doc_amount(sum(r["budget"] for r in appendix_rows)),
            "appendix_columns": APPENDIX_COLUMNS,
            "appendix_widths": APPENDIX_WIDTHS,
            "appendix_title": APPENDIX_TITLE,
            "appendix_subtitle": (
                "NỘI DUNG ĐIỀU CHỈNH, BỔ SUNG NHIỆM VỤ"
                if plan.amended_plan_id
                else APPENDIX_SUBTITLE
            ),
        }

    # ------------------------------------------------------------------
    # Appendix as an Excel sheet
    # ------------------------------------------------------------------
    @api.model
    def _cchc_xlsx(self, plan):
        """The appendix as an .xlsx file (bytes): the columns the import reads back."""
        plan.ensure_one()
        rows = self._cchc_appendix_rows(plan)
        reference = self._cchc_appendix_reference(plan, plan.company_id.name).replace("\u00a0", " ")
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet("Phu luc")
        font = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
        title_fmt = workbook.add_format(dict(font, bold=True, font_size=14, align="center"))
        reference_fmt = workbook.add_format(dict(font, italic=True, align="center"))
        header_fmt = workbook.add_format(
            dict(
                font,
                bold=True,
                align="center",
                valign="vcenter",
                text_wrap=True,
                border=1,
                bg_color="#EEEEEE",
            )
        )
        text_fmt = workbook.add_format(dict(font, text_wrap=True, border=1))
        center_fmt = workbook.add_format(dict(font, align="center", border=1))
        date_fmt = workbook.add_format(
            dict(font, num_format="dd/mm/yyyy", align="center", border=1)
        )
        amount_fmt = workbook.add_format(dict(font, num_format="#,##0", border=1))
        total_label_fmt = workbook.add_format(dict(font, bold=True, border=1))
        total_fmt = workbook.add_format(dict(font, bold=True, num_format="#,##0", border=1))

        last_col = len(APPENDIX_COLUMNS) - 1
        sheet.merge_range(0, 0, 0, last_col, APPENDIX_TITLE, title_fmt)
        sheet.merge_range(1, 0, 1, last_col, APPENDIX_SUBTITLE, title_fmt)
        sheet.merge_range(2, 0, 2, last_col, reference, reference_fmt)
        header_row = 4
        for col, (_key, label) in enumerate(APPENDIX_COLUMNS):
            sheet.write_string(header_row, col, label, header_fmt)
        sheet.set_row(header_row, 32)

        widths = [len(label) + 2 for _key, label in APPENDIX_COLUMNS]
        row = header_row
        for data in rows:
            row += 1
            sheet.write_number(row, 0, data["sequence"], center_fmt)
            sheet.write_string(row, 1, data["name"], text_fmt)
            sheet.write_string(row, 2, data["product"], text_fmt)
            sheet.write_string(row, 3, data["lead"], text_fmt)
            sheet.write_string(row, 4, data["cooperating"], text_fmt)
            if data["deadline"]:
                sheet.write_datetime(row, 5, data["deadline"], date_fmt)
            else:
                sheet.write_blank(row, 5, None, date_fmt)
            sheet.write_number(row, 6, data["budget"], amount_fmt)
            for col, key in ((1, "name"), (2, "product"), (3, "lead"), (4, "cooperating")):
                widths[col] = max(widths[col], len(data[key]))
        total_row = row + 1
        sheet.write_string(total_row, 1, TOTAL_LABEL, total_label_fmt)
        for col in (0, 2, 3, 4, 5):
            sheet.write_blank(total_row, col, None, total_label_fmt)
        total = sum(data["budget"] for data in rows)
        if rows:
            sheet.write_formula(
                total_row, 6, f"=SUM(G{header_row + 2}:G{row + 1})", total_fmt, total
            )
        else:
            sheet.write_number(total_row, 6, 0, total_fmt)
        # Long texts wrap: cap the widths so that the sheet prints on one page width.
        caps = [6, 60, 40, 30, 40, 14, 18]
        floors = [6, 30, 20, 18, 20, 14, 18]
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(max(width + 2, floors[col]), caps[col]))
        sheet.freeze_panes(header_row + 1, 0)
        sheet.autofilter(header_row, 0, max(row, header_row + 1), last_col)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.79, right=0.79, top=1.18, bottom=0.79)
        sheet.repeat_rows(header_row)
        sheet.fit_to_pages(1, 0)
        sheet.set_footer("&C&P/&N")
        workbook.close()
        return output.getvalue()
