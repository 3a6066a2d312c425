from django.urls import path

from referentiels import views

app_name = "referentiels"

urlpatterns = [
    path("communes/", views.communes, name="communes"),
]
