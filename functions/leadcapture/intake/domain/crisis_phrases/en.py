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
# The word itself, misspelt or not (suicide, suicidal, sucidal, suicidial, suisidal, su1cide).
_SUICIDE = r"su[ia1]?[cs]{1,2}[i1]?d\w*"
# "He'll", "she's going to", "they would": someone about to do something (folded: hell, shes, theyd).
_THEY_WILL = (
    r"(?:hed|hell|shed|shell|theyd|theyll|(?:he|she|they|hes|shes|theyre)(?: (?:is|was|are|were|will|would|is going to|was going to"
    r"|are going to|going to|gonna|is gonna|might|could|can|wants to))+)"
)
# Medicines by kind and by name, as people write them.
_PILLS = (
    r"(?:pills|tablets|meds|medications?|medicines?|tylenol|painkillers|pain meds|pain pills|sleeping pills|antidepressants|advil"
    r"|ibuprofen|aspirin|acetaminophen|paracetamol|benadryl|ambien|xanax|klonopin|ativan|valium|benzos|oxy\w*|percocet|vicodin"
    r"|opioids|fentanyl|lithium|seroquel|zoloft|prozac|lexapro|insulin|heart pills|blood pressure pills)"
)
_ANYMORE = (
    r"(?:any ?more|no ?more|any longer|much longer|for much longer|for long|tomorrow|next (?:year|week|month)|on this earth|in this world)"
)

PATTERNS: dict[str, tuple[str, ...]] = {
    # suicidal said of someone now, its thoughts had now, suicide thought about or planned (the bare
    # word is a mention, `MENTIONS`); slang (sewerslide, unalive, kms, kys, ctb)
    # suicidal said of someone now, its thoughts had now, suicide thought about or planned (the bare word is a mention, `MENTIONS`)
    "suic suis suac suas su1c su1s succ sucs suci suc1 sucd suss susc susi sus1 susd overdos self thought": (
        rf"(?:im|i am|i m|feel|feels|feeling|felt|been|getting|get|gets|got|am|is|hes|shes|theyre|he is|she is|they are|becoming"
        rf"|become|sounds|sounded|seems|seemed|still|again|actively|passively) (?:so |really |very |pretty |quite |extremely |more "
        rf"|increasingly |kind of |kinda |a bit |a little |actively |passively |severely |super |like |very very )?{_SUICIDE}"
        r"(?! (?:patients|clients|students|callers|youth|teens|people|characters?|person)\b)",
        rf"(?:ive|i have|i ve|been|having|have|get|getting|gets|keep|keeps|still|started|start|starting|experiencing|struggling with"
        rf"|battling|fighting|constant|daily|intrusive|passive|active|recurring|new|strong|my|these) (?:\w+ ){{0,2}}"
        rf"(?:{_SUICIDE} (?:thoughts|ideation|feelings|urges|impulses|thinking)|thoughts (?:of|about) (?:{_SUICIDE}|killing \w+sel\w+"
        r"|ending (?:it|my life)|death|dying|self ?harm\w*|overdos\w*))",
        rf"(?:think|thinks|thinking|thought|dream\w*|obsess\w*|fantasi[sz]\w*|consider\w*|contemplat\w*|plan|plans|planning|planned"
        rf"|googl\w*|search\w*|look\w* up|researching|researched) (?:a lot |about |of |on |up |seriously |constantly )?(?:about |of )?"
        rf"(?:{_SUICIDE}|overdos\w*|self ?harm\w*)",
        rf"{_SUICIDE} (?:methods?|plans?|notes?|letters?|pact|kit|hotspots?)",
    ),
    # slang: sewerslide, unalive, kms, kys, ctb
    "sewer unaliv kms kys ctb": (
        r"sewer ?slide\w*",
        r"unaliv\w*",
        r"kms|kys|ctb",
    ),
    # self harm done now or wanted, any person (the bare words are a mention, `MENTIONS`); self delete
    "self": (
        r"self ?delet\w*",
        r"(?:is|are|am|im|been|keeps|keep|kept|started|start|starting|still|stop|stopped|quit|caught \w+|back to|went back to"
        r"|relapsed (?:into |on |with )?|hes|shes|theyre) (?:\w+ )?self ?(?:harming|injuring|mutilating)",
        r"(?:i|he|she|they|we) (?:still |sometimes |often |have |has |had |just |always |recently )?self ?(?:harm|harms|harmed|injure"
        r"|injures|injured)(?! (?:in|when (?:i|he|she|they) (?:was|were))\b)",
        r"(?:urges? to|urge|want to|wants to|wanna|tempted to|going to|gonna|might|afraid (?:i|he|she|they) (?:ll|will|might))"
        r" self ?(?:harm|injure)",
        r"self ?harm(?:ed|ing)? (?:again|last night|tonight|yesterday|this (?:week|morning)|every day|daily)",
    ),
    # killing, hurting, cutting oneself, any person (the verb starts the match)
    "kil kll mys mes hims hiss hers thems theirs yours ones self selv slef slev sef sev slf slv sf sves yeet": (
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
        r"|thought|thoughts|talks?|talking|talked|keeps? saying|feel like|feels like|felt like|feeling like|close to|closer to|tempted"
        r"|courage to|guts to|nerve to|strength to|courage to just|guts to just"
        r"|considering|consider) (?:to |about |of )?end(?:ing)? (?:it|everything)"
        r"(?! (?:with|off|early|here|there|at|on (?:a|an|good|that)|now with|between)\b)",
        r"want (?:it|this|everything) (?:all )?to end|wants (?:it|this|everything) (?:all )?to end",
        r"(?:pain|it|everything|this) to (?:stop|end) (?:forever|permanently|for good)",
        r"(?:want|wants|need|needs|wish|just want) (?:the|this|my|it all|everything|it) (?:\w+ ){0,4}to (?:stop|end|go quiet|go away"
        r"|be over) (?:permanently|forever|for good)",
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
        r" (?:to|in|of|for) (?:live|living|go on|going on|keep going|keeping going|being alive|life|existing|being here|waiting|trying"
        r" anymore|any of it|anything)(?! (?:to|for|on|until|till|at)\b)",
    ),
    # going through with it
    "through": (r"go(?:ing|es)? through with it",),
    # wanting to die, any person ('wanna dye' as texted, not 'dye my hair')
    "die dye": (
        rf"(?:{_WANT}|ready|deserve|deserves|deserved|plan|plans|planning|planned|trying|tried|praying|pray|prays|just want)"
        r" (?:to |2 |too )?(?:die|dye(?! (?:my|his|her|their|it|the|them|hair|\w+ hair)\b))"
        r"(?! (?:of|from|laughing|inside|a little|on stage|for (?:a|the|my|his|her|this|that))\b)",
    ),
    # wanting to go and be with someone who died; stopping one's medicines to die
    "go join purpose deliberat intentional die": (
        r"(?:want|wants|wanted|wanting|wanna|ready|long|longs|longing|wish|wishes|wishing|just want|saying (?:she|he|they|i) (?:wants?"
        r"|is ready|am ready)) to (?:go (?:and )?be with|join) (?:him|her|them|dad|mom|mum|my \w+|his \w+|her \w+|their \w+|grandma"
        r"|grandpa|jesus|god)(?: (?:in heaven|up there|on the other side|in death|again))?(?! (?:at|for|on|in|to|this|next|when|tonight"
        r"|after|s|and the|and his|and her)\b)",
        r"(?:stopped|stop|stopping|quit|quitting|refus\w*|not) (?:taking |to take )?(?:her|his|my|their) (?:\w+ )?(?:meds|medications?"
        r"|pills|insulin|medicine|tablets|dialysis|treatment)(?: \w+){0,4} (?:on purpose|deliberately|intentionally|so (?:she|he|i|they)"
        r" (?:can|could|would|will) die|to die|because (?:she|he|i|they) (?:wants?|wanted) to die)",
    ),
    # sleeping forever, disappearing for good
    "sleep asleep die away disap dissap": (
        r"(?:sleep|asleep) forever",
        r"(?:sleep|die|asleep|go away|disappear) and (?:never|not) (?:wake up|wake|come back|return)",
        r"(?:go to sleep|fall asleep|sleep) and (?:stay there|stay asleep|stay that way|stay under)",
        r"di(?:s|ss)a(?:p|pp)ear\w* (?:forever|for good|and never (?:come|coming) back|permanently|from (?:this|the) (?:world|earth"
        r"|planet))",
    ),
    # thinking and talking about death or dying
    "end death dying die here around alive": (
        r"(?:think\w*|thoughts?|talk\w*|dream\w*|obsess\w*|fixat\w*|preoccupied|joking|jokes|write|writes|writing|posts?|posting|posted)"
        r" (?:a lot |all the time |constantly |so much )?(?:about|of|with|on) (?:ending it(?! with)|death|dying|wanting to die|how to die"
        r"|not (?:being|wanting to be) (?:here|around|alive))",
    ),
    # death as the only way out; wanting to be in the ground
    "way option answer solution choice escape exit only ground six grave coffin box pushing buried dirt": (
        rf"(?:dying|death|{_SUICIDE}|killing \w+sel\w+|ending it|ending (?:my|his|her|their) life|to die|dead) (?:is|seems|feels like"
        r"|looks like|would be|is becoming|sounds like) (?:the|my|his|her|their) (?:only |best |last |easiest |one )?(?:way out|option"
        r"|answer|solution|choice|escape|way|exit)",
        r"only (?:way out|option|answer|solution|escape|choice) (?:left )?(?:is|would be|i see is|i can see is) (?:to )?(?:die|death|dying"
        rf"|{_SUICIDE}|kill|end it|ending it|to end|end my life)",
        r"(?:want|wants|wanna|wish|wishes|ready|rather|should|deserve|deserves|belong|belongs|better off|need|needs) (?:to )?(?:be )?"
        r"(?:just )?(?:in the ground|six feet under|in a (?:grave|coffin|box)|pushing up daisies|dead and buried|in the dirt)"
        r"(?! (?:with|for|at)\b)",
    ),
    # wishing, hoping or praying to be dead, not to wake up, to be hit
    "wish hope hoping pray": (
        r"wish(?:es|ed)? (?:that )?(?:i|he|she|they) (?:was|were|could be|would be) dead",
        r"wish(?:es|ed)? (?:that )?(?:i|he|she|they) (?:could|would) (?:just )?(?:die|disappear|not wake up|sleep forever)",
        r"wish(?:es|ed)? (?:that )?(?:i|he|she|they) (?:had|was|were|d)? ?never (?:been )?born",
        r"(?:half )?(?:hop(?:e|es|ed|ing)|wish\w*|pray\w*) (?:that )?(?:i|he|she|they) (?:just )?(?:dont|do not|never|wont|will not|doesnt"
        r"|does not) (?:wake up|come back|come out of it|make it|survive)",
        r"(?:hop(?:e|es|ed|ing)|wish\w*|pray\w*) (?:that )?(?:i|he|she) (?:get|gets|got|have|has|had|catch|catches) (?:cancer"
        r"|a heart attack"
        r"|an aneurysm|a stroke|something fatal|something terminal)",
        r"(?:hope|hoping|wish|wishing|pray|praying|prays) (?:not to|to not|i dont|to never) wake up",
        r"(?:hope|hoping|wish|wishing|pray|praying)\w* (?:that |to )?(?:i |he |she |they )?(?:get|gets|got|be) (?:hit|run over|killed)",
        r"(?:wish\w*|hop(?:e|es|ed|ing)|pray\w*) (?:that )?(?:someone|somebody|something|a (?:car|bus|truck|train)|god) (?:would |will "
        r"|could "
        r"|d )?(?:just )?"
        r"(?:kill|take|hit|run over|runs over|(?:run|runs) (?:me|him|her|them) over) ?(?:me|him|her|them)?",
    ),
    # better off dead, better off without me
    "better happier lighter easier fine okay ok freer": (
        r"(?:better|happier) (?:off )?dead",
        r"better (?:off )?without me",
        r"(?:world|everyone|everybody|family|they|we|you|kids|life|things) (?:would|d|will) be (?:so |much |a lot )?(?:better|lighter"
        r"|happier"
        r"|easier|fine|okay|ok|freer) without (?:me|him|her|them)(?: in it| around| here)?",
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
    # cannot keep oneself safe, afraid of what one might do
    "safe what something": (
        rf"(?:cant|cannot|can not|couldnt|unable to|not able to|dont know if (?:i|he|she|they) can|not sure (?:i|he|she|they) (?:can"
        rf"|could)|dont think (?:i|he|she|they) (?:can|could)|doubt (?:i|he|she|they) (?:can|could)|struggling to|hard to|harder to"
        rf"|how (?:do|can) i|help (?:me|him|her|them)) keep {_SELF} safe",
        rf"(?:not|dont|doesnt|no longer|never) (?:feel |feels |feeling )?safe (?:with|from|around|alone with|by) {_SELF}",
        r"(?:scared|afraid|terrified|frightened|fearful|worried) (?:of|about) what (?:i|he|she|they|ill|hell|shell|theyll|id|hed|shed"
        r"|theyd) ?(?:might|may|could|will|would|ll"
        r"|d|am going to|m going to|is going to|s going to) do(?! (?:next|for|about|with|at|in|after|if (?:i|he|she|they) (?:lose|get"
        r"|dont))\b)",
        r"(?:scared|afraid|terrified|worried|fear|frightened)(?: that)? (?:i|he|she|they|ill|hell|shell|theyll|id|hed|shed|theyd)(?: ll"
        r"| will| might| may| could| would| d"
        r"| am going to| m going to| is going to| s going to)? (?:do something|snap|lose (?:it|control)) (?:stupid|drastic|terrible|bad"
        r"|awful|worse|dangerous|permanent|irreversible|i cant take back|to (?:myself|himself|herself|him|her|them|the baby|my \w+"
        r"|someone))",
    ),
    # a farewell without a word of death: thanks for everything, done, take care of mom
    "thank done": (
        r"thank(?:ed|s|ing)? (?:me|us|everyone|them|you) for (?:being (?:a )?(?:good|great|the best|wonderful|amazing) (?:son|daughter"
        r"|kid|child|friend|brother|sister|mom|dad|mother|father|wife|husband|partner)|everything(?: \w+){0,3} (?:goodbye|bye|done"
        r"|gone|love you))",
        r"(?:im|i am|hes|shes|he is|she is) (?:just )?done(?: \w+){0,4} (?:take care of|look after|tell (?:mom|dad|them|everyone|my \w+)"
        r" i love|thank\w* (?:me|us|you) for)",
    ),
    # slang: catching the bus (ctb); nothing left for me
    "catch nothing": (
        r"(?:ready|want|wants|wanna|gonna|going|time|about|planning|plan|gotta) to catch the bus(?! (?:to|at|home|from|in|every"
        r"|downtown|back|into|for|with|again|tomorrow|today|tonight|after|this|there|because|so|on|or)\b)",
        r"nothing (?:left )?(?:for me|to (?:live|stay) for)(?! (?:to do|at|in (?!this (?:world|life))|on|with|but|to)\b)",
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
        r"(?:because|cause|cuz|since|as) (?:i|he|she|they) (?:wont|will not|am not going to|m not going to|is not going to"
        r"|isnt going to|s not going to) be (?:here|around|alive)(?! (?:for|on|at|in|next|this|tomorrow|when)\b)",
        rf"not (?:be|being) (?:here|around|alive) {_ANYMORE}",
        r"(?:is|s|be|am|are|m|isnt|wont be|shes|hes|im|theyre|youre) (?:not )?(?:alive|around|here) to see (?:it|that|this|him|her|them"
        r"|you)",
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
        r"how (?:much|many) (?:\w+ ){0,6}(?:would|to|it takes to|does it take to|would it take to|is|are|would be) (?:take|kill|die"
        r"|stop (?:my|his|her|a|the) heart"
        r"|overdose|od"
        r"|be lethal|lethal|fatal|deadly|not wake up|enough to die)",
        r"painless(?:ly)? (?:ways?|methods?|death|to die|way to go|way out|ways to go)|ways? to go painlessly",
        rf"(?:ways?|how|methods?) to (?:die|end it|end {_POSSESSIVE} life|kill ?{_SELF})",
    ),
    # how, when or where one would do it; the bridge one would use
    (
        "do_it do_this go_through end_it end_things end_my end_his end_her end_their kill die bridge building cliff overpass "
        "rooftop roof ledge tree train tracks parking heart express bus"
    ): (
        r"stops? (?:my|his|her|your) heart",
        r"(?:which|what) (?:train|express|trains|bus) (?:doesnt|does not|dont|wont|will not) stop",
        r"(?:think\w*|thought|plan\w*|figur\w*|decid\w*|research\w*|worked out|work out|know|knows|knew|imagin\w*|pictur\w*"
        r"|rehears\w*|decided) (?:about |out )?(?:exactly )?(?:how|when|where) (?:i|he|she|they|id|ill|hed|hell|shed|shell|theyd"
        r"|theyll) ?(?:would|will|d|ll|could|am going to"
        r"|m going to|is going to|s going to|are going to|re going to|want to|wants to|might|should|can) (?:do it|do this|go through with"
        r" it|end it|end things|end (?:my|his|her|their) life|kill \w+sel\w+|die)(?! (?:differently|better|right|again|over|without"
        r"|with|myself|alone|on my own|if|when|in a|for)\b)",
        r"(?:which|what|the) (?:bridge|building|cliff|overpass|rooftop|roof|ledge|tree|train|tracks|parking garage) (?:i|he|she|they|id"
        r"|ill|hed|hell|shed|shell|theyd|theyll)"
        r"(?: d| would| will| ll| m going to| am going to| is going to| are going to| want to| wants to| plan to| plans to)?"
        r" (?:go to|use|jump from|jump off|do it|end it|go)(?! (?:for|to (?:work|school|relax|think|the|get)|on|with|if|every)\b)",
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
    # everything one needs to end it
    "need": (
        r"(?:everything|all|what|whatever|the stuff|the things) (?:i|he|she|they) (?:need|needs|needed|would need) (?:to|for)"
        r" (?:end it|end things|do it|die|kill \w+sel\w+|go through with it|end (?:my|his|her|their) life)"
        r"(?! (?:myself|yourself|right|properly|well|on my own|by myself|at home|in the garden|for work)\b)",
    ),
    # a danger to oneself
    "danger": (r"danger to (?:my ?self|him ?self|her ?self|them ?selves|others)",),
    # a rope or noose
    "noose rope practi rehears tested testing": (
        r"noose",
        r"(?:bought|buy|buying|got|found|hid|hidden|hiding|tied|tying|tie|made|making|hung|hanging) (?:a |the |some |his |her |my "
        r"|a lot of |lots of |more |extra |a length of |a coil of |a piece of )?rope"
        r"(?! (?:for (?:climbing|camping|the boat|a swing|the swing)|swing|ladder|course|toy|light)\b)",
        r"rope (?:to|on|around|from|over) (?:a |the |my |his |her )?(?:beam|ceiling|fan|rafters?|tree|branch|neck|closet|door|railing"
        r"|banister"
        r"|hook|pipe)",
        r"(?:gonna|going to|just|might|will|wanna|want to|to) rope(?! (?:in|off|him|her|them|someone|it|a)\b)",
        r"(?:practi[cs]\w*|rehears\w*|tested|testing) (?:\w+ ){0,2}(?:the knot|a knot|knots|the rope|a rope|the noose|the belt"
        r"|the cord)",
    ),
    # the means kept ready
    "pill med tablet rope gun blade razor knife": (
        r"(?:pills|meds|tablets|rope|gun|blades?|razors?) (?:\w+ ){0,4}(?:for when|just in case|for the day)",
        r"(?:pills|gun|rope|knife|blade|razor) (?:is |are )?ready",
    ),
    # a gun bought or at hand, not for protection, a weapon taken to school
    "gun handgun pistol firearm revolver shotgun rifle weapon knife knives": (
        r"(?:bought|buy|buying|purchased|purchasing|got|get|getting|picked up|ordered|borrowed|stole|took|taking) (?:myself |himself "
        r"|herself )?(?:a|an|another|his|her|my dads|my fathers|a new) (?:gun|handgun|pistol|firearm|revolver|shotgun|rifle)"
        r"(?! (?:license|licence|permit|safe|lock|class|course|for (?:hunting|the range|sport|target|work|my job|his job|her job"
        r"|protection|self defen[cs]e|home defen[cs]e)|to (?:hunt|the range))\b)",
        r"(?:gun|handgun|pistol|firearm|weapon|rifle|shotgun)(?: \w+){0,8} (?:its|it is|it s|is|was|wasnt|isnt) not (?:really )?for"
        r" (?:protection|self defen[cs]e|hunting|safety|the range|sport|defen[cs]e)",
        r"(?:bring|bringing|brought|take|taking|took|carry|carrying|carried|sneak|sneaking|snuck) (?:a |his |her |my |their |the "
        r"|dads |moms )?(?:gun|guns|weapon|weapons|knife|knives|pistol|rifle) (?:to|into|in) (?:school|class|the school|church"
        r"|the office|the mall|campus)",
    ),
    # a gun to the head
    "gun blow blew eat use using turn": (
        r"gun (?:to|in|against) (?:my|his|her|their) (?:head|mouth|temple|chin)",
        r"(?:blow|blew|blowing) (?:my|his|her|their) (?:brains|head) (?:out|off)",
        r"(?:eat|eating) (?:a bullet|my gun|his gun|her gun)",
        rf"(?:use|using|turn|turning) (?:it|a gun|the gun|his gun|pills|a knife|the knife) on {_SELF}",
    ),
    # an overdose, pills taken or saved up
    # an overdose taken or planned
    "overdos od": (
        r"(?:i|he|she|they|my \w+|just|almost|nearly|has|have) (?:just |almost |nearly |accidentally |intentionally |deliberately )?"
        r"(?:overdosed|od d|oded)",
        r"(?:took|take|taking|takes|tried to|try to|trying to|going to|gonna|want to|wants to|wanna|planning to|plan to|about to"
        r"|might|could|will|would|to) (?:an |a |another )?(?:intentional |deliberate |big |small )?overdos(?:e|ing)",
        r"od(?:d|ed|ing)? on",
    ),
    # a lethal dose, medicines lethal together
    "lethal fatal deadly": (
        r"(?:which|what) (?:\w+ ){0,3}(?:are|is|would be|could be) (?:lethal|fatal|deadly)|(?:lethal|fatal|deadly) (?:with|when mixed"
        r"|in combination|together|combination|combo|mix)",
        r"(?:lethal|fatal|deadly) (?:dose|amount|quantity)",
    ),
    # pills taken, saved up or stocked
    (
        "pill med tablet tylenol painkiller pain sleeping antidepress insulin opioid oxy xanax benzo advil ibuprofen aspirin"
        " acetaminophen paracetamol benadryl ambien klonopin ativan valium percocet vicodin fentanyl lithium seroquel zoloft prozac"
        " lexapro heart blood"
    ): (
        rf"(?:bought|buy|buying|got|getting|collected|collecting) (?:\w+ )?(?:several|many|lots of|a lot of|a bunch of|\d+|multiple"
        rf"|extra) (?:boxes|bottles|packs|packets|blister packs) of (?:\w+ )?{_PILLS}",
        rf"(?:my \w+s|his \w+s|her \w+s|someone elses|other peoples) {_PILLS} (?:\w+ ){{0,3}}in my (?:backpack|bag|pocket|car|room|purse"
        rf"|drawer|closet|locker)",
        r"(?:pills|meds|medications?|tablets|painkillers|pain meds|sleeping pills|oxy\w*|opioids|insulin|tylenol|xanax|benzos)"
        r"(?: \w+){0,8} (?:stock|stockpil|hoard|stash|sav|squirrel|collect)\w* (?:them|those|these|it)? ?(?:up|away|aside)",
        r"(?:took|take|taking|takes|swallowed|swallow|swallows|downed|popped|ate) (?:a |the |too |way too )?(?:whole |entire )?"
        r"(?:all|bunch|lot|handful|bottle|box|load|ton|fistful|pack|packet|many|much)s?(?: of)?(?: my| the| those| these| her| his| their)?"
        rf"(?: \w+)? {_PILLS}",
        r"(?:sav|stockpil|hoard|stash|collect|gather|squirrel)\w* (?:up |away )?(?:all )?(?:of )?(?:my |his |her |their |some |the |extra "
        r"|a lot of |lots of |a bunch of )?"
        r"(?:\w+ )?(?:pills|meds|medications?|tablets|painkillers|insulin|tylenol|antidepressants|opioids)",
        r"(?:stash|stockpile|hoard|supply) of (?:\w+ )?(?:pills|meds|medications?|tablets|painkillers)",
        r"enough (?:\w+ )?(?:pills|meds|tablets|tylenol|insulin|medication) (?:to|saved|stashed|stockpiled)",
    ),
    # jumping, stepping in front of a train, driving off the road
    "jump throw threw step walk drive driving crash swerv steer ran run darted": (
        r"(?:think\w*|thought\w*|urges?|tempted|imagin\w*|pictur\w*|fantasi\w*|dream\w*|obsess\w*|want|wants|wanted|wanna|could"
        r"|should|going to|gonna|might|almost|nearly|close to|scared (?:i ll|i will|i might)|afraid (?:i ll|i will|i might)) (?:about "
        r"|of |to )?(?:just )?(?:jump|jumping)(?! (?:in|into|on|at|ship|through|to|ahead|back|the gun|for joy|around|up|rope|start"
        r"|right|from (?:one|job|topic)|over|out of (?:bed|a plane|an airplane)|higher)\b)",
        r"(?:jump|jumps|jumping|jumped|throw \w+|throwing \w+|threw \w+) (?:off|from|in front of|under) (?:a |the |my |his |her )?(?:\w+ )?"
        r"(?:bridge|building|roof|rooftop|train|balcony|cliff|bus|car|truck|window|overpass|garage|tower|ledge|platform|subway)",
        r"(?:step|steps|stepping|stepped|walk|walks|walking|walked) (?:in front of|into) (?:a |the |an )?(?:train|bus|truck|car|traffic"
        r"|oncoming traffic)",
        r"(?:ran|run|runs|running|darted|jumped) (?:out )?(?:into|in front of) (?:the |a )?(?:traffic|oncoming traffic|highway|freeway"
        r"|train|truck|bus)",
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
    # loose ends tied up
    "loose": (r"(?:tying|tie|tied|tyin) up (?:all )?(?:my |the |his |her |some )?loose ends(?! (?:at|before|with|for|on|in)\b)",),
    # a date or method picked
    "picked chose set decided": (
        r"(?:picked|chose|chosen|set|decided on) (?:a|the) (?:date|day|time|place|spot|method|bridge|tree)(?! (?:for|to|of|off|out"
        r"|with)\b)",
    ),
    # things given away, and not needed any more
    "giv gave left leav hand plan": (
        r"(?:giv|gave|give)\w* (?:all )?(?:of )?(?:my|his|her|their) (?:\w+ )?(?:things|stuff|belongings|possessions|valuables|tools"
        r"|guitar|games|jewelry|pets?|cats?|dogs?|collection|clothes) away(?!(?: \w+){0,5} (?:mov\w*|relocat\w*|declutter\w*|downsiz\w*"
        r"|charity|donat\w*|garage|yard))",
        r"(?:gave|give|gives|giving|given|left|leaving|handed|handing)(?: \w+){1,12} (?:wont|will not|wouldnt|would not|not going to"
        r"|isnt going to|doesnt|dont|no longer) (?:be )?(?:need|needs|needing|use|using)(?: \w+)?(?: \w+)? (?:anymore|any more"
        r"|any longer|after)",
        r"(?:dont|doesnt|do not|does not) plan on (?:needing|being|using) (?:anything|around|here|much|it)",
        r"(?:giv|gave|give)\w* away (?:all )?(?:of )?(?:my|his|her|their) (?:\w+ )?(?:things|stuff|belongings|possessions|valuables|tools"
        r"|guitar"
        r"|games|jewelry|pets?|cats?|dogs?|collection)(?!(?: \w+){0,5} (?:mov\w*|relocat\w*|declutter\w*|downsiz\w*|charity|donat\w*|garage"
        r"|yard))",
    ),
    # cutting, burning, scratching, any person
    "cut carv burn scratch self fresh": (
        r"cutting (?:is|was|has been|helps|helped|makes|made|feels|felt|gives|gave|calms|calmed|relieves|relieved|numbs|stops|is the only)"
        r"(?! (?:back|down|out|costs|carbs|expensive|cheaper|cheap)\b)",
        r"(?:urges?|urge|tempted|want|wants|wanted|wanna|need|needs|itch|craving|cravings) (?:to )?cut(?: again| tonight"
        r"| deeper)?(?! (?:(?:my|him|her|them|your) ?sel\w*|back|down|out|off|ties|class|school|corners|costs|it|the|my|his|her|their|our"
        r"|your|hair|carbs|sugar|through"
        r"|in|him|them|people|contact|loose|a|an|some|things)\b)",
        r"(?:i|he|she|they) (?:\w+ )?cut (?:again|last night|tonight|yesterday|this morning|deeper|deep|too deep|so deep)"
        r"(?! (?:into (?:the|my|our) (?:budget|savings|hours)|cuts)\b)",
        r"cut (?:\w+ )?deeper than (?:i|he|she|they|usual|before|ever|last time)",
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
    # a blade or lighter used on the body, fresh cuts seen
    "razor blade knife lighter scissors sharpener glass compass pencil cut scar burn wound scratch mark": (
        r"(?:using|uses|used|use) (?:a |the |his |her |my )?(?:razor blade|blade|knife|lighter|scissors|sharpener blade|glass|compass"
        r"|pencil sharpener) on (?:my|his|her|their) (?:own )?(?:arms?|wrists?|legs?|thighs?|skin|stomach|body|self)",
        r"(?:saw|see|seen|sees|noticed|notice|notices|found|find|finds|spotted|hiding|hides|hid|covering|covers|covered) (?:\w+ ){0,2}"
        r"(?:new |fresh |recent |more )(?:cuts|scars|burns|wounds|scratches|marks)",
    ),
    # hitting one's head or fists against a wall until it bruises
    "hit bang punch slam hard": (
        r"(?<!like )(?:hit|hits|hitting|bang|bangs|banging|banged|punch|punches|punching|punched|slam|slams|slamming|slammed)"
        r" (?:my|his|her|their) (?:own )?(?:head|fists?|face) (?:against|into|on) (?:the |a )?(?:wall|walls|floor|door|desk|table"
        r"|mirror)(?: \w+){0,6} (?:bruise\w*|bleed\w*|bled|blood|until|till|hard|when (?:i|he|she|they) (?:get|gets|got|feel|feels"
        r"|am|is))",
        r"hard enough to (?:leave )?(?:bruise|bruises|a bruise|marks|a mark|bleed|draw blood|scar)",
    ),
    # harm to others, and danger from someone
    "kill murder hurt harm stab strangl chok shoot threat beat attack next": (
        rf"(?<!\bis )(?<!\bare )(?<!\bs )(?<!\bre )(?<!\bliterally )(?<!\breally )(?<!\bslowly )(?<!\bjust )(?<!\bbasically )"
        rf"(?:kill|killing|murder|murdering) {_OTHERS}(?! (?:feelings|a|an|back|if|for|lol"
        rf"|haha)\b)",
        rf"(?:hurt|hurting|harm|harming|stab|stabbing|strangle|strangling|choke|choking|shoot|shooting) {_OTHERS}"
        r"(?! (?:feelings|a|an|back|lol|haha|by)\b)",
        r"threat\w* to (?:kill|hurt|harm|shoot|stab|burn) (?:me|my|us|our|the kids|the baby|her|him|them)",
        r"threat\w* (?:me|us|her|him|them|my \w+) with (?:a |his |her |the |my )?(?:knife|gun|pistol|rifle|machete|bat|weapon)",
        r"(?:said|says|told (?:me|us)|yelled|texted) (?:\w+ ){0,3}(?:my family|we|you|i|us|your family|the kids) (?:is|are|am|re|m) next",
        rf"(?:said|says|swore|swears|told me|tells me|texted|texts|messaged|wrote|threatened|threatens|threaten|yelled|screamed"
        rf"|keeps saying"
        rf"|warned|promised)(?: me)?(?: that)?(?: \w+){{0,3}} {_THEY_WILL} ?(?:kill|murder|shoot|stab|strangle|choke) (?:me|us|my (?:kids"
        rf"|children|son|daughter|baby|family|mom|dad)|the kids|the baby)(?! (?:if (?:i|we) (?:am |m |are )?(?:late|fail|get|break|dont"
        rf" (?:clean|do|finish|call))|when (?:he|she|they) (?:sees|find|finds|hears|gets)|for (?:this|that|being|breaking|eating"
        rf"|forgetting)|lol|haha)\b)",
        r"(?:hurt|kill|shoot|stab|harm|beat up|attack)\w* (?:the|those|these|all the|every|some of the|that|this) (?:kids|boys|girls|guys"
        r"|people|students|classmates|bullies|coworkers|man|guy|woman|person|boy|girl|kid|teacher|coach|neighbou?r|boss) (?:who|that)",
    ),
    # choked, a hand around the neck, next time
    "chok strangl smother suffocat hand next": (
        r"(?:choked|chokes|choking|strangled|strangles|strangling|smothered|suffocated|strangle|choke) (?:me|us)(?! (?:up|with|out)\b)",
        r"hands? (?:around|on|over) (?:my|her|his) (?:neck|throat)",
        r"next time (?:he|she|they|hell|shell|theyll)(?: will| would| is going to)? (?:wont stop|will not stop|wont let go|kills?"
        r"|will kill|ll kill|is going to kill|finishes|will finish)",
    ),
    # a child shaken, hit or choked
    "shook shak slap beat chok threw throw punch kick smother suffocat drown": (
        r"(?:i|he|she|they|husband|wife|partner|boyfriend|girlfriend|dad|mom|father|mother|stepdad|stepmom)(?: \w+){0,3} (?:shook|shaken"
        r"|shake|shaking|slapped|slapping|beat|beating|beaten|choked|choking|threw|throwing|punched|punching|kicked|kicking|smothered"
        r"|smothering|suffocat\w*|drown\w*) (?:my|our|the|his|her|their) (?:own )?(?:baby|toddler|newborn|infant|son|daughter|kid"
        r"|kids|child|children|little one|\d+ year old|twins?|stepson|stepdaughter|grandson|granddaughter)(?! (?:s|feelings|pride|up"
        r"|out)\b)",
    ),
    # a gun or knife drawn on the family; nobody leaves alive; locked in with a weapon
    "gun pistol knife rifle shotgun weapon nobody no_one none_of alive locked": (
        r"(?:put|puts|pulled|pulls|pointed|points|pointing|waved|waving|brandished|loaded|loading|showed|took out|held|holding)"
        r" (?:a |his |her |the |my )?(?:gun|pistol|rifle|shotgun|weapon)(?: \w+){0,3} (?:at|on|in front of|to|toward|towards|near"
        r"|during)",
        r"(?:pointed|points|pointing|waved|waving|brandished|held|holding) (?:a |his |her |the )?knife (?:at|to|toward|towards|in front"
        r" of)",
        r"(?:nobody|no one|none of (?:us|you)) (?:is |are )?(?:leaves?|leaving|getting out|gets out)(?: of)? (?:this house|here|alive)"
        r"|(?:wont|will not|not going to|never) (?:let (?:me|us|you) )?leave (?:here |this house )?alive",
        r"locked (?:himself|herself|themselves|myself) (?:\w+ ){0,4}with (?:a |his |her |my |the )?(?:gun|pistol|rifle|knife|pills"
        r"|rope)",
    ),
    # the car running in a closed garage
    "garage exhaust hose": (
        r"(?:in|inside) the garage with the (?:car|engine|motor) (?:running|on)|(?:car|engine) (?:running|on) in the (?:closed )?garage"
        r"|(?:hose|pipe|tube) (?:from|to|on|into) the exhaust",
    ),
    # plain words for self-harm: a blade held to the wrist, knuckles split, words scratched into the arm, signs hidden
    "knife blade razor scissors gun until_my until_his until_her until_their scratch carv cut etch burn long_sleeves bloody blood_on": (
        r"(?:hold|holds|holding|held|put|puts|putting|press\w*) (?:a |the |my |his |her )?(?:knife|blade|razor|scissors|gun) (?:to|against"
        r"|on) (?:my|his|her|their) (?:wrists?|throat|neck|arms?|skin|head|temple)",
        r"until (?:my|his|her|their) (?:knuckles|hands|fists|skin|arms|wrists) (?:split|bled|bleed|bleeds|broke|were raw|cracked)",
        r"(?:scratch|carv|cut|etch|burn)\w* (?:\w+ ){1,3}(?:into|in|on) (?:my|his|her|their) (?:own )?(?:arms?|forearms?|wrists?|legs?"
        r"|thighs?|skin|stomach|hips?)",
        r"long sleeves (?:\w+ ){0,3}(?:in (?:july|august|june|summer|the heat|this heat|hot weather)|when (?:its|it is) hot|even when)",
        r"(?:bloody|blood on (?:the|her|his|their|my)) (?:tissues|towels|sheets|rags|bandages|sleeves|pillow)",
    ),
    # passive wishes and risk: hoping something happens, fading out, letting go for good, not waking up
    "hoping hope hopes wishing praying pray fade slip let_go let_it let_everything wake disappear stop_breathing": (
        r"(?:want|wants|wanna|wish|wishes|just want) to (?:just )?(?:disappear|stop breathing)(?! (?:from|into|for|to|on|with|at)\b)",
        r"(?:hoping|hope|hopes|wishing|praying|pray)\w* (?:that )?something (?:bad |terrible )?(?:happens|will happen|would happen)"
        r"(?! (?:with|at|soon|for|in)\b)",
        r"(?:want|wants|wanna|wish|wishes|ready|going|gonna|just want) to (?:fade|slip) (?:out|away)(?! (?:of|from)\b)",
        r"(?:time to|ready to|want to|wants to|going to|gonna|about to|need to) (?:just )?let (?:it all |everything )?go"
        r" (?:for good|forever|permanently|of (?:life|this life|everything|it all))",
        r"if (?:i|he|she|they) (?:didnt|did not|never|dont|do not|wouldnt|wont) wake up(?! (?:on time|early|in time|before|at|for|by"
        r"|when)\b)",
    ),
    # a farewell: see you on the other side, gave me her journal to keep, saying goodbye though not going anywhere
    (
        "other_side to_keep anywhere over_soon another_chance for_nothing for_free for_a for_next for_cheap deleted "
        "what_happens what_will what_would last_time"
    ): (
        r"like (?:he|she|i|they) (?:wont|will not|doesnt|dont|wouldnt) (?:get|have) another chance",
        r"like (?:its|it is|it s|it was) the last time(?: \w+){0,2} (?:because|cause|since|cuz) it (?:might|may|could|will|probably will"
        r"|really might) be",
        r"(?:gave|giving|sold|selling) (?:away )?(?:his|her|my|their) (?:\w+ )?(?:truck|car|motorcycle|bike|guitar|collection|tools"
        r"|stuff|things|console|jewelry) for (?:nothing|free|a dollar|next to nothing|cheap)",
        r"deleted (?:all )?(?:his|her|my|their) (?:photos|pictures|accounts|posts|social media|instagram|messages)(?! (?:of|from|with)\b)",
        r"what (?:happens|will happen|would happen) to (?:your|my|his|her) (?:instagram|accounts?|social media|facebook|stuff|things"
        r"|pets?|dog|cat|body|kids) (?:when|after|if) (?:you|i|he|she) (?:die|dies|died|are gone|am gone|kill)",
        r"(?:see you|see ya|cya|meet you) on the other side(?! of\b)",
        r"(?:gave|give|gives|giving|handed) (?:me|us|her|him) (?:his|her|their) (?:\w+ ){1,2}to keep",
        r"(?:saying|said|says) (?:goodbye|goodbyes|bye)(?: \w+){0,10} (?:isnt|is not|arent|not|wasnt) (?:really )?(?:going|moving|leaving"
        r"|traveling) anywhere",
        r"(?:says|saying|said|keeps saying|told me|tells me|texted)(?: that)? (?:it|this|everything|it all)(?:ll| will)(?: all)? be over"
        r" soon",
    ),
    # plans: my exit, the future without me, the kids better with another mother, last attempt at living
    "exit future version better_with better_off last official ghost": (
        r"(?:planning|plan|planned|plot\w*) (?:my|his|her|an|their) (?:exit|way out|escape|departure|final exit)(?! (?:from|strategy"
        r"|interview|plan|at|in)\b)",
        r"no (?:\w+ ){0,3}future (?:where|in which) (?:im|i am|i m|i|he is|hes|she is|shes) (?:\w+ )?(?:in it|alive|around|still here"
        r"|exist)",
        r"(?:cant|can not|cannot|dont|doesnt|couldnt) (?:see|picture|imagine) (?:myself|me|himself|herself|themselves) (?:in the future"
        r"|growing old|getting older|turning \d+|at \d+)",
        r"(?:would|d|will) be better (?:off )?with (?:a different|another|someone else as|a new) (?:mother|father|mom|dad|wife|husband"
        r"|partner|parent)",
        r"(?:last|final) (?:attempt|try|chance|shot) at (?:living|life|staying alive|being alive)",
        r"(?:ghost|dead|gone|invisible)(?: \w+){0,8} make it official",
    ),
    # heights visited: standing at the edge of the platform or the top of the garage, again and again
    "edge top_of": (
        r"(?:stepping|step|stepped|standing|stand|stood|leaning|lean|walking|walk|getting|get|keep going|going|drive|driving|sit"
        r"|sitting) (?:\w+ )?(?:closer )?(?:to |at |on |near |up to )?the (?:edge|top) of (?:the|a) (?:platform|subway platform"
        r"|train platform|tracks|roof|rooftop|bridge|cliff|balcony|building|ledge|parking garage|garage|overpass|tower)"
        r"(?! (?:to (?:take|enjoy|see|watch)|for (?:the view|photos|a photo|pictures)|with (?:my|our) (?:family|friends|kids))\b)",
    ),
    # it was on purpose, the doctors said; researching how long it takes to bleed out
    "purpose intentional deliberate accident how_long": (
        r"(?:said|say|says|think|thinks|believe|believes|know|knew|admitted|told (?:me|us))(?: that)? (?:it|the crash|the accident|the"
        r" overdose|the fall|the cut|the cuts) was (?:on purpose|intentional|deliberate|no accident|not an accident)",
        r"how long (?:it takes|does it take|would it take|it would take|to) (?:to )?(?:bleed out|die|drown|suffocate|lose consciousness"
        r"|pass out from)",
    ),
    # affairs put in order: where the passwords are, who gets the dog; found by the kids; the only thing stopping me
    (
        "passwords insurance bank accounts keys papers where_my where_the where_all who_gets who_will who_should who_can "
        "who_takes who_is finding_me find_me found_me finding_my find_my only_thing only_things one_thing only_reason affairs"
    ): (
        r"(?:put|putting|got|getting|get) (?:all )?(?:my|his|her) affairs in order(?!(?: \w+){0,10} (?:lawyer|attorney|estate|will|baby"
        r"|pregnan\w*|surgery|deployment|retirement)\b)",
        r"(?:told|telling|tell|showed|showing|wrote down|writing down|left|leaving|gave) (?:\w+ ){0,3}(?:where|how to find|how to get into)"
        r" (?:my|the|all my) (?:passwords|will|insurance|life insurance|bank|accounts|keys|papers)",
        r"who (?:gets|will get|should get|can have|takes|will take|is getting) (?:the|my) (?:dog|cat|pets?|car|stuff|things|guitar"
        r"|apartment|savings)",
        r"(?:kids|children|son|daughter|family|wife|husband|mom|dad|parents|roommate|someone|partner) (?:finding|find|will find|would find"
        r"|to find|might find) (?:me|my body)(?! (?:crying|drunk|like this|asleep|here|in bed|upset|sad|passed out|on the|at|in the)\b)",
        r"(?:only thing|only things|one thing|only reason) (?:thats |that is |that s |that )?(?:stopping|keeping|holding) me (?:alive|here"
        r"|back$|from (?:doing it|ending it|killing|jumping|going through))|(?:only thing|only things|one thing|only reason)"
        r" (?:thats |that is |that s |that )?(?:stopping|holding) me (?:right now|now|tonight)?$|only (?:thing|reason) (?:im"
        r"|i am) (?:still )?"
        r"(?:alive|here)",
    ),
    # someone who could vanish and nobody notice
    "disappeared vanished gone dead wasnt": (
        r"(?:would|d|will|wouldnt|wont)(?: \w+){0,5} if (?:i|i just) (?:disappeared|vanished|was gone|were gone|wasnt here|wasnt around"
        r"|was dead|were dead)",
    ),
    # not having to deal with us much longer; not a problem for anyone much longer; can't promise I'll be here
    "longer anymore for_long soon promise not_here not_around not_alive": (
        r"(?:wont|will not|not going to|isnt going to|doesnt|dont) (?:have to|need to|get to) (?:deal with|put up with|worry about"
        r"|take care"
        r" of|see|carry) (?:us|me|this|anyone|anything|them|you|it) (?:much |any )?(?:longer|anymore|for long)",
        r"(?:wont|will not|not going to|isnt going to|m not going to) be (?:a problem|a burden|a bother|in the way|anyones problem"
        r"|your problem|a worry)(?: (?:for|to) (?:anyone|anybody|you|them|everyone|my \w+))? (?:much |any )?(?:longer|anymore|for long"
        r"|soon)",
        r"(?:cant|can not|cannot|dont know if i can|not sure i can|wont) promise (?:i|ill|i will|he|hell|she|shell)(?: ll| will)?"
        r" (?:still )?be (?:here|around|alive)",
        r"if (?:im|i am|i m) not (?:here|around|alive) (?:next|by|tomorrow|anymore|on|after|in a)",
    ),
    # the means in hand, counted, under the pillow, laid out with a date
    "counting count counted bottle pills knife gun blade razor rope hand pillow mattress date laid lined": (
        rf"(?:counting|count|counted|recount\w*) (?:my|his|her|the|all (?:my|his|her|the)) (?:\w+ )?{_PILLS}",
        r"(?:with|holding|hold|have|had|sit with) (?:the|a|my|his|her) (?:bottle|pills|knife|gun|blade|razor|rope|belt) in (?:my|his|her)"
        r" hands?",
        r"(?:knife|gun|blade|razor|pills|rope) under (?:his|her|my|their) (?:pillow|mattress|bed)",
        rf"{_PILLS}(?: \w+){{0,6}} (?:laid out|lined up|counted out|set aside|with the date)",
    ),
    # it would be easy, or peaceful, not to come home, not to exist
    "easy easier tempting not_exist not_be not_wake be_dead die disappear stop_existing never_wake just_not": (
        r"(?:easy|easier|tempting) to (?:just )?(?:not come (?:home|back)|never come back|not wake up|disappear|drive off|let go|step off"
        r"|swerve|end it|not exist|walk into)",
        r"(?:peaceful|nice|easier|better|relief|a relief) (?:it would be |would it be |it d be )?to (?:not exist|not be here|not wake up"
        r"|be dead|die|disappear|stop existing|never wake up|just not exist)",
    ),
    # made to look like an accident; the insurance paying out
    "accident insurance": (
        r"(?:make|making|made|look|looks|looked|seem|seems) (?:it )?(?:look |seem )?like an accident",
        r"(?:life )?insurance (?:\w+ ){0,4}(?:pays? out|pays?|covers?|cover) (?:\w+ ){0,4}(?:suicide|if (?:it|i) (?:looks like|die|was)"
        r"|if i kill myself)",
    ),
    # talked out of it, talked down; this time I'll make sure; a plan and a date
    "talk_me talk_myself talk_him talk_himself talk_her talk_herself this_time next_time last_time the_last plan_and": (
        r"(?:try|trying|tried|have to|had to|need to|needed) (?:to )?talk (?:myself|himself|herself|me|him|her) (?:out of (?:it|doing it"
        r"|ending it|killing myself|jumping)(?! (?:to|for|again)\b)|down(?! from (?:buying|spending|quitting))\b)",
        r"(?:someone|somebody|you|anyone) to talk (?:me|him|her) down(?! from (?:buying|spending|quitting))",
        r"(?:this|next) time (?:ill|i will|i ll|im going to|i m going to|i am going to|hell|shell|he will|she will) (?:make sure"
        r"|do it right"
        r"|get it right|not fail|succeed|finish it|use more|take more)",
        r"(?:last|the last) time (?:i|he|she|they) tried(?: \w+){0,6} (?:found (?:me|him|her)|stopped (?:me|him|her)|called 911"
        r"|saved (?:me|him|her))",
        r"(?:has|have|had|got) a plan and a (?:date|time|method|place)",
    ),
    # razor taken to the arms; walking into the water and not turning back; knuckles on the mirror
    "razor blade knife lighter scissors water ocean sea lake river waves": (
        r"took (?:a|the|my) (?:razor|blade|knife|lighter|scissors) to (?:my|his|her|their) (?:arms?|wrists?|legs?|thighs?|skin|self"
        r"|body|stomach)",
        r"walk\w* (?:out )?(?:into|in) (?:the )?(?:water|ocean|sea|lake|river|waves)(?: \w+){0,3} (?:and )?(?:not|never) (?:turn"
        r"|turning|come|coming) back",
    ),
    # harm by others: locked in, slapped until, burning the house down with us inside, next time worse, stalking to make suffer
    "locked slapped punched kicked beat hit choked shoved pushed burn worse where_he where_she where_they": (
        r"locked (?:me|us|my \w+|the kids|her|him) (?:in|inside|out of) (?:the|a|my|his|her|our) (?:room|bedroom|bathroom|closet"
        r"|basement|house|car|apartment)",
        r"(?:slapped|punched|kicked|beat|hit|choked|shoved|pushed) me (?:so hard|until|hard enough|against|into|to the ground|down the"
        r" stairs)",
        r"threat\w* to (?:burn|blow up|set fire to) (?:the|our|my|his|her) (?:house|home|apartment|car)(?: \w+){0,2}(?: with (?:us|me"
        r"|the kids|them) (?:inside|in it))?",
        r"next time (?:it ll|itll|it will|it s going to|its going to|it is going to) be worse",
        r"(?:suffer|pay|regret|bleed)(?: \w+){0,10} (?:i know|know) where (?:he|she|they) (?:parks|lives|works|sleeps|goes|hangs out)",
    ),
    # homicidal
    "homicid": (r"(?:im|feel|feels|feeling|been|is|hes|shes|am|getting|having) (?:\w+ )?homicid\w*",),
}

# The topic named (suicide, suicidal, self-harm, overdose, homicidal): a crisis unless its sentence is
# set at a remove (`FRAMES`, or `PAST` without `NOW`); said of someone now, it is in `PATTERNS`.
MENTIONS: dict[str, tuple[str, ...]] = {
    "suic suis suac suas su1c su1s succ sucs suci suc1 sucd suss susc susi sus1 susd": (_SUICIDE,),
    "self": (r"self ?(?:harm|injur|mutilat)\w*",),
    "overdos": (r"overdos\w*",),
    "homicid": (r"homicid\w*",),
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
    r"|in (?:my|his|her) (?:first|second|third|last|final|freshman|sophomore|junior|senior) year"
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
# ... unless the same sentence says it started again ("self-harmed in high school and started again").
_NOT_BACK = r"(?!(?: \w+){0,8} (?:again|relapsed|relapse|back at it|started back)\b)"

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
    # a film, book or character described: what happens in it is not the writer's ("a character who wants to die")
    "a an the this that movie film show series book novel documentary story play song episode podcast character characters": (
        r"(?:(?:a|an|the|this|that) (?:movie|film|show|series|book|novel|documentary|story|play|song|episode|podcast)(?: \w+){0,3}"
        r" (?:about|where|in which|who|that)|characters? (?:who|that|whose)) (?:(?!(?:and|but|now|i|im|me|my|myself)\b)\w+ ){0,8}"
        r"(?!(?:and|but|now|i|im|me|my|myself)\b)\w+",
    ),
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
        rf"(?:{_LONG_AGO} {_GAP}{{0,4}}{_PAST_ACT}|{_PAST_ACT} {_GAP}{{0,5}}{_LONG_AGO}){_NOT_BACK}",
        r"(?:havent|hasnt|have not|has not|hadnt|had not) (?:\w+ )?(?:self harmed|self harm|cut|harmed|hurt|attempted|tried|relapsed"
        r"|been suicidal|felt suicidal|had suicidal thoughts)\w*(?: \w+sel\w+)? (?:in|for|since) (?:over |more than |almost |nearly )?"
        r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|many|several|a few|years|months|ages|a long time|high school"
        r"|college)",
    ),
    # a crisis denied
    "suicid self hurting killing harming ending myself hurt kill harm end think thought": (
        r"(?:not|never|no|no longer|nor|without|deny|denies|denied|dont have|do not have|havent had|have not had|havent been|have not been)"
        r" (?:(?:any|really|actually|currently|ever|been|feeling|felt|having|had|at all|a|an|active|current|recent|history of|attempted"
        r"|tried)"
        r" )*(?:suicidal|suicide|self harm\w*|self injur\w*)(?: (?:thoughts?|ideation|feelings|urges|plans?|intent|attempts?|history|risk"
        r"|tendencies|behaviou?rs?))?",
        r"(?:no|not|never|nor|without|dont have|do not have|havent had) (?:any )?(?:thoughts?|plans?|intent|intention|urges?) (?:of|about"
        r"|to)"
        r" (?:suicide|self harm|hurting myself|killing myself|harming myself|ending my life|hurting anyone|hurting others|harming others)",
        r"(?:would|will|could|d) never (?:hurt|kill|harm) myself|(?:not|never) (?:going|gonna) to (?:hurt|kill|harm) myself",
        r"(?:not|never|no longer|arent|isnt) (?:\w+ )?(?:thinking|planning|going|wanting|trying) (?:of |about |to )?(?:hurting|killing"
        r"|harming|ending|hurt|kill|harm|end) (?:myself|my life|anyone|others|himself|herself)",
        r"(?:think\w*|thoughts?) (?:about|of) (?:death|dying)(?: \w+){0,6} (?:but )?not (?:my own|mine|about (?:killing|hurting)"
        r" myself|in a suicidal way)",
    ),
    # a relative's terminal illness
    "cancer hospice terminal palliative dementia stage dying doctor": (
        r"(?:cancer|hospice|terminal\w*|palliative|dementia|stage (?:4|four|iv)|dying of \w+|is dying|doctors? (?:say|said|says|gave))"
        r"(?: \w+){0,8}? (?:ready to (?:go|die|let go)|go (?:and )?be with \w+|be with (?:grandpa|grandma|mom|dad|\w+) again)",
        r"(?:cancer|hospice|terminal\w*|palliative|dementia|stage (?:4|four|iv)|dying of \w+|is dying|doctors? (?:say|said|says|gave))"
        r"(?: \w+){0,6}? (?:wont|will not|isnt going to|not going to) be (?:around|here|alive|with us)",
    ),
}

# A sentence set at a remove from the writer's crisis now, whatever its tense: work with other
# people's crises, study or training, media and fiction, someone's death. A mention (`MENTIONS`) in
# such a sentence is calm; a crisis said (`PATTERNS`) is not.
FRAMES: dict[str, tuple[str, ...]] = {
    # work: "I'm an ER nurse", "as a school counselor", "my students", "on shift"
    "im i as work working job career trained retired former fellow": (
        r"(?:im|i am|i m|as|work as|working as|job as|career as|trained as|training as|retired|former|fellow|i work as) (?:a |an )?"
        r"(?:\w+ ){0,2}(?:nurse|doctor|physician|teacher|counsel?lor|therapist|social worker|paramedic|emt|firefighter|police officer"
        r"|officer|cop|chaplain|pastor|priest|minister|moderator|volunteer|clinician|psychologist|psychiatrist|resident|attending"
        r"|pharmacist|coach|principal|professor|lecturer|researcher|dispatcher|case manager|caseworker|youth worker|medic"
        r"|author|novelist|journalist|reporter|filmmaker|screenwriter|playwright|educator|peer (?:supporter|specialist)"
        r"|crisis (?:line )?(?:worker|counsel?lor|volunteer)|hotline volunteer)\b",
    ),
    "my our": (
        r"(?:my|our) (?:students|pupils|patients|clients|residents|staff|employees|colleagues|members|users|callers|campers|athletes"
        r"|congregation|parishioners|trainees|supervisees|team members|volunteers|caseload)\b",
    ),
    "training workshop webinar seminar curriculum certification protocol polic guideline warning postvention prevention"
    " awareness gatekeeper safe best every on night crisis hotline helpline forum subreddit moderat volunteer thesis"
    " dissertation statistic rate data": (
        r"(?:trainings?|workshops?|webinars?|seminars?|curriculum|certification|protocols?|polic(?:y|ies)|guidelines|warning signs"
        r"|postvention|prevention|awareness|gatekeeper|safe messaging|best practices|every shift|on shift|night shifts?"
        r"|crisis (?:line|text line|team|center|centre|work)|hotline|helpline|forum|subreddit|moderat\w+|volunteer\w*|thesis"
        r"|dissertation|statistics|rates?|data)\b",
    ),
    # media and fiction: "a memoir", "crime novels", "a character", "a short film", "a podcast"
    "memoir novel a the this that my her his their new book author film movie documentar tv shows netflix podcast article essay"
    " column news headline story stories short screenplay script school character protagonist narrator fiction video comic"
    " manga anime ted": (
        r"(?:memoirs?|novels?|novelist|(?:a|the|this|that|my|her|his|their|new) book|books|author|films?|filmmaker|film student"
        r"|movies?|documentar(?:y|ies)|(?:a|the|tv|this|that) show|shows like|(?:a|the|tv|this|that|netflix) series"
        r"|podcasts?|articles?|essays?|column|news (?:story|stories|report|article)|headlines?|story about|stories about|short story"
        r"|short film|a short (?:film|about)|screenplay|script|(?:a|the|school) play|characters?|protagonist|narrator"
        r"|fiction|(?:a|the|video|this) game|comics?|manga|anime|ted talk)\b",
    ),
    # someone's death: grief, a funeral, an anniversary
    "died dies passed lost funeral memorial anniversary griev grief bereave widow in rest rip": (
        r"(?:(?<!almost )(?<!nearly )died|dies|passed away|passed on|lost (?:my|our|his|her|their) (?:\w+ )?(?:mom|dad|mother|father"
        r"|son|daughter|brother|sister|husband|wife|partner|friend|child|baby|grandma|grandpa|grandmother|grandfather|uncle|aunt"
        r"|cousin|boyfriend|girlfriend|fiance|fiancee|nephew|niece|kid|loved one)|funeral|memorial|anniversary of|grief|grieving"
        r"|bereave\w*|widow\w*|in memory of|rest in peace|rip)\b",
    ),
}

# A sentence set in a past that is over ("years ago", "at 16", "in my early 20s", "well behind me",
# "resolved", "it worked"): a mention (`MENTIONS`) in it is calm unless the sentence also says it
# is back or going on (`NOW`: "again", "lately", "tonight").
PAST: dict[str, tuple[str, ...]] = {
    "ago years decades long past when as in back growing at aged": (
        _LONG_AGO,
        r"(?:years|decades|long|ages) ago|(?:a|one|my) (?:decade|lifetime) ago|when (?:i|he|she|they) (?:was|were) (?:\w+ ){0,2}"
        r"(?:\d+|young|younger|little|a kid|a child|a teen|a teenager|in (?:school|college|university|high school|med school))"
        r"|(?:at|aged) (?:age )?\d\d?\b(?! ?(?:am|pm|oclock|o clock|tonight|today|this)\b)"
        r"|in (?:my|his|her) (?:early|late|mid)? ?(?:teens|twenties|thirties|forties|20s|30s|40s)",
    ),
    "well long far firmly behind resolved went is are havent hasnt have has not in it that they dbt therapy treatment the got im i"
    " hes shes stable once": (
        r"(?:well |long |far |firmly )?behind (?:me|him|her|them|us)|(?:resolved|went away|is over|are over)(?: completely"
        r"| entirely| long ago| years ago| for good)?|(?:havent|hasnt|have not|has not) (?:had|felt"
        r"|been|done|thought) (?:\w+ ){0,3}since|not since|in (?:remission|recovery)|(?:it|that|they|dbt|therapy|treatment|the program)"
        r" (?:really )?(?:worked|helped)|got (?:treatment|help|better|through it)|(?:im|i am|hes|shes) (?:\d+|fine|stable|well|ok|okay"
        r"|sober|clean|doing (?:well|great|fine|ok|okay|better)) now|stable (?:now|for years|since)|once before",
    ),
}

# Said beside a past, these bring it back to now: "again", "lately", "these days", "tonight".
NOW: dict[str, tuple[str, ...]] = {
    "again lately recently currently right these tonight today this last past yesterday relaps every daily nowadays coming came"
    " is are back since": (
        r"again|lately|recently|currently|right now|these days|tonight|today|this (?:week|month|morning|weekend|year|evening)"
        r"|(?:last|past) (?:few )?(?:night|nights|days|week|weeks|weekend|month|months)|yesterday|relaps\w*|every (?:day|night)"
        r"|daily|nowadays|(?:coming|came|is|are) back|back again|since (?:last|yesterday|monday|tuesday|wednesday|thursday|friday"
        r"|saturday|sunday|the weekend)",
    ),
}
