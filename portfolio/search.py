"""Finding projects by name, case number and directive text (issue #12, "Find").

PostgreSQL matches words with its Swedish full-text search (so "utskrivningar" finds
"utskrivning"), backed by a GIN index on the directive versions' text
(directives/migrations/…_h11_directive_fulltext). Other databases (SQLite in development and
tests) fall back to a substring match. Either way the name also matches as a substring, so a
half-typed name finds its project.

Directive text is internal: it is searched only in projects whose internals the reader sees
(``internals_visible`` from ``permissions.projects_visible_to``), so a reader outside the
committee cannot learn what a public project's directive says by what the search finds.
"""

import re

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from directives.models import Document, DocumentVersion, Template

# GNS/8/2018, also typed as "gns 8 2018" or "8/2018".
CASE_NUMBER = re.compile(r"^\s*(?:([A-Za-zÅÄÖåäö]+)\s*[/ ]\s*)?([0-9]{1,6})\s*[/ ]\s*([0-9]{4})\s*$")
MAX_QUERY = 200
SEARCH_CONFIG = "swedish"


def case_number_condition(text: str) -> Q | None:
    match = CASE_NUMBER.match(text)
    if not match:
        return None
    code, seq, year = match.groups()
    condition = Q(case_seq=int(seq), case_year=int(year))
    if code:
        condition &= Q(committee__code__iexact=code)
    return condition


# Only the directive as it reads now: text removed in a later version is not found.
LATEST = ("NOT EXISTS (SELECT 1 FROM directives_documentversion n WHERE n.document_id = "
          "{v}.document_id AND (n.major > {v}.major OR (n.major = {v}.major AND n.minor > "
          "{v}.minor)))")


def _directive_versions():
    return DocumentVersion.objects.filter(
        document__project=OuterRef("pk"), document__kind=Template.Kind.DIRECTIVE,
        document__extension_request__isnull=True)


def directive_condition(text: str) -> Q:
    """Projects whose directive (any saved version) contains the text."""
    if connection.vendor == "postgresql":
        # The same expression as the index, so PostgreSQL can use it.
        matches = _directive_versions().filter(pk__in=RawSQL(
            "SELECT v.id FROM directives_documentversion v WHERE "
            f"to_tsvector('{SEARCH_CONFIG}'::regconfig, v.content) "
            f"@@ websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %s) AND "
            + LATEST.format(v="v"), (text,)))
        return Q(Exists(matches))
    if connection.vendor == "sqlite":
        # JSON is stored with \\u escapes for å, ä, ö: json_tree reads the decoded strings.
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        ids = RawSQL(
            "SELECT d.project_id FROM directives_document d "
            "JOIN directives_documentversion v ON v.document_id = d.id, json_tree(v.content) t "
            "WHERE d.kind = %s AND d.extension_request_id IS NULL AND t.type = 'text' "
            "AND t.value LIKE %s ESCAPE '\\' AND " + LATEST.format(v="v"),
            (Template.Kind.DIRECTIVE.value, like))
        return Q(pk__in=ids)
    documents = Document.objects.filter(kind=Template.Kind.DIRECTIVE,
                                        extension_request__isnull=True)
    return Q(pk__in=documents.filter(versions__content__icontains=text).values("project_id"))


def name_condition(text: str) -> Q:
    condition = Q(name__icontains=text)
    if connection.vendor == "postgresql":
        condition |= Q(pk__in=RawSQL(
            "SELECT id FROM portfolio_project WHERE "
            f"to_tsvector('{SEARCH_CONFIG}'::regconfig, name) "
            f"@@ websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)", (text,)))
    return condition


def search_projects(projects: QuerySet, text: str) -> QuerySet:
    """``projects`` must come from ``permissions.projects_visible_to`` (``internals_visible``)."""
    text = (text or "").strip()[:MAX_QUERY]
    if not text:
        return projects
    condition = name_condition(text)
    by_case = case_number_condition(text)
    if by_case is not None:
        condition |= by_case
    condition |= Q(internals_visible=True) & directive_condition(text)
    return projects.filter(condition)
