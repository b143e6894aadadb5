"""Issue #13 point 2: the follow-up chart on the economy page has a text alternative."""

import io

from django.core.management import call_command


def test_economy_chart_is_a_named_image_with_its_numbers_as_a_table(world, client):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(world.admin)
    html = client.get("/portfolio/economy/?committee=GNS&year=2019&period=T1").content.decode()
    assert 'role="img" aria-label="Budgetavvikelse innevarande år' in html
    assert "<summary>Diagrammet som tabell</summary>" in html
    table = html.split('<table class="chart-table">')[1].split("</table>")[0]
    assert '<th scope="row">apr</th><td class="num">-55</td><td class="num">-219</td>' in table
    assert "Prognostiserad budgetavvikelse, december" in table
