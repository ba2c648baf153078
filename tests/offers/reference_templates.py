"""The templates offers/offer_html.py and offers/list_html.py replaced, to compare with.

They live in tests/offers/templates/ (the article, the card and its includes, the filter form's
loop), outside the site's template directories: this engine, with the libraries they load, is
the only one that finds them.
"""

from pathlib import Path

from django.template import Context, Engine

DIRECTORY = Path(__file__).parent / "templates"
ENGINE = Engine(
    dirs=[DIRECTORY],
    libraries={"i18n": "django.templatetags.i18n", "offers": "offers.templatetags.offers"},
)


def render(name: str, context: dict, *, strip_final_newline: bool = False) -> str:
    source = (DIRECTORY / name).read_text()
    if strip_final_newline:
        source = source.removesuffix("\n")
    return ENGINE.from_string(source).render(Context(context))
