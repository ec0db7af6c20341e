"""A real SMTP server on loopback for the tests that check what people receive.

Odoo does not connect to any mail server while a test runs (``odoo.modules.module
.current_test``); inside :func:`real_smtp` it does, to an ``aiosmtpd`` server started by
the test on 127.0.0.1, through an ``ir.mail_server`` record pointing at it. The tests
then read the messages as they arrived: envelope, headers, decoded body.

    with real_smtp(self.env) as mailbox:
        self.env["mail.mail"].sudo().process_email_queue()
    [message] = mailbox.to("staff@example.com")
    self.assertIn("Nhắc việc", message["subject"])
"""

import email
import email.policy
import socket
from contextlib import contextmanager
from unittest.mock import patch

try:
    from aiosmtpd.controller import Controller
except ImportError:  # pragma: no cover - the test command installs it
    Controller = None


class _Sink:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class Mailbox:
    """What the loopback server received."""

    def __init__(self, sink):
        self._sink = sink

    @property
    def messages(self):
        result = []
        for envelope in self._sink.envelopes:
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            message.envelope_to = list(envelope.rcpt_tos)
            message.envelope_from = envelope.mail_from
            result.append(message)
        return result

    def to(self, address):
        """Messages whose envelope goes to ``address``."""
        return [m for m in self.messages if address in m.envelope_to]

    @staticmethod
    def text(message):
        """The plain text of a message (its text part, else its HTML part)."""
        part = message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part else ""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def real_smtp(env):
    """Start an SMTP server on loopback and let Odoo deliver mail to it in the block."""
    if Controller is None:
        raise AssertionError(
            "aiosmtpd is not installed in Odoo's python: `pip install aiosmtpd` "
            "(scripts/build_odoo.sh and .ci/run install it)"
        )
    sink = _Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env["ir.mail_server"].sudo().search([]).write({"active": False})
        env["ir.mail_server"].sudo().create(
            {
                "name": "TST loopback SMTP",
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_encryption": "none",
                "sequence": 1,
            }
        )
        with patch("odoo.modules.module.current_test", None):
            yield Mailbox(sink)
    finally:
        controller.stop()
