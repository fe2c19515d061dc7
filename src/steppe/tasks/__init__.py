"""Steppe's background work as tasks: one definition of each, two runners.

* ``effects``: the database effects of tasks, each idempotent (a task run twice after a crash
  changes nothing the second time);
* ``registry``: the task set (name, queue, retry, queueing lock) and the functions that run
  them, shared by both runners;
* on SQLite, the in-process runner is the store's own job table (``steppe.workers``);
  on PostgreSQL, procrastinate (``steppe.tasks.app``) runs the same functions.
"""
