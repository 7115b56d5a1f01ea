"""Skafferiet's grocery store visit checklist."""

from mystery.demo.questions import (
    EASE,
    FRIENDLY,
    MOOD,
    RECEIPT,
    RECOMMEND,
    RECOMMEND_WHY,
    VISIT_DATE,
    option,
    t,
)


def store_visit():
    """The grocery checklist: service, cleanliness, availability, checkout wait."""
    return {
        "sections": [
            {
                "key": "visit",
                "title": t("About the visit", "Om besøget", "Om besöket"),
                "questions": [
                    VISIT_DATE,
                    {
                        "key": "visit_time",
                        "type": "time",
                        "required": True,
                        "text": t(
                            "Time you entered the store",
                            "Klokkeslæt, da du gik ind i butikken",
                            "Klockslag när du gick in i butiken",
                        ),
                    },
                    {
                        "key": "open_tills",
                        "type": "number",
                        "min": 0,
                        "max": 30,
                        "required": True,
                        "text": t(
                            "How many staffed tills were open?",
                            "Hvor mange bemandede kasser var åbne?",
                            "Hur många bemannade kassor var öppna?",
                        ),
                        "help": t(
                            "Count when you join the checkout queue; self-checkouts do not count.",
                            "Tæl, når du stiller dig i kø; selvbetjeningskasser tæller ikke med.",
                            "Räkna när du ställer dig i kön; självscanningskassor räknas inte.",
                        ),
                    },
                ],
            },
            {
                "key": "service",
                "title": t("Service quality", "Servicekvalitet", "Servicekvalitet"),
                "weight": 30,
                "questions": [
                    {
                        "key": "greeted",
                        "type": "yes_no",
                        "weight": 2,
                        "critical": True,
                        "text": t(
                            "Did the cashier greet you?",
                            "Hilste kassemedarbejderen på dig?",
                            "Hälsade kassapersonalen på dig?",
                        ),
                        "help": t(
                            "A spoken greeting or a clear nod with eye contact counts.",
                            "En hilsen eller et tydeligt nik med øjenkontakt tæller.",
                            "En hälsning eller en tydlig nick med ögonkontakt räknas.",
                        ),
                    },
                    {
                        "key": "help_find",
                        "type": "choice",
                        "weight": 3,
                        "text": t(
                            "You asked a member of staff where to find an item. What happened?",
                            "Du spurgte en medarbejder, hvor du kunne finde en vare. Hvad skete "
                            "der?",
                            "Du frågade en medarbetare var du hittar en vara. Vad hände?",
                        ),
                        "help": t(
                            "Ask for the item named in the scenario.",
                            "Spørg efter den vare, der står i scenariet.",
                            "Fråga efter varan som står i scenariot.",
                        ),
                        "options": [
                            option(
                                "walked",
                                1,
                                "They walked me to it",
                                "Medarbejderen fulgte mig derhen",
                                "Medarbetaren följde med mig dit",
                            ),
                            option(
                                "pointed",
                                0.6,
                                "They pointed or explained the way",
                                "Medarbejderen pegede eller forklarede vejen",
                                "Medarbetaren pekade eller förklarade vägen",
                            ),
                            option(
                                "unhelpful",
                                0,
                                "They could not help",
                                "Medarbejderen kunne ikke hjælpe",
                                "Medarbetaren kunde inte hjälpa till",
                            ),
                        ],
                    },
                    {**FRIENDLY, "weight": 2},
                    {
                        **MOOD,
                        "text": t(
                            "Your overall impression of the staff",
                            "Dit samlede indtryk af personalet",
                            "Ditt helhetsintryck av personalen",
                        ),
                    },
                ],
            },
            {
                "key": "cleanliness",
                "title": t("Cleanliness", "Renlighed", "Renlighet"),
                "weight": 25,
                "questions": [
                    {
                        "key": "floor_litter",
                        "type": "yes_no",
                        "pass_value": False,
                        "weight": 2,
                        "text": t(
                            "Was there litter or spillage on the floor?",
                            "Lå der affald, eller var der spild på gulvet?",
                            "Låg det skräp eller fanns det spill på golvet?",
                        ),
                    },
                    {
                        "key": "trolleys",
                        "type": "yes_no",
                        "na_allowed": True,
                        "weight": 1,
                        "text": t(
                            "Were the trolleys and baskets at the entrance clean?",
                            "Var indkøbsvogne og kurve ved indgangen rene?",
                            "Var kundvagnar och korgar vid entrén rena?",
                        ),
                        "help": t(
                            "Choose N/A if the store has no trolleys or baskets.",
                            "Vælg Ikke relevant, hvis butikken ikke har vogne eller kurve.",
                            "Välj Ej tillämpligt om butiken saknar vagnar och korgar.",
                        ),
                    },
                    {
                        "key": "produce_fresh",
                        "type": "scale",
                        "min": 1,
                        "max": 5,
                        "weight": 2,
                        "text": t(
                            "How fresh did the fruit and vegetables look?",
                            "Hvor friske så frugt og grønt ud?",
                            "Hur fräscha såg frukt och grönt ut?",
                        ),
                        "help": t(
                            "1 = wilted or bruised, 5 = fresh and well presented.",
                            "1 = visne eller stødte, 5 = friske og flot præsenteret.",
                            "1 = vissna eller stötta, 5 = fräscha och snyggt exponerade.",
                        ),
                    },
                    {
                        "key": "produce_photo",
                        "type": "photo",
                        "required": True,
                        "text": t(
                            "Photo of the fruit and vegetable section",
                            "Foto af frugt- og grøntafdelingen",
                            "Foto av frukt- och gröntavdelningen",
                        ),
                        "help": t(
                            "Take it from the aisle, without people's faces.",
                            "Tag det fra gangen, uden folks ansigter.",
                            "Ta det från gången, utan ansikten.",
                        ),
                    },
                ],
            },
            {
                "key": "availability",
                "title": t("Product availability", "Vareudvalg", "Sortiment"),
                "weight": 25,
                "questions": [
                    {
                        "key": "empty_shelves",
                        "type": "yes_no",
                        "pass_value": False,
                        "weight": 2,
                        "text": t(
                            "Were there empty shelf spaces in the dry goods aisle?",
                            "Var der tomme hyldepladser i gangen med kolonialvarer?",
                            "Fanns det tomma hyllplatser i gången med torrvaror?",
                        ),
                    },
                    {
                        "key": "bread",
                        "type": "choice",
                        "weight": 1,
                        "text": t(
                            "How was the choice of fresh bread?",
                            "Hvordan var udvalget af friskt brød?",
                            "Hur var utbudet av färskt bröd?",
                        ),
                        "options": [
                            option("good", 1, "Good choice", "Godt udvalg", "Bra utbud"),
                            option("limited", 0.5, "Limited", "Begrænset", "Begränsat"),
                            option("none", 0, "Hardly any", "Næsten intet", "Nästan inget"),
                        ],
                    },
                    {
                        "key": "price_tags",
                        "type": "yes_no",
                        "na_allowed": True,
                        "weight": 1,
                        "text": t(
                            "Did every product in the checked shelf bay have a price tag?",
                            "Havde alle varer i den kontrollerede reol et prisskilt?",
                            "Hade alla varor i den kontrollerade hyllsektionen en prisetikett?",
                        ),
                        "help": t(
                            "Choose N/A if the bay was being restocked.",
                            "Vælg Ikke relevant, hvis reolen var ved at blive fyldt op.",
                            "Välj Ej tillämpligt om hyllan höll på att fyllas på.",
                        ),
                    },
                ],
            },
            {
                "key": "wait",
                "title": t("Wait times", "Ventetid", "Väntetid"),
                "weight": 20,
                "questions": [
                    {
                        "key": "checkout_queue",
                        "type": "wait_time",
                        "weight": 2,
                        "bands": [
                            {"max_seconds": 180, "score": 1},
                            {"max_seconds": 360, "score": 0.5},
                        ],
                        "text": t(
                            "Time in the checkout queue",
                            "Tid i køen ved kassen",
                            "Tid i kön till kassan",
                        ),
                        "help": t(
                            "From joining the queue until the cashier scans your first item.",
                            "Fra du stiller dig i kø, til den første vare bliver scannet.",
                            "Från att du ställer dig i kön tills den första varan scannas.",
                        ),
                    },
                    {
                        **EASE,
                        "text": t(
                            "How easy was it to pay?",
                            "Hvor nemt var det at betale?",
                            "Hur enkelt var det att betala?",
                        ),
                    },
                ],
            },
            {
                "key": "overall",
                "title": t("Overall", "Samlet indtryk", "Helhetsintryck"),
                "questions": [
                    {
                        **RECOMMEND,
                        "text": t(
                            "How likely is it that you would recommend this store to a friend?",
                            "Hvor sandsynligt er det, at du vil anbefale denne butik til en ven?",
                            "Hur troligt är det att du skulle rekommendera den här butiken till "
                            "en vän?",
                        ),
                    },
                    {
                        **RECOMMEND_WHY,
                        "text": t(
                            "What would have made you more likely to recommend it?",
                            "Hvad skulle der til, for at du ville anbefale butikken?",
                            "Vad hade fått dig att vilja rekommendera butiken?",
                        ),
                    },
                    RECEIPT,
                ],
            },
        ]
    }
