"""Messages of importing sheets: row problems, summaries, history."""

MESSAGES: dict[str, tuple[str, str]] = {
    "import.file_missing": ("找不到文件：{path}", "File not found: {path}"),
    "import.progress": ("正在检查各行…", "Checking rows…"),
    "import.sheet_empty": ("工作表“{name}”是空的，已跳过", "Sheet “{name}” is empty; skipped"),
    "import.unknown_column": ("不认识的列“{header}”（{column}列）：其内容已原样保存在“其他列”中",
                              "Unknown column “{header}” (column {column}): its values are kept under “other columns”"),
    "import.merged_cells": ("数据区有合并单元格 {ref}：这些行无法逐行读取，请取消合并后重新导入",
                            "Merged cells {ref} inside the data: these rows cannot be read; unmerge them and re-import"),
    "import.error_cell": ("单元格是错误值 {code}，请改为正确的值", "The cell holds the error {code}; enter the real value"),
    "import.formula_without_value": ("公式未计算：单元格里是公式但没有计算结果。请在 Excel/WPS 中打开并保存后再导入，或改为数值",
                                     "Formula not calculated: the cell has a formula without a value. Open and save "
                                     "the file in Excel/WPS, or type the value"),
    "import.duplicate_id": ("同一身份证号在本文件中出现两次（另一处在工作表“{first_sheet}”第{first_row}行）",
                            "The same ID number appears twice in this file (also sheet “{first_sheet}” row {first_row})"),
    "import.head_not_registered": ("户主身份证号不在人员名册中：请先导入离退休人员登记表",
                                   "The head's ID is not on the roster: import the registration sheet first"),
    "import.household_two_heads": ("户号 {number} 的各行户主身份证号不一致", "Rows of household {number} name different heads"),
    "import.household_two_self_rows": ("同一户有两行“本人”（另一行在第{first_row}行）",
                                       "Two 本人 rows in one household (the other is row {first_row})"),
    "import.members_not_in_file": ("数据库中该户还有 {count} 名成员不在本文件中（{names}），已保留未删除",
                                   "{count} members of this household are not in the file ({names}); kept"),
    "import.person_not_registered": ("此身份证号不在人员名册中：请先导入离退休人员登记表",
                                     "This ID number is not on the roster: import the registration sheet first"),
    "import.duplicate_record": ("本行与工作表“{first_sheet}”第{first_row}行是同一条记录（同一人、同一日期等），只能出现一次",
                                "This row repeats sheet “{first_sheet}” row {first_row} (same person, date …)"),
    "import.value_required": ("此项不能为空", "This cell cannot be empty"),
    "import.whole_number": ("须为整数", "Must be a whole number"),
    "import.date_in_future": ("日期 {on} 在今天之后", "Date {on} is in the future"),
    "import.petition_type_defaulted": ("{count} 行未填信访类别，按“申诉求决”登记（第{rows}行）",
                                       "{count} rows have no type; registered as 申诉求决 (rows {rows})"),
    "import.petition_subject_defaulted": ("{count} 行未填事项类别，按“其他”登记（第{rows}行）",
                                          "{count} rows have no subject; registered as 其他 (rows {rows})"),
    "import.petition_accepted_inferred": ("{count} 行未填受理日期，按来访日期记为受理（第{rows}行）",
                                          "{count} rows have no acceptance date; accepted on the received date (rows {rows})"),
    "import.petition_answer_inferred": ("{count} 行未填答复日期，按办结日期记为出具处理意见（第{rows}行）",
                                        "{count} rows have no answer date; answered on the closing date (rows {rows})"),
    "import.petition_text_ignored": ("{count} 行有办理情况但没有答复日期或办结日期：办理情况未导入（第{rows}行）",
                                     "{count} rows have 办理情况 without an answer or closing date; not imported (rows {rows})"),
    "import.petition_opinion_required": ("填写了答复日期或办结日期，须在“处理意见”列填写：{choices}",
                                         "An answer or closing date needs the opinion: {choices}"),
    "import.petition_answer_date_required": ("填写了处理意见或满意度，但没有答复日期或办结日期",
                                             "An opinion or satisfaction without an answer or closing date"),
    "import.petition_step_differs": ("信访件 #{id} 已登记，其{step}日期为 {stored}，与表中的 {given} 不同：保留已登记的，未修改",
                                     "Petition #{id}: its {step} date is {stored}, the sheet says {given}; kept as stored"),
    "import.petition_step_refused": ("信访件 #{id} 当前状态为“{status}”，不能按表中记为{step}：保留已登记的，未修改",
                                     "Petition #{id} is “{status}”; cannot record {step} from the sheet; kept as stored"),
    "import.visit_no_household": ("此人还没有家庭记录（不是户主，也不是哪一户的成员）：请先导入家庭成员表",
                                  "This person has no household (neither head nor member): import the household list first"),
    "import.visit_differs": ("{on} {visitor} 的走访已登记（#{id}），表中的内容与已登记的不同：保留已登记的，未修改",
                             "The visit of {on} by {visitor} is recorded (#{id}); the sheet's text differs; kept as recorded"),
    "import.summary_title": ("导入结果", "Import result"),
    "import.summary_title_failed": ("导入未完成：发现错误，未写入任何数据", "Import not done: errors found, nothing written"),
    "import.failed": ("共 {count} 处错误，未写入任何数据。改正后重新导入（可用 --errors 出错行.xlsx 导出出错的行）",
                      "{count} errors; nothing was written. Fix them and import again (--errors FILE.xlsx writes the rows)"),
    "import.errors_written": ("出错的 {rows} 行已写入 {path}（见“错误说明”列）", "{rows} rows with errors written to {path}"),
    "import.changes_title": ("更新的记录", "Updated records"),
    "import.history_title": ("导入记录", "Import history"),
    "import.skip.blank": ("空行", "blank"),
    "import.skip.total": ("合计行", "total rows"),
    "import.skip.repeated_header": ("重复表头", "repeated headers"),
    "export.no_directory": ("目标文件夹不存在：{path}", "The target folder does not exist: {path}"),
    "export.write_failed": ("无法写入文件 {path}（{reason}），未留下不完整的文件",
                            "Cannot write {path} ({reason}); no partial file left"),
    "col.file": ("文件", "File"),
    "col.rows_read": ("读取行数", "Rows read"),
    "col.created": ("新增", "Created"),
    "col.updated": ("更新", "Updated"),
    "col.unchanged": ("无变化", "Unchanged"),
    "col.skipped_rows": ("跳过行数", "Skipped rows"),
    "col.skipped_by_reason": ("跳过原因", "Skipped by reason"),
    "col.dry_run": ("仅检查（未写入）", "Dry run (nothing written)"),
    "col.fields": ("变化", "Changes"),
    "col.sha256": ("SHA-256", "SHA-256"),
    "col.warnings": ("提示数", "Warnings"),
}
MESSAGES.update(
    {
        f"col.{key}": labels
        for key, labels in {
            "household_no": ("户号", "Household no."),
            "head_id_number": ("户主身份证号", "Head's ID number"),
            "annual_rigid_expenses": ("年刚性支出（元）", "Annual rigid expenses"),
            "visit_form": ("走访形式", "Visit form"),
        }.items()
    }
)
# --- payments and benefits imports (importer/payments.py, importer/benefits.py, importer/located.py) ---
MESSAGES.update(
    {
        "import.text_too_long": ("文字过长（最多 {limit} 个字）", "Text too long (at most {limit} characters)"),
        "import.month_precision": ("须写到月，如 2020-01 或 2020年1月", "Write a month, such as 2020-01"),
        "import.day_precision": ("须写到日，如 2020-01-15", "Write a full date, such as 2020-01-15"),
        "import.person_not_registered": ("身份证号不在人员名册中：请先导入离退休人员登记表",
                                         "The ID is not on the roster: import the registration sheet first"),
        "import.payee_not_found": ("此身份证号既不在人员名册中，也不是任何家庭的成员：请先导入登记表和家庭成员表",
                                   "The ID is neither on the roster nor a household member: import those first"),
        "import.payee_without_household": ("此人在名册中，但还没有家庭记录：请先导入家庭及成员（kuangqu import households）",
                                           "This person has no household yet: import households first"),
        "import.payment_amount_zero": ("发放金额须大于 0", "A payment must be above 0"),
        "import.payment_kind_unknown": ("救助类别“{value}”无法识别：可填 日常救济、节日救济（或节日名称，如 春节）、临时救济",
                                        "Unknown relief kind “{value}”: daily, festival (or a festival's name), temporary"),
        "import.payment_month_required": ("日常救济须填写发放月份（如 2020-01）",
                                          "Daily relief needs the month it pays (e.g. 2020-01)"),
        "import.payment_festival_required": ("节日救济须写明年份和节日（如 2020年春节，或救助类别写“春节”、月份写 2020-01）",
                                             "Festival relief needs a year and a festival (e.g. 2020年春节)"),
        "import.payment_duplicate_in_file": ("同一户 {period} 的{kind}在本文件中出现两次（另一处在工作表“{first_sheet}”第{first_row}行）",
                                             "The same household's {kind} for {period} appears twice (also sheet “{first_sheet}” row {first_row})"),
        "import.payment_amount_differs": ("该户 {period} 的{kind}已发放 {paid} 元（发放记录 #{id}），表中为 {amount} 元：已发放的款项不能改写。"
                                          "如确有错发，先冲正（kuangqu relief payments reverse {id} --reason …）再导入",
                                          "{kind} for {period} was already paid: {paid} (payment #{id}); the sheet says {amount}. "
                                          "A payment is never rewritten: reverse it first (kuangqu relief payments reverse {id})"),
        "import.payment_tier_differs": ("表中档次与该户当时批准的档次“{tier}”不符（申请 #{application}）",
                                        "The tier differs from the one approved then, “{tier}” (application #{application})"),
        "import.payment_no_tier": ("该户有 {count} 笔发放在当时没有已批准的救济档次记录（最早 {first}）：按表格照录，未关联申请",
                                   "{count} payments of this household had no approved tier then (first {first}): "
                                   "recorded as the sheet says, without an application"),
        "import.payment_temporary_no_application": ("该户没有已批准、尚未发放、金额为 {amount} 元的临时救济申请：临时救济须先申请并审批",
                                                    "No approved, unpaid temporary application of {amount} for this household"),
        "import.benefit_duplicate_in_file": ("同一人同一项目同一月份的同一笔变更在本文件中出现两次（另一处在工作表“{first_sheet}”第{first_row}行）",
                                             "The same change appears twice in this file (also sheet “{first_sheet}” row {first_row})"),
        "import.benefit_before_differs": ("变更前 {before} 元与台账不符：台账中{component}在 {month} 为 {level} 元。"
                                          "台账若有误，请走纠错流程（kuangqu correction open …），不能用导入改写",
                                          "Before-amount {before} contradicts the ledger: {component} in {month} is {level}. "
                                          "Fix history with a correction (kuangqu correction open), not an import"),
        "import.benefit_later_entry": ("台账中{component}已有 {latest} 的记录（{amount} 元）：不能在其之前或同月再记另一笔变更。"
                                       "更正历史请走纠错流程（kuangqu correction open …）",
                                       "The ledger already has {component} from {latest} ({amount}): no other change can be "
                                       "added before it or in that month; use a correction (kuangqu correction open)"),
    }
)
MESSAGES.update(
    {
        f"col.{key}": labels
        for key, labels in {
            "payment_kind": ("救助类别", "Relief kind"),
            "signed_by": ("签领人", "Signed by"),
            "item": ("项目", "Item"),
            "amount_before": ("变更前（元）", "Before"),
            "amount_after": ("变更后（元）", "After"),
        }.items()
    }
)
# --- grid, assistance-pair and housing imports (importer/grid.py, importer/pairs.py, importer/housing.py) ---
MESSAGES.update(
    {
        "import.grid_unit_required": ("{level}须填写此项（片长填片区；楼长填片区和楼栋；工作组长填工作组）",
                                      "A {level} row needs this cell (area; area and building; or work group)"),
        "import.grid_start_differs": ("{name} 已是“{unit}”的负责人，任职日期登记为 {stored}，表中为 {given}：保留已登记的，未修改",
                                      "{name} already leads “{unit}” since {stored}; the sheet says {given}; kept as recorded"),
        "import.grid_change_not_later": ("“{unit}”的{level}现为 {current}（自 {since} 起），表中 {given} 起任职的不是在其之后："
                                         "不能用较早的表格改写。如确需更正，请用 kuangqu grid assign",
                                         "{current} leads “{unit}” as {level} since {since}; the row's start {given} is not later: "
                                         "an older sheet cannot rewrite the grid (use kuangqu grid assign)"),
        "import.pair_start_differs": ("该户与 {cadre} 的帮扶对子已登记（#{id}），结对日期为 {stored}，表中为 {given}：保留已登记的，未修改",
                                      "The pair with {cadre} is recorded (#{id}) from {stored}; the sheet says {given}; kept"),
        "import.pair_change_not_later": ("该户现由 {cadre} 帮扶（#{id}，自 {since} 起），表中 {given} 结对的不是在其之后："
                                         "不能用较早的表格改写。如确需更正，请先结束现有对子（kuangqu relief pair end {id}）",
                                         "This household is paired with {cadre} (#{id}) since {since}; the row's {given} is not "
                                         "later: end the current pair first (kuangqu relief pair end {id})"),
        "import.yes_no": ("须填“是”或“否”", "Must be 是 or 否"),
    }
)
MESSAGES.update(
    {
        f"col.{key}": labels
        for key, labels in {
            "grid_leader": ("负责人", "Leader"),
        }.items()
    }
)
MESSAGES.update(
    {
        "import.housing_result_unknown": ("审核结果“{value}”无法识别：填“通过”或“退回”",
                                          "Unknown review result “{value}”: write 通过 or 退回"),
        "import.housing_result_required": ("填写了这一审的日期、审核人或意见，须填写审核结果（通过或退回）",
                                           "A review with a date, reviewer or opinion needs its result (通过 or 退回)"),
        "import.housing_date_required": ("填写了这一审的结果，须填写审核日期", "A review result needs its date"),
        "import.housing_stage_out_of_order": ("{stage}之前的审核未填写或已退回：不能记录{stage}",
                                              "An earlier review is blank or returned: {stage} cannot be recorded"),
        "import.housing_return_needs_opinion": ("审核结果为退回，须在意见列写明退回原因",
                                                "A return needs its reason in the opinion column"),
        "import.housing_more_stages": ("新申请按配置只有 {count} 个审核环节（{stages}），表中多出的审核无法记录",
                                       "New applications have {count} stages ({stages}); the sheet has more reviews"),
        "import.housing_reviewer_unnamed": ("{count} 行的审核没有写审核人，记为“{name}”（第{rows}行）",
                                            "{count} rows name no reviewer; recorded as “{name}” (rows {rows})"),
        "import.housing_review_differs": ("房改申请 #{id} 的“{stage}”已记录为{stored}，表中为{given}：保留已记录的，未修改",
                                          "Application #{id}: “{stage}” is recorded as {stored}, the sheet says {given}; kept"),
        "import.housing_review_after_decision": ("房改申请 #{id} 已{status}，不能再按表中记录审核：保留已记录的，未修改",
                                                 "Application #{id} is {status}; the sheet's further reviews are not recorded"),
    }
)
MESSAGES.update(
    {
        f"col.review{i}_{key}": (f"{n}审{zh}", f"Review {i} {en}")
        for i, n in ((1, "一"), (2, "二"), (3, "三"))
        for key, zh, en in (
            ("result", "结果", "result"),
            ("on", "日期", "date"),
            ("reviewer", "审核人", "reviewer"),
            ("opinion", "意见", "opinion"),
        )
    }
)
MESSAGES.update({"col.room": ("房号", "Room")})
# The blank sheets of `kuangqu export template grid|pairs|housing` (excel/exports/template.py).
MESSAGES.update(
    {
        "export.template.grid_notes": (
            "第3行是表头，从第4行起每行填一个岗位（片长、楼长或工作组长）及其负责人；不要改动表头文字。\n"
            "片长填片区；楼长填片区和楼栋；工作组长填工作组。同一岗位在一个文件中只能出现一次。\n"
            "任职日期填完整日期，如 2020-03-12。岗位换人时填新负责人及其任职日期，原负责人同日卸任；任职日期须晚于原负责人的。\n"
            "身份证号可不填；填写时须已在登记表中，且姓名一致。\n"
            "填好后导入：kuangqu import grid 文件名.xlsx（可先加 --dry-run）。",
            "Row 3 is the header; enter one post (area, building or work-group leader) per row from row 4.\n"
            "An area leader needs the area; a building leader the area and building; a work-group leader the group.\n"
            "The start date is a full date. A new leader of a post ends the old leader's term that day; it must be later.\n"
            "The ID is optional; when given it must be on the roster under the same name.\n"
            "Import with: kuangqu import grid FILE.xlsx (add --dry-run first).",
        ),
        "export.template.pair_notes": (
            "第3行是表头，从第4行起每行填一户的帮扶对子；不要改动表头文字。\n"
            "被帮扶户按身份证号（户主或家庭成员）对应家庭，须先导入登记表和家庭成员表；姓名与身份证号须一致。一户在一个文件中只能出现一次。\n"
            "结对日期填完整日期。改由另一名干部帮扶时，原对子于新结对日期结束；结对日期须晚于原对子的。领导包户填“是”或“否”。\n"
            "填好后导入：kuangqu import pairs 文件名.xlsx（可先加 --dry-run）。",
            "Row 3 is the header; enter one household's assistance pair per row from row 4.\n"
            "The household is found by the ID of its head or a member (import roster and households first).\n"
            "The pairing date is a full date; a new cadre ends the old pair that day (it must be later). 领导包户: 是 or 否.\n"
            "Import with: kuangqu import pairs FILE.xlsx (add --dry-run first).",
        ),
        "export.template.housing_notes": (
            "第3行是表头，从第4行起每行填一件房改申请；不要改动表头文字。\n"
            "申请人按身份证号（户主或家庭成员）对应家庭，须先导入登记表和家庭成员表；姓名与身份证号须一致。\n"
            "一审、二审、三审依次填写：结果（通过或退回）、日期（不早于申请日期和上一审）、审核人、意见；退回须写意见，退回后不再审核。\n"
            "已登记的申请再次导入不会重复，表中新增的审核会补记。\n"
            "填好后导入：kuangqu import housing 文件名.xlsx（可先加 --dry-run）。",
            "Row 3 is the header; enter one housing-reform application per row from row 4.\n"
            "The applicant is found by the ID of a household's head or member (import roster and households first).\n"
            "Fill the reviews in order: result (通过/退回), date (not before the previous step), reviewer, opinion; "
            "a return needs its opinion and ends the application.\n"
            "Import with: kuangqu import housing FILE.xlsx (add --dry-run first).",
        ),
        "export.help.grid_level": ("必填：片长、楼长或工作组长", "Required: 片长, 楼长 or 工作组长"),
        "export.help.grid_area": ("片长、楼长必填", "Required for area and building leaders"),
        "export.help.grid_building": ("楼长必填，如 3号楼", "Required for building leaders"),
        "export.help.grid_work_group": ("工作组长必填，如 第1组", "Required for work-group leaders"),
        "export.help.grid_name": ("必填，负责人姓名", "Required, the leader's name"),
        "export.help.grid_id_number": ("可不填；填写时须在登记表中且与姓名一致", "Optional; if given, on the roster"),
        "export.help.grid_phone": ("手机11位，座机写成 区号-号码", "Mobile 11 digits, landline area-number"),
        "export.help.grid_position": ("身份或职务，如 退休支部书记", "Role, e.g. retired branch secretary"),
        "export.help.grid_assigned_on": ("必填，完整日期，如 2020-03-12", "Required, a full date"),
        "export.help.pair_cadre_name": ("必填，帮扶干部姓名", "Required, the cadre's name"),
        "export.help.pair_position": ("帮扶干部职务", "The cadre's position"),
        "export.help.pair_phone": ("帮扶干部电话", "The cadre's phone"),
        "export.help.pair_leader": ("副处级以上领导包户填“是”，否则填“否”或不填", "是 for a leader's household"),
        "export.help.pair_name": ("必填，与身份证号对应的户主或家庭成员姓名", "Required, the head's or member's name"),
        "export.help.pair_id_number": ("必填，户主或家庭成员的身份证号", "Required, the head's or member's ID"),
        "export.help.pair_started_on": ("必填，结对日期，如 2024-01-15", "Required, the pairing date"),
        "export.help.housing_name": ("必填，与身份证号对应的姓名", "Required, the name of that ID"),
        "export.help.housing_id_number": ("必填，户主或家庭成员的身份证号", "Required, the head's or member's ID"),
        "export.help.housing_building": ("楼栋，记入备注", "Building, kept in the notes"),
        "export.help.housing_room": ("房号，记入备注", "Room, kept in the notes"),
        "export.help.housing_applied_on": ("必填，申请日期，如 2023-03-01", "Required, the date applied"),
        "export.help.housing_notes": ("备注", "Notes"),
    }
)
MESSAGES.update(
    {
        f"export.help.housing_review{i}_{key}": (f"{n}审{zh}", f"Review {i}: {en}")
        for i, n in ((1, "一"), (2, "二"), (3, "三"))
        for key, zh, en in (
            ("result", "结果：通过或退回（不填则此审及以后各审未审）", "通过 or 退回"),
            ("on", "日期，不早于上一环节", "date, not before the previous step"),
            ("reviewer", "审核人（不填记为“未注明”）", "reviewer"),
            ("opinion", "意见（退回时必填）", "opinion (required for a return)"),
        )
    }
)
# --- relief application import (importer/applications.py) ---
MESSAGES.update(
    {
        "import.application_kind_unknown": ("申请类别“{value}”无法识别：填“日常救助”或“临时救助”",
                                            "Unknown kind “{value}”: write 日常救助 or 临时救助"),
        "import.application_result_unknown": ("审批结果“{value}”无法识别：填“批准”“不批准”或“撤回”",
                                              "Unknown decision “{value}”: write 批准, 不批准 or 撤回"),
        "import.application_result_required": ("填写了审批日期或批准金额，须填写审批结果（批准、不批准或撤回）",
                                               "A decision date or approved amount needs the decision"),
        "import.application_date_required": ("填写了{step}的其他内容，须填写{step}日期",
                                             "The {step} needs its date"),
        "import.application_step_missing": ("{missing}未填写：不能记录{step}（救助申请须依次初审、公示、审批）",
                                            "{missing} is blank: {step} cannot be recorded (review, notice, decision in turn)"),
        "import.application_notice_ends_before": ("公示结束日期早于公示开始日期 {start}",
                                                  "The notice ends before it starts ({start})"),
        "import.application_amount_not_approved": ("审批结果不是批准，不应填写批准金额",
                                                   "An approved amount needs the decision 批准"),
        "import.application_no_visit": ("该户在审核日期 {on} 当天及之前没有家访记录，初审须引用一次家访："
                                        "请先导入走访记录（kuangqu import visits）或登记一次家访，再导入本表",
                                        "The household has no home visit on or before the review date {on}; a review "
                                        "cites one: import the visits (kuangqu import visits) or record one first"),
        "import.application_visit_not_on": ("该户没有 {on} 的家访记录：请先导入走访记录（kuangqu import visits）"
                                             "或登记这次家访，再导入本表",
                                             "The household has no home visit on {on}: import or record it first"),
        "import.application_step_differs": ("救助申请 #{id} 的{step}已记录为 {stored}，表中为 {given}：保留已记录的，未修改",
                                            "Application #{id}: {step} is recorded as {stored}, the sheet says {given}; kept"),
        "import.application_step_after_decision": ("救助申请 #{id} 已{status}，表中的{step}不能再记录：保留已记录的，未修改",
                                                   "Application #{id} is {status}; the sheet's {step} is not recorded"),
        "import.application_tier_differs": ("救助申请 #{id} 按批准日的标准评定为 {tier} 档，表中为 {given}：以评定结果为准",
                                            "Application #{id} was assessed as tier {tier} on approval; the sheet says {given}"),
    }
)
MESSAGES.update(
    {
        f"col.{key}": labels
        for key, labels in {
            "app_review_on": ("审核日期", "Review date"),
            "app_visit": ("走访核实", "Visit"),
            "app_notice_until": ("公示结束", "Notice ends"),
            "app_result": ("审批结果", "Decision"),
            "app_decision_on": ("审批日期", "Decision date"),
            "app_decision_note": ("审批意见", "Decision note"),
        }.items()
    }
)
# --- activities and dissuasions imports (importer/activities.py, importer/dissuasions.py) ---
MESSAGES.update(
    {
        "import.activity_level_without_award": ("填写了获奖级别，但名次/获奖一栏是空的",
                                                "An award level without an award"),
        "import.activity_rows_disagree": ("“{activity}”在本文件第{first_row}行为“{first}”，本行为“{value}”：同一活动各行须一致",
                                          "“{activity}” is “{first}” on row {first_row} and “{value}” here; rows must agree"),
        "import.activity_kept": ("活动“{activity}”已登记（#{id}），此项登记为“{stored}”，表中为“{given}”：保留已登记的，未修改",
                                 "Activity “{activity}” (#{id}) is recorded as “{stored}”, the sheet says “{given}”; kept"),
        "import.dissuasion_count_required": ("请填写劝返人数，或填写被劝返人（一行计一人）",
                                             "Enter the number persuaded, or the person persuaded (one row, one person)"),
        "import.dissuasion_petition_ref": ("信访件编号须为数字，如 12 或 #12，多个用顿号分隔",
                                           "Petition numbers are digits such as 12 or #12, separated by 、"),
        "import.dissuasion_trip_too_long": ("{on} {place} 这次劝返各行合起来超过 {limit} 个字，请精简",
                                            "The rows of the trip {on} {place} together exceed {limit} characters"),
    }
)
MESSAGES.update(
    {
        f"col.{key}": labels
        for key, labels in {
            "activity": ("活动名称", "Activity"),
            "award": ("名次/获奖", "Award"),
            "award_level": ("获奖级别", "Award level"),
            "count": ("劝返人数", "Persuaded"),
            "destination": ("去向/诉求", "Destination / request"),
        }.items()
    }
)
# The blank sheet of `kuangqu export template applications` (excel/exports/template.py).
MESSAGES.update(
    {
        "export.template.application_notes": (
            "第3行是表头，从第4行起每行填一件救助申请；不要改动表头文字。\n"
            "申请人按身份证号（户主或家庭成员）对应家庭，须先导入登记表和家庭成员表；姓名与身份证号须一致。\n"
            "依次填写：申请 → 初审（审核日期；须有该户在审核日期当天或之前的家访记录，先导入走访记录）"
            " → 公示（公示日期、公示结束，不填结束按7天）→ 审批结果（批准、不批准须写审批意见、撤回）与审批日期（批准须在公示期满之后）。\n"
            "日常救助批准时按批准日生效的标准评定档次；临时救助须填申请金额和申请理由。\n"
            "已登记的申请（同户、同类别、同申请日期）再次导入不会重复，表中新增的步骤会补记。\n"
            "填好后导入：kuangqu import applications 文件名.xlsx（可先加 --dry-run）。",
            "Row 3 is the header; enter one relief application per row from row 4.\n"
            "The applicant is found by the ID of a household's head or member (import roster and households first).\n"
            "Fill the steps in order: application, review (a home visit on or before it must be recorded), "
            "notice (start, end; 7 days if no end), decision (批准/不批准/撤回) and its date.\n"
            "Import with: kuangqu import applications FILE.xlsx (add --dry-run first).",
        ),
        "export.help.application_name": ("必填，与身份证号对应的姓名", "Required, the name of that ID"),
        "export.help.application_id_number": ("必填，户主或家庭成员的身份证号", "Required, the head's or member's ID"),
        "export.help.application_kind": ("必填：日常救助或临时救助", "Required: 日常救助 or 临时救助"),
        "export.help.application_tier": ("评定档次（日常救助批准时按标准评定，不同则提示）", "Tier (checked on approval)"),
        "export.help.application_applied_on": ("必填，申请日期，如 2024-03-01", "Required, the date applied"),
        "export.help.application_reason": ("申请理由或致困原因（临时救助必填）", "Reason (required for temporary)"),
        "export.help.application_requested_amount": ("临时救助申请金额（元）；日常救助不填", "Temporary: amount asked"),
        "export.help.application_app_review_on": ("初审日期，不早于申请日期", "Review date"),
        "export.help.application_reviewer": ("审核人", "Reviewer"),
        "export.help.application_app_visit": ("所依据的家访日期（不填则取审核日期当天或之前最近一次）",
                                              "The visit's date (else the latest before the review)"),
        "export.help.application_notice_from": ("公示开始日期，不早于初审日期", "Notice start"),
        "export.help.application_app_notice_until": ("公示结束日期（不填按7天）", "Notice end (7 days if blank)"),
        "export.help.application_app_result": ("批准、不批准或撤回", "批准, 不批准 or 撤回"),
        "export.help.application_app_decision_on": ("审批日期（批准须在公示期满之后）", "Decision date"),
        "export.help.application_approved_amount": ("临时救助批准金额（元，不填按申请金额）", "Temporary: amount approved"),
        "export.help.application_app_decision_note": ("审批意见（不批准须填写理由）", "Decision note (required to reject)"),
        "export.help.application_notes": ("备注，记入申请理由", "Notes, kept with the reason"),
    }
)
# The blank sheets of `kuangqu export template activities|dissuasions` (excel/exports/template.py).
MESSAGES.update(
    {
        "export.template.activity_notes": (
            "第3行是表头，从第4行起每行填一名参加人；不要改动表头文字。\n"
            "活动名称和活动日期相同的各行是同一次活动，其类别、地点、结束日期须一致；同一人在一次活动中只能出现一次。\n"
            "参加人按身份证号对应名册，须先导入登记表，姓名须与名册一致。类别不填按“其他”登记。\n"
            "名次/获奖填写时记为此人的获奖（名称为“活动名称 名次”），获奖级别不填按“其他”。\n"
            "填好后导入：kuangqu import activities 文件名.xlsx（可先加 --dry-run）。",
            "Row 3 is the header; enter one participant per row from row 4.\n"
            "Rows with the same activity name and date are one activity and must agree on its category, place and end.\n"
            "Participants are found by ID on the roster (import it first) under the recorded name.\n"
            "An award is recorded for the person as “activity award”; its level defaults to 其他.\n"
            "Import with: kuangqu import activities FILE.xlsx (add --dry-run first).",
        ),
        "export.template.dissuasion_notes": (
            "第3行是表头，从第4行起每行填一名被劝返人，或一次劝返（填劝返人数）；不要改动表头文字。\n"
            "日期和地点相同的各行是同一次劝返：人数相加（未填劝返人数的一行计一人），劝返人和关联信访件合并。\n"
            "身份证号可不填；填写时须为有效号码，在名册中的须与登记的姓名一致。关联信访件填编号，如 12，多个用顿号分隔。\n"
            "再次导入同一次劝返时，按本表更新其人数、人员和情况说明。\n"
            "填好后导入：kuangqu import dissuasions 文件名.xlsx（可先加 --dry-run）。",
            "Row 3 is the header; enter one person persuaded (or one trip, with its count) per row from row 4.\n"
            "Rows with the same date and place are one trip: counts add up (a row without a count is one person).\n"
            "The ID is optional; on the roster it must carry the recorded name. Petitions by number, separated by 、.\n"
            "Importing a recorded trip again brings its count, staff and notes up to the sheet's.\n"
            "Import with: kuangqu import dissuasions FILE.xlsx (add --dry-run first).",
        ),
        "export.help.activity_activity": ("必填，活动名称，如 重阳节登山", "Required, the activity's name"),
        "export.help.activity_start_on": ("必填，活动（开始）日期，如 2025-10-29", "Required, the (start) date"),
        "export.help.activity_end_on": ("多日活动的结束日期", "The end date of a multi-day activity"),
        "export.help.activity_kind": ("外出参观、疗养、座谈会或其他（不填为其他）", "Category (其他 when blank)"),
        "export.help.activity_place": ("活动地点", "The place"),
        "export.help.activity_name": ("必填，与身份证号对应的姓名", "Required, the name of that ID"),
        "export.help.activity_id_number": ("必填，参加人身份证号（须已在名册中）", "Required, on the roster"),
        "export.help.activity_award": ("名次或奖项，如 一等奖", "Place or award, e.g. 一等奖"),
        "export.help.activity_award_level": ("获奖级别（不填为其他）", "Award level (其他 when blank)"),
        "export.help.activity_note": ("备注，如 领队", "Note, e.g. team leader"),
        "export.help.dissuasion_happened_on": ("必填，劝返日期，如 2025-03-04", "Required, the date"),
        "export.help.dissuasion_place": ("必填，地点，如 郑州、许昌、北京", "Required, the place"),
        "export.help.dissuasion_name": ("被劝返人姓名", "The person persuaded"),
        "export.help.dissuasion_id_number": ("被劝返人身份证号（可不填）", "Their ID (optional)"),
        "export.help.dissuasion_staff": ("必填，前往劝返的人员，多人用顿号分隔", "Required, the staff, separated by 、"),
        "export.help.dissuasion_count": ("劝返人数；填了被劝返人可不填（计一人）", "Count; blank on a person's row is 1"),
        "export.help.dissuasion_destination": ("去向或诉求，如 赴省反映养老金", "Destination or request"),
        "export.help.dissuasion_petitions": ("关联信访件编号，如 12", "Linked petition numbers"),
        "export.help.dissuasion_notes": ("情况说明", "Notes"),
    }
)
