"""The migration gives every existing project its case, under the number it already has."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("portfolio", "0003_committee_role_user_protect")]
AFTER = [("portfolio", "0005_h17_cases_minutes")]


@pytest.mark.django_db(transaction=True)
def test_existing_projects_become_cases_with_their_numbers():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("auth", "User")
    Party = old.get_model("portfolio", "Party")
    Committee = old.get_model("portfolio", "Committee")
    Project = old.get_model("portfolio", "Project")
    owner = User.objects.create(username="migration-owner")
    region = Party.objects.create(code="rjh", name="Region", kind="region")
    committee = Committee.objects.create(code="GNS", name="Gemensam nämnd", host_party=region)
    for seq, name in [(8, "LINK2"), (1, "Serverdrift Åre")]:
        Project.objects.create(committee=committee, case_year=2018, case_seq=seq, name=name,
                               owner=owner)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Case = new.get_model("portfolio", "Case")
    rows = sorted(Case.objects.values_list("year", "seq", "kind", "title", "project__name"))
    assert rows == [(2018, 1, "project", "Serverdrift Åre", "Serverdrift Åre"),
                    (2018, 8, "project", "LINK2", "LINK2")]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
