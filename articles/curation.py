"""Sections as editors curate them: a source's label to a section, aliases, merges, the newsroom's own sections.

    section_for("Politik", title=...)       # the section an article with this label goes to, or None
    merge([politics, politik], politique)   # the articles follow; the labels become aliases
    map_label("news_politics", politique)   # an alias: articles with that label follow, now and later
    make_house(["Liban", "Diplomatie"])     # the newsroom's own sections: in the bar
    clean_sections()                        # an existing database: names decoded, non-sections removed

Each function also takes `apps` (a data migration's historical models); the default is the app's.
"""

from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from articles.sections import clean_label, house_name, label_key, read_label, section_slug

MAX_NAME = 100  # Section.name, SectionAlias.label


class _Models:
    def __init__(self, apps):
        apps = apps or django_apps
        self.Section = apps.get_model("articles", "Section")
        self.Alias = apps.get_model("articles", "SectionAlias")
        self.Article = apps.get_model("articles", "Article")
        # What else points at a section: an import's imposed section, a followed source's default.
        self.others = [apps.get_model("articles", "ImportJob"), apps.get_model("articles", "Source")]


def section_for(label, *, title="", apps=None, read=None):
    """The section for an article whose source gives `label`: an editor's alias first, then an
    existing section, then the newsroom's own (from the vocabulary), then a new section of the
    sources (not in the bar). None when the label is not a section (articles.sections.read_label).
    `read`: a SectionReads of the labels of many articles, in the same transaction."""
    m = _Models(apps)
    name = clean_label(label)[:MAX_NAME]
    if not name:
        return None
    found = _known(m, name, read)
    if found:
        return found
    reading = read_label(name, title=title)
    if reading.refused:
        return None
    for candidate in reading.names:
        found = _known(m, candidate, read) or _house(m, candidate, read)
        if found:
            return found
    return _find_or_create(m, reading.names[0][:MAX_NAME], house=False, read=read)


class SectionReads:
    """What section_for() reads of the names of many labels, read in two queries rather than two or
    more a label (a batch of articles: articles.pipeline.batches); the same answers as the queries,
    for use in one transaction. A name not among them is looked up as usual, and so is one that both
    a section read and one created since would answer (the database's order decides)."""

    def __init__(self, labels, *, apps=None):
        m = _Models(apps)
        names = {name for name in (clean_label(label)[:MAX_NAME] for label in labels) if name}
        self.keys = {label_key(name) for name in names}
        aliases = m.Alias.objects.filter(key__in=self.keys).select_related("section")
        self.aliases = {alias.key: alias.section for alias in aliases}
        self.names = names
        slugs = {section_slug(name) for name in names}
        # In the model's order, as _by_name's first() reads them.
        self.sections = list(m.Section.objects.filter(Q(name__in=names) | Q(slug__in=slugs)))
        self.created = []

    def alias(self, key):
        """(True, the section of the alias `key` or None), or (False, None) when `key` was not read."""
        return (True, self.aliases.get(key)) if key in self.keys else (False, None)

    def by_name(self, name):
        """(True, the first section named `name` or slugged as it, or None), or (False, None) when not read."""
        if name not in self.names:
            return False, None
        slug = section_slug(name)
        found = [s for s in self.sections if s.name == name or s.slug == slug][:1]
        found += [s for s in self.created if s.name == name or s.slug == slug]
        return (True, found[0] if found else None) if len(found) < 2 else (False, None)


def merge(sections, into, *, apps=None):
    """Move every article of `sections` into `into`, keep their names as aliases, delete them; articles moved."""
    m = _Models(apps)
    moved = 0
    with transaction.atomic():
        for section in sections:
            if section.pk == into.pk:
                continue
            moved += _move(m, m.Article.objects.filter(section=section), into)
            m.Alias.objects.filter(section=section).update(section=into)
            for model in m.others:
                model.objects.filter(section=section).update(section=into)
            _alias(m, section.name, into)
            section.delete()
    return moved


def map_label(label, section, *, apps=None):
    """Send a source's label to `section`: a section of that name merges in, articles with it follow."""
    m = _Models(apps)
    key = label_key(label)
    with transaction.atomic():
        same = [s for s in m.Section.objects.exclude(pk=section.pk) if label_key(s.name) == key]
        moved = merge(same, section, apps=apps)
        _alias(m, label, section)
        labels = [value for value in _labels(m) if label_key(value) == key]
        moved += _move(m, m.Article.objects.filter(section_label__in=labels).exclude(section=section), section)
    return moved


def make_house(names, *, apps=None):
    """The newsroom's own sections, in the bar: found (or created) by name and marked so.

    One an editor has hidden stays hidden (`make run` says this of the demo's sections each time).
    """
    m = _Models(apps)
    sections = []
    for name in names:
        section = section_for(name, apps=apps) or _find_or_create(m, clean_label(name)[:MAX_NAME], house=True)
        if not section.house:
            section.house = True
            section.save(update_fields=["house"])
        sections.append(section)
    return sections


def clean_sections(*, apps=None, report=None):
    """Existing sections made what ingestion now makes: names decoded, slugs transliterated,
    non-sections removed (their articles keep their label, without a section), labels that
    mean the same section merged. A section stays in the bar if it is the newsroom's own
    (vocabulary) or an editor placed it (position changed). `report(section name, outcome)`."""
    m = _Models(apps)
    report = report or (lambda name, outcome: None)
    with transaction.atomic():
        _keep_labels(m)
        for section in list(m.Section.objects.order_by("pk")):
            outcome = _clean(m, section)
            if outcome:
                report(section.name, outcome)


def _clean(m, section):
    reading = read_label(section.name)
    if reading.refused:
        m.Article.objects.filter(section=section).update(section=None, updated_at=timezone.now())
        section.delete()
        return f"refusée ({reading.refused})"
    house = next((house_name(name) for name in reading.names if house_name(name)), "")
    name = (house or reading.names[0])[:MAX_NAME]
    target = _by_name(m, name, exclude=section)
    if target:
        merge([section], target, apps=_apps_of(m))
        return f"fusionnée dans « {target.name} »"
    was = (section.name, section.slug, section.house)
    section.name, section.slug = name, section_slug(name)
    section.house = bool(house) or section.position != m.Section._meta.get_field("position").default
    section.save()
    if was != (section.name, section.slug, section.house):
        return f"→ « {section.name} » ({section.slug}){'' if section.house else ', hors de la barre'}"
    return ""


def _known(m, name, read=None):
    """The section an editor's alias or an existing section gives this name, or None."""
    key = label_key(name)
    done, section = read.alias(key) if read else (False, None)
    if not done:
        alias = m.Alias.objects.filter(key=key).select_related("section").first()
        section = alias.section if alias else None
    return section or _by_name(m, name, read=read)


def _house(m, name, read=None):
    house = house_name(name)
    if not house:
        return None
    return _known(m, house, read) or _find_or_create(m, house, house=True, read=read)


def _by_name(m, name, exclude=None, read=None):
    done, section = read.by_name(name) if read and exclude is None else (False, None)
    if done:
        return section
    found = m.Section.objects.filter(Q(name=name) | Q(slug=section_slug(name)))
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.first()


def _find_or_create(m, name, *, house, read=None):
    slug = section_slug(name)
    if not slug:
        return None
    found = _by_name(m, name, read=read)
    if found:
        return found
    try:
        with transaction.atomic():
            section = m.Section.objects.create(name=name, slug=slug, house=house)
    except IntegrityError:
        # Another import created it since it was read (PostgreSQL: its insert waited for that one's
        # commit): that section, read again; the article's transaction goes on.
        section = _by_name(m, name)
        if section is None:
            raise
    if read:
        read.created.append(section)  # it may be another name's answer
    return section


def _alias(m, label, section):
    label = clean_label(label)[:MAX_NAME]
    key = label_key(label)[:MAX_NAME]
    if key:
        m.Alias.objects.update_or_create(key=key, defaults={"label": label, "section": section})


def _move(m, articles, section):
    # updated_at changes too: cached article pages are keyed by it, and must show the new section.
    return articles.update(section=section, updated_at=timezone.now())


def _labels(m):
    return m.Article.objects.exclude(section_label="").values_list("section_label", flat=True).distinct()


def _keep_labels(m):
    """Articles written before labels were kept: their section's name is the label they came with."""
    for section in m.Section.objects.all():
        m.Article.objects.filter(section=section, section_label="").update(section_label=section.name[:MAX_NAME])


def _apps_of(m):
    return m.Section._meta.apps
