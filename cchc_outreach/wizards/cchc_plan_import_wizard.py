import base64
import datetime
import io
import re
import unicodedata
import zipfile

import openpyxl

from odoo import fields, models
from odoo.exceptions import UserError

# Accepted header labels per appendix column (normalised: NFC, lower case, single spaces).
HEADER_ALIASES = {
    "sequence": ("stt", "tt", "số tt", "no.", "no", "#"),
    "name": ("nhiệm vụ", "nội dung nhiệm vụ", "nội dung", "task", "tasks"),
    "product": ("sản phẩm", "sản phẩm dự kiến", "product", "expected product"),
    "lead": ("đơn vị chủ trì", "chủ trì", "lead unit", "lead department"),
    "cooperating": (
        "đơn vị phối hợp",
        "phối hợp",
        "cooperating units",
        "cooperating departments",
    ),
    "deadline": ("thời hạn hoàn thành", "thời hạn", "thời gian hoàn thành", "deadline"),
    "budget": ("kinh phí (đồng)", "kinh phí", "kinh phí (vnđ)", "budget", "budget estimate"),
}
TOTAL_LABELS = ("tổng cộng", "tổng", "total")
HEADER_SCAN_ROWS = 20
DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
GROUPED_NUMBER_RE = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")
PLAIN_NUMBER_RE = re.compile(r"^\d+([.,]\d+)?$")
DEPARTMENT_SPLIT_RE = re.compile(r"[;,\n]+")


def _normalise(value):
    text = unicodedata.normalize("NFC", str(value or "")).strip().lower()
    return " ".join(text.split())


class CchcPlanImportWizard(models.TransientModel):
    _name = "cchc.plan.import.wizard"
    _description = "Import a CCHC Plan's Tasks from an Appendix Sheet"

    plan_id = fields.Many2one("cchc.plan", required=True, ondelete="cascade")
    file = fields.Binary(string="Appendix Sheet", required=True)
    file_name = fields.Char()
    error_message = fields.Text(string="Rows to Correct", readonly=True)

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    def _read_sheet(self):
        """Rows of the first sheet as (row number, tuple of cell values)."""
        try:
            content = base64.b64decode(self.file)
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (ValueError, KeyError, OSError, zipfile.BadZipFile) as error:
            raise UserError(
                self.env._(
                    "The file %(file)s cannot be read as an Excel (.xlsx) sheet: %(error)s",
                    file=self.file_name or "",
                    error=error,
                )
            )
        sheet = workbook.worksheets[0]
        rows = [
            (number, tuple(row))
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        workbook.close()
        return rows

    def _find_columns(self, rows):
        """Header row number and {column key: index}, from the first rows of the sheet."""
        aliases = {alias: key for key, labels in HEADER_ALIASES.items() for alias in labels}
        for number, values in rows[:HEADER_SCAN_ROWS]:
            columns = {}
            for index, value in enumerate(values):
                key = aliases.get(_normalise(value))
                if key and key not in columns:
                    columns[key] = index
            if "name" in columns:
                return number, columns
        raise UserError(
            self.env._(
                "No header row found in the first %(count)s rows of the sheet: it needs at "
                "least a column 'Nhiệm vụ' (Task), as in the exported appendix.",
                count=HEADER_SCAN_ROWS,
            )
        )

    def _department_index(self):
        """Departments of the plan's company by normalised name (every language)."""
        company = self.plan_id.company_id
        departments = self.env["hr.department"].search([("company_id", "in", [company.id, False])])
        langs = {self.env.lang or "en_US", "en_US", self.plan_id._cchc_report_lang()}
        index = {}
        for department in departments:
            names = {department.with_context(lang=lang).name for lang in langs}
            names |= {department.complete_name}
            for name in names:
                index.setdefault(_normalise(name), set()).add(department.id)
        return index

    # ------------------------------------------------------------------
    # Parsing
    # ------------------------------------------------------------------
    def _parse_date(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        match = DATE_RE.match(str(value).strip())
        if not match:
            raise ValueError
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)

    def _parse_amount(self, value):
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, (int, float)):
            amount = float(value)
        else:
            text = str(value).strip().lower()
            for unit in ("vnđ", "vnd", "đồng", "đ"):
                text = text.removesuffix(unit).strip()
            if GROUPED_NUMBER_RE.match(text):
                amount = float(re.sub(r"[.,\s]", "", text))
            elif PLAIN_NUMBER_RE.match(text):
                amount = float(text.replace(",", "."))
            else:
                raise ValueError
        if amount < 0:
            raise ValueError
        return amount

    def _parse_rows(self):
        """Task values for every row, and the errors found (row number, reason)."""
        self.ensure_one()
        plan = self.plan_id
        rows = self._read_sheet()
        header_number, columns = self._find_columns(rows)
        departments = self._department_index()
        Department = self.env["hr.department"]
        vals_list, errors = [], []

        def cell(values, key):
            index = columns.get(key)
            if index is None or index >= len(values):
                return None
            value = values[index]
            if isinstance(value, str):
                value = value.strip()
            return None if value in ("", None) else value

        def department(name, row_number, role):
            ids = departments.get(_normalise(name), set())
            if len(ids) == 1:
                return Department.browse(next(iter(ids)))
            if not ids:
                errors.append(
                    (
                        row_number,
                        self.env._(
                            "%(role)s '%(name)s' is not a department of %(company)s.",
                            role=role,
                            name=name,
                            company=plan.company_id.name,
                        ),
                    )
                )
            else:
                errors.append(
                    (
                        row_number,
                        self.env._(
                            "%(role)s '%(name)s' matches several departments: use its full "
                            "name (with its parent department).",
                            role=role,
                            name=name,
                        ),
                    )
                )
            return Department

        sequence = 0
        for number, values in rows:
            if number <= header_number:
                continue
            keys = [key for key in columns if cell(values, key) is not None]
            if not keys:
                continue
            name = cell(values, "name")
            name_text = _normalise(name)
            if name_text in TOTAL_LABELS and not {"lead", "cooperating", "deadline"} & set(keys):
                continue
            errors_before = len(errors)
            if name is None:
                errors.append((number, self.env._("The task (column 'Nhiệm vụ') is empty.")))
            lead = Department
            if cell(values, "lead") is not None:
                lead = department(str(cell(values, "lead")), number, self.env._("Lead unit"))
            cooperating = Department
            if cell(values, "cooperating") is not None:
                for part in DEPARTMENT_SPLIT_RE.split(str(cell(values, "cooperating"))):
                    if part.strip():
                        cooperating |= department(
                            part.strip(), number, self.env._("Cooperating unit")
                        )
            if lead and lead in cooperating:
                errors.append(
                    (
                        number,
                        self.env._(
                            "%(department)s cannot both lead and cooperate on the task.",
                            department=lead.name,
                        ),
                    )
                )
            deadline = False
            raw_deadline = cell(values, "deadline")
            if raw_deadline is not None:
                try:
                    deadline = self._parse_date(raw_deadline)
                except (ValueError, TypeError):
                    errors.append(
                        (
                            number,
                            self.env._(
                                "The deadline '%(value)s' is not a date (dd/mm/yyyy).",
                                value=raw_deadline,
                            ),
                        )
                    )
                else:
                    if not plan.date_start <= deadline <= plan.date_end:
                        errors.append(
                            (
                                number,
                                self.env._(
                                    "The deadline %(day)s is outside the plan's period "
                                    "(%(start)s – %(end)s).",
                                    day=deadline.strftime("%d/%m/%Y"),
                                    start=plan.date_start.strftime("%d/%m/%Y"),
                                    end=plan.date_end.strftime("%d/%m/%Y"),
                                ),
                            )
                        )
            budget = 0.0
            raw_budget = cell(values, "budget")
            if raw_budget is not None:
                try:
                    budget = self._parse_amount(raw_budget)
                except (ValueError, TypeError):
                    errors.append(
                        (
                            number,
                            self.env._(
                                "The budget '%(value)s' is not a positive amount.",
                                value=raw_budget,
                            ),
                        )
                    )
            if len(errors) > errors_before:
                continue
            sequence += 1
            product = cell(values, "product")
            vals_list.append(
                {
                    "plan_id": plan.id,
                    "sequence": sequence,
                    "name": str(name),
                    "product_description": str(product) if product is not None else False,
                    "lead_department_id": lead.id,
                    "cooperating_department_ids": [fields.Command.set(cooperating.ids)],
                    "date_deadline": deadline,
                    "budget_estimate": budget,
                }
            )
        return vals_list, errors

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------
    def action_import(self):
        """Create the tasks when every row is valid; otherwise list the rows to correct."""
        self.ensure_one()
        if self.plan_id.state != "draft":
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' is no longer a draft: tasks are imported into draft "
                    "plans only.",
                    plan=self.plan_id.display_name,
                )
            )
        vals_list, errors = self._parse_rows()
        if not vals_list and not errors:
            errors = [(0, self.env._("The sheet has no task row under its header."))]
        if errors:
            self.error_message = "\n".join(
                self.env._("Row %(row)s: %(reason)s", row=row, reason=reason) if row else reason
                for row, reason in errors
            )
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "target": "new",
                "name": self.env._("Import Appendix"),
            }
        offset = max(self.plan_id.task_ids.mapped("sequence") or [0])
        for vals in vals_list:
            vals["sequence"] += offset
        tasks = self.env["cchc.task"].create(vals_list)
        self.plan_id.message_post(
            body=self.env._(
                "%(count)s task(s) imported from %(file)s.",
                count=len(tasks),
                file=self.file_name or self.env._("an appendix sheet"),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s task(s) imported.", count=len(tasks)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
