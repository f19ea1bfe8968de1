"""A lead: what an investor sent, and what the bureau does with it until production.

The lowest layer of the lead pipeline: the inquiry form (``portal.inquiry``) creates leads, the
outbox (``portal.outbox``) mails them, the back office (``portal.staff``) and the investor's
status page (``portal.status``) show and move them. All of them import from here; this package
imports from none of them.
"""
