"""``GET /api/v1/me/work/`` (what waits for the caller, as on "My work") and
``GET /api/v1/committees/{code}/overview/`` (the committee's overview page as data)."""

import datetime

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.pagination import PortfolioPagination
from api.serializers.overview import OverviewSerializer, WorkItemSerializer
from portfolio import permissions, work
from portfolio.health import committee_overview


@extend_schema(responses={200: WorkItemSerializer(many=True),
                          400: OpenApiResponse(description="Bad page or page_size")})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def my_work(request):
    """Everything waiting for the caller, paginated like the other lists."""
    paginator = PortfolioPagination()
    page = paginator.paginate_queryset(work.waiting_for(request.user), request)
    return paginator.get_paginated_response(WorkItemSerializer(page, many=True).data)


# So the schema shows the paginated list, as for the other lists.
my_work.cls.pagination_class = PortfolioPagination  # type: ignore[attr-defined]


@extend_schema(responses={200: OverviewSerializer,
                          404: OpenApiResponse(description="No committee the caller reads")})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def committee_overview_view(request, code):
    committee = permissions.committees_readable_by(request.user).filter(code=code).first()
    if committee is None:
        raise NotFound("No such committee.")  # existence is not revealed to outsiders
    data = committee_overview(committee, today=datetime.date.today())
    return Response(OverviewSerializer(data).data)
