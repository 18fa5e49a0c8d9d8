#!/usr/bin/env bash
# Lighthouse on the production stack with the demo content: the home page, a video report,
# the largest discussion (all its comments) and the donate page, with the mobile and the
# desktop presets. Prints the four scores and LCP / CLS / TBT of each run as a Markdown table
# and, with --write, puts the table in bench/README.md (between the lighthouse markers).
#
#   bench/lighthouse.sh [--write]          PORT=8180 by default
#
# Lighthouse comes from the npm registry (npm install into bench/.lighthouse/, git-ignored;
# 12.x, which runs on Node 20) and drives Debian's Chromium (/usr/bin/chromium). The site runs
# as `make serve` runs it (gunicorn, DEBUG off, WhiteNoise) on a SQLite database of its own,
# made in a temporary directory and removed afterwards; your development database is never
# touched. Lead images are written to the checkout's media/ folder, as `make demo` does.
set -euo pipefail
set -m
cd "$(dirname "$0")/.."

LIGHTHOUSE_VERSION=12.8.2
CHROMIUM=/usr/bin/chromium
PORT="${PORT:-8180}"
HOST=127.0.0.1
WRITE=false
[ "${1:-}" = "--write" ] && WRITE=true

for tool in node npm; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: install Node.js 18 or later" >&2; exit 1; }
done
[ -x "$CHROMIUM" ] || { echo "Chromium is missing: run scripts/ensure-chromium" >&2; exit 1; }
LIGHTHOUSE=bench/.lighthouse/node_modules/.bin/lighthouse
if [ ! -x "$LIGHTHOUSE" ] || ! "$LIGHTHOUSE" --version | grep -qx "$LIGHTHOUSE_VERSION"; then
    echo "Installing Lighthouse $LIGHTHOUSE_VERSION from the npm registry into bench/.lighthouse/"
    npm install --prefix bench/.lighthouse --no-audit --no-fund --loglevel=error \
        "lighthouse@$LIGHTHOUSE_VERSION"
fi
make --quiet setup

workdir="$(mktemp -d -t newsroom-lighthouse-XXXXXX)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill -TERM -- "-$server" 2>/dev/null || true; wait 2>/dev/null || true; fi
    rm -rf "$workdir"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///$workdir/lighthouse.sqlite3"
unset REDIS_URL
echo "Loading the demo content into $workdir"
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_demo > /dev/null

# The pages: the largest discussion is the article with the most approved comments.
read -r article discussion < <(.venv/bin/python manage.py shell --no-imports -c '
from django.db.models import Count, Q
from articles.models import Article
published = Article.objects.published()
video = published.exclude(video_url="").order_by("-published_at").first()
largest = published.annotate(
    n=Count("comments", filter=Q(comments__status="approved"))
).order_by("-n").first()
print(video.get_absolute_url(), largest.get_absolute_url() + "?comments=all")
')
# Every page of that discussion's threads (the numbered links under it): issue 14's budget
# holds for each of them, not only the first.
read -r discussion_pages < <(.venv/bin/python manage.py shell --no-imports -c '
from django.db.models import Count, Q
from articles.models import Article
from comments.models import ModerationRules
largest = Article.objects.published().annotate(
    n=Count("comments", filter=Q(comments__status="approved"))
).order_by("-n").first()
threads = largest.comments.filter(parent=None, status="approved").count()
print(-(-threads // ModerationRules.current().threads_per_page))
')

HOST=$HOST PORT=$PORT DJANGO_ALLOWED_HOSTS=$HOST scripts/serve > "$workdir/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
    curl -fs -o /dev/null "http://$HOST:$PORT/livez" && break
    sleep 1
done
curl -fs -o /dev/null "http://$HOST:$PORT/livez" || { cat "$workdir/serve.log" >&2; exit 1; }

declare -A PAGES=(
    [home]="/"
    [article]="$article"
    [discussion]="$discussion"
    [donate]="/donations/"
)
ORDER=(home article discussion donate)
export CHROME_PATH=$CHROMIUM
# One Lighthouse run; a run Lighthouse itself gives up on (NO_NAVSTART and the like, seen on
# a busy machine) is tried again, twice at most.
lighthouse() {
    local url=$1 preset=$2 out=$3 extra=()
    [ "$preset" = desktop ] && extra=(--preset=desktop)
    for attempt in 1 2 3; do
        "$LIGHTHOUSE" "$url" "${extra[@]}" --quiet \
            --only-categories=performance,accessibility,best-practices,seo \
            --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
            --output=json --output-path="$out" && return 0
        echo "  Lighthouse failed (attempt $attempt), trying again" >&2
    done
    return 1
}
for name in "${ORDER[@]}"; do
    url="http://$HOST:$PORT${PAGES[$name]}"
    curl -fs -o /dev/null "$url"  # the shared page cache warm, as readers find it
    for preset in mobile desktop; do
        echo "Lighthouse: $name ($preset) $url"
        lighthouse "$url" "$preset" "$workdir/$name-$preset.json"
    done
done
# Every page of the largest discussion, mobile: the pages a reader reaches by "Next".
for page in $(seq 1 "$discussion_pages"); do
    url="http://$HOST:$PORT${PAGES[discussion]}&page=$page"
    curl -fs -o /dev/null "$url"
    echo "Lighthouse: discussion page $page of $discussion_pages (mobile) $url"
    lighthouse "$url" mobile "$workdir/page-$page.json"
done

table="$(.venv/bin/python - "$workdir" "${ORDER[@]}" <<'PY'
import json
import sys
from pathlib import Path

workdir, names = Path(sys.argv[1]), sys.argv[2:]
rows = [
    "| page | preset | performance | accessibility | best practices | SEO | LCP | CLS | TBT |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
]
for name in names:
    for preset in ("mobile", "desktop"):
        report = json.loads((workdir / f"{name}-{preset}.json").read_text())
        score = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
        audits = report["audits"]
        lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
        cls = audits["cumulative-layout-shift"]["numericValue"]
        tbt = audits["total-blocking-time"]["numericValue"]
        rows.append(
            f"| {name} | {preset} | {score['performance']} | {score['accessibility']} "
            f"| {score['best-practices']} | {score['seo']} | {lcp:.1f} s | {cls:.3f} "
            f"| {tbt:.0f} ms |"
        )
        failing = [
            f"{audit['id']}: {audit['title']}"
            for category in ("accessibility", "best-practices", "seo")
            for ref in report["categories"][category]["auditRefs"]
            if ref["weight"] and (audit := audits[ref["id"]])["score"] is not None
            and audit["score"] < 1
        ]
        for line in failing:
            print(f"  {name} ({preset}) below 100: {line}", file=sys.stderr)
rows += [
    "",
    "Every page of the largest discussion's threads, mobile (issue 14's budget: total blocking",
    "time under 200 ms, under 1,500 DOM elements, under 150 KB of HTML):",
    "",
    "| page | performance | TBT | DOM elements | HTML (transferred / uncompressed) |",
    "|---:|---:|---:|---:|---:|",
]
for path in sorted(workdir.glob("page-*.json"), key=lambda p: int(p.stem.split("-")[1])):
    report = json.loads(path.read_text())
    audits = report["audits"]
    document = next(
        item
        for item in audits["network-requests"]["details"]["items"]
        if item.get("resourceType") == "Document"
    )
    rows.append(
        f"| {path.stem.split('-')[1]} | {round(report['categories']['performance']['score'] * 100)} "
        f"| {audits['total-blocking-time']['numericValue']:.0f} ms "
        f"| {audits['dom-size']['numericValue']:,.0f} "
        f"| {document['transferSize'] / 1024:.0f} KB / {document['resourceSize'] / 1024:.0f} KB |"
    )
print("\n".join(rows))
PY
)"
echo
echo "$table"

if $WRITE; then
    stamp="$(date -u +%Y-%m-%d), Lighthouse $LIGHTHOUSE_VERSION, $("$CHROMIUM" --version 2>/dev/null | head -n 1)"
    TABLE="$table" STAMP="$stamp" .venv/bin/python - <<'PY'
import os
import re
from pathlib import Path

readme = Path("bench/README.md")
text = readme.read_text()
block = f"<!-- lighthouse:start -->\n{os.environ['STAMP']}:\n\n{os.environ['TABLE']}\n<!-- lighthouse:end -->"
text, found = re.subn(r"<!-- lighthouse:start -->.*?<!-- lighthouse:end -->", block, text, flags=re.S)
if not found:
    raise SystemExit("bench/README.md has no lighthouse markers")
readme.write_text(text)
print("bench/README.md updated")
PY
fi
