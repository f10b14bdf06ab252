"""Messages of the core: errors, the database, the CLI frame, the registry."""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.invalid_input": ("输入有误，未写入任何数据", "Invalid input; nothing was written"),
    "error.unexpected": (
        "内部错误（{kind}），未写入任何数据。请把命令和此信息报告给维护人员（设置 KUANGQU_DEBUG=1 可看详细信息）。",
        "Internal error ({kind}); nothing was written. Please report the command and this message "
        "(KUANGQU_DEBUG=1 shows details).",
    ),
    # CLI frame
    "cli.error_prefix": ("错误：", "Error: "),
    "cli.warning_prefix": ("提示：", "Warning: "),
    "cli.place_sheet": ("工作表「{sheet}」", "sheet '{sheet}'"),
    "cli.place_row": ("第{row}行", "row {row}"),
    "cli.place_column": ("{column}列", "column {column}"),
    "cli.more_problems": ("……另有 {count} 个问题未列出", "… and {count} more problems"),
    "cli.created": ("已创建{what}，编号 {id}", "Created {what} with id {id}"),
    "cli.count": ("共 {count} 条", "{count} rows"),
    "cli.reveal_needs_reason": (
        "使用 --reveal 必须用 --reason 说明原因（将记入审计日志）",
        "--reveal needs --reason (it is written to the audit log)",
    ),
    "word.yes": ("是", "yes"),
    "word.no": ("否", "no"),
    "entity.retiree": ("人员", "person"),
    "entity.household": ("家庭", "household"),
    "entity.member": ("家庭成员", "household member"),
    "entity.grid_leader": ("网格负责人", "grid leader"),
    # database
    "db.created": ("已新建数据库：{path}", "Created a new database: {path}"),
    "db.missing": ("数据库文件不存在：{path}", "Database file not found: {path}"),
    "db.is_directory": ("数据库路径是一个目录：{path}", "The database path is a directory: {path}"),
    "db.unreadable": ("无权读取数据库文件：{path}", "Cannot read the database file: {path}"),
    "db.not_sqlite": (
        "{path} 不是 SQLite 数据库文件（或加密密钥错误），拒绝打开",
        "{path} is not a SQLite database (or the encryption key is wrong); refused",
    ),
    "db.is_spreadsheet": (
        "{path} 是一个 Excel/压缩文件，不是数据库。要导入表格请用 kuangqu import",
        "{path} is a spreadsheet/zip file, not a database. Use kuangqu import for sheets",
    ),
    "db.not_kuangqu": (
        "{path} 是 SQLite 数据库，但不是 kuangqu 的数据库，拒绝使用",
        "{path} is a SQLite database but not a kuangqu database; refused",
    ),
    "db.empty_needs_upgrade": (
        "数据库 {path} 是空的，请先运行 kuangqu db upgrade 建立结构",
        "Database {path} is empty; run kuangqu db upgrade first",
    ),
    "db.needs_upgrade": (
        "数据库 {path} 的结构比本程序旧，请先运行 kuangqu db upgrade（会先自动备份）",
        "Database {path} has an older schema; run kuangqu db upgrade (a backup is taken first)",
    ),
    "db.newer_than_code": (
        "数据库 {path} 的结构版本（{revision}）比本程序新，请升级 kuangqu",
        "Database {path} has a newer schema ({revision}) than this program; upgrade kuangqu",
    ),
    "db.migrations_missing": (
        "找不到数据库迁移脚本（{path}），安装不完整",
        "Migrations not found ({path}); broken install",
    ),
    "db.foreign_key_broken": (
        "迁移后发现 {count} 处外键不一致，已停止",
        "{count} foreign-key problems after migrating",
    ),
    "db.readonly": (
        "数据库 {path} 是只读的：可以查询，但不能写入。未做任何修改",
        "Database {path} is read-only: reads work, writes are refused. Nothing was changed",
    ),
    "db.locked": (
        "数据库 {path} 正被其他操作占用，等待超时，未写入任何数据。请稍后重试",
        "Database {path} is busy with another writer; timed out, nothing written. Try again",
    ),
    "db.disk_full": (
        "磁盘已满（{path}），操作已回滚，未留下不完整的文件",
        "The disk is full ({path}); rolled back, no partial file left",
    ),
    "db.corrupt": (
        "数据库 {path} 已损坏，拒绝写入。请用 kuangqu db restore 从备份恢复",
        "Database {path} is corrupt; writes refused. Restore a backup with kuangqu db restore",
    ),
    "db.permission_denied": (
        "当前数据库角色无权执行此操作（{path}）",
        "The database role may not do this ({path})",
    ),
    "db.append_only": (
        "台账、支付和审计记录只能追加，不能修改或删除；请用冲正记录更正",
        "Ledger, payment and audit records are append-only; correct them with a reversal",
    ),
    "db.unique_violation": (
        "记录重复（违反唯一性约束），未写入",
        "Duplicate record (unique constraint); nothing written",
    ),
    "db.foreign_key_violation": (
        "引用的记录不存在或仍被引用（外键约束），未写入",
        "A referenced record is missing or still referenced; nothing written",
    ),
    "db.cannot_connect": ("无法连接数据库 {path}", "Cannot connect to the database {path}"),
    "db.error": ("数据库错误（{kind}），未写入任何数据", "Database error ({kind}); nothing written"),
    "db.network_share": (
        "数据库 {path} 位于网络共享盘上：已改用非 WAL 日志模式，建议放在本机磁盘",
        "Database {path} is on a network share: WAL disabled; keep it on a local disk",
    ),
    "db.upgraded": ("数据库已是最新结构：{path}", "The database schema is up to date: {path}"),
    "db.upgrade_backup": (
        "升级前已备份到 {path}；如升级中断，用 kuangqu db restore {path} 恢复",
        "Backed up to {path} before upgrading; restore with kuangqu db restore {path}",
    ),
    "db.status_title": ("数据库状态", "Database status"),
    "db.check_failed": ("发现 {count} 个问题", "{count} problems found"),
    "db.backup_done": ("已备份并校验：{path}", "Backed up and verified: {path}"),
    "db.backup_failed": (
        "备份失败（{path}），未留下不完整的文件",
        "Backup failed ({path}); no partial file left",
    ),
    "db.backup_verify_failed": (
        "备份副本校验失败：{problems}",
        "The backup copy failed verification: {problems}",
    ),
    "db.backup_sqlite_only": (
        "db backup 只用于 SQLite；PostgreSQL 请用 pg_dump",
        "db backup is for SQLite; use pg_dump for PostgreSQL",
    ),
    "db.backup_same_file": (
        "备份目标不能是数据库文件本身：{path}",
        "The backup target is the database itself: {path}",
    ),
    # retirees
    "retiree.not_found": ("找不到人员：{ref}", "No such person: {ref}"),
    "retiree.ambiguous_tail": (
        "身份证号后6位 {ref} 对应多人，请输入完整身份证号或 #编号",
        "ID tail {ref} matches several people; give the full ID or #number",
    ),
    "retiree.duplicate_id": (
        "身份证号 {id_number} 已登记（{name}，编号 {internal}），同一人不能登记两次",
        "ID {id_number} is already registered ({name}, #{internal})",
    ),
    "retiree.identity_conflict": (
        "身份冲突：身份证号 {id_number} 已登记为「{name}」（编号 {internal}），与输入的姓名不同，不会自动合并",
        "Identity conflict: ID {id_number} is registered as '{name}' (#{internal}) under another name; not merged",
    ),
    "retiree.photo_missing": ("照片文件不存在：{path}", "Photo not found: {path}"),
    "retiree.photo_type": (
        "照片须为 jpg、png、gif、bmp 或 webp 文件：{path}",
        "Photo must be jpg/png/gif/bmp/webp: {path}",
    ),
    "retiree.show_title": ("人员登记信息：{name}", "Person: {name}"),
    "retiree.list_title": ("离退休人员名册", "Roster"),
    "retiree.list_footer": ("显示 {shown} 人，共 {total} 人", "Showing {shown} of {total}"),
    "retiree.edit_nothing": ("没有给出要修改的字段", "No field to change was given"),
    "retiree.edit_unchanged": ("没有变化", "Nothing changed"),
    "retiree.changes_title": ("修改内容", "Changes"),
    "retiree.search_title": ("查找「{text}」", "Search '{text}'"),
    # households
    "household.not_found": ("找不到家庭：{ref}", "No such household: {ref}"),
    "household.head_taken": ("{name} 已是另一户的户主", "{name} already heads a household"),
    "household.head_is_member": (
        "{name} 已是第 {household} 户的成员，不能再做户主",
        "{name} is a member of household #{household}",
    ),
    "household.number_taken": ("户号 {number} 已被使用", "Household number {number} is taken"),
    "household.second_self": (
        "每户只有一位户主（本人），不能再添加或改为「本人」",
        "A household has exactly one head (本人)",
    ),
    "household.member_elsewhere": (
        "身份证号 {id_number} 已是第 {household} 户的成员",
        "ID {id_number} is already a member of household #{household}",
    ),
    "household.member_not_found": (
        "第 {household} 户中找不到成员：{ref}",
        "No member {ref} in household #{household}",
    ),
    "household.member_ambiguous": (
        "同名成员不止一位：{ref}，请用 #编号",
        "Several members named {ref}; use #id",
    ),
    "household.remove_head": (
        "不能移出户主；如户主去世，请登记死亡并另立户主",
        "The head cannot be removed; record the death and choose a new head",
    ),
    "household.too_many_causes": (
        "致困原因最多4项（1项主要，3项次要），现有 {count} 项",
        "At most 4 hardship causes (1 main, 3 secondary); got {count}",
    ),
    "household.visit_interval": ("家访周期必须为正数天：{days}", "Visit interval must be positive: {days}"),
    "household.show_title": ("家庭 #{id}（户主：{head}）", "Household #{id} (head: {head})"),
    "household.members_title": ("家庭成员", "Members"),
    "household.list_title": ("家庭列表", "Households"),
    "household.set_done": ("已更新 {count} 项", "{count} items updated"),
    "household.set_unchanged": ("没有变化", "Nothing changed"),
    "household.member_removed": ("已移出成员：{name}", "Member removed: {name}"),
    # grid
    "grid.area_required": ("片长须指定 --area", "An area leader needs --area"),
    "grid.building_required": (
        "楼长须指定 --area 和 --building",
        "A building leader needs --area and --building",
    ),
    "grid.work_group_required": ("工作组长须指定 --work-group", "A work-group leader needs --work-group"),
    "grid.leader_ambiguous": (
        "同名负责人不止一位：{name}，请用 #编号",
        "Several leaders named {name}; use #id",
    ),
    "grid.leader_not_found": ("找不到负责人：{ref}", "No such leader: {ref}"),
    "grid.level.area": ("片长", "area leader"),
    "grid.level.building": ("楼长", "building leader"),
    "grid.level.work_group": ("工作组长", "work-group leader"),
    "grid.list_title": ("网格负责人（三长合一）", "Grid leaders"),
    "grid.gaps": ("无人负责的单元 {count} 个：{units}", "{count} units without a leader: {units}"),
    "grid.people_title": ("{name}（{unit}）负责的人员", "People under {name} ({unit})"),
    "grid.who_title": ("{name} 的负责人", "Leaders responsible for {name}"),
    "grid.responsible_title": ("网格负责人", "Grid leaders"),
    # audit
    "audit.list_title": ("审计日志", "Audit log"),
    # generic rules used by the registry
    "rule.required": ("必填项为空", "Required value missing"),
    "rule.choice": (
        "「{value}」不是有效的选项，可选：{choices}",
        "'{value}' is not a valid choice: {choices}",
    ),
    "rule.sex_contradicts_id": (
        "性别与身份证号不符（身份证号显示为{id_sex}）",
        "Sex contradicts the ID number (the ID says {id_sex})",
    ),
    "rule.birth_contradicts_id": (
        "出生日期与身份证号不符（身份证号为 {id_birth}）",
        "Birth date contradicts the ID number ({id_birth})",
    ),
    "rule.work_start_before_birth": ("参加工作时间早于出生日期", "Work start is before birth"),
    "rule.date_in_future": ("日期在今天之后", "The date is in the future"),
    "rule.died_but_not_deceased": (
        "填写了死亡日期，但状态不是「已故」",
        "A date of death is given but status is not 已故",
    ),
    "rule.died_before_birth": ("死亡日期早于出生日期", "Date of death is before birth"),
    "warn.deceased_without_date": ("状态为已故，但没有死亡日期", "Status is deceased but no date of death"),
    "warn.member_birth_partial": (
        "无身份证号的成员只填了年或年月，未记录出生日期",
        "A member without ID has a partial birth date; not recorded",
    ),
    "rule.disability_grade": ("残疾等级应为一级至四级", "Disability grade must be 一级 to 四级"),
    "rule.unknown_cause": (
        "未知的致困原因「{value}」，可选：{choices}",
        "Unknown hardship cause '{value}': {choices}",
    ),
    "rule.unknown_exclusion": (
        "未知的排除情形「{value}」，可选：{choices}",
        "Unknown exclusion '{value}': {choices}",
    ),
}
