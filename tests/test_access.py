"""Every model of the addon has access rules, named consistently and safely."""

from addon_utils import access_rows, declared_models, local_xmlid, manifest_files

REQUIRED_COLUMNS = (
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
)
# Groups allowed to delete plans: the addon's manager group(s) and Odoo's admin groups.
ADMIN_GROUPS = {"base.group_system", "base.group_erp_manager"}


def _model_ref(name):
    return "model_" + name.replace(".", "_")


def _is_manager_group(group):
    group = (group or "").strip()
    return group in ADMIN_GROUPS or local_xmlid(group).endswith("manager")


def test_csv_is_declared():
    assert "security/ir.model.access.csv" in manifest_files("data")


def test_csv_header():
    rows = access_rows()
    assert rows, "security/ir.model.access.csv has no rows"
    missing = [c for c in REQUIRED_COLUMNS if c not in rows[0]]
    assert not missing, f"ir.model.access.csv lacks columns {missing}"


def test_model_detection_finds_models():
    assert declared_models(), "no model with _name found in the addon python code"


def test_every_concrete_model_has_access():
    covered = {local_xmlid(row["model_id:id"]) for row in access_rows()}
    missing = [
        f"{name} ({where}:{cls}, {kind})"
        for name, (where, cls, kind) in sorted(declared_models().items())
        if kind != "AbstractModel" and _model_ref(name) not in covered
    ]
    assert not missing, "models without a line in ir.model.access.csv:\n" + "\n".join(missing)


def test_access_lines_reference_addon_models_or_existing_refs():
    """A line for a model_* of this addon must point to a model that exists."""
    known = {_model_ref(name) for name in declared_models()}
    problems = []
    for row in access_rows():
        ref = row["model_id:id"].strip()
        if "." in ref:
            continue  # another module's model, e.g. base.model_res_partner
        if ref not in known:
            problems.append(f"{row['id']}: model_id:id {ref!r} is not a model of this addon")
    assert not problems, "\n".join(problems)


def test_access_ids_follow_convention():
    problems = []
    seen = set()
    for row in access_rows():
        access_id = row["id"].strip()
        if access_id in seen:
            problems.append(f"{access_id}: duplicate id")
        seen.add(access_id)
        model = local_xmlid(row["model_id:id"])
        if not model.startswith("model_"):
            problems.append(f"{access_id}: model_id:id {model!r} is not model_*")
            continue
        prefix = "access_" + model[len("model_") :]
        group = local_xmlid(row["group_id:id"])
        if not access_id.startswith(prefix):
            problems.append(f"{access_id}: id must start with {prefix!r} (access_<model>_<group>)")
            continue
        suffix = access_id[len(prefix) :]
        if not group:
            continue  # global rule: access_<model>[_anything]
        if not suffix.startswith("_") or len(suffix) < 2:
            problems.append(f"{access_id}: id must be {prefix}_<group> (group {group!r})")
            continue
        group_part = suffix[1:]
        if not group.endswith(group_part):
            problems.append(
                f"{access_id}: group part {group_part!r} does not match group {group!r}"
            )
    assert not problems, "\n".join(problems)


def test_permission_values_are_binary():
    problems = []
    for row in access_rows():
        for column in ("perm_read", "perm_write", "perm_create", "perm_unlink"):
            if row[column].strip() not in ("0", "1"):
                problems.append(f"{row['id']}: {column}={row[column]!r}")
    assert not problems, "\n".join(problems)


def test_only_managers_unlink_plans():
    offenders = [
        f"{row['id']} (group {row['group_id:id'] or 'ALL USERS'})"
        for row in access_rows()
        if local_xmlid(row["model_id:id"]) == "model_cchc_plan"
        and row["perm_unlink"].strip() == "1"
        and not _is_manager_group(row["group_id:id"])
    ]
    assert not offenders, f"non-manager groups may delete cchc.plan: {offenders}"
