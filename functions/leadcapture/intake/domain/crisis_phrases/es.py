"""Spanish crisis phrasings (see `__init__.py` for how they are matched: accents are folded away,
so "daño" is written "dano" here). The Spanish form reuses this list.

Written for families of phrasing: the writer's own crisis and someone else's ("mi hijo dice que
se quiere matar", "mi hija se está cortando"), so verbs take every person (quiero/quiere,
matarme/matarse, me corto/se corta); regional and colloquial forms ("darme un tiro", "aventarme",
"quitarme de en medio", "ya no doy más"); common misspellings (qiero, kiero, matarce, suisidio,
bibir); and plans and preparations (juntar pastillas, una cuerda, regalar sus cosas, despedirse).
"""

# Wanting, any person, misspelt as texted.
_QUIERO = (
    r"(?:quiero|kiero|qiero|quero|kero|quisiera|queria|qeria|deseo|desea|ganas de|deseos de|quiere|kiere|quieren|quisiera|prefiero"
    r"|prefiere|me gustaria|le gustaria)"
)
# "Me quiero morir", "se va a matar", "te quieres morir".
_ME_QUIERO = (
    r"(?:me (?:quiero|kiero|qiero|quero|kero|quisiera|queria|voy a|pienso)|se (?:quiere|kiere|quisiera|queria|va a|piensa)"
    r"|te (?:quieres|queres|vas a))"
)
_GENTE = (
    r"(?:mi (?:esposo|esposa|marido|mujer|pareja|novio|novia|ex|hijo|hija|bebe|mama|madre|papa|padre|jefe|jefa|hermano|hermana"
    r"|suegra|suegro|vecino|vecina|companero|companera|familia)|mis (?:hijos|hijas|papas|padres|hermanos|bebes)"
    r"|alguien|el|ella|ellos|ellas|todos|la gente|otros|otras personas)"
)
# Figures of speech after "morir" or "matar": "me quiero morir de vergüenza", "me voy a matar estudiando".
_NO_FIGURA = (
    r"(?! (?:(?:de|del) (?:la )?(?:verguenza|pena|risa|ganas|hambre|sed|sueno|calor|frio|envidia|amor|miedo|celos|aburrimiento|cansancio"
    r"|nervios|emocion|susto|gusto|alegria|felicidad)|(?:\w+ )?(?:trabajando|estudiando|entrenando|corriendo|a trabajar|a estudiar)"
    r"|en el (?:gym|gimnasio|trabajo))\b)"
)
# "Se corta los brazos", but not "se corta el pelo", "se cortó la luz", "se lastimó jugando".
_NO_ACCIDENTE = (
    r"(?! (?:el (?!brazo|antebrazo|cuerpo|muslo|abdomen|estomago)|la (?!piel|muneca|pierna|panza)|las unas|un|una|mucho|muy|un poco"
    r"|al (?!proposito)|cocinando|sin querer|jugando|con (?:el|la|un|una) (?!navaja|cuchilla|hoja de afeitar|gillette|sacapuntas|cigarr)"
    r"|en (?:el|la) (?!brazo|muneca|pierna)|facil|hablando|de|con (?:las|los) (?:\w+ )?(?:chicas|chicos|gente|personas))\b)"
)
_SIN_LUGAR = (
    r"(?! (?:con|cerca|sol[oa]|juntos|alli|ahi|aqui|en (?!este mundo)|asi con|lejos|de (?:alquiler|renta)|temprano|tarde|a las|antes)\b)"
)

PATTERNS: dict[str, tuple[str, ...]] = {
    # suicidio, suicida, suicidarme, con faltas (suisidio, sucidio, suicidarce)
    "su": (r"su[iy]?[cs]{1,2}i?d\w*",),
    # querer morir, matarse, en cualquier persona
    "morir matar suicid ahorcar quitar dar pegar disparar petate colgar": (
        rf"{_QUIERO} (?:morir|morirme|morirse|morirce){_NO_FIGURA}",
        rf"{_ME_QUIERO} (?:morir|matar|suicidar|ahorcar|quitar la vida|dar un tiro|pegar un tiro|disparar){_NO_FIGURA}",
        rf"{_ME_QUIERO} petatear|petatear(?:me|se)",
        rf"{_ME_QUIERO} colgar(?! (?:el|la|los|las|un|una|unos|unas|al telefono)\b)",
        rf"(?:matarme|matarse|matarce|matarte){_NO_FIGURA}",
        rf"(?:morirme|morirse|morirce)(?! de\b){_NO_FIGURA}",
    ),
    # no querer vivir ni seguir, en cualquier persona ('vivir con mis papas' no lo es)
    "viv vib biv bib exist despert estar segu": (
        r"dejar de (?:existir|vivir)(?! (?:con|en|aqui|alli|ahi)\b)",
        r"no (?:quiero|quiere|quieren|kiero|qiero|quero|kero|deseo|desea|puedo|puede|tengo ganas de|tiene ganas de|aguanto|aguanta)"
        rf" (?:seguir |mas )?(?:[bv]i[bv]i(?:r|endo)|existir|estar viv[oa]|despertar(?:me|se)?){_SIN_LUGAR}",
        r"no (?:quiero|quiere|kiero|qiero|deseo|desea) (?:estar|seguir) (?:vivo|viva|aqui|en este mundo)",
        r"no (?:quiero|quiere|kiero|qiero) existir",
        r"no (?:tengo|tiene|hay|encuentro|encuentra|veo|ve) (?:ninguna |ningun )?(?:razon|razones|motivo|motivos|sentido|ganas)"
        r" (?:para|de) (?:vivir|seguir)",
        r"(?:perdi|perdio|perdido|sin) (?:las |sus |mis )?ganas de vivir",
        r"para (?:que|q) (?:seguir )?(?:vivir|viviendo)",
        r"no (?:tengo|tiene|hay) (?:por|para) (?:que|quien) (?:vivir|seguir)",
        r"ya no (?:quiero|quiere|puedo|puede|kiero) seguir(?! (?:con|en|trabajando|estudiando)\b)",
    ),
    # quitarse la vida, acabar con todo, la vida no vale la pena, cansado de vivir
    "vida sentido vale cansad hart agotad quit acab termin poner": (
        r"quit(?:arme|arse|arce|arte|ar|a|o|e) la (?:vida|bida)",
        r"quitar(?:me|se) de en medio",
        r"(?:acabar|terminar|acabo|termino|acaba|termina|poner fin) (?:con|a) (?:mi vida|su vida|todo)(?! (?:el|lo|la|los|las)\b)",
        r"(?:la|mi|su) vida (?:ya )?no (?:vale la pena|tiene sentido)",
        r"no (?:le )?(?:encuentro|encuentra|veo|ve|tiene) sentido (?:a )?(?:la vida|mi vida|su vida|vivir|seguir)",
        r"no vale la pena (?:vivir|seguir)",
        r"no (?:aguanto|aguanta|soporto|soporta) (?:mas )?(?:la|mi|su|esta) vida",
        r"(?:cansad[oa]s?|hart[oa]s?|agotad[oa]s?) de (?:vivir|la vida|existir|estar viv[oa]|esta vida)",
    ),
    # mejor sin mi, mejor muerto
    "mejor": (
        r"(?:estarian|estaria|estaran|estarias|vivirian|seria) mejor sin mi",
        r"(?:dice|dijo|piensa|cree|siente|repite|escribio) que (?:\w+ ){0,2}(?:estariamos|estarian|estaria|estarias|seria|vivirian"
        r"|viviriamos"
        r"|estamos|somos|seriamos)"
        r" mejor(?:es)? sin (?:el|ella|ellos|ellas)",
        r"mejor si (?:yo )?no (?:estuviera|existiera|viviera|hubiera nacido)",
        r"(?:estaria|estarian|seria) mejor si (?:yo )?no (?:estuviera|existiera)",
        r"mejor (?:estar |estaria |seria estar )?muert[oa]s?",
    ),
    # ojala estar muerto, no haber nacido, pensar en la muerte, nadie me extranaria
    "acabe termine muert ojala nacido pensamientos ideas muerte morir nadie mate matara atropell lleve": (
        r"que (?:todo|mi vida|su vida) se (?:acabe|termine)|que se (?:acabe|termine) (?:todo|mi vida|su vida)",
        r"(?:ojala|quisiera|desearia) (?:estar|estuviera) muert[oa]",
        r"ojala (?:yo )?(?:me muera|me muriera|no despierte|no despertara|no existiera|no hubiera nacido)",
        r"(?:quisiera|ojala|desearia|deseo|preferiria|prefiero) no haber nacido",
        r"(?:pensamientos|ideas) de (?:muerte|morir|morirme|morirse|suicidio|matarme|matarse|quitarme la vida|quitarse la vida)",
        r"(?:pienso|piensa|pensando|pense) (?:mucho |todo el tiempo |siempre )?en (?:la muerte|morir|morirme|morirse)",
        r"nadie (?:me|lo|la|los) (?:extranaria|echaria de menos|va a extranar|notaria)",
        r"(?:quiero|quiere|ojala|quisiera|deseo) que (?:alguien|algo|dios|un \w+|una \w+) me (?:mate|matara|atropelle|atropellara|lleve)",
    ),
    # dormir o irse para siempre, desaparecer, irse de este mundo
    "siempre mundo desaparec dormir despert": (
        r"(?:dormir|dormirme|dormirse) (?:para siempre|y no (?:volver a )?despertar)",
        r"no (?:volver a )?despertar(?:me|se)? nunca",
        r"(?:quisiera|quiero|quiere|ojala|deseo|espero|prefiero|prefiere) no (?:volver a )?despertar(?:me|se)?",
        r"desaparecer para siempre",
        r"(?:pienso|piensa|pensando|pense|quiero|quiere|kiero|quisiera|ganas de) (?:en )?desaparecer(?! de\b)",
        r"(?:irme|irse|ir|salir|desaparecer) de este mundo",
        r"(?:irme|irse|ir) para siempre(?! (?:de|a|al)\b)",
        r"(?:dejar de sufrir|descansar|dormir) para siempre",
        r"sobr(?:o|a|amos) en este mundo",
    ),
    # un tiro, tirarse de un puente
    "tiro balazo disparo tirar aventar lanzar arrojar": (
        r"(?:darme|darse|pegarme|pegarse|meterme|meterse|me doy|se da|me pego|se pega|me meto|se mete) un (?:tiro|balazo|disparo)"
        r"(?! en (?:el|la) pie\b)",
        r"(?:tirarme|tirarse|aventarme|aventarse|lanzarme|lanzarse|arrojarme|arrojarse"
        r"|(?:me|se) (?:quiero |quiere |voy a |va a |piensa |pienso |kiero )?(?:tirar|aventar|lanzar|arrojar))"
        r" (?:de|del|por|desde|al|a|bajo|abajo de|debajo de|frente a|a las) (?:un |una |el |la |los )?"
        r"(?:puente|edificio|ventana|balcon|techo|azotea|tren|metro|vias|auto|coche|carro|camion|precipicio|acantilado|barranco|autopista"
        r"|carretera|trailer|piso)",
    ),
    # pastillas tomadas o juntadas, sobredosis, veneno
    (
        "pastillas pildoras medicamentos medicinas tabletas somniferos calmantes sobredosis tomar cuant veneno raticida "
        "matarratas cloro lejia insecticida anticongelante"
    ): (
        r"(?:tome|trague|me tome|se tomo|se trago|me trague|tomar|tragar|tomarme|tomarse|tragarme|tragarse|tomo|trago)"
        r" (?:un monton de|muchas|todas (?:mis|las|sus)|todas|varias|un frasco de|una caja de|demasiadas|un puno de|un punado de"
        r"|un blister de)"
        r" (?:\w+ )?(?:pastillas|pildoras|medicamentos|medicinas|tabletas|somniferos|calmantes)"
        r"(?! (?:cada|todos los dias|diario|a diario|en la manana|en la noche|como|que me receta\w*)\b)",
        r"sobredosis",
        r"(?:guard|junt|acumul|escond)\w* (?:las |mis |sus |unas )?(?:pastillas|pildoras|medicamentos|medicinas|somniferos|calmantes)"
        r"(?! en (?:el|la|un|una|mi|su) (?:bano|cocina|cajon|bolsa|botiquin|refri)\b)",
        r"tomar(?:me|se)(?:las|los) (?:todas|todos|de una vez|de golpe)",
        r"cuant[oa]s (?:\w+ ){0,3}(?:para|pa) (?:morir|matarme|matarse|no despertar|una sobredosis)",
        r"(?:tomar|tomarme|tomarse|beber|beberme|beberse|tragar|me tome|se tomo|me trague|se trago)(?: \w+)?"
        r" (?:veneno|raticida|matarratas|cloro|lejia|insecticida|anticongelante)",
        r"veneno (?:\w+ ){0,3}para (?:tomarmelo|tomarselo|tomarmela|beberlo|tomarlo|morir|matarme|matarse)",
        r"(?:pastillas|pildoras|medicamentos|somniferos) (?:guardadas|guardados|juntadas|escondidas|escondidos|acumuladas|listas|listos)",
    ),
    # una cuerda, ahorcarse
    "ahorcar colgar cuerda soga lazo": (
        r"ahorcarme|ahorcarse|colgarme|colgarse(?! (?:el|la|del telefono)\b)|me (?:voy a |quiero )?ahorcar",
        r"(?:compre|compro|tengo|tiene|encontre|escondi|escondio|ya tengo|consegui|consiguio) (?:la |una |su )?(?:cuerda|soga|lazo)"
        r"(?! (?:para (?:la ropa|el tendedero|escalar|saltar|el perro|atar)|de saltar)\b)",
        r"(?:cuerda|soga) (?:escondida|lista|en su cuarto|en mi cuarto|para (?:ahorcarme|ahorcarse|colgarme|colgarse))",
    ),
    # navajas escondidas, hasta sangrar
    "navaja cuchilla hoja gillette sacapuntas sangr": (
        r"(?:navajas?|cuchillas?|hojas? de afeitar|gillette|sacapuntas) (?:\w+ ){0,2}(?:listas?|escondidas?|para cortar(?:me|se)"
        r"|debajo de)",
        r"hasta (?:sangrar|que (?:me|le|se) sal(?:e|ga|io) sangre|hacerme sangre|hacerse sangre)",
    ),
    # despedidas, cosas regaladas, la ultima noche
    "desped despid regal ultim": (
        r"(?:carta|cartas|mensaje|mensajes|nota|notas|video|audio)s? (?:de despedida|despidiendo(?:se|me))",
        r"(?:me|se) (?:despedi|despidio|despide|despido|esta despidiendo|estoy despidiendo|quiere despedir|quiero despedir)"
        r" de (?:todos|todo el mundo|sus amigos|mis amigos|su familia|mi familia)",
        r"regal(?:ando|o|e|ado|ar|a)\w* (?:todas )?(?:mis|sus) (?:cosas|pertenencias|posesiones|objetos|videojuegos|mascotas|herramientas"
        r"|joyas)"
        r"(?!(?: \w+){0,5} (?:mud\w*|donar|caridad|iglesia|beneficencia|venta))",
        r"(?:es|sera|seria) (?:mi|su) (?:ultima noche|ultimo dia)(?! (?:en|de|del|como)\b)",
    ),
    # autolesiones, en cualquier persona ('me corte el pelo', 'se corto la luz' no lo son)
    "dano cort autolesi quem rasgun golpe lastim": (
        r"(?:hacerme|hacerse|me hago|se hace|me hice|se hizo|me he hecho|se ha hecho|me estoy haciendo|se esta haciendo) dano(?! en\b)",
        r"(?:cortarme|cortarse|cortarce|me corto|me corte|cortandome|cortandose|me estoy cortando)"
        r"(?! (?:el pelo|el cabello|las unas|el dedo|el fleco|la barba|con (?:un|el) (?:cuchillo|papel))\b)",
        r"autolesi\w*",
        r"(?:hacerme|hacerse|(?:me|se) (?:hace|hago|hizo|hice|ha hecho|he hecho|esta haciendo|estoy haciendo)) (?:\w+ )?cortes",
        r"(?:quemarme|me quemo|me queme|rasgunarme|me rasguno|golpearme|me golpeo)"
        r"(?! (?:la mano|el dedo|la lengua|al sol|con el sol|con el horno|cocinando)\b)",
        r"(?:lastimarme|lastimarse|me lastimo|me lastime)(?! (?:la|el|los|las|un|una|jugando)\b)",
        rf"se (?:esta |ha estado |sigue |anda |volvio a |vuelve a |empezo a |suele |ha |estaba )?"
        rf"(?:cort(?:a|ando|o|ado|aba)|lastim(?:a|ando|o|ado|aba)|quem(?:a|ando|o|aba)|golpe(?:a|ando|o|aba)|rasgun(?:a|ando"
        rf"|o)){_NO_ACCIDENTE}",
        r"cortes en (?:los|las|sus|mis) (?:brazos|piernas|munecas|muslos|antebrazos)",
    ),
    # dano a otros, y peligro de otra persona
    "matar lastim herir hacerle hacerles golpear ahorcar apunal asesin amenaz": (
        rf"(?:matar|lastimar|herir|hacerle dano|hacerles dano|golpear|ahorcar|apunalar|asesinar) a {_GENTE}",
        r"(?:lo|la|los|las) (?:voy a|quiero|podria) matar",
        r"matarlos|matarlas|matarlo|matarla",
        r"amenaz\w* (?:con|de) (?:matarme|matarnos|lastimarme|hacerme dano)",
    ),
}

# No es una crisis de quien escribe, o no de ahora: el suicidio consumado o la sobredosis mortal de
# otra persona (duelo), un pasado que ya pasó ("intenté suicidarme a los 17", "hace años me
# cortaba"), una crisis negada ("no soy suicida") y el trabajo con las crisis de otros. Se borran
# antes de buscar, así que una frase de crisis al lado sigue marcando el mensaje.
_HACE = (
    r"(?:hace (?:\d+|muchos|varios|unos|algunos|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|quince|veinte|un par de) (?:anos|decadas)"
    r"|hace (?:anos|mucho(?: tiempo)?)|cuando (?:yo )?(?:era|eramos|tenia|estaba en) (?:\w+ ){0,2}?(?:nin[oa]s?|chic[oa]s?|pequen[oa]s?"
    r"|adolescentes?|joven|jovenes|\d+|la (?:secundaria|prepa|preparatoria|universidad|escuela)|el (?:colegio|instituto|liceo"
    r"|bachillerato))"
    r"|de (?:nin[oa]|joven|adolescente|chic[oa]|pequen[oa])|en (?:la (?:secundaria|prepa|preparatoria|universidad|adolescencia)"
    r"|el (?:colegio|instituto|liceo|bachillerato)|(?:19|20)\d\d)|a los \d+|en el pasado)"
)
_PASADO = (
    r"(?:(?:intente|intento|intentaron|trate de|trato de) (?:suicidarme|suicidarse|matarme|matarse|quitarme la vida|quitarse la vida"
    r"|ahorcarme|ahorcarse|morir)|(?:me|se) (?:cortaba|autolesionaba|lastimaba|hacia dano|quemaba)"
    r"|tuv[eo] (?:pensamientos suicidas|ideas suicidas|un intento de suicidio|una sobredosis|intentos de suicidio)"
    r"|(?:pensamientos|ideas) suicidas|estuv[eo] hospitalizad[oa] (?:por|tras) (?:\w+ ){0,2}(?:suicid\w*|sobredosis|autolesion\w*))"
)
_HUECO = r"(?:(?!(?:pero|y|ahora|otra|de nuevo|todavia|aun|hoy|anoche|ayer|esta|este)\b)\w+ )"

CONTEXT: dict[str, tuple[str, ...]] = {
    # el suicidio o la sobredosis de otra persona
    "suicid sobredosis quito quitaron ahorc colgo mato mataron disparo pego dio": (
        r"(?:murio|murieron|muere|fallecio|fallecieron|muerte|muertes|perdimos|perdi|perdio) (?:\w+ ){0,4}(?:por|de|al|a causa del?)"
        r" (?:una )?(?:suicidio|sobredosis)",
        r"(?:prevencion|sobrevivientes|duelo|tasas?) (?:del?|por) suicidio",
        r"(?<!\bme )se suicid(?:o|aron)",
        r"(?<!\bintento )(?<!\bcasi )(?<!\bpor poco )se (?:quito|quitaron) la vida",
        r"(?<!\bcasi )(?<!\bpor poco )se (?:ahorco|ahorcaron|colgo|mato|mataron|disparo|pego un tiro|dio un tiro)",
        r"(?<!\bintento de )(?<!\bintentos de )suicidio de (?:mi|su|tu|nuestro|nuestra) \w+",
    ),
    # un pasado que ya paso
    "intent trat cortaba autolesionaba lastimaba hacia quemaba tuv pensamientos ideas estuv": (
        rf"{_HACE} {_HUECO}{{0,4}}{_PASADO}|{_PASADO} {_HUECO}{{0,5}}{_HACE}",
    ),
    # una crisis negada
    "suicid autolesion nunca jamas": (
        r"(?:no|nunca|ni|sin|jamas) (?:(?:tengo|tiene|he tenido|ha tenido|soy|es|estoy|esta|he sido|ha sido|pensamientos|ideas|ideacion"
        r"|intentos?|he intentado|tuve|ningun|ninguna|ningunos|ningunas) )*(?:suicida|suicidas|suicidio|autolesion\w*)",
        r"(?:nunca|jamas) (?:me )?(?:haria|hare|voy a hacer|podria hacer)(?:me)? dano|(?:nunca|jamas) me (?:mataria|suicidaria"
        r"|quitaria la vida"
        r"|lastimaria|cortaria)",
    ),
    # el trabajo con las crisis de otros
    "suicid riesgo ideacion autolesion sobredosis": (
        r"(?:atiendo|atiende|trabajo con|trabaja con|acompano|veo) (?:\w+ )?(?:casos|pacientes|personas|jovenes|adolescentes) (?:\w+ )?"
        r"(?:de|con) (?:suicidio|riesgo suicida|ideacion suicida|autolesiones|sobredosis)",
    ),
}
