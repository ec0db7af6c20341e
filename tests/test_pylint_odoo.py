"""The pylint-odoo configuration really checks something.

pylint-odoo and ruff themselves run on the repository through pre-commit
(.pre-commit-config.yaml), which the test command runs after these tests.
"""

import re
import subprocess
import sys
import textwrap

from addon_utils import REPO_ROOT

RCFILE = REPO_ROOT / ".pylintrc-mandatory"
MESSAGE_RE = re.compile(r"^\S+:\d+: \[[A-Z]\d{4}\(([a-z0-9-]+)\)", re.MULTILINE)


def _pylint(target):
    cmd = [
        sys.executable,
        "-m",
        "pylint",
        f"--rcfile={RCFILE}",
        "--valid-odoo-versions=18.0",
        target.name,
    ]
    proc = subprocess.run(
        cmd, cwd=target.parent, capture_output=True, text=True, timeout=600, check=False
    )
    return proc, MESSAGE_RE.findall(proc.stdout)


def test_pylint_plugin_is_installed():
    import pylint_odoo  # noqa: F401  (fails, never skips, when the plugin is missing)


def test_pylint_config_detects_violations(tmp_path):
    """Guard against a config that silently checks nothing."""
    addon = tmp_path / "bad_addon"
    addon.mkdir()
    (addon / "__init__.py").write_text("from . import models\n")
    (addon / "__manifest__.py").write_text(
        textwrap.dedent(
            """\
            {
                "name": "Bad",
                "version": "17.0.1.0.0",
                "author": "Somebody Else",
                "license": "Proprietary-ish",
                "description": "deprecated key",
                "depends": ["base"],
            }
            """
        )
    )
    (addon / "models.py").write_text(
        textwrap.dedent(
            """\
            from odoo import models


            class Foo(models.Model):
                _inherit = "res.partner"

                def write(self, vals):
                    print(vals)
                    return True
            """
        )
    )
    proc, messages = _pylint(addon)
    expected = {
        "manifest-version-format",
        "manifest-required-author",
        "license-allowed",
        "manifest-deprecated-key",
        "print-used",
        "method-required-super",
    }
    assert expected <= set(messages), (
        f"pylint-odoo config does not report {expected - set(messages)}\n{proc.stdout}{proc.stderr}"
    )
