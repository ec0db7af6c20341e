"""The addon manifest is complete and every file it lists exists."""

import ast
import re

from addon_utils import ADDON_DIR, manifest

REQUIRED_KEYS = (
    "name",
    "version",
    "license",
    "author",
    "website",
    "category",
    "depends",
    "data",
    "installable",
    "maintainers",
    "development_status",
)
ALLOWED_LICENSES = {
    "AGPL-3",
    "GPL-2",
    "GPL-2 or any later version",
    "GPL-3",
    "GPL-3 or any later version",
    "LGPL-3",
    "OEEL-1",
    "OPL-1",
    "Other OSI approved licence",
    "Other proprietary",
}
DEVELOPMENT_STATUSES = {"Alpha", "Beta", "Production/Stable", "Mature"}


def test_addon_dir_exists():
    assert ADDON_DIR.is_dir(), f"addon folder {ADDON_DIR} does not exist"
    assert (ADDON_DIR / "__init__.py").is_file(), "addon has no __init__.py"


def test_manifest_parses_as_literal_dict():
    source = (ADDON_DIR / "__manifest__.py").read_text(encoding="utf-8")
    value = ast.literal_eval(source)
    assert isinstance(value, dict)


def test_required_keys():
    missing = [key for key in REQUIRED_KEYS if key not in manifest()]
    assert not missing, f"manifest lacks keys: {missing}"


def test_version_format():
    version = manifest()["version"]
    assert isinstance(version, str)
    assert version.startswith("18.0."), f"version {version!r} must start with '18.0.'"
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", version), (
        f"version {version!r} must have 5 numeric dot-separated parts (18.0.x.y.z)"
    )


def test_key_types_and_values():
    m = manifest()
    problems = []
    for key in ("name", "author", "website", "category", "license", "development_status"):
        if not (isinstance(m.get(key), str) and m[key].strip()):
            problems.append(f"{key} must be a non-empty string")
    if m.get("license") not in ALLOWED_LICENSES:
        problems.append(f"license {m.get('license')!r} is not a known Odoo license")
    if m.get("development_status") not in DEVELOPMENT_STATUSES:
        problems.append(
            f"development_status {m.get('development_status')!r} not in {DEVELOPMENT_STATUSES}"
        )
    if not str(m.get("website", "")).startswith(("http://", "https://")):
        problems.append("website must be an http(s) URL")
    maintainers = m.get("maintainers")
    if not (
        isinstance(maintainers, list)
        and maintainers
        and all(isinstance(x, str) for x in maintainers)
    ):
        problems.append("maintainers must be a non-empty list of strings")
    depends = m.get("depends")
    if not (isinstance(depends, list) and all(isinstance(x, str) for x in depends)):
        problems.append("depends must be a list of strings")
    for key in ("data", "demo"):
        value = m.get(key, [])
        if not (isinstance(value, list) and all(isinstance(x, str) for x in value)):
            problems.append(f"{key} must be a list of strings")
    if m.get("installable") is not True:
        problems.append("installable must be True")
    for key in ("description", "active"):
        if key in m:
            problems.append(f"deprecated manifest key {key!r} (use README / auto_install)")
    assert not problems, "\n".join(problems)


def test_external_dependencies():
    ext = manifest().get("external_dependencies")
    if ext is None:
        return
    assert isinstance(ext, dict), "external_dependencies must be a dict"
    unknown = set(ext) - {"python", "bin"}
    assert not unknown, f"unknown external_dependencies keys: {unknown}"
    for key, value in ext.items():
        assert isinstance(value, list), f"external_dependencies[{key!r}] must be a list"
        assert all(isinstance(x, str) and x for x in value), (
            f"external_dependencies[{key!r}] must list non-empty strings"
        )


def test_listed_files_exist_and_are_unique():
    problems = []
    seen = set()
    for key in ("data", "demo"):
        for entry in manifest().get(key, []):
            if not (ADDON_DIR / entry).is_file():
                problems.append(f"{key}: {entry} does not exist")
            if entry in seen:
                problems.append(f"{key}: {entry} is listed twice")
            seen.add(entry)
    assert not problems, "\n".join(problems)
