"""Users of CCHC Outreach: their departments (record rules) and the daily digest.

The daily digest ("nhắc việc"): one e-mail per person and day with their CCHC work.

What each person has is gathered for all of them at once (a few queries per model
with reminders, one over the open activities), then the mail template is rendered
once per person and the e-mails are queued (``mail.mail``); the mail queue sends them.
"""

import re
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_date

# Sections of the digest, in the order of the e-mail.
SECTIONS = ("late", "soon", "refused", "waiting", "units_late", "watch")
# A record is listed once per person, in the first of these sections that has it.
SECTION_PRIORITY = ("refused", "waiting", "late", "soon", "units_late", "watch")
SECTION_COLORS = {
    "late": "#b3261e",
    "soon": "#a15c00",
    "refused": "#b3261e",
    "waiting": "#017e84",
    "units_late": "#b3261e",
    "watch": "#444444",
}
# Items listed per section; the others are counted ("... and 12 more").
SECTION_LIMIT = 20
DIGEST_TEMPLATE = "cchc_outreach.mail_template_cchc_digest"
# Where each person's part of a rendering starts (see _cchc_render_bodies).
DIGEST_PART = re.compile(r'<cchc-digest-part data-user="(\d+)"\s*(?:/>|></cchc-digest-part>)')


class ResUsers(models.Model):
    _inherit = "res.users"

    cchc_department_ids = fields.Many2many(
        "hr.department",
        string="CCHC Departments",
        compute="_compute_cchc_department_ids",
        compute_sudo=True,
        help="Departments of the user's employee records, with their sub-departments. "
        "Record rules of CCHC Outreach use them.",
    )

    @api.depends("employee_ids.department_id")
    def _compute_cchc_department_ids(self):
        Department = self.env["hr.department"].with_context(active_test=False)
        for user in self:
            employees = user.with_context(active_test=False).employee_ids
            roots = employees.department_id
            user.cchc_department_ids = (
                Department.search([("id", "child_of", roots.ids)]) if roots else Department
            )

    cchc_digest_enabled = fields.Boolean(
        string="CCHC Daily Digest",
        default=True,
        help="Every morning, one e-mail listing your CCHC work that is late, due soon, "
        "refused or waiting for you (heads: what is late in their units; coordinators: "
        "sub-unit plans and periodic reports to follow up). Nothing is sent on a day "
        "without anything to report.",
    )
    cchc_digest_date = fields.Date(
        string="Last CCHC Digest",
        readonly=True,
        copy=False,
        help="Day of the last daily digest sent to the user (one a day at most).",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["cchc_digest_enabled", "cchc_digest_date"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["cchc_digest_enabled"]

    # ------------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------------
    @api.model
    def _cron_cchc_send_digest(self):
        """Daily: queue the digest of every person who has something today."""
        Reminders = self.env["cchc.reminder.mixin"]
        today = Reminders._cchc_today()
        return Reminders._cchc_run_exclusively("digest", lambda: self._cchc_send_digests(today))

    @api.model
    def _cchc_send_digests(self, today, users=None):
        """Queue today's digests (of ``users`` only, when given). Returns how many."""
        rows = self._cchc_digest_rows(today)
        if users is not None:
            rows = [row for row in rows if row[0] in set(users.ids)]
        recipients = self._cchc_claim_digest(today, {row[0] for row in rows})
        if not recipients:
            return 0
        rows = [row for row in rows if row[0] in recipients]
        digests = self._cchc_build_digests(today, rows)
        mails = self._cchc_render_digests(digests)
        self.env["mail.mail"].sudo().create(mails)
        return len(mails)

    @api.model
    def _cchc_reminder_models(self):
        """The models that declare reminders (``cchc.reminder.mixin``)."""
        children = self.env.registry["cchc.reminder.mixin"]._inherit_children
        return sorted(name for name in children if not self.env[name]._abstract)

    @api.model
    def _cchc_digest_rows(self, today):
        """``(user_id, section, model, res_id, due, activity type id)`` of everybody."""
        rows = []
        excluded_types = set()
        sections = {}
        for model_name in self._cchc_reminder_models():
            Model = self.env[model_name].sudo()
            rows += [(*row, None) for row in Model._cchc_digest_rows(today)]
            excluded_types.update(
                self.env.ref(xmlid).id for xmlid in Model._cchc_reminder_activity_xmlids()
            )
            sections.update(
                (self.env.ref(xmlid).id, section)
                for xmlid, section in Model._cchc_digest_activity_sections.items()
            )
        # Everything else assigned to them: approvals, plans to issue, feedback to
        # classify or answer, a completion refused...
        self.env["mail.activity"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT act.user_id, act.res_model, act.res_id, act.date_deadline,
                       act.activity_type_id
                  FROM mail_activity act
                  JOIN res_users usr ON usr.id = act.user_id AND usr.active
                 WHERE act.active AND act.res_model IN %s
                   AND act.activity_type_id NOT IN %s
                 ORDER BY act.date_deadline, act.id
                """,
                tuple(self._cchc_reminder_models()),
                tuple(excluded_types) or (0,),
            )
        )
        rows += [
            (user_id, sections.get(type_id, "waiting"), model, res_id, due, type_id)
            for user_id, model, res_id, due, type_id in self.env.cr.fetchall()
        ]
        return rows

    @api.model
    def _cchc_claim_digest(self, today, user_ids):
        """Mark today's digest sent to those of ``user_ids`` who want one, have an
        e-mail address and did not get one today (one UPDATE); returns their ids.

        A concurrent run that already marked one of them makes this UPDATE fail with a
        serialization error (REPEATABLE READ): no second digest
        (``cchc.reminder.mixin._cchc_run_exclusively`` handles it).
        """
        if not user_ids:
            return set()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_users usr SET cchc_digest_date = %(today)s
                  FROM res_partner partner
                 WHERE partner.id = usr.partner_id
                   AND usr.id IN %(ids)s
                   AND usr.active AND NOT usr.share AND usr.cchc_digest_enabled
                   AND COALESCE(partner.email, '') != ''
                   AND (usr.cchc_digest_date IS NULL OR usr.cchc_digest_date < %(today)s)
             RETURNING usr.id
                """,
                today=today,
                ids=tuple(user_ids),
            ),
            log_exceptions=False,
        )
        claimed = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_model(["cchc_digest_date"])
        return claimed

    @api.model
    def _cchc_build_digests(self, today, rows):
        """``{user: digest}``: what the template shows, in each user's language."""
        per_user = defaultdict(lambda: defaultdict(list))
        for user_id, section, model, res_id, due, type_id in rows:
            per_user[user_id][section].append((due or today, model, res_id, type_id))
        users = self.sudo().browse(sorted(per_user))
        listed = defaultdict(set)
        for sections in per_user.values():
            seen = set()
            for section in SECTION_PRIORITY:
                # Earliest first; a record once per person: in the first section of
                # SECTION_PRIORITY that has it (her own late plan is not repeated among the
                # late work of her unit, nor among the plans she follows up).
                items = sorted(
                    {item for item in sections.get(section, ()) if item[1:3] not in seen},
                    key=lambda item: (item[0], item[1], item[2]),
                )
                seen.update(item[1:3] for item in items)
                sections[section] = items
                for _due, model, res_id, _type in items[:SECTION_LIMIT]:
                    listed[model].add(res_id)
        names = {
            model: {rec.id: rec.display_name for rec in self.env[model].sudo().browse(ids)}
            for model, ids in listed.items()
        }
        texts_by_lang = {}
        digests = {}
        for user in users:
            env = self.with_context(lang=user.lang or self.env.lang).env
            if env.lang not in texts_by_lang:
                texts_by_lang[env.lang] = self._cchc_digest_texts(env)
            texts = texts_by_lang[env.lang]
            digest_sections = []
            counts = {}
            for section in SECTIONS:
                items = per_user[user.id].get(section)
                if not items:
                    continue
                counts[section] = len(items)
                digest_sections.append(
                    {
                        "key": section,
                        "title": texts["titles"][section],
                        "color": SECTION_COLORS[section],
                        "count": len(items),
                        "more": max(0, len(items) - SECTION_LIMIT),
                        "items": [
                            self._cchc_digest_item(env, texts, today, section, names, *item)
                            for item in items[:SECTION_LIMIT]
                        ],
                    }
                )
            digests[user] = {
                "date": format_date(env, today),
                "summary": ", ".join(
                    texts["counts"][section] % {"count": count} for section, count in counts.items()
                ),
                "sections": digest_sections,
                "total": sum(counts.values()),
                "url": "/odoo",
            }
        return digests

    @api.model
    def _cchc_digest_texts(self, env):
        """Section titles, counts and model labels in ``env``'s language."""
        _ = env._
        return {
            "titles": {
                "late": _("Late"),
                "soon": _("Due soon"),
                "refused": _("Completion refused: to be done again"),
                "waiting": _("Waiting for you"),
                "units_late": _("Late in the units you head"),
                "watch": _("Sub-unit plans and periodic reports to follow up"),
            },
            # %(count)s is filled in later (one text per section, per language).
            "counts": {
                "late": _("%(count)s late"),
                "soon": _("%(count)s due soon"),
                "refused": _("%(count)s refused"),
                "waiting": _("%(count)s waiting for you"),
                "units_late": _("%(count)s late in your units"),
                "watch": _("%(count)s to follow up"),
            },
            "models": {
                name: env["ir.model"]._get(name).name for name in self._cchc_reminder_models()
            },
            "activity_types": {},
        }

    @api.model
    def _cchc_digest_item(self, env, texts, today, section, names, due, model, res_id, type_id):
        """One line of the digest: what, which record (a link that opens it), when."""
        when = format_date(env, due)
        late_days = (today - due).days
        if type_id:
            if type_id not in texts["activity_types"]:
                texts["activity_types"][type_id] = (
                    env["mail.activity.type"].sudo().browse(type_id).name
                )
            detail = env._(
                "%(activity)s, by %(date)s", activity=texts["activity_types"][type_id], date=when
            )
        elif late_days > 0:
            detail = env._("due %(date)s, %(days)s days late", date=when, days=late_days)
        else:
            detail = env._("due %(date)s", date=when)
        return {
            "kind": texts["models"][model],
            "name": names[model].get(res_id, ""),
            "url": f"/odoo/{model}/{res_id}",
            "detail": detail,
            "late": late_days > 0,
        }

    @api.model
    def _cchc_render_digests(self, digests):
        """Render the mail template for each person, in their language; the values of the
        ``mail.mail`` to queue."""
        template = self.env.ref(DIGEST_TEMPLATE).sudo()
        users = self.sudo().browse([user.id for user in digests])
        context = {"cchc_digest": {user.id: digest for user, digest in digests.items()}}
        subjects = template._render_field(
            "subject", users.ids, compute_lang=True, add_context=context
        )
        bodies = self._cchc_render_bodies(template, users, context)
        root = self.env.ref("base.user_root").sudo()
        mails = []
        for user in users:
            sender = user.company_id.partner_id
            mails.append(
                {
                    "subject": subjects[user.id],
                    "body_html": bodies[user.id],
                    "email_from": (sender.email and sender.email_formatted) or root.email_formatted,
                    "email_to": user.email_formatted,
                    "author_id": root.partner_id.id,
                    "auto_delete": True,
                    "state": "outgoing",
                    "headers": {"X-Auto-Response-Suppress": "OOF"},
                }
            )
        return mails

    @api.model
    def _cchc_render_bodies(self, template, users, context):
        """``{user id: body}``: the template's body (as translated and edited) rendered
        for each user, compiled once per language.

        ``mail.template`` compiles its QWeb body again for each record (tens of ms); here
        the body of each language is wrapped in a loop over that language's users, each
        one's part starting with a marker, rendered once and cut at the markers. Inside
        the loop ``object`` is the user, as in a plain rendering of the template.
        """
        bodies = {}
        for lang_template, user_ids in template._classify_per_lang(users.ids).values():
            source = Markup(
                '<t t-foreach="cchc_digest_users" t-as="object">'
                '<cchc-digest-part t-att-data-user="object.id"/>%s</t>'
            ) % Markup(lang_template.body_html or "")
            rendered = lang_template._render_template(
                source,
                "res.users",
                user_ids[:1],
                engine="qweb",
                add_context=dict(context, cchc_digest_users=self.sudo().browse(user_ids)),
                options={"post_process": True},
            )[user_ids[0]]
            parts = DIGEST_PART.split(rendered)
            for user_id, body in zip(parts[1::2], parts[2::2]):
                bodies[int(user_id)] = Markup(body.strip())
        return bodies
