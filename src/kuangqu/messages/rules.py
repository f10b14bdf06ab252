"""Messages of the pure domain rules (kuangqu.rules): rejected values and normalisation warnings.

The Chinese text is what clerks read: it names the problem and says what to do. Messages never
carry the value itself; the importer adds the place and the masked value.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- text ---
    "warn.fullwidth_normalised": (
        "全角数字或字母已改为半角",
        "Full-width digits or letters were changed to ordinary ones",
    ),
    "warn.space_normalised": (
        "全角空格或不间断空格已改为普通空格",
        "Full-width or non-breaking spaces were changed to ordinary spaces",
    ),
    "rule.text_control_chars": (
        "文字中含有看不见的控制字符（{code}），Excel 无法保存。请删除后重新输入",
        "The text contains an invisible control character ({code}) that Excel cannot store; remove it",
    ),
    "rule.text_too_long": (
        "文字太长：一个单元格最多 {limit} 个字符",
        "Text too long: a cell holds at most {limit} characters",
    ),
    # --- ID numbers ---
    "rule.id_empty": ("身份证号为空", "The ID number is empty"),
    "rule.id_is_number": (
        "身份证号被存成了数字：Excel 的数字只保留 15 位有效数字，后几位已经丢失，无法恢复。"
        "请把这一列设为“文本”格式，再按身份证原件重新输入",
        "The ID number was stored as a number: Excel keeps only 15 significant digits, so the last "
        "digits are lost. Format the column as Text and type the ID numbers again",
    ),
    "rule.id_format": (
        "身份证号格式错误：应为 18 位（只有最后一位可以是 X）或老的 15 位数字，这里是 {length} 个字符",
        "Invalid ID number: it must be 18 characters (only the last may be X) or 15 digits; this one has "
        "{length} characters",
    ),
    "rule.id_checksum": (
        "身份证号校验位错误：按前 17 位计算，最后一位应为 {expected}。"
        "多半是某一位抄错了，请对照身份证原件核对",
        "Wrong ID check character: from the first 17 digits the last one should be {expected}. "
        "Probably a digit was mistyped; check against the ID card",
    ),
    "rule.id_birth_date_invalid": (
        "身份证号中的出生日期（第 7–14 位）不存在，请核对",
        "The birth date in the ID number (characters 7–14) does not exist",
    ),
    "rule.id_birth_date_out_of_range": (
        "身份证号中的出生日期不合理：应在 {min_year} 年以后，且不晚于今天（{today}）",
        "The birth date in the ID number is out of range: it must be in {min_year} or later and not "
        "after today ({today})",
    ),
    "rule.id_too_young": (
        "按身份证号中的出生日期，此人不满 {min_age} 周岁，请核对身份证号",
        "By the birth date in the ID number this person is under {min_age}; check the ID number",
    ),
    "rule.id_sex_mismatch": (
        "性别与身份证号不符：按身份证号（第 17 位）应为“{id_sex}”，请核对性别或身份证号",
        "The sex contradicts the ID number: by its 17th digit it should be {id_sex}",
    ),
    "rule.id_birth_date_mismatch": (
        "出生日期与身份证号中的出生日期（第 7–14 位）不符，请核对",
        "The birth date contradicts the one in the ID number (characters 7–14)",
    ),
    "warn.id_normalised": (
        "身份证号中的空格、连字符或全角字符已去除或改为半角",
        "Spaces, hyphens or full-width characters in the ID number were removed or converted",
    ),
    "warn.id_upgraded_from_15": (
        "15 位老身份证号已升级为 18 位，原号码已保留",
        "The old 15-digit ID number was upgraded to 18 characters; the original is kept",
    ),
    "warn.id_unknown_area": (
        "身份证号前 6 位的地区代码查不到，请核对（新设或撤销的地区也可能查不到）",
        "The area code (first 6 digits) of the ID number is unknown; please check it",
    ),
    # --- dates ---
    "rule.date_empty": ("日期为空", "The date is empty"),
    "rule.date_format": (
        "日期格式无法识别：请写成 1975-03-12、1975年3月12日、1975-03 或 1975",
        "Unrecognised date: write it as 1975-03-12, 1975-03 or 1975",
    ),
    "rule.date_ambiguous": (
        "日期有歧义：01/02/2024 分不清是 1 月 2 日还是 2 月 1 日。请写成 年-月-日，如 2024-01-02",
        "Ambiguous date: 01/02/2024 may be 2 January or 1 February. Write year-month-day, e.g. 2024-01-02",
    ),
    "rule.date_impossible": (
        "日期不存在：{value}",
        "No such date: {value}",
    ),
    "rule.date_number_ambiguous": (
        "日期单元格是一个数字，无法确定是哪一天（45292 可能是丢了日期格式的 Excel 日期；"
        "1955.1 分不清是 1 月还是 10 月）。请改为文本格式，写成 1955-10 或 1955-10-01",
        "The date cell holds a number whose date is unclear (45292 may be an Excel date that lost its "
        "format; 1955.1 may mean January or October). Type it as text, e.g. 1955-10 or 1955-10-01",
    ),
    "rule.date_not_day_precision": (
        "日期 {value} 只精确到年或月，这里需要具体到哪一天",
        "The date {value} is known only to the year or month; a full date is needed here",
    ),
    "rule.retired_before_birth": (
        "离退休日期早于出生日期，请核对",
        "The retirement date is before the birth date",
    ),
    "rule.retired_too_young": (
        "离退休时不满 {min_age} 周岁，不合常理，请核对离退休日期和身份证号",
        "The person would have retired before the age of {min_age}; check the retirement date and ID",
    ),
    "rule.retired_in_future": (
        "离退休日期晚于今天（{today}），请核对",
        "The retirement date is after today ({today})",
    ),
    # --- money ---
    "rule.amount_empty": ("金额为空", "The amount is empty"),
    "rule.amount_format": (
        "金额格式错误：请填写阿拉伯数字，如 3456.78 或 3,456.78（小数点用“.”，不要用大写数字）",
        "Invalid amount: write digits such as 3456.78 or 3,456.78 (a point for decimals, no Chinese "
        "numerals)",
    ),
    "rule.amount_too_many_decimals": (
        "金额最多两位小数（精确到分）；不会自动四舍五入，请改正",
        "An amount has at most two decimals (fen); it is never rounded silently",
    ),
    "rule.amount_negative": (
        "这一列不能填负数。要冲减已发金额，请录入一笔冲正（红字）记录",
        "Negative amounts are not allowed here; to take back a payment, enter a reversal",
    ),
    "rule.amount_over_ceiling": (
        "金额超过上限 {ceiling} 元，可能多输了数字，请核对",
        "The amount is above the limit of {ceiling} yuan; check for extra digits",
    ),
    "rule.amount_not_finite": (
        "金额不是有效数字（可能是公式出错）",
        "The amount is not a valid number (perhaps a formula error)",
    ),
    # --- names ---
    "rule.name_empty": ("姓名为空", "The name is empty"),
    "rule.name_too_long": (
        "姓名太长：最多 {limit} 个字",
        "The name is too long: at most {limit} characters",
    ),
    "rule.name_characters": (
        "姓名中不能有数字或看不见的控制字符，请核对",
        "A name may not contain digits or invisible control characters",
    ),
    "warn.name_inner_space": (
        "姓名中间的空格已去除",
        "Spaces inside the name were removed",
    ),
    "warn.name_dot_normalised": (
        "姓名中的分隔点已统一为“·”",
        "The dot in the name was changed to the standard middle dot “·”",
    ),
    # --- phones ---
    "rule.phone_empty": ("电话为空", "The phone number is empty"),
    "rule.phone_format": (
        "电话号码格式错误：手机应为 11 位（如 13812345678），座机写成 区号-号码（如 0375-1234567）",
        "Invalid phone number: a mobile has 11 digits (13812345678); a landline is area code-number "
        "(0375-1234567)",
    ),
    "rule.phone_lost_leading_zero": (
        "电话号码被存成了数字，区号开头的 0 已丢失。请把这一列设为“文本”格式，写成 0375-1234567",
        "The phone number was stored as a number and lost the leading 0 of its area code. Format the "
        "column as Text and write 0375-1234567",
    ),
    "warn.phone_normalised": (
        "电话号码已整理为标准写法（去掉了 +86、空格或连字符等）",
        "The phone number was rewritten in the standard form (+86, spaces or hyphens removed)",
    ),
}
