"""Relief use cases (救济), split by noun: the standard's versions (standards), assessing
households (assessment), applications and their review (applications), who holds which tier
and whose re-check is due (tiers), payments, assistance pairs (pairs), and the checks `kuangqu
check` runs (checks).

Each module takes a Session, flushes and never commits; every write is audited. The pure rules
(tier placement, the application state machine, payment periods) live in kuangqu.rules.relief.
"""
