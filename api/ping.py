"""The floor: the cheapest answer the installation gives, through the same middleware as every
other request (security headers, CSP, no-store). Load balancers poll it to know a worker is up;
bench/load.py measures the feed against it. It reads nothing: no database, no cache, no user."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

PONG = {"status": "ok"}


class PingView(APIView):
    # Nobody to authenticate, nothing to throttle: a health check must not depend on the
    # database, and a throttled health check would take a healthy worker out of rotation.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        responses={200: inline_serializer("Ping", {"status": serializers.CharField()})},
        description="Health check: 200 `{\"status\": \"ok\"}` when the worker answers. No "
                    "authentication, no data, never throttled.")
    def get(self, request):
        return Response(PONG)
