"""The practice's figures (`GET /desk/figures`, managers; issue 22): this month and last, a chart, the opening hours.

Apart from manager.py only for size (that module holds the manager's other pages and is near the
line limit); like them it needs `manager` in the route table. It reads counts, never a lead, so it
adds no audit record.
"""

from __future__ import annotations

from leadcapture.desk.domain import figures as figures_rules
from leadcapture.desk.web import pages
from leadcapture.desk.web.http import Answer
from leadcapture.desk.web.routing import Context, route
from leadcapture.kernel.figures import table as figure_lines
from leadcapture.observability import logger


@route("GET", r"/desk/figures", "manager", "/desk/figures")
def figures_page(context: Context) -> Answer:
    assert context.session is not None
    calendar = context.wiring.calendar
    result = figures_rules.read(context.wiring.figures, calendar, context.at)
    logger.info("desk figures", user=context.session.sub)
    return pages.render("figures.html", title="Figures", practice=context.practice, user=context.session,
                        zone=context.wiring.settings.practice_timezone, this_month=result.this_month.name,
                        last_month=result.last_month.name, rows=figure_lines(result), chart=figures_rules.chart(result),
                        hours=figures_rules.opening_hours(calendar))  # fmt: skip
