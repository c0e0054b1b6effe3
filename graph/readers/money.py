"""Ad spend as disclosed: the figure, its currency, whether approximate, and the currencies paid in.

The currency of the figure is its symbol or code ("$300" -> USD, "€2,000" -> EUR, "PLN 500");
"paid for mostly in Polish zlotys and US Dollars" lists what was paid in, not the currency of the
figure. "did not run ads" / "no ad spend" is an amount of 0.

>>> ad_spend("Network operators engaged in around $300 in spending for ads on Facebook and Instagram, "
...          "paid for mostly in US Dollars.").as_dict()
{'amount': 300, 'currency': 'USD', 'approximate': True, 'paid_in': ['USD']}
>>> ad_spend("around $1800 in spending for ads, paid for mostly in Polish zlotys and US Dollars").paid_in
('PLN', 'USD')
>>> ad_spend("The network did not engage in paid advertising.").as_dict()
{'amount': 0, 'currency': None, 'approximate': False, 'paid_in': []}
>>> ad_spend("We did not find any ad spend by this network.").amount
0
>>> ad_spend("We found no evidence of paid advertising.").amount
0
>>> ad_spend("We removed 3 Pages.") is None
True
"""

from __future__ import annotations

import re

from cio_graph.graph.readers.types import AdSpend

__all__ = ["CURRENCIES", "ad_spend", "currency_of"]

# How reports name currencies -> ISO 4217 code (casefolded, singular or plural as written).
CURRENCIES: dict[str, str] = {
    "us dollar": "USD",
    "u.s. dollar": "USD",
    "united states dollar": "USD",
    "american dollar": "USD",
    "dollar": "USD",
    "usd": "USD",
    "euro": "EUR",
    "eur": "EUR",
    "british pound": "GBP",
    "pound sterling": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "gbp": "GBP",
    "polish zloty": "PLN",
    "zloty": "PLN",
    "zlotys": "PLN",
    "pln": "PLN",
    "indian rupee": "INR",
    "inr": "INR",
    "russian ruble": "RUB",
    "russian rouble": "RUB",
    "ruble": "RUB",
    "rouble": "RUB",
    "rub": "RUB",
    "south african rand": "ZAR",
    "rand": "ZAR",
    "zar": "ZAR",
    "nigerian naira": "NGN",
    "naira": "NGN",
    "ngn": "NGN",
    "brazilian real": "BRL",
    "brazilian reais": "BRL",
    "reais": "BRL",
    "brl": "BRL",
    "mexican peso": "MXN",
    "philippine peso": "PHP",
    "colombian peso": "COP",
    "argentine peso": "ARS",
    "chilean peso": "CLP",
    "turkish lira": "TRY",
    "lira": "TRY",
    "ukrainian hryvnia": "UAH",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "israeli shekel": "ILS",
    "shekel": "ILS",
    "new israeli shekel": "ILS",
    "uae dirham": "AED",
    "emirati dirham": "AED",
    "saudi riyal": "SAR",
    "egyptian pound": "EGP",
    "pakistani rupee": "PKR",
    "bangladeshi taka": "BDT",
    "taka": "BDT",
    "indonesian rupiah": "IDR",
    "rupiah": "IDR",
    "thai baht": "THB",
    "baht": "THB",
    "vietnamese dong": "VND",
    "chinese yuan": "CNY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "japanese yen": "JPY",
    "yen": "JPY",
    "south korean won": "KRW",
    "korean won": "KRW",
    "canadian dollar": "CAD",
    "australian dollar": "AUD",
    "new zealand dollar": "NZD",
    "swiss franc": "CHF",
    "cfa franc": "XOF",
    "west african cfa franc": "XOF",
    "central african cfa franc": "XAF",
    "kenyan shilling": "KES",
    "ugandan shilling": "UGX",
    "tanzanian shilling": "TZS",
    "ghanaian cedi": "GHS",
    "cedi": "GHS",
    "moroccan dirham": "MAD",
    "algerian dinar": "DZD",
    "tunisian dinar": "TND",
    "iraqi dinar": "IQD",
    "kazakhstani tenge": "KZT",
    "tenge": "KZT",
    "georgian lari": "GEL",
    "lari": "GEL",
    "armenian dram": "AMD",
    "azerbaijani manat": "AZN",
    "belarusian ruble": "BYN",
    "moldovan lei": "MDL",
    "moldovan leu": "MDL",
    "romanian lei": "RON",
    "romanian leu": "RON",
    "hungarian forint": "HUF",
    "forint": "HUF",
    "czech koruna": "CZK",
    "serbian dinar": "RSD",
    "peruvian sol": "PEN",
    "malaysian ringgit": "MYR",
    "ringgit": "MYR",
    "singapore dollar": "SGD",
    "hong kong dollar": "HKD",
    "taiwan dollar": "TWD",
    "new taiwan dollar": "TWD",
    "taiwan new dollar": "TWD",
    "taiwanese dollar": "TWD",
    "sri lankan rupee": "LKR",
    "nepalese rupee": "NPR",
    "ethiopian birr": "ETB",
    "birr": "ETB",
    "sudanese pound": "SDG",
    "venezuelan bolivar": "VES",
    "bolivar": "VES",
    "kuwaiti dinar": "KWD",
    "qatari riyal": "QAR",
    "jordanian dinar": "JOD",
    "lebanese pound": "LBP",
    "afghan afghani": "AFN",
    "iranian rial": "IRR",
    "rial": "IRR",
}
_SYMBOLS = {
    "us$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "₽": "RUB",
    "₴": "UAH",
    "₪": "ILS",
    "₦": "NGN",
    "c$": "CAD",
    "ca$": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "r$": "BRL",
    "zł": "PLN",
    "¥": "JPY",
    "₩": "KRW",
    "₺": "TRY",
    "₱": "PHP",
    "₫": "VND",
}


def currency_of(name: str) -> str | None:
    """The ISO code of a currency as named ("Polish zlotys" -> "PLN"), or None.

    >>> currency_of("South African Rands"), currency_of("US dollars"), currency_of("euros"), currency_of("tea")
    ('ZAR', 'USD', 'EUR', None)
    """
    name = " ".join(name.casefold().split()).strip(" .,")
    for candidate in (name, name.removesuffix("s"), name.removesuffix("es"), re.sub(r"s\b", "", name)):
        if candidate in CURRENCIES:
            return CURRENCIES[candidate]
    return None


_APPROX = (
    r"(?P<approx>about|around|approximately|roughly|nearly|almost|some|over|more\s+than|less\s+than|"
    r"under|up\s+to|just\s+over|just\s+under|an\s+estimated|estimated|~)?\s*"
)
_AMOUNT = r"(?P<amount>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<scale>million|thousand|k|m)\b)?"
_SYMBOL = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_CODE = r"(?P<code>[A-Z]{3})"
_SPEND_CONTEXT = re.compile(r"spen[dt]|spending|ads?\b|advertis", re.I)
_FIGURES = (
    re.compile(_APPROX + rf"(?P<symbol>{_SYMBOL})\s?" + _AMOUNT, re.I),
    re.compile(_APPROX + _CODE + r"\s?" + _AMOUNT),
    re.compile(_APPROX + _AMOUNT + r"\s+(?P<name>[A-Za-z.]+(?:\s+[A-Za-z]+){0,2})"),
)
_NO_ADS = re.compile(
    r"\b(?:did\s+not|didn[’']t|does\s+not|do\s+not|never)\s+(?:\w+\s+){0,2}?(?:run|buy|purchase|use|engage\s+in|"
    r"spend|pay\s+for|place|find|see|identify|observe|detect)\s+(?:\w+\s+){0,2}?(?:ads|adverts|advertising|"
    r"advertisements|money\s+on\s+ads|ad\s+spend(?:ing)?|spending\s+on\s+(?:ads|advertising))|"
    r"\bno\s+(?:ad|advertising)\s+spend|\bno\s+(?:money|funds)\s+(?:was\s+)?spent\s+on\s+(?:ads|advertising)|"
    r"\bspent\s+no\s+(?:money|funds)\s+on\s+(?:ads|advertising)|\bno\s+evidence\s+of\s+(?:any\s+)?(?:paid\s+)?"
    r"(?:ads|advertising|ad\s+spend)|\bno\s+(?:paid\s+)?(?:ads|advertising)\b",
    re.I,
)
_PAID_IN = re.compile(
    r"\bpaid\s+(?:for\s+)?(?:\w+ly\s+)?in\s+(?P<list>[^.;]+?)(?=[.;]|,\s+(?:to|and\s+(?:to|the|we|it))\b|\s+to\s|$)",
    re.I,
)


def _amount(match: re.Match) -> float | int:
    value = float(match.group("amount").replace(",", ""))
    scale = (match.group("scale") or "").casefold()
    value *= {"million": 1_000_000, "m": 1_000_000, "thousand": 1000, "k": 1000}.get(scale, 1)
    return int(value) if value == int(value) else value


def _paid_in(text: str) -> tuple[str, ...]:
    codes: list[str] = []
    for match in _PAID_IN.finditer(text):
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+or\s+", match.group("list")):
            code = currency_of(part)
            if code and code not in codes:
                codes.append(code)
    return tuple(codes)


def ad_spend(text: str) -> AdSpend | None:
    """The ad spend the text states, or None when it says nothing of ads' cost."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    for position, sentence in enumerate(sentences):
        if not _SPEND_CONTEXT.search(sentence):
            continue
        if _NO_ADS.search(sentence):
            return AdSpend(0, None, False, ())
        for pattern in _FIGURES:
            for match in pattern.finditer(sentence):
                groups = match.groupdict()
                currency: str | None
                if groups.get("symbol"):
                    currency = _SYMBOLS[groups["symbol"].casefold()]
                elif groups.get("code"):
                    currency = CURRENCIES.get(groups["code"].casefold())
                else:
                    words = (groups.get("name") or "").split()
                    currency = next(
                        (c for n in range(len(words), 0, -1) if (c := currency_of(" ".join(words[:n])))), None
                    )
                if currency is None:
                    continue
                paid = _paid_in(sentence) or _paid_in(" ".join(sentences[position + 1 : position + 2]))
                return AdSpend(_amount(match), currency, bool(match.group("approx")), paid)
    return None
