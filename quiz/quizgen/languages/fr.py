"""French: the words quiz generation adds to the content, and how French joins words
slotted into a sentence."""

from . import Phrases

PHRASES = Phrases(
    shared={
        "quote": "{prompt} « {quote} »",
        "hint_era": "Cela s’est passé pendant la période « {era} ».",
        "hint_thread": "Fil : {thread}.",
        "on_day": "Le {date}",
        "in_month": "En {month}",
        "event_date": "Date : {date}.",
        "event_quiz_description": "Un court quiz sur cet événement et ceux qui partagent ses "
        "acteurs ou son histoire.",
        "dated": "« {title} » ({date})",
        "list_separator": " ; ",
        "about 600": "environ {n}",
        "more than 600": "plus de {n}",
        "at least 600": "au moins {n}",
        "nearly 600": "près de {n}",
        "just over 600": "un peu plus de {n}",
        "up to 600": "jusqu'à {n}",
    },
    kinds={
        "date": {
            "label": "Dates (mois et année)",
            "month": "En quel mois et en quelle année cela s'est-il passé ?",
            "begin": "En quel mois et en quelle année cela a-t-il commencé ?",
            "said": "En quel mois et en quelle année cela a-t-il été rendu public ?",
        },
        "place": {
            "label": "Lieux",
            "ask": "Où cela s'est-il passé ?",
            "explain": "{about} Lieu : {place}.",
        },
        "people": {
            "label": "Personnes et rôles",
            "visitor": "Qui a effectué cette visite ?",
            "announcer": "Qui a fait cette annonce ?",
            "explain visitor": "C'est {person} qui a effectué cette visite. {about}",
            "explain announcer": "C'est {person} qui a fait cette annonce. {about}",
        },
        "order": {
            "label": "Ordre des événements",
            "ask": "Lequel de ces événements a eu lieu en premier ?",
            "explain": "Dans l'ordre : {dates}.",
        },
        "figure": {
            "label": "Chiffres et leurs sources",
            "ask": "{when}, à combien le nombre de {label} était-il estimé par {by} ?",
            "explain": "{when}, selon {by}, le nombre de {label} était de {said}.",
            "others": "À titre de comparaison : {others}.",
            "other": "{said} selon {by} en {month}",
            "again": "{said} selon la même source en {month}",
        },
        "source": {
            "label": "Qui a donné cette estimation ?",
            "ask": "Quelle source a avancé le chiffre de {said} {label}, en {month} ?",
            "explain": "C'est {by} qui a donné ce chiffre, en {month}. Les autres ont "
            "avancé d'autres chiffres : {others}.",
            "other": "{by}, {said} {label} ({month})",
        },
        "current": {
            "label": "Quelle estimation avait cours",
            "ask": "En {month}, quelle était la dernière estimation du nombre de {label} "
            "donnée par {by} ?",
            "explain": "Les estimations successives, selon {by} : {series}.",
        },
        "compare": {
            "label": "Comparer ce qui est comparable",
            "ask": "Deux chiffres pour les {family} : {said1}, selon {by1} en {month1}, "
            "et {said2}, selon {by2} en {month2}. Qu'est-ce qui explique "
            "l'essentiel de l'écart entre eux ?",
            "ask one source": "Deux chiffres donnés par {by1} pour les {family} : "
            "{said1} en {month1} et {said2} en {month2}. Qu'est-ce "
            "qui explique l'essentiel de l'écart entre eux ?",
            "ask one briefing": "Deux chiffres donnés par {by1} en {month1} pour les "
            "{family} : {said1} et {said2}. Qu'est-ce qui explique "
            "l'essentiel de l'écart entre eux ?",
            "different": "Le premier compte les {a} ; le second, les {b}",
            "same": "Les deux comptent les {a}",
            "explain": "Le premier chiffre ({said1}) compte les {label1} ; le second "
            "({said2}), les {label2}. Ils ne mesurent pas la même chose : l'un ne "
            "contredit pas l'autre.",
        },
        "steps": {
            "label": "Étapes d'un processus",
            "ask": "Dans {title}, qu'est-ce qui est venu juste après ceci ?",
            "explain": "Dans l'ordre : {steps}.",
        },
        "claim": {
            "label": "Affirmation, démenti ou confirmation ?",
            "ask": "Au moment de cette annonce, en {month}, Moscou et Pyongyang "
            "avaient-ils confirmé que {that} ?",
            "neither": "Ni Moscou ni Pyongyang ne l'avaient confirmé",
            "russia": "Moscou l'avait confirmé, mais pas Pyongyang",
            "north-korea": "Pyongyang l'avait confirmé, mais pas Moscou",
            "both": "Moscou et Pyongyang l'avaient tous deux confirmé",
            "explain": "Cela a été rapporté en {reported}. {russia} {north_korea}",
            "russia on": "Moscou l'a confirmé pour la première fois le {date}.",
            "russia never": "Fin {until}, Moscou ne l'avait pas confirmé.",
            "north-korea on": "Pyongyang l'a confirmé pour la première fois le {date}.",
            "north-korea never": "Fin {until}, Pyongyang ne l'avait pas confirmé.",
            "never": "Moscou et Pyongyang le démentaient, et fin {until} ne l'avaient toujours "
            "pas confirmé.",
            "unlike": "Ce qu'ils ont confirmé, en {month}, c'est autre chose : que {that}.",
        },
        "fact": {"label": "Questions « facts: » des enseignants"},
        "hand": {"label": "Questions rédigées à la main"},
    },
    elisions=(
        # elision before a vowel: « de environ » -> « d'environ », « que au » -> « qu'au »
        (r"\b(d|qu)e (?=[aeiouéèêàâîôûAEIOUÉ])", r"\1'"),
        # contraction: « de le » -> « du », « à les » -> « aux »
        (r"\bde le ", "du "),
        (r"\bde les ", "des "),
        (r"\bà le ", "au "),
        (r"\bà les ", "aux "),
    ),
)
