"""Helpers shared by the benchmark scripts of ``bench/``.

Two halves:

* the *driver* half runs under any ``python3`` (it never imports Odoo): it finds
  Odoo the way ``scripts/run_tests.sh`` does (``scripts/_odoo_env.sh``: ``ODOO_BIN``,
  else ``odoo`` / ``odoo-bin`` on ``PATH``), creates a throw-away database with
  the addon, runs a function of a bench module inside ``odoo shell`` and drops
  the database;
* the *Odoo* half (called with an ``env``) measures time and SQL queries, builds
  the ``specification`` the web client sends for a view, and prints tables.
"""

import argparse
import contextlib
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
MODULE = "cchc_outreach"


# ----------------------------------------------------------------------------
# Driver half: plain python3
# ----------------------------------------------------------------------------
def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def find_odoo():
    """Return (command list, addons path, extra args) of the Odoo 18 found here."""
    if not os.environ.get("XDG_RUNTIME_DIR"):
        # As scripts/_odoo_env.sh: wkhtmltopdf (Qt) warns on every print without it.
        runtime = Path(os.environ.get("TMPDIR", "/tmp"), f"cchc-runtime-{os.getuid()}")
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    env_sh = REPO_ROOT / "scripts" / "_odoo_env.sh"
    if env_sh.is_file():
        script = (
            f"source {shlex.quote(str(env_sh))}\n"
            'cchc_find_odoo || { echo "$ODOO_NOT_FOUND" >&2; exit 1; }\n'
            'printf "%s\\n" "${#ODOO_CMD[@]}" "${ODOO_CMD[@]}" "$ODOO_ADDONS" '
            '"${#ODOO_EXTRA[@]}" "${ODOO_EXTRA[@]}"\n'
        )
        proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
        if proc.returncode:
            raise SystemExit(f"No usable Odoo 18 found: {proc.stderr.strip()}")
        lines = proc.stdout.splitlines()
        n_cmd = int(lines[0])
        cmd = lines[1 : 1 + n_cmd]
        addons = lines[1 + n_cmd]
        n_extra = int(lines[2 + n_cmd])
        extra = lines[3 + n_cmd : 3 + n_cmd + n_extra]
        return cmd, addons, extra
    # Without the shared helper: ODOO_BIN or odoo on PATH, ODOO_ADDONS_PATH required.
    odoo_bin = os.environ.get("ODOO_BIN") or shutil.which("odoo") or shutil.which("odoo-bin")
    if not odoo_bin or not os.environ.get("ODOO_ADDONS_PATH"):
        raise SystemExit(
            "No scripts/_odoo_env.sh: set ODOO_BIN and ODOO_ADDONS_PATH (Odoo's own addons folder)."
        )
    addons = f"{os.environ['ODOO_ADDONS_PATH']},{REPO_ROOT}"
    return [odoo_bin], addons, shlex.split(os.environ.get("ODOO_EXTRA_ARGS", ""))


def psql_value(sql, db="postgres"):
    proc = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-d", db, "-c", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        raise SystemExit(f"psql failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def db_exists(db):
    return psql_value(f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"


def drop_db(db):
    if shutil.which("dropdb"):
        subprocess.run(["dropdb", "--if-exists", db], check=False)
    else:
        psql_value(f'DROP DATABASE IF EXISTS "{db}"')


def base_arg_parser(description, default_db):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--db",
        default=default_db,
        help=f"throw-away database to create, fill and drop (default: {default_db})",
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="do not drop the database at the end"
    )
    parser.add_argument(
        "--template",
        help="copy this database (addon installed, no CCHC data yet) and update the "
        "addon in the copy, instead of installing it in a new database (faster)",
    )
    parser.add_argument(
        "--replace-db",
        action="store_true",
        help="drop the database first if it already exists",
    )
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--log-level", default="warn", help="Odoo log level (default: warn)")
    return parser


def odoo_args(addons, extra, db, log_level):
    """The arguments of an Odoo command on database ``db`` (no HTTP)."""
    return [f"--addons-path={addons}", *extra, "-d", db, "--no-http", f"--log-level={log_level}"]


def odoo_for(args):
    """(cmd, addons path, extra args, common args) of the Odoo found here, for ``args.db``."""
    cmd, addons, extra = find_odoo()
    return cmd, addons, extra, odoo_args(addons, extra, args.db, args.log_level)


def copy_db(template, db):
    """A new database ``db``, a copy of ``template`` (PostgreSQL's createdb -T)."""
    proc = subprocess.run(["createdb", "-T", template, db], check=False)
    if proc.returncode:
        raise SystemExit(f"createdb -T {template} {db} failed")


@contextlib.contextmanager
def bench_database(args, demo=False):
    """Creates ``args.db`` with the addon -- a copy of ``--template`` updated with ``-u``, else
    a new database (with the demo data if ``demo``) -- yields ``odoo_for(args)``, and drops
    the database at the end unless ``--keep-db``. An existing database is only replaced with
    ``--replace-db``."""
    cmd, addons, extra, common = odoo_for(args)
    if db_exists(args.db):
        if not args.replace_db:
            raise SystemExit(f"Database {args.db} already exists: drop it or pass --replace-db.")
        drop_db(args.db)
    try:
        start = time.monotonic()
        if args.template:
            log(f"creating database {args.db} as a copy of {args.template}")
            copy_db(args.template, args.db)
            # The template may predate the code: bring the addon up to date.
            proc = subprocess.run([*cmd, *common, "-u", MODULE, "--stop-after-init"], check=False)
            if proc.returncode:
                raise SystemExit(f"updating {MODULE} failed (status {proc.returncode})")
        else:
            log(f"creating database {args.db} with {MODULE} ({'demo' if demo else 'no demo'} data)")
            without_demo = [] if demo else ["--without-demo=all"]
            proc = subprocess.run(
                [*cmd, *common, "-i", MODULE, *without_demo, "--stop-after-init"], check=False
            )
            if proc.returncode:
                raise SystemExit(f"installing {MODULE} failed (status {proc.returncode})")
        log(f"database ready in {time.monotonic() - start:.0f} s")
        yield cmd, addons, extra, common
    finally:
        if not args.keep_db:
            log(f"dropping database {args.db}")
            drop_db(args.db)


def _bootstrap(module_name, function_name, options, mark=None):
    code = (
        "import sys, json\n"
        f"sys.path.insert(0, {str(BENCH_DIR)!r})\n"
        f"import {module_name}\n"
        f"result = {module_name}.{function_name}(env, {json.dumps(options)!r})\n"
    )
    if mark:
        code += f"print({mark!r} + json.dumps(result, default=str))\n"
    return code


def run_bench(args, module_name, function_name, options):
    """Create the database, run ``module_name.function_name(env, options)`` in
    ``odoo shell``, drop the database. Returns the shell's exit status."""
    with bench_database(args) as (cmd, _addons, _extra, common):
        bootstrap = _bootstrap(module_name, function_name, options)
        proc = subprocess.run([*cmd, "shell", *common], input=bootstrap, text=True, check=False)
        return proc.returncode


SHELL_RESULT_MARK = "BENCH_JSON:"


def shell_call(cmd, common, module_name, function_name, options):
    """Runs ``module_name.function_name(env, options)`` in ``odoo shell`` and returns what
    it returned (through JSON). Exits with the shell's output when it failed."""
    bootstrap = _bootstrap(module_name, function_name, options, SHELL_RESULT_MARK)
    proc = subprocess.run(
        [*cmd, "shell", *common], input=bootstrap, text=True, capture_output=True, check=False
    )
    for line in proc.stdout.splitlines():
        if line.startswith(SHELL_RESULT_MARK):
            return json.loads(line[len(SHELL_RESULT_MARK) :])
    sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
    raise SystemExit(f"odoo shell ({function_name}) failed with status {proc.returncode}")


# ----------------------------------------------------------------------------
# Odoo half: called with an env inside odoo shell
# ----------------------------------------------------------------------------
class Measure:
    """Wall time and SQL query count of a block: ``with Measure(env) as m: ...``."""

    def __init__(self, env):
        self.cr = env.cr
        self.seconds = 0.0
        self.queries = 0

    def __enter__(self):
        self._queries = self.cr.sql_log_count
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        self.queries = self.cr.sql_log_count - self._queries
        return False


def repeat(env, functions, runs, warmup=1):
    """Call each function of ``functions`` (a dict label → callable) ``runs``
    times, interleaved so that load from other processes hits them alike. Every
    call starts with empty ORM caches. Returns label → dict(median seconds, all
    times, queries of the last run, result of the last run)."""
    results = {label: {"times": [], "queries": [], "result": None} for label in functions}
    for index in range(warmup + runs):
        for label, function in functions.items():
            env.invalidate_all()
            with Measure(env) as measure:
                result = function()
            if index >= warmup:
                entry = results[label]
                entry["times"].append(measure.seconds)
                entry["queries"].append(measure.queries)
                entry["result"] = result
    for entry in results.values():
        entry["median"] = statistics.median(entry["times"])
        entry["queries_median"] = int(statistics.median(entry["queries"]))
    env.invalidate_all()
    return results


def vacuum_analyze(env, tables=None):
    """Commit, then VACUUM ANALYZE ``tables`` (default: the whole database), as
    autovacuum would have done: without fresh statistics PostgreSQL plans the
    queries on the seeded tables (and on res_users…) as if they were empty."""
    import psycopg2

    from odoo import sql_db

    env.flush_all()
    env.cr.commit()
    _db, info = sql_db.connection_info_for(env.cr.dbname)
    info = {key: value for key, value in info.items() if key != "database"}
    connection = psycopg2.connect(dbname=env.cr.dbname, **info)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            if tables is None:
                cursor.execute("VACUUM ANALYZE")
            for table in tables or ():
                cursor.execute(f'VACUUM ANALYZE "{table}"')
    finally:
        connection.close()


# Fields the web client's field widgets add to the record (fieldDependencies)
# or read on the related records (relatedFields), Odoo 18.
WIDGET_DEPENDENCIES = {
    "list_activity": {
        "activity_exception_decoration": {},
        "activity_exception_icon": {},
        "activity_state": {},
        "activity_summary": {},
        "activity_type_icon": {},
        "activity_type_id": {"fields": {"display_name": {}}},
    },
}
WIDGET_DEPENDENCIES["kanban_activity"] = WIDGET_DEPENDENCIES["list_activity"]
WIDGET_RELATED = {
    "many2many_binary": {"name": {}, "mimetype": {}},
}
X2MANY_SUBVIEWS = ("list", "kanban")


def _is_always_invisible(node):
    return any(node.get(attr) in ("1", "True") for attr in ("invisible", "column_invisible"))


def _arch_fields(node):
    """The <field> nodes of a view, without descending into x2many subviews."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        elif child.tag not in ("list", "kanban", "form"):
            yield from _arch_fields(child)


def _view_spec(view_node, models, model_name):
    """Python port of getFieldsSpec (web/static/src/model/relational_model/utils.js)."""
    fields = models[model_name]["fields"]
    spec = {}
    for node in _arch_fields(view_node):
        name = node.get("name")
        field = fields.get(name)
        if field is None:
            continue
        widget = node.get("widget")
        invisible = _is_always_invisible(node)
        entry = spec.setdefault(name, {})
        if field["type"] in ("one2many", "many2many"):
            related = {}
            limit = None
            order = None
            subviews = {child.tag: child for child in node if child.tag in X2MANY_SUBVIEWS}
            subview = subviews.get("list") if "list" in subviews else subviews.get("kanban")
            if subview is not None:
                related = _view_spec(subview, models, field["relation"])
                inline_form = node.find("form")
                if inline_form is not None:
                    for key, value in _view_spec(inline_form, models, field["relation"]).items():
                        related.setdefault(key, value)
                limit = int(subview.get("limit") or 40)
                order = subview.get("default_order")
                if not order:
                    handles = [
                        f.get("name") for f in _arch_fields(subview) if f.get("widget") == "handle"
                    ]
                    if handles:
                        order = f"{handles[0]} ASC"
            elif widget in WIDGET_RELATED:
                related = dict(WIDGET_RELATED[widget])
            elif widget and widget.startswith("many2many_"):
                related = {"display_name": {}}
            if not invisible:
                entry.update({"fields": related, "context": {}})
                if limit:
                    entry["limit"] = limit
                if order:
                    entry["order"] = order
        elif field["type"] in ("many2one", "reference"):
            entry["fields"] = {} if invisible else {"display_name": {}}
        for dep_name, dep_spec in WIDGET_DEPENDENCIES.get(widget, {}).items():
            spec.setdefault(dep_name, dep_spec)
    return spec


def view_specification(env, model_name, view_type):
    """The ``specification`` the web client sends to web_read/web_search_read
    for the default ``view_type`` view of ``model_name``."""
    from lxml import etree

    result = env[model_name].get_views([(False, view_type)])
    arch = etree.fromstring(result["views"][view_type]["arch"])
    spec = _view_spec(arch, result["models"], model_name)
    if view_type == "form":
        spec.setdefault("display_name", {})
    return spec


def list_count_limit(env, model_name):
    """The ``count_limit`` the web client sends for the default list view:
    the view's ``count_limit`` attribute (else 10 000), plus one."""
    from lxml import etree

    result = env[model_name].get_views([(False, "list")])
    arch = etree.fromstring(result["views"]["list"]["arch"])
    return int(arch.get("count_limit") or 10000) + 1


def fmt_seconds(value):
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def fmt_int(value):
    return f"{value:,}".replace(",", " ")


def markdown_table(headers, rows):
    widths = [
        max(len(str(headers[i])), *(len(str(row[i])) for row in rows)) for i in range(len(headers))
    ]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"

    out = [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in rows]
    return "\n".join(out)


def write_json(path, data):
    if not path:
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"results written to {path}", file=sys.stderr)
