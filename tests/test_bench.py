"""bench/: README.md documents every script and helper module, and the scripts take their
set-up from bench/_common.py instead of copying it."""

import pytest

from addon_utils import REPO_ROOT

BENCH = REPO_ROOT / "bench"
SCRIPTS = sorted(path for path in BENCH.glob("*.py") if not path.name.startswith("_"))
# What bench/_common.py provides: a script defining or doing one of these copies it.
COMMON_ONLY = (
    "def find_odoo(",
    "def drop_db(",
    "def db_exists(",
    "def log(",
    "def _log(",
    "def run_shell(",
    "def markdown_table(",
    '"createdb"',
    '"dropdb"',
    "--without-demo=all",
    "time.strftime(",
)


def test_readme_names_every_script_and_helper():
    readme = (BENCH / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted(BENCH.glob("*.py")) if f"`{p.name}`" not in readme]
    assert not missing, f"bench/README.md does not document {missing}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_script_uses_the_common_helpers(script):
    text = script.read_text(encoding="utf-8")
    assert "from _common import" in text
    copied = [snippet for snippet in COMMON_ONLY if snippet in text]
    assert not copied, f"{script.name} copies what _common.py provides: {copied}"
