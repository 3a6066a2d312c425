"""Text normalisation shared by names, communes and search."""

import re
import unicodedata

_SEPARATEURS = re.compile(r"[\s'\u2019\u2018`\-_.,;/()]+")


# Letters that do not decompose into a base letter and an accent.
_TRANSLITTERATIONS = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "`": "'",
        "\u02bc": "'",
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "\u0131": "i",
    }
)


def sans_accents(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte.translate(_TRANSLITTERATIONS))
    return "".join(c for c in decompose if not unicodedata.combining(c))


def majuscules_sans_accents(texte: str) -> str:
    """How names are stored (charte i-milo): `Lefèvre-Dupré` → `LEFEVRE-DUPRE`.

    Hyphens and apostrophes are kept, spaces collapsed.
    """
    texte = sans_accents(texte or "").upper()
    return " ".join(texte.split())


def cle_de_recherche(texte: str) -> str:
    """What search compares: upper case, no accents, any separator as one space."""
    texte = majuscules_sans_accents(texte)
    return " ".join(_SEPARATEURS.sub(" ", texte).split())
