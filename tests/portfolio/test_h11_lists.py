"""Issue #12/#13: the meeting list separates coming and past meetings and pages both; the
internal-control and economy pages page their long tables; per role, nobody reads another
committee's meetings."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from portfolio.models import Meeting

URL = "/en/portfolio/meetings/"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def dates(page):
    return [m.date for m in page.object_list]


@pytest.fixture
def meetings(world):
    today = timezone.localdate()
    made = {}
    for offset in (-400, -30, -1, 0, 14, 60):
        made[offset] = Meeting.objects.create(committee=world.committee,
                                              date=today + datetime.timedelta(days=offset))
    Meeting.objects.create(committee=world.other_committee, date=today + datetime.timedelta(days=3))
    return today, made


def test_coming_soonest_first_and_past_latest_first(world, meetings):
    today, made = meetings
    response = client_for(world.secretary).get(URL)
    coming, past = (s["page"] for s in response.context["sections"])
    assert dates(coming) == [today, today + datetime.timedelta(days=14),
                             today + datetime.timedelta(days=60)]
    assert dates(past) == [today - datetime.timedelta(days=d) for d in (1, 30, 400)]
    html = response.content.decode()
    assert html.index("Coming meetings") < html.index("Past meetings")


def test_each_part_pages_on_its_own(world):
    today = timezone.localdate()
    for n in range(1, 56):
        Meeting.objects.create(committee=world.committee, date=today - datetime.timedelta(days=n))
    client = client_for(world.secretary)
    first = client.get(URL).context["sections"][1]["page"]
    assert first.paginator.count == 55 and len(first.object_list) == 50
    second = client.get(URL, {"past_page": "2"}).context["sections"][1]["page"]
    assert dates(second) == [today - datetime.timedelta(days=n) for n in range(51, 56)]
    assert "past_page=2" in client.get(URL).content.decode()


@pytest.mark.parametrize("value", ["²", "0", "-1", "abc", "99999999999999999999"])
def test_a_bad_page_is_named_never_a_500(world, meetings, value):
    response = client_for(world.secretary).get(URL, {"past_page": value})
    assert response.status_code == 400
    assert "Page:" in response.content.decode()
    assert len(response.context["sections"][1]["page"].object_list) == 3


@pytest.mark.parametrize("role, count", [
    ("owner", 6), ("manager", 0), ("steering", 0), ("secretary", 6), ("chair", 6),
    ("auditor", 6), ("admin", 7), ("outsider", 0), ("other_secretary", 1),
])
def test_read_scope_per_role(world, meetings, role, count):
    response = client_for(world.users[role]).get(URL)
    assert sum(s["page"].paginator.count for s in response.context["sections"]) == count


def test_anonymous_is_sent_to_log_in(db):
    assert Client().get(URL).status_code == 302


CONTROL = "/en/portfolio/control/"
ECONOMY = "/en/portfolio/economy/"


def test_internal_control_pages_each_check(world):
    from django.core.management import call_command

    call_command("generate_portfolio", projects=130, months=1, verbosity=0)
    admin = client_for(world.admin)
    response = admin.get(CONTROL, {"committee": "BENCH"})
    checks = {c["key"]: c for c in response.context["report"]["checks"]}
    no_risks = checks["no_risks"]
    assert no_risks["count"] == 130 and len(no_risks["page"].object_list) == 50
    html = response.content.decode()
    assert html.count("<tr>") <= 50 * len(checks)
    assert "committee=BENCH&amp;no_risks_page=2#check-no_risks" in html
    last = admin.get(CONTROL, {"committee": "BENCH", "no_risks_page": "3"})
    rows = next(c for c in last.context["report"]["checks"] if c["key"] == "no_risks")
    # The page materialises only its own rows; the full list (the API's) agrees with it.
    from portfolio.models import Committee
    from portfolio.reports import control

    everything = control.findings(committee=Committee.objects.get(code="BENCH"))
    all_rows = next(c for c in everything["checks"] if c["key"] == "no_risks")["items"]
    assert len(all_rows) == 130
    assert [r["case_number"] for r in rows["page"].object_list] == [
        r["case_number"] for r in all_rows[100:]]
    bad = admin.get(CONTROL, {"committee": "BENCH", "no_risks_page": "²"})
    assert bad.status_code == 400 and "Page:" in bad.content.decode()


def test_economy_pages_the_report_table(world):
    from django.core.management import call_command

    call_command("generate_portfolio", projects=70, months=2, verbosity=0)
    admin = client_for(world.admin)
    params = {"committee": "BENCH", "year": "2024", "period": "T1"}
    response = admin.get(ECONOMY, params)
    # Only the page's objects get a row; the export (the full report) has all 70.
    from portfolio.models import Committee
    from portfolio.reports import followup

    full = followup.build(year=2024, period="T1", committee=Committee.objects.get(code="BENCH"))
    assert len(full["rows"]) == 70
    assert len(response.context["rows_page"].object_list) == 50
    second = admin.get(ECONOMY, {**params, "rows_page": "2"}).context["rows_page"]
    assert [r["cost_object"] for r in second.object_list] == [
        r["cost_object"] for r in full["rows"][50:]]
    assert "rows_page=2#report" in response.content.decode()
    bad = admin.get(ECONOMY, {**params, "rows_page": "0"})
    assert bad.status_code == 400 and "Page:" in bad.content.decode()
