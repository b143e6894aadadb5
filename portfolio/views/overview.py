"""The committee's portfolio overview and "My work": what waits for the signed-in person.
Thin: portfolio.health, portfolio.work and the timeline do the reading."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portfolio import permissions, work
from portfolio.health import committee_overview
from portfolio.reports import timeline


@login_required
def overview(request):
    readable = list(permissions.committees_readable_by(request.user))
    code = request.GET.get("committee") or (readable[0].code if len(readable) == 1 else "")
    committee = next((c for c in readable if c.code == code), None)
    if code and committee is None:
        raise Http404  # a committee the reader does not belong to is not theirs to see
    context = {"committees": readable, "committee": committee}
    if committee is not None:
        data = committee_overview(committee, today=datetime.date.today())
        rows = timeline.rows_for(data["projects"],
                                 {pk: h.overall for pk, h in data["health"].items()})
        context.update(data, timeline_rows=rows, timeline_svg=timeline.svg(
            rows, title=_("Timeline of the projects of %(committee)s") % {
                "committee": committee.code}))
    return render(request, "portfolio/overview.html", context)


@login_required
def mine(request):
    items = work.waiting_for(request.user)
    back = reverse("portfolio:mine")
    groups = [{**group, "items": [{"item": item, "link": work.returning_here(item, back)}
                                  for item in group["items"]]}
              for group in work.grouped(items)]
    return render(request, "portfolio/mine.html", {"groups": groups, "count": len(items),
                                                   "back": back})
