"""The admin's forms: the import page (URLs, uploads with their original URL) and the section change."""

from django import forms
from django.forms import formset_factory

from articles.models import Section

UPLOAD_ROWS = 5


class ImportForm(forms.Form):
    urls = forms.CharField(
        label="URL",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 90, "placeholder": "https://www.example.com/article.html"}),
        help_text="Une par ligne : article, flux RSS/Atom ou sitemap, reconnus automatiquement.",
    )
    section = forms.ModelChoiceField(
        Section.objects.all(),
        label="Rubrique imposée",
        required=False,
        empty_label="— celle de chaque article —",
    )
    limit = forms.IntegerField(
        label="Limite",
        required=False,
        min_value=1,
        help_text="Au plus ce nombre d'articles tirés des URL (flux et sitemaps compris).",
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="Fichier HTML", required=False)
    url = forms.URLField(
        label="URL d'origine",
        required=False,
        assume_scheme="https",
        max_length=2000,
        help_text="L'adresse de la page sur le site, si la page enregistrée ne la donne pas.",
    )

    def clean(self):
        data = super().clean()
        if data.get("url") and not data.get("file"):
            self.add_error("file", "Choisissez le fichier de cette URL.")
        return data


UploadFormSet = formset_factory(UploadForm, extra=UPLOAD_ROWS, max_num=50)


class SectionChoiceForm(forms.Form):
    section = forms.ModelChoiceField(Section.objects.all(), label="Nouvelle rubrique", empty_label=None)
