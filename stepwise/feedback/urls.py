from django.urls import path

from . import views

# Raters have no account: their pages live apart from the engagement's, under /r/.
urlpatterns = [
    path("r/", views.rater_home, name="rater_home"),
    path("r/<str:token>/", views.rater_open, name="rater_open"),
]
