"""XML files parse, data files are declared in the manifest, in a sane order."""

from collections import defaultdict

from lxml import etree

from addon_utils import ADDON_DIR, DATA_FOLDERS, addon_files, manifest_files, rel

# Elements whose ``id`` attribute creates an XML id.
ID_TAGS = {"record", "template", "menuitem", "report", "act_window", "asset"}


def _is_static(path):
    return rel(path).split("/")[0] == "static"


def _root_or_none(path):
    """Root element, or None for a file that does not parse (test_every_xml_parses says so)."""
    try:
        return etree.parse(str(path)).getroot()
    except etree.XMLSyntaxError:
        return None


def _data_candidates():
    """XML/CSV files that live in a data folder (static/ and tests/ are exempt)."""
    return [path for path in addon_files(".xml", ".csv") if rel(path).split("/")[0] in DATA_FOLDERS]


def test_every_xml_parses():
    files = addon_files(".xml")
    assert files, f"no XML file found under {ADDON_DIR}"
    problems = []
    for path in files:
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError as exc:
            problems.append(f"{rel(path)}: {exc}")
    assert not problems, "\n".join(problems)


def test_data_xml_root_is_odoo():
    problems = []
    for path in _data_candidates():
        if path.suffix != ".xml":
            continue
        root = _root_or_none(path)
        if root is not None and root.tag != "odoo":
            problems.append(f"{rel(path)}: root element is <{root.tag}>, expected <odoo>")
    assert not problems, "\n".join(problems)


def test_data_files_are_declared():
    declared = set(manifest_files("data")) | set(manifest_files("demo"))
    undeclared = [rel(p) for p in _data_candidates() if rel(p) not in declared]
    assert not undeclared, (
        "files in data folders but not listed in the manifest 'data'/'demo':\n"
        + "\n".join(undeclared)
    )


def test_demo_files_only_in_demo():
    data = manifest_files("data")
    misplaced = [f for f in data if f.split("/")[0] == "demo"]
    assert not misplaced, f"demo/ files listed under 'data' instead of 'demo': {misplaced}"


def test_security_before_views():
    data = manifest_files("data")
    security = [i for i, f in enumerate(data) if f.split("/")[0] == "security"]
    views = [
        i
        for i, f in enumerate(data)
        if f.split("/")[0] == "views" or "views" in f.rsplit("/", 1)[-1] or "menu" in f
    ]
    if not security or not views:
        assert security, "no security/ file listed in the manifest 'data'"
        return
    assert max(security) < min(views), (
        f"security file {data[max(security)]!r} is listed after view file {data[min(views)]!r}"
    )


def test_xml_ids_unique():
    where = defaultdict(list)
    for path in addon_files(".xml"):
        if _is_static(path):
            continue
        root = _root_or_none(path)
        if root is None:
            continue
        for node in root.iter():
            if not isinstance(node.tag, str) or node.tag not in ID_TAGS:
                continue
            xmlid = node.get("id")
            if not xmlid:
                continue
            if "." in xmlid:
                # a fully qualified id updates a record defined elsewhere (another module's,
                # or this addon's own in a later file, e.g. demo states): explicit, not a
                # duplicate
                continue
            where[xmlid].append(rel(path))
    duplicates = {k: v for k, v in where.items() if len(v) > 1}
    assert not duplicates, f"XML ids defined more than once: {duplicates}"
