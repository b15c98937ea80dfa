"""Common given names and the gender they usually mark, for resolving "he"/"she".

A short hand-written list of frequent given names (English-speaking, European and Latin
American), not a census: a name missing here simply has no gender from its first word, and
the story's own pronouns after the name (see :mod:`newssift.news.quotes`) decide instead.
The quote resolver reads it to avoid resolving "she said" to the nearest man and to tell a
person ("Ted Cruz") from a place or a body ("Middle East", "Purple Heart") that happens to be
capitalised; the extractor's byline test (``extract.body._names_authors``) reads it to tell a
line of authors' names from a heading. One list, so a name added here counts for both.
"""

from __future__ import annotations

MALE = frozenset((
    """aaron adam adrian ahmed al alan albert alberto alex alexander alexei alfred ali andre
    andreas andrew andrés andy angel angelo anthony antonio arnold arthur austin barack barney
    ben benjamin bernard bernie bill billy bob bobby brad bradley brandon brett brian bruce
    bryan carl carlos chad charles charlie chris christian christopher chuck clarence claude
    clint colin craig curtis dale dan daniel danny darrell dave david dean dennis derek dick
    dmitry don donald doug douglas duncan dwight earl ed eddie edward elijah elliot emmanuel
    enrique eric erik ernest ethan eugene evan felipe fernando francis francisco frank franklin
    fred frederick gabriel gary gavin gene george gerald gerhard glenn gordon graham greg
    gregory gus guy hank hans harold harry harvey hector henri henry herbert howard hugh ian
    igor isaac ivan jack jacob jake james jamie jared jason javier jay jeb jeff jeffrey jeremy
    jerome jerry jesse jim jimmy joe joel john johnny jon jonas jonathan jorge jose josé joseph
    josh joshua juan julian justin karl keith ken kenneth kevin kurt lamar lance larry lars
    lawrence lee leon leonard lindsey lou louis lucas luis luke lukas malcolm marco marcus mario
    mark markus martin matt matthew maurice max michael miguel mike mitch mitt mohammed
    muhammad nathan neil newt nicholas nick nigel noah norman oliver omar oscar owen pablo
    patrick paul pedro pete peter phil philip pierre rafael ralph randy raul ray raymond reince
    ricardo richard rick rob robert roberto rod roger ron ronald ross roy rudy rupert russell
    ryan sam samuel scott sean sergei sergio seth sidney stanley stefan stephen steve steven
    stuart ted terry thomas tim timothy todd tom tomas tommy tony travis trey tyler victor
    vincent vladimir wallace walter warren wayne will william willie xavier zach zachary
    """ + """abdul abraham ahmad alejandro alfonso alvin amir anders andré antoine armando arturo
    axel barry basil benedict benny bernd bert boris brendan brent bruno bryce byron caleb calvin
    carlo cecil cesar chester clayton cody conor connor cory cristian cyrus damian damon darren
    darryl davide dexter diego dimitri dominic donovan dustin dylan edgar edmund eduardo edwin
    elias emil emilio enzo erich ernesto esteban ezra fabian fabio farid felix floyd francesco
    franz frederic friedrich gaston geoffrey gerardo gideon gilbert giorgio giovanni giuseppe
    gunnar gustavo hamid hassan heinrich helmut herman hiroshi hugo humberto ibrahim ignacio
    ismael jacques jaime jamal jeremiah joachim joaquin johan jonah jürgen kareem kelvin khalid
    klaus kyle lamont leo leonardo leroy lorenzo luca luciano luigi manuel marc marcel marcelo
    marvin mateo mathias mauricio melvin micah mohamed moses nasser nathaniel ned niall nikolai
    nils olaf orlando otto pascal pavel philippe quentin rahul ramon randall raphael reggie
    reginald rené reza ricky rodney rodrigo roland rolf rory ruben rudolph salvador sanjay
    santiago saul sebastian shane shawn sheldon silvio simon solomon theo theodore thierry
    tobias trevor ulrich vernon vicente viktor walid werner wesley wilbur wolfgang yasser yusuf
    yuri""").split()
)

FEMALE = frozenset((
    """abigail ada alice alicia alison amanda amber amy ana andrea angela angelina ann anna
    anne annie april ashley barbara becky betsy betty beverly bonnie brenda bridget brittany
    carly carmen carol caroline carolyn catherine cathy charlotte cheryl chloe christina
    christine cindy claire clara claudia colleen connie cynthia dana danielle debbie deborah
    debra denise diana diane dianne dolores donna doris dorothy edith elaine eleanor elena
    elizabeth ellen emily emma erica erin eva evelyn fiona frances gabrielle gail gina gloria
    grace hannah heather heidi helen hillary holly hope ingrid irene isabel jackie jacqueline
    jane janet janice jean jeanne jennifer jenny jessica jill joan joanna jodi jody josephine
    joy joyce judith judy julia julie karen kate katherine kathleen kathryn kathy katie kayla
    kelly kellyanne kim kimberly kirsten kristen laura lauren leah linda lisa liz loretta
    lucía lucy lynn madeleine maggie marcia margaret maria marie marilyn marion marsha martha
    martina mary megan melania melissa michele michelle mildred mia monica nancy naomi natalie
    nicole nikki nina nora norah olivia pam pamela patricia patty paula pauline peggy penny
    priya rachel rebecca regina rita roberta rosa rose ruth sally samantha sandra sara sarah
    sharon sheila shirley sofia sonia sophie stacey stephanie sue susan suzanne sylvia tammy
    tara teresa theresa tiffany tina tracy valerie vanessa veronica victoria virginia wanda
    wendy whitney yvonne zoe
    """ + """adriana agnes aisha alejandra alexandra allison alma amelia anastasia angelica angie
    anita annette antonia ariana arianna audrey beatrice belinda bernadette bethany bianca
    brianna brooke camila candace carla carolina cassandra catalina cecilia celeste celia
    chantal charlene chelsea christa clarissa claudette constance cora corinne cristina daphne
    darlene delia delores dina dominique doreen elisa elise eliza ella eloise elsa esther
    estelle eugenia eunice fatima felicia florence francesca gabriela genevieve geraldine
    gertrude giselle gwen gwendolyn harriet hilda ilse imelda ines irina isabella ivana jasmine
    jeanette jeannie jenna joanne jocelyn johanna josefina juanita julianne juliet karin karina
    katarina katrina keisha kristin kristina lana laurie leila lena lila liliana lillian lina
    lorena lorraine louise lourdes lucia lucille luisa lydia mabel mallory marcela margarita
    margo mariana marianne maribel marina marisa marissa marjorie marla marlene maureen maxine
    melanie melinda mercedes meredith miranda miriam molly monique muriel myra nadia nadine
    natasha nellie noemi norma odette olga paige paulette petra phyllis polly priscilla rania
    raquel renee rhonda rochelle rosalind rosemary roxanne sabrina salma selena serena shannon
    shauna sheryl sienna silvia simone sonya stella susana svetlana tamara tanya tatiana thelma
    tonya ursula vera vicki viola vivian yasmin yolanda yvette zara
    """ + """sophia jodie greta gretchen lily lilly""").split()
)


def gender_of(first: str) -> str | None:
    """'m', 'f' or None for a given name."""
    w = first.lower()
    if w in MALE:
        return "m"
    if w in FEMALE:
        return "f"
    return None
