"""Followed sources in the admin: their state, and an action to poll them now."""

from django.contrib import admin, messages

from articles import tasks
from articles.messages import describe_counts
from articles.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "section", "active", "interval", "last_checked_at", "state", "counts", "last_error"]
    list_filter = ["active", "state", "section"]
    list_select_related = ["section"]
    search_fields = ["url", "name"]
    fields = ["url", "name", "section", "active", "interval"]
    readonly_fields = ["last_checked_at", "state", "last_error", "last_counts", "etag", "last_modified"]
    actions = ["poll_now"]

    def get_fields(self, request, obj=None):
        return self.fields + (self.readonly_fields if obj else [])

    @admin.display(description="derniers résultats")
    def counts(self, source):
        return describe_counts(source.last_counts) if source.state == Source.State.OK else "—"

    @admin.action(description="Interroger maintenant", permissions=["change"])
    def poll_now(self, request, queryset):
        for source in queryset:
            finished, summary = tasks.enqueue_poll(source)
            if finished and summary:  # an immediate backend ran it already
                self.message_user(request, summary, messages.SUCCESS)
            elif finished:
                self.message_user(request, f"{source} : l'interrogation a échoué.", messages.ERROR)
            else:
                self.message_user(request, f"{source} : interrogation lancée en arrière-plan.", messages.INFO)
