"""Shared helpers for the repository-level checks (no Odoo import needed).

The addon under test is ``<repo>/cchc_outreach`` unless the environment
variable ``CCHC_ADDON_DIR`` points somewhere else (used to try the checks on a
throw-away sample addon).
"""

import ast
import csv
import os
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDON_DIR = Path(os.environ.get("CCHC_ADDON_DIR") or REPO_ROOT / "cchc_outreach").resolve()
ADDON_NAME = ADDON_DIR.name

# Folders whose XML/CSV files are Odoo data files and must be declared in the manifest.
DATA_FOLDERS = ("data", "views", "security", "report", "wizard", "wizards", "demo")

# Folders never scanned (caches, virtualenvs, ...).
IGNORED_PARTS = {"__pycache__", ".git", "node_modules", ".venv", ".venv-checks"}


def rel(path):
    """Path relative to the addon, with forward slashes (as in the manifest)."""
    return Path(path).resolve().relative_to(ADDON_DIR).as_posix()


def addon_files(*suffixes):
    """All files of the addon ending with one of ``suffixes`` (sorted)."""
    if not ADDON_DIR.is_dir():
        return []
    result = []
    for path in sorted(ADDON_DIR.rglob("*")):
        if not path.is_file():
            continue
        if IGNORED_PARTS.intersection(path.relative_to(ADDON_DIR).parts):
            continue
        if path.name.endswith(tuple(suffixes)):
            result.append(path)
    return result


def python_files(include_tests=True):
    files = addon_files(".py")
    if not include_tests:
        files = [f for f in files if rel(f).split("/")[0] != "tests"]
    return files


@cache
def manifest():
    """The addon manifest as a dict (``ast.literal_eval``)."""
    path = ADDON_DIR / "__manifest__.py"
    assert path.is_file(), f"{path} does not exist"
    return ast.literal_eval(path.read_text(encoding="utf-8"))


def manifest_files(key):
    """Files listed under a manifest key ('data', 'demo'), normalised."""
    return [Path(f).as_posix() for f in manifest().get(key, [])]


def declared_models():
    """Models created by the addon's python code: {model_name: (file, class, kind)}.

    A class counts when it sets ``_name`` to a string literal and that name is
    not also in its ``_inherit`` (that would be an extension of an existing
    model).  ``kind`` is the base class attribute: Model, TransientModel or
    AbstractModel.
    """
    models = {}
    for path in python_files(include_tests=False):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            kind = None
            for base in node.bases:
                name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", None)
                if name in ("Model", "TransientModel", "AbstractModel"):
                    kind = name
            if kind is None:
                continue
            attrs = {}
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    target = stmt.targets[0]
                    if isinstance(target, ast.Name) and target.id in ("_name", "_inherit"):
                        try:
                            attrs[target.id] = ast.literal_eval(stmt.value)
                        except ValueError:
                            attrs[target.id] = None
            name = attrs.get("_name")
            if not isinstance(name, str):
                continue
            inherit = attrs.get("_inherit") or []
            if isinstance(inherit, str):
                inherit = [inherit]
            if name in inherit:
                continue
            models[name] = (rel(path), node.name, kind)
    return models


def access_rows():
    """Rows of security/ir.model.access.csv as dicts (header-based)."""
    path = ADDON_DIR / "security" / "ir.model.access.csv"
    assert path.is_file(), f"{path} does not exist"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def local_xmlid(xmlid):
    """'module.name' -> 'name' ; 'name' -> 'name'."""
    return (xmlid or "").strip().split(".", 1)[-1]
