"""Messages of trust: encryption keys, restore, database roles, the clock check and retention purges."""

MESSAGES: dict[str, tuple[str, str]] = {
    # encryption at rest (SQLCipher)
    "db.wrong_key": (
        "无法解密数据库 {path}：加密密钥（KUANGQU_DB_KEY）不对，或该文件不是加密的 kuangqu 数据库。未做任何修改",
        "Cannot decrypt the database {path}: the key (KUANGQU_DB_KEY) is wrong, or the file is not an "
        "encrypted kuangqu database. Nothing was changed",
    ),
    "db.cipher_missing": (
        "设置了加密密钥（KUANGQU_DB_KEY），但未安装 SQLCipher。请运行 pip install 'kuangqu[encrypted]'",
        "An encryption key (KUANGQU_DB_KEY) is set but SQLCipher is not installed: pip install 'kuangqu[encrypted]'",
    ),
    "trust.key_prompt": ("数据库加密密钥", "Database encryption key"),
    "trust.password_prompt": ("新登录名的密码", "Password for the login"),
    # restore
    "trust.restore_done": (
        "已从 {source} 恢复数据库 {path}（已校验）",
        "Restored {path} from {source} (verified)",
    ),
    "trust.restore_safety": (
        "恢复前的数据库已另存为 {path}；如需撤销本次恢复，运行 kuangqu db restore {path}",
        "The database as it was before the restore is kept at {path}; undo with kuangqu db restore {path}",
    ),
    "trust.restore_missing": ("备份文件不存在：{path}", "Backup file not found: {path}"),
    "trust.restore_unverified": (
        "备份文件 {path} 未通过校验，拒绝恢复，现有数据库未改动：{problems}",
        "The backup {path} failed verification; nothing restored, the database is unchanged: {problems}",
    ),
    "trust.restore_not_kuangqu": (
        "{path} 不是 kuangqu 数据库的备份，拒绝恢复，现有数据库未改动",
        "{path} is not a kuangqu database backup; nothing restored, the database is unchanged",
    ),
    "trust.restore_newer": (
        "备份 {path} 的结构版本（{revision}）比本程序新，请先升级 kuangqu 再恢复",
        "The backup {path} has a newer schema ({revision}) than this program; upgrade kuangqu first",
    ),
    "trust.restore_in_use": (
        "数据库 {path} 正在被其他程序使用，拒绝恢复。请先关闭其他 kuangqu 窗口再试",
        "The database {path} is in use by another program; close other kuangqu sessions and try again",
    ),
    "trust.restore_failed": (
        "恢复失败（{path}），现有数据库未改动，未留下不完整的文件",
        "The restore failed ({path}); the database is unchanged and no partial file is left",
    ),
    "trust.restore_same_file": (
        "备份文件就是数据库本身：{path}",
        "The backup is the database itself: {path}",
    ),
    "trust.restore_sqlite_only": (
        "db restore 只用于 SQLite；PostgreSQL 请用 pg_restore",
        "db restore is for SQLite; use pg_restore for PostgreSQL",
    ),
    "trust.restore_older": (
        "恢复的备份结构较旧，请接着运行 kuangqu db upgrade",
        "The restored backup has an older schema; run kuangqu db upgrade next",
    ),
    "trust.backup_with_problems": (
        "数据库本身的检查发现 {count} 个问题，备份如实保留了它们（运行 kuangqu check 查看）：",
        "The database's own checks find {count} problems; the backup keeps them as they are (see kuangqu check):",
    ),
    "trust.upgrade_backup_first": (
        "升级前已备份并校验：{path}\n如升级中断或出错，运行 kuangqu db restore {path} 恢复到升级前的状态",
        "Backed up and verified before upgrading: {path}\n"
        "If the upgrade is interrupted or fails, run kuangqu db restore {path} to go back",
    ),
    "trust.upgrade_pg_backup": (
        "PostgreSQL 数据库请在升级前用 pg_dump 备份；升级在一个事务中进行，中断时自动回滚",
        "Back up PostgreSQL with pg_dump before upgrading; the upgrade runs in one transaction and rolls "
        "back if interrupted",
    ),
    # roles
    "trust.roles_postgres_only": (
        "db roles 只用于 PostgreSQL（多个科室共用的数据库）；SQLite 文件的权限由操作系统的文件权限控制",
        "db roles is for PostgreSQL (a database shared by several offices); a SQLite file is protected by "
        "its file permissions",
    ),
    "trust.roles_not_allowed": (
        "当前登录的数据库用户无权创建角色或授权（需要数据库管理员）：{kind}",
        "The database user may not create roles or grant privileges (a database administrator is needed): {kind}",
    ),
    "trust.roles_bad_login": (
        "登录名「{name}」不合规：只能用小写字母、数字和下划线，以字母开头，且不能以 kuangqu_ 开头",
        "Login name '{name}' is invalid: lowercase letters, digits and _, starting with a letter, not kuangqu_",
    ),
    "trust.roles_area_required": (
        "片长角色（area_leader）须用 --area 指定片区",
        "An area leader needs --area",
    ),
    "trust.roles_area_only_leader": (
        "--area 只用于片长角色（area_leader）",
        "--area is only for area_leader",
    ),
    "trust.roles_login_needs_role": ("--login 须同时给出 --role", "--login needs --role"),
    "trust.roles_title": ("数据库角色与权限", "Database roles and privileges"),
    "trust.roles_login_done": ("登录名 {name} 已设为 {role}", "Login {name} now has role {role}"),
    "trust.roles_refreshed": (
        "已按新结构更新数据库角色的权限",
        "Database role privileges updated for the new schema",
    ),
    "trust.roles_refresh_hint": (
        "请由数据库管理员运行 kuangqu db roles，让各角色的权限覆盖新建的表",
        "Ask a database administrator to run kuangqu db roles so the roles cover the new tables",
    ),
    "trust.role.clerk": (
        "经办人：读写登记记录；台账、支付、审计等只追加表只能新增和查询，不能修改或删除",
        "Clerk: reads and writes records; append-only tables (ledger, payments, audit) insert and select only",
    ),
    "trust.role.auditor": (
        "审计：可查询全部表（含审计日志），不能写入",
        "Auditor: reads every table incl. the audit log; writes nothing",
    ),
    "trust.role.area_leader": (
        "片长：只能查看本片区的人员、家庭和家庭成员（行级安全）；查看完整信息时写审计日志",
        "Area leader: sees only the people, households and members of their own area (row-level security)",
    ),
    "trust.role.admin": ("管理员：拥有全部表，运行数据库升级", "Admin: owns the tables and runs migrations"),
    "trust.scope.all": ("全部表", "all tables"),
    "trust.scope.none": ("无", "none"),
    "trust.scope.own_area": ("本片区（{areas}）", "own area ({areas})"),
    "trust.scope.every_row": ("全部行", "every row"),
    # clock
    "trust.clock_backwards": (
        "电脑时间（{now}）早于最近一条审计记录的时间（{last}）：系统时钟可能被调回。记录按序号排列，顺序不受影响；请校正时钟",
        "The computer's clock ({now}) is earlier than the newest audit entry ({last}): the clock may have gone "
        "back. Records are ordered by sequence, not time; please correct the clock",
    ),
    # retention purge
    "trust.purge_title": (
        "已过保存期限、将清除个人信息的人员（保存 {years} 年，截止 {cutoff}）",
        "People past the retention period whose personal data will be erased ({years} years, "
        "cutoff {cutoff})",
    ),
    "trust.purge_none": (
        "没有超过保存期限（{years} 年）的记录",
        "No record is past the retention period ({years} years)",
    ),
    "trust.purge_done": (
        "已清除 {retirees} 人、{members} 名家庭成员的个人信息；待遇台账和支付记录保留（以化名关联）",
        "Erased the personal data of {retirees} people and {members} household members; ledger and payment "
        "records are kept under pseudonyms",
    ),
    "trust.purge_vacuumed": (
        "已整理数据库文件，删除的数据不再留在文件中",
        "The database file was compacted; erased data is gone from it",
    ),
    "trust.purge_backups_note": (
        "注意：此前的备份文件中仍有这些人的信息，请按保存期限一并处理",
        "Note: earlier backup files still hold these people's data; dispose of them by the same retention rule",
    ),
    "trust.purge_confirm": (
        "将不可恢复地清除 {count} 人的个人信息，继续吗？",
        "Irreversibly erase the personal data of {count} people?",
    ),
    "trust.purge_years_invalid": (
        "保存年限必须至少为 1 年：{years}",
        "The retention period must be at least 1 year: {years}",
    ),
    "trust.purge_reason.deceased": ("已故", "deceased"),
    "trust.purge_reason.moved": ("迁出", "moved out"),
    "trust.purge_reason.member_removed": ("家庭成员已移出", "household member removed"),
    "trust.purge_aborted": ("已取消，未做任何修改", "Cancelled; nothing was changed"),
    # the audit log's personal values (kept apart from the append-only log)
    "trust.audit_private.masked": ("已脱敏", "masked"),
    "trust.audit_private.revealed": ("已显示原值", "revealed"),
    "trust.audit_private.erased": ("已按保留期限删除", "erased by the retention purge"),
    "trust.audit_reveal_note": (
        "已显示审计日志中的个人信息原值（已记入审计日志）",
        "The audit log's personal values are shown unmasked (this was audited)",
    ),
    # column labels of this area
    "col.role": ("角色", "Role"),
    "col.read": ("可查询", "Read"),
    "col.write": ("可读写", "Write"),
    "col.insert_only": ("只能新增", "Insert only"),
    "col.rows": ("可见行", "Rows"),
    "col.description": ("说明", "Description"),
    "col.logins": ("登录名", "Logins"),
    "col.since": ("起算日期", "Since"),
    "col.restored_from": ("恢复自", "Restored from"),
    "col.safety_copy": ("恢复前的安全副本", "Safety copy"),
    "col.revision": ("结构版本", "Schema revision"),
    "col.needs_upgrade": ("需要升级", "Needs upgrade"),
    "col.purged_retirees": ("清除人数", "People erased"),
    "col.purged_members": ("清除家庭成员数", "Members erased"),
    "col.cutoff": ("截止日期", "Cutoff"),
    "col.years": ("保存年限", "Retention years"),
    "col.vacuumed": ("已整理文件", "File compacted"),
    "col.private": ("个人信息", "Personal values"),
    "col.purged_audit_entries": ("清除审计原值条数", "Audit entries' values erased"),
}
