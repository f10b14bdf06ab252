"""Messages of the benefit ledger, cards, corrections, adjustments, deaths and newspaper subscriptions."""

# Kept in step with rules.ledger.COMPONENTS (a test checks it); not imported, so loading the
# catalogue stays cheap.
_COMPONENTS = {
    "basic_pension": ("基本养老金", "Basic pension"),
    "transitional_pension": ("过渡性养老金", "Transitional pension"),
    "allowance": ("各项补贴", "Allowances"),
    "phone_allowance": ("电话费补贴", "Phone allowance"),
    "survivor_support": ("遗属补助", "Survivor support"),
    "funeral_grant": ("丧葬费", "Funeral grant"),
    "lump_sum_compensation": ("抚恤金", "Lump-sum compensation"),
    "arrears": ("补发", "Arrears"),
    "recovery": ("扣回", "Recovery"),
}
_COLUMNS = {
    "seq": ("序号", "Seq"),
    "entry_id": ("记录编号", "Entry ID"),
    "effective": ("生效年月", "Effective"),
    "component": ("项目代码", "Component code"),
    "component_name": ("项目", "Component"),
    "amount": ("金额（元）", "Amount"),
    "document": ("文号", "Document"),
    "note": ("说明", "Note"),
    "total": ("月合计", "Monthly total"),
    "reverses_id": ("冲正记录", "Reverses"),
    "batch_id": ("调整批次", "Batch"),
    "correction_id": ("纠错编号", "Correction"),
    "recorded_at": ("记账时间", "Recorded at"),
    "status_name": ("状态", "Status"),
    "problem": ("问题", "Problem"),
    "source": ("来源", "Source"),
    "found_on": ("发现日期", "Found on"),
    "days_open": ("已办天数", "Days open"),
    "inquiries": ("外调", "Inquiries"),
    "arrears": ("补发(+)/扣回(-)（元）", "Arrears (+) / recovery (-)"),
    "arrears_total": ("补发(+)/扣回(-)合计（元）", "Arrears total"),
    "closed_on": ("结案日期", "Closed on"),
    "finding": ("查明情况", "Finding"),
    "corrected_on": ("纠正日期", "Corrected on"),
    "paid_through": ("原标准发放至", "Paid through"),
    "answer": ("书面答复", "Written answer"),
    "answer_document": ("答复文号", "Answer document"),
    "answered_on": ("答复日期", "Answered on"),
    "place": ("外调去向", "Sent to"),
    "matter": ("调查事项", "Matter"),
    "method": ("方式", "Method"),
    "sent_on": ("发出日期", "Sent on"),
    "reply": ("回复", "Reply"),
    "replied_on": ("回复日期", "Replied on"),
    "month": ("月份", "Month"),
    "paid": ("已发（元）", "Paid"),
    "due": ("应发（元）", "Due"),
    "diff": ("差额（元）", "Difference"),
    "years_of_service": ("工龄（年）", "Years of service"),
    "current_amount": ("调整前（元）", "Before"),
    "flat": ("定额", "Flat"),
    "service": ("挂钩工龄", "By service"),
    "percent": ("挂钩比例", "By percentage"),
    "age_extra": ("高龄倾斜", "Age extra"),
    "increase": ("增加额", "Increase"),
    "new_amount": ("调整后（元）", "After"),
    "year": ("年度", "Year"),
    "adjusted_people": ("人数", "People"),
    "total_increase": ("增加总额（元）", "Total increase"),
    "rule_name": ("调整办法文件", "Rule file"),
    "created_at": ("建立时间", "Created at"),
    "reversed_at": ("撤销时间", "Reversed at"),
    "reversal_reason": ("撤销原因", "Reversal reason"),
    "paper": ("报刊代码", "Paper code"),
    "paper_name": ("报刊", "Paper"),
    "copies": ("份数", "Copies"),
    "old_amount": ("原标准（元）", "Old amount"),
    "kind": ("类别", "Kind"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    **{f"col.{key}": labels for key, labels in _COLUMNS.items()},
    **{f"component.{code}": labels for code, labels in _COMPONENTS.items()},
    "entity.ledger_entry": ("待遇记录", "ledger entry"),
    "entity.reversal": ("冲正记录", "reversal"),
    "entity.correction": ("纠错事项", "correction"),
    "entity.inquiry": ("外调记录", "inquiry"),
    "entity.subscription": ("报刊订阅", "subscription"),
    # ledger
    "ledger.month_precision": (
        "生效时间须写到月（如 2019-01），而不是“{value}”",
        "The effective time must be a month (e.g. 2019-01), not '{value}'",
    ),
    "ledger.reason_required": ("必须写明原因", "A reason is required"),
    "ledger.one_off_zero": ("一次性项目的金额不能为 0", "A one-off item cannot be 0"),
    "ledger.entry_not_found": ("找不到台账记录 {id}", "No ledger entry {id}"),
    "ledger.before_retirement": (
        "生效年月 {effective} 早于退休时间 {retired}，拒绝记账",
        "Effective {effective} is before retirement ({retired}); refused",
    ),
    "ledger.after_death": (
        "生效年月 {effective} 在死亡（{died}）之后，不能再记按月待遇",
        "Effective {effective} is after the death ({died}); no regular benefit can start",
    ),
    "ledger.reverse_a_reversal": (
        "记录 {id} 本身是冲正记录，不能再冲正；如需恢复，请重新记一笔",
        "Entry {id} is itself a reversal; add the entry again instead",
    ),
    "ledger.already_reversed": (
        "记录 {id} 已被记录 {by} 冲正",
        "Entry {id} was already reversed by entry {by}",
    ),
    "ledger.note_reverses": ("冲正第{seq}条", "reverses #{seq}"),
    "ledger.note_reversed_by": ("已被第{seq}条冲正", "reversed by #{seq}"),
    "ledger.note_correction": ("纠错#{id}", "correction #{id}"),
    "ledger.note_batch": ("调整批次#{id}", "adjustment batch #{id}"),
    "ledger.list_title": ("待遇台账", "Benefit ledger"),
    "ledger.chain_broken_hash": (
        "待遇台账被改动：人员编号 {retiree_id} 的第 {seq} 条记录（编号 {id}）内容与其哈希不符",
        "Ledger tampered with: entry {id} (#{seq} of person {retiree_id}) does not match its hash",
    ),
    "ledger.chain_broken_prev_hash": (
        "待遇台账链条断开：人员编号 {retiree_id} 的第 {seq} 条记录（编号 {id}）与前一条对不上",
        "Ledger chain broken: entry {id} (#{seq} of person {retiree_id}) does not follow the entry before it",
    ),
    "ledger.chain_broken_seq": (
        "待遇台账缺号或重号：人员编号 {retiree_id} 在第 {seq} 条记录（编号 {id}）处（有记录被删除或插入）",
        "Ledger sequence broken for person {retiree_id} at #{seq} (entry {id}): an entry was removed or inserted",
    ),
    "ledger.entry_after_death": (
        "人员编号 {retiree_id} 已于 {died} 去世，但第 {seq} 条记录（编号 {id}）在 {effective} 仍有按月待遇",
        "Person {retiree_id} died on {died}, but entry {id} (#{seq}) pays a regular benefit from {effective}",
    ),
    "ledger.not_stopped": (
        "人员编号 {retiree_id} 已于 {died} 去世，但次月起按月待遇未停发",
        "Person {retiree_id} died on {died}, but the regular benefits were not stopped",
    ),
    "ledger.rule_missing": ("调整办法缺少“{name}”", "The adjustment rule lacks '{name}'"),
    "ledger.rule_bad_value": (
        "调整办法的“{name}”值不对：{value}",
        "The adjustment rule's '{name}' is wrong: {value}",
    ),
    "ledger.rule_toml": (
        "调整办法文件格式错误（TOML）：{detail}",
        "The adjustment rule is not valid TOML: {detail}",
    ),
    "ledger.rule_year_mismatch": (
        "调整办法年度 {year} 与生效年月 {effective} 不一致",
        "The rule's year {year} does not match its effective month {effective}",
    ),
    "ledger.correction_line": (
        "纠正项应写成 项目:起始年月:金额（如 基本养老金:2019-01:2350.00），而不是“{value}”",
        "A correction is component:from-month:amount (e.g. 基本养老金:2019-01:2350.00), not '{value}'",
    ),
    "ledger.correction_regular_only": (
        "{component} 是一次性项目，纠正只用于按月项目；一次性项目请直接记账或冲正",
        "{component} is a one-off item; corrections set regular items only",
    ),
    # card
    "card.title": ("待遇变更明白卡", "Benefit-change card"),
    "card.title_for": ("待遇变更明白卡：{name}", "Benefit-change card: {name}"),
    "card.as_of": ("截至 {month}", "As of {month}"),
    "card.changes_title": ("待遇变更记录", "Changes"),
    "card.current_total": (
        "{month} 月待遇合计：{total} 元（{parts}）",
        "Monthly total in {month}: {total} ({parts})",
    ),
    "card.correction_line": (
        "纠错#{id}（{status}）：{problem}；补发/扣回 {arrears} 元",
        "Correction #{id} ({status}): {problem}; arrears {arrears}",
    ),
    "card.signature": (
        "本人签字：＿＿＿＿＿＿＿＿　　　日期：＿＿＿＿年＿＿月＿＿日　　　经办人：＿＿＿＿＿＿",
        "Signature: ____________   Date: ____-__-__   Clerk: ____________",
    ),
    "card.sheet_title": ("明白卡", "Cards"),
    "card.written": ("已写入 {count} 张明白卡：{path}", "Wrote {count} cards to {path}"),
    "card.nobody": (
        "所选人员都没有待遇记录，未生成文件",
        "Nobody selected has ledger entries; no file written",
    ),
    "card.progress": ("生成明白卡", "Making cards"),
    # corrections
    "correction.not_found": ("找不到纠错事项 {id}", "No correction {id}"),
    "correction.refused_transition": (
        "纠错事项当前状态为“{current}”，不能转为“{target}”",
        "A correction that is '{current}' cannot become '{target}'",
    ),
    "correction.problem_required": ("必须写明发现的问题", "Describe the problem found"),
    "correction.place_required": ("必须写明外调去向", "Say where the inquiry goes"),
    "correction.reply_required": ("必须写明回复内容", "The reply is required"),
    "correction.answer_required": ("必须写明书面答复内容", "The written answer is required"),
    "correction.finding_required": ("必须写明核查结论", "The finding is required"),
    "correction.lines_required": ("至少给出一项 --entry 项目:起始年月:金额", "Give at least one --entry"),
    "correction.date_before_found": (
        "日期 {day} 早于发现问题的日期 {found}",
        "{day} is before the problem was found ({found})",
    ),
    "correction.reply_before_sent": (
        "回复日期 {day} 早于发出日期 {sent}",
        "Reply date {day} is before it was sent ({sent})",
    ),
    "correction.inquiry_not_found": (
        "纠错事项 {correction} 没有外调记录 {id}",
        "Correction {correction} has no inquiry {id}",
    ),
    "correction.inquiry_replied": ("外调 {id} 已于 {on} 回复", "Inquiry {id} was already answered on {on}"),
    "correction.no_pending_inquiry": (
        "纠错事项 {id} 没有待回复的外调",
        "Correction {id} has no inquiry waiting for a reply",
    ),
    "correction.which_inquiry": (
        "有多件外调待回复（{ids}），请用 --inquiry 指明",
        "Several inquiries wait for replies ({ids}); choose one with --inquiry",
    ),
    "correction.duplicate_line": (
        "{component} 同一起始年月给了两次",
        "{component} is given twice for the same month",
    ),
    "correction.carry_negative": (
        "把差额带到 {month} 后金额为负，请逐月给出正确金额（--no-carry-forward）",
        "Carrying the difference to {month} gives a negative amount; give each month",
    ),
    "correction.replied": ("已登记外调 {id} 的回复", "Recorded the reply to inquiry {id}"),
    "correction.answered": (
        "纠错事项 {id} 已书面答复，结案",
        "Correction {id} answered in writing and closed",
    ),
    "correction.closed_no_error": ("纠错事项 {id} 经核无误，结案", "Correction {id} closed: no error found"),
    "correction.arrears_title": ("逐月补发/扣回", "Arrears month by month"),
    "correction.arrears_total": (
        "合计：{total} 元（正数补发，负数扣回）",
        "Total: {total} (positive: arrears; negative: recovery)",
    ),
    "correction.list_title": ("待遇纠错事项", "Benefit corrections"),
    "correction.show_title": ("纠错事项 {id}：{name}", "Correction {id}: {name}"),
    "correction.inquiries_title": ("外调记录", "Inquiries"),
    "correction.entries_title": ("纠正记账", "Ledger entries"),
    # adjustments
    "adjustment.rule_unreadable": ("无法读取调整办法文件：{path}", "Cannot read the rule file {path}"),
    "adjustment.year_mismatch": (
        "--year {year} 与调整办法的年度 {rule_year} 不一致",
        "--year {year} does not match the rule's year {rule_year}",
    ),
    "adjustment.year_done": (
        "{year} 年度调整已有批次 {batch}；如需重做，请先整批撤销",
        "The {year} adjustment exists as batch {batch}; reverse it first to redo it",
    ),
    "adjustment.nobody": ("{year} 年度调整没有适用的人员", "Nobody is concerned by the {year} adjustment"),
    "adjustment.batch_not_found": ("找不到调整批次 {id}", "No adjustment batch {id}"),
    "adjustment.already_reversed": ("调整批次 {id} 已撤销", "Adjustment batch {id} was already reversed"),
    "adjustment.later_batch": (
        "批次 {id} 之后还有 {year} 年度的批次 {later}，其标准以本批次为基础；请先撤销后者",
        "Batch {later} ({year}) was computed on top of batch {id}; reverse it first",
    ),
    "adjustment.title": ("{year} 年度基本养老金调整", "{year} pension adjustment"),
    "adjustment.title_dry": (
        "{year} 年度基本养老金调整（试算，未写入）",
        "{year} pension adjustment (dry run, nothing written)",
    ),
    "adjustment.footer": (
        "共 {people} 人，月增加总额 {total} 元",
        "{people} people, monthly increase {total} in total",
    ),
    "adjustment.written": ("已写入调整批次 {batch}", "Written as adjustment batch {batch}"),
    "adjustment.reversed": (
        "已撤销调整批次 {batch}，冲正 {count} 条记录",
        "Reversed batch {batch}: {count} entries",
    ),
    "adjustment.batches_title": ("年度调整批次", "Adjustment batches"),
    # deaths
    "death.in_future": ("死亡日期 {day} 在今天之后", "The date of death {day} is in the future"),
    "death.date_differs": (
        "此人已登记于 {stored} 去世，与 {given} 不符；请先用 retiree edit 更正",
        "Already recorded as died on {stored}, not {given}; fix it with retiree edit first",
    ),
    "death.already_recorded": (
        "{name} 的去世（{died}）已办理：待遇已停发，丧葬费已记",
        "{name}'s death ({died}) is already handled",
    ),
    "death.survivor_needs_both": (
        "建立遗属户需要同时给出 --survivor 和 --survivor-id",
        "--survivor and --survivor-id go together",
    ),
    "death.recorded": (
        "已登记 {name} 于 {died} 去世：停发 {stopped} 项按月待遇，记一次性项目 {one_offs} 笔",
        "Recorded {name}'s death on {died}: {stopped} regular items stopped, {one_offs} one-off items",
    ),
    "death.reversed_after": (
        "冲正死亡后的按月待遇记录 {count} 条",
        "Reversed {count} entries effective after the death",
    ),
    "death.recovery": (
        "死亡后多发的待遇已记扣回（记录 {id}）",
        "Benefits paid after the death recorded for recovery (entry {id})",
    ),
    "death.no_one_offs": (
        "未记丧葬费、抚恤金：未给出金额，也未配置默认值（[benefit] funeral_grant / lump_sum）",
        "No funeral grant or lump sum recorded: no amount given and no default configured",
    ),
    "death.survivor_opened": (
        "已建立遗属（人员编号 {id}）及遗属户（编号 {household}）",
        "Opened survivor #{id} and survivor household #{household}",
    ),
    "report.ledger_month_title": ("{month} 待遇变更", "Benefit changes in {month}"),
    # newspapers
    "papers.bad_year": ("年度 {year} 不合理", "Implausible year {year}"),
    "papers.bad_copies": ("份数 {copies} 不对", "Wrong number of copies: {copies}"),
    "papers.paper_required": ("至少给出一种报刊 --paper", "Give at least one --paper"),
    "papers.duplicate": ("{name} 的 {year} 年 {paper} 已登记", "{name} already receives {paper} in {year}"),
    "papers.not_found": ("找不到订阅记录 {id}", "No subscription {id}"),
    "papers.list_title": ("离退休干部报刊订阅", "Newspaper subscriptions"),
    "papers.totals": ("{people} 人；各报刊份数：{totals}", "{people} people; copies: {totals}"),
    "papers.removed": ("已删除订阅记录 {id}", "Removed subscription {id}"),
}

# Labels of the year's figures this module contributes (`report annual`, the annual export).
MESSAGES.update(
    {
        "col.cards_made": ("待遇变更明白卡（份）", "Benefit cards"),
        "col.benefit_entries": ("本年待遇变更记录", "Benefit entries this year"),
        "col.corrections_opened": ("本年发现待遇问题", "Corrections opened"),
        "col.corrections_closed": ("本年纠错办结", "Corrections closed"),
        "col.corrections_open": ("尚未办结的纠错", "Corrections still open"),
        "col.adjustment_people": ("本年调待人数", "People in the yearly adjustment"),
        "col.arrears_paid_total": ("补发金额合计（元）", "Arrears paid (yuan)"),
    }
)
