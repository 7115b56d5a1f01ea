"""What the demo shoppers and coordinator write: comments, reasons, scenarios and notes.

Comments are in the chain's language. Long ones (40+ characters) are used once each, so only
the comment copied on purpose trips the `copied_comment` flag.
"""

COMMENTS = {
    "da": {
        "greeted": {
            "bad": [
                "Baristaen var i gang med at tømme opvaskeren og så først op efter et minut.",
                "Ingen sagde hej, før jeg selv tog ordet ved kassen.",
                "To medarbejdere snakkede sammen og lagde ikke mærke til mig.",
                "Ingen hilsen.",
            ],
            "good": ["Mødt med et smil med det samme.", "Straks et venligt hej."],
        },
        "friendly": {
            "bad": [
                "Medarbejderen virkede stresset og svarede kort på mine spørgsmål om bønnerne.",
                "Lidt kort for hovedet ved kassen.",
                "Fik ikke et tak, da jeg betalte.",
            ],
            "good": [
                "Meget venlig barista, der fortalte om dagens filterkaffe fra Etiopien.",
                "Hyggelig og imødekommende.",
                "Baristaen huskede at spørge, om jeg ville have det med.",
            ],
        },
        "upsell": {
            "bad": ["Der blev ikke nævnt noget om bagværk eller tilbud.", "Intet mersalg."],
            "good": ["Foreslog en kanelsnegl til kaffen.", "Nævnte dagens tilbud på croissant."],
        },
        "tables_dirty": {
            "bad": [
                "Tre borde ved vinduet stod med brugte kopper under hele besøget.",
                "Krummer og kaffepletter på flere borde.",
                "Bordet ved døren var klistret.",
            ],
            "good": ["Alle borde var tørret af."],
        },
        "toilet_clean": {
            "bad": ["Der manglede papir, og skraldespanden var fuld.", "Ingen sæbe."],
            "good": ["Pænt og rent toilet."],
        },
        "counter_clean": {
            "bad": [
                "Mælkestationen var klistret, og der lå brugte omrørere overalt.",
                "Spildt mælk ved kassen.",
            ],
            "good": ["Disken var ryddelig og ren."],
        },
        "pastry_display": {
            "bad": [
                "Kun tre slags bagværk tilbage allerede ved middagstid.",
                "Montren var halvtom, og flere prisskilte manglede.",
                "Næsten tom montre.",
            ],
            "good": ["Flot og fyldt montre."],
        },
        "menu_items": {"bad": ["Chai latte var udsolgt.", "Ingen havrecortado i dag."]},
        "plant_milk": {"good": ["Havremælk blev tilbudt, uden at jeg spurgte."]},
        "queue_time": {
            "bad": [
                "Lang kø ved kassen og kun én medarbejder bag disken i frokostpausen.",
                "Køen gik helt ud til døren.",
            ],
            "good": ["Ingen kø."],
        },
        "drink_time": {
            "bad": [
                "Ventede længe på min cappuccino, fordi en stor bestilling blev lavet først.",
                "Lang ventetid på drikken.",
            ]
        },
        "ease": {"bad": ["Kortterminalen virkede ikke i første forsøg."]},
        "mood": {"good": ["Rar stemning og god musik."], "bad": ["Larmende og rodet."]},
    },
    "sv": {
        "greeted": {
            "bad": [
                "Kassören pratade med en kollega hela tiden och hälsade inte på mig.",
                "Ingen hälsning i kassan.",
            ],
            "good": ["Glad hälsning direkt i kassan.", "Hälsade med ett leende."],
        },
        "help_find": {
            "bad": [
                "Medarbetaren visste inte var kikärtorna fanns och hänvisade till en kollega.",
                "Fick bara ett kort svar: titta längre bort.",
            ],
            "good": [
                "Följde med mig hela vägen till hyllan och tipsade om ett erbjudande.",
                "Mycket hjälpsam personal.",
            ],
        },
        "friendly": {
            "bad": ["Lite stressat bemötande i kassan.", "Ingen ögonkontakt alls."],
            "good": ["Mycket trevlig personal vid frukt och grönt.", "Vänligt och lugnt."],
        },
        "floor_litter": {
            "bad": [
                "Krossade vindruvor låg på golvet vid frukt och grönt under hela besöket.",
                "Spill vid mejerikylen.",
                "Kartongrester i gången med torrvaror.",
            ],
        },
        "trolleys": {"bad": ["Flera kundkorgar hade gamla kvitton och smuts i botten."]},
        "produce_fresh": {
            "bad": ["Bananerna var bruna och salladen såg slokig ut.", "Mjuka tomater."],
            "good": ["Fina, fräscha grönsaker.", "Snyggt exponerad frukt."],
        },
        "empty_shelves": {
            "bad": [
                "Tomma platser för havregryn och pasta i torrvarugången.",
                "Flera luckor på hyllan med konserver.",
            ],
        },
        "bread": {"bad": ["Nästan inget bröd kvar på eftermiddagen.", "Bara rostbröd kvar."]},
        "price_tags": {"bad": ["Prislappar saknades på tre konserver i den kontrollerade hyllan."]},
        "checkout_queue": {
            "bad": [
                "Bara en kassa öppen trots att kön ringlade sig in bland hyllorna.",
                "Lång kö, ingen extra kassa öppnades.",
            ],
            "good": ["Nästan ingen kö."],
        },
        "ease": {"bad": ["Självscanningen krånglade och ingen personal fanns i närheten."]},
        "mood": {"good": ["Trevlig stämning i butiken."], "bad": ["Stökigt och stressigt."]},
    },
}

RECOMMEND_WHY = {
    "da": [
        "Køen var for lang, og kaffen var lunken.",
        "Personalet virkede uinteresseret.",
        "Beskidte borde trækker ned.",
        "For dyrt i forhold til kvaliteten.",
        "Det tog for lang tid at få kaffen.",
        "Halvtom montre og rodet disk.",
    ],
    "sv": [
        "För lång kö i kassan.",
        "Tomma hyllor och skräp på golvet.",
        "Personalen kunde inte hjälpa mig.",
        "Frukten såg inte fräsch ut.",
        "Dyrare än butiken runt hörnet.",
        "Stressig stämning.",
    ],
}

# The comment a shopper pastes into a second visit (it trips `copied_comment` there).
COPIED_COMMENT = (
    "Personalet var venligt, men der gik lang tid, før nogen tog imod min bestilling, "
    "og flere borde stod uryddede."
)

SCENARIOS = {
    "da": (
        "Bestil en cappuccino og et stykke bagværk ved disken, og sæt dig i caféen i mindst "
        "10 minutter. Spørg baristaen, hvilken filterkaffe de anbefaler i dag."
    ),
    "da-campaign": (
        "Sæsonkampagne: bestil sæsonens drik og spørg, om der er et tilbud på kanelsnegle. "
        "Notér om kampagneplakaten hænger ved kassen."
    ),
    "sv": (
        "Handla tre varor från frukt och grönt och ett bröd. Fråga en medarbetare var torkade "
        "kikärtor finns, och betala i en bemannad kassa."
    ),
}

RECEIPT_LINES = {
    "da": [("Cappuccino", "42,00"), ("Kanelsnegl", "32,00"), ("Filterkaffe", "30,00"),
           ("Croissant", "28,00"), ("Chai latte", "46,00")],
    "sv": [("Bananer", "24,90"), ("Tomater", "32,50"), ("Surdegsbröd", "45,00"),
           ("Äpplen", "29,90"), ("Gurka", "14,90"), ("Havregryn", "21,50")],
}  # fmt: skip

SECTION_SIGNS = ["Frukt & grönt", "Grönsaker", "Frukt", "Säsong", "Ekologiskt"]
