"""Directive, final report, templates and their PDFs (API.md, Documents)."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import (
    api_view,
    content_negotiation_class,
    permission_classes,
    throttle_scope,
)
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.negotiation import PdfNegotiation
from api.serializers.documents import (
    DocumentInputSerializer,
    DocumentSerializer,
    FinalReportInputSerializer,
    TemplateSerializer,
    VersionSerializer,
)
from directives import rendering
from directives import services as documents
from directives.http import pdf_response
from directives.models import Template
from portfolio import permissions
from portfolio.models import ExtensionRequest, Project


def _project(pk, user) -> Project:
    try:
        project = permissions.projects_visible_to(user).select_related(
            "committee", "template_version").get(pk=pk)
    except (Project.DoesNotExist, ValueError) as exc:
        raise NotFound("No such project.") from exc
    permissions.require_read(user, project)
    return project


def _document_body(project: Project, kind: str, version=None) -> dict:
    document = documents.get_document(project, kind)
    template_version = (document.template_version if document
                        else documents.template_for(project, kind))
    view = documents.document_view(document, template_version, version)
    return {
        "version": view["label"],
        "template_version": {"template": template_version.template.key,
                             "name": template_version.template.name,
                             "number": template_version.number},
        "sections": [{k: s[k] for k in ("key", "title", "required", "kind", "guidance", "content")}
                     for s in view["sections"]],
        "missing_required": [{"key": s["key"], "title": s["title"]} for s in view["sections"]
                             if s["required"] and s["empty"]],
    }


def _save(request, project, kind, body):
    return documents.save_document(
        project=project, by=request.user, kind=kind, base_version=body["version"],
        sections={s["key"]: s["content"] for s in body["sections"]}, note=body.get("note", ""))


@extend_schema(methods=["GET"], responses={200: DocumentSerializer})
@extend_schema(methods=["PUT"], request=DocumentInputSerializer,
               responses={200: DocumentSerializer, 400: OpenApiResponse(description="Bad section"),
                          403: OpenApiResponse(description="Not the owner or manager"),
                          409: OpenApiResponse(description="Someone saved a newer version")})
@api_view(["GET", "PUT"])
@permission_classes([IsAuthenticated])
def directive(request, pk):
    project = _project(pk, request.user)
    if request.method == "PUT":
        body = DocumentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _save(request, project, Template.Kind.DIRECTIVE, body.validated_data)
    return Response(_document_body(project, Template.Kind.DIRECTIVE))


@extend_schema(responses={200: VersionSerializer(many=True)})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def directive_versions(request, pk):
    project = _project(pk, request.user)
    document = documents.get_document(project)
    if document is None:
        return Response([])
    versions = document.versions.select_related("created_by").prefetch_related("gate_decisions")
    return Response([{
        "version": v.label, "written_by": v.created_by.username, "saved_at": v.created_at,
        "note": v.note,
        "decisions": [f"{d.gate} {d.outcome} {d.decided_on}" for d in v.gate_decisions.all()],
    } for v in versions.order_by("-major", "-minor")])


@extend_schema(responses={200: DocumentSerializer, 404: OpenApiResponse(description="No such version")})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def directive_version(request, pk, label):
    project = _project(pk, request.user)
    document = documents.get_document(project)
    version = documents.find_version(document, label) if document else None
    if version is None:
        raise NotFound("No such version.")
    return Response(_document_body(project, Template.Kind.DIRECTIVE, version))


def _safe_name(project: Project, kind: str) -> str:
    return f"{kind}-{project.committee.code}-{project.case_seq}-{project.case_year}.pdf"


@extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@content_negotiation_class(PdfNegotiation)
@throttle_scope("pdf")
def directive_pdf(request, pk):
    project = _project(pk, request.user)
    return pdf_response(rendering.directive_html(project), _safe_name(project, "projektdirektiv"))


@extend_schema(methods=["GET"], responses={200: DocumentSerializer})
@extend_schema(methods=["PUT"], request=FinalReportInputSerializer,
               responses={200: DocumentSerializer, 400: OpenApiResponse(description="Bad input"),
                          403: OpenApiResponse(description="Not the owner or manager"),
                          409: OpenApiResponse(description="Not closing, or a newer version")})
@api_view(["GET", "PUT"])
@permission_classes([IsAuthenticated])
def final_report(request, pk):
    project = _project(pk, request.user)
    kind = Template.Kind.FINAL_REPORT
    if request.method == "PUT":
        body = FinalReportInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with transaction.atomic():
            if data["sections"]:
                _save(request, project, kind, data)
            if data["requirements"]:
                documents.answer_requirements(project=project, by=request.user,
                                              answers=data["requirements"])
    body = _document_body(project, kind)
    body["requirements"] = [
        {"id": r.id, "text": r.text, "source": r.source, "answer": r.answer}
        for r in project.final_report_requirements.all()]
    return Response(body)


@extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@content_negotiation_class(PdfNegotiation)
@throttle_scope("pdf")
def final_report_pdf(request, pk):
    project = _project(pk, request.user)
    return pdf_response(rendering.final_report_html(project), _safe_name(project, "slutrapport"))


class TemplateViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Template.objects.all()
    serializer_class = TemplateSerializer
    lookup_field = "key"


@extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@content_negotiation_class(PdfNegotiation)
@throttle_scope("pdf")
def extension_request_pdf(request, pk):

    try:
        extension = ExtensionRequest.objects.select_related("project__committee", "meeting").get(
            pk=pk, project__in=permissions.projects_visible_to(request.user).values("pk"))
    except ExtensionRequest.DoesNotExist as exc:
        raise NotFound("No such extension request.") from exc
    project = extension.project
    permissions.require_read(request.user, project)
    return pdf_response(rendering.committee_case_html(extension),
                        f"tjansteskrivelse-{project.committee.code}-{project.case_seq}-"
                        f"{project.case_year}-{extension.pk}.pdf")
