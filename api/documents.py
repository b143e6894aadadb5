"""Directive, final report, templates and their PDFs (API.md, Documents)."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import (
    api_view,
    content_negotiation_class,
    permission_classes,
    throttle_scope,
)
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.negotiation import PdfNegotiation  # noqa: F401 - also imported from here
from api.serializers import StrictFieldsMixin
from directives import rendering
from directives import services as documents
from directives.models import Template
from directives.pdf import PdfEngineMissing, PdfRenderError, render_pdf
from portfolio import permissions
from portfolio.errors import StateConflict
from portfolio.models import FinalReportRequirement, Project
from portfolio.services.audit import record_event


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField(read_only=True)
    required = serializers.BooleanField(read_only=True)
    kind = serializers.CharField(read_only=True)
    guidance = serializers.CharField(read_only=True)
    content = serializers.JSONField(allow_null=True)


class DocumentSerializer(serializers.Serializer):
    version = serializers.CharField(allow_null=True)
    template_version = serializers.DictField()
    sections = SectionSerializer(many=True)
    missing_required = serializers.ListField(child=serializers.DictField())


class SectionInputSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=60)
    content = serializers.JSONField(allow_null=True)


class DocumentInputSerializer(StrictFieldsMixin, serializers.Serializer):
    version = serializers.CharField(allow_null=True, required=False, default=None,
                                    help_text="The version you edited (optimistic lock).")
    sections = SectionInputSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")

    def validate_sections(self, value):
        keys = [s["key"] for s in value]
        if len(set(keys)) != len(keys):
            raise serializers.ValidationError("A section key appears twice.")
        return value


class RequirementAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    answer = serializers.CharField(allow_blank=True, max_length=50_000)


class FinalReportInputSerializer(DocumentInputSerializer):
    sections = SectionInputSerializer(many=True, required=False, default=list)
    requirements = RequirementAnswerSerializer(many=True, required=False, default=list)


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
                        else documents._template_for(project, kind))
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


class VersionSerializer(serializers.Serializer):
    version = serializers.CharField()
    written_by = serializers.CharField()
    saved_at = serializers.DateTimeField()
    note = serializers.CharField()
    decisions = serializers.ListField(child=serializers.CharField())


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


def pdf_response(html: str, filename: str) -> HttpResponse:
    try:
        pdf = render_pdf(html)
    except PdfEngineMissing as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    except PdfRenderError as exc:
        return HttpResponse(str(exc), status=500, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


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


class RequirementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    source = serializers.CharField()
    answer = serializers.CharField()


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
        from django.db import transaction

        with transaction.atomic():
            if data["sections"]:
                _save(request, project, kind, data)
            if data["requirements"]:
                answer_requirements(request.user, project, data["requirements"])
    body = _document_body(project, kind)
    body["requirements"] = [
        {"id": r.id, "text": r.text, "source": r.source, "answer": r.answer}
        for r in project.final_report_requirements.all()]
    return Response(body)


def answer_requirements(user, project, answers):
    from django.core.exceptions import ValidationError

    from portfolio.errors import NotAllowed
    from portfolio.lifecycle import State

    if not permissions.can_edit_project(user, project):
        raise NotAllowed("Only the project owner and manager write the final report.")
    if project.state != State.CLOSING:
        raise StateConflict("The final report is written while the project is closing.",
                            code="wrong_state")
    requirements = {r.id: r for r in
                    FinalReportRequirement.objects.select_for_update().filter(project=project)}
    unknown = [f"requirements[{i}].id" for i, a in enumerate(answers) if a["id"] not in requirements]
    if unknown:
        raise ValidationError({key: ["No such requirement on this project."] for key in unknown})
    for entry in answers:
        requirement = requirements[entry["id"]]
        before = requirement.answer
        requirement.answer = entry["answer"].strip()
        if before != requirement.answer:
            requirement.save(update_fields=["answer"])
            record_event(actor=user, action="final_report.requirement_answered", obj=requirement,
                         project=project, changes={"answer": [before, requirement.answer]},
                         summary=requirement.text[:200])


@extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@content_negotiation_class(PdfNegotiation)
@throttle_scope("pdf")
def final_report_pdf(request, pk):
    project = _project(pk, request.user)
    return pdf_response(rendering.final_report_html(project), _safe_name(project, "slutrapport"))


class TemplateVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    note = serializers.CharField()
    sections = serializers.JSONField()
    checklists = serializers.DictField()


class TemplateSerializer(serializers.ModelSerializer):
    versions = serializers.SerializerMethodField()

    class Meta:
        model = Template
        fields = ["key", "name", "kind", "versions"]

    @extend_schema_field(TemplateVersionSerializer(many=True))
    def get_versions(self, template):
        rows = []
        for version in template.versions.prefetch_related("checklist_items").order_by("-number"):
            checklists = {}
            for item in version.checklist_items.all():
                checklists.setdefault(item.gate, []).append(
                    {"id": item.id, "key": item.key, "text": item.text, "mandatory": item.mandatory})
            rows.append({"number": version.number, "created_at": version.created_at,
                         "note": version.note, "sections": version.sections,
                         "checklists": checklists})
        return rows


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
    from portfolio.models import ExtensionRequest

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
