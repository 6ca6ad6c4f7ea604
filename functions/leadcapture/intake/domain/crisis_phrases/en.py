"""English crisis phrasings (see `__init__.py` for how they are matched)."""

_SELF = r"my ?s(?:el|le)f"
_PEOPLE = (
    r"(?:husband|wife|partner|spouse|boyfriend|girlfriend|ex|fiance|fiancee|mom|mum|mother|dad|father|parents?|son|daughter"
    r"|kids?|child|children|baby|babies|brother|sister|boss|coworker|roommate|neighbou?r|family|teacher|friend"
    r"|stepdad|stepmom|stepfather|stepmother|newborn|infant|toddler|stepson|stepdaughter)"
)
_OTHERS = rf"(?:my {_PEOPLE}|him|her|them|someone|somebody|anyone|anybody|everyone|everybody|people|others|other people)"

PATTERNS: tuple[str, ...] = (
    # suicide named, with common misspellings and euphemisms (suicidal, sucidal, suicdal, su1cide)
    r"su[ia1]?c[i1]?d\w*",
    r"sewer ?slide\w*",
    r"unaliv\w*",
    r"self ?delet\w*",
    r"kms",
    # killing oneself, ending one's life
    rf"kill(?:s|ing|ed)? ?{_SELF}",
    rf"off(?:ing)? {_SELF}",
    r"end(?:s|ing|ed)? (?:it|things|everything) all",
    r"end(?:ing)? (?:my|this) (?:own )?life",
    r"(?:take|taking|took) my (?:own )?life",
    r"(?:think\w*|thoughts?) (?:about|of) (?:ending it(?! with)|death|dying|not being (?:here|alive))",
    r"(?:want|wants|wanted|wanna|ready|deserve|deserves|plan|planning) (?:to )?die",
    r"wish(?:ed)? i (?:was|were|could be) dead",
    r"wish i (?:could|would) (?:just )?die",
    r"wish i (?:had|was|were) never (?:been )?born",
    r"better (?:off )?(?:dead|without me)",
    r"(?:rather|want to|wanna|wish to|should) be dead",
    r"(?:want|wanna|going|gonna) (?:to )?end (?:it|everything)(?! with\b)",
    r"(?:im|i am|feel like|feeling like) (?:such )?a burden",
    r"better off if i (?:was|were|am) (?:dead|gone)",
    r"(?:care|notice|miss me) if i (?:died|die|was gone|were gone|disappeared)",
    # not wanting to live ("live with my parents" and the like are not)
    r"(?:dont|do not|didnt|did not|no longer|never) (?:really )?(?:want|wanna) (?:to )?(?:live|go on)"
    r"(?! (?:with|at|near|there|alone|together|next|in (?!this world)))",
    r"(?:dont|do not|no longer|not) (?:really )?(?:want|wanting|wanna) (?:to )?(?:be alive|exist|be here(?! (?:in|at|with|for|on)\b))",
    r"(?:dont|do not) (?:really )?(?:want|wanna) (?:to )?wake up",
    r"(?:hope|wish|pray)\w* (?:that )?i (?:dont|do not|never|wont|will not) wake up",
    r"(?:sleep|die) and (?:never|not) wake up",
    r"(?:no|nothing|any|whats the|what is the) (?:reason|point) (?:to|in|of|for)"
    r" (?:live|living|go on|going on|keep going|being alive|life)",
    r"(?:isnt|is not|not|aint|no longer) worth living",
    r"(?:cant|can not|cannot) go on(?! (?:a|an|the|my|vacation|holiday|trips?|dates?)\b)",
    r"want (?:it|this|everything) (?:all )?to end",
    r"disappear forever",
    r"(?:ways?|how|methods?) to (?:die|end it|end my life|kill ?my ?self)",
    r"if i (?:just )?(?:wasnt|was not|werent|were not) (?:around|here|alive|born)",
    r"(?:wont|will not|not|dont think ill|dont think i will) be (?:around|here|alive) (?:much |for )?(?:longer|long|any ?more)",
    r"my (?:own )?funeral",
    r"(?:cant|can not|cannot) (?:keep|go on) living like this",
    r"(?:tired|sick|exhausted) of (?:living|being alive|life|existing)(?! (?:paycheck|like|in|with|at|on|under|for)\b)",
    r"(?:want|wanna) (?:to )?stop (?:existing|being alive)",
    r"(?:pills|gun|rope|knife) (?:is |are )?ready",
    r"(?:dont|do not|cant|cannot|can not) see (?:a|any) way out",
    r"(?:goodbye|farewell) (?:note|letter)",
    r"danger to (?:my ?self|others)",
    # methods
    r"noose",
    rf"(?:hang|hanging|hanged|hung) {_SELF}",
    rf"(?:shoot|shooting|shot|stab|stabbing|drown|drowning|poison|poisoning|starv\w*|cut|cuts|cutting|hurt|hurts|hurting"
    rf"|harm|harms|harming|burn|burning) {_SELF}(?! (?:some slack|out)\b)",
    rf"(?:use|using) (?:it|a gun|the gun|pills|a knife|the knife) on {_SELF}",
    r"overdos\w*",
    r"lethal (?:dose|amount)",
    r"how (?:much|many) (?:of )?(?:my |the |those )?(?:pills|meds|medications?|tablets|tylenol|insulin)"
    r"(?: \w+){0,3} (?:would|to) (?:take|kill)",
    r"od(?:d|ed|ing)? on",
    r"(?:took|take|taking|swallowed|swallow|downed|popped|ate) (?:a |the )?(?:whole |entire )?"
    r"(?:all|bunch|lot|handful|bottle|box|load|ton|fistful|pack|packet)s?(?: of)?(?: my| the| those| these| her| his)?(?: \w+)?"
    r" (?:pills|tablets|meds|medications?|tylenol|painkillers)",
    r"(?:sav|stockpil|hoard|stash|collect)\w* (?:up )?(?:my |some |the )?(?:pills|meds|tablets)",
    r"(?:jump|jumping|jumped) (?:off|from|in front of) (?:a |the |my )?"
    r"(?:bridge|building|roof|train|balcony|cliff|bus|car|truck|window|overpass)",
    r"slit(?:ting)? my (?:wrists?|throat)",
    # self-harm
    r"self ?(?:harm|injur|mutilat)\w*",
    r"cut(?:s|ting)? my (?:arms?|wrists?|legs?|thighs?|skin|stomach)",
    r"cutting again",
    rf"(?:scratch|scratching|punch|punching|hit|hitting|bang|banging) {_SELF}",
    r"until i bleed",
    # harm to others, and danger from someone
    rf"(?:kill|killing|murder|murdering|hurt|hurting|harm|harming|stab|stabbing|strangle|strangling|choke|choking|shoot|shooting)"
    rf" {_OTHERS}(?! (?:feelings|a|an|back)\b)",
    r"homicid\w*",
    r"threat\w* to (?:kill|hurt|harm|shoot|stab) (?:me|my)",
    r"(?:said|says|swore|told me|threatens?) (?:that )?(?:he|she|they)(?:d|ll| would| will| is going to| was going to| is gonna) kill me",
)

# Mentions of someone else's suicide or of the subject, blanked out before matching. "Committed
# suicide" stays a crisis after "i", "almost" or "nearly".
CONTEXT: tuple[str, ...] = (
    r"(?:died|dies|death|deaths) (?:by|of|from) suicide",
    r"lost (?:\w+ ){1,3}to suicide",
    r"suicide (?:prevention|awareness|loss|bereavement|rates?|statistics)",
    r"(?<!\bi )(?<!\balmost )(?<!\bnearly )committed suicide",
)
