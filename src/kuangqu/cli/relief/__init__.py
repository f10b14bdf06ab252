"""`kuangqu relief`: the tier standard, assessing households, applications and their review,
payments, assistance pairs, the relief checks and the year's figures.

This module builds the command tree (names, order, the sub-apps' help) and nothing else; each noun's
commands live in their own module:

- standard.py — `relief standard load|show|list`
- assess.py — `relief assess`
- applications.py — `relief apply|review|notice|approve|reject|withdraw|close|list|show|due`
  and `relief objection add|resolve`
- payments.py — `relief pay|festival|pay-temporary` and `relief payments list|reverse`
- pairs.py — `relief pair add|end|list`
- figures.py — `relief check|stats`
- _common.py — option types and small helpers several of them use

Every command is a thin translation: parse options, call kuangqu.services.relief inside one
transaction, render the result. Heavy modules are imported inside the command bodies.
tests/relief/test_relief_cli_tree.py holds the whole tree to its recorded snapshot.
"""

from __future__ import annotations

import typer

from kuangqu.cli.relief import applications, assess, figures, pairs, payments, standard

app = typer.Typer(help="救济：救济标准、评定档次、申请审核、发放、帮扶对子 / relief", no_args_is_help=True)
standard_app = typer.Typer(help="救济标准（版本化）/ relief standard versions", no_args_is_help=True)
payments_app = typer.Typer(help="救济发放记录（只增不改，错误用冲正）/ relief payments", no_args_is_help=True)
pair_app = typer.Typer(help="帮扶对子、包户到人 / assistance pairs", no_args_is_help=True)
objection_app = typer.Typer(
    help="公示期异议 / objections raised during the public notice", no_args_is_help=True
)
app.add_typer(standard_app, name="standard")
app.add_typer(payments_app, name="payments")
app.add_typer(pair_app, name="pair")
app.add_typer(objection_app, name="objection")

# The order here is the order `kuangqu relief --help` lists them in.
app.command("assess")(assess.assess)
app.command("apply")(applications.apply)
app.command("review")(applications.review)
app.command("notice")(applications.notice)
app.command("approve")(applications.approve)
app.command("reject")(applications.reject)
app.command("withdraw")(applications.withdraw)
app.command("close")(applications.close)
app.command("list")(applications.list_)
app.command("show")(applications.show)
app.command("due")(applications.due)
app.command("pay")(payments.pay)
app.command("festival")(payments.festival)
app.command("pay-temporary")(payments.pay_temporary)
app.command("check")(figures.check)
app.command("stats")(figures.stats)

standard_app.command("load")(standard.standard_load)
standard_app.command("show")(standard.standard_show)
standard_app.command("list")(standard.standard_list)

payments_app.command("list")(payments.payments_list)
payments_app.command("reverse")(payments.payments_reverse)

pair_app.command("add")(pairs.pair_add)
pair_app.command("end")(pairs.pair_end)
pair_app.command("list")(pairs.pair_list)

objection_app.command("add")(applications.objection_add)
objection_app.command("resolve")(applications.objection_resolve)

__all__ = ["app"]
