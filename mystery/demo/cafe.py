"""Kaffebaren's café visit checklist: version 1, and version 2 from revising it."""

import copy

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


def cafe_v1():
    """Kaffebaren's café visit, version 1."""
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
                            "Time you entered the café",
                            "Klokkeslæt, da du gik ind i caféen",
                            "Klockslag när du gick in på kaféet",
                        ),
                    },
                    {
                        "key": "staff_on_duty",
                        "type": "number",
                        "min": 0,
                        "max": 20,
                        "required": True,
                        "text": t(
                            "How many staff were behind the counter?",
                            "Hvor mange medarbejdere stod bag disken?",
                            "Hur många medarbetare stod bakom disken?",
                        ),
                    },
                ],
            },
            {
                "key": "service",
                "title": t("Service quality", "Servicekvalitet", "Servicekvalitet"),
                "weight": 35,
                "questions": [
                    {
                        "key": "greeted",
                        "type": "yes_no",
                        "weight": 3,
                        "critical": True,
                        "text": t(
                            "Were you greeted within 30 seconds of reaching the counter?",
                            "Blev du budt velkommen inden for 30 sekunder, da du kom hen til "
                            "disken?",
                            "Blev du hälsad inom 30 sekunder när du kom fram till disken?",
                        ),
                        "help": t(
                            "Count from the moment you stand at the counter. Eye contact and a "
                            "nod count if the staff are busy with another guest.",
                            "Tæl fra det øjeblik, du står ved disken. Øjenkontakt og et nik "
                            "tæller, hvis personalet er optaget af en anden gæst.",
                            "Räkna från att du står vid disken. Ögonkontakt och en nick räknas "
                            "om personalen är upptagen med en annan gäst.",
                        ),
                    },
                    {**FRIENDLY, "weight": 3},
                    {
                        "key": "upsell",
                        "type": "choice",
                        "weight": 2,
                        "text": t(
                            "Did the barista suggest something extra, such as a pastry or a "
                            "larger size?",
                            "Foreslog baristaen noget ekstra, fx noget bagværk eller en større "
                            "størrelse?",
                            "Föreslog baristan något extra, till exempel bakverk eller en större "
                            "storlek?",
                        ),
                        "options": [
                            option("yes", 1, "Yes, clearly", "Ja, tydeligt", "Ja, tydligt"),
                            option(
                                "asked",
                                0.5,
                                "Only when I asked",
                                "Kun da jeg spurgte",
                                "Bara när jag frågade",
                            ),
                            option("no", 0, "No", "Nej", "Nej"),
                        ],
                    },
                    {
                        **MOOD,
                        "text": t(
                            "Your overall impression of the service",
                            "Dit samlede indtryk af betjeningen",
                            "Ditt helhetsintryck av bemötandet",
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
                        "key": "tables_dirty",
                        "type": "yes_no",
                        "pass_value": False,
                        "weight": 2,
                        "text": t(
                            "Were there uncleared cups or crumbs on the tables?",
                            "Stod der brugte kopper, eller lå der krummer på bordene?",
                            "Stod det kvar disk eller låg det smulor på borden?",
                        ),
                        "help": t(
                            "Look at every table in the seating area when you arrive.",
                            "Kig på alle borde i siddeområdet, når du kommer ind.",
                            "Titta på alla bord i sittdelen när du kommer in.",
                        ),
                    },
                    {
                        "key": "toilet_clean",
                        "type": "yes_no",
                        "na_allowed": True,
                        "weight": 1,
                        "text": t(
                            "Was the customer toilet clean and stocked?",
                            "Var kundetoilettet rent, og var der papir og sæbe?",
                            "Var kundtoaletten ren och påfylld?",
                        ),
                        "help": t(
                            "Choose N/A if the café has no customer toilet.",
                            "Vælg Ikke relevant, hvis caféen ikke har et kundetoilet.",
                            "Välj Ej tillämpligt om kaféet saknar kundtoalett.",
                        ),
                    },
                    {
                        "key": "counter_clean",
                        "type": "scale",
                        "min": 1,
                        "max": 5,
                        "weight": 2,
                        "text": t(
                            "How clean were the counter and the milk station?",
                            "Hvor rene var disken og mælkestationen?",
                            "Hur rena var disken och mjölkstationen?",
                        ),
                        "help": t(
                            "1 = sticky or stained, 5 = spotless.",
                            "1 = klistret eller plettet, 5 = skinnende rent.",
                            "1 = kladdigt eller fläckigt, 5 = skinande rent.",
                        ),
                    },
                    {
                        "key": "counter_photo",
                        "type": "photo",
                        "required": True,
                        "text": t(
                            "Photo of the counter and the pastry display",
                            "Foto af disken og kagemontren",
                            "Foto av disken och bakverksmontern",
                        ),
                        "help": t(
                            "Take it from the queue, without the faces of staff or guests.",
                            "Tag det fra køen, uden ansigter på personale eller gæster.",
                            "Ta det från kön, utan ansikten på personal eller gäster.",
                        ),
                    },
                ],
            },
            {
                "key": "availability",
                "title": t("Product availability", "Vareudvalg", "Sortiment"),
                "weight": 20,
                "questions": [
                    {
                        "key": "pastry_display",
                        "type": "choice",
                        "weight": 2,
                        "text": t(
                            "How well stocked was the pastry display?",
                            "Hvor godt fyldt var kagemontren?",
                            "Hur välfylld var bakverksmontern?",
                        ),
                        "options": [
                            option("full", 1, "Full", "Fyldt", "Välfylld"),
                            option("gaps", 0.5, "A few gaps", "Enkelte huller", "Några luckor"),
                            option("empty", 0, "Mostly empty", "Næsten tom", "Nästan tom"),
                        ],
                    },
                    {
                        "key": "menu_items",
                        "type": "yes_no",
                        "weight": 1,
                        "text": t(
                            "Was everything on the menu board available?",
                            "Kunne man få alt på menutavlen?",
                            "Gick allt på menytavlan att köpa?",
                        ),
                    },
                    {
                        "key": "coffee_temp",
                        "type": "number",
                        "min": 40,
                        "max": 95,
                        "required": False,
                        "text": t(
                            "Temperature of your coffee (°C)",
                            "Kaffens temperatur (°C)",
                            "Kaffets temperatur (°C)",
                        ),
                        "help": t(
                            "Measure with the probe thermometer right after you get the cup.",
                            "Mål med stiktermometeret, lige når du har fået koppen.",
                            "Mät med sticktermometern direkt när du har fått koppen.",
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
                        "key": "queue_time",
                        "type": "wait_time",
                        "weight": 2,
                        "bands": [
                            {"max_seconds": 120, "score": 1},
                            {"max_seconds": 240, "score": 0.5},
                        ],
                        "text": t(
                            "Time in the queue before you could order",
                            "Tid i kø, før du kunne bestille",
                            "Tid i kö innan du kunde beställa",
                        ),
                        "help": t(
                            "Start the timer when you join the queue and stop it when the "
                            "barista takes your order.",
                            "Start uret, når du stiller dig i kø, og stop det, når baristaen "
                            "tager imod din bestilling.",
                            "Starta klockan när du ställer dig i kön och stoppa den när baristan "
                            "tar emot din beställning.",
                        ),
                    },
                    {
                        "key": "drink_time",
                        "type": "wait_time",
                        "weight": 1,
                        "bands": [
                            {"max_seconds": 180, "score": 1},
                            {"max_seconds": 300, "score": 0.5},
                        ],
                        "text": t(
                            "Time from paying until you had your drink",
                            "Tid fra betaling, til du fik din drik",
                            "Tid från betalning tills du fick din dryck",
                        ),
                    },
                    {
                        **EASE,
                        "text": t(
                            "How easy was it to order and pay?",
                            "Hvor nemt var det at bestille og betale?",
                            "Hur enkelt var det att beställa och betala?",
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
                            "How likely is it that you would recommend this café to a friend?",
                            "Hvor sandsynligt er det, at du vil anbefale denne café til en ven?",
                            "Hur troligt är det att du skulle rekommendera det här kaféet till "
                            "en vän?",
                        ),
                    },
                    {
                        **RECOMMEND_WHY,
                        "text": t(
                            "What would have made you more likely to recommend it?",
                            "Hvad skulle der til, for at du ville anbefale caféen?",
                            "Vad hade fått dig att vilja rekommendera kaféet?",
                        ),
                    },
                    RECEIPT,
                ],
            },
        ]
    }


def cafe_v2():
    """Version 2: asks about plant-based milk and tells the shopper how to ask about extras."""
    definition = copy.deepcopy(cafe_v1())
    sections = {section["key"]: section for section in definition["sections"]}
    upsell = next(q for q in sections["service"]["questions"] if q["key"] == "upsell")
    upsell["help"] = t(
        "Do not ask for anything extra yourself; order only what the scenario says.",
        "Bed ikke selv om noget ekstra; bestil kun det, scenariet siger.",
        "Be inte själv om något extra; beställ bara det som scenariot anger.",
    )
    sections["availability"]["questions"].insert(
        2,
        {
            "key": "plant_milk",
            "type": "yes_no",
            "na_allowed": True,
            "weight": 1,
            "text": t(
                "Were you offered a plant-based milk?",
                "Blev du tilbudt plantebaseret mælk?",
                "Erbjöds du växtbaserad mjölk?",
            ),
            "help": t(
                "Choose N/A if you ordered a drink without milk.",
                "Vælg Ikke relevant, hvis du bestilte en drik uden mælk.",
                "Välj Ej tillämpligt om du beställde en dryck utan mjölk.",
            ),
        },
    )
    return definition
