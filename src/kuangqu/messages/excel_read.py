"""Messages of reading spreadsheets: file checks, sheet choice, headers, cell values."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the file as a whole (kuangqu.excel.sniff)
    "excel.cannot_open": ("无法打开文件“{file}”（{detail}）", "Cannot open the file “{file}” ({detail})"),
    "excel.empty_file": ("文件为空：“{file}”（0 字节）", "The file is empty: “{file}” (0 bytes)"),
    "excel.not_a_spreadsheet": (
        "“{file}”不是电子表格，看起来是{looks_like_zh}。请选择 Excel（.xlsx/.xls）或 .ods 文件。",
        "“{file}” is not a spreadsheet; it looks like {looks_like_en}. Choose an Excel (.xlsx/.xls) or .ods file.",
    ),
    "excel.unsupported_format": (
        "“{file}”是 {format} 格式，无法读取。请在 Excel 或 WPS 中“另存为” .xlsx 后再导入。",
        "“{file}” is in {format} format, which cannot be read. Save it as .xlsx in Excel or WPS, then import it.",
    ),
    "excel.encrypted": (
        "文件已加密：“{file}”设有打开密码。请在 Excel 或 WPS 中取消密码后另存，再导入。",
        "The file is encrypted: “{file}” has an opening password. Remove the password in Excel or WPS, save, "
        "then import it.",
    ),
    "excel.too_large": (
        "文件过大：“{file}”有 {size_mib} MiB，超过上限 {limit_mib} MiB。",
        "The file is too large: “{file}” is {size_mib} MiB, over the limit of {limit_mib} MiB.",
    ),
    "excel.zip_bomb": (
        "拒绝读取“{file}”：其中“{member}”解压后异常庞大（约 {uncompressed_mib} MiB，压缩比 {ratio}:1；"
        "上限为共 {limit_mib} MiB、压缩比 {max_ratio}:1），疑似压缩炸弹。",
        "Refused “{file}”: its part “{member}” expands abnormally (about {uncompressed_mib} MiB, ratio {ratio}:1; "
        "limits {limit_mib} MiB in total, ratio {max_ratio}:1), which looks like a zip bomb.",
    ),
    "excel.xml_entities": (
        "拒绝读取“{file}”：其中“{member}”含有 XML 文档类型定义（DOCTYPE/ENTITY），正常的表格不会有，疑似恶意文件。",
        "Refused “{file}”: its part “{member}” contains an XML document type definition (DOCTYPE/ENTITY), "
        "which real spreadsheets never have.",
    ),
    "excel.corrupt": (
        "文件已损坏，无法读取：“{file}”（{detail}）。请用 Excel 或 WPS 打开后另存为 .xlsx 再试。",
        "The file is damaged and cannot be read: “{file}” ({detail}). Open it in Excel or WPS, save as .xlsx, "
        "and try again.",
    ),
    # --- choosing sheets (kuangqu.excel.reader)
    "excel.sheet_not_found": (
        "“{file}”中没有名为“{name}”的工作表。现有工作表：{available}",
        "“{file}” has no sheet named “{name}”. Sheets: {available}",
    ),
    "excel.sheet_ambiguous": (
        "“{file}”有多个工作表：{sheets}，无法确定导入哪一个。请用 --sheet 指定工作表名称。",
        "“{file}” has several sheets: {sheets}; which one to import is unclear. Name it with --sheet.",
    ),
    # --- warnings about what a sheet hides (kuangqu.excel.reader)
    "excel.hidden_sheet_skipped": (
        "工作表“{name}”是隐藏的，未读取。",
        "Sheet “{name}” is hidden and was not read.",
    ),
    "excel.hidden_sheet_read": (
        "读取的工作表“{name}”是隐藏的，请确认选对了工作表。",
        "The sheet read, “{name}”, is hidden; make sure it is the right one.",
    ),
    "excel.hidden_rows": (
        "有 {count} 行是隐藏的（第 {rows} 行），这些行也会被读取。",
        "{count} rows are hidden (rows {rows}); they are read as well.",
    ),
    "excel.hidden_columns": (
        "有 {count} 列是隐藏的（{columns} 列），这些列也会被读取。",
        "{count} columns are hidden (columns {columns}); they are read as well.",
    ),
    "excel.filter_active": (
        "工作表“{name}”设置了筛选，部分行被筛选隐藏；导入时会读取所有行，而不只是筛选出的行。",
        "Sheet “{name}” has an active filter hiding some rows; all rows are read, not only the filtered ones.",
    ),
    "excel.rows_may_be_missing": (
        "工作表“{name}”的数据一直到第 {limit} 行，正好是 {format} 格式的行数上限，后面的行可能在保存时已被截掉。"
        "请核对原始数据的行数。",
        "Sheet “{name}” is filled up to row {limit}, the row limit of the {format} format; rows beyond it may "
        "have been cut off when the file was saved. Check the row count against the original data.",
    ),
    # --- headers (kuangqu.excel.headers)
    "excel.header_not_found": (
        "在前 {rows} 行中找不到表头。表头应包含这些列：{expected}",
        "No header row found in the first {rows} rows. The header should include these columns: {expected}",
    ),
    "excel.missing_columns": (
        "缺少必需的列：{names}",
        "Required columns missing: {names}",
    ),
    "excel.duplicate_header": (
        "“{name}”列出现了两次（{first} 列和 {second} 列），请删除或改名其中一列。",
        "The column “{name}” appears twice (columns {first} and {second}); delete or rename one of them.",
    ),
    "excel.unknown_column": (
        "无法识别的列“{header}”（{column} 列），其内容将原样保留。",
        "Unrecognised column “{header}” (column {column}); its values are kept as they are.",
    ),
    "excel.synonyms_file_invalid": (
        "列名别名文件“{file}”无法读取：{detail}",
        "The column alias file “{file}” cannot be read: {detail}",
    ),
    "excel.synonyms_unknown_field": (
        "列名别名文件“{file}”中的字段“{field}”不存在。可用字段：{known}",
        "The column alias file “{file}” names an unknown field “{field}”. Known fields: {known}",
    ),
    "excel.synonym_conflict": (
        "列名别名文件“{file}”把“{name}”同时用作“{field}”和“{other}”的列名。",
        "The column alias file “{file}” uses “{name}” for both “{field}” and “{other}”.",
    ),
    # --- cells and rows, for the importer's messages
    "excel.error_cell": (
        "单元格是错误值 {code}，请在表格中修正公式或数据。",
        "The cell holds the error value {code}; fix the formula or data in the spreadsheet.",
    ),
    "excel.formula_without_value": (
        "公式未计算：此单元格只有公式没有计算结果。请在 Excel 或 WPS 中打开并保存一次再导入。",
        "Formula not calculated: the cell has a formula but no calculated value. Open and save the file in "
        "Excel or WPS, then import it.",
    ),
    "excel.merged_cells": (
        "数据区内有合并单元格（{ref}），合并后只有第一格有值，这些行不能导入。请取消合并并填好每一格。",
        "Merged cells inside the data ({ref}): only the first cell keeps a value, so these rows cannot be "
        "imported. Unmerge them and fill every cell.",
    ),
    "excel.skipped_total": ("合计行，已跳过。", "Total row, skipped."),
    "excel.skipped_repeated_header": ("重复的表头行，已跳过。", "Repeated header row, skipped."),
}
