"""The signed-in person's notifications (their own only) and their mail preference."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.serializers.notifications import (
    NotificationPreferenceSerializer,
    NotificationSerializer,
)
from notifications import selectors, services

ERRORS = {400: OpenApiResponse(description="Bad input: {field: [messages]}"),
          404: OpenApiResponse(description="Not found (or not yours)")}


@extend_schema(parameters=[OpenApiParameter(
    "unread", OpenApiTypes.BOOL, description="Only those not read yet.")])
class NotificationList(generics.ListAPIView):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        queryset = selectors.notifications_of(self.request.user).select_related("project")
        if self.request.query_params.get("unread", "").lower() in ("1", "true", "yes"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset


@extend_schema(request=None, responses={200: NotificationSerializer, **ERRORS})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def mark_read(request, pk):
    notification = services.mark_read(notification_id=pk, by=request.user)
    return Response(NotificationSerializer(notification).data)


@extend_schema(methods=["GET"], responses={200: NotificationPreferenceSerializer})
@extend_schema(methods=["PUT"], request=NotificationPreferenceSerializer,
               responses={200: NotificationPreferenceSerializer, **ERRORS})
@api_view(["GET", "PUT"])
@permission_classes([IsAuthenticated])
def preferences(request):
    if request.method == "PUT":
        body = NotificationPreferenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        preference = services.set_preference(user=request.user, **body.validated_data)
    else:
        preference = services.preference_for(request.user)
    return Response(NotificationPreferenceSerializer(preference).data)


# Included from api/urls.py under v1/notifications/.
urlpatterns = [
    path("", NotificationList.as_view(), name="notifications"),
    path("<int:pk>/read/", mark_read, name="notification-read"),
    path("preferences/", preferences, name="notification-preferences"),
]
