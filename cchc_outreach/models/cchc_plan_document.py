import io
import unicodedata
import uuid

import xlsxwriter
from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .cchc_document_mixin import PDF_PART
from .cchc_plan_section import ROMAN

# Fixed texts of the official form (Nghị định 30/2020/NĐ-CP): never translated.
LEGAL_DOC_TYPE_NAMES = {
    "kh": "Kế hoạch",
    "qd": "Quyết định",
    "nq": "Nghị quyết",
    "nd": "Nghị định",
    "ct": "Chỉ thị",
    "tt": "Thông tư",
    "ctr": "Chương trình",
    "law": "Luật",
    "cv": "Văn bản",
    "other": "",
}
TARGET_PHRASES = {
    ">=": "đạt từ %s trở lên",
    "=": "đạt %s",
    "<=": "không quá %s",
}
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
PLAN_REPORT = "cchc_outreach.report_cchc_plan"
PLAN_APPENDIX_REPORT = "cchc_outreach.action_report_cchc_plan_appendix"


class CchcPlan(models.Model):
    """The plan as a document: print, appendix in Excel, verification, copy."""

    _name = "cchc.plan"
    _inherit = ["cchc.plan", "cchc.document.mixin"]
    _cchc_verification_route = "/cchc/verify/plan/%s"

    @api.model
    def _cchc_prepare_create_vals(self, vals_list):
        vals_list = super()._cchc_prepare_create_vals(vals_list)
        default_sections = self.env["cchc.plan.section"]._cchc_default_vals()
        for vals in vals_list:
            vals["access_token"] = str(uuid.uuid4())
            if "section_ids" not in vals:
                vals["section_ids"] = [Command.create(dict(v)) for v in default_sections]
        return vals_list

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _cchc_stored_document(self, report):
        """An issued plan prints as it was issued: the file stored by the issue action."""
        if report.report_name == PLAN_REPORT and self.sudo().issued_pdf_id:
            return self.sudo().issued_pdf_id
        return super()._cchc_stored_document(report)

    def action_print_plan(self):
        return self.env.ref("cchc_outreach.action_report_cchc_plan").report_action(self)

    def action_export_appendix_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/cchc/plan/{self.id}/appendix.xlsx",
            "target": "download",
        }

    def action_open_import_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Appendix"),
            "res_model": "cchc.plan.import.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_open_copy_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Copy to Next Year"),
            "res_model": "cchc.plan.copy.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    # ------------------------------------------------------------------
    # Values of the printed plan
    # ------------------------------------------------------------------
    def _cchc_doc_symbol(self):
        self.ensure_one()
        code = self.company_id.cchc_issuer_code
        return f"{self.doc_type_code}-{code}" if code else self.doc_type_code

    def _cchc_printed_tasks(self):
        """Tasks printed in the plan: all but cancelled ones, in appendix order.

        Read as superuser: the printed plan is one official document, the same
        for every reader, whatever part of its tasks their record rules show.
        """
        self.ensure_one()
        return (
            self.env["cchc.task"]
            .sudo()
            .search(
                [("plan_id", "=", self.id), ("state", "!=", "cancelled")],
                order="sequence, date_deadline, id",
            )
        )

    def _cchc_amendment_rows(self):
        """The appendix of an amending plan: one row per change, as the office writes it
        ("Bổ sung: …", "Điều chỉnh nhiệm vụ: …", "Bãi bỏ nhiệm vụ: …")."""
        self.ensure_one()
        prefixes = {"add": "Bổ sung", "change": "Điều chỉnh nhiệm vụ", "cancel": "Bãi bỏ nhiệm vụ"}
        rows = []
        for index, line in enumerate(self.sudo().amendment_line_ids, start=1):
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

    def _cchc_has_appendix(self):
        self.ensure_one()
        if self.sudo().amended_plan_id:
            return bool(self.sudo().amendment_line_ids)
        return bool(self._cchc_printed_tasks())

    def _cchc_appendix_rows(self, tasks=None):
        """One dict per task: the appendix columns with typed values."""
        self.ensure_one()
        if tasks is None and self.sudo().amended_plan_id:
            return self._cchc_amendment_rows()
        tasks = self._cchc_printed_tasks() if tasks is None else tasks
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

    def _cchc_legal_basis_text(self, basis):
        """'Kế hoạch số 51/KH-UBND ngày 30/01/2026 của UBND tỉnh về …'."""
        parts = []
        doc_type = LEGAL_DOC_TYPE_NAMES.get(basis.doc_type or "other", "")
        if doc_type:
            parts.append(doc_type)
        if basis.number:
            parts.append(f"số {basis.number}")
        if basis.date:
            parts.append(f"ngày {self._cchc_doc_short_date(basis.date)}")
        if basis.issuer:
            parts.append(f"của {basis.issuer}")
        title = (basis.name or "").strip()
        if title:
            lowered = self._cchc_doc_lower_first(title)
            if not lowered.startswith(("về ", "ban hành", "thực hiện", "quy định", "hướng dẫn")):
                lowered = f"về {lowered}"
            parts.append(lowered if parts else title)
        return " ".join(parts)

    def _cchc_target_text(self, target):
        value = self._cchc_doc_decimal(target.target_value)
        unit = (target.unit or "").strip()
        amount = f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()
        return f"{target.name}: {TARGET_PHRASES.get(target.comparator, '%s') % amount}"

    def _cchc_department_sections(self, tasks):
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
        coordinating = self.coordinating_department_id
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

    def _cchc_audience_sections(self):
        """Section II split per audience: contents and channels (texts or catalogue)."""
        return [
            {
                "audience": line.audience_id.name,
                "content_html": self._cchc_html_or_false(line.content_note),
                "contents": line.content_ids.mapped("name"),
                "channel_html": self._cchc_html_or_false(line.channel_note),
                "channels": line.channel_ids.mapped("name"),
            }
            for line in self.audience_line_ids
        ]

    def _cchc_title_with_issuer(self):
        """'thông tin, tuyên truyền … năm 2026 của Sở Công Thương' (the issuer once)."""
        title_lc = self._cchc_doc_lower_first((self.name or "").strip())
        issuer = self._cchc_issuer_name()
        # "… của Sở Công Thương năm 2026" already names its issuer: don't repeat it.
        if issuer.lower() not in title_lc.lower() and " của " not in title_lc:
            return f"{title_lc} của {issuer}"
        return title_lc

    def _cchc_issuer_name(self):
        """The issuing body as sentences name it: "Sở Công Thương" (the company's name cut
        to the printed short name, whose letters are all capitals)."""
        company = self.company_id
        name = company.name or ""
        short = (company.cchc_issuer_name or "").strip()
        if short and name.upper().startswith(short.upper()):
            return name[: len(short)]
        return name

    def _cchc_default_opening_html(self):
        """Căn cứ …; Thực hiện …, <issuer> xây dựng Kế hoạch … như sau:"""
        self.ensure_one()
        title_lc = self._cchc_doc_lower_first((self.name or "").strip())
        bases = self.legal_basis_ids.filtered(lambda b: b.kind == "basis")
        implements = self.legal_basis_ids.filtered(lambda b: b.kind == "implements")
        paragraphs = []
        if bases:
            paragraphs.append(
                "Căn cứ " + "; ".join(self._cchc_legal_basis_text(b) for b in bases) + ";"
            )
        closing_intro = f"{self._cchc_issuer_name()} xây dựng Kế hoạch {title_lc} như sau:"
        if implements:
            paragraphs.append(
                "Thực hiện "
                + "; ".join(self._cchc_legal_basis_text(b) for b in implements)
                + f", {closing_intro}"
            )
        else:
            paragraphs.append(closing_intro)
        return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)

    def _cchc_default_closing_html(self):
        self.ensure_one()
        coordinating = self.coordinating_department_id.name
        text = (
            f"Trên đây là Kế hoạch {self._cchc_title_with_issuer()}. Đề nghị các phòng, đơn vị "
            "triển khai thực hiện; trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp "
            "thời báo cáo lãnh đạo Sở"
            + (f" (qua {coordinating})" if coordinating else "")
            + " để chỉ đạo, xử lý./."
        )
        return f"<p>{escape(text)}</p>"

    def _cchc_section_values(self, tasks, appendix_rows):
        """The body's sections in their order, each with its generated block's data."""
        blocks = {
            "targets": lambda: [self._cchc_target_text(t) for t in self.target_ids],
            "audience_lines": self._cchc_audience_sections,
            "audiences": lambda: self.audience_ids.mapped("name"),
            "contents": lambda: self.content_ids.mapped("name"),
            "channels": lambda: self.channel_ids.mapped("name"),
            "units": lambda: self._cchc_department_sections(tasks),
            "budget": lambda: (
                self._cchc_doc_amount(sum(r["budget"] for r in appendix_rows))
                if any(r["budget"] for r in appendix_rows)
                else False
            ),
        }
        sections = []
        ordered = self.section_ids.sorted(lambda s: (s.sequence, s.id))
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

    def _cchc_report_values(self):
        """Everything the QWeb templates print, already in the official form."""
        self.ensure_one()
        company = self.company_id
        symbol = self._cchc_doc_symbol()
        number = self._cchc_doc_number(self.number, symbol)
        tasks = self._cchc_printed_tasks()
        title = (self.name or "").strip()
        appendix_rows = self._cchc_appendix_rows()
        decision_line = False
        if (self.doc_type_code or "").upper().startswith("QĐ"):
            decision_line = (
                f"(Ban hành kèm theo Quyết định số {number} "
                f"{self._cchc_doc_long_date(self.issue_date, self.year)} "
                f"của {self._cchc_issuer_name()})"
            )
        opening = self._cchc_html_or_false(self.opening_text) or self._cchc_default_opening_html()
        closing = self._cchc_html_or_false(self.closing_text) or self._cchc_default_closing_html()
        return {
            "superior_body": (self.superior_body or company.cchc_superior_body or "").upper(),
            "issuing_body": (company.cchc_issuer_name or company.name or "").upper(),
            "number_line": f"Số: {number}",
            "date_line": self._cchc_doc_date_line(
                self.place or company.cchc_place, self.issue_date, self.year
            ),
            "is_draft": self.state in DRAFT_STATES,
            "title": title,
            "title_lines": self._cchc_doc_title_lines(title),
            "decision_line": decision_line,
            "opening": Markup(opening),
            "sections": self._cchc_section_values(tasks, appendix_rows),
            "appendix_note": (self.appendix_note or "").strip()
            if self._cchc_has_appendix()
            else "",
            "closing": Markup(closing),
            "recipient_lines": self._cchc_doc_recipient_lines(self.recipient_ids),
            "signer_lines": self._cchc_doc_signer_lines(
                self.signer_authority, self.signer_principal_title, self.signer_title
            ),
            "signed_mark": "(Đã ký)" if self.print_signed_mark else "",
            "signer_name": self.signer_name or "",
            "appendix_reference": (
                f"(Kèm theo Kế hoạch số {number} "
                f"{self._cchc_doc_long_date(self.issue_date, self.year)} "
                f"của {self._cchc_issuer_name()})"
            ),
            "appendix_rows": appendix_rows,
            "budget_total": self._cchc_doc_amount(sum(r["budget"] for r in appendix_rows)),
            "appendix_columns": APPENDIX_COLUMNS,
            "appendix_widths": APPENDIX_WIDTHS,
            "appendix_title": APPENDIX_TITLE,
            "appendix_subtitle": (
                "NỘI DUNG ĐIỀU CHỈNH, BỔ SUNG NHIỆM VỤ"
                if self.amended_plan_id
                else APPENDIX_SUBTITLE
            ),
        }

    def _cchc_pdf_postprocess(self, report, pdf_content):
        """The plan in portrait, then its appendix on landscape pages, merged.

        Each part is numbered on its own from its page 2, as the decree numbers an
        appendix separately.
        """
        self.ensure_one()
        if report.report_name != PLAN_REPORT:
            return super()._cchc_pdf_postprocess(report, pdf_content)
        url = self._cchc_verification_url()
        watermark = self.state in DRAFT_STATES
        parts = [{"content": pdf_content, "qr_value": url, "watermark": watermark}]
        if self._cchc_has_appendix():
            token = PDF_PART.set(True)
            try:
                appendix = self.env["ir.actions.report"]._render_qweb_pdf_prepare_streams(
                    PLAN_APPENDIX_REPORT, {}, res_ids=self.ids
                )
            finally:
                PDF_PART.reset(token)
            stream = (appendix.get(self.id) or appendix.get(False))["stream"]
            parts.append(
                {
                    "content": stream.getvalue(),
                    "qr_value": url,
                    "watermark": watermark,
                    "number_top": 15 * mm,
                }
            )
            stream.close()
        return self._cchc_stamp_pdfs(parts)

    # ------------------------------------------------------------------
    # Appendix as an Excel sheet
    # ------------------------------------------------------------------
    def _cchc_appendix_xlsx(self):
        """The appendix as an .xlsx file (bytes): the columns the import reads back."""
        self.ensure_one()
        rows = self._cchc_appendix_rows()
        symbol = self._cchc_doc_symbol()
        number = self._cchc_doc_number(self.number, symbol).replace("\u00a0", " ")
        reference = (
            f"(Kèm theo Kế hoạch số {number} "
            f"{self._cchc_doc_long_date(self.issue_date, self.year)} "
            f"của {self.company_id.name})"
        ).replace("\u00a0", " ")
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

    # ------------------------------------------------------------------
    # Copy to another year
    # ------------------------------------------------------------------
    def _cchc_copy_to_year(self, year, name=None):
        """A new draft for ``year`` with the tasks, texts and legal bases of this plan.

        Dates move by the number of years between the plans (29 February becomes
        28 February); states, numbers, results, outputs and evidence are not copied,
        nor the measured actuals of the targets.
        """
        self.ensure_one()
        if not year or year <= 0:
            raise UserError(self.env._("Give the year of the new plan."))
        years = year - self.year
        if not years:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' is already for %(year)s: choose another year.",
                    plan=self.display_name,
                    year=year,
                )
            )

        def shift(day):
            return day + relativedelta(years=years) if day else day

        new_plan = self.with_context(mail_create_nolog=True).copy(
            {
                "name": name or self._cchc_default_copy_name(year),
                "year": year,
                "date_start": shift(self.date_start),
                "date_end": shift(self.date_end),
                "parent_id": False,
                "submission_deadline": False,
            }
        )
        new_plan.target_ids.write({"actual_value": 0.0, "actual_recorded": False})
        tasks = self.task_ids.filtered(lambda t: t.state != "cancelled")
        vals_list = tasks.copy_data({"plan_id": new_plan.id})
        for task, vals in zip(tasks, vals_list):
            vals["date_start"] = shift(task.date_start)
            vals["date_deadline"] = shift(task.date_deadline)
        self.env["cchc.task"].with_context(mail_create_nolog=True).create(vals_list)
        body = self.env._(
            "Copied from plan %(plan)s (%(year)s).",
            plan=self.display_name,
            year=self.year,
        )
        mentions = new_plan._cchc_year_mentions()
        if mentions:
            body = Markup("%s<br/>%s<ul>%s</ul>") % (
                body,
                self.env._("Check these mentions of earlier years:"),
                Markup().join(
                    Markup("<li>%s: %s</li>") % (where, text) for where, text in mentions[:50]
                ),
            )
        new_plan.message_post(body=body, subtype_xmlid="mail.mt_note")
        return new_plan

    def _cchc_default_copy_name(self, year):
        self.ensure_one()
        name = self.name or ""
        old = str(self.year)
        if old in name:
            return name.replace(old, str(year))
        return name
