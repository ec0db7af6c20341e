"""Two workers running the same scheduled action at the same time create each activity
and each digest once.

This needs real, separate transactions, which a TransactionCase (one transaction rolled
back at the end) cannot give. So the fixture is created and committed through a cursor
of its own, in a company of its own and in June 2019 (no other record of the database is
due then, demo data included); each worker is a cursor on its own connection, as two
Odoo worker processes have, run in the test's thread or in a thread of its own; what the
runs created is deleted in ``tearDown``, the fixture too.

- At the same time: worker A is inside the run (its transaction open, the run's lock
  held) when worker B starts the same run: B skips it.
- One after the other, B's transaction older than A's commit (REPEATABLE READ: B does not
  see what A did): B meets a serialization error on the first record A flagged and
  creates nothing -- and, where it may commit (a real scheduled action, not the test's
  thread), starts again in a new transaction and finds nothing left to do.
"""

import threading
import uuid
from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, new_test_user, tagged

MORNING = "2019-06-27 00:30:00"  # 07:30 in Vietnam
SOON = date(2019, 6, 28)
LATE = date(2019, 6, 20)


@tagged("post_install", "-at_install")
class TestCchcConcurrentRuns(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    @contextmanager
    def _cursor_env(self):
        """An environment on a new cursor (its own connection), committed at the end."""
        with self.registry.cursor() as cr:
            # The test runner holds the registry lock that api.Environment() takes to find
            # the registry: give the cursor its transaction (and registry) directly, so that
            # another thread can make an environment too.
            cr.transaction = api.Transaction(self.registry)
            yield api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        tag = uuid.uuid4().hex[:8]
        with self._cursor_env() as env:
            env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_activity")
            self.max_activity = env.cr.fetchone()[0]
            env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_mail")
            self.max_mail = env.cr.fetchone()[0]
            env.cr.execute("SELECT id, cchc_digest_date FROM res_users")
            self.digest_dates = dict(env.cr.fetchall())
            company = env["res.company"].create({"name": f"TST Concurrency {tag}"})
            department = env["hr.department"].create(
                {"name": "TST Phòng Tuyên truyền", "company_id": company.id}
            )
            people = {}
            for role, group in (("head", "head"), ("staff", "user")):
                user = new_test_user(
                    env(context={"no_reset_password": True}),
                    login=f"tst_conc_{role}_{tag}",
                    name=f"TST Concurrency {role}",
                    email=f"tst.conc.{role}.{tag}@example.com",
                    groups=f"cchc_outreach.group_cchc_{group}",
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                    tz="Asia/Ho_Chi_Minh",
                )
                employee = env["hr.employee"].create(
                    {
                        "name": user.name,
                        "user_id": user.id,
                        "company_id": company.id,
                        "department_id": department.id,
                    }
                )
                people[role] = (user, employee)
            department.manager_id = people["head"][1]
            plan = env["cchc.plan"].create(
                {
                    "name": "TST Concurrency plan",
                    "year": 2019,
                    "company_id": company.id,
                    "coordinating_department_id": department.id,
                    "user_id": people["head"][0].id,
                }
            )
            staff = people["staff"][0]
            tasks = env["cchc.task"].create(
                [
                    {
                        "name": f"TST Concurrency task {index}",
                        "plan_id": plan.id,
                        "lead_department_id": department.id,
                        "responsible_user_ids": [Command.set(staff.ids)],
                        "date_deadline": SOON if index % 2 else LATE,
                    }
                    for index in range(6)
                ]
            )
            self.ids = {
                "company": company.id,
                "department": department.id,
                "users": [people[role][0].id for role in people],
                "partners": [people[role][0].partner_id.id for role in people],
                "employees": [people[role][1].id for role in people],
                "plan": plan.id,
                "tasks": tasks.ids,
            }
        self.addCleanup(self._delete_everything)

    def _delete_everything(self):
        ids = self.ids
        with self._cursor_env() as env:
            env["mail.activity"].search([("id", ">", self.max_activity)]).unlink()
            env["mail.mail"].search([("id", ">", self.max_mail)]).unlink()
            env.cr.execute("SELECT id, cchc_digest_date FROM res_users")
            for user_id, day in env.cr.fetchall():
                if user_id in self.digest_dates and self.digest_dates[user_id] != day:
                    env.cr.execute(
                        "UPDATE res_users SET cchc_digest_date = %s WHERE id = %s",
                        [self.digest_dates[user_id], user_id],
                    )
            env["cchc.task"].browse(ids["tasks"]).unlink()
            env["cchc.plan"].browse(ids["plan"]).unlink()
            env["hr.employee"].browse(ids["employees"]).unlink()
            env["hr.department"].browse(ids["department"]).unlink()
            env["res.users"].browse(ids["users"]).unlink()
            env["res.partner"].browse(ids["partners"]).unlink()
            company = env["res.company"].browse(ids["company"])
            company_partner = company.partner_id
            company.unlink()
            company_partner.unlink()

    # ------------------------------------------------------------------
    def _count(self):
        """(reminders + escalations on the fixture's tasks, digests per fixture user)."""
        with self._cursor_env() as env:
            activities = env["mail.activity"].search_count(
                [("res_model", "=", "cchc.task"), ("res_id", "in", self.ids["tasks"])]
            )
            users = env["res.users"].browse(self.ids["users"])
            digests = {
                user.login: env["mail.mail"].search_count(
                    [
                        ("id", ">", self.max_mail),
                        ("email_to", "ilike", user.email),
                        ("subject", "like", "CCHC work for"),
                    ]
                )
                for user in users
            }
        return activities, digests

    def _in_thread(self, function, before=None):
        """Run ``function(env)`` on a new cursor in a thread of its own, a worker that may
        end its transaction as a scheduled action does; ``before(env)`` first, if given.
        Returns (the thread, a dict that gets "value" or "error") once started."""
        outcome = {}

        def target():
            threading.current_thread().dbname = get_db_name()
            try:
                with self._cursor_env() as env:
                    if before:
                        before(env)
                    outcome["value"] = function(env)
            except Exception as error:  # noqa: BLE001 - reported by the test
                outcome["error"] = error

        thread = threading.Thread(target=target, name="cchc-worker")
        thread.start()
        return thread, outcome

    def _result(self, thread, outcome):
        thread.join(timeout=120)
        self.assertFalse(thread.is_alive(), "the worker thread did not finish")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    # The fixture: 3 tasks due tomorrow, 3 late: a reminder to the staff for each (6)
    # and an escalation to the head for the late ones (3); a digest each.
    EXPECTED = 9

    RUNS = {
        "reminders": lambda env: env["cchc.task"]._cron_send_reminders(),
        "digest": lambda env: env["res.users"]._cron_cchc_send_digest(),
    }

    @freeze_time(MORNING)
    def test_at_the_same_time(self):
        """Worker B starts the run while worker A is inside it: B skips it."""
        for name, run in self.RUNS.items():
            with self._cursor_env() as env_a:
                # Worker A, in the test's thread: inside the run, not committed yet.
                self.assertTrue(run(env_a), name)
                # Worker B, at the same moment.
                self.assertIsNone(self._result(*self._in_thread(run)), f"{name}: B skipped")
            # A commits when leaving the block.
        activities, digests = self._count()
        self.assertEqual(activities, self.EXPECTED)
        self.assertEqual(set(digests.values()), {1}, digests)

    @freeze_time(MORNING)
    def test_old_snapshot_in_a_test_transaction(self):
        """Worker B's transaction began before worker A committed the run, and B may not
        start a new one (the test's thread): a serialization error, B creates nothing."""
        for name, run in self.RUNS.items():
            with self._cursor_env() as env_b:
                # B's snapshot: taken now, before A runs.
                env_b["cchc.task"].search_count([("id", "in", self.ids["tasks"])])
                self.assertTrue(self._result(*self._in_thread(run)), f"{name}: A did it")
                self.assertIsNone(run(env_b), f"{name}: B did nothing")
                env_b.cr.rollback()
        activities, digests = self._count()
        self.assertEqual(activities, self.EXPECTED)
        self.assertEqual(set(digests.values()), {1}, digests)

    @freeze_time(MORNING)
    def test_old_snapshot_in_a_worker(self):
        """The same with B a real worker: after the serialization error it starts over in a
        new transaction, sees what A did, and creates nothing."""
        for name, run in self.RUNS.items():
            snapshot_taken, a_committed = threading.Event(), threading.Event()

            def before(env, snapshot_taken=snapshot_taken, a_committed=a_committed):
                env["cchc.task"].search_count([("id", "in", self.ids["tasks"])])
                snapshot_taken.set()
                a_committed.wait(timeout=60)

            worker_b = self._in_thread(run, before=before)
            self.assertTrue(snapshot_taken.wait(timeout=60))
            with self._cursor_env() as env_a:
                self.assertTrue(run(env_a), f"{name}: A did it")
            a_committed.set()
            self.assertEqual(self._result(*worker_b), 0, f"{name}: B found nothing left")
        activities, digests = self._count()
        self.assertEqual(activities, self.EXPECTED)
        self.assertEqual(set(digests.values()), {1}, digests)
