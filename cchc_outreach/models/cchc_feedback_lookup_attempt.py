from odoo import api, fields, models
from odoo.tools.misc import hmac

# Failed lookups on /pakn/tra-cuu allowed within the window, per client address (hashed)
# and per reference (whatever the address). Past either limit, every lookup of that
# address or reference is refused, a right one included, until the window has passed.
LOOKUP_WINDOW_MINUTES = 15
LOOKUP_MAX_FAILURES_PER_ADDRESS = 10
LOOKUP_MAX_FAILURES_PER_REFERENCE = 5
# Advisory-lock class of the counters (first key of pg_advisory_xact_lock(int, int)).
_LOCK_CLASS = 131313


class CchcFeedbackLookupAttempt(models.Model):
    """One failed lookup of the public page: counted in the database, so that the limits
    hold across all the workers of the server. Neither the address nor the reference is
    stored, only their HMACs; rows older than a day are removed by the daily vacuum."""

    _name = "cchc.feedback.lookup.attempt"
    _description = "CCHC Feedback Failed Lookup"
    _log_access = False
    _order = "attempt_time desc, id desc"

    attempt_time = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    ip_hash = fields.Char(string="Network Address (hashed)", index=True)
    reference_hash = fields.Char(string="Reference (hashed)", index=True)

    @api.model
    def _cchc_hash_reference(self, reference):
        return hmac(self.env(su=True), "cchc-feedback-lookup-reference", reference or "")

    @api.model
    def _cchc_check_blocked(self, reference, ip_hash):
        """Whether too many lookups failed within the window from ``ip_hash`` or on
        ``reference``. Takes transaction-level advisory locks on both (address first),
        so that simultaneous lookups are counted one after the other by every worker."""
        reference_hash = self._cchc_hash_reference(reference)
        keys = [key for key in (ip_hash, reference_hash) if key]
        for key in keys:
            self.env.cr.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, int(key[:7], 16)]
            )
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT count(*) FILTER (WHERE ip_hash = %(ip)s),
                   count(*) FILTER (WHERE reference_hash = %(ref)s)
              FROM cchc_feedback_lookup_attempt
             WHERE attempt_time > (now() at time zone 'UTC') - make_interval(mins => %(mins)s)
               AND (ip_hash = %(ip)s OR reference_hash = %(ref)s)
            """,
            {"ip": ip_hash or "", "ref": reference_hash, "mins": LOOKUP_WINDOW_MINUTES},
        )
        by_address, by_reference = self.env.cr.fetchone()
        return (
            bool(ip_hash) and by_address >= LOOKUP_MAX_FAILURES_PER_ADDRESS
        ) or by_reference >= LOOKUP_MAX_FAILURES_PER_REFERENCE

    @api.model
    def _cchc_record_failure(self, reference, ip_hash):
        self.sudo().create(
            {"ip_hash": ip_hash or False, "reference_hash": self._cchc_hash_reference(reference)}
        )

    @api.autovacuum
    def _gc_cchc_lookup_attempts(self):
        self.env.cr.execute(
            """
            DELETE FROM cchc_feedback_lookup_attempt
             WHERE attempt_time < (now() at time zone 'UTC') - interval '1 day'
            """
        )
