"""Alerts: saved searches that fire once per story, delivered as jobs.

* ``manage``: create (query checked, secret and feed key generated), list, describe;
* ``evaluate``: after ingest and watch cycles, the changes clustered since an alert's cursor
  are matched against its query; each new matching story (and, with ``grow``, a story it
  fired for that reaches N outlets) is recorded as due, once, with its delivery jobs;
* ``send``: the webhook (JSON signed with HMAC-SHA256) and the e-mail (SMTP, HTML + text);
* ``work``: the ``evaluate_alerts`` and ``deliver_alert`` task handlers, shared by both
  runners, and ``run_alerts`` behind ``steppe alerts run``;
* ``feed``: the Atom feed of an alert; ``entry``: what a delivery says about a story.
"""
