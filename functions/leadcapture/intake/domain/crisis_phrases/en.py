"""English crisis phrasings (see `__init__.py` for how they are matched).

Written for families of phrasing, not for single sentences: the writer's own crisis and someone
else's ("my daughter says she wants to die", "he has been cutting himself"), so verbs take every
person (want/wants, doesnt/dont) and objects every reflexive (myself, himself, herself,
themselves); slang and euphemism ("kms", "unalive", "not be here anymore"); common misspellings
(suicidial, kil my slef, wnat); and plans and preparations (stockpiled pills, a rope, things given
away, goodbye notes).
"""

# Any reflexive, misspelt or not (myself, my self, myslef, mysef, meself, himself, herself,
# themselves, themself, yourself), but not "her self esteem" and the like.
_SELF = r"(?:my|me|him|his|her|them|their|your|one) ?s(?:el|le|e|l)?(?:f|ves|fs)"
_POSSESSIVE = r"(?:my|his|her|their|your)"
# Wanting, in any person and as texted.
_WANT = r"(?:want|wants|wanted|wanting|wanna|wana|wnat|wamt|wnt|wish|wishes|wished|wishing|would like|d like|long|longs|longing)"
_NOT = r"(?:dont|doesnt|didnt|do not|does not|did not|no longer|never|dnt|don t|doesn t)"
_PEOPLE = (
    r"(?:husband|wife|partner|spouse|boyfriend|girlfriend|ex|fiance|fiancee|mom|mum|mother|dad|father|parents?|son|daughter"
    r"|kids?|child|children|baby|babies|brother|sister|boss|coworker|roommate|neighbou?r|family|teacher|friend"
    r"|stepdad|stepmom|stepfather|stepmother|newborn|infant|toddler|stepson|stepdaughter)"
)
_OTHERS = rf"(?:my {_PEOPLE}|him|her|them|someone|somebody|anyone|anybody|everyone|everybody|people|others|other people)"
# After "verb + reflexive": not a figure of speech ("killing myself at the gym", "trying to please
# everyone"), an accident ("cut himself shaving", "hurt herself playing soccer"), or "her self esteem".
_NOT_FIGURATIVE = (
    r"(?! (?:esteem|worth|image|confidence|respect|care|talk|doubt|conscious|control|employed|aware\w*|help|love|some slack|out|up|down|off"
    r"|over (?:a|this|it|that|nothing)|with (?:overtime|work|stress|worry|worrying|guilt|extra \w+|long hours|deadlines)|trying|working"
    r"|studying|laughing|doing|running|training|playing|shaving|cooking|skiing|lifting"
    r"|falling|while|by accident|accidentally|for (?:a|the|this|that|work|nothing)|to (?:make|get|finish|meet|keep|pay|please|lose)"
    r"|at (?:work|the|my|practice|school|football|soccer)|on (?:this|that|a|the|some|his|her|my) (?:\w+ )?(?:job|project|glass|fence|nail"
    r"|knife|paper|can|edge|stairs|bike|trampoline|playground|stove|oven|iron|pan|grill)|in (?:a|the) (?:fall|game|match|accident|kitchen"
    r"|garden|sun|foot)|with (?:work|the iron|a knife while)|when (?:he|she|they|i) fell)\b)"
)
# "I don't want to live" but not "live with my parents", "live in this city", "live like that with him".
_NOT_A_PLACE = (
    r"(?! (?:with|at|near|there|alone|together|next|in (?!this world)|here|abroad|on|far|close|by|under|off|apart|paycheck"
    r"|like (?:that|him|her|them|my|his|a|an)|so far)\b)"
)
_ANYMORE = (
    r"(?:any ?more|no ?more|any longer|much longer|for much longer|for long|tomorrow|next (?:year|week|month)|on this earth|in this world)"
)

PATTERNS: dict[str, tuple[str, ...]] = {
    # suicide named, misspelt and in slang (suicidal, sucidal, suicidial, suisidal, su1cide, sewerslide, unalive, kms, kys, ctb)
    "su sewer unaliv kms kys ctb": (
        r"su[ia1]?[cs]{1,2}[i1]?d\w*",
        r"sewer ?slide\w*",
        r"unaliv\w*",
        r"kms|kys|ctb",
    ),
    # self harm, self delete
    "self": (
        r"self ?delet\w*",
        r"self ?(?:harm|injur|mutilat)\w*",
    ),
    # killing, hurting, cutting oneself, any person (the verb starts the match)
    (
        "kil kll off end delet neck rope roping yeet drown poison hang hung shoot shot stab burn cut hurt harm injur scratch "
        "punch hit bang carv mutilat bit starv"
    ): (
        rf"(?<!accidentally )(?:(?:kill|kil|kll)(?:s|ing|in|ed|led|ling)? ?|(?:off|end|delete|neck|rope|yeet|drown|poison|hang|shoot|stab"
        rf"|burn|cut|cuting|hurt|harm|injure|scratch|punch|hit|bang|carve|mutilate|bite)(?:s|es|ing|ed|d|t)? |hanged |hung |shot |starv\w* "
        rf"|cutting |hitting |stabbing |cutted |bit |injuring |carving |mutilating |biting |deleting |roping ){_SELF}{_NOT_FIGURATIVE}",
        r"(?:yeet|yeeting) (?:my|him|her)sel\w* off",
    ),
    # ending it, wanting it to end
    "end stop": (
        r"end(?:s|ing|ed)? (?:it|things|everything) all",
        r"end(?:ing)? this life",
        r"(?:end|ending) (?:it|things|everything|the pain) (?:permanently|for good|forever|tonight|today)",
        r"(?:want|wants|wanted|wanna|going|gonna|plans?|planning|planned|ready|decided|about|trying|tried|threaten\w*|urge|thinks?|thinking"
        r"|thought|thoughts|talks?|talking|talked|keeps? saying) (?:to |about |of )?end(?:ing)? (?:it|everything)"
        r"(?! (?:with|off|early|here|there|at|on (?:a|an|good|that)|now with|between)\b)",
        r"want (?:it|this|everything) (?:all )?to end|wants (?:it|this|everything) (?:all )?to end",
        r"(?:pain|it|everything|this) to (?:stop|end) (?:forever|permanently|for good)",
    ),
    # taking one's life, life not worth living, tired of living, wanting out of this life
    "lif lfe lyf living existing being worth world": (
        rf"(?:end|ends|ending|take|takes|taking|tak) {_POSSESSIVE} (?:own )?(?:life|lfe|lif|lyfe|lyf)",
        r"(?:life|lifes|living|my life|this life|existing)(?: is| s)? (?:just |really )?(?:isnt|is not|not|aint|no longer|never) worth"
        r" (?:it|living|the (?:pain|effort|fight|struggle))",
        r"(?:isnt|is not|not|aint|no longer) worth living",
        r"(?:want|wants|wanna|wanted) out of (?:this )?(?:life|world)",
        r"(?:tired|sick|exhausted|done|over|fed up|weary) (?:of |with )?(?:living|being alive|life|existing|this life)"
        r"(?! (?:paycheck|like|in|with|at|on|under|for|alone|here|there|coach\w*|insurance|together|apart|far|next|so far|as)\b)",
    ),
    # no reason or point to live
    "reason point purpose": (
        r"(?:no|nothing|any|see the|see any|whats the|what is the|whats even the|no more|lost (?:the|his|her|my|all)) (?:reason|point"
        r"|purpose)"
        r" (?:to|in|of|for) (?:live|living|go on|going on|keep going|keeping going|being alive|life|existing|being here)",
    ),
    # going through with it
    "through": (r"go(?:ing|es)? through with it",),
    # wanting to die, any person ('wanna dye' as texted, not 'dye my hair')
    "die dye": (
        rf"(?:{_WANT}|ready|deserve|deserves|deserved|plan|plans|planning|planned|trying|tried|praying|pray|prays|just want)"
        r" (?:to |2 |too )?(?:die|dye(?! (?:my|his|her|their|it|the|them|hair|\w+ hair)\b))"
        r"(?! (?:of|from|laughing|inside|a little|on stage|for (?:a|the|my|his|her|this|that))\b)",
    ),
    # sleeping forever, disappearing for good
    "sleep asleep die away disap dissap": (
        r"(?:sleep|asleep) forever",
        r"(?:sleep|die|asleep|go away|disappear) and (?:never|not) (?:wake up|wake|come back|return)",
        r"di(?:s|ss)a(?:p|pp)ear\w* (?:forever|for good|and never (?:come|coming) back|permanently|from (?:this|the) (?:world|earth"
        r"|planet))",
    ),
    # thinking and talking about death or dying
    "end death dying die here around alive": (
        r"(?:think\w*|thoughts?|talk\w*|dream\w*|obsess\w*|fixat\w*|preoccupied|joking|jokes|write|writes|writing|posts?|posting|posted)"
        r" (?:a lot |all the time |constantly |so much )?(?:about|of|with|on) (?:ending it(?! with)|death|dying|wanting to die|how to die"
        r"|not (?:being|wanting to be) (?:here|around|alive))",
    ),
    # wishing, hoping or praying to be dead, not to wake up, to be hit
    "wish hope hoping pray": (
        r"wish(?:es|ed)? (?:that )?(?:i|he|she|they) (?:was|were|could be|would be) dead",
        r"wish(?:es|ed)? (?:that )?(?:i|he|she|they) (?:could|would) (?:just )?(?:die|disappear|not wake up|sleep forever)",
        r"wish(?:es|ed)? (?:that )?(?:i|he|she|they) (?:had|was|were|d)? ?never (?:been )?born",
        r"(?:hope|wish|pray)\w* (?:that )?(?:i|he|she|they) (?:just )?(?:dont|do not|never|wont|will not|doesnt|does not) wake up",
        r"(?:hope|hoping|wish|wishing|pray|praying|prays) (?:not to|to not|i dont|to never) wake up",
        r"(?:hope|hoping|wish|wishing|pray|praying)\w* (?:that |to )?(?:i |he |she |they )?(?:get|gets|got|be) (?:hit|run over|killed)",
        r"(?:wish|hope|pray)\w* (?:that )?(?:someone|somebody|something|a (?:car|bus|truck|train)|god) (?:would |will |could "
        r"|d )?(?:just )?"
        r"(?:kill|take|hit|run over|runs over|(?:run|runs) (?:me|him|her|them) over) ?(?:me|him|her|them)?",
    ),
    # better off dead, better off without me
    "better happier": (
        r"(?:better|happier) (?:off )?dead",
        r"better (?:off )?without me",
        r"(?:says|said|saying|thinks|feels|believes|convinced|told (?:me|us)|texted|wrote) (?:that )?(?:\w+ ){0,3}"
        r"(?:better|happier) (?:off )?without (?:him|her|them)",
        r"(?:happier|better) (?:off )?if (?:i|he|she|they) (?:was|were|am|is) (?:dead|gone|not around|not here)",
    ),
    # rather be dead, might as well die, nobody would care if I died
    "dead might may care notice miss matter": (
        r"(?:rather|want to|wants to|wanna|wish to|wishes to|should|like to) be dead",
        r"(?:might|may) as well (?:be dead|die|not exist|not be here)",
        r"(?:care|notice|miss (?:me|him|her|them)|matter) if (?:i|he|she|they) (?:died|die|dies|was gone|were gone|disappeared|wasnt here"
        r"|werent here)",
        r"(?:dont|doesnt|do not|does not|didnt|wouldnt) (?:even )?care (?:if|whether) (?:i|he|she|they) (?:live|lives|die|dies|wake up"
        r"|wakes up)",
    ),
    # a burden
    "burden": (
        r"(?:im|i am|i m|hes|he is|shes|she is|theyre|they are|feel like|feels like|feeling like|says (?:he|she|they) (?:is|are))"
        r" (?:such |just |only |nothing but )?a burden",
    ),
    # not wanting to live, to be alive, to wake up; any person ('idw' as texted)
    "liv idw alive exist wak stay here around": (
        r"idw(?:t|2)? (?:to |2 )?(?:live|be alive|exist|be here|wake up)",
        rf"{_NOT} (?:really |even )?(?:{_WANT}|feel like|feels like|care to) (?:to |2 |too )?(?:live|liv|keep living"
        rf"|stay alive){_NOT_A_PLACE}",
        rf"{_NOT} (?:really |even )?(?:{_WANT}|feel like|feels like) (?:to |2 )?wake up(?! (?:early|at|for|in the morning|so early|before"
        rf"|on time)\b)",
        r"(?:want|wants|wanna|wanted|wish|wishes|like|prefer) (?:to )?(?:not|stop) (?:exist|existing|be alive|being alive|wake up|waking up"
        rf"|be here(?= {_ANYMORE}|$)|be around(?= {_ANYMORE}|$)|living{_NOT_A_PLACE}|live{_NOT_A_PLACE})",
        r"(?:no|lost (?:the|my|his|her|their|all)|lost all|losing (?:the|my|his|her|their)) will to live",
        r"nothing (?:left )?to live for",
    ),
    # not wanting to go on, can't keep going
    "alive exist survive here around go keep": (
        rf"{_NOT} (?:really |even )?(?:{_WANT}|feel like|feels like) (?:to |2 )?(?:be alive|exist|survive|be here(?= {_ANYMORE}|$)"
        rf"|be around(?= {_ANYMORE}|$)|go on(?! (?:a|an|the|vacation|holiday|trips?|dates?|with|this|that|his|her|my|medication|meds|to)\b)"
        r"|keep going(?! (?:to|back|with|there|out)\b))",
        r"(?:cant|can not|cannot|couldnt|dont know how to|cant keep) (?:go on|keep going|going on)"
        r"(?! (?:a|an|the|my|vacation|holiday|trips?|dates?|with (?!this|life|living)|to|like this with)\b)",
        r"(?:cant|can not|cannot) (?:keep|go on) living like this",
    ),
    # not being here or around anymore, after I'm gone
    "here around alive born gone dead": (
        rf"not (?:be|being) (?:here|around|alive) {_ANYMORE}",
        rf"(?:i|im|he|hes|she|shes|they|theyre|ill|hell|shell)(?: (?:just|probably|really|honestly|simply))? (?:wont|will not"
        rf"|am not going to"
        rf"|is not going to|isnt going to|are not going to|arent going to|not going to|not gonna)"
        rf" be (?:around|here|alive) (?:{_ANYMORE}|by (?:then|\w+)|to see)",
        rf"dont think (?:i|he|she|they) ?(?:ll|will) be (?:around|here|alive) (?:{_ANYMORE}|by)",
        r"(?:cant|cannot|can not|dont|doesnt|couldnt) (?:see|picture|imagine) (?:myself|me|himself|herself|themselves)"
        r" (?:being |still )?(?:alive|here|around) (?:next|in|by|at|for|much)",
        r"if (?:i|he|she|they) (?:just )?(?:wasnt|was not|werent|were not) (?:around|here|alive|born)",
        r"(?:after|when|once) (?:im|i am|i m) (?:gone|dead|not here|not around|no longer here)",
    ),
    # not making it to next week
    "make survive last": (
        r"(?:dont think|not sure|doubt) (?:i|he|she|they) ?(?:ll|will|can|is going to|am going to|m going to) (?:make it|survive|last)"
        r" (?:to|through|until|past|till) (?:next (?:week|month|year)|tomorrow|the (?:weekend|night|end of the week)|tonight)",
    ),
    # leaving this world
    "world earth planet": (r"(?:leave|leaving|left|dip|dipping|exit|exiting|go|gone|get out) (?:from |of )?this (?:world|earth|planet)",),
    # my own funeral
    "funeral grave": (r"my (?:own )?(?:funeral|grave)|(?:his|her|their) own (?:funeral|grave)",),
    # on a bridge or ledge now, the highest bridge
    "bridge ledge roof cliff railing overpass highest tallest building": (
        r"(?:is|im|i am|s|standing|sitting|stood|sat) (?:on|at) (?:the|a) (?:edge of (?:the|a) )?(?:bridge|ledge|roof|rooftop|cliff|railing"
        r"|overpass)"
        r" (?:right )?now",
        r"(?:highest|tallest) (?:bridge|building|cliff|parking garage|roof)|(?:bridge|building"
        r"|cliff) (?:\w+ ){0,3}(?:is )?(?:the )?(?:highest"
        r"|tallest)",
    ),
    # checking out for good
    "check": (r"check(?:s|ing|ed)? out (?:for good|permanently|early|of (?:this )?life|forever)",),
    # no way out, ways and methods, how much it takes
    "way painless method how": (
        r"(?:dont|do not|doesnt|does not|cant|cannot|can not) see (?:a|any) way out",
        r"how (?:much|many) (?:\w+ ){0,4}(?:would|to|it takes to|does it take to|would it take to|is|are|would be) (?:take|kill|die"
        r"|overdose|od"
        r"|be lethal|lethal|fatal|deadly|not wake up|enough to die)",
        r"painless(?:ly)? (?:ways?|methods?|death|to die|way to go|way out|ways to go)|ways? to go painlessly",
        rf"(?:ways?|how|methods?) to (?:die|end it|end {_POSSESSIVE} life|kill ?{_SELF})",
    ),
    # goodbye notes and letters
    "goodby farewell letters": (
        r"(?:goodbye|farewell) (?:note|letter|message|text|post|video)s?",
        r"(?:texted|messaged|posted|sent|wrote) (?:me |us |everyone |all of us |his friends |her friends )?(?:a )?(?:goodbye|farewell)"
        r"(?! (?:email|card|party|lunch|gift|drinks|to (?:the|his|her|my) (?:job|office|team|coworkers|colleagues))\b)",
        r"said (?:my|his|her|their) goodbyes",
        r"(?:wrote|writing|written|write|left|leaving) (?:\w+ )?letters (?:to|for) (?:everyone|everybody|all|each|the people i love"
        r"|my (?:family|kids|children))",
    ),
    # a danger to oneself
    "danger": (r"danger to (?:my ?self|him ?self|her ?self|them ?selves|others)",),
    # a rope or noose
    "noose rope": (
        r"noose",
        r"(?:bought|buy|buying|got|found|hid|hidden|hiding|tied|tying|tie|made|making|hung|hanging) (?:a |the |some |his |her |my )?rope"
        r"(?! (?:for (?:climbing|camping|the boat|a swing|the swing)|swing|ladder|course|toy|light)\b)",
        r"rope (?:to|on|around|from|over) (?:a |the |my |his |her )?(?:beam|ceiling|fan|rafters?|tree|branch|neck|closet|door|railing"
        r"|banister"
        r"|hook|pipe)",
        r"(?:gonna|going to|just|might|will|wanna|want to|to) rope(?! (?:in|off|him|her|them|someone|it|a)\b)",
    ),
    # the means kept ready
    "pill med tablet rope gun blade razor knife": (
        r"(?:pills|meds|tablets|rope|gun|blades?|razors?) (?:\w+ ){0,4}(?:for when|just in case|for the day)",
        r"(?:pills|gun|rope|knife|blade|razor) (?:is |are )?ready",
    ),
    # a gun
    "gun blow blew eat use using turn": (
        r"gun (?:to|in|against) (?:my|his|her|their) (?:head|mouth|temple|chin)",
        r"(?:blow|blew|blowing) (?:my|his|her|their) (?:brains|head) (?:out|off)",
        r"(?:eat|eating) (?:a bullet|my gun|his gun|her gun)",
        rf"(?:use|using|turn|turning) (?:it|a gun|the gun|his gun|pills|a knife|the knife) on {_SELF}",
    ),
    # an overdose, pills taken or saved up
    "overdos lethal fatal deadly od pill med tablet tylenol painkiller sleeping antidepress insulin opioid": (
        r"overdos\w*",
        r"(?:lethal|fatal|deadly) (?:dose|amount|quantity)",
        r"od(?:d|ed|ing)? on",
        r"(?:took|take|taking|takes|swallowed|swallow|swallows|downed|popped|ate) (?:a |the |too |way too )?(?:whole |entire )?"
        r"(?:all|bunch|lot|handful|bottle|box|load|ton|fistful|pack|packet|many|much)s?(?: of)?(?: my| the| those| these| her| his| their)?"
        r"(?: \w+)? (?:pills|tablets|meds|medications?|tylenol|painkillers|sleeping pills|antidepressants)",
        r"(?:sav|stockpil|hoard|stash|collect|gather|squirrel)\w* (?:up |away )?(?:all )?(?:of )?(?:my |his |her |their |some |the |extra "
        r"|a lot of |lots of |a bunch of )?"
        r"(?:\w+ )?(?:pills|meds|medications?|tablets|painkillers|insulin|tylenol|antidepressants|opioids)",
        r"(?:stash|stockpile|hoard|supply) of (?:\w+ )?(?:pills|meds|medications?|tablets|painkillers)",
        r"enough (?:\w+ )?(?:pills|meds|tablets|tylenol|insulin|medication) (?:to|saved|stashed|stockpiled)",
    ),
    # jumping, stepping in front of a train, driving off the road
    "jump throw threw step walk drive driving crash swerv steer": (
        r"(?:jump|jumps|jumping|jumped|throw \w+|throwing \w+|threw \w+) (?:off|from|in front of|under) (?:a |the |my |his |her )?(?:\w+ )?"
        r"(?:bridge|building|roof|rooftop|train|balcony|cliff|bus|car|truck|window|overpass|garage|tower|ledge|platform|subway)",
        r"(?:step|steps|stepping|stepped|walk|walks|walking|walked) (?:in front of|into) (?:a |the |an )?(?:train|bus|truck|car|traffic"
        r"|oncoming traffic)",
        r"(?:want|wants|wanted|going|gonna|thinking about|thought about|think about|thoughts of|urge to|urges to|tempted to|considered"
        r"|considering)"
        r" (?:to )?(?:drive|driving|crash|crashing|swerv\w*|steer\w*) (?:\w+ ){0,3}(?:into|off) ",
    ),
    # blades hidden, bleeding
    "slit razor blade sharpener bleed bled": (
        r"slit(?:s|ting)? (?:my|his|her|their) (?:wrists?|throat)",
        r"(?:hid|hides|hiding|hidden|stash\w*|found) (?:\w+ ){0,2}(?:razor ?blades?|razors|blades|a blade|sharpener blades?)",
        r"(?:razor ?blades?|razors|blades) (?:\w+ )?(?:hidden|stashed|under (?:my|his|her|their) (?:bed|mattress|pillow))",
        r"until (?:i|he|she|they) (?:bleed|bleeds|bled)",
    ),
    # a date or method picked
    "picked chose set decided": (
        r"(?:picked|chose|chosen|set|decided on) (?:a|the) (?:date|day|time|place|spot|method|bridge|tree)(?! (?:for|to|of|off|out"
        r"|with)\b)",
    ),
    # things given away
    "giv gave": (
        r"(?:giv|gave|give)\w* away (?:all )?(?:of )?(?:my|his|her|their) (?:\w+ )?(?:things|stuff|belongings|possessions|valuables|tools"
        r"|guitar"
        r"|games|jewelry|pets?|cats?|dogs?|collection)(?!(?: \w+){0,5} (?:mov\w*|relocat\w*|declutter\w*|downsiz\w*|charity|donat\w*|garage"
        r"|yard))",
    ),
    # cutting, burning, scratching, any person
    "cut carv burn scratch fresh self": (
        r"(?:cut|cuts|cutting|cuting|carv\w*|burn\w*|scratch\w*) (?:on )?(?:my|his|her|their|your) (?:own )?"
        r"(?:arms?|wrists?|legs?|thighs?|skin|stomach|body|hips?|forearms?)(?! (?:on (?:a|the)|by accident)\b)",
        r"(?:cuts|burns|fresh scars|fresh wounds|self inflicted \w+) (?:on|all over) (?:my |his |her |their )?(?:\w+ )?"
        r"(?:arms?|wrists?|legs?|thighs?|stomach|skin|body|forearms?)",
        r"(?:is|s|been|started|start|starting|keeps|kept|still|back to|relapsed on|relapsed into|stop|stopped|quit|about|caught (?:him|her"
        r"|them))"
        r" cutting(?! (?:class|classes|school|corners|back|down|out|ties|hair|paper|wood|grass|the|off|up|carbs|sugar|calories|costs|me"
        r"|him|her"
        r"|them|in|onions|vegetables|meat|it|things|a|an|his|her|my|their|through|across|people|friends|contact)\b)",
        r"cutting again",
    ),
    # harm to others, and danger from someone
    "kill murder hurt harm stab strangl chok shoot homicid threat": (
        rf"(?<!\bis )(?<!\bare )(?<!\bs )(?<!\bre )(?:kill|killing|murder|murdering) {_OTHERS}(?! (?:feelings|a|an|back|if|for|lol"
        rf"|haha)\b)",
        rf"(?:hurt|hurting|harm|harming|stab|stabbing|strangle|strangling|choke|choking|shoot|shooting) {_OTHERS}"
        r"(?! (?:feelings|a|an|back|lol|haha|by)\b)",
        r"homicid\w*",
        r"threat\w* to (?:kill|hurt|harm|shoot|stab) (?:me|my)",
        r"(?:said|says|swore|told me|threatens?) (?:that )?(?:he|she|they)(?:d|ll| would| will| is going to| was going to"
        r"| is gonna) kill me",
    ),
}

# Not the writer's crisis, or not now: someone's completed suicide or fatal overdose (grief), a
# past that is over (an attempt or self-harm years ago, "havent self harmed in 5 years"), a crisis
# denied ("im not suicidal"), work with other people's crises, and a relative's terminal illness.
# Each is blanked out before matching, so a crisis phrasing beside it still flags the message.
_LONG_AGO = (
    r"(?:(?:\d+|a few|few|many|several|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty) (?:years|decades) ago|years ago"
    r"|decades ago|long ago|a long time ago|ages ago|long gone|in (?:my|his|her|their) past|in the past"
    r"|when (?:i|he|she|they|we) (?:was|were) (?:a |an |in |\w+ )?(?:kid|child|teen|teenager|little|young|younger|baby|\d+|high school"
    r"|middle school|college|school|my teens|his teens|her teens)"
    r"|as a (?:kid|child|teen|teenager)|in (?:high school|middle school|college|my (?:teens|twenties|20s|early \w+|late \w+)|(?:19|20)\d\d)"
    r"|back in (?:\w+ )?(?:19|20)?\d\d|growing up|at (?:age )?\d\d?)"
)
_PAST_ACT = (
    r"(?:(?:attempted|tried|survived|made|had) (?:to )?(?:suicide|kill \w+sel\w+|take (?:my|his|her|their) (?:own )?life|end (?:my|his|her"
    r"|their) (?:own )?life|overdose|hang \w+sel\w+|an attempt|a (?:suicide )?attempt|suicide attempts?)"
    r"|(?:used to|would) (?:self harm|cut|hurt|harm|burn|scratch)\w*(?: \w+sel\w+)?|self harmed|was self harming|was cutting"
    r"|overdosed|od d|shot \w+sel\w+|was suicidal|was hospitali[sz]ed(?: for (?:\w+ )?(?:suicidal \w+|suicide|self harm|an overdose"
    r"|depression))?"
    r"|had suicidal (?:thoughts|ideation|feelings)|suicidal (?:thoughts|ideation|feelings))"
)
_GAP = r"(?:(?!(?:now|but|and|again|still|today|tonight|lately|recently|currently|this|last|yesterday)\b)\w+ )"

CONTEXT: dict[str, tuple[str, ...]] = {
    # someone's completed suicide or fatal overdose
    "died dies death lost commit killed hanged hung took ended taken suicid fatal accidental overdos": (
        r"(?:died|dies|death|deaths) (?:by|of|from) suicide",
        r"lost (?:\w+ ){1,3}to (?:an |a )?(?:suicide|overdose)",
        r"(?<!\bi )(?<!\balmost )(?<!\bnearly )committed suicide",
        r"(?<!almost )(?<!nearly )(?<!could have )(?<!couldve )(?<!practically )(?<!basically )(?<!tried and )"
        r"(?:killed|hanged|hung) (?:him|her|them)sel(?:f|ves)",
        r"(?:took|ended|taken) (?:his|her|their) (?:own )?life",
        r"(?:his|her|their|\w+s) suicide(?! (?:attempts?|risk|threats?|plans?|watch|ideation|thoughts|note)\b)",
        r"(?:died|dies|death|deaths) (?:of|from) (?:an |a )?(?:accidental )?(?:overdose|od)|(?:fatal|accidental) overdose|overdose death",
    ),
    # suicide or self harm as a topic of work or study
    "suicid self overdos": (
        r"suicide (?:prevention|awareness|loss|bereavement|rates?|statistics|postvention|research|training|screening|survivors?|grief"
        r"|anniversary|risk assessments?)",
        r"self ?harm (?:awareness|prevention|training|research)",
        r"(?:see|sees|seeing|treat|treats|treating|handle|handling|respond to|responding to|deal with|dealing with|work with|working with)"
        r" (?:\w+ )?(?:overdoses|suicidal (?:patients|clients|students|youth|teens|people|callers)|suicide (?:cases|attempts|calls)"
        r"|self harm(?:ing)? (?:patients|clients|students|cases))",
    ),
    # a past that is over
    "attempted tried survived made had used would self was overdosed od shot suicidal hav has": (
        rf"{_LONG_AGO} {_GAP}{{0,4}}{_PAST_ACT}|{_PAST_ACT} {_GAP}{{0,5}}{_LONG_AGO}",
        r"(?:havent|hasnt|have not|has not|hadnt|had not) (?:\w+ )?(?:self harmed|self harm|cut|harmed|hurt|attempted|tried|relapsed"
        r"|been suicidal|felt suicidal|had suicidal thoughts)\w*(?: \w+sel\w+)? (?:in|for|since) (?:over |more than |almost |nearly )?"
        r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|many|several|a few|years|months|ages|a long time|high school"
        r"|college)",
    ),
    # a crisis denied
    "suicid self hurting killing harming ending myself": (
        r"(?:not|never|no|no longer|nor|without|deny|denies|denied|dont have|do not have|havent had|have not had|havent been|have not been)"
        r" (?:(?:any|really|actually|currently|ever|been|feeling|felt|having|had|at all|a|an|active|current|recent|history of|attempted"
        r"|tried)"
        r" )*(?:suicidal|suicide|self harm\w*|self injur\w*)(?: (?:thoughts?|ideation|feelings|urges|plans?|intent|attempts?|history|risk"
        r"|tendencies|behaviou?rs?))?",
        r"(?:no|not|never|nor|without|dont have|do not have|havent had) (?:any )?(?:thoughts?|plans?|intent|intention|urges?) (?:of|about"
        r"|to)"
        r" (?:suicide|self harm|hurting myself|killing myself|harming myself|ending my life|hurting anyone|hurting others|harming others)",
        r"(?:would|will|could|d) never (?:hurt|kill|harm) myself|(?:not|never) (?:going|gonna) to (?:hurt|kill|harm) myself",
    ),
    # a relative's terminal illness
    "cancer hospice terminal palliative dementia stage dying doctor": (
        r"(?:cancer|hospice|terminal\w*|palliative|dementia|stage (?:4|four|iv)|dying of \w+|doctors? (?:say|said|says|gave))"
        r"(?: \w+){0,6}? (?:wont|will not|isnt going to|not going to) be (?:around|here|alive|with us)",
    ),
}
