"""Netiquette checks on message texts (MDG rules: no ALL CAPS, no "!!!" / "¿???").

Pure functions, so the same rules apply to portal posts, e-mails and agents' replies, and are
tested without a database.
"""

import re
import unicodedata

import lxml.html

from odoo.tools import is_html_empty

# Capitals are counted in words of this length or more: acronyms ("RFC", "SAT", "CFDI") are not
# shouting; below CAPS_MIN_LETTERS such letters, a capitalised text is a word or two, not a tone.
CAPS_WORD_LENGTH = 5
CAPS_MIN_LETTERS = 12
CAPS_MIN_RATIO = 0.7
# Four capitalised words in a row shout even inside a calm message ("NO HE RECIBIDO NADA").
CAPS_RUN_WORDS = 4
_WORD = re.compile(r"[^\W\d_]+")  # letters only: "KAHO641101B39" is not a word in capitals
# "!!!", "???", "¡¡¡", "¿¿¿" and their mixes ("¡!!!", "¿???", "?!?").
_PUNCTUATION_RUN = re.compile(r"[!?¡¿]{3,}")
# Accents go, but "ñ" stays a letter of its own: "año" is not "ano", "coño" is not "cono".
_ACCENTS = re.compile(r"(?<!n)\u0303|[\u0300-\u0302\u0304-\u036f]")


def is_shouting(text):
    """Whether ``text`` reads as shouting: mostly capitals, capitalised words in a row, or a run
    of exclamation / question marks."""
    if not text:
        return False
    if _PUNCTUATION_RUN.search(text):
        return True
    words = _WORD.findall(text)
    run = 0
    for word in words:
        run = run + 1 if len(word) > 1 and word.isupper() else 0
        if run >= CAPS_RUN_WORDS:
            return True
    words = [word for word in words if len(word) >= CAPS_WORD_LENGTH]
    letters = sum(len(word) for word in words)
    if letters < CAPS_MIN_LETTERS:
        return False
    upper = sum(1 for word in words for char in word if char.isupper())
    return upper / letters >= CAPS_MIN_RATIO


def normalize(text):
    """Lower case without accents (but keeping "ñ"), for accent- and case-insensitive matching."""
    decomposed = unicodedata.normalize("NFD", (text or "").casefold())
    return unicodedata.normalize("NFC", _ACCENTS.sub("", decomposed))


def parse_words(words):
    """The normalized, distinct entries of a comma-separated list (a word or a phrase each)."""
    entries = (" ".join(normalize(word).split()) for word in (words or "").split(","))
    return sorted({entry for entry in entries if entry})


def find_words(text, words):
    """The entries of ``words`` (already normalized) that occur in ``text`` as whole words."""
    if not text or not words:
        return []
    haystack = " ".join(normalize(text).split())
    return [word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", haystack)]


def message_text(html):
    """What the author wrote in a message body: plain text, without the quoted replies."""
    if not html or is_html_empty(html):
        return ""
    tree = lxml.html.fragment_fromstring(str(html), create_parent="div")
    for quote in tree.xpath("//*[@data-o-mail-quote or self::blockquote]"):
        quote.drop_tree()
    return tree.text_content()
