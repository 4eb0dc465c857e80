from django.urls import path

from . import views

urlpatterns = [
    path("account/", views.account_settings, name="account_settings"),
    path("invite/accept/", views.invitation_accept, name="invitation_accept"),
    path("invite/switch/", views.invitation_switch, name="invitation_switch"),
    path("invite/<str:token>/", views.invitation_open, name="invitation_open"),
]
