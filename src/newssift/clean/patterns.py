"""Phrase tables for site chrome, in English, German, French and Spanish.

Kept apart from the logic so a language can be added by editing data only. Every table is one
reason code. ``FULL`` patterns must match a whole line (after bullets and trailing colons are
stripped): chrome of this kind is a UI string standing alone ("Leave a Reply", "Teilen"), and
matching whole lines is what keeps the same words inside an article sentence safe. ``SEARCH``
patterns may match anywhere in a line, but only short lines are tested with them (the limit
is given per table), since a long paragraph that mentions cookies is content.
"""

from __future__ import annotations

import re

from newssift.lazy_pattern import LazyPattern
from newssift.vocab.chrome import AUTHOR_HEADERS
from newssift.vocab.letters import CAPITAL


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The whole-line tables of FULL are LazyPatterns: clean/rules.py matches them through one
# union pattern built from their .pattern, so compiling each at import (~8 ms of CPU of the
# module's ~26 ms) was spent by every run for nothing; so are the case-blind tables rules.py
# matches through their folded compile (rules._folded: TAXONOMY, RELATED_PREFIX,
# MEDIA_CREDIT_HEAD and the SEARCH patterns).

_I = re.IGNORECASE

#: "See also <headline>", "Lesen Sie auch: <headline>": a link to another story.
RELATED_PREFIX = LazyPattern(
    r"^\(?(?:see also|read also|also read|also see|read more|related|related article|related story|"
    r"related coverage|related content|related news|more on this( story)?|watch|"
    r"must read|don'?t miss|more:|"
    r"lire aussi|à lire aussi|a lire aussi|à lire|lire également|voir aussi|à voir aussi|"
    r"lesen sie auch|lesen sie mehr|siehe auch|mehr zum thema|auch interessant|mehr dazu|"
    r"lee también|lea también|leer también|ver también|te puede interesar|le puede interesar|"
    r"relacionado|relacionada|puede interesarte|más información|also on [\w.-]+|leia também|"
    r"veja também|leggi anche(?: su)?|breaking|breaking news|latest|just in|eilmeldung|"
    r"dernière minute|"
    r"última hora)"
    r"\s*(?:[:\-–—|»>›]\s*|\s+)(?P<rest>\S.*)$",
    _I,
)

FULL: dict[str, LazyPattern] = {
    "recommendation_header": LazyPattern(
        r"^(?:you may also like|you might also like|you may like|you might like|"
        r"you may be interested in|"
        r"you might be interested in|we recommend|recommended( for you| stories| articles|"
        r" reading| videos)?|"
        r"related( articles| stories| posts| news| coverage| content| reading| topics| videos|"
        r" links)?|"
        r"more (stories|news|articles|videos|headlines)( from [\w .'&-]{1,40}| like this|"
        r" on this topic)?|"
        r"more from [\w .'&-]{1,40}|more in [\w .'&-]{1,30}|most (popular|read|viewed|shared|"
        r"commented)"
        r"( stories| articles| news)?|popular (posts|stories|articles|now)|trending( now|"
        r" stories| news)?|"
        r"top stories|editor'?s picks|don'?t miss|what to read next|read next|up next|"
        r"also on [\w .'&-]{1,30}|"
        r"latest (news|stories|articles|headlines)|around the web|from around the web|"
        r"in case you missed it|"
        r"das könnte sie auch interessieren|könnte sie auch interessieren|weitere artikel|"
        r"ähnliche artikel|"
        r"meistgelesen|meistgelesene artikel|mehr zum thema|empfohlene artikel|auch interessant|"
        r"vous aimerez aussi|vous aimerez peut-être aussi|vous aimerez peut-être|sur le même sujet|"
        r"à lire également|à lire aussi|articles similaires|articles liés|les plus lus|"
        r"les plus populaires|"
        r"te puede interesar|también te puede interesar|noticias relacionadas|más noticias|"
        r"lo más leído|"
        r"lo más visto|artículos relacionados|quizás te interese|te recomendamos|"
        r"você pode gostar|você também pode gostar|leia também|veja também|"
        r"potrebbe interessarti|leggi anche|ti potrebbe interessare)[.:!…]?$",
        _I,
    ),
    "author_box": LazyPattern(
        rf"^(?:{AUTHOR_HEADERS})"
        r"(?:\s*[:\-–—]\s*[\w .'’-]{1,60})?$"
        r"|^(?:view all posts by|all posts by|more posts by|more articles by|more stories by|"
        r"see all articles by|alle artikel von|tous les articles de|todos los artículos de|"
        r"más artículos de|articles de)\s+[\w .'’-]{1,60}$",
        _I,
    ),
    "comment_form": LazyPattern(
        r"^(?:leave a (reply|comment|response)|leave a reply cancel reply|cancel reply|"
        r"post( a)? comment|"
        r"add (a |your )?comment|submit( comment)?|comments are closed|comments? closed|"
        r"\d+ comments?|"
        r"comments?( \(\d+\))?|comments \(\+\)|no comments( yet)?|be the first to comment|"
        r"join the (discussion|conversation)|show comments|view comments|load comments|"
        r"write a comment|"
        r"you must be logged in to post a comment|log in to (reply|comment)|reply|"
        r"(your )?name ?\*|(your )?e-?mail( address)? ?\*|website|comment ?\*|"
        r"kommentar(e)?( schreiben| verfassen)?|\d+ kommentare?|schreibe einen kommentar|"
        r"antwort hinterlassen|hinterlasse einen kommentar|"
        r"laisser un commentaire|laisser une réponse|\d+ commentaires?|commentaires?|"
        r"deja un comentario|deja una respuesta|dejar un comentario|\d+ comentarios?|"
        r"comentarios?)[.:!]?$",
        _I,
    ),
    "share_prompt": LazyPattern(
        r"^(?:share( this| it)?( article| story| post| page|"
        r" video)?( on [\w ]{2,20})?( via [\w ]{2,20})?|"
        r"tweet( this)?|e-?mail( this)?( article| story)?|print( this)?( article| story| page)?|"
        r"pin it|"
        r"copy link|copy article link|click to share on [\w ]{2,30}( \(opens in new window\))?|"
        r"like us on facebook.*|follow us on (twitter|facebook|instagram|linkedin|x).*|"
        r"follow (the|our) [\w .'-]{1,40} on (twitter|facebook|instagram|linkedin|x)|"
        r"share (it )?with (a friend|your friends).*|like this (story|article)\?.*|"
        r"teilen|artikel teilen|beitrag teilen|jetzt teilen|auf (facebook|twitter|whatsapp) teilen|"
        r"partager( cet article| sur [\w ]{2,20})?|compartir( esta noticia| en [\w ]{2,20})?|"
        r"share this:|share:)[.:!]?$",
        _I,
    ),
    "newsletter_prompt": LazyPattern(
        r"^(?:newsletter|subscribe|sign up|sign up now|subscribe now|subscribe today|"
        r"get our newsletter|"
        r"join our newsletter|free newsletter|newsletter abonnieren|jetzt abonnieren|abonnieren|"
        r"abonnez-vous|s'abonner|inscrivez-vous|suscríbete|suscribirse)[.:!]?$",
        _I,
    ),
    "ad_marker": LazyPattern(
        r"^(?:advertisement|advertising|advert|ad|ads|sponsored|sponsored( content| links|"
        r" stories| post)|"
        r"promoted( content| stories| links)?|paid (content|post|partnership)|partner content|"
        r"story continues below( advertisement)?|article continues below( advertisement)?|"
        r"continue reading below|scroll to continue( with content)?|content continues below|"
        r"anzeige|werbung|publicité|publicidad|anuncio|pub)[.:!]?$",
        _I,
    ),
    "navigation": LazyPattern(
        r"^(?:home|homepage|menu|main menu|close|search|next|previous|prev|back|back to top|top|"
        r"skip to (main )?content|skip to navigation|read more|continue reading|read full (story|"
        r"article)|"
        r"more|load more|show more|view more|see more|see all|view all|view gallery|open gallery|"
        r"next article|previous article|next post|previous post|next story|previous story|"
        r"topics|categories|category|tags|tagged|related topics|filed under|posted in|sections|"
        r"image \d+ of \d+|photo \d+ of \d+|\d+ of \d+|\d+ / \d+|text size|font size|"
        r"media playback is unsupported on your device|listen to this article|audio|play|pause|"
        r"caption|hide caption|toggle caption|enlarge this image|expand|collapse|breaking news|"
        r"jump (directly )?to (the )?(main )?content|skip navigation|by|published|updated|"
        r"was this (page|article|story) helpful\??|click to save this (article|story)|"
        r"manage (consent|cookie|privacy) preferences|story source|\d{1,3}|"
        r"something went wrong.{0,40}|image \d+ of ?/? ?\d+|permalink|"
        r"login|log in|sign in|register|my account|logout|log out|"
        r"zurück|weiter|weiterlesen|mehr|mehr lesen|startseite|nach oben|suche|"
        r"accueil|suivant|précédent|lire la suite|retour|rechercher|en savoir plus|"
        r"inicio|siguiente|anterior|leer más|seguir leyendo|volver|buscar|ver más|"
        r"(arrow|chevron|expand|keyboard_arrow)_[a-z_]+|[a-z]+_(ios|outline|rounded|sharp))[.:!]?$",
        _I,
    ),
}

#: Patterns searched anywhere in a short line: (pattern, maximum line length in characters,
#: words one of which the lower-cased line must contain before the pattern is tried).
SEARCH: dict[str, tuple[LazyPattern, int, tuple[str, ...]]] = {
    "comment_form": (
        LazyPattern(
            r"your (e-?mail )?(address )?will not be published|required fields are marked|"
            r"as you comment, please|comments powered by|please be respectful of other commenters|"
            r"^\d+ (responses|replies|comments) to\b|"
            r"\bon \w+ \d{1,2}, \d{4},? at \d{1,2}:\d{2}\s*([ap]m)?\s*(said|says)?:?$|"
            r"save my name,? e-?mail|notify me of (follow-up comments|new posts|new comments)|"
            r"you are commenting using your|you must be logged in to (post|leave) a comment|"
            r"ihre e-mail-adresse wird nicht veröffentlicht|erforderliche felder sind|"
            r"votre adresse (e-mail|de messagerie|email) ne sera pas publiée|"
            r"les champs obligatoires sont indiqués|"
            r"tu dirección de correo electrónico no será publicada|"
            r"los campos obligatorios están marcados|"
            r"submission guidelines|comments? (are|is|will be) (moderated|reviewed|pre-?moderated)|"
            r"(abide by|read|follow) our (community|commenting|comment) (guidelines|rules|policy|"
            r"standards)|"
            r"kommentare werden (moderiert|geprüft)|commentaires sont (modérés|soumis)|"
            r"comentarios (son|serán) moderados|não será publicado|não serão aprovados",
            _I,
        ),
        450,
        (
            "guidelines",
            "moderat",
            "our comm",
            "modéré",
            "soumis",
            "não ser",
            "be publ",
            "pas publi",
            "será publi",
            "nicht veröff",
            "required fields",
            "save my",
            "notify me",
            "as you comment",
            "comments powered",
            "commenters",
            "commenting using",
            "logged in",
            "obligato",
            "erforderl",
            "responses to",
            "replies to",
            "comments to",
            "said:",
            "says:",
            "m said",
            "m says",
        ),
    ),
    "newsletter_prompt": (
        LazyPattern(
            r"sign up (for|to) (our|the|a) [\w ,'-]{0,40}newsletter|"
            r"subscribe (to|for) (our|the) [\w ,'-]{0,40}(newsletter|mailing list)|"
            r"by subscribing,? (i|you) (accept|agree)|turn on (desktop |browser )?notifications|"
            r"(delivered|straight|sent) (straight |directly |right )?to your inbox|"
            r"unsubscribe at any time|enter your e-?mail( address)? (to|for|and|below)|"
            r"newsletter abonnieren|für unseren newsletter|zum newsletter an|"
            r"abonnez-vous à (notre|la) (newsletter|lettre)|inscrivez-vous à (notre|la) newsletter|"
            r"suscríbete a (nuestro|nuestra|el|la) (newsletter|boletín)|"
            r"recibe (nuestro|el) boletín|"
            r"subscribe wherever you get your podcasts|listen and subscribe|"
            r"get (breaking news |news |email )?alerts|"
            r"(delivered|sent) (through|to) your (letterbox|door|mailbox)|\b\d+ issues for\b",
            _I,
        ),
        300,
        (
            "newsletter",
            "inbox",
            "subscri",
            "enter your e",
            "boletín",
            "abonn",
            "mailing",
            "notification",
            "podcasts",
            "alerts",
            "letterbox",
            "your door",
            "mailbox",
            "issues for",
        ),
    ),
    "ad_marker": (
        LazyPattern(
            r"affiliate (links|commission)|may (receive|earn) a (small )?(commission|share)|"
            r"include links to online retail stores|this (post|article) (may contain|contains) "
            r"affiliate|in partnership with our sponsor|enthält affiliate|"
            r"liens affiliés|enlaces de afiliados|"
            r"we may (receive|earn|get) (compensation|affiliate commissions?|a commission|"
            r"a share of)|"
            r"if you (buy|purchase) (something|a product|products)[^.]{0,80}\b(link|links)\b",
            _I,
        ),
        600,
        (
            "affiliate",
            "may receive",
            "may earn",
            "may get",
            "online retail",
            "our sponsor",
            "affili",
            "afiliad",
            "if you buy",
            "if you purchase",
        ),
    ),
    "cookie_notice": (
        LazyPattern(
            r"(this|our) (web)?site uses cookies|we use cookies|use of cookies|"
            r"by continuing to (use|browse|visit) (this|our|the) (site|website)|"
            r"accept (all )?cookies|"
            r"cookie (policy|settings|preferences)|diese (webseite|website|seite) (verwendet|"
            r"nutzt) cookies|"
            r"wir (verwenden|nutzen) cookies|ce site utilise des cookies|"
            r"nous utilisons des cookies|"
            r"este sitio( web)? (utiliza|usa) cookies|utilizamos cookies|usamos cookies|"
            r"(store|set|place|use) cookies on your|opt[- ]out of [^.]{0,40}cookies|"
            r"cookies (and|or) (other|similar) (technologies|tracking)|cookie (banner|consent)|"
            r"(permission|consent) to (use|load|set) cookies",
            _I,
        ),
        800,
        ("cookie",),
    ),
    "site_notice": (
        LazyPattern(
            r"(detected|noticed) (that )?you are (on|using) (internet explorer|an? (old|outdated|"
            r"unsupported) browser)|update (to )?(a modern|your) browser|"
            r"(your )?browser (is )?(not supported|out of date|outdated)|"
            r"(enable|turn on) javascript|javascript (is )?(disabled|required)|"
            r"subscribe to (continue|keep) reading|"
            r"to continue reading,? (please )?(subscribe|log in|sign in)|"
            r"you have reached (your|the) (limit|maximum) of (free )?(articles|stories)|"
            r"(article|content|story) is (only )?(available|reserved) (to|for) "
            r"(subscribers|members)|"
            r"by (using|continuing to use) this (site|website),? you (agree|consent|accept)|"
            r"by clicking (subscribe|sign up|submit|register|continue),? you|"
            r"have a (news )?tip\?|got a (news )?tip\?|send us (a|your) (news )?tip|"
            r"support (our|independent|quality|local) journalism|"
            r"(make|please make) a (donation|contribution)|become a (member|supporter|patron)|"
            r"editorial team writes on behalf of|at no cost to you|"
            r"(join|visit) our [\w ]{1,30} (forums?|community)\b|"
            r"chat with us (in|on) (facebook )?messenger",
            _I,
        ),
        500,
        (
            "explorer",
            "browser",
            "javascript",
            "continue reading",
            "keep reading",
            "have reached",
            "to subscribers",
            "for subscribers",
            "to members",
            "for members",
            "by using",
            "continuing to use",
            "by clicking",
            "tip?",
            "us a tip",
            "us your tip",
            "news tip",
            " journalism",
            "a donation",
            "a contribution",
            "become a",
            "on behalf",
            "join our",
            "visit our",
            "messenger",
            "no cost to you",
        ),
    ),
    "share_prompt": (
        LazyPattern(
            r"(folgen sie|follow|suivez|síguenos en|sigue a) (?:(?:us|uns|him|her|them|nous|@\w+|"
            r"\w+(?: \w+)?) )?(on|auf|sur|en) (twitter|facebook|instagram|linkedin|x|threads|"
            r"bluesky|tiktok)\b",
            _I,
        ),
        300,
        ("follow", "folgen", "suivez", "síguenos", "sigue a"),
    ),
    "copyright_footer": (
        LazyPattern(
            r"^(©|\(c\)|copyright\b)|all rights reserved|alle rechte vorbehalten|"
            r"tous droits réservés|todos los derechos reservados|"
            r"this material may not be published, broadcast, rewritten",
            _I,
        ),
        250,
        (
            "©",
            "(c)",
            "copyright",
            "rights reserved",
            "rechte vorbehalten",
            "droits réservés",
            "derechos reservados",
            "this material",
        ),
    ),
}

#: Marks only a photo caption carries, wherever they sit in the line: agency photo credits
#: ("(AP Photo/Jane Roe)", "REUTERS/Jane Roe", "(ITV via AP)"), caption openings ("FILE -",
#: "In this Monday, Oct. 28, 2019, file photo, …"), glued "©" credits, "Credit: X" at the end.
CAPTION_MARK = re.compile(
    r"\((?:AP|AFP|EPA|Reuters|dpa) ?Photo ?/[^)]{2,80}\)|\(Photo (?:by|credit) ?:? [^)]{2,80}\)|"
    r"\((?:Foto|Bild|Photo|Imagen|Image|Crédit photo) ?: [^)]{2,60}\)|"
    r"\([\w .'’-]{1,40} via (?:AP|AFP|Reuters|Getty Images)\)|\bREUTERS/[A-Z][a-z]|"
    r"Copyright \d{4},? (?:The )?Associated Press|\bPhoto: [A-Z][\w .'’-]{1,40}(?:,|/) ?"
    r"(?:AP|AFP|STF|Getty|Reuters|EPA)\b|\bPhotograph(?: by)?:? [A-Z][^.]{0,60}"
    r"(?:/|\bvia\b|Getty|AFP\b|Reuters|AP\b)|\bImage copyright\b|Photo illustration by|"
    r"Mandatory Credit:|Purchase Licensing Rights|/ ?CREDIT:|/Getty Images\b|"
    r"^FILE(?: PHOTO)? ?[-–—:] |"
    r"^In this (?:[\w.,]+ ){0,8}?(?:file )?(?:photo|photograph|image|handout)\b|"
    r"[\w.]© ?[A-Z]|\bCredits?: [A-Z][\w .,&/'’-]{1,50}$"
)

#: The shape of an agency photo caption without its credit: a full date with weekday and year
#: ("Tuesday, Nov. 19, 2019"), which story text rarely spells out, or positions in the picture
#: (", left,", "from left").
CAPTION_SHAPE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? (?:Jan|Feb|March|April|"
    r"May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}\b"
    r"|, (?:left|right|center|centre|second from (?:left|right)),|\bfrom left\b|\(L[-–]R\)"
)

#: Markup that leaked into the text: a whole line of HTML tags or of [shortcodes].
MARKUP = re.compile(r"^<[a-zA-Z!/][^<>]*>(?:.*>)?$|^\[[a-z_]+[ =\]].*\]$")

#: "About Jane Roe": the header of a contributor box, told apart by the bio under it.
ABOUT_NAME = re.compile(r"^(?:About|Über|À propos de|Sobre) (?:" + CAPITAL + r"[\w.'’-]+ ?){1,4}$")

#: A contributor's bio: "Jane Roe is a senior reporter covering …", "Jane Roe writes about …",
#: "Jane Roe ist Redakteurin …", "Jane Roe est journaliste …", "Jane Roe es periodista …".
_BIO_NAME = "(?:" + CAPITAL + r"[\w.'’-]+\s+){1,5}"
BIO = re.compile(
    r"^(?:[\w-]+ ){0,4}(?:journalist|writer|reporter|columnist|editor|correspondent) "
    rf"{_BIO_NAME}(?:writes|covers|reports)\b"
    rf"|^{_BIO_NAME}(?:is|was|has been) (?:a|an|the|one of the) (?:[\w.,'’&/-]+ ){{0,7}}?"
    r"(?:writer|reporter|journalist|editor|correspondent|columnist|contributor|author|"
    r"producer|blogger|critic|freelancer|photographer|photojournalist|anchor)s?\b"
    rf"|^{_BIO_NAME}(?:writes|reports|has (?:been )?(?:written|writing|reporting|covering)) "
    r"(?:about|on|for|from)\b"
    rf"|^{_BIO_NAME}(?:ist|war) (?:\w+ ){{0,4}}(?:Redakteur|Korrespondent|Journalist|Autor|"
    r"Reporter|Kolumnist)(?:in)?\b"
    rf"|^{_BIO_NAME}est (?:\w+ ){{0,4}}(?:journaliste|rédacteur|rédactrice|correspondant|"
    r"correspondante|chroniqueur|chroniqueuse|reporter)\b"
    rf"|^{_BIO_NAME}es (?:\w+ ){{0,4}}(?:periodista|redactor|redactora|corresponsal|"
    r"columnista|reportero|reportera|editor|editora)\b"
)

#: Photo and image credits and captions that end in a credit.
MEDIA_CREDIT_HEAD = LazyPattern(
    r"^(?:courtesy(?: of)?|photo courtesy(?: of)?)\s+[\w .,'’&/-]{2,60}$|"
    r"^\(?(?:photo|photos|image|images|picture|pictures|foto|fotos|bild|bilder|video|graphic|"
    r"illustration|photo credit|image credit|image source|photograph|crédit photo|crédits photo|"
    r"fotografía|imagen)(?: by| credit| courtesy| source)?\s*[:|©]\s*.{1,90}\)?$"
    r"|^\((?:photo|image|picture|foto|bild|imagen|ap photo|afp photo|reuters)\b[^()]{0,90}\)$"
    r"|^(?:getty images|ap photo|afp|reuters|shutterstock|istock|dpa|epa|imago)"
    r"(?:\s*[/|].{0,40})?$",
    _I,
)
#: "Name/Getty Images", "Name | AP": searched in short lines holding a slash or a bar.
MEDIA_CREDIT_AGENCY = re.compile(
    r"[/|]\s*(?:getty images|ap|afp|reuters|epa|shutterstock|istock|ap photo|"
    r"afp via getty images|dpa|picture alliance|imago|associated press)\b[^.!?/|]{0,30}$",
    _I,
)
#: A caption ending in "(AP)", "(Photo: X)": matched on the last parenthesis only.
MEDIA_CREDIT_PAREN = re.compile(
    r"\((?:AP|AFP|Reuters|REUTERS|EPA|dpa|Getty|Getty Images|AP Photo|[Pp]hoto|PHOTO|[Ii]mage|"
    r"[Ff]oto)"
    r"(?:\s*(?:[Pp]hoto)?\s*[:/|]?\s*[^()]{0,60})?\)$"
)

#: "Tags: a, b, c", "Filed under …": taxonomy lines.
TAXONOMY = LazyPattern(
    r"^(?:tags|tagged( with)?|topics|categories|category|filed under|posted in|more about|"
    r"schlagwörter|themen|stichworte|mots-clés|thèmes|étiquettes|etiquetas|temas|categorías)"
    r"\s*:?\s+\S.{0,200}$",
    _I,
)
#: A caption ending in "Credit: Agency" or "© Agency".
MEDIA_CREDIT_TAIL = re.compile(
    r"(?:\b(?:Credit|Photo|Image|Picture|Foto|Bild|Crédit|Crédito)s?\s*:|©)\s*[\w .,&/'’-]{1,50}$"
)
#: "Posted by X on …", "… by X": the byline part of a timestamp line.
STAMP_BY = re.compile(
    r"^(?:(?:posted|published|written|updated|submitted)\s+(?:by\s+[\w .'’-]{2,40}?\s+)?on\s+)"
    r"|\s+(?:by|von|par|por)\s+[\w .'’-]{2,40}$",
    _I,
)

#: Month and weekday names (4 languages, full and short) for timestamp lines.
DATE_WORDS = _words(
    """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july
    august september october november december mon tue wed thu fri sat sun monday tuesday wednesday
    thursday friday saturday sunday am pm gmt utc est edt pst pdt cst cdt ist bst cet cest
    hkt jst aest
    januar februar märz mai juni juli oktober dezember montag dienstag mittwoch donnerstag freitag
    samstag sonntag uhr mez
    janvier février fevrier mars avril juin juillet août aout septembre octobre novembre décembre
    decembre lundi mardi mercredi jeudi vendredi samedi dimanche
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre lunes
    martes miércoles jueves viernes sábado domingo
    ago yesterday today hours hour minutes minute mins hrs stunden horas"""
)
#: Words a timestamp line may carry besides the date itself ("Updated on …", "il y a 3 h").
STAMP_WORDS = _words(
    """a m p h et pt ct de del el le la las on at by um am y il vor hace just now
    updated published posted last modified date created joined aktualisiert veröffentlicht
    stand datum publié mis à jour actualizado publicado fecha days day weeks week months month
    min tagen días"""
)

#: Words that make up share bars when glued together ("EmailTwitterPosts").
SHARE_WORDS = _words(
    """share shares email e mail twitter facebook whatsapp linkedin reddit pinterest print tweet
    messenger telegram flipboard copy link comments comment posts sms more save x tumblr pocket
    mail teilen partager compartir imprimer drucken imprimir follow us in on feedly rss google plus
    youtube instagram"""
)
