"""Benchmark e-mail intake through Odoo's mail gateway (``message_process``).

Sends --count new-ticket e-mails to the helpdesk address, then as many replies, in a
transaction that is rolled back, and prints tickets per second and queries per message.

Usage: .venv/bin/python bench/mail_intake.py [-d helpdesk_case_test] [--count 200]
"""

import time
from email.message import EmailMessage

from _common import Counter, environment, parse_args


def build(index, to, subject, in_reply_to=None):
    message = EmailMessage()
    message["From"] = f"Cliente {index} <cliente{index}@bench.example>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<bench-{index}-{time.time_ns()}@bench.example>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(f"Mensaje {index}: mi pedido no llegó.\n\n> texto citado anterior")
    return message.as_bytes()


def main():
    args = parse_args(__doc__, count=(int, 200, "new-ticket e-mails, then as many replies"))
    with environment(args) as env:
        domain = env["mail.alias.domain"].create({"name": "bench-helpdesk.example"})
        alias = env.ref("helpdesk_case.mail_alias_helpdesk")
        alias.alias_domain_id = domain
        to = f"{alias.alias_name}@{domain.name}"
        Thread = env["mail.thread"]
        Thread.message_process(False, build(0, to, "warm-up"))
        print(f"{'kind':>8} {'messages':>9} {'queries/msg':>12} {'msg/s':>8} {'ms/msg':>8}")
        first_messages = []
        with Counter(env) as measure:
            for index in range(1, args.count + 1):
                ticket_id = Thread.message_process(False, build(index, to, f"Pedido {index}"))
                first_messages.append(env["case.ticket"].browse(ticket_id).message_ids[-1:])
        report("new", args.count, measure)
        with Counter(env) as measure:
            for index, message in enumerate(first_messages, 1):
                Thread.message_process(False, build(index, to, "Re", message.message_id))
        report("reply", args.count, measure)


def report(kind, count, measure):
    print(
        f"{kind:>8} {count:>9} {measure.queries / count:>12.1f} "
        f"{count / measure.seconds:>8.1f} {measure.seconds * 1000 / count:>8.1f}"
    )


if __name__ == "__main__":
    main()
