"""Messages of relief (救济): the standard file, assessments, applications, payments, pairs, checks."""

_COLUMNS: dict[str, tuple[str, str]] = {
    "active_pairs": ("帮扶对子数", "Active pairs"),
    "already_paid": ("已发过（本次未发）", "Already paid"),
    "amount": ("金额（元）", "Amount"),
    "annual_income": ("家庭年收入（元）", "Annual income"),
    "applied_on": ("申请日期", "Applied on"),
    "approved_amount": ("批准金额（元）", "Approved amount"),
    "approved_on": ("批准日期", "Approved on"),
    "as_of": ("评定日期", "As of"),
    "assessment_id": ("评定记录编号", "Assessment ID"),
    "cadre_name": ("帮扶干部", "Cadre"),
    "tier_closed_on": ("档次终止日期", "Tier closed on"),
    "code": ("代码", "Code"),
    "content": ("内容", "Content"),
    "daily_relief": ("日常救济（元）", "Daily relief"),
    "daily_relief_total": ("日常救济总额（元）", "Daily relief total"),
    "days": ("剩余天数", "Days left"),
    "decision_reason": ("审批意见/理由", "Decision reason"),
    "dibao_monthly": ("低保标准（元/人/月）", "Dibao (yuan/person/month)"),
    "distance": ("距下一档", "Distance to next tier"),
    "due_on": ("复核到期日", "Re-check due"),
    "effective_from": ("生效日期", "Effective from"),
    "ended_on": ("结束日期", "Ended on"),
    "excluded_by": ("排除情形", "Excluded by"),
    "festival_relief": ("节日救济（元）", "Festival relief"),
    "festival_relief_total": ("春节等节日救济总额（元）", "Festival relief total"),
    "households_by_tier": ("各档户数", "Households by tier"),
    "income_limit": ("收入上限（元，不含）", "Income limit (exclusive)"),
    "label": ("名称", "Label"),
    "loaded_at": ("载入时间", "Loaded at"),
    "max_income_ratio": ("低保倍数", "Max income ratio"),
    "message": ("说明", "Message"),
    "missing": ("缺少的事实", "Missing facts"),
    "month": ("月份", "Month"),
    "monthly_relief": ("月救济（元）", "Monthly relief"),
    "monthly_total": ("家庭月收入合计（元）", "Monthly income total"),
    "net_annual_income": ("扣除刚性支出后年收入（元）", "Net annual income"),
    "next_review_on": ("年度复核日", "Next re-check"),
    "none": ("无", "None"),
    "note": ("说明", "Note"),
    "notice_days": ("公示天数", "Notice days"),
    "notice_from": ("公示开始", "Notice from"),
    "notice_last_day": ("公示截止", "Notice last day"),
    "objector": ("异议人", "Objector"),
    "on_date": ("日期", "Date"),
    "open_application": ("在办申请", "Open application"),
    "paid_count": ("本次发放笔数", "Paid"),
    "paid_on": ("发放日期", "Paid on"),
    "paid_total": ("本次发放合计（元）", "Paid in total"),
    "passed": ("通过", "Passed"),
    "per_capita_monthly_income": ("人均月收入（元）", "Per-capita monthly income"),
    "period": ("所属期", "Period"),
    "person_times": ("人次", "Person-times"),
    "reasons": ("检验及数字", "Tests and figures"),
    "received_on": ("收到日期", "Received on"),
    "recorded": ("已记录", "Recorded"),
    "reference_day": ("档次判定日", "Tier judged on"),
    "relief_person_times": ("救济人次", "Relief person-times"),
    "requested_amount": ("申请金额（元）", "Requested amount"),
    "resolution": ("核实结果", "Resolution"),
    "resolved_on": ("处理日期", "Resolved on"),
    "reversal_of": ("冲正原记录", "Reversal of"),
    "reversed_by": ("被冲正记录", "Reversed by"),
    "first_review_on": ("初审日期", "First review on"),
    "signature": ("领款人签字", "Signature"),
    "skipped_count": ("未发户数", "Skipped"),
    "source_name": ("来源文件", "Source file"),
    "source_text": ("原文", "Source text"),
    "standard_version": ("标准版本", "Standard version"),
    "standard_name": ("标准名称", "Standard name"),
    "started_on": ("开始日期", "Started on"),
    "temporary_relief": ("临时救济（元）", "Temporary relief"),
    "temporary_relief_total": ("临时救济总额（元）", "Temporary relief total"),
    "tier": ("档次", "Tier"),
    "tier_label": ("档次名称", "Tier label"),
    "tiers": ("档次", "Tiers"),
    "upheld": ("异议成立", "Upheld"),
    "version": ("版本", "Version"),
    "visit_on": ("家访日期", "Visit date"),
    "visit_ref": ("家访记录", "Home visit"),
}

# Keys other areas label differently: relief's tables use these through Column(label_key=…).
_OWN_COLUMNS: dict[str, tuple[str, str]] = {
    "overdue": ("已逾期", "Overdue"),
    "leader": ("领导包户", "Leader"),
    "households": ("户数", "Households"),
    "decided_on": ("决定日期", "Decided on"),
    "total": ("合计（元）", "Total"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    **{f"col.{key}": labels for key, labels in _COLUMNS.items()},
    **{f"relief.col.{key}": labels for key, labels in _OWN_COLUMNS.items()},
    "entity.relief_standard": ("救济标准", "relief standard"),
    "entity.relief_application": ("救济申请", "relief application"),
    "entity.relief_objection": ("异议", "objection"),
    "entity.relief_payment": ("救济发放", "relief payment"),
    "entity.relief_reversal": ("冲正记录", "reversal"),
    "entity.relief_pair": ("帮扶对子", "assistance pair"),
    # the standard file
    "relief.std.invalid": (
        "救济标准文件有 {count} 处问题，未载入",
        "The standard file has {count} problems; not loaded",
    ),
    "relief.std.syntax": (
        "第 {line} 行：TOML 格式错误（{detail}）",
        "Line {line}: TOML syntax error ({detail})",
    ),
    "relief.std.not_utf8": ("文件 {path} 不是 UTF-8 编码的文本", "File {path} is not UTF-8 text"),
    "relief.std.unknown_key": (
        "第 {line} 行：不认识的键 {name}（位置 {where}；可用的键：{allowed}）",
        "Line {line}: unknown key {name} (in {where}; known keys: {allowed})",
    ),
    "relief.std.missing_key": (
        "第 {line} 行：缺少 {name}（位置 {where}）",
        "Line {line}: {name} is missing (in {where})",
    ),
    "relief.std.not_text": (
        "第 {line} 行：{name} 必须是非空文字",
        "Line {line}: {name} must be non-empty text",
    ),
    "relief.std.bad_amount": (
        "第 {line} 行：{name} 金额有误：{detail}",
        "Line {line}: bad amount for {name}: {detail}",
    ),
    "relief.std.negative_amount": (
        "第 {line} 行：{name} 不能为负数（{value}）",
        "Line {line}: {name} cannot be negative ({value})",
    ),
    "relief.std.dibao_zero": (
        "第 {line} 行：低保标准 dibao_monthly 必须大于 0",
        "Line {line}: dibao_monthly must be above 0",
    ),
    "relief.std.bad_date": (
        '第 {line} 行：{name} 须为日期，如 "2020-01-01"',
        'Line {line}: {name} must be a date such as "2020-01-01"',
    ),
    "relief.std.not_table_array": (
        "第 {line} 行：{name} 须写成 [[{name}]] 表",
        "Line {line}: {name} must be [[{name}]] tables",
    ),
    "relief.std.unknown_exclusion": (
        "第 {line} 行：不认识的排除情形代码 {code}（可用：{choices}）",
        "Line {line}: unknown exclusion code {code} (known: {choices})",
    ),
    "relief.std.duplicate_code": ("第 {line} 行：代码 {code} 重复", "Line {line}: code {code} appears twice"),
    "relief.std.bad_ratio": (
        '第 {line} 行：max_income_ratio 须为正数，如 "1.5"（{value}）',
        'Line {line}: max_income_ratio must be a positive number such as "1.5" ({value})',
    ),
    "relief.std.bad_causes": (
        '第 {line} 行：causes 须为代码列表，如 ["serious_illness"]',
        'Line {line}: causes must be a list of codes such as ["serious_illness"]',
    ),
    "relief.std.unknown_cause": (
        "第 {line} 行：不认识的致困原因代码 {code}（可用：{choices}）",
        "Line {line}: unknown hardship cause {code} (known: {choices})",
    ),
    "relief.std.ratio_not_rising": (
        "第 {line} 行：各档 max_income_ratio 须逐档上升：{value} 不大于第 {previous_line} 行的 {previous}",
        "Line {line}: tier ratios must rise: {value} is not above {previous} on line {previous_line}",
    ),
    "relief.std.no_tiers": (
        "第 {line} 行：标准中没有任何 [[tier]] 档次",
        "Line {line}: the standard has no [[tier]]",
    ),
    "relief.standard_version_taken": (
        "标准版本 {version} 已载入且内容不同；修改后的标准请使用新的 version",
        "Standard version {version} is loaded with other text; give a new version",
    ),
    "relief.standard_unchanged": (
        "标准版本 {version} 已载入过，内容相同，未重复载入",
        "Standard version {version} was already loaded with the same text",
    ),
    "relief.standard_not_found": ("找不到救济标准版本：{version}", "No such standard version: {version}"),
    "relief.no_standard_in_force": (
        "{as_of} 没有生效的救济标准（请先 kuangqu relief standard load）",
        "No relief standard in force on {as_of} (load one first)",
    ),
    "relief.standard_title": ("{name}（版本 {version}）", "{name} (version {version})"),
    "relief.standard_list_title": ("救济标准版本", "Relief standard versions"),
    "relief.tiers_title": ("档次", "Tiers"),
    "relief.no_cause_needed": ("不限", "any"),
    # assessing
    "relief.assess_one_or_all": (
        "请指定一户，或使用 --all（二者选一）",
        "Give one household or --all (not both)",
    ),
    "relief.assess_title": (
        "救济档次评定：{household}（户主 {head}）",
        "Relief assessment: {household} (head {head})",
    ),
    "relief.assess_all_title": (
        "全部家庭档次评定汇总（{as_of}）",
        "Tier summary of all households ({as_of})",
    ),
    "relief.assess_all_footer": (
        "标准版本 {version}，评定日 {as_of}，共 {count} 户",
        "Standard {version}, as of {as_of}, {count} households",
    ),
    "relief.assess_recorded": ("已记录评定，编号 {id}", "Assessment recorded with id {id}"),
    "relief.assess_recorded_all": ("已记录 {count} 户的评定", "Recorded {count} assessments"),
    "relief.checks_title": ("各档检验", "Tier tests"),
    "relief.income_title": ("成员月收入", "Members' monthly income"),
    "relief.no_tier": ("不在任何档次", "no tier"),
    "relief.passed_unknown": ("无法判定", "undetermined"),
    "relief.status.none": ("不在任何档次", "in no tier"),
    "relief.status.excluded": ("因排除情形不予纳入", "excluded"),
    "relief.status.incomplete": ("缺少事实，无法评定", "facts missing"),
    "relief.missing.members": ("没有家庭成员", "no members"),
    "relief.missing.monthly_income": (
        "成员 {member} 的月收入未登记",
        "monthly income of {member} not recorded",
    ),
    "relief.missing.annual_rigid_expenses": (
        "年刚性支出未登记（没有支出请登记 0）",
        "annual rigid expenses not recorded (enter 0 if none)",
    ),
    "relief.test.excluded": ("有排除情形 {codes}，不予纳入", "excluded by {codes}"),
    "relief.test.income_unknown": (
        "人均月收入无法计算（缺少事实），不能与 {ratio} × {dibao} = {limit} 元比较",
        "per-capita income unknown (facts missing); cannot compare with {ratio} × {dibao} = {limit}",
    ),
    "relief.test.income_below": (
        "人均月收入 {value} 元 低于 {ratio} × {dibao} = {limit} 元",
        "per-capita income {value} is below {ratio} × {dibao} = {limit}",
    ),
    "relief.test.income_not_below": (
        "人均月收入 {value} 元 不低于 {ratio} × {dibao} = {limit} 元",
        "per-capita income {value} is not below {ratio} × {dibao} = {limit}",
    ),
    "relief.test.cause_ok": (
        "具备致困原因 {matching}（本档要求其一：{needed}）",
        "has hardship cause {matching} (this tier needs one of: {needed})",
    ),
    "relief.test.cause_missing": (
        "缺少本档要求的致困原因（须具备其一：{needed}；本户：{has}）",
        "lacks a cause this tier needs (one of: {needed}; household has: {has})",
    ),
    "relief.distance.margin": (
        "人均月收入再增加 {amount} 元即不再属于 {tier} 档",
        "a rise of {amount} in per-capita income takes it out of tier {tier}",
    ),
    "relief.distance.drop": (
        "人均月收入须再减少 {amount} 元才进入 {tier} 档",
        "per-capita income must fall by {amount} to reach tier {tier}",
    ),
    "relief.distance.cause": (
        "进入 {tier} 档还须具备致困原因之一：{causes}",
        "tier {tier} also needs one of these causes: {causes}",
    ),
    "relief.distance.deepest": ("已在最高档", "already in the deepest tier"),
    # applications
    "relief.application_not_found": ("找不到救济申请：{ref}", "No such relief application: {ref}"),
    "relief.bad_choice": (
        "{field} 的值 {value} 不在可选范围：{choices}",
        "{field}: {value} is not one of {choices}",
    ),
    "relief.temporary_needs_amount": (
        "临时救济须有大于 0 的金额（--amount）",
        "Temporary relief needs an amount above 0 (--amount)",
    ),
    "relief.temporary_needs_reason": (
        "临时救济须写明理由（--reason）",
        "Temporary relief needs a reason (--reason)",
    ),
    "relief.daily_no_amount": (
        "日常救济的金额由档次决定，不能指定 --amount",
        "Daily relief amounts come from the tier; --amount is not allowed",
    ),
    "relief.open_application_exists": (
        "家庭 #{household} 已有一份在办的日常救济申请（编号 {id}）",
        "Household #{household} already has an open daily application (#{id})",
    ),
    "relief.review_needs_visit": (
        "初审须引用一次家访（--visit）",
        "The first review must cite a home visit (--visit)",
    ),
    "relief.visit_after_review": (
        "家访日期 {visit_on} 晚于初审日期 {on}",
        "The visit ({visit_on}) is after the review ({on})",
    ),
    "relief.transition_refused": (
        "申请当前状态为“{status}”，不能执行“{action}”（只能从：{allowed}）",
        "The application is '{status}'; '{action}' is refused (allowed from: {allowed})",
    ),
    "relief.date_before_previous": (
        "日期 {on} 早于上一步的日期 {previous}（{step}），拒绝",
        "Date {on} is before the previous step's date {previous} ({step}); refused",
    ),
    "relief.notice_days": ("公示天数须至少 1 天：{days}", "The notice lasts at least 1 day: {days}"),
    "relief.notice_not_over": (
        "公示期到 {last} 才结束，不能在 {on} 批准",
        "The notice ends on {last}; cannot approve on {on}",
    ),
    "relief.objection_needs_content": ("异议须有内容（--content）", "An objection needs content (--content)"),
    "relief.objection_not_in_notice": (
        "申请当前状态为“{status}”，不在公示期，不能登记异议",
        "The application is '{status}', not in its notice; objection refused",
    ),
    "relief.objection_outside_notice": (
        "{on} 不在公示期（{start} 至 {last}）内",
        "{on} is outside the notice ({start} – {last})",
    ),
    "relief.objection_not_found": ("找不到异议：{ref}", "No such objection: {ref}"),
    "relief.objection_already_resolved": ("异议 {id} 已处理过", "Objection {id} is already settled"),
    "relief.resolution_needed": ("须写明核实结果（--resolution）", "A resolution is needed (--resolution)"),
    "relief.objection_open": (
        "异议 {id} 尚未核实处理，不能批准",
        "Objection {id} is not settled; cannot approve",
    ),
    "relief.objection_upheld": (
        "异议 {id} 成立，不能批准（请不予批准并说明理由）",
        "Objection {id} was upheld; cannot approve (reject it with a reason)",
    ),
    "relief.objection_resolved": ("异议 {id} 已处理", "Objection {id} settled"),
    "relief.approve_no_tier": (
        "家庭 #{household} 按标准 {version} 评定不在任何档次（{status}），不能批准日常救济；可不予批准并说明理由",
        "Household #{household} is in no tier under standard {version} ({status}); cannot approve: reject instead",
    ),
    "relief.reject_needs_reason": ("不予批准须写明理由（--reason）", "A rejection needs a reason (--reason)"),
    "relief.close_needs_reason": ("终止须写明原因（--reason）", "Closing needs a reason (--reason)"),
    "relief.close_daily_only": ("只有日常救济的档次可以终止", "Only a daily-relief tier can be closed"),
    "relief.close_superseded": (
        "申请 {id} 已被之后的决定（申请 {latest}）取代，不能终止",
        "Application {id} was superseded by application {latest}; cannot close it",
    ),
    "relief.step_done": ("申请 {id} 现为：{status}", "Application {id} is now: {status}"),
    "relief.notice_done": (
        "申请 {id} 现为：{status}，公示至 {last}",
        "Application {id} is now: {status}, until {last}",
    ),
    "relief.approved_tier": (
        "申请 {id} 现为：{status}，档次 {tier}，年度复核日 {review}",
        "Application {id} is now: {status}, tier {tier}, re-check due {review}",
    ),
    "relief.list_title": ("救济申请", "Relief applications"),
    "relief.application_title": ("救济申请 {id}", "Relief application {id}"),
    "relief.events_title": ("审核经过", "History"),
    "relief.objections_title": ("公示期异议", "Objections"),
    "relief.due_title": (
        "年度复核到期或逾期（{as_of}，{within} 天内）",
        "Re-checks due or overdue ({as_of}, within {within} days)",
    ),
    "relief.action.apply": ("申请", "applied"),
    "relief.action.review": ("初审", "first review"),
    "relief.action.notice": ("公示", "public notice"),
    "relief.action.objection": ("异议", "objection"),
    "relief.action.objection_upheld": ("异议成立", "objection upheld"),
    "relief.action.objection_dismissed": ("异议不成立", "objection dismissed"),
    "relief.action.approve": ("批准", "approved"),
    "relief.action.reject": ("不予批准", "rejected"),
    "relief.action.withdraw": ("撤回", "withdrawn"),
    "relief.action.close": ("终止", "closed"),
    # paying
    "relief.bad_month": (
        "月份须写成 2020-03 这样的年月：{value}",
        "A month is written like 2020-03: {value}",
    ),
    "relief.bad_festival": (
        "不认识的节日 {value}（可用：{choices}）",
        "Unknown festival {value} (known: {choices})",
    ),
    "relief.paid_before_month": (
        "发放日期 {paid_on} 早于所属月份 {month}",
        "Paid on {paid_on}, before the month {month}",
    ),
    "relief.festival_year_far": (
        "发放日期 {paid_on} 与年度 {year} 相差太远",
        "Paid on {paid_on}, too far from {year}",
    ),
    "relief.pay_title": ("救济发放：{period}", "Relief payment run: {period}"),
    "relief.skipped_title": ("未发放的家庭", "Households not paid"),
    "relief.paid_title": ("本次发放", "Paid in this run"),
    "relief.nothing_to_pay": (
        "没有需要发放的（已发过 {already} 户，不会重复发放）",
        "Nothing to pay ({already} households already paid; nothing is paid twice)",
    ),
    "relief.skip_reversed": (
        "此前的发放已冲正（如需重发请加 --repay-reversed）",
        "the earlier payment was reversed (use --repay-reversed to pay again)",
    ),
    "relief.skip_tier_unknown": ("批准的档次不在其标准中", "the approved tier is not in its standard"),
    "relief.skip_no_amount": ("该档次没有此项救济金额", "the tier has no amount for this"),
    "relief.skip_head_deceased": (
        "户主已去世且非遗属户",
        "the head has died and this is not a survivor household",
    ),
    "relief.payment_duplicate": (
        "同一户同一期的救济已由另一次发放写入，本次未写入任何记录",
        "Another run has just paid the same household and period; nothing written",
    ),
    "relief.pay_not_temporary": ("申请 {id} 不是临时救济", "Application {id} is not temporary relief"),
    "relief.pay_not_approved": (
        "申请 {id} 状态为“{status}”，未批准，不能发放",
        "Application {id} is '{status}', not approved; cannot pay",
    ),
    "relief.temporary_already_paid": (
        "临时救济申请 {id} 已发放过，不能重复发放",
        "Temporary application {id} was already paid",
    ),
    "relief.head_deceased": (
        "家庭 #{household} 户主已去世且非遗属户，不能发放",
        "The head of household #{household} has died and it is not a survivor household",
    ),
    "relief.payment_not_found": ("找不到发放记录：{ref}", "No such payment: {ref}"),
    "relief.reverse_needs_reason": ("冲正须写明原因（--reason）", "A reversal needs a reason (--reason)"),
    "relief.reverse_a_reversal": (
        "记录 {id} 本身是冲正记录，不能再冲正",
        "Payment {id} is itself a reversal",
    ),
    "relief.already_reversed": ("发放记录 {id} 已冲正过", "Payment {id} has already been reversed"),
    "relief.payments_title": ("救济发放记录", "Relief payments"),
    "relief.payments_footer": ("共 {count} 条，合计 {total} 元", "{count} rows, total {total}"),
    # pairs
    "relief.pair_exists": (
        "家庭 #{household} 已有帮扶对子（{cadre}，编号 {id}），请先结束",
        "Household #{household} already has a pair ({cadre}, #{id}); end it first",
    ),
    "relief.pair_not_found": ("找不到帮扶对子：{ref}", "No such pair: {ref}"),
    "relief.pair_already_ended": ("帮扶对子 {id} 已于 {on} 结束", "Pair {id} ended on {on}"),
    "relief.pair_ended": ("帮扶对子 {id} 已结束", "Pair {id} ended"),
    "relief.pairs_title": ("帮扶对子", "Assistance pairs"),
    "relief.unpaired_title": (
        "没有帮扶对子的在档家庭（{as_of}）",
        "Tiered households without a pair ({as_of})",
    ),
    # checks
    "relief.check.festival_not_paid": (
        "{year} 年春节救济尚未发放（在档 {count} 户）",
        "No {year} Spring Festival relief paid yet ({count} tiered households)",
    ),
    "relief.check.festival_missing": (
        "{household}（{tier} 档）未领到 {year} 年春节救济",
        "{household} (tier {tier}) did not receive the {year} Spring Festival relief",
    ),
    "relief.check.payment_without_tier": (
        "发放记录 {id}（{household}，{kind} {period}，{amount} 元）发放时该户没有批准的档次/申请",
        "Payment {id} ({household}, {kind} {period}, {amount}) went to a household without an approved tier",
    ),
    "relief.check.paid_after_death": (
        "发放记录 {id}（{household}，{amount} 元）于 {paid_on} 发放，晚于户主去世（{died_on}）",
        "Payment {id} ({household}, {amount}) on {paid_on} is after the head's death ({died_on})",
    ),
    "relief.check.school_age_child": (
        "{household}（{tier} 档）的 {name}（{age} 岁，就学：{schooling}）为学龄儿童，请安排助学",
        "{household} (tier {tier}): {name} ({age}, schooling: {schooling}) is of school "
        "age: arrange schooling help",
    ),
    # stats and reports
    "relief.stats_title": ("{year} 年救济工作数字", "Relief figures for {year}"),
    "relief.report.month_title": ("{month} 救济发放（按档次）", "Relief paid in {month} by tier"),
    "relief.report.signoff_title": ("{month} 救济签领表", "Relief sign-off sheet {month}"),
    "relief.report.by_month_title": ("{year} 年逐月救济发放", "Relief paid by month, {year}"),
    "relief.report.total": ("合计", "Total"),
}

# Labels of the hardship-cause and exclusion codes in explanations (relief.cause.<code>,
# relief.exclusion.<code>): Chinese from rules.codes, the one list the parser also reads.
_CAUSES_EN: dict[str, str] = {
    "no_work_capacity": "no capacity to work",
    "unemployed": "able to work but unemployed",
    "laid_off": "laid off",
    "no_social_insurance": "no social insurance",
    "benefits_not_delivered": "social insurance benefits not delivered",
    "serious_illness": "serious illness",
    "disaster": "natural disaster",
    "accident": "accident",
    "school_children": "children at school",
    "other": "other",
    "work_death": "death at work",
    "work_injury": "injury at work",
    "pneumoconiosis": "pneumoconiosis",
    "disability": "disability",
    "single_parent": "single-parent family",
    "widowed": "widowed",
}
_EXCLUSIONS_EN: dict[str, str] = {
    "two_homes": "owns two or more homes",
    "business_owner": "runs a shop or employs others",
    "private_car": "owns a private (non-commercial) car",
    "private_school": "children at a high-fee private school or studying abroad at own cost",
}


def _code_labels() -> dict[str, tuple[str, str]]:
    from kuangqu.rules.codes import EXCLUSIONS, HARDSHIP_CAUSES

    labels = {f"relief.cause.{c}": (zh, _CAUSES_EN.get(c, c)) for c, zh in HARDSHIP_CAUSES.items()}
    labels.update({f"relief.exclusion.{c}": (zh, _EXCLUSIONS_EN.get(c, c)) for c, zh in EXCLUSIONS.items()})
    return labels


MESSAGES.update(_code_labels())
