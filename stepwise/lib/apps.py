from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "stepwise.lib"
    label = "lib"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django_tasks.signals import task_finished, task_started

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .mail import task_finished_note, task_started_note
        from .middleware import session_refreshed_at_sign_in

        # A mail sent from a task is sent once however often the task runs (mail.mail_send).
        task_started.connect(task_started_note, dispatch_uid="stepwise.lib.mail.task_started")
        task_finished.connect(task_finished_note, dispatch_uid="stepwise.lib.mail.task_finished")
        user_logged_in.connect(session_refreshed_at_sign_in, dispatch_uid="session_refreshed_at_sign_in")
