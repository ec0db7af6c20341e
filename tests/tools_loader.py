"""Load ``cchc_outreach/tools`` for the unit tests without importing Odoo.

``cchc_outreach/__init__.py`` imports the addon's models (hence Odoo), so the ``tools``
sub-package is loaded on its own, from its file, as the top-level package ``cchc_tools``
(its modules only use relative imports among themselves).
"""

import importlib
import importlib.util
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TOOLS_DIR = REPO_ROOT / "cchc_outreach" / "tools"
PACKAGE = "cchc_tools"


def load(module):
    """Return ``cchc_outreach/tools/<module>.py``, imported as ``cchc_tools.<module>``."""
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            PACKAGE, TOOLS_DIR / "__init__.py", submodule_search_locations=[str(TOOLS_DIR)]
        )
        package = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = package
        try:
            spec.loader.exec_module(package)
        except BaseException:
            del sys.modules[PACKAGE]
            raise
    return importlib.import_module(f"{PACKAGE}.{module}")
