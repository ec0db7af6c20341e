#!/usr/bin/env python3
"""Benchmark of the plan's documents: the printed plan (PDF) and its appendix in Excel.

Run it with any python3 from the repository root; Odoo 18 is found the way
scripts/run_tests.sh finds it (ODOO_BIN, else `odoo` / `odoo-bin` on PATH):

    python3 bench/bench_plan_documents.py                  # database cchc_bench_docs, dropped
    python3 bench/bench_plan_documents.py --template my_db --json bench/out/docs.json

or, in a database that already has the addon (nothing is committed; the variables
CCHC_BENCH_TASKS, CCHC_BENCH_PDF_TASKS, CCHC_BENCH_RUNS, CCHC_BENCH_SAVE_PDF set the
options):

    odoo shell -d MY_DB --addons-path=... --no-http < bench/bench_plan_documents.py

It seeds 11 departments, a plan with --pdf-tasks tasks (ORM) and a plan with --tasks
tasks (bulk SQL), then measures (median of --runs, after one warm-up run):

* the PDF of the plan with 300 tasks (`ir.actions.report._render_qweb_pdf` of
  `cchc_outreach.action_report_cchc_plan`: the portrait plan, its landscape
  appendix, stamps and merge) - target <= 10 s;
* the appendix of the plan with 50 000 tasks as .xlsx
  (`report.cchc_outreach.report_cchc_plan._cchc_xlsx`, the file the "Appendix (Excel)"
  button streams), next to Odoo's own list export
  to .xlsx of the same rows and columns, done in the same run the way
  `/web/export/xlsx` does it (`export_data` + `ExcelExport.from_data`) - target
  ratio <= 1.0;

and prints a markdown table.
"""

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent) if "__file__" in globals() else "bench")
from _common import base_arg_parser, log, markdown_table, repeat, run_bench, write_json  # noqa: E402

PDF_TARGET_SECONDS = 10.0
XLSX_TARGET_RATIO = 1.0
DEPARTMENT_NAMES = [
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Phòng Kế hoạch - Tài chính - Tổng hợp",
    "Phòng Tổ chức cán bộ",
    "Phòng Quản lý thương mại",
    "Phòng Quản lý công nghiệp",
    "Phòng Quản lý năng lượng",
    "Phòng Kỹ thuật an toàn - Môi trường",
    "Chi cục Quản lý thị trường",
    "Trung tâm Khuyến công",
    "Trung tâm Xúc tiến thương mại",
]
TASK_WORDS = (
    "Tuyên truyền cải cách hành chính, hướng dẫn người dân và doanh nghiệp nộp hồ sơ trực "
    "tuyến, thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia và Trang thông tin điện tử "
    "của Sở, lồng ghép trong hội nghị, lớp tập huấn và sinh hoạt của các tổ chức Đoàn thể"
).split()
EXPORT_FIELDS = [
    ("sequence", "STT"),
    ("name", "Nhiệm vụ"),
    ("product_description", "Sản phẩm"),
    ("lead_department_id", "Đơn vị chủ trì"),
    ("cooperating_department_ids", "Đơn vị phối hợp"),
    ("date_deadline", "Thời hạn hoàn thành"),
    ("budget_estimate", "Kinh phí (đồng)"),
]


# ----------------------------------------------------------------------------
# Driver: plain python3
# ----------------------------------------------------------------------------
def main():
    parser = base_arg_parser(__doc__.split("\n\n")[0], "cchc_bench_docs")
    parser.add_argument("--tasks", type=int, default=50000, help="tasks of the Excel plan")
    parser.add_argument("--pdf-tasks", type=int, default=300, help="tasks of the printed plan")
    parser.add_argument("--runs", type=int, default=3, help="measured runs of each measure")
    parser.add_argument("--save-pdf", help="write the printed plan to this file, to look at it")
    args = parser.parse_args()
    options = {"tasks": args.tasks, "pdf_tasks": args.pdf_tasks, "runs": args.runs}
    options["json"] = args.json and str(Path(args.json).resolve())
    options["save_pdf"] = args.save_pdf and str(Path(args.save_pdf).resolve())
    return run_bench(args, "bench_plan_documents", "run", options)


# ----------------------------------------------------------------------------
# Inside odoo shell
# ----------------------------------------------------------------------------
def run(env, options_json):
    options = json.loads(options_json)
    bench = PlanDocumentsBench(env, options)
    bench.seed()
    results = bench.measure()
    bench.report(results)
    write_json(options.get("json"), results)
    env.cr.rollback()


class PlanDocumentsBench:
    def __init__(self, env, options):
        self.env = env
        self.options = options
        self.year = 2026
        self.random = random.Random(20260207)

    def _task_name(self, index):
        words = self.random.randint(8, 24)
        start = self.random.randint(0, len(TASK_WORDS) - words)
        return f"{index}. " + " ".join(TASK_WORDS[start : start + words])

    def seed(self):
        env = self.env
        company = env.company
        company.write(
            {
                "name": "Sở Công Thương",
                "cchc_issuer_code": "SCT",
                "cchc_superior_body": "UBND tỉnh Đồng Nai",
                "cchc_place": "Đồng Nai",
            }
        )
        Department = env["hr.department"]
        self.departments = Department.browse(
            [
                Department.create({"name": f"{name} (bench)", "company_id": company.id}).id
                for name in DEPARTMENT_NAMES
            ]
        )
        log(f"seeding the printed plan: {self.options['pdf_tasks']} tasks (ORM)")
        self.pdf_plan = self._plan("Kế hoạch in thử")
        vals_list = []
        for index in range(self.options["pdf_tasks"]):
            lead = self.departments[index % len(self.departments)]
            others = self.departments - lead
            vals_list.append(
                {
                    "plan_id": self.pdf_plan.id,
                    "sequence": index + 1,
                    "name": self._task_name(index + 1),
                    "product_description": f"{1 + index % 12} tin, bài; {index % 5} lớp tập huấn",
                    "lead_department_id": lead.id,
                    "cooperating_department_ids": [(6, 0, others[: index % 3].ids)],
                    "date_deadline": date(self.year, 1, 1) + timedelta(days=index % 365),
                    "budget_estimate": (index % 7) * 5_000_000,
                }
            )
        env["cchc.task"].with_context(tracking_disable=True).create(vals_list)
        self.pdf_plan.sudo().write(
            {"state": "issued", "number": "7/KH-SCT", "issue_date": date(self.year, 2, 7)}
        )
        log(f"seeding the Excel plan: {self.options['tasks']} tasks (SQL)")
        self.xlsx_plan = self._plan("Kế hoạch xuất Excel")
        self._seed_tasks_sql(self.xlsx_plan, self.options["tasks"])
        env.flush_all()
        env.invalidate_all()

    def _plan(self, name):
        return self.env["cchc.plan"].create(
            {
                "name": f"{name} năm {self.year}",
                "year": self.year,
                "coordinating_department_id": self.departments[2].id,
                "recipient_ids": [
                    (0, 0, {"name": "UBND tỉnh", "purpose": "report"}),
                    (0, 0, {"name": "VT, KH", "purpose": "archive"}),
                ],
            }
        )

    def _seed_tasks_sql(self, plan, count):
        cr = self.env.cr
        dept_ids = self.departments.ids
        names = [self._task_name(index + 1) for index in range(count)]
        cr.execute(
            """
            INSERT INTO cchc_task (name, sequence, plan_id, company_id, lead_department_id,
                                   product_description, date_deadline, budget_estimate,
                                   state, active, create_uid, create_date, write_uid, write_date)
            SELECT n.name, n.i, %(plan)s, %(company)s,
                   (%(depts)s::int[])[1 + n.i %% %(n_depts)s],
                   (1 + n.i %% 12) || ' tin, bài trên trang thông tin điện tử',
                   %(start)s::date + (n.i * 7 %% 365)::int,
                   (n.i %% 7) * 5000000,
                   'todo', true, %(uid)s, now(), %(uid)s, now()
              FROM unnest(%(names)s::varchar[]) WITH ORDINALITY AS n(name, i)
            """,
            {
                "plan": plan.id,
                "company": plan.company_id.id,
                "depts": dept_ids,
                "n_depts": len(dept_ids),
                "start": date(self.year, 1, 1),
                "uid": self.env.uid,
                "names": names,
            },
        )
        cr.execute(
            """
            INSERT INTO cchc_task_cooperating_department_rel (task_id, department_id)
            SELECT t.id, (%(depts)s::int[])[1 + (t.sequence + k) %% %(n_depts)s]
              FROM cchc_task t, generate_series(1, 2) k
             WHERE t.plan_id = %(plan)s AND k <= t.sequence %% 3
            """,
            {"plan": plan.id, "depts": dept_ids, "n_depts": len(dept_ids)},
        )
        cr.execute("ANALYZE cchc_task")
        cr.execute("ANALYZE cchc_task_cooperating_department_rel")

    # ------------------------------------------------------------------
    def _odoo_list_export(self, task_ids):
        """What /web/export/xlsx does for these rows and columns (no HTTP request)."""
        from types import SimpleNamespace
        from unittest.mock import patch

        from odoo.addons.web.controllers import export as web_export

        Task = self.env["cchc.task"].with_context(import_compat=False)
        field_names = [name for name, _label in EXPORT_FIELDS]
        fields = [
            {"name": name, "label": label, "type": Task._fields[name].type}
            for name, label in EXPORT_FIELDS
        ]
        headers = [label for _name, label in EXPORT_FIELDS]
        with patch.object(web_export, "request", SimpleNamespace(env=self.env)):
            rows = Task.browse(task_ids).export_data(field_names).get("datas", [])
            return web_export.ExcelExport().from_data(fields, headers, rows)

    def measure(self):
        env = self.env
        runs = self.options["runs"]
        results = {"options": self.options}

        log("measuring the PDF")
        Report = env["ir.actions.report"].with_context(force_report_rendering=True)

        def render_pdf():
            return Report._render_qweb_pdf(
                "cchc_outreach.action_report_cchc_plan", self.pdf_plan.ids
            )[0]

        measured = repeat(env, {"pdf": render_pdf}, runs)["pdf"]
        pdf_median, pdf_times, pdf = measured["median"], measured["times"], measured["result"]
        from odoo.tools.pdf import PdfFileReader

        reader = PdfFileReader(__import__("io").BytesIO(pdf), strict=False)
        pages = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
        if self.options.get("save_pdf"):
            Path(self.options["save_pdf"]).write_bytes(pdf)
        results["pdf"] = {
            "tasks": self.options["pdf_tasks"],
            "median_seconds": pdf_median,
            "times": pdf_times,
            "pages": len(pages),
            "landscape_pages": sum(1 for w, h in pages if w > h),
            "bytes": len(pdf),
        }

        log("measuring the Excel appendix and Odoo's list export")
        document = env["report.cchc_outreach.report_cchc_plan"]
        task_ids = document._cchc_printed_tasks(self.xlsx_plan).ids

        # interleaved runs (load from other processes hits both alike), empty caches
        measured = repeat(
            env,
            {
                "ours": lambda: document._cchc_xlsx(self.xlsx_plan),
                "odoo": lambda: self._odoo_list_export(task_ids),
            },
            runs,
        )
        ours, odoo = measured["ours"], measured["odoo"]
        results["xlsx"] = {
            "tasks": len(task_ids),
            "ours_median_seconds": ours["median"],
            "odoo_median_seconds": odoo["median"],
            "ours_times": ours["times"],
            "odoo_times": odoo["times"],
            "ours_bytes": len(ours["result"]),
            "odoo_bytes": len(odoo["result"]),
        }
        results["xlsx"]["ratio"] = (
            results["xlsx"]["ours_median_seconds"] / results["xlsx"]["odoo_median_seconds"]
        )
        return results

    def report(self, results):
        pdf, xlsx = results["pdf"], results["xlsx"]
        rows = [
            (
                f"PDF of a plan with {pdf['tasks']} tasks "
                f"({pdf['pages']} pages, {pdf['landscape_pages']} landscape)",
                f"{pdf['median_seconds']:.2f} s",
                f"<= {PDF_TARGET_SECONDS:.0f} s",
                "ok" if pdf["median_seconds"] <= PDF_TARGET_SECONDS else "MISSED",
            ),
            (
                f"Appendix .xlsx, {xlsx['tasks']} tasks (cchc_outreach)",
                f"{xlsx['ours_median_seconds']:.2f} s",
                "",
                "",
            ),
            (
                f"Odoo list export .xlsx, same {xlsx['tasks']} rows and 7 columns",
                f"{xlsx['odoo_median_seconds']:.2f} s",
                "",
                "",
            ),
            (
                "ratio cchc_outreach / Odoo",
                f"{xlsx['ratio']:.2f}",
                f"<= {XLSX_TARGET_RATIO:.1f}",
                "ok" if xlsx["ratio"] <= XLSX_TARGET_RATIO else "MISSED",
            ),
        ]
        headers = ("measure", f"median of {self.options['runs']}", "target", "")
        print()
        print(markdown_table(headers, rows))
        print()


if __name__ == "__main__":
    if "env" in globals():  # piped into `odoo shell`: measure in this database, roll back
        import os

        run(  # noqa: F821 (env is the shell's)
            env,  # noqa: F821
            json.dumps(
                {
                    "tasks": int(os.environ.get("CCHC_BENCH_TASKS", 50000)),
                    "pdf_tasks": int(os.environ.get("CCHC_BENCH_PDF_TASKS", 300)),
                    "runs": int(os.environ.get("CCHC_BENCH_RUNS", 3)),
                    "save_pdf": os.environ.get("CCHC_BENCH_SAVE_PDF"),
                }
            ),
        )
    else:
        sys.exit(main())
