"""Step 1, models: one short opinion per person on a démarche."""

from django.conf import settings
from django.db import models


class QuickOpinion(models.Model):
    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.CharField("avis", max_length=280)
    public_text = models.CharField("avis publié", max_length=400, blank=True)
    created_at = models.DateTimeField("date", auto_now_add=True)

    class Meta:
        app_label = "example_app"
        verbose_name = "avis express"
        verbose_name_plural = "avis express"

    def __str__(self) -> str:
        return self.public_text
