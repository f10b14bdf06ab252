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
        }.items()
    }
)
