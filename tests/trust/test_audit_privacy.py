"""Privacy of the audit log (issue 7): a person's values never sit in the append-only log in clear.

The log keeps their masked form ("王**", "***"); the real values are kept apart in
audit_private, shown only with `audit list --reveal --reason` (itself audited), and erased
by the retention purge, after which the log says "已按保留期限删除".
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from tests.trust.helpers import nth_id
from tests.trust.test_roles import roles_db, world  # noqa: F401  (the PostgreSQL roles fixtures)

from kuangqu.models.audit import AuditEntry, AuditPrivate
from kuangqu.rules import masking
from kuangqu.services import purge as retention

# ------------------------------------------------------------------ which values are personal


@pytest.mark.parametrize(
    ("entity", "field", "personal"),
    [
        ("retiree", "name", True),
        ("household_member", "name", True),
        ("grid_leader", "name", True),
        ("activity", "name", False),  # the name of an activity, not of a person
        ("relief_standard", "name", False),
        ("retiree", "address", True),
        ("retiree", "family_situation", True),
        ("retiree", "remarks", True),
        ("household_member", "monthly_income_fen", True),
        ("household", "causes", True),
        ("home_visit", "findings", True),
        ("petition", "request", True),
        ("petition", "petitioner_name", True),
        ("retiree", "id_number", True),
        ("retiree", "phone", True),
        ("retiree", "birth_date", True),
        ("retiree", "status", False),
        ("retiree", "area", False),
        ("ledger_entry", "amount", False),
        ("household_member", "relation", False),
    ],
)
def test_a_field_is_personal_by_its_name_in_one_list(entity, field, personal):
    assert masking.is_personal(entity, field) is personal


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("name", "王建国", "王**"),
        ("address", "矿区三号楼", "***"),
        ("monthly_income_fen", 120000, "***"),
        ("causes", ["serious_illness"], "***"),
        ("birth_date", "1950-03-12", "1950"),
        ("phone", "13812345678", "138****5678"),
        ("id_number", "410402195003121234", "410402********1234"),
    ],
)
def test_the_log_keeps_a_masked_form_of_each_personal_value(field, value, shown):
    assert masking.mask_personal("retiree", field, value) == shown


def test_a_reason_keeps_its_words_but_not_ids_phones_or_the_names_it_mentions():
    text = "王建国之子王小明来电 13812345678，身份证 410402195003121234，座机 0375-2345678"
    scrubbed = masking.scrub_text(text, ["王建国", "王小明"])
    assert scrubbed == "王**之子王**来电 138****5678，身份证 410402********1234，座机 0375-***5678"
    assert masking.scrub_text("本人来电更正", ["王建国"]) == "本人来电更正"


# ------------------------------------------------------------------ writing


def _entries(read: Any, **where: Any) -> list[tuple[AuditEntry, AuditPrivate | None]]:
    with read() as s:
        query = select(AuditEntry).order_by(AuditEntry.id)  # type: ignore[arg-type]
        for key, value in where.items():
            query = query.where(getattr(AuditEntry, key) == value)
        return [(e, s.get(AuditPrivate, e.id)) for e in s.scalars(query)]


def test_registering_a_person_logs_masked_values_and_keeps_the_real_ones_apart(person, read):
    added = person("王建国", address="矿区三号楼", family_situation="老伴患尘肺病", phone="13812345678")
    [(entry, private)] = _entries(read, action="retiree.add")
    logged = json.dumps(entry.new_values, ensure_ascii=False)
    for value in ("王建国", "矿区三号楼", "尘肺病", "13812345678", added.id_number):
        assert value not in logged and json.dumps(value)[1:-1] not in logged
    assert entry.new_values["name"] == "王**" and entry.new_values["address"] == "***"
    assert entry.new_values["category"] == "retired"  # what is not personal stays readable
    assert entry.has_private and private is not None
    assert private.retiree_id == added.id
    assert private.new_values["name"] == "王建国"
    assert private.new_values["family_situation"] == "老伴患尘肺病"
    assert private.new_values["id_number"] == added.id_number


def test_an_entry_without_personal_values_writes_nothing_apart(person, write, read):
    from kuangqu.models.registry import Retiree
    from kuangqu.services import ledger

    added = person("王建国")
    with write() as s:
        ledger.add(
            s, s.get(Retiree, added.id), ledger.add_input("2000-01", "基本养老金", "1200.00", "首次核定")
        )
    [(entry, private)] = _entries(read, action="benefit.add")
    assert entry.has_private is False and private is None


def test_an_edit_keeps_both_the_old_and_the_new_address_apart(person, write, read):
    from kuangqu.models.registry import Retiree
    from kuangqu.services import retirees
    from kuangqu.validate import retiree_input

    added = person("王建国", address="矿区三号楼")
    moved = retiree_input({"name": "王建国", "id_number": added.id_number, "address": "新村五号楼"}).value
    with write() as s:
        retirees.update(s, s.get(Retiree, added.id), moved, only=["address"], reason="王建国本人来电")
    [(entry, private)] = _entries(read, action="retiree.edit")
    assert (entry.old_values, entry.new_values) == ({"address": "***"}, {"address": "***"})
    assert entry.reason == "王**本人来电"  # the clerk's reason, with the person's name masked
    assert private is not None
    assert (private.old_values, private.new_values) == ({"address": "矿区三号楼"}, {"address": "新村五号楼"})


def test_entries_about_a_member_or_a_visit_know_whom_they_are_about(person, write, read):
    from kuangqu.models.registry import Retiree
    from kuangqu.services import households, visits
    from kuangqu.validate import member_input

    head = person("王建国")
    with write() as s:
        household = households.create(s, s.get(Retiree, head.id))
        son = households.add_member(s, household, member_input(
            {"name": "王小明", "id_number": nth_id(3), "relation": "子女", "health": "良好"}).value)  # fmt: skip
        visits.add(s, household, on=date(2024, 5, 1), today=date(2024, 6, 1), visitor="张干事",
                   findings="老伴卧床，需要护理")  # fmt: skip
        ids = (household.id, son.id)
    [(member_entry, member_private)] = _entries(read, action="household.member_add")
    assert member_entry.new_values["name"] == "王**" and member_entry.new_values["health"] == "***"
    assert member_private is not None
    assert (member_private.household_id, member_private.member_id) == ids
    [(visit_entry, visit_private)] = _entries(read, action="visit.add")
    assert visit_entry.new_values["findings"] == "***" and visit_entry.new_values["visitor"] == "张干事"
    assert visit_private is not None and visit_private.household_id == ids[0]
    assert visit_private.new_values == {"findings": "老伴卧床，需要护理"}


def test_a_correction_inquirys_reply_is_about_the_person_of_the_correction(person, write, read):
    from kuangqu.models.registry import Retiree
    from kuangqu.services import corrections

    added = person("王建国")
    with write() as s:
        case = corrections.open_(s, s.get(Retiree, added.id), "档案记载工龄有误", found_on=date(2024, 1, 2))
        corrections.inquire(s, case, "原单位", sent_on=date(2024, 1, 3))
        corrections.reply(s, case, "王建国1968年入矿", replied_on=date(2024, 1, 9))
    [(entry, private)] = _entries(read, action="correction.reply")
    assert entry.new_values["reply"] == "***"
    assert private is not None and private.retiree_id == added.id


# ------------------------------------------------------------------ the purge


@pytest.fixture
def family(person, write):  # type: ignore[no-untyped-def]
    """A head dead since 2001 with a son who stays, a member removed in 2005, and a living person."""
    from kuangqu.models.registry import Retiree
    from kuangqu.services import households, visits
    from kuangqu.validate import member_input

    head = person(
        "王建国", status="已故", died_on="2001-03", address="矿区三号楼", family_situation="老伴患尘肺病"
    )
    living = person("李秀英", id_number=nth_id(2), address="新村五号楼")
    with write() as s:
        household = households.create(s, s.get(Retiree, head.id))
        son = households.add_member(s, household, member_input(
            {"name": "王小明", "id_number": nth_id(3), "relation": "子女"}).value)  # fmt: skip
        gone = households.add_member(s, household, member_input(
            {"name": "王小红", "id_number": nth_id(4), "relation": "子女"}).value)  # fmt: skip
        households.remove_member(s, household, gone, on=date(2005, 1, 1))
        visits.add(s, household, on=date(2004, 5, 1), today=date(2024, 6, 1), visitor="张干事",
                   findings="家中无人照料")  # fmt: skip
        return {
            "head": head.id,
            "living": living.id,
            "son": son.id,
            "gone": gone.id,
            "household": household.id,
        }


def test_a_purge_erases_the_private_audit_values_of_the_people_it_erases_and_no_others(family, write, read):
    with write() as s:
        result = retention.purge(s, retention.plan(s, years=10))
    with read() as s:
        left = list(s.scalars(select(AuditPrivate)))
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.has_private.is_(True))))  # type: ignore[attr-defined]
    kept_text = json.dumps([(p.old_values, p.new_values) for p in left], ensure_ascii=False)
    for erased in ("王建国", "矿区三号楼", "老伴患尘肺病", "王小红", "家中无人照料"):
        assert erased not in kept_text
    assert "李秀英" in kept_text and "新村五号楼" in kept_text  # the living keep theirs
    assert "王小明" in kept_text  # the son is still a member: not the purge's to erase
    assert result.audit_private == len(entries) - len(left) >= 4  # retiree.add, 2 member entries, the visit
    purge_entry = next(e for e in _entries(read, action="retiree.purge"))[0]
    assert purge_entry.new_values["audit_private"] == str(result.audit_private)


def test_after_a_purge_the_audit_list_says_the_values_were_erased(family, cli):
    ran = cli("retiree", "purge", "--yes", "--format", "json")
    assert ran.exit_code == 0, ran.stderr
    assert ran.json()["purged_audit_entries"] >= 4
    listed = cli("audit", "list", "--reveal", "--reason", "年度审计", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    by_entity = {(e["action"], e["entity_id"]): e for e in listed.json()}
    head = by_entity[("retiree.add", family["head"])]
    assert head["private"] == "已按保留期限删除"
    assert head["new_values"]["name"] == "王**"  # the masked form is all that is left
    living = by_entity[("retiree.add", family["living"])]
    assert living["private"] == "已显示原值" and living["new_values"]["name"] == "李秀英"
    masked = {(e["action"], e["entity_id"]): e["private"] for e in cli("audit", "list", "-f", "json").json()}
    assert masked[("retiree.add", family["head"])] == "已按保留期限删除"  # said without --reveal too
    assert masked[("retiree.add", family["living"])] == "已脱敏"


@pytest.mark.postgres_only
def test_on_postgresql_a_purge_leaves_no_private_audit_row_about_the_erased(family, write, db_url):
    from sqlalchemy import create_engine, text

    from kuangqu.db import resolve_url

    with write() as s:
        retention.purge(s, retention.plan(s, years=10))
    engine = create_engine(resolve_url(db_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT count(*) FROM audit_private WHERE retiree_id = :r OR member_id = :m"),
                {"r": family["head"], "m": family["gone"]},
            ).scalar_one()
            text_left = str(conn.execute(text("SELECT old_values, new_values FROM audit_private")).all())
    finally:
        engine.dispose()
    assert rows == 0
    assert "王建国" not in text_left and "王小红" not in text_left and "李秀英" in text_left


# ------------------------------------------------------------------ reading


def test_the_audit_list_shows_masked_values_by_default(person, cli):
    person("王建国", address="矿区三号楼")
    listed = cli("audit", "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    [entry] = listed.json()
    assert entry["new_values"]["name"] == "王**" and entry["new_values"]["address"] == "***"
    assert entry["private"] == "已脱敏"
    assert "王建国" not in listed.stdout and "矿区三号楼" not in listed.stdout


def test_revealing_the_audit_values_needs_a_reason(person, cli):
    person("王建国")
    refused = cli("audit", "list", "--reveal")
    assert refused.exit_code == 1 and "--reason" in refused.stderr
    assert cli("audit", "list", "--action", "reveal", "--format", "json").json() == []


def test_revealing_the_audit_values_shows_them_and_is_itself_audited(person, cli):
    person("王建国", address="矿区三号楼")
    listed = cli(
        "audit", "list", "--action", "retiree.", "--reveal", "--reason", "核查修改记录", "--format", "json"
    )
    assert listed.exit_code == 0, listed.stderr
    [entry] = listed.json()
    assert entry["new_values"]["name"] == "王建国" and entry["new_values"]["address"] == "矿区三号楼"
    assert entry["private"] == "已显示原值"
    reveals = cli("audit", "list", "--action", "reveal", "--format", "json").json()
    assert [(r["entity"], r["reason"]) for r in reveals] == [("audit_log", "核查修改记录")]


def test_the_audit_list_keeps_its_json_keys(person, cli):
    person("王建国")
    [entry] = cli("audit", "list", "--format", "json").json()
    assert set(entry) >= {"id", "at", "operator", "command", "action", "entity", "entity_id", "old_values",
                          "new_values", "reason", "private"}  # fmt: skip


# ------------------------------------------------------------------ entries written before the split


def _rerun_the_split_migration(db: Any, before_upgrade: Any) -> None:
    """Take this database back to just before 0006_audit_private, call `before_upgrade(conn)`, upgrade."""
    import importlib.util

    from alembic import command
    from alembic.config import Config
    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    from sqlalchemy import text

    from kuangqu.db import migrations_dir

    spec = importlib.util.spec_from_file_location(
        "m0006", migrations_dir() / "versions" / "0006_audit_private.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    try:
        with db.engine.begin() as conn:
            with Operations.context(MigrationContext.configure(conn)):
                module.downgrade()
            conn.execute(text("DELETE FROM alembic_version WHERE version_num = '0006_audit_private'"))
            before_upgrade(conn)
    finally:
        with db.engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "heads")
            conn.commit()


def test_the_migration_moves_personal_values_of_older_entries_out_of_the_log(db):
    import sqlalchemy as sa

    retiree = sa.table(
        "retiree", *(sa.column(c) for c in ("id", "name", "name_pinyin", "name_initials", "id_number", "sex")),
        sa.column("birth_date", sa.Date), sa.column("category"), sa.column("status"),
        sa.column("created_at", sa.DateTime(timezone=True)), sa.column("updated_at", sa.DateTime(timezone=True)),
    )  # fmt: skip
    audit_log = sa.table(
        "audit_log", sa.column("id"), sa.column("at", sa.DateTime(timezone=True)), sa.column("operator"),
        sa.column("command"), sa.column("action"), sa.column("entity"), sa.column("entity_id"),
        sa.column("new_values", sa.JSON), sa.column("reason"),
    )  # fmt: skip
    when = datetime(2020, 1, 1, tzinfo=UTC)
    made: dict[str, int] = {}

    def older_entries(conn: Any) -> None:
        for key, name, number in (
            ("living", "王建国", nth_id(1)),
            ("purged", "已清除-000009", "P00000000000000009"),
        ):
            made[key] = conn.execute(
                retiree.insert()
                .returning(retiree.c.id)
                .values(
                    name=name,
                    name_pinyin="",
                    name_initials="",
                    id_number=number,
                    sex="male",
                    birth_date=date(1950, 1, 1),
                    category="retired",
                    status="active",
                    created_at=when,
                    updated_at=when,
                )
            ).scalar_one()
        for key, name in (("living", "王建国"), ("purged", "李秀英")):
            conn.execute(
                audit_log.insert().values(
                    at=when,
                    operator="clerk",
                    command="retiree add",
                    action="retiree.add",
                    entity="retiree",
                    entity_id=made[key],
                    reason=f"{name}本人办理",
                    new_values={"name": name, "address": "矿区三号楼", "category": "retired"},
                )
            )

    _rerun_the_split_migration(db, older_entries)
    with db.engine.connect() as conn:
        log = conn.execute(sa.text("SELECT entity_id, reason, has_private FROM audit_log ORDER BY id")).all()
        values = conn.execute(sa.select(audit_log.c.new_values).order_by(audit_log.c.id)).scalars().all()
        private = sa.table("audit_private", sa.column("retiree_id"), sa.column("new_values", sa.JSON))
        kept = conn.execute(sa.select(private.c.retiree_id, private.c.new_values)).all()
    assert [v["name"] for v in values] == ["王**", "李**"]
    assert [v["address"] for v in values] == ["***", "***"]
    assert [(r[0], r[1], bool(r[2])) for r in log] == [
        (made["living"], "王**本人办理", True),
        (made["purged"], "李**本人办理", True),
    ]
    # The living person's values are kept apart; those of a person purged before the upgrade are dropped.
    assert [(r[0], r[1]["name"]) for r in kept] == [(made["living"], "王建国")]


def test_the_migration_splits_a_log_longer_than_what_it_reads_at_a_time(db):
    import sqlalchemy as sa

    audit_log = sa.table(
        "audit_log", sa.column("id"), sa.column("at", sa.DateTime(timezone=True)), sa.column("operator"),
        sa.column("command"), sa.column("action"), sa.column("entity"), sa.column("entity_id"),
        sa.column("new_values", sa.JSON), sa.column("reason"),
    )  # fmt: skip
    when = datetime(2020, 1, 1, tzinfo=UTC)
    entries = 2_500  # the migration reads 1,000 at a time

    def a_long_log(conn: Any) -> None:
        conn.execute(
            audit_log.insert(),
            [
                {"at": when, "operator": "clerk", "command": "retiree edit", "action": "retiree.edit",
                 "entity": "retiree", "entity_id": 1, "reason": None,
                 "new_values": {"phone": f"138{n:08d}", "area": "三片"}}
                for n in range(entries)
            ],
        )  # fmt: skip

    _rerun_the_split_migration(db, a_long_log)
    with db.engine.connect() as conn:
        values = conn.execute(sa.select(audit_log.c.new_values).order_by(audit_log.c.id)).scalars().all()
        private = sa.table("audit_private", sa.column("audit_entry_id"), sa.column("new_values", sa.JSON))
        kept = (
            conn.execute(sa.select(private.c.new_values).order_by(private.c.audit_entry_id)).scalars().all()
        )
    assert len(values) == entries and all(not v["phone"].startswith("138000") for v in values)
    assert [v["phone"] for v in kept] == [f"138{n:08d}" for n in range(entries)]


def test_after_the_migration_the_log_is_append_only_again(db):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    _rerun_the_split_migration(
        db,
        lambda conn: conn.execute(
            text(
                "INSERT INTO audit_log (at, operator, command, action, entity, entity_id, reason) "
                "VALUES (CURRENT_TIMESTAMP, 'clerk', '', 'reveal', 'retiree', 1, '王建国 13812345678')"
            )
        ),
    )
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT reason FROM audit_log")).scalar_one() == "王建国 138****5678"
        with pytest.raises(DBAPIError):
            conn.execute(text("UPDATE audit_log SET reason = 'x'"))


# ------------------------------------------------------------------ PostgreSQL roles


@pytest.fixture
def roles_world(world):  # type: ignore[no-untyped-def]  # noqa: F811
    return world


@pytest.mark.postgres_only
def test_a_clerk_writes_private_audit_values_but_can_neither_read_change_nor_delete_them(roles_world):
    from tests.trust.test_roles import LOGINS, as_login, kuangqu, refused, sql_as

    url = roles_world["url"]
    added = kuangqu(as_login(url, LOGINS["clerk"]), "retiree", "add", "--name", "张伟", "--id-number", nth_id(5),
                    "--address", "矿区九号楼", "--format", "json")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    for statement in (
        "SELECT new_values FROM audit_private",
        "UPDATE audit_private SET new_values = NULL",
        "DELETE FROM audit_private",
        "TRUNCATE audit_private",
    ):
        assert "permission denied" in refused(url, LOGINS["clerk"], statement)
    assert "permission denied" in refused(url, LOGINS["leader"], "SELECT new_values FROM audit_private")
    matrix = {r["role"]: r for r in json.loads(kuangqu(url, "db", "roles", "--format", "json").stdout)}
    assert "audit_private" in matrix["kuangqu_clerk"]["insert_only"]
    assert "audit_private" not in matrix["kuangqu_clerk"]["read"]
    assert "audit_private" in matrix["kuangqu_auditor"]["read"]
    listed = kuangqu(as_login(url, LOGINS["clerk"]), "audit", "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert "矿区九号楼" not in listed.stdout and "已脱敏" in listed.stdout
    kept = sql_as(url, LOGINS["auditor"], "SELECT new_values FROM audit_private")
    assert any(row[0].get("address") == "矿区九号楼" for row in kept)
    shown = kuangqu(
        as_login(url, LOGINS["admin"]), "audit", "list", "--reveal", "--reason", "审计", "-f", "json"
    )
    assert shown.exit_code == 0, shown.stderr
    assert "矿区九号楼" in shown.stdout


@pytest.mark.postgres_only
def test_a_clerk_cannot_run_the_purge_and_nothing_is_erased(roles_world, person):
    from tests.trust.test_roles import LOGINS, as_login, kuangqu

    dead = person(
        "赵六", id_number=nth_id(7), status="已故", died_on="2001-03", area="一片", address="矿区三号楼"
    )
    url = as_login(roles_world["url"], LOGINS["clerk"])
    ran = kuangqu(url, "retiree", "purge", "--yes")
    assert ran.exit_code == 5, ran.stderr
    assert "无权" in ran.stderr and "Traceback" not in ran.stderr
    shown = kuangqu(url, "retiree", "show", f"#{dead.id}", "--format", "json")
    assert json.loads(shown.stdout)["name"] == "赵六"
