"""Word lists the line model's language-independent features count, written for newssift.

Two lists, each the union over languages (en, de, fr, es, it, pt, nl, sv, da/no, fi, pl):

* :data:`FUNCTION_WORDS` — articles, pronouns, prepositions, conjunctions, auxiliaries. Their
  share of a line's words says "running text" in any of these languages (a sentence needs
  them; a menu item, a price or a tag list does not), which the hashed words cannot say for a
  language the model saw little of.
* :data:`BOILERPLATE_WORDS` — the vocabulary of site chrome: log-in, cart, cookies, privacy,
  sharing, navigation, comments, copyright. Their share says "interface text" in any language.

The lists are our own choice (short, closed-class or UI words, lower-cased); they feed features
only — a whole-line rule that *removes* a line lives in :mod:`newssift.clean.patterns`.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    # case-folded, as the features fold a line's words ("schließen" -> "schliessen")
    return frozenset(text.casefold().split())


FUNCTION_WORDS = _words(
    # en
    "the a an and or but of to in on at for with from by as is are was were be been being has "
    "have had do does did will would can could should may might must not no this that these "
    "those it its he she they we you i his her their our your them him us who which what when "
    "where how than then there here if because so also about after before into over under "
    "between while during through very more most some any all just only"
    # de
    " der die das den dem des ein eine einen einem einer eines und oder aber nicht kein keine "
    "ist sind war waren wird werden wurde wurden hat haben hatte hatten sein ich du er sie es wir "
    "ihr mich mir sich uns euch ihm ihn ihnen mit von zu zum zur im in am an auf aus bei nach "
    "für über unter vor durch gegen ohne um wie als wenn dass daß weil ob auch noch schon nur "
    "sehr doch so dann denn da hier dort man kann können muss müssen soll sollte würde dieser "
    "diese dieses diesem diesen welche welcher was wo wer bis seit zwischen mehr"
    # fr
    " le la les l un une des du de d et ou mais ne pas plus est sont était étaient être a ont "
    "avait avoir été je tu il elle nous vous ils elles on me te se lui leur leurs son sa ses mon "
    "ma mes ton ta notre nos votre vos ce cet cette ces qui que quoi dont où dans sur sous pour "
    "par avec sans chez entre vers après avant pendant comme si quand aussi très bien tout tous "
    "toute toutes au aux y en c qu n s j"
    # es
    " el la los las un una unos unas y o pero no de del al en con por para sin sobre entre es "
    "son era eran fue fueron ser estar está están ha han había haber yo tú él ella nosotros "
    "ellos ellas se me te le les lo su sus mi mis nuestro que quien cual cuando donde como muy "
    "más también ya este esta estos estas ese esa eso hasta desde porque si"
    # it
    " il lo gli le una uno di da dei degli delle della del nel nella nei con per tra fra che "
    "non è sono era erano essere ho hai abbiamo hanno io lui lei noi voi loro si mi ti ci vi "
    "questo questa quello quella come quando dove anche molto più ma se perché"
    # pt
    " o os as um uma uns umas e ou mas não de do da dos das em no na nos nas com por para sem "
    "sobre é são era foi ser estar está tem têm eu ele ela nós eles elas se me te lhe seu sua "
    "seus suas que quem qual quando onde como muito mais também já este esta isso isto até"
    # nl
    " de het een en of maar niet geen van voor met op aan bij door naar over uit tot om als dat "
    "die dit deze is zijn was waren wordt worden werd heeft hebben had ik jij je hij zij ze wij "
    "we u ons hun haar hem er hier daar ook nog wel al dan zo wat wie waar hoe omdat"
    # sv, da, no
    " och eller men inte ingen en ett den det de dem han hon vi ni jag du man sig sin sitt sina "
    "är var vara blir blev har hade ha kan kunde ska skulle vill av på i med för till från om "
    "under över efter före genom mellan utan som när där här hur vad vem vilken också bara "
    "mycket mer att så da og eller ikke er var har havde jeg hun det af på til fra med for "
    "som når hvor hvad også meget mere ikkje ein eit dei"
    # fi
    " ja tai mutta ei en et emme ette eivät on ovat oli olivat ollut olla minä sinä hän me te "
    "he se ne tämä tuo nämä nuo joka jotka mikä mitkä kun jos että koska myös vain jo vielä "
    "kuin niin sitten nyt hyvin paljon kanssa ilman mukaan jälkeen ennen aikana välillä "
    "minun sinun hänen meidän heidän sen niiden siitä siihen siinä tässä tästä tähän"
    # pl
    " i w we na z ze do od po za o dla przez przy pod nad bez że to jest są był była było "
    "być się nie tak jak ale lub albo czy który która które co gdy kiedy gdzie jego jej ich "
    "mnie mi go ją je już też tylko bardzo"
)

BOILERPLATE_WORDS = _words(
    # en
    "login log sign signin signup register account password username cart basket checkout "
    "wishlist shipping delivery returns cookies cookie consent privacy policy terms conditions "
    "copyright reserved rights disclaimer imprint sitemap menu home homepage navigation search "
    "subscribe unsubscribe newsletter share tweet facebook twitter instagram linkedin pinterest "
    "whatsapp youtube tiktok email print follow likes comments comment reply replies quote "
    "report permalink posted tags tagged categories category archive archives next previous "
    "prev older newer page pages click advertisement advertising sponsored ad ads "
    "download app skip content toggle close loading contact faq help support powered joined "
    "posts members online views"
    # de
    " anmelden abmelden einloggen registrieren konto passwort benutzername warenkorb kasse "
    "merkliste versand lieferung rücksendung datenschutz datenschutzerklärung impressum agb "
    "nutzungsbedingungen urheberrecht menü startseite suche suchen abonnieren newsletter "
    "teilen drucken folgen kommentar kommentare kommentieren antworten zitieren melden "
    "schlagwörter kategorien kategorie archiv weiter zurück seite anzeige werbung "
    "herunterladen schließen kontakt hilfe mitglieder beiträge"
    # fr
    " connexion déconnexion inscription identifiant compte panier commande livraison "
    "retours confidentialité mentions légales conditions générales droits réservés "
    "accueil recherche rechercher abonner abonnez inscrivez partager imprimer suivre "
    "commentaire commentaires répondre citer signaler catégories catégorie archives suivant "
    "précédent publicité télécharger fermer contactez aide membres messages"
    # es
    " iniciar sesión registrarse regístrate cuenta contraseña usuario carrito cesta compra "
    "envío envíos devoluciones privacidad política aviso legal términos condiciones derechos "
    "reservados inicio buscar búsqueda suscríbete suscribirse boletín compartir imprimir "
    "seguir comentario comentarios responder citar denunciar etiquetas categorías archivo "
    "siguiente anterior página publicidad descargar cerrar contacto ayuda miembros mensajes"
    # it, pt
    " accedi registrati carrello spedizione resi informativa termini condizioni diritti "
    "riservati cerca iscriviti condividi stampa segui commenti rispondi successivo precedente "
    "pagina pubblicità scarica chiudi contatti aiuto entrar cadastre carrinho envio "
    "privacidade termos direitos reservados pesquisar assine compartilhe comentários "
    "responder próximo anterior publicidade baixar fechar contato ajuda"
    # nl
    " inloggen registreren winkelwagen bezorging retourneren voorwaarden rechten "
    "voorbehouden zoeken abonneren delen afdrukken volgen reacties reageren volgende vorige "
    "advertentie sluiten"
    # sv, da, no
    " logga registrera konto lösenord varukorg kassan frakt leverans villkor integritetspolicy "
    "kakor upphovsrätt sök sök prenumerera nyhetsbrev dela skriv ut följ kommentarer svara "
    "citera anmäl kategorier arkiv nästa föregående sida annons reklam ladda stäng kontakta "
    "hjälp medlemmar inlägg indkøbskurv handlekurv søg kommentarer næste forrige annonse "
    "personvern vilkår"
    # fi
    " kirjaudu rekisteröidy tili salasana ostoskori kassa toimitus palautukset evästeet "
    "evästeitä tietosuoja tietosuojaseloste käyttöehdot tekijänoikeudet etusivu haku hae "
    "tilaa uutiskirje jaa tulosta seuraa kommentit kommentoi vastaa lainaa ilmoita "
    "kategoriat arkisto seuraava edellinen sivu mainos lataa sulje ota yhteyttä ohje "
    "jäsenet viestit"
    # pl
    " zaloguj zarejestruj konto hasło koszyk dostawa zwroty prywatności regulamin prawa "
    "zastrzeżone szukaj subskrybuj udostępnij drukuj obserwuj komentarze odpowiedz "
    "następny poprzedni strona reklama pobierz zamknij kontakt pomoc"
)
