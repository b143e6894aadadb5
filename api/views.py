"""Projects, checklists, decisions, transitions and the audit trail (API.md, Projects).

Views are thin: they parse, call a service from ``portfolio.services`` and serialize.
"""

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api import preconditions
from api import serializers as s
from api.filters import ProjectListFilter
from portfolio import permissions, selectors
from portfolio.lifecycle import GATE_RULES
from portfolio.services import lifecycle, projects, steering
from portfolio.services.versions import check_version

CONFLICT = inline_serializer("Conflict", {
    "detail": serializers.CharField(), "code": serializers.CharField(),
    "failing_items": serializers.ListField(child=serializers.DictField(), required=False),
})
# The gates in the URL come from the lifecycle rules, so a new gate needs no change here.
GATE_PATH = r"checklists/(?P<gate>(?:{}))".format("|".join(GATE_RULES))
ERRORS = {
    400: OpenApiResponse(description="Bad input: {field: [messages]}"),
    403: OpenApiResponse(description="The user's role does not allow it"),
    404: OpenApiResponse(description="Not found"),
    409: OpenApiResponse(CONFLICT, description="Not allowed in the current state"),
}


class ProjectViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ProjectSerializer
    filterset_class = ProjectListFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return permissions.projects_visible_to(self.request.user).with_related()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self._represent(list(queryset)))
        return self.get_paginated_response(self._represent(page))

    def _represent(self, projects):
        """A project outside the user's committees shows only what the public feed shows."""
        public = selectors.public_projection(p.pk for p in projects if not p.internals_visible)
        inside = iter(self.get_serializer([p for p in projects if p.internals_visible],
                                          many=True).data)
        return [next(inside) if p.internals_visible else public[p.pk] for p in projects]

    @extend_schema(responses={201: s.ProjectSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        committee = data.pop("committee")
        steering_group = data.pop("steering_group", None)
        manager = data.pop("manager", None)
        project = projects.create_and_staff_project(
            committee=committee, name=data.pop("name"), kind=data.pop("kind", "project"),
            parties=data.pop("parties", []), by=request.user, manager=manager,
            steering_group=steering_group, **data)
        project = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[preconditions.ETAG])
    def retrieve(self, request, *args, **kwargs):
        project = self.get_object()
        if not project.internals_visible:
            # Readers outside the committee get the public projection, with nothing to write.
            return Response(self._represent([project])[0])
        return Response(self.get_serializer(project).data,
                        headers={"ETag": preconditions.etag(project)})

    @extend_schema(parameters=[preconditions.IF_MATCH, preconditions.ETAG],
                   responses={200: s.ProjectSerializer, **ERRORS,
                              **preconditions.PRECONDITION_FAILED})
    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        expected = preconditions.expected_version(request)
        serializer = self.get_serializer(project, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        staffing = {}
        if "manager" in data:
            staffing["manager"] = data.pop("manager")
        if "steering_group" in data:
            staffing["steering_group"] = data.pop("steering_group")
        with transaction.atomic():
            # The first service checks the version under the row lock, held to the commit.
            if data or not staffing:
                if data:
                    projects.update_project(project=project, by=request.user, changes=data,
                                            expected_version=expected)
                else:
                    check_version(project, expected)  # an empty PATCH writes nothing
                expected = None
            if staffing:
                projects.staff_project(project=project, by=request.user,
                                       expected_version=expected, **staffing)
        project = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(project).data,
                        headers={"ETag": preconditions.etag(project)})

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        # Only PATCH edits a project (API.md); a full PUT is refused with 405.
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().update(request, *args, **kwargs)

    @extend_schema(request=s.CancelSerializer, responses={200: s.ProjectSerializer, **ERRORS},
                   description="Non-gate transitions: `submit` (owner; empty body) and `cancel` "
                               "(committee; body `reason`).")
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def transitions(self, request, pk=None, name=None):
        project = self.get_object()
        if name == "submit":
            s.EmptySerializer(data=request.data).is_valid(raise_exception=True)
            lifecycle.submit_project(project=project, by=request.user)
        elif name == "cancel":
            body = s.CancelSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            lifecycle.cancel_project(project=project, by=request.user, **body.validated_data)
        else:
            raise NotFound(f"Unknown transition {name!r}; use submit or cancel, or post a gate "
                           "decision to decisions/.")
        project = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(project).data)

    @extend_schema(methods=["GET"], responses={200: s.ChecklistSerializer, 404: ERRORS[404]})
    @extend_schema(methods=["PUT"], request=s.ChecklistAnswersSerializer,
                   responses={200: s.ChecklistSerializer, **ERRORS})
    @action(detail=True, methods=["get", "put"], url_path=GATE_PATH)
    def checklists(self, request, pk=None, gate=None):
        project = self.get_object()
        permissions.require_read(request.user, project)
        if gate not in GATE_RULES:
            raise NotFound("Unknown gate.")
        if request.method == "PUT":
            body = s.ChecklistAnswersSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            rows = lifecycle.answer_checklist(project=project, gate=gate, by=request.user,
                                              answers=body.validated_data["items"])
        else:
            rows = lifecycle.checklist(project, gate)
        return Response({"gate": gate, "items": rows, "failing_items": lifecycle.failing_items(rows)})

    @extend_schema(methods=["GET"], responses={200: s.GateDecisionSerializer(many=True)})
    @extend_schema(methods=["POST"], request=s.DecisionRequestSerializer,
                   responses={201: s.DecisionResultSerializer, **ERRORS})
    @action(detail=True, methods=["get", "post"])
    def decisions(self, request, pk=None):
        project = self.get_object()
        permissions.require_read(request.user, project)
        if request.method == "POST":
            body = s.DecisionRequestSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            decision = lifecycle.decide_gate(project=project, by=request.user,
                                             **body.validated_data)
            decision.project.refresh_from_db()
            return Response(s.DecisionResultSerializer(decision).data,
                            status=status.HTTP_201_CREATED)
        queryset = project.decisions.select_related("recorded_by").order_by("-decided_on", "-id")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.GateDecisionSerializer(page, many=True).data)

    @extend_schema(request=None, responses={200: s.ProjectSerializer, **ERRORS},
                   description="The committee's chair or secretary confirms the steering group "
                               "the owner proposed; only a confirmed group decides gates and "
                               "recommends extensions. Changing the group un-confirms it.")
    @action(detail=True, methods=["post"], url_path="steering-group/confirm")
    def confirm_steering_group(self, request, pk=None):
        project = self.get_object()
        s.EmptySerializer(data=request.data).is_valid(raise_exception=True)
        steering.confirm_steering_group(project=project, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data)

    @extend_schema(responses={200: s.AuditEventSerializer(many=True), 403: ERRORS[403]})
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        project = self.get_object()
        permissions.require_read(request.user, project)
        page = self.paginate_queryset(project.events.order_by("-at", "-id"))
        return self.get_paginated_response(s.AuditEventSerializer(page, many=True).data)
