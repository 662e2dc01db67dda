"""What people read: each error's code with its English (command line) and French (editors) wording, and the labels.

    raise FetchError("timeout", seconds=15)     # str(error): "timed out after 15 s"
    french(error)                                # "délai dépassé (15 s)"

An error carries a code and its parameters from where it is raised; the words live only here.
"""

import string

# code: (English, French). Fields: {seconds:g}; {limit:size} (bytes, shown as MB/Mo); {kind:a} (an
# address kind in English with its article, an input kind in French with its article);
# {kind:noun} and {kind:address} (an input kind, an address kind, in French).
MESSAGES = {
    # Fetching (articles.pipeline.fetching)
    "http_status": ("HTTP {status} {phrase}", "le serveur a répondu HTTP {status} {phrase}"),
    "not_a_page_type": ("not an HTML page (content type {type})", "pas une page HTML (type {type})"),
    "not_an_input_type": (
        "not an HTML page, feed or sitemap (content type {type})",
        "ni une page HTML, ni un flux, ni un sitemap (type {type})",
    ),
    "empty_response": ("empty response", "réponse vide"),
    "invalid_url": ("refused: invalid URL {url}", "adresse refusée : URL invalide {url}"),
    "scheme_refused": (
        "refused: only http and https URLs are fetched (unsupported URL scheme {scheme})",
        "adresse refusée : seules les URL http et https sont lues",
    ),
    "no_scheme": (
        "refused: only http and https URLs are fetched (no URL scheme)",
        "adresse refusée : seules les URL http et https sont lues",
    ),
    "redirect_scheme_refused": (
        "refused: redirect to {url} (unsupported URL scheme {scheme})",
        "redirection refusée vers {url} (schéma {scheme} : seules les URL http et https sont lues)",
    ),
    "redirect_no_scheme": (
        "refused: redirect to {url} (no URL scheme)",
        "redirection refusée vers {url} (adresse sans http ni https)",
    ),
    "no_host": ("refused: no host in {url}", "adresse refusée : pas de nom d'hôte dans {url}"),
    "host_not_found": ("host not found", "hôte introuvable"),
    "address_refused": (
        "refused: {host} is {kind:a} address",
        "adresse refusée : {host} n'est pas une adresse publique ({kind:address})",
    ),
    "resolution_refused": (
        "refused: {host} resolves to {address} ({kind})",
        "adresse refusée : {host} mène à {address}, adresse non publique ({kind:address})",
    ),
    "redirect_address_refused": (
        "refused: redirect to {url} ({kind} address)",
        "redirection refusée vers {url} (adresse non publique : {kind:address})",
    ),
    "redirect_resolution_refused": (
        "refused: redirect to {url} ({host} resolves to {address}, {kind:a} address)",
        "redirection refusée vers {url} ({host} mène à {address}, adresse non publique : {kind:address})",
    ),
    "redirect_without_location": (
        "HTTP {status} redirect without a Location",
        "redirection HTTP {status} sans adresse",
    ),
    "too_many_redirects": ("more than {count} redirects", "plus de {count} redirections"),
    "response_too_large": ("response larger than {limit:size}", "réponse trop volumineuse (plus de {limit:size})"),
    "connection_failed": ("connection failed", "connexion impossible"),
    "timeout": ("timed out after {seconds:g} s", "délai dépassé ({seconds:g} s)"),
    "tls_error": ("TLS error: {error}", "erreur TLS : {error}"),
    "invalid_compressed_response": ("invalid compressed response", "réponse compressée illisible"),
    "network_error": ("network error: {error}", "erreur réseau : {error}"),
    # Inputs and feeds (articles.pipeline.inputs, listing, ingestion, polling)
    "binary_content": ("binary content, not an HTML page", "contenu binaire ou illisible : pas une page HTML"),
    "unknown_content": ("not an HTML page, feed or sitemap", "ni une page HTML, ni un flux, ni un sitemap"),
    "invalid_gzip": ("invalid gzip data: {error}", "fichier gzip illisible : {error}"),
    "decompressed_too_large": (
        "content larger than {limit} bytes once decompressed",
        "fichier trop volumineux une fois décompressé (plus de {limit:size})",
    ),
    "no_such_path": ("no such file or directory", "fichier ou dossier introuvable"),
    "no_pages_in_directory": (
        "no .html or .htm files in this directory",
        "aucun fichier .html ou .htm dans ce dossier",
    ),
    "unreadable_file": ("cannot read the file: {error}", "fichier illisible : {error}"),
    "file_too_large": ("file larger than {limit} bytes", "fichier trop volumineux (plus de {limit:size})"),
    "empty_file": ("empty file", "fichier vide"),
    "malformed_listing": ("malformed {kind}: {error}", "{kind:noun} mal formé : {error}"),
    "empty_listing": ("empty {kind}", "{kind:noun} vide"),
    "index_too_deep": ("sitemap index nested too deep", "index de sitemaps imbriqués trop profondément"),
    "index_entry_not_sitemap": (
        "a sitemap index entry that is a {kind}, not a sitemap",
        "une entrée d'index de sitemaps qui est {kind:a}, pas un sitemap",
    ),
    "not_a_page": ("a {kind}, not an HTML page", "{kind:a}, pas une page HTML"),
    "page_not_listing": (
        "an HTML page, not a feed or sitemap: follow its feed instead",
        "une page HTML, ni un flux ni un sitemap : suivez plutôt le flux du site",
    ),
    "missing_address": (
        "the page does not give its address: give its original URL",
        "la page ne donne pas son adresse : indiquez son URL d'origine",
    ),
    # Extraction (articles.extraction)
    "empty_page": ("empty page", "page vide"),
    "binary_page": ("not an HTML page (binary data)", "pas une page HTML (données binaires)"),
    "no_markup": ("not an HTML page (no HTML markup)", "pas une page HTML (aucune balise HTML)"),
    "unparseable_markup": ("not an HTML page (unparseable markup)", "pas une page HTML (balisage illisible)"),
    "no_article_text": ("no article text found", "aucun texte d'article trouvé dans la page"),
    "extraction_timeout": (
        "extraction took longer than {seconds:g} s",
        "extraction trop longue (plus de {seconds:g} s)",
    ),
    "extraction_killed": (
        "extraction stuck for more than {seconds:g} s: its worker process was stopped and replaced",
        "extraction bloquée plus de {seconds:g} s : son processus a été arrêté et remplacé",
    ),
    "extraction_died": ("extraction process died", "le processus d'extraction s'est arrêté"),
    "extraction_crashed": ("extraction failed: {error}", "l'extraction a échoué : {error}"),
    # Writing (articles.pipeline.writing, ingestion)
    "url_too_long": ("URL longer than 2000 characters", "URL de plus de 2000 caractères"),
    "save_failed": ("could not save: {error}", "enregistrement impossible : {error}"),
    "no_raw_page": ("no stored page to extract again", "aucune page enregistrée à ré-extraire"),
    "update_refused": (
        "already in the newsroom: updating it needs the permission to change articles",
        "article déjà présent : le mettre à jour demande la permission de modifier les articles ; "
        "s'il a changé, il ne sera pas mis à jour",
    ),
    # Photos (articles.photos): the article goes in; the photo shows as its caption until stored
    "photo_not_an_image": ("not an image", "ce n'est pas une image"),
    "photo_svg": (
        "an SVG drawing, never shown as a photo (it may hold scripts)",
        "un dessin SVG, jamais affiché comme photo (il peut contenir des scripts)",
    ),
    "photo_corrupt": ("corrupt image: {error}", "image illisible : {error}"),
    "photo_truncated": ("truncated image (incomplete file)", "image tronquée (fichier incomplet)"),
    "photo_too_many_pixels": (
        "image of {megapixels} megapixels, more than the {limit} allowed (a decompression bomb)",
        "image de {megapixels} mégapixels, plus que les {limit} admis (bombe de décompression)",
    ),
    "photo_animated": (
        "animated image ({frames} frames), not a photo",
        "image animée ({frames} images), pas une photo",
    ),
    "photo_format_refused": (
        "{format} image: only JPEG, PNG, WebP and GIF are kept",
        "image {format} : seuls JPEG, PNG, WebP et GIF sont conservés",
    ),
    "photo_too_small": (
        "image of {width}×{height} pixels: a tracker or an icon",
        "image de {width}×{height} pixels : un pixel espion ou une icône",
    ),
    "photo_storage_failed": ("could not store the image: {error}", "enregistrement de l'image impossible : {error}"),
    # The admin's import jobs (articles.pipeline.jobs)
    "invalid_url_line": (
        "not an http or https URL",
        "URL invalide : seules les adresses http:// et https:// sont acceptées",
    ),
    "listed_twice": ("listed twice: imported once", "en double dans la liste : importée une seule fois"),
    "preview_failed": ("the preview failed: {error}", "La prévisualisation a échoué : {error}"),
    "import_stopped": ("the import stopped: {error}", "L'importation s'est arrêtée : {error}"),
}

# Labels: a result's status, counts of results, kinds of input and of refused address.
STATUS_LABELS = {
    "created": "créé",
    "updated": "mis à jour",
    "unchanged": "inchangé",
    "failed": "échec",
    "extracted": "prêt",
    "ignored": "ignoré",
}
COUNT_LABELS = {"created": "créés", "updated": "mis à jour", "unchanged": "inchangés", "failed": "en échec"}
INPUT_KINDS = {  # (noun, with its article)
    "html": ("page HTML", "une page HTML"),
    "feed": ("flux", "un flux"),
    "sitemap": ("sitemap", "un sitemap"),
    "sitemap index": ("index de sitemaps", "un index de sitemaps"),
}
ADDRESS_KINDS = {
    "unspecified": "adresse non spécifiée",
    "loopback": "boucle locale",
    "link-local": "lien local",
    "multicast": "multidiffusion",
    "reserved": "plage réservée",
    "private": "réseau privé",
    "site-local": "site local",
    "non-global": "hors de l'internet public",
}
NO_NEW_ARTICLE = "aucun nouvel article"
POLL_ERROR = "{url} : erreur — {error}"
POLL_NOT_MODIFIED = "{url} : inchangée (304)"
POLL_COUNTS = "{url} : {counts}"
POLL_FAILURES = "{count} en échec, dont {label} : {reason}"
POLL_POSTPONED = " ; {count} autres au prochain passage"


class CodedError(Exception):
    """An error people read: a code naming its wording in MESSAGES, and the parameters that fill it in.

    str() is the English, for the command line and logs; french() gives the editors' wording.
    """

    def __init__(self, code, **params):
        self.code, self.params = code, params
        super().__init__(english(code, **params))

    def __reduce__(self):
        # Picklable with its parameters: extraction errors cross a process pipe (extraction.worker).
        return _rebuild, (type(self), self.code, self.params)


def _rebuild(cls, code, params):
    return cls(code, **params)


class _Words(string.Formatter):
    """str.format with the field kinds of MESSAGES, in one language."""

    def __init__(self, language):
        self.language = language

    def format_field(self, value, spec):
        english = self.language == "en"
        if spec == "size":
            return _size(value, *(("MB", "bytes") if english else ("Mo", "octets")))
        if spec == "a" and english:
            return f"{'an' if str(value)[:1] in 'aeiou' else 'a'} {value}"
        if spec in ("a", "noun", "address") and english:
            return str(value)
        if spec in ("a", "noun"):
            noun, with_article = INPUT_KINDS.get(value, (value, value))
            return with_article if spec == "a" else noun
        if spec == "address":
            return ADDRESS_KINDS.get(value, value)
        return super().format_field(value, spec)


_ENGLISH, _FRENCH = _Words("en"), _Words("fr")


def english(code, **params):
    return _ENGLISH.format(MESSAGES[code][0], **params).strip()


def french_text(code, **params):
    return _FRENCH.format(MESSAGES[code][1], **params).strip()


def french(error):
    """An error's reason as editors read it: its code's French wording, else its own text."""
    if isinstance(error, CodedError):
        return french_text(error.code, **error.params)
    return str(error)


def french_stored(code, params):
    """The French words of a code kept in the database (Photo.error), the code itself if it has none now."""
    try:
        return french_text(code, **params)
    except (KeyError, IndexError):  # a code or parameters of another version
        return code


def describe_counts(counts):
    """{"created": 3, "failed": 1, …} as an editor reads it: "3 créés, 1 en échec"."""
    return ", ".join(f"{n} {COUNT_LABELS.get(status, status)}" for status, n in counts.items() if n) or NO_NEW_ARTICLE


def _size(n, megabytes, bytes_):
    return f"{n / 1024 / 1024:g} {megabytes}" if n >= 1024 * 1024 else f"{n} {bytes_}"
