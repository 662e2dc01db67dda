"""Admin for photos: credit, caption, the agency derived from the credit, the stored file and its state; their
article's search entry kept true."""

from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html, format_html_join

from articles.messages import french, french_stored
from articles.models import Article, Photo
from articles.photos import store_photos
from articles.search import index_article

THUMBNAIL = '<img src="{}" alt="" width="{}" loading="lazy" class="import-thumbnail">'


def preview(photo, width):
    """The stored thumbnail, or the photo's state in words: editors see what readers see."""
    if photo is None:
        return ""
    if photo.image_id:
        return format_html(THUMBNAIL, photo.image.thumb_jpeg, width)
    return state(photo)


def state(photo):
    """« enregistrée (1200×800, jpeg) », « à télécharger », « en échec : image tronquée (fichier incomplet) »."""
    if photo.state == Photo.STORED and photo.image_id:
        image = photo.image
        return f"{photo.get_state_display()} ({image.width}×{image.height}, {image.format})"
    if photo.state == Photo.FAILED and photo.error:
        return f"{photo.get_state_display()} : {french_stored(photo.error, photo.error_params)}"
    return photo.get_state_display()


@admin.action(description="Télécharger à nouveau les photos sélectionnées")
def fetch_again(modeladmin, request, queryset):
    queryset.update(state=Photo.PENDING)
    report = store_photos(set(queryset.values_list("article_id", flat=True)))
    level = messages.WARNING if report.failures else messages.SUCCESS
    reasons = "; ".join(f"{f.src} : {french(f.error)}" for f in report.failures[:5])
    modeladmin.message_user(
        request, f"{report.stored} enregistrée(s), {len(report.failures)} en échec. {reasons}", level
    )


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "article", "credit", "agency", "is_main", "state_label"]
    list_filter = ["state", "is_main"]
    list_select_related = ["article", "image"]
    search_fields = ["caption", "credit", "src"]
    raw_id_fields = ["article"]
    # The agency is derived from the credit on save (Photo.derive); the file and its state, by articles.photos.
    readonly_fields = ["agency", "stored", "state_label", "checked_at"]
    exclude = ["image", "state", "error", "error_params"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = [fetch_again]

    @admin.display(description="aperçu")
    def thumbnail(self, photo):
        return preview(photo, 80)

    @admin.display(description="état", ordering="state")
    def state_label(self, photo):
        return state(photo)

    @admin.display(description="image enregistrée")
    def stored(self, photo):
        if not photo.image_id:
            return "—"
        image = photo.image
        links = [(name, image.url(name)) for name in [image.original, *sorted(image.renditions)]]
        return format_html(
            '<img src="{}" alt="" width="480" class="import-thumbnail"><br>{}',
            image.jpeg_src,
            format_html_join(" · ", '<a href="{}">{}</a>', ((url, name) for name, url in links)),
        )

    # The article's search entry holds its captions: every change to a photo rewrites it.
    def save_model(self, request, obj, form, change):
        if "src" in form.changed_data:  # another image: downloaded again (manage.py photos, or the action)
            obj.image, obj.state, obj.error, obj.error_params = None, Photo.PENDING, "", {}
        super().save_model(request, obj, form, change)
        if change and "article" in form.changed_data and form.initial.get("article"):
            index_article(Article.objects.get(pk=form.initial["article"]))  # the article it left
        index_article(obj.article)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        index_article(obj.article)

    def delete_queryset(self, request, queryset):
        articles = list(Article.objects.filter(photos__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for article in articles:
            index_article(article)
