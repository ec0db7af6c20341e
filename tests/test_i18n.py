"""The Vietnamese translation is complete and consistent with the code."""

import ast
import re
from collections import Counter
from functools import cache

import polib

from addon_utils import ADDON_DIR, python_files, rel

VI_PO = ADDON_DIR / "i18n" / "vi.po"
POT = ADDON_DIR / "i18n" / f"{ADDON_DIR.name}.pot"

# %s, %d, %(name)s, %.2f ... ('%%' is a literal percent; no space flag: "50% off")
PERCENT_RE = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0+]*\d*(?:\.\d+)?[sdifrxXeEgGcoa]|%%")
# {name}, {0}, {} and {name!r:>10}
BRACE_RE = re.compile(r"(?<!\{)\{(?:[A-Za-z_][A-Za-z0-9_]*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
TRANSLATE_FUNCS = {"_", "_lt"}


@cache
def vi_po():
    assert VI_PO.is_file(), f"{VI_PO} does not exist"
    return polib.pofile(str(VI_PO), wrapwidth=0)


def _entries(po):
    return [e for e in po if not e.obsolete]


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


def _placeholders(text):
    found = Counter(m.group(0) for m in PERCENT_RE.finditer(text) if m.group(0) != "%%")
    found.update(m.group(0) for m in BRACE_RE.finditer(text))
    return found


def _is_named(placeholder):
    """%(name)s and {name} may be reordered/repeated; %s and {} must keep their count."""
    return placeholder.startswith("%(") or re.match(r"\{[A-Za-z_]", placeholder) is not None


def _translated_literals():
    """{string: [file:line, ...]} for literal first args of _(), _lt(), env._()."""
    strings, dynamic = {}, []
    for path in python_files(include_tests=False):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            is_translation = (isinstance(func, ast.Name) and func.id in TRANSLATE_FUNCS) or (
                isinstance(func, ast.Attribute)
                and func.attr == "_"
                and (
                    (isinstance(func.value, ast.Attribute) and func.value.attr == "env")
                    or (isinstance(func.value, ast.Name) and func.value.id == "env")
                )
            )
            if not is_translation:
                continue
            arg = node.args[0]
            where = f"{rel(path)}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                strings.setdefault(arg.value, []).append(where)
            elif isinstance(arg, ast.JoinedStr):
                dynamic.append(f"{where}: f-string passed to a translation function")
            elif isinstance(arg, ast.BinOp):
                dynamic.append(f"{where}: expression (not a literal) passed to a translation")
    return strings, dynamic


def test_vi_po_parses_with_language_header():
    po = vi_po()
    language = po.metadata.get("Language", "")
    assert language in ("vi", "vi_VN"), f"vi.po Language header is {language!r}, expected 'vi'"
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "").replace(" ", ""), (
        "vi.po Content-Type must declare charset=UTF-8"
    )
    assert _entries(po), "vi.po has no entries"


def test_no_fuzzy_entries():
    fuzzy = [e.msgid for e in _entries(vi_po()) if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in vi.po, e.g. {fuzzy[:5]}"


def test_every_entry_translated():
    empty = [e.msgid for e in _entries(vi_po()) if not e.msgid_plural and not e.msgstr.strip()]
    empty += [
        e.msgid
        for e in _entries(vi_po())
        if e.msgid_plural and not all(v.strip() for v in e.msgstr_plural.values())
    ]
    assert not empty, f"{len(empty)} untranslated entries in vi.po, e.g. {empty[:5]}"


def test_no_duplicate_entries():
    counts = Counter(_key(e) for e in _entries(vi_po()))
    duplicates = [k[1] for k, n in counts.items() if n > 1]
    assert not duplicates, f"msgids defined more than once in vi.po: {duplicates[:10]}"


def test_pot_entries_present_in_vi_po():
    if not POT.is_file():
        return  # no template exported (yet): the other checks still apply
    pot = polib.pofile(str(POT), wrapwidth=0)
    vi = {e.msgid for e in _entries(vi_po())}
    missing = [e.msgid for e in _entries(pot) if e.msgid and e.msgid not in vi]
    assert not missing, f"{len(missing)} .pot msgids missing in vi.po, e.g. {missing[:5]}"


def test_code_strings_are_in_vi_po():
    strings, _dynamic = _translated_literals()
    vi = {e.msgid for e in _entries(vi_po())}
    missing = [f"{s!r} ({', '.join(where)})" for s, where in sorted(strings.items()) if s not in vi]
    assert not missing, "translatable strings of the code missing in vi.po:\n" + "\n".join(missing)


def test_translation_calls_use_literals():
    _strings, dynamic = _translated_literals()
    assert not dynamic, "\n".join(dynamic)


def test_placeholders_kept_in_translation():
    problems = []
    for entry in _entries(vi_po()):
        if not entry.msgstr and not entry.msgstr_plural:
            continue
        wanted = _placeholders(entry.msgid)
        if not wanted:
            continue
        if entry.msgid_plural:
            translations = list(entry.msgstr_plural.values())
        else:
            translations = [entry.msgstr]
        for text in translations:
            got = _placeholders(text)
            lacking = [p for p, n in wanted.items() if (got[p] < 1 if _is_named(p) else got[p] < n)]
            if lacking:
                problems.append(f"{entry.msgid!r} -> {text!r}: missing {sorted(set(lacking))}")
    assert not problems, "\n".join(problems)
