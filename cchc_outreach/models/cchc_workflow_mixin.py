"""The one workflow guard of the addon's official records.

Plans, tasks, task outputs, periodic reports, feedback and their lines declare, as class
attributes, which field holds their state, which fields only their actions write, and
which fields freeze in which states (their own, or their parent's). Every ``create``,
``write`` and ``unlink`` that reaches the model -- from a form, an import or a JSON-RPC
call with whatever values and context keys -- is checked against that declaration.

Actions check who may act, then write through :meth:`_cchc_workflow_write` (or
:meth:`_cchc_workflow_create`), the only path that may touch protected fields and frozen
records. It is trusted because it runs in a :func:`trusted` block: a Python-level
context variable that no request can set, unlike a context key.
"""

import contextvars
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

_TRUSTED = contextvars.ContextVar("cchc_workflow_trusted", default=False)

# Fields the mail mixins write on any record (followers, activities, messages).
_MAIL_PREFIXES = ("message_", "activity_", "website_message", "has_message", "rating_")


@contextmanager
def trusted():
    """Run the block as a workflow action: protected fields and frozen records may change.

    For server code only (actions, scheduled actions, data migrations, test fixtures).
    """
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def boolean_filter_domain(operator, value, domain, refusal):
    """Domain of a search on a computed boolean filter field: ``domain`` for "is set", its
    negation for "is not set"; ``refusal`` (a translated message) for any other operator or
    value."""
    if operator not in ("=", "!=") or not isinstance(value, bool):
        raise UserError(refusal)
    if (operator == "=") == value:
        return domain
    return ["!", *expression.normalize_domain(domain)]


def is_trusted():
    return _TRUSTED.get()


class AllFields:
    """Every field of the model, but the ones subtracted: ``ALL - {"active"}``."""

    def __init__(self, exceptions=()):
        self.exceptions = frozenset(exceptions)

    def __sub__(self, other):
        return AllFields(self.exceptions | frozenset(other))

    def __contains__(self, name):
        return name not in self.exceptions

    def __repr__(self):
        return f"ALL - {sorted(self.exceptions)}" if self.exceptions else "ALL"


ALL = AllFields()

# A plan is frozen from its submission on, and with it what it is made of: its lines
# (``FROZEN_WITH_PLAN``, the freeze rule of a plan's line) and its tasks' assignment.
FROZEN_PLAN_STATES = ("submitted", "issued", "done", "cancelled")
FROZEN_WITH_PLAN = (("plan_id.state", FROZEN_PLAN_STATES, ALL),)


class CchcWorkflowMixin(models.AbstractModel):
    """Declared per model:

    ``_cchc_state_field``
        the selection field holding the state (None for a line, frozen by its parent).
    ``_cchc_protected_fields``
        fields that only actions write, besides the state field and every read-only field
        (read-only in the model: computed facts, related fields, dates and authors set by
        actions), which always are. ``ALL``: users never write the model, only actions.
    ``_cchc_freeze_rules``
        ``(path, states, fields)`` triples: while the value at ``path`` (the state field,
        or a dotted path to a parent's state such as ``"plan_id.state"``) is in
        ``states``, ``fields`` (a set, or ``ALL`` / ``ALL - {...}``) can no longer be
        written, and records can no longer be created there nor deleted.
    ``_cchc_always_writable``
        fields a frozen record still accepts (archiving).
    """

    _name = "cchc.workflow.mixin"
    _description = "CCHC Workflow Guard"

    _cchc_state_field = "state"
    _cchc_protected_fields = frozenset()
    _cchc_freeze_rules = ()
    _cchc_always_writable = frozenset({"active"})

    # ------------------------------------------------------------------
    # Declaration helpers
    # ------------------------------------------------------------------
    @api.model
    def _cchc_is_protected(self, name):
        if isinstance(self._cchc_protected_fields, AllFields):
            return name in self._cchc_protected_fields
        if name == self._cchc_state_field or name in self._cchc_protected_fields:
            return True
        field = self._fields.get(name)
        if field is None or name.startswith(_MAIL_PREFIXES):
            return False
        # Read-only in the model: computed facts without inverse, related fields,
        # dates, numbers and authors that actions set.
        return bool(field.readonly) and not (field.compute and field.inverse and not field.related)

    @api.model
    def _cchc_written_fields(self, vals):
        """Fields of ``vals`` that are the record's own data (not followers or activities)."""
        return {
            name for name in vals if name in self._fields and not name.startswith(_MAIL_PREFIXES)
        }

    def _cchc_value_at(self, path):
        """The value at ``path`` ("state", "plan_id.state") of one record, read as superuser."""
        self.ensure_one()
        value = self.sudo()
        for name in path.split("."):
            value = value[name]
        return value

    def _cchc_rule_matches(self, path, states):
        """Records of ``self`` whose value at ``path`` is one of ``states``."""
        return self.filtered(lambda rec: rec._cchc_value_at(path) in states)

    def _cchc_frozen_fields(self, names):
        """``{record: (rule path, state, fields)}`` for the records of self on which one of
        ``names`` is frozen by a rule; first matching rule per record."""
        found = {}
        for path, states, rule_fields in self._cchc_freeze_rules:
            frozen = [
                name
                for name in names
                if name in rule_fields and name not in self._cchc_always_writable
            ]
            if not frozen:
                continue
            for record in self._cchc_rule_matches(path, states):
                found.setdefault(record.id, (path, record._cchc_value_at(path), frozen))
        return found

    def _cchc_frozen_records(self, parents_only=False):
        """``{id: (path, state)}`` of the records that a freeze rule holds (with
        ``parents_only``, only the rules on a parent's state)."""
        found = {}
        for path, states, _fields in self._cchc_freeze_rules:
            if parents_only and "." not in path:
                continue
            for record in self._cchc_rule_matches(path, states):
                found.setdefault(record.id, (path, record._cchc_value_at(path)))
        return found

    # ------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------
    def _cchc_state_label(self, path, value):
        """Translated label of a state reached through ``path`` ("plan_id.state")."""
        model = self
        *parents, last = path.split(".")
        for name in parents:
            model = model.env[model._fields[name].comodel_name]
        field = model._fields[last]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        return value

    def _cchc_record_label(self, path):
        """What the frozen thing is called in a message: the record, or its parent."""
        if "." not in path:
            return self.display_name
        return self.mapped(path.rsplit(".", 1)[0])[:1].display_name

    def _cchc_field_labels(self, names):
        return ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _cchc_check_protected(self, names):
        if self.env.su or is_trusted():
            return
        protected = [name for name in names if self._cchc_is_protected(name)]
        if protected:
            raise AccessError(
                self.env._(
                    "%(model)s: %(fields)s can only be changed through the record's buttons "
                    "(its workflow actions).",
                    model=self._description,
                    fields=self._cchc_field_labels(protected),
                )
            )

    def _cchc_check_frozen_write(self, names):
        if is_trusted():
            return
        found = self._cchc_frozen_fields(names)
        if found:
            record_id, (path, state, frozen) = next(iter(found.items()))
            record = self.browse(record_id)
            raise UserError(
                self.env._(
                    "%(record)s is %(state)s: %(fields)s can no longer be changed.",
                    record=record._cchc_record_label(path),
                    state=record._cchc_state_label(path, state),
                    fields=self._cchc_field_labels(frozen),
                )
            )

    def _cchc_check_frozen_existence(self, creating):
        """Refuse creating records under a frozen parent, or deleting frozen records."""
        if is_trusted():
            return
        found = self._cchc_frozen_records(parents_only=creating)
        if not found:
            return
        record_id, (path, state) = next(iter(found.items()))
        record = self.browse(record_id)
        label = record._cchc_state_label(path, state)
        if creating:
            raise UserError(
                self.env._(
                    "%(record)s is %(state)s: nothing can be added to it any more.",
                    record=record._cchc_record_label(path),
                    state=label,
                )
            )
        raise UserError(
            self.env._(
                "%(record)s is %(state)s and cannot be deleted. Archive it instead.",
                record=record._cchc_record_label(path),
                state=label,
            )
            if "." not in path
            else self.env._(
                "%(record)s is %(state)s: nothing can be removed from it any more.",
                record=record._cchc_record_label(path),
                state=label,
            )
        )

    @api.model
    def _cchc_prepare_create_vals(self, vals_list):
        """Hook: values the model itself gives a new record (its reference, its token),
        after the client's values were checked. Returns the list of values."""
        return vals_list

    def _cchc_check_write_access(self, names, vals):
        """Hook: who may write which of ``names`` (called before the write, not when
        trusted). The model's own role rules go here."""

    def _cchc_check_create_access(self, vals_list):
        """Hook: who may create these records (called after create, not when trusted)."""

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or is_trusted()):
            # A client's context may not default a protected field ("default_state").
            context = {
                key: value
                for key, value in self.env.context.items()
                if not (key.startswith("default_") and self._cchc_is_protected(key[8:]))
            }
            if len(context) != len(self.env.context):
                # Replacing the whole context is the point: the keys must be gone.
                # pylint: disable=context-overridden
                self = self.with_context(context)  # noqa: PLW0642
            for vals in vals_list:
                self._cchc_check_protected_create(vals)
        vals_list = self._cchc_prepare_create_vals(vals_list)
        records = super().create(vals_list)
        records._cchc_check_frozen_existence(creating=True)
        if not (self.env.su or is_trusted()):
            records._cchc_check_create_access(vals_list)
        return records

    @api.model
    def _cchc_check_protected_create(self, vals):
        """A new record starts as the model starts it: protected fields keep their default."""
        protected = [
            name
            for name in self._cchc_written_fields(vals)
            if self._cchc_is_protected(name) and vals[name]
        ]
        if not protected:
            return
        defaults = self.default_get(protected)
        differing = [name for name in protected if vals[name] != defaults.get(name)]
        if differing:
            self._cchc_check_protected(differing)

    def _cchc_is_computed(self, name):
        """A computed fact: the server computes it (no inverse, not editable), a client can
        only echo it. Computed fields users may edit (readonly=False) are ordinary data."""
        field = self._fields[name]
        return bool(field.compute) and not field.inverse and bool(field.readonly)

    def _cchc_same_value(self, name, value):
        """Whether writing ``value`` to ``name`` changes nothing on any record of self (the
        web client echoes read-only values it was given, e.g. in x2many lines)."""
        field = self._fields[name]
        for record in self:
            try:
                new = field.convert_to_record(field.convert_to_cache(value, record), record)
            except Exception:  # noqa: BLE001 - any value that cannot be read is a change
                return False
            if new != record[name]:
                return False
        return True

    def write(self, vals):
        names = self._cchc_written_fields(vals)
        echoed = {}
        if names and not is_trusted():
            # What the client sends unchanged is no change; computed facts it sends are
            # compared with what the server computes after the write.
            changed = {
                name
                for name in names
                if self._cchc_is_computed(name) or not self._cchc_same_value(name, vals[name])
            }
            if not self.env.su:
                echoed = {
                    name: vals[name]
                    for name in changed
                    if self._cchc_is_computed(name) and self._cchc_is_protected(name)
                }
            self._cchc_check_protected(changed - set(echoed))
            if not self.env.su:
                self._cchc_check_write_access(changed, vals)
            self._cchc_check_frozen_write(
                {name for name in changed if not self._cchc_is_computed(name)}
            )
            # Echoes of read-only values are dropped: they would change nothing but the
            # record's last-modified stamp.
            unchanged = {n for n in names - changed if self._cchc_is_protected(n)}
            vals = {
                key: value
                for key, value in vals.items()
                if key not in echoed and key not in unchanged
            }
        # nothing but echoes: nothing to write (the forged computed facts still raise below)
        result = super().write(vals) if vals or not names else True
        if echoed:
            self.invalidate_recordset(list(echoed))
            forged = [
                name for name, value in echoed.items() if not self._cchc_same_value(name, value)
            ]
            if forged:
                self._cchc_check_protected(forged)
        if names and not is_trusted():
            # Moved under a frozen parent: as if created there.
            parent_fields = {
                path.split(".", 1)[0] for path, _s, _f in self._cchc_freeze_rules if "." in path
            }
            if names & parent_fields:
                self._cchc_check_frozen_existence(creating=True)
        return result

    @api.ondelete(at_uninstall=False)
    def _cchc_unlink_except_frozen(self):
        self._cchc_check_frozen_existence(creating=False)

    # ------------------------------------------------------------------
    # The action path
    # ------------------------------------------------------------------
    def _cchc_workflow_write(self, vals):
        """Write as the workflow: after the action checked who may act.

        The user must still be allowed to write the records by the access rules; the
        write itself runs as superuser inside :func:`trusted`, so that protected fields
        and frozen records can change. Tracking and chatter keep the user as author.
        """
        self.check_access("write")
        with trusted():
            return self.sudo().write(vals)

    @api.model
    def _cchc_workflow_create(self, vals_list):
        """Create as the workflow (an amendment adding tasks to an issued plan)."""
        self.check_access("create")
        with trusted():
            return self.sudo().create(vals_list).sudo(self.env.su)

    def _cchc_check_state(self, allowed):
        """Refuse the action unless every record is in one of the ``allowed`` states."""
        field = self._fields[self._cchc_state_field]
        labels = dict(field._description_selection(self.env))
        for record in self:
            state = record[self._cchc_state_field]
            if state not in allowed:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: this action needs it to be %(allowed)s.",
                        record=record.display_name,
                        state=labels.get(state, state),
                        allowed=" / ".join(labels.get(s, s) for s in allowed),
                    )
                )

    @api.model
    def _cchc_check_group(self, xmlid, message):
        """Refuse the action unless the user is in group ``xmlid``."""
        if not self.env.su and not self.env.user.has_group(xmlid):
            raise AccessError(message)
