"""Messages of writing Excel files: output-path problems, the exports' titles, labels and instructions."""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the output file
    "xlsx.target_suffix": (
        "导出文件名须以 .xlsx 结尾：{path}",
        "The output file name must end in .xlsx: {path}",
    ),
    "xlsx.target_is_dir": (
        "{path} 是一个文件夹，请给出文件名，例如 {path}/报表.xlsx",
        "{path} is a folder; give a file name such as {path}/report.xlsx",
    ),
    "xlsx.target_dir_missing": ("目标文件夹不存在：{path}", "The target folder does not exist: {path}"),
    "xlsx.target_not_xlsx": (
        "{path} 已存在且不是 Excel 工作簿，未覆盖；确要覆盖请加 --force",
        "{path} exists and is not an Excel workbook; not overwritten (use --force to overwrite it)",
    ),
    "xlsx.target_locked": (
        "无法写入 {path}：文件被占用或没有写入权限（若已在 Excel/WPS 中打开，请先关闭）。原文件未改动，也未留下不完整的文件",
        "Cannot write {path}: the file is in use or not writable (close it in Excel/WPS first). "
        "The old file is unchanged and no partial file was left",
    ),
    "xlsx.disk_full": (
        "磁盘空间不足，无法写出 {path}。原文件未改动，也未留下不完整的文件",
        "The disk is full; {path} was not written. The old file is unchanged and no partial file was left",
    ),
    "xlsx.write_failed": (
        "写出 {path} 失败（{reason}）。原文件未改动，也未留下不完整的文件",
        "Writing {path} failed ({reason}). The old file is unchanged and no partial file was left",
    ),
    "xlsx.bad_text": (
        "工作表“{sheet}”第{row}行{column}列含有控制字符 {code}，Excel 无法保存；请先改正该记录",
        "Sheet “{sheet}” row {row} column {column} holds the control character {code}, which Excel "
        "cannot store; correct the record first",
    ),
    "xlsx.text_too_long": (
        "工作表“{sheet}”第{row}行{column}列的文字超过 Excel 单元格上限（{limit} 字），未导出",
        "Sheet “{sheet}” row {row} column {column}: the text exceeds Excel's cell limit ({limit} characters)",
    ),
    # -- command results
    "export.done": (
        "已导出到 {path}：工作表 {sheets}，共 {rows} 行数据",
        "Exported to {path}: sheets {sheets}, {rows} data rows",
    ),
    "export.sheet_separator": ("、", ", "),
    "export.replaced": ("已替换原有文件 {path}", "Replaced the existing file {path}"),
    "export.progress": ("正在导出…", "Exporting…"),
    "export.month_format": (
        "月份应写成 2020-03 这样的年-月：{value}",
        "The month must be a year and month such as 2020-03: {value}",
    ),
    "export.year_range": ("年份不合理：{value}", "Implausible year: {value}"),
    # -- shared sheet text
    "export.page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "export.unit_line": ("填报单位：{unit}    日期：{date}", "Unit: {unit}    Date: {date}"),
    "export.made_on": ("制表日期：{date}", "Made on {date}"),
    "export.masked_note": (
        "（身份证号、电话已脱敏，出生年月只显示年份）",
        "(ID numbers and phones masked, birth dates show the year only)",
    ),
    "export.total": ("合计", "Total"),
    "export.seq": ("序号", "No."),
    "export.signature": ("签字", "Signature"),
    "export.signoff_suffix": ("（签领表）", " (sign-off sheet)"),
    "export.signoff_footer": (
        "经办人：                审核人：                负责人：                日期：",
        "Prepared by:                Checked by:                Approved by:                Date:",
    ),
    "export.date_zh": ("{year}年{month}月{day}日", "{year}-{month:02d}-{day:02d}"),
    # -- template
    "export.instructions_sheet": ("说明", "Instructions"),
    "export.instructions_title": ("填写说明", "How to fill in this sheet"),
    "export.col_name": ("列名", "Column"),
    "export.col_help": ("填写说明", "What to enter"),
    "export.col_required": ("必填", "Required"),
    "export.required_yes": ("是", "yes"),
    "export.choices": ("{name}可选值", "{name}: choices"),
    "export.codes_title": ("致困原因 / 排除情形代码", "Codes of hardship causes and exclusions"),
    "export.code": ("代码", "Code"),
    "export.code_label": ("名称", "Name"),
    "export.dropdown_title": ("请从列表中选择", "Choose from the list"),
    "export.dropdown_error": (
        "请从下拉列表中选择，或参见“说明”工作表",
        "Choose a value from the drop-down list (see the instructions sheet)",
    ),
    "export.dropdown_area": (
        "片区列表来自数据库；输入新片区时请确认无误",
        "Areas come from the database; check a new area before keeping it",
    ),
    "export.template.roster_notes": (
        "第3行是表头，从第4行起每行填一人；不要改动表头文字。可以删去不用的列，但“姓名”“身份证号码”必须保留。\n"
        "身份证号码、联系电话和各日期列已设为“文本”格式：请照原样输入，不要让 Excel 把身份证号变成数字（会丢失末几位）。\n"
        "日期可写 1955.03.12、1955-03-12、1955/03/12、1955年3月12日 或 19550312；只知道年月写 1955.03 或 1955年3月；只知道年份写 1955。"
        "不要写 1955.1 这样的数字（分不清1月还是10月）。\n"
        "性别、出生年月须与身份证号一致；出生年月可以不填。人员类别、人员状态、性别、片区请从下拉列表中选择。\n"
        "已故人员的人员状态填“已故”并填写死亡日期。空行和“合计”行导入时会被跳过。\n"
        "填好后导入：kuangqu import retirees 文件名.xlsx（可先加 --dry-run 只检查不写入）。",
        "Row 3 is the header; enter one person per row from row 4 and leave the header text as it is. Unused "
        "columns may be deleted, except 姓名 and 身份证号码.\n"
        "ID, phone and date columns are formatted as text: type them as they are, never as numbers (Excel "
        "would drop an ID's last digits).\n"
        "Dates: 1955.03.12, 1955-03-12, 1955/03/12, 1955年3月12日 or 19550312; year and month 1955.03 or "
        "1955年3月; a year alone 1955. Never a number such as 1955.1 (January or October?).\n"
        "Sex and birth date must agree with the ID. Choose category, status, sex and area from the drop-downs.\n"
        "For a deceased person set the status to 已故 and enter the date of death. Blank and total rows are "
        "skipped on import.\n"
        "Import with: kuangqu import retirees FILE.xlsx (add --dry-run to check without writing).",
    ),
    "export.template.household_notes": (
        "第3行是表头，从第4行起每行填一名家庭成员；同一户的各行户号相同，“本人”（户主）一行在前。\n"
        "户主须已在离退休人员登记表中；户主身份证号填18位。成员身份证号、日期和金额列已设为“文本”格式。\n"
        "致困原因、排除情形只填在“本人”一行：可填代码或名称，多个用逗号分隔，主要原因在前（见右侧代码表）。\n"
        "金额写到分，如 1800.00；不要写“壹仟元”。与户主关系、健康状况、残疾等级请从下拉列表中选择。\n"
        "填好后导入：kuangqu import households 文件名.xlsx（可先加 --dry-run）。",
        "Row 3 is the header; enter one household member per row from row 4. Rows of one household share "
        "its number, the 本人 (head) row first.\n"
        "The head must already be on the roster; give the head's 18-character ID. Member ID, date and amount "
        "columns are formatted as text.\n"
        "Hardship causes and exclusions go on the 本人 row only: codes or names, separated by commas, the "
        "main cause first (see the code table).\n"
        "Amounts in yuan with fen, e.g. 1800.00. Choose relation, health and disability grade from the "
        "drop-downs.\n"
        "Import with: kuangqu import households FILE.xlsx (add --dry-run first).",
    ),
    "export.help.name": ("必填，与身份证上一致", "Required, as on the ID card"),
    "export.help.sex": ("男 / 女，须与身份证号一致", "男 / 女; must agree with the ID"),
    "export.help.id_number": (
        "必填，18位（旧的15位号码会自动升位）；文本格式，末位X大小写均可",
        "Required, 18 characters (old 15-digit IDs are upgraded); text; X or x",
    ),
    "export.help.birth_date": ("可不填；填写时须与身份证号一致", "Optional; must agree with the ID"),
    "export.help.ethnicity": ("如 汉族、回族", "e.g. 汉族, 回族"),
    "export.help.category": ("离休 / 退休 / 退职 / 遗属", "离休 / 退休 / 退职 / 遗属"),
    "export.help.work_start": ("年、年月或年月日", "A year, year and month, or a date"),
    "export.help.retired_on": ("年、年月或年月日；遗属可不填", "A year, year and month, or a date"),
    "export.help.former_unit": ("原单位或区队", "Former unit or team"),
    "export.help.position": ("职务或职称", "Post or title"),
    "export.help.address": ("现住址", "Current address"),
    "export.help.phone": ("手机或座机（0375-1234567）", "Mobile or landline (0375-1234567)"),
    "export.help.family_situation": ("如 独居、与子女同住", "e.g. 独居, 与子女同住"),
    "export.help.area": ("所属片区", "Area"),
    "export.help.building": ("如 3号楼", "e.g. 3号楼"),
    "export.help.work_group": ("如 第1组", "e.g. 第1组"),
    "export.help.status": ("在册 / 已故 / 迁出；不填为在册", "在册 / 已故 / 迁出; blank means 在册"),
    "export.help.died_on": ("已故人员填写", "For deceased people"),
    "export.help.remarks": ("其他情况", "Anything else"),
    "export.help.household_no": (
        "如 H0001；同一户的各行相同",
        "e.g. H0001; the same on every row of a household",
    ),
    "export.help.head_id_number": ("必填，户主的18位身份证号", "Required, the head's 18-character ID"),
    "export.help.relation": ("本人 / 配偶 / 子女 / 父母 / 孙子女 / 遗属 / 其他", "本人 / 配偶 / 子女 / …"),
    "export.help.member_id_number": ("成员的身份证号，文本格式", "The member's ID, as text"),
    "export.help.member_birth_date": (
        "无身份证号时填写，如 2010-05-12",
        "When there is no ID, e.g. 2010-05-12",
    ),
    "export.help.health": ("健康 / 慢病 / 重病 / 残疾", "健康 / 慢病 / 重病 / 残疾"),
    "export.help.disability_grade": ("残疾时填 一级…四级", "一级…四级 when disabled"),
    "export.help.schooling": ("小学 / 初中 / 高中 / 大学", "小学 / 初中 / 高中 / 大学"),
    "export.help.work_status": ("在职 / 退休 / 失业 / 无劳动能力 / 学生 / 务农", "在职 / 退休 / 失业 / …"),
    "export.help.monthly_income": ("元，写到分，如 1800.00", "Yuan with fen, e.g. 1800.00"),
    "export.help.causes": (
        "仅“本人”行：代码或名称，逗号分隔",
        "本人 row only: codes or names, comma-separated",
    ),
    "export.help.exclusions": ("仅“本人”行：代码或名称", "本人 row only: codes or names"),
    "export.help.annual_rigid_expenses": (
        "仅“本人”行：自付医疗、学费等，元",
        "本人 row only: self-paid medical costs, tuition…, in yuan",
    ),
    # -- templates of payments, benefits, petitions and visits
    "export.dropdown_kind": (
        "也可填节日名称（如 春节）表示节日救济；请确认无误",
        "A festival's name (e.g. 春节) also means festival relief; check the value",
    ),
    "export.template.payment_notes": (
        "第3行是表头，从第4行起每行填一笔已发放的救助金；不要改动表头文字。\n"
        "身份证号填户主（或家庭成员）的18位号码；该户须已在家庭成员表中。身份证号、月份、日期和金额列已设为“文本”格式。\n"
        "救助类别从下拉列表中选择（日常救济 / 节日救济 / 临时救济，也可填节日名称如 春节）；不填救助类别列即为日常救济。\n"
        "发放月份：日常救济填 2020-01 或 2020年1月；节日救济填 2020年春节。发放日期填完整日期，不早于所发月份。\n"
        "金额写到分，如 412.50；不能为0或负数（冲销另行办理）。已导入的发放不会被改写。\n"
        "填好后导入：kuangqu import payments 文件名.xlsx（可先加 --dry-run）。",
        "Row 3 is the header; enter one relief payment made per row from row 4 and leave the header text "
        "as it is.\n"
        "ID: the 18-character ID of the head (or a member); the household must be on record. ID, month, date "
        "and amount columns are formatted as text.\n"
        "Choose the kind from the drop-down (日常救济 / 节日救济 / 临时救济, or a festival such as 春节); "
        "without the column every row is daily relief.\n"
        "Month paid: 2020-01 or 2020年1月 for daily relief, 2020年春节 for a festival. The payment date is a "
        "full date, not before the month paid.\n"
        "Amounts in yuan with fen, e.g. 412.50; never 0 or negative. Payments imported before are never "
        "rewritten.\n"
        "Import with: kuangqu import payments FILE.xlsx (add --dry-run first).",
    ),
    "export.template.benefit_notes": (
        "第3行是表头，从第4行起每行填一项待遇变更；同一人的各行按时间先后排列。\n"
        "身份证号填本人的18位号码，须已在离退休人员登记表中。身份证号、月份和金额列已设为“文本”格式。\n"
        "变更月份写 2019-01 或 2019年1月（只写年月）；项目从下拉列表中选择。\n"
        "变更后填新的月标准（一次性项目填金额），写到分，如 3456.78；填写变更前时须与台账一致。\n"
        "变更原因必填。已记入台账的变更再次导入不会重复；历史有误请走更正流程（kuangqu correction）。\n"
        "填好后导入：kuangqu import benefits 文件名.xlsx（可先加 --dry-run）。",
        "Row 3 is the header; enter one benefit change per row from row 4, each person's rows in date "
        "order.\n"
        "ID: the person's 18-character ID; they must be on the roster. ID, month and amount columns are "
        "formatted as text.\n"
        "Month: 2019-01 or 2019年1月 (a month only); choose the item from the drop-down.\n"
        "After: the new monthly level (or the one-off amount) in yuan with fen, e.g. 3456.78; a before "
        "amount must agree with the ledger.\n"
        "A reason is required. A change already in the ledger is not entered twice; mistakes in the history "
        "go through kuangqu correction.\n"
        "Import with: kuangqu import benefits FILE.xlsx (add --dry-run first).",
    ),
    "export.template.petition_notes": (
        "第3行是表头，从第4行起每行登记一件信访事项；不要改动表头文字。\n"
        "信访人须已在离退休人员登记表中，姓名与身份证号须一致。身份证号、电话和各日期列已设为“文本”格式。\n"
        "日期填完整日期，如 2020-03-12，先后顺序为 来访 ≤ 受理 ≤ 答复 ≤ 办结。\n"
        "信访形式、信访类别、事项类别、处理意见、满意度请从下拉列表中选择；信访类别不填为申诉求决，事项类别不填为其他。\n"
        "填写答复日期或办结日期时须填处理意见。\n"
        "填好后导入：kuangqu import petitions 文件名.xlsx（可先加 --dry-run）。",
        "Row 3 is the header; register one petition per row from row 4 and leave the header text as it is.\n"
        "The petitioner must be on the roster, name and ID agreeing. ID, phone and date columns are "
        "formatted as text.\n"
        "Dates are full dates, e.g. 2020-03-12, in order: received ≤ accepted ≤ answered ≤ closed.\n"
        "Choose channel, type, subject, opinion and satisfaction from the drop-downs; no type means 申诉求决, "
        "no subject 其他.\n"
        "An answer or closing date needs an opinion.\n"
        "Import with: kuangqu import petitions FILE.xlsx (add --dry-run first).",
    ),
    "export.template.visit_notes": (
        "第3行是表头，从第4行起每行填一次入户走访；不要改动表头文字。\n"
        "被走访人须已在离退休人员登记表中，并是某户的户主或成员；姓名与身份证号须一致。身份证号和日期列已设为“文本”格式。\n"
        "走访日期填完整日期，如 2020-03-12，不能晚于今天。走访人填网格长姓名时计入其走访考核。\n"
        "各文字列每格不超过2000字。已登记的走访再次导入不会重复。\n"
        "填好后导入：kuangqu import visits 文件名.xlsx（可先加 --dry-run）。",
        "Row 3 is the header; enter one home visit per row from row 4 and leave the header text as it is.\n"
        "The person visited must be on the roster and head or member of a household, name and ID agreeing. "
        "ID and date columns are formatted as text.\n"
        "The visit date is a full date, e.g. 2020-03-12, not in the future. A grid leader's name as visitor "
        "counts the visit as theirs.\n"
        "Each text cell holds at most 2000 characters. A visit recorded before is not entered twice.\n"
        "Import with: kuangqu import visits FILE.xlsx (add --dry-run first).",
    ),
    "export.help.payment_name": (
        "可不填；填写时须与该身份证号登记的姓名一致",
        "Optional; must be that ID's name",
    ),
    "export.help.payment_id_number": (
        "必填，户主或家庭成员的18位身份证号，文本格式",
        "Required, the 18-character ID of the head or a member, as text",
    ),
    "export.help.payment_payment_kind": (
        "日常救济 / 节日救济 / 临时救济，或节日名称（如 春节）",
        "日常救济 / 节日救济 / 临时救济, or a festival's name (e.g. 春节)",
    ),
    "export.help.payment_tier": (
        "可不填；填写时须与该户当时核定的档次一致（A 或 一档）",
        "Optional; the tier approved then",
    ),
    "export.help.payment_period": (
        "日常救济：2020-01 或 2020年1月；节日救济：2020年春节；临时救济不填",
        "Daily: 2020-01 or 2020年1月; festival: 2020年春节; temporary: blank",
    ),
    "export.help.payment_amount": (
        "必填，元，写到分，如 412.50；不能为0或负数",
        "Required, yuan with fen, e.g. 412.50",
    ),
    "export.help.payment_paid_on": (
        "必填，完整日期，如 2020-02-10",
        "Required, a full date, e.g. 2020-02-10",
    ),
    "export.help.payment_signed_by": (
        "领款人签字（只读取，不保存）",
        "The payee's signature (read, not stored)",
    ),
    "export.help.payment_remarks": ("作为发放说明保存", "Stored as the payment's reason"),
    "export.help.benefit_name": (
        "可不填；填写时须与该身份证号登记的姓名一致",
        "Optional; must be that ID's name",
    ),
    "export.help.benefit_id_number": (
        "必填，18位身份证号，文本格式",
        "Required, the 18-character ID, as text",
    ),
    "export.help.benefit_effective": (
        "必填，年月：2019-01 或 2019年1月",
        "Required, a month: 2019-01 or 2019年1月",
    ),
    "export.help.benefit_item": (
        "必填：基本养老金、过渡性养老金、各项补贴、电话费补贴、遗属补助（月标准）；丧葬费、抚恤金、补发、扣回（一次性）",
        "Required: a monthly item or a one-off item (see the list)",
    ),
    "export.help.benefit_amount_before": (
        "可不填；填写时须与台账中该项当月的标准一致",
        "Optional; must equal the ledger's level for that item then",
    ),
    "export.help.benefit_amount_after": (
        "必填，新的月标准或一次性金额，元，写到分",
        "Required, the new monthly level or the one-off amount, yuan with fen",
    ),
    "export.help.benefit_reason": ("必填，变更原因", "Required, the reason of the change"),
    "export.help.benefit_document": (
        "可不填，文件依据或文号，100字以内",
        "Optional, the document, up to 100 characters",
    ),
    "export.help.benefit_remarks": ("只读取，不保存", "Read, not stored"),
    "export.help.petition_name": ("必填，与登记表中的姓名一致", "Required, the name on the roster"),
    "export.help.petition_id_number": (
        "必填，信访人的18位身份证号，文本格式",
        "Required, the petitioner's ID, as text",
    ),
    "export.help.petition_received_on": (
        "必填，完整日期，不能晚于今天",
        "Required, a full date, not in the future",
    ),
    "export.help.petition_channel": (
        "必填：来信 / 来访 / 电话 / 网上 / 越级赴省 / 越级进京",
        "Required: 来信 / 来访 / 电话 / 网上 / 越级赴省 / 越级进京",
    ),
    "export.help.petition_petition_type": (
        "建议意见 / 检举控告 / 申诉求决；不填为申诉求决（检举控告一律保密）",
        "建议意见 / 检举控告 / 申诉求决; blank means 申诉求决",
    ),
    "export.help.petition_subject": (
        "待遇 / 房改 / 救济 / 工资 / 其他；不填为其他",
        "待遇 / 房改 / 救济 / 工资 / 其他",
    ),
    "export.help.petition_request": (
        "必填，信访事项，2000字以内",
        "Required, the request, up to 2000 characters",
    ),
    "export.help.petition_facts": ("可不填，4000字以内", "Optional, up to 4000 characters"),
    "export.help.petition_contact": ("手机或座机，文本格式", "Mobile or landline, as text"),
    "export.help.petition_address": ("可不填，200字以内", "Optional, up to 200 characters"),
    "export.help.petition_people_count": (
        "整数，不填为1；5人及以上为集体访",
        "A whole number; blank means 1",
    ),
    "export.help.petition_handling_unit": ("可不填，100字以内", "Optional, up to 100 characters"),
    "export.help.petition_accepted_on": (
        "受理日期，不早于来访日期",
        "The acceptance date, not before the received date",
    ),
    "export.help.petition_opinion": (
        "予以支持 / 解释说明 / 不予支持；填写答复或办结日期时必填",
        "予以支持 / 解释说明 / 不予支持; required with an answer or closing date",
    ),
    "export.help.petition_opinion_text": ("处理意见的内容", "The opinion's text"),
    "export.help.petition_opinion_on": ("出具处理意见的日期", "The date of the opinion"),
    "export.help.petition_closed_on": ("办结日期", "The closing date"),
    "export.help.petition_satisfaction": ("满意 / 基本满意 / 不满意", "满意 / 基本满意 / 不满意"),
    "export.help.visit_name": ("必填，与登记表中的姓名一致", "Required, the name on the roster"),
    "export.help.visit_id_number": (
        "必填，被走访人的18位身份证号，文本格式；须是某户的户主或成员",
        "Required, the ID of the person visited, as text; head or member of a household",
    ),
    "export.help.visit_visited_on": (
        "必填，完整日期，不能晚于今天",
        "Required, a full date, not in the future",
    ),
    "export.help.visit_visitor": ("必填，走访人姓名（网格长姓名计入其考核）", "Required, the visitor's name"),
    "export.help.visit_visit_form": ("如 入户、电话；记入走访内容开头", "e.g. 入户, 电话; kept in the notes"),
    "export.help.visit_notes": ("2000字以内", "Up to 2000 characters"),
    "export.help.visit_findings": ("2000字以内", "Up to 2000 characters"),
    "export.help.visit_needs": ("2000字以内", "Up to 2000 characters"),
    "export.help.visit_follow_up": ("2000字以内", "Up to 2000 characters"),
    "export.help.visit_remarks": ("记入走访内容（“备注：…”）", "Added to the notes"),
    # -- monthly and annual reports
    "export.monthly_title": ("{year}年{month}月 月度报表", "Monthly report {year}-{month:02d}"),
    "export.summary_sheet": ("汇总", "Summary"),
    "export.roster_changes": ("名册变动", "Changes in the roster"),
    "export.item": ("项目", "Item"),
    "export.people": ("人数", "People"),
    "export.value": ("数值", "Value"),
    "export.roster_active_line": ("目前在册人数：{count}", "On the roll now: {count}"),
    "export.relief_by_tier": ("救济发放（按档次）", "Relief paid by tier"),
    "export.no_relief": ("本月没有救济发放记录", "No relief was paid this month"),
    "export.contents": ("本报表的工作表", "Sheets of this report"),
    "export.sheet_rows": ("{sheet}：{rows} 行", "{sheet}: {rows} rows"),
    "export.no_sections": (
        "尚无可汇总的业务数据（救济、待遇、信访、家访模块尚未登记月报内容）",
        "No other sections are registered yet (relief, benefits, petitions, visits)",
    ),
    "export.annual_title": ("{year}年 年度数据", "Figures of {year}"),
    "export.annual_sheet": ("年度数据", "Figures"),
    "export.roster_by_month_title": ("{year} 年逐月名册变动", "Roster changes by month, {year}"),
    "export.chart_amounts": ("金额（元）", "Amount (yuan)"),
    "export.chart_counts": ("人数 / 人次", "Count"),
}

MESSAGES.update(
    {
        f"col.{key}": labels
        for key, labels in {
            "roster_new": ("新增人员", "Added"),
            "roster_died": ("去世", "Died"),
            "roster_moved": ("迁出", "Moved away"),
            "roster_active": ("在册人数", "On the roll"),
            "month": ("月份", "Month"),
            "path": ("文件", "File"),
            "sheets": ("工作表", "Sheets"),
            "rows": ("行数", "Rows"),
        }.items()
    }
)

# The errors workbook of a failed import (`kuangqu import … --errors OUT.xlsx`).
MESSAGES.update(
    {
        "xlsx.errors_row": ("原行号", "Row"),
        "xlsx.errors_note": ("错误说明", "What is wrong"),
        "xlsx.errors_other_sheet": ("其他问题", "Other problems"),
        "xlsx.errors_place": ("位置", "Where"),
    }
)
