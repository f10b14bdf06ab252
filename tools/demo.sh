#!/usr/bin/env bash
# make demo: a fresh SQLite database loaded from sample_data/, and the main jobs working on it.
# Usage: tools/demo.sh BIN_DIR DB_PATH  (the Makefile passes .venv/bin and demo/kuangqu.db)
set -euo pipefail
BIN="$1"
DB="$2"
export KUANGQU_DB="$DB" KUANGQU_OPERATOR="demo" KUANGQU_WIDTH="${KUANGQU_WIDTH:-140}"
OUT="$(dirname "$DB")"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
kq() { printf '\n$ kuangqu %s\n' "$*"; "$BIN/kuangqu" "$@"; }
quiet() { "$BIN/kuangqu" "$@" >/dev/null; }

step "1. 导入样例矿区的登记表和家庭表 / load the fictional sample mine"
kq import retirees sample_data/roster.xlsx 2>/dev/null
kq import households sample_data/households.xlsx 2>/dev/null
quiet relief standard load sample_data/relief-standard.toml
"$BIN/python" sample_data/seed_benefits.py --db "$DB"
"$BIN/python" sample_data/seed_relief.py --db "$DB"
"$BIN/python" sample_data/seed_stability.py --db "$DB"

step "2. 名册、一人的登记信息（默认脱敏）、查找 / the roster, one masked record, a search"
kq retiree list --area 一片 --limit 10
kq retiree show '#12'
kq retiree search zhang --limit 8

step "3. 救济：对号入座 / relief: place a household in its tier, and the tier summary"
HOUSEHOLD="$("$BIN/python" tools/demo_pick.py household "$DB")"
kq relief assess "$HOUSEHOLD"
kq relief assess --all
kq relief stats --year 2020

step "4. 待遇变更明白卡 / a benefit-change card"
kq benefit card '#12'

step "5. 年度工作数字 / the year's figures"
kq report annual --year 2020

step "6. Excel 报表 / monthly report and roster for printing"
kq export monthly --month 2020-03 -o "$OUT/monthly-2020-03.xlsx"
kq export roster --area 一片 -o "$OUT/roster-area1.xlsx"
kq check && echo "kuangqu check: 数据一致 / all checks pass"
printf '\n数据库 / database: %s ；报表 / reports: %s\n' "$DB" "$OUT"
