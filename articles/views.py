"""Reader pages: the timeline of latest news, one section, one article."""

from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from .models import Article, Section


class TimelineView(ListView):
    template_name = "articles/timeline.html"
    context_object_name = "articles"
    paginate_by = 30
    section = None

    def get_queryset(self):
        articles = Article.objects.published()
        if self.section is not None:
            articles = articles.in_section(self.section)
        return articles.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        context["sections"] = Section.objects.all()
        return context


class SectionView(TimelineView):
    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)


class ArticleView(DetailView):
    template_name = "articles/article.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.select_related("section").prefetch_related("photos", "authors")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            return redirect(self.object, permanent=True)
        context = self.get_context_data(object=self.object)
        context["sections"] = Section.objects.all()
        return self.render_to_response(context)
