"""Issue #12 "Find": the portfolio list's search, filters, sorting, pages, budget against
outcome, the Excel export, constant query counts and read scoping per role."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from directives import services as documents
from portfolio.lifecycle import State
from portfolio.models import CostObject, MonthlyBudget, Outcome, OutcomeImport, Project
from tests.conftest import REQUIRED

URL = "/en/portfolio/"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def listed(response) -> list[str]:
    return [row.case_number for row in response.context["rows"]]


def write_directive(world, project, text):
    document = documents.get_document(project)
    documents.save_document(project=project, by=world.owner, base_version=(
        document.latest.label if document and document.latest else None),
        sections={**REQUIRED, "basic": text})


@pytest.fixture
def found(world):
    """Three projects of GNS and one of the other committee; one public, one not."""
    a = world.project(State.EXECUTION, name="Utskrivningsstöd", case_year=2019,
                      is_public=True)
    b = world.project(State.SUBMITTED, name="Löneförstudie", case_year=2018, kind="prestudy",
                      parties=[world.are, world.berg], is_public=False)
    write_directive(world, b, "Bakgrund: gemensam lönehantering för kommunerna.")
    c = world.project(State.DRAFT, name="Serverdrift", kind="service", case_year=2019)
    return {"a": a, "b": b, "c": c}


def test_search_by_name_case_number_and_directive_text(world, found):
    client = client_for(world.secretary)
    assert listed(client.get(URL, {"q": "utskrivningsstöd"})) == [found["a"].case_number]
    # b's first directive version said this too; only the directive as it reads now counts.
    assert listed(client.get(URL, {"q": "utskrivningsprocessen"})) == [found["a"].case_number]
    assert listed(client.get(URL, {"q": found["b"].case_number})) == [found["b"].case_number]
    assert listed(client.get(URL, {"q": "lönehantering"})) == [found["b"].case_number]
    assert listed(client.get(URL, {"q": "nothing-like-this"})) == []


def test_search_on_directive_text_does_not_reach_past_the_reader(world, found):
    """The public project's directive text is internal: an outsider finds it by name only."""
    write_directive(world, found["a"], "Hemlig bakgrund om omställning.")
    assert listed(client_for(world.secretary).get(URL, {"q": "omställning"})) == [
        found["a"].case_number]
    outsider = client_for(world.outsider)
    assert listed(outsider.get(URL, {"q": "omställning"})) == []
    assert listed(outsider.get(URL, {"q": "Utskrivning"})) == [found["a"].case_number]
    # Not public, so never found by an outsider, not even by its exact case number.
    assert listed(outsider.get(URL, {"q": found["b"].case_number})) == []
    assert listed(outsider.get(URL, {"q": "lönehantering"})) == []


@pytest.mark.parametrize("params, expected", [
    ({"state": "execution"}, ["a"]),
    ({"kind": "prestudy"}, ["b"]),
    ({"kind": "service"}, ["c"]),
    ({"party": "berg"}, ["b"]),
    ({"year": "2018"}, ["b"]),
    ({"committee": "GNU"}, []),
])
def test_each_filter(world, found, params, expected):
    response = client_for(world.admin).get(URL, params)
    assert response.status_code == 200
    assert sorted(listed(response)) == sorted(found[k].case_number for k in expected)


def test_owner_and_mine_filters(world, found):
    other = world.project(State.SUBMITTED, name="Annans", case_year=2017)
    Project.objects.filter(pk=other.pk).update(owner=world.chair)
    admin = client_for(world.admin)
    assert listed(admin.get(URL, {"owner": "chair"})) == [other.case_number]
    assert sorted(listed(client_for(world.owner).get(URL, {"mine": "on"}))) == sorted(
        found[k].case_number for k in "abc")
    assert listed(client_for(world.chair).get(URL, {"mine": "on"})) == [other.case_number]
    assert listed(client_for(world.auditor).get(URL, {"mine": "on"})) == []


def test_owner_filter_never_matches_what_an_outsider_reads_publicly(world, found):
    response = client_for(world.outsider).get(URL, {"owner": "owner", "sort": "owner"})
    # The owner is internal: an outsider has no such filter or sort, and the page no owner.
    assert "owner" not in response.context["form"].fields
    assert listed(response) == [found["a"].case_number]
    assert "owner" not in client_for(world.outsider).get("/portfolio/").content.decode()


def test_sorting(world, found):
    admin = client_for(world.admin)
    by_name = listed(admin.get(URL, {"sort": "name"}))
    assert by_name == [found[k].case_number for k in ("b", "c", "a")]
    assert listed(admin.get(URL, {"sort": "-name"})) == list(reversed(by_name))
    default = listed(admin.get(URL))
    assert default == sorted(default, key=lambda n: (int(n.split("/")[2]), int(n.split("/")[1])),
                             reverse=True)
    page = admin.get(URL, {"sort": "name"}).content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-name" in page


def test_pagination(world):
    call_command("generate_portfolio", projects=120, months=1, verbosity=0)
    admin = client_for(world.admin)
    first = admin.get(URL, {"committee": "BENCH", "sort": "case_number"})
    assert first.context["page"].paginator.count == 120
    assert listed(first)[:2] == ["BENCH/1/2024", "BENCH/2/2024"] and len(listed(first)) == 50
    third = admin.get(URL, {"committee": "BENCH", "sort": "case_number", "page": "3"})
    assert listed(third) == [f"BENCH/{n}/2024" for n in range(101, 121)]
    # Past the end: the last page; the links keep the filters.
    assert listed(admin.get(URL, {"committee": "BENCH", "sort": "case_number", "page": "9"})) \
        == listed(third)
    assert "committee=BENCH&amp;sort=case_number&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("params, field", [
    ({"page": "²"}, "Page"), ({"page": "0"}, "Page"), ({"page": "٣"}, "Page"),
    ({"year": "99999"}, "Case year"), ({"year": "Infinity"}, "Case year"),
    ({"state": "flying"}, "State"), ({"kind": "x"}, "Kind"), ({"committee": "NOPE"}, "Committee"),
    ({"party": "nope"}, "Party"), ({"sort": "password"}, "Sort by"),
    ({"q": "x" * 500}, "Search"),
])
def test_bad_filters_are_named_never_a_500(world, found, params, field):
    response = client_for(world.secretary).get(URL, params)
    assert response.status_code == 400
    assert f"{field}:" in response.content.decode()
    # The bad filter is left out; the list still shows.
    assert len(listed(response)) == 3


def test_budget_against_outcome_columns(world, found):
    batch = OutcomeImport.objects.create(filename="t", imported_by=world.secretary)
    cost_object = CostObject.objects.create(committee=world.committee, code="7001", name="x",
                                            project=found["a"])
    for month, budget, outcome in ((1, "-1000", "-1500"), (2, "-1000", "-200")):
        period = datetime.date(2024, month, 1)
        MonthlyBudget.objects.create(cost_object=cost_object, period=period,
                                     amount=Decimal(budget))
        Outcome.objects.create(cost_object=cost_object, period=period, category="K",
                               amount=Decimal(outcome), source=batch)
    rows = {r.case_number: r for r in client_for(world.secretary).get(URL).context["rows"]}
    row = rows[found["a"].case_number]
    assert (row.budget, row.outcome, row.deviation) == (Decimal("-2000"), Decimal("-1700"),
                                                        Decimal("300"))
    assert rows[found["b"].case_number].budget is None
    # Outside the committee: money is internal.
    public = client_for(world.outsider).get(URL).context["rows"]
    assert [r.budget for r in public] == [None]


def sheet_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_export_holds_exactly_the_filtered_sorted_rows(world, found):
    response = client_for(world.secretary).get(URL, {"state": "", "sort": "-name",
                                                     "export": "xlsx", "page": "1"})
    rows = sheet_rows(response)
    assert rows[0][:3] == ["Case number", "Name", "Kind"]
    assert [r[1] for r in rows[1:]] == ["Utskrivningsstöd", "Serverdrift", "Löneförstudie"]
    assert rows[1][7] == "owner"
    filtered = sheet_rows(client_for(world.secretary).get(URL, {"kind": "prestudy",
                                                               "export": "xlsx"}))
    assert [r[0] for r in filtered[1:]] == [found["b"].case_number]
    page = client_for(world.secretary).get(URL, {"kind": "prestudy"}).content.decode()
    assert "kind=prestudy&amp;export=xlsx" in page


def test_export_to_an_outsider_is_the_public_projection(world, found):
    Project.objects.filter(pk=found["a"].pk).update(feed_hidden_fields=["end_date"])
    rows = sheet_rows(client_for(world.outsider).get(URL, {"export": "xlsx"}))
    assert [r[0] for r in rows[1:]] == [found["a"].case_number]
    assert rows[1][6] is None and rows[1][7] is None  # hidden end date, owner never shown
    assert rows[1][4] is not None  # the start date is public here


@pytest.mark.parametrize("size", [5, 60])
def test_query_count_does_not_grow_with_the_portfolio(world, size, django_assert_max_num_queries):
    call_command("generate_portfolio", projects=size, months=2, verbosity=0)
    client = client_for(world.admin)
    client.get(URL)  # session, translations: warm
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"committee": "BENCH", "q": "Bench", "sort": "-owner"})
    assert response.context["page"].paginator.count == size
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"export": "xlsx"}).status_code == 200


@pytest.mark.parametrize("role, sees", [
    ("owner", "abc"), ("manager", "abc"), ("steering", "abc"), ("secretary", "abc"),
    ("chair", "abc"), ("auditor", "abc"), ("admin", "abc"), ("outsider", "a"),
    ("other_secretary", "a"), ("other_steering", "a"),
])
def test_read_scope_per_role_on_page_search_and_export(world, found, role, sees):
    client = client_for(world.users[role])
    expected = sorted(found[k].case_number for k in sees)
    assert sorted(listed(client.get(URL))) == expected
    assert listed(client.get(URL, {"q": "förstudie"})) == (
        [found["b"].case_number] if "b" in sees else [])
    exported = sheet_rows(client.get(URL, {"export": "xlsx"}))
    assert sorted(r[0] for r in exported[1:]) == expected


def test_anonymous_is_sent_to_log_in(world, found):
    response = Client().get(URL, {"export": "xlsx"})
    assert response.status_code == 302 and "login" in response["Location"]
