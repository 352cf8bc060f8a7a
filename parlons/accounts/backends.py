from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Sign in with the e-mail address, whatever its case."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        login = (email or username or "").strip().lower()
        return super().authenticate(request, username=login, password=password, **kwargs)
