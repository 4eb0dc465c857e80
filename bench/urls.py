"""The product's URLs plus the floor: a view answering two bytes through the whole middleware
stack, so a page's throughput can be read against what the framework costs. It exists only
here, never in ``stepwise/urls.py``."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from stepwise.urls import urlpatterns as product

FLOOR_PATH = "/bench/floor/"


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="bench_floor"), *product]
