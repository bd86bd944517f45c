"""The country list of the profile editors: names as BeatPass stores them, ISO codes, flags.

``profile.country`` holds the country **name** (API.md U2/R2), so the editors offer these
names, accept a few common aliases and codes when typing ("USA", "uk", "Czech Republic"),
and always store the canonical name. Pure data and lookups (stdlib only).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

_REGIONAL_A = 0x1F1E6


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, upper case
    name: str  # the name stored in profile.country

    @property
    def flag(self) -> str:
        return flag_emoji(self.code)


# ISO 3166-1 alpha-2 code and English short name, one "CODE Name" per entry.
_DATA = """
AF Afghanistan|AX Åland Islands|AL Albania|DZ Algeria|AS American Samoa|AD Andorra|AO Angola
AI Anguilla|AQ Antarctica|AG Antigua and Barbuda|AR Argentina|AM Armenia|AW Aruba|AU Australia
AT Austria|AZ Azerbaijan|BS Bahamas|BH Bahrain|BD Bangladesh|BB Barbados|BY Belarus|BE Belgium
BZ Belize|BJ Benin|BM Bermuda|BT Bhutan|BO Bolivia|BQ Caribbean Netherlands
BA Bosnia and Herzegovina|BW Botswana|BV Bouvet Island|BR Brazil
IO British Indian Ocean Territory|BN Brunei|BG Bulgaria|BF Burkina Faso|BI Burundi
CV Cape Verde|KH Cambodia|CM Cameroon|CA Canada|KY Cayman Islands|CF Central African Republic
TD Chad|CL Chile|CN China|CX Christmas Island|CC Cocos (Keeling) Islands|CO Colombia|KM Comoros
CG Congo|CD Democratic Republic of the Congo|CK Cook Islands|CR Costa Rica|CI Côte d'Ivoire
HR Croatia|CU Cuba|CW Curaçao|CY Cyprus|CZ Czechia|DK Denmark|DJ Djibouti|DM Dominica
DO Dominican Republic|EC Ecuador|EG Egypt|SV El Salvador|GQ Equatorial Guinea|ER Eritrea
EE Estonia|SZ Eswatini|ET Ethiopia|FK Falkland Islands|FO Faroe Islands|FJ Fiji|FI Finland
FR France|GF French Guiana|PF French Polynesia|TF French Southern Territories|GA Gabon|GM Gambia
GE Georgia|DE Germany|GH Ghana|GI Gibraltar|GR Greece|GL Greenland|GD Grenada|GP Guadeloupe
GU Guam|GT Guatemala|GG Guernsey|GN Guinea|GW Guinea-Bissau|GY Guyana|HT Haiti
HM Heard Island and McDonald Islands|VA Vatican City|HN Honduras|HK Hong Kong|HU Hungary
IS Iceland|IN India|ID Indonesia|IR Iran|IQ Iraq|IE Ireland|IM Isle of Man|IL Israel|IT Italy
JM Jamaica|JP Japan|JE Jersey|JO Jordan|KZ Kazakhstan|KE Kenya|KI Kiribati|KP North Korea
KR South Korea|KW Kuwait|KG Kyrgyzstan|LA Laos|LV Latvia|LB Lebanon|LS Lesotho|LR Liberia
LY Libya|LI Liechtenstein|LT Lithuania|LU Luxembourg|MO Macao|MG Madagascar|MW Malawi
MY Malaysia|MV Maldives|ML Mali|MT Malta|MH Marshall Islands|MQ Martinique|MR Mauritania
MU Mauritius|YT Mayotte|MX Mexico|FM Micronesia|MD Moldova|MC Monaco|MN Mongolia|ME Montenegro
MS Montserrat|MA Morocco|MZ Mozambique|MM Myanmar|NA Namibia|NR Nauru|NP Nepal|NL Netherlands
NC New Caledonia|NZ New Zealand|NI Nicaragua|NE Niger|NG Nigeria|NU Niue|NF Norfolk Island
MK North Macedonia|MP Northern Mariana Islands|NO Norway|OM Oman|PK Pakistan|PW Palau
PS Palestine|PA Panama|PG Papua New Guinea|PY Paraguay|PE Peru|PH Philippines|PN Pitcairn Islands
PL Poland|PT Portugal|PR Puerto Rico|QA Qatar|RE Réunion|RO Romania|RU Russia|RW Rwanda
BL Saint Barthélemy|SH Saint Helena|KN Saint Kitts and Nevis|LC Saint Lucia|MF Saint Martin
PM Saint Pierre and Miquelon|VC Saint Vincent and the Grenadines|WS Samoa|SM San Marino
ST São Tomé and Príncipe|SA Saudi Arabia|SN Senegal|RS Serbia|SC Seychelles|SL Sierra Leone
SG Singapore|SX Sint Maarten|SK Slovakia|SI Slovenia|SB Solomon Islands|SO Somalia
ZA South Africa|GS South Georgia and the South Sandwich Islands|SS South Sudan|ES Spain
LK Sri Lanka|SD Sudan|SR Suriname|SJ Svalbard and Jan Mayen|SE Sweden|CH Switzerland|SY Syria
TW Taiwan|TJ Tajikistan|TZ Tanzania|TH Thailand|TL Timor-Leste|TG Togo|TK Tokelau|TO Tonga
TT Trinidad and Tobago|TN Tunisia|TR Turkey|TM Turkmenistan|TC Turks and Caicos Islands
TV Tuvalu|UG Uganda|UA Ukraine|AE United Arab Emirates|GB United Kingdom|US United States
UM United States Minor Outlying Islands|UY Uruguay|UZ Uzbekistan|VU Vanuatu|VE Venezuela
VN Vietnam|VG British Virgin Islands|VI U.S. Virgin Islands|WF Wallis and Futuna
EH Western Sahara|YE Yemen|ZM Zambia|ZW Zimbabwe|XK Kosovo
"""

# Other names people type (or older lists used) for the same country.
_ALIASES = """
US USA|US United States of America|US America|US U.S.|GB UK|GB Great Britain|GB England
GB Scotland|GB Wales|GB Northern Ireland|CZ Czech Republic|CI Ivory Coast|TR Türkiye
RU Russian Federation|KR Korea|KR Republic of Korea|KR Korea, Republic of
KP Korea, Democratic People's Republic of|VN Viet Nam|IR Iran, Islamic Republic of
SY Syrian Arab Republic|LA Lao People's Democratic Republic|BO Bolivia, Plurinational State of
VE Venezuela, Bolivarian Republic of|TZ Tanzania, United Republic of|MD Moldova, Republic of
MK Macedonia|SZ Swaziland|CV Cabo Verde|TL East Timor|MM Burma|VA Holy See|CD DR Congo
CD Congo, Democratic Republic of the|CG Republic of the Congo|PS Palestine, State of
NL Holland|AE UAE|FM Micronesia, Federated States of|BN Brunei Darussalam|MO Macau
"""


def _entries(text: str) -> list[tuple[str, str]]:
    return [
        (entry[:2], entry[3:])
        for line in text.strip().splitlines()
        for entry in line.split("|")
        if entry.strip()
    ]


COUNTRIES: tuple[Country, ...] = tuple(
    sorted((Country(code, name) for code, name in _entries(_DATA)), key=lambda c: c.name.casefold())
)
_BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


_BY_NAME: dict[str, Country] = {
    **{_fold(name): _BY_CODE[code] for code, name in _entries(_ALIASES)},
    **{_fold(c.name): c for c in COUNTRIES},
}


def _plain(text: str) -> str:
    """Folded and without accents, for type-ahead ("cote" finds "Côte d'Ivoire")."""
    decomposed = unicodedata.normalize("NFKD", _fold(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _search_keys() -> dict[str, tuple[str, ...]]:
    """Each country's name and aliases, plain (made on the first type-ahead, not at import)."""
    keys = {c.code: [_plain(c.name)] for c in COUNTRIES}
    for code, name in _entries(_ALIASES):
        if code in keys:
            keys[code].append(_plain(name))
    return {code: tuple(names) for code, names in keys.items()}


def matches(country: Country, query: str) -> bool:
    """Type-ahead: ``query`` occurs in the country's name or an alias (case and accents
    ignored), or is its two-letter code. An empty query matches every country."""
    plain = _plain(query)
    if not plain:
        return True
    if len(plain) == 2 and plain.upper() == country.code:
        return True
    return any(plain in key for key in _search_keys().get(country.code, ()))


def names() -> list[str]:
    """Every country name, sorted as shown in the list."""
    return [c.name for c in COUNTRIES]


def by_code(code: str) -> Country | None:
    """The country of an ISO alpha-2 code (any case), None when unknown."""
    return _BY_CODE.get(code.strip().upper())


def lookup(text: str) -> Country | None:
    """The country a person means by ``text``: a name or alias (case and spacing ignored),
    or a two-letter code. None when it is not a country."""
    folded = _fold(text)
    if not folded:
        return None
    found = _BY_NAME.get(folded)
    if found is None and len(folded) == 2 and folded.isascii() and folded.isalpha():
        found = by_code(folded)
    return found


def canonical_name(text: str) -> str | None:
    """The stored name for ``text`` ("usa" → "United States"), None when not a country."""
    country = lookup(text)
    return country.name if country is not None else None


def flag_emoji(code: str) -> str:
    """The flag emoji of an ISO code: two regional-indicator symbols ("" when not a code)."""
    code = code.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return ""
    return "".join(chr(_REGIONAL_A + ord(c) - ord("A")) for c in code)


def flag_for(text: str) -> str:
    """The flag of a country name ("" when unknown)."""
    country = lookup(text)
    return country.flag if country is not None else ""
