"""Errors that help, the rest of the forms (issue #13 point 3): the time and budget filters,
the outcome import, the narratives, the internal-control filters, the minutes' head,
attendance and points, and the project page's refusals. What the person typed wrong is
named in the summary (linking to the field, by its Swedish label) and beside the field,
with the page answering 400 and keeping the input; a refusal that is about no field is in
the summary without a link. No flash message, and nothing changes."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from portfolio.lifecycle import State
from portfolio.models import (
    Attendance,
    AuditEvent,
    BudgetLine,
    CostObject,
    DecisionPoint,
    FollowUpNarrative,
    Minutes,
    OutcomeImport,
    TimeEntry,
)
from portfolio.services import meetings, projects

pytestmark = pytest.mark.django_db


def _sv(text: str) -> str:
    with translation.override("sv"):
        return str(translation.gettext(text))


def _summary(html: str) -> str:
    assert 'id="error-summary"' in html, html[:2000]
    start = html.index('id="error-summary"')
    summary = html[start:html.index("</div>", start)]
    assert 'role="alert"' in html[html.rindex("<div", 0, start):start + 200]
    return summary


def assert_beside(response, key: str, label: str, typed=()) -> str:
    """400, a summary link to ``id_<key>`` naming the field, the message beside the field
    and what was typed still on the page; no flash message."""
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    summary = _summary(html)
    link = re.search(rf'<a href="#id_{re.escape(key)}">([^<]*)</a>', summary)
    assert link, summary
    assert link.group(1).startswith(f"{label}:"), link.group(1)
    field = re.search(rf'<(input|select|textarea)\b[^>]*\bid="id_{re.escape(key)}"[^>]*>', html)
    assert field, f"no field with id_{key}"
    assert 'aria-invalid="true"' in field.group(0)
    assert re.search(rf'aria-describedby="[^"]*\bid_{re.escape(key)}-error\b', field.group(0))
    message = re.search(rf'<span class="field-error" id="id_{re.escape(key)}-error">([^<]+)',
                        html)
    assert message and message.group(1).strip(), f"no message beside id_{key}"
    for text in typed:
        assert text in html, text
    assert 'class="messages"' not in html
    return html


def assert_refusal(response, status: int, text: str) -> str:
    """A refusal about no field: in the summary, unlinked, with its status; no flash."""
    assert response.status_code == status, response.status_code
    html = response.content.decode()
    summary = _summary(html)
    assert text in summary, summary
    item = re.search(rf"<li>([^<]*{re.escape(text[:30])})", summary)
    assert item, "the refusal is a plain item, not a link"
    assert 'class="messages"' not in html
    return html


@pytest.fixture
def events(db):
    class Count:
        # Signing in is audited; what is counted is every write.
        def __init__(self):
            self.start = self.writes()

        @staticmethod
        def writes():
            return AuditEvent.objects.exclude(action__startswith="auth.").count()

        def unchanged(self):
            return self.writes() == self.start
    return Count


# -- The time page's period filter


def test_time_filter_names_the_date_beside_it_and_keeps_it(world, client, events):
    before = events()
    client.force_login(world.secretary)
    response = client.get("/portfolio/time/?committee=GNS&from=banan&to=2024-02-01")
    html = assert_beside(response, "from", "Från", typed=['value="banan"'])
    assert 'value="2024-02-01"' in html  # the accepted one stays too
    assert response.context["start"] == datetime.date(datetime.date.today().year, 1, 1)
    assert before.unchanged() and not TimeEntry.objects.exists()


def test_time_filter_names_the_field_in_english_under_en(world, client):
    client.force_login(world.secretary)
    response = client.get("/en/portfolio/time/?committee=GNS&to=2024-13-01")
    assert_beside(response, "to", "To", typed=['value="2024-13-01"'])


# -- The budget page: year filter and a save made on an old page


def test_budget_year_filter_is_a_field_named_beside_it(world, client, events):
    project = world.project()
    before = events()
    client.force_login(world.owner)
    response = client.get(f"/portfolio/{project.pk}/budget/?year=tjugo")
    assert_beside(response, "year", "År", typed=['value="tjugo"'])
    assert before.unchanged()


def test_budget_saved_by_someone_else_is_refused_in_the_summary_keeping_the_rows(world, client,
                                                                                 events):
    project = world.project()
    client.force_login(world.owner)
    page = client.get(f"/portfolio/{project.pk}/budget/")
    version = page.context["version"]
    projects.update_project(project=project, by=world.manager, changes={"name": "Nytt namn"})
    before = events()
    response = client.post(f"/portfolio/{project.pk}/budget/", {
        "version": version, "activity-0": "Resor till Östersund", "total-0": "12 000",
        "note-0": "Tåg"})
    html = assert_refusal(response, 412, _sv(
        "Someone else saved this project's budget after you opened the page. Your values "
        "below have not been saved; the totals above show the saved budget. Check them and "
        "save again to replace it."))
    assert "Resor till Östersund" in html and 'value="12 000"' in html
    assert before.unchanged()
    assert not BudgetLine.objects.filter(project=project).exists()


# -- The outcome import


def test_each_bad_line_of_an_outcome_file_is_named_and_linked_to_the_file(world, client,
                                                                         events):
    CostObject.objects.create(committee=world.committee, code="6674", name="LINK2")
    data = (b"cost_object;period;category;amount\n6674;2019-03;Kostnader;-100\n"
            b"6674;2019-13;Kostnader;-100\n9999;2019-04;Kostnader;tusen\n")
    before = events()
    client.force_login(world.secretary)
    response = client.post("/portfolio/economy/?committee=GNS", {
        "file": SimpleUploadedFile("utfall.csv", data, content_type="text/csv")})
    html = assert_beside(response, "file", "Fil")
    summary = _summary(html)
    lines = re.findall(r'<a href="#id_file">([^<]*)</a>', summary)
    # The headline, then every bad line with its line number and the column it is about.
    assert len(lines) == 4, lines
    assert lines[1].startswith("Fil – Rad 3:") and "period" in lines[1]
    assert lines[2].startswith("Fil – Rad 4:") and "9999" in lines[2]
    assert lines[3].startswith("Fil – Rad 4:") and "tusen" in lines[3]
    # Beside the field only the headline, not every line again.
    beside = re.search(r'id="id_file-error">([^<]*)<', html).group(1)
    assert "Rad 3" not in beside
    assert not OutcomeImport.objects.exists() and before.unchanged()


def test_an_outcome_import_by_someone_not_allowed_is_refused_in_the_summary(world, client,
                                                                           events):
    CostObject.objects.create(committee=world.committee, code="6674", name="LINK2")
    before = events()
    client.force_login(world.owner)  # a member of the committee, not its secretary or chair
    response = client.post("/portfolio/economy/?committee=GNS&year=2019", {
        "file": SimpleUploadedFile("utfall.csv", b"cost_object;period;category;amount\n"
                                   b"6674;2019-03;Kostnader;-100\n", content_type="text/csv")})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="messages"' not in html
    summary = _summary(html)
    assert "<a " not in summary and "<li>" in summary
    assert 'value="2019"' in html  # the filters stay as they were
    assert not OutcomeImport.objects.exists() and before.unchanged()


def test_an_outcome_import_with_no_committee_is_refused_in_the_summary(world, client, events):
    before = events()
    client.force_login(world.outsider)
    response = client.post("/portfolio/economy/", {
        "file": SimpleUploadedFile("utfall.csv", b"x\n", content_type="text/csv")})
    assert_refusal(response, 400, _sv(
        "Outcomes are imported by the committee's secretary or chair."))
    assert not OutcomeImport.objects.exists() and before.unchanged()


def test_a_failed_background_import_names_its_lines_in_the_summary(world, client):
    batch = OutcomeImport.objects.create(
        filename="utfall.csv", imported_by=world.secretary, committee=world.committee,
        state=OutcomeImport.State.FAILED, message="1 rader är fel; inget importerades.",
        errors=[{"line": 7, "errors": ["okänt kostnadsobjekt '9999'"]}])
    client.force_login(world.secretary)
    response = client.get(f"/portfolio/economy/?committee=GNS&import={batch.pk}")
    assert response.status_code == 200  # following the import is no bad request
    html = response.content.decode()
    summary = _summary(html)
    assert '<a href="#id_file">Fil: 1 rader är fel' in summary
    assert "<a href=\"#id_file\">Fil – Rad 7: okänt kostnadsobjekt" in summary.replace(
        "&#x27;", "'")
    assert 'id="id_file-error"' in html


def test_a_refusal_listing_failing_items_shows_each_on_its_own_line(world, client):
    project = world.project()
    client.force_login(world.owner)
    html = client.post(f"/portfolio/{project.pk}/submit/").content.decode()
    summary = _summary(html)
    assert "<br>• " in summary  # the empty sections, one per line


def test_a_bad_page_number_of_the_report_is_in_the_summary(world, client):
    CostObject.objects.create(committee=world.committee, code="6674", name="LINK2")
    client.force_login(world.secretary)
    response = client.get("/portfolio/economy/?committee=GNS&year=2019&period=T1&rows_page=x")
    assert_refusal(response, 400, "Sida:")


# -- The narratives of the follow-up report


def _narrative(client, text):
    return client.post("/portfolio/economy/narrative/?committee=GNS&year=2019&period=T1", {
        "committee": "GNS", "year": "2019", "period": "T1", "cost_object": "6674",
        "text": text})


def test_a_too_long_narrative_is_named_beside_its_text_and_kept(world, client, events):
    CostObject.objects.create(committee=world.committee, code="6674", name="LINK2")
    before = events()
    client.force_login(world.secretary)
    text = "Prognosen håller. " * 250  # 4500 characters, over the 4000 allowed
    response = _narrative(client, text)
    assert_beside(response, "narrative-6674", "Kommentar för objekt 6674", typed=[text.strip()])
    assert not FollowUpNarrative.objects.exists() and before.unchanged()


def test_a_narrative_by_someone_not_allowed_is_refused_in_the_summary(world, client, events):
    CostObject.objects.create(committee=world.committee, code="6674", name="LINK2")
    before = events()
    client.force_login(world.owner)
    response = _narrative(client, "Prognosen håller.")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="messages"' not in html
    summary = _summary(html)
    assert "<a " not in summary and "<li>" in summary
    assert not FollowUpNarrative.objects.exists() and before.unchanged()


# -- The internal control's filters


def test_internal_control_filter_is_named_beside_it_and_kept(world, client, events):
    before = events()
    client.force_login(world.auditor)
    response = client.get("/portfolio/control/?committee=GNS&as_of=igår")
    assert_beside(response, "as_of", "Per datum", typed=['value="igår"'])
    assert response.context["report"]["checks"]  # the report is still shown
    assert before.unchanged()


def test_internal_control_bad_page_number_is_in_the_summary(world, client):
    client.force_login(world.auditor)
    response = client.get("/portfolio/control/?no_risks_page=två")
    assert_refusal(response, 400, "Sida:")


# -- The minutes: head, attendance and points


@pytest.fixture
def meeting(world):
    meeting = meetings.create_meeting(committee=world.committee, date=datetime.date(2019, 6, 3),
                                      by=world.secretary, place="Styrelserummet")
    meetings.add_item(meeting=meeting, by=world.secretary,
                      heading="Tertialrapport per april 2019", kind="follow_up",
                      proposed_decision="1. Tertialrapport per april 2019 godkänns.")
    return meeting


def _attendance(world, client, meeting, rows: dict, user=None):
    client.force_login(user or world.secretary)
    return client.post(f"/portfolio/meetings/{meeting.pk}/minutes/attendance/", rows)


def test_attendance_rows_name_the_row_and_column_beside_the_cell(world, client, meeting,
                                                                 events):
    before = events()
    response = _attendance(world, client, meeting, {
        "rows": "4",
        "party-0": "rjh", "name-0": "Robert Hamberg (M)", "role-0": "member", "present-0": "on",
        "party-1": "xyz", "name-1": "Anna Andersson (S)", "role-1": "member",
        "party-2": "are", "name-2": "", "role-2": "member", "replaces-2": "Robert Uitto (S)",
        "name-3": "Maria Söderberg (C)", "role-3": "ordförande"})
    html = assert_beside(response, "party-1", "Rad 2 – Part",
                         typed=["Robert Hamberg (M)", "Anna Andersson (S)", "Robert Uitto (S)",
                                "Maria Söderberg (C)"])
    assert_beside(response, "name-2", "Rad 3 – Namn")
    assert_beside(response, "role-3", "Rad 4 – Roll")
    # The summary sits at the top of the attendance form.
    form = html.index("minutes/attendance/")
    assert form < html.index('id="error-summary"') < html.index('name="party-0"')
    # Row 1 keeps its party and presence; row 2 was posted absent and stays so.
    assert re.search(r'name="present-0"[^>]* checked', html)
    assert not re.search(r'name="present-1"[^>]* checked', html)
    assert 'name="rows" value="4"' in html
    assert not Attendance.objects.exists() and before.unchanged()


def test_attendance_by_someone_not_keeping_the_minutes_is_refused_in_the_summary(
        world, client, meeting, events):
    before = events()
    response = _attendance(world, client, meeting, {
        "rows": "1", "party-0": "rjh", "name-0": "Robert Hamberg (M)", "role-0": "member"},
        user=world.auditor)
    assert_refusal(response, 403, _sv("Only the committee's chair and secretary keep its "
                                      "minutes."))
    assert not Attendance.objects.exists() and before.unchanged()


def test_a_bad_row_count_is_refused_in_the_summary_keeping_the_rows(world, client, meeting,
                                                                    events):
    before = events()
    response = _attendance(world, client, meeting, {
        "rows": "²", "party-0": "rjh", "name-0": "Robert Hamberg (M)", "role-0": "member"})
    html = response.content.decode()
    assert response.status_code == 400 and 'class="messages"' not in html
    assert "<li>" in _summary(html) and "Robert Hamberg (M)" in html
    assert not Attendance.objects.exists() and before.unchanged()


def test_minutes_head_date_is_named_beside_it_and_the_head_kept(world, client, meeting, events):
    before = events()
    client.force_login(world.chair)
    url = f"/portfolio/meetings/{meeting.pk}/minutes/head/"
    typed = {"chair": "Robert Hamberg (M)", "secretary": "Jessica Hådell",
             "adjusters": "Ann-Marie Johansson (S)", "kept_at": "Regionens kansli"}
    response = client.post(url, {**typed, "adjusted_on": "2019-13-45"})
    assert_beside(response, "adjusted_on", "Justeringsdatum", typed=typed.values())
    # The service's refusal (adjusted before the meeting) lands beside the same field.
    response = client.post(url, {**typed, "adjusted_on": "2019-06-01"})
    html = assert_beside(response, "adjusted_on", "Justeringsdatum", typed=typed.values())
    assert 'value="2019-06-01"' in html
    minutes = Minutes.objects.filter(meeting=meeting).first()
    assert minutes is None or minutes.chair == ""
    assert before.unchanged()


def test_minutes_points_too_long_are_named_beside_the_item(world, client, meeting, events):
    item = meeting.items.get(heading="Tertialrapport per april 2019")
    before = events()
    client.force_login(world.secretary)
    text = "1. " + "Tertialrapporten godkänns. " * 5600  # over 150 000 characters
    response = client.post(f"/portfolio/meetings/{meeting.pk}/minutes/items/{item.pk}/points/",
                           {f"item{item.pk}-points": text})
    html = assert_beside(response, f"item{item.pk}-points", "Punkter")
    assert "Tertialrapporten godkänns. Tertialrapporten" in html
    assert html.index(f'id="item-{item.pk}"') < html.index('id="error-summary"')
    assert not DecisionPoint.objects.filter(item=item, text__contains="Tertialrapporten ") \
        .exclude(text="Tertialrapport per april 2019 godkänns.").exists()
    assert before.unchanged()


# -- The project page's refusals


def test_a_refused_submit_is_in_the_summary_not_a_flash(world, client, events):
    project = world.project()  # no directive written: filing is refused
    before = events()
    client.force_login(world.owner)
    response = client.post(f"/portfolio/{project.pk}/submit/")
    assert response.status_code >= 400
    html = response.content.decode()
    assert 'class="messages"' not in html
    summary = _summary(html)
    assert "<li>" in summary and "<a " not in summary
    project.refresh_from_db()
    assert project.state == State.DRAFT and before.unchanged()


def test_a_refused_gate_decision_is_in_the_summary_and_keeps_the_comment(world, client, events):
    project = world.project(State.SUBMITTED)
    before = events()
    client.force_login(world.secretary)
    response = client.post(f"/portfolio/{project.pk}/gates/BP0/", {
        "outcome": "start", "decided_on": "2024-03-01",
        "comment": "Beslut enligt förslaget"})  # the checklist is not answered
    assert response.status_code >= 400
    html = response.content.decode()
    assert 'class="messages"' not in html
    assert "<li>" in _summary(html)
    assert "Beslut enligt förslaget" in html
    project.refresh_from_db()
    assert project.state == State.SUBMITTED and before.unchanged()
