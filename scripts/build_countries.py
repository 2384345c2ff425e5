"""Build src/whimbrel/data/actors/countries.yaml from pycountry plus hand-made aliases and demonyms.

Run once (output committed):  python scripts/build_countries.py
The hand data lives here, not in the YAML, so a rerun never loses it.
Conventions: an alias written in capitals (US, U.S., UK, UAE, DRC) is matched case-sensitively
by the loader, so the pronoun "us" never reads as the United States.
"""
from __future__ import annotations

from pathlib import Path

import pycountry
import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "whimbrel" / "data" / "actors" / "countries.yaml"

# ISO3 | canonical short name | extra aliases (;) | demonyms and adjectives (;)
HAND = """
AFG|Afghanistan||Afghan;Afghani
ALB|Albania||Albanian
DZA|Algeria||Algerian
FJI|Fiji||Fijian
AGO|Angola||Angolan
ARG|Argentina|the Argentine Republic|Argentine;Argentinian;Argentinean
ARM|Armenia||Armenian
AUS|Australia||Australian;Aussie
AUT|Austria||Austrian
AZE|Azerbaijan||Azerbaijani;Azeri
BHR|Bahrain||Bahraini
BGD|Bangladesh||Bangladeshi
BLR|Belarus|Byelorussia;Belorussia|Belarusian;Belarussian;Byelorussian
BEL|Belgium||Belgian
BEN|Benin||Beninese
BTN|Bhutan||Bhutanese
BOL|Bolivia||Bolivian
BIH|Bosnia and Herzegovina|Bosnia;Bosnia-Herzegovina|Bosnian;Bosnian Serb;Bosnian Serbs;Bosnian Croat;Bosnian Croats;Bosnian Muslim;Bosnian Muslims
BWA|Botswana||Botswanan;Motswana
BRA|Brazil||Brazilian
BRN|Brunei||Bruneian
BGR|Bulgaria||Bulgarian
BFA|Burkina Faso||Burkinabe
BDI|Burundi||Burundian
KHM|Cambodia||Cambodian;Khmer
CMR|Cameroon||Cameroonian
CAN|Canada||Canadian
CAF|Central African Republic|CAR|Central African
TCD|Chad||Chadian
CHL|Chile||Chilean
CHN|China|PRC;People's Republic of China;mainland China|Chinese
COL|Colombia||Colombian
COD|Democratic Republic of the Congo|DR Congo;DRC;Congo-Kinshasa;the Democratic Republic of Congo|Congolese
COG|Republic of the Congo|Congo-Brazzaville;Congo|
CRI|Costa Rica||Costa Rican
CIV|Ivory Coast|Cote d'Ivoire;Côte d'Ivoire|Ivorian
HRV|Croatia||Croatian;Croat
CUB|Cuba||Cuban
CYP|Cyprus||Cypriot
CZE|Czech Republic|Czechia|Czech
DNK|Denmark||Danish;Dane
DJI|Djibouti||Djiboutian
DOM|Dominican Republic||Dominican
ECU|Ecuador||Ecuadorian;Ecuadorean
EGY|Egypt||Egyptian
SLV|El Salvador||Salvadoran;Salvadorean
ERI|Eritrea||Eritrean
EST|Estonia||Estonian
ETH|Ethiopia||Ethiopian
FIN|Finland||Finnish;Finn
FRA|France|French Republic|French;Frenchman;Frenchwoman
GAB|Gabon||Gabonese
GMB|Gambia|The Gambia|Gambian
GEO|Georgia||Georgian
DEU|Germany|Federal Republic of Germany|German
GHA|Ghana||Ghanaian
GRC|Greece|Hellenic Republic|Greek
GTM|Guatemala||Guatemalan
GIN|Guinea||Guinean
HTI|Haiti||Haitian
HND|Honduras||Honduran
HUN|Hungary||Hungarian
ISL|Iceland||Icelandic;Icelander
IND|India|Bharat|Indian
IDN|Indonesia||Indonesian
IRN|Iran|Persia;Islamic Republic of Iran|Iranian;Persian
IRQ|Iraq||Iraqi
IRL|Ireland|Eire|Irish
ISR|Israel|State of Israel|Israeli
ITA|Italy||Italian
JAM|Jamaica||Jamaican
JPN|Japan||Japanese
JOR|Jordan||Jordanian
KAZ|Kazakhstan||Kazakh;Kazakhstani
KEN|Kenya||Kenyan
PRK|North Korea|DPRK;Democratic People's Republic of Korea|North Korean
KOR|South Korea|Republic of Korea;ROK|South Korean
KWT|Kuwait||Kuwaiti
KGZ|Kyrgyzstan|Kirghizia|Kyrgyz;Kyrgyzstani
LAO|Laos||Laotian;Lao
LVA|Latvia||Latvian
LBN|Lebanon||Lebanese
LBR|Liberia||Liberian
LBY|Libya||Libyan
LTU|Lithuania||Lithuanian
LUX|Luxembourg||Luxembourgish;Luxembourger
MDG|Madagascar||Malagasy
MWI|Malawi||Malawian
MYS|Malaysia||Malaysian
MDV|Maldives||Maldivian
MLI|Mali||Malian
MLT|Malta||Maltese
MRT|Mauritania||Mauritanian
MUS|Mauritius||Mauritian
MEX|Mexico||Mexican
MDA|Moldova||Moldovan
MNG|Mongolia||Mongolian
MNE|Montenegro||Montenegrin
MAR|Morocco||Moroccan
MOZ|Mozambique||Mozambican
MMR|Myanmar|Burma|Myanmarese;Burmese
NAM|Namibia||Namibian
NPL|Nepal||Nepalese;Nepali
NLD|Netherlands|Holland;the Netherlands|Dutch
NZL|New Zealand||New Zealander;Kiwi
NIC|Nicaragua||Nicaraguan
NER|Niger||Nigerien
NGA|Nigeria||Nigerian
MKD|North Macedonia|Macedonia|Macedonian;North Macedonian
NOR|Norway||Norwegian
OMN|Oman||Omani
PAK|Pakistan||Pakistani
PSE|Palestine|Palestinian territories;State of Palestine;Palestinian Authority|Palestinian
PAN|Panama||Panamanian
PNG|Papua New Guinea||Papua New Guinean
PRY|Paraguay||Paraguayan
PER|Peru||Peruvian
PHL|Philippines|the Philippines|Philippine;Filipino
POL|Poland||Polish;Pole
PRT|Portugal||Portuguese
QAT|Qatar||Qatari
ROU|Romania|Rumania|Romanian
RUS|Russia|Russian Federation|Russian
RWA|Rwanda||Rwandan
SAU|Saudi Arabia|KSA;the Kingdom of Saudi Arabia|Saudi;Saudi Arabian
SEN|Senegal||Senegalese
SRB|Serbia||Serbian;Serb
SLE|Sierra Leone||Sierra Leonean
SGP|Singapore||Singaporean
SVK|Slovakia||Slovak;Slovakian
SVN|Slovenia||Slovenian;Slovene
SOM|Somalia||Somali;Somalian
ZAF|South Africa||South African
SSD|South Sudan||South Sudanese
ESP|Spain||Spanish;Spaniard
LKA|Sri Lanka|Ceylon|Sri Lankan
SDN|Sudan||Sudanese
SWE|Sweden||Swedish;Swede
CHE|Switzerland||Swiss
SYR|Syria|Syrian Arab Republic|Syrian
TWN|Taiwan|Republic of China;Chinese Taipei|Taiwanese
TJK|Tajikistan||Tajik;Tajikistani
TZA|Tanzania||Tanzanian
THA|Thailand|Siam|Thai
TLS|East Timor|Timor-Leste|Timorese
TGO|Togo||Togolese
TTO|Trinidad and Tobago||Trinidadian
TUN|Tunisia||Tunisian
TUR|Turkey|Türkiye;Turkiye;Republic of Turkey|Turkish;Turk
TKM|Turkmenistan||Turkmen
UGA|Uganda||Ugandan
UKR|Ukraine|the Ukraine|Ukrainian
ARE|United Arab Emirates|UAE;the Emirates;the UAE|Emirati
GBR|United Kingdom|UK;U.K.;Britain;Great Britain;the UK;the U.K.;the United Kingdom|British;Briton;Brit;English;Scottish;Welsh
USA|United States|US;U.S.;USA;U.S.A.;America;the US;the U.S.;the USA;the United States;United States of America;the United States of America|American;US;U.S.
URY|Uruguay||Uruguayan
UZB|Uzbekistan||Uzbek;Uzbekistani
VEN|Venezuela||Venezuelan
VNM|Vietnam|Viet Nam|Vietnamese
YEM|Yemen||Yemeni
ZMB|Zambia||Zambian
ZWE|Zimbabwe||Zimbabwean
VAT|Vatican|Holy See;Vatican City;the Vatican|Vatican
"""

# Not in ISO 3166-1 but reported as an actor; XKX is the code the EU and IMF use.
EXTRA = [{"iso3": "XKX", "name": "Kosovo", "official_name": "Republic of Kosovo",
          "aliases": ["Kosovo"], "demonyms": ["Kosovar", "Kosovan", "Kosovars"]}]


def plural_demonyms(words: list[str]) -> list[str]:
    """'Russian' -> 'Russians', 'Israeli' -> 'Israelis'; -ese/-ish/-ch forms have no plural."""
    out = []
    for w in words:
        if w.endswith(("an", "i", "e", "k", "n", "t", "b", "o")) and w.isalpha() and not w.endswith("ese"):
            out.append(w + "s")
    return out


def parse_hand() -> dict[str, dict]:
    table = {}
    for line in HAND.strip().splitlines():
        iso3, name, aliases, demonyms = line.split("|")
        table[iso3] = {"name": name, "aliases": [a for a in aliases.split(";") if a],
                       "demonyms": [d for d in demonyms.split(";") if d]}
    return table


def country_record(c, hand: dict | None) -> dict:
    """One YAML entry: pycountry names as aliases, hand data on top."""
    names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
    canonical = hand["name"] if hand else (names[0] or c.name)
    aliases = [canonical] + [n for n in names if n] + (hand["aliases"] if hand else [])
    demonyms = hand["demonyms"] if hand else []
    demonyms = demonyms + [p for p in plural_demonyms(demonyms) if p not in demonyms]
    return {"iso3": c.alpha_3, "name": canonical,
            "official_name": getattr(c, "official_name", None) or c.name,
            "aliases": list(dict.fromkeys(aliases)), "demonyms": demonyms}


def main() -> None:
    hand = parse_hand()
    unknown = set(hand) - {c.alpha_3 for c in pycountry.countries}
    assert not unknown, f"hand table has codes pycountry lacks: {unknown}"
    rows = [country_record(c, hand.get(c.alpha_3)) for c in pycountry.countries] + EXTRA
    rows.sort(key=lambda r: r["iso3"])
    header = ("# Countries: ISO 3166-1 alpha-3, names from pycountry (LGPL data, iso-codes),\n"
              "# aliases and demonyms added by hand in scripts/build_countries.py. Regenerate with\n"
              "#   python scripts/build_countries.py\n"
              "# Aliases in capitals (US, U.S., UK) are matched case-sensitively.\n")
    OUT.write_text(header + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=110),
                   encoding="utf-8")
    print(f"wrote {len(rows)} countries ({sum(1 for r in rows if r['demonyms'])} with demonyms) to {OUT}")


if __name__ == "__main__":
    main()
