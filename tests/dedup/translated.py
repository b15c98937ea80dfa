# ruff: noqa: E501
"""Hand-written fixtures: one story in two independent English versions (as two
translators would write it), a German version, and another outlet's report of the same
event (same people, place and vote, different article). Our own text."""

ORIGINAL = """Voters in Lindenfeld approved the new harbour bridge on Sunday, with 61.4 percent in favour.
Mayor Katrin Oswald called the result "a clear mandate for the Nordkai project" and promised that construction would begin in March 2025.
The bridge will cost 84 million euros, of which the regional government in Kessler County will pay 30 million.
Opponents from the Citizens for Lindenfeld group had warned that the structure would block the view of the historic lighthouse.
Their spokesman, Georg Albrecht, conceded defeat but said the group would monitor every contract.
Turnout reached 47 percent, the highest for a local referendum since 2009.
Engineers from Hartmann Bau expect the bridge to carry 12,000 vehicles a day when it opens in 2028."""

PARAPHRASE = """On Sunday the residents of Lindenfeld voted in favour of the new harbour bridge: 61.4 percent said yes.
Katrin Oswald, the mayor, described the outcome as "a clear mandate for the Nordkai project" and pledged that building work would start in March 2025.
The bridge will cost 84 million euros; Kessler County's regional government is contributing 30 million of it.
The Citizens for Lindenfeld initiative, which opposed the plan, had warned that the structure would block views of the historic lighthouse.
Georg Albrecht, who speaks for the initiative, accepted the defeat, though he said the group would monitor every contract.
At 47 percent, turnout was the highest recorded for a local referendum since 2009.
According to engineers at Hartmann Bau, the bridge should handle 12,000 vehicles daily after its opening in 2028."""

GERMAN = """Die Wähler in Lindenfeld haben am Sonntag der neuen Hafenbrücke zugestimmt, mit 61,4 Prozent dafür.
Bürgermeisterin Katrin Oswald nannte das Ergebnis "ein klares Mandat für das Nordkai-Projekt" und versprach, dass der Bau im März 2025 beginnen werde.
Die Brücke kostet 84 Millionen Euro, davon zahlt die Regionalregierung im Kessler County 30 Millionen.
Gegner der Gruppe Bürger für Lindenfeld hatten gewarnt, das Bauwerk werde den Blick auf den historischen Leuchtturm versperren.
Ihr Sprecher Georg Albrecht räumte die Niederlage ein, sagte aber, die Gruppe werde jeden Vertrag überwachen.
Die Wahlbeteiligung erreichte 47 Prozent, die höchste bei einem lokalen Bürgerentscheid seit 2009.
Ingenieure von Hartmann Bau erwarten, dass die Brücke nach der Eröffnung 2028 täglich 12.000 Fahrzeuge trägt."""

OTHER_OUTLET = """Lindenfeld's referendum campaign ended in celebration at the town hall on Sunday evening, where supporters of Mayor Katrin Oswald gathered to watch the count.
Local shop owners told reporters they hoped the Nordkai district would attract tourists again, after two difficult winters with empty streets.
Several families living near the lighthouse said they still worried about noise from heavy machinery and trucks during the long building period.
Georg Albrecht, a retired teacher who led the Citizens for Lindenfeld campaign, spent the evening with volunteers in a café near the ferry terminal.
The regional newspaper had published four opinion polls during the summer, each showing a narrow majority for the proposal.
Council members plan to debate the tender documents in their December session, and a public exhibition of the designs opens next month.
Hartmann Bau, the contractor favoured by the council, previously built the ring road around Kessler County's capital."""
