#!/usr/bin/env bash
# Search: journal list --tag (repeatable, all must match), journal search TEXT (title and body,
# Unicode case folding), goal list --category, meal list --name; each over the pages of the
# user's Query (never a Scan): more matches than a page holds are all found.
# stores: both
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
exec </dev/null
export TZ=Europe/Berlin AILIFE_NOW=2026-12-04T10:00:00Z AILIFE_DB="$T/main.db" HOME="$T/home"
mkdir -p "$HOME"
lib_store_setup
A=$AILIFE_BIN
run() {
	out=$("$@" 2>"$T/err")
	rc=$?
	err=$(cat "$T/err")
}
ids() { jq -r '[.[].title // .[].name] | join(",")'; }

u=$("$A" user create --name Searcher)
export AILIFE_USER=$u
"$A" journal add --title "Été à Paris" --body "Ein schöner Tag" --tag Travel --tag work --at 2026-12-01T09:00 >/dev/null 2>&1
"$A" journal add --title "ΟΔΟΣ" --body "long walk" --tag travel --at 2026-12-02T09:00 >/dev/null 2>&1
"$A" journal add --title "Plain" --body "Slept well. ПРИВЕТ мир" --tag work --at 2026-12-03T09:00 >/dev/null 2>&1
"$A" journal add --title "Old" --body "slept badly" --tag work --at 2026-10-03T09:00 >/dev/null 2>&1

run "$A" --json journal list --tag travel --from 2026-12-01 --to 2026-12-04
check_eq "--tag: whatever the case" "Été à Paris,ΟΔΟΣ" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" --json journal list --tag travel --tag WORK --from 2026-12-01 --to 2026-12-04
check_eq "--tag twice: all must match" "Été à Paris" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" --json journal list --tag work
check_eq "--tag without dates: the latest entries that match" "Old,Été à Paris,Plain" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" --json journal list --tag nosuch --month 2026-12
check_eq "--tag that nothing has: an empty list" "0" "$(printf '%s' "$out" | jq length)"

run "$A" --json journal search "ÉTÉ À"
check_eq "search: the title, folded (É, À)" "Été à Paris" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" --json journal search "SCHÖNER"
check_eq "search: the body, folded (ö)" "Été à Paris" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" --json journal search "οδος"
check_eq "search: Greek capital and final sigma" "ΟΔΟΣ" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" --json journal search "привет МИР"
check_eq "search: Cyrillic" "Plain" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" --json journal search slept
check_eq "search without dates: all time" "Old,Plain" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" --json journal search slept --month 2026-12
check_eq "search in a month" "Plain" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" --json journal search slept --tag work --limit 1
check_eq "search with --tag and --limit: the latest one" "Plain" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run "$A" journal search
check_rc "search without TEXT: exit 2" 2 "$rc"
run "$A" journal search ""
check_rc "search for nothing: exit 2" 2 "$rc"
check_contains "it says why" "$err" "give a word or more"
run "$A" journal list --tag ""
check_rc "an empty --tag: exit 2" 2 "$rc"

"$A" goal add "Run far" --target 100 --unit km --category Fitness >/dev/null
"$A" goal add "Read" --target 12 --unit books --category learning >/dev/null
"$A" goal add "Lift" --target 10 --unit sessions --category fitness >/dev/null
run "$A" --json goal list --category FITNESS
check_eq "goal list --category: whatever the case" "Lift,Run far" "$(printf '%s' "$out" | jq -r '[.[].title] | sort | join(",")')"
run "$A" --json goal list --category fit
check_eq "--category is the whole category" "0" "$(printf '%s' "$out" | jq length)"

# More meals than a page holds (1000): every match across the pages.
for i in $(seq 1 1005); do
	printf '{"PK":{"S":"USER#%s"},"SK":{"S":"MEAL#M%04d"},"GSI2PK":{"S":"USER#%s#MEAL"},"GSI2SK":{"S":"2026-12-02T%02d:%02d:00.000Z#M%04d"},"type":{"S":"MEAL"},"userId":{"S":"%s"},"mealId":{"S":"M%04d"},"name":{"S":"%s"},"mealType":{"S":"lunch"},"calories":{"N":"1"},"occurredAt":{"S":"2026-12-02T%02d:%02d:00.000Z"},"createdAt":{"S":"2026-12-02T00:00:00.000Z"},"updatedAt":{"S":"2026-12-02T00:00:00.000Z"},"version":{"N":"1"}}\n' \
	    "$u" "$i" "$u" $((i / 60 + 1)) $((i % 60)) "$i" "$u" "$i" "$([ $((i % 500)) -eq 0 ] && echo 'Crème Brûlée' || echo Soup)" \
	    $((i / 60 + 1)) $((i % 60))
done >"$T/meals.jsonl"
run "$A" import "$T/meals.jsonl"
check_rc "1005 meals imported" 0 "$rc"
run "$A" --json meal list --name "CRÈME" --from 2026-12-02 --to 2026-12-02
check_eq "meal list --name: matches beyond the first page, folded" "M0500,M1000" "$(printf '%s' "$out" | jq -r '[.[].id] | join(",")')"
run "$A" meal list --name soup --from 2026-12-02 --to 2026-12-02 --limit 3
check_eq "meal list --name --limit: three, and the day's total" 5 "$(printf '%s\n' "$out" | wc -l)"
run "$A" workout list --name x
check_rc "--name is for meals: exit 2" 2 "$rc"

finish
