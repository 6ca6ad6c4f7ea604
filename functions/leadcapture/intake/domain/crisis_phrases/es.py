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
    r"|suegra|suegro|vecino|vecina|companero|companera|familia|cunado|cunada|primo|prima|tio|tia|padrastro|madrastra|abuelo|abuela"
    r"|maestro|maestra|profesor|profesora|entrenador)|mis (?:hijos|hijas|papas|padres|hermanos|bebes|companeros)"
    r"|alguien|el|ella|ellos|ellas|todos|la gente|otros|otras personas)"
)
# Figures of speech after "morir" or "matar": "me quiero morir de vergüenza", "me voy a matar estudiando".
_NO_FIGURA = (
    r"(?! (?:(?:de|del) (?:la )?(?:verguenza|pena|risa|ganas|hambre|sed|sueno|calor|frio|envidia|amor|miedo|celos|aburrimiento|cansancio"
    r"|nervios|emocion|susto|gusto|alegria|felicidad|tanto \w+|tanta \w+|trabajo|estres|cansancio)"
    r"|(?:\w+ )?(?:trabajando|estudiando|entrenando|corriendo|a trabajar|a estudiar)"
    r"|en el (?:gym|gimnasio|trabajo))\b)"
)
# "Se corta los brazos", but not "se corta el pelo", "se cortó la luz", "se lastimó jugando".
_NO_ACCIDENTE = (
    r"(?! (?:el (?!brazo|antebrazo|cuerpo|muslo|abdomen|estomago)|la (?!piel|muneca|pierna|panza)|las unas|un|una|mucho|muy|un poco"
    r"|al (?!proposito)|cocinando|sin querer|jugando|con (?:el|la|un|una) (?!navaja|cuchilla|hoja de afeitar|gillette|sacapuntas|cigarr)"
    r"|en (?:el|la) (?!brazo|muneca|pierna)|facil|hablando|de|con (?:las|los) (?:\w+ )?(?:chicas|chicos|gente|personas))\b)"
)
# La palabra misma, con faltas o sin ellas (suicidio, suicida, suisidio, sucidio).
_SUICIDIO = r"su[iy]?[cs]{1,2}i?d\w*"
_SIN_LUGAR = (
    r"(?! (?:con|cerca|sol[oa]|juntos|alli|ahi|aqui|en (?!este mundo)|asi con|lejos|de (?:alquiler|renta)|temprano|tarde|a las|antes)\b)"
)

PATTERNS: dict[str, tuple[str, ...]] = {
    # suicida dicho de alguien ahora, suicidarse, pensamientos de muerte que se tienen ahora, el suicidio pensado o planeado
    # (la palabra sola es una mencion, `MENTIONS`)
    # suicida dicho de alguien ahora, suicidarse, el suicidio o la sobredosis pensados o tomados (la palabra sola es una mencion)
    "suic suis suyc suys succ sucs suci sucd suss susc susi susd sobredosis autolesion": (
        r"(?:soy|estoy|me siento|se siente|te sientes|sentirme|sentirse|esta|es|ando|anda|sigo|sigue|he estado|ha estado|me he sentido"
        r"|se ha sentido|me pongo|se pone|me puse|se puso|me vuelvo|se vuelve|volvi a estar|volvio a estar|otra vez) (?:muy |bastante "
        r"|algo |un poco |medio |super |tan )?su[iy]?[cs]{1,2}i?das?\b",
        r"su[iy]?[cs]{1,2}i?d(?:arme|arse|arte|arce|ar|andome|andose|ara|aria|are)\b",
        r"(?:pienso|piensa|pensando|pense|he pensado|ha pensado|planeo|planea|planeando|busco|busca|buscando|considero|considerando"
        r"|contemplo|contemplando) (?:\w+ ){0,2}(?:en |sobre )?(?:el )?(?:su[iy]?[cs]{1,2}i?dio|una sobredosis|autolesion\w*)",
        r"(?:me|se|te) (?:\w+ )?(?:tome|tomo|di|dio|provoque|provoco|meti|metio|dar|tomar|provocar) una sobredosis"
        r"|(?:tomarme|tomarse|darme|darse|provocarme|provocarse) una sobredosis|(?:tuve|tuvo|ha tenido|he tenido) una sobredosis"
        r" (?:anoche|ayer|hoy|esta|este|la semana|el fin)",
        r"(?:me|se|te) (?:\w+ )?autolesion\w*|autolesionar(?:me|se|te)",
    ),
    # pensamientos de muerte que se tienen ahora
    "pensamientos ideas ideacion deseos impulsos ganas": (
        r"(?:tengo|tiene|tienes|tenemos|tenia|ando con|anda con|estoy con|esta con|he tenido|ha tenido|vuelvo a tener|vuelve a tener"
        r"|volvi a tener|volvio a tener|sigo teniendo|sigue teniendo|me vienen|le vienen|me llegan|le llegan|me dan|le dan)"
        r" (?:\w+ ){0,2}(?:pensamientos|ideas|ideacion|deseos|impulsos|ganas) (?:de (?:muerte|morir\w*|su[iy]?[cs]{1,2}i?d\w*"
        r"|matar\w*|quitar\w* la vida|hacerme dano|hacerse dano|autolesion\w*|cortar\w*)|su[iy]?[cs]{1,2}i?das?)",
    ),
    # querer morir, matarse, en cualquier persona
    "morir matar suicid ahorcar quitar tiro disparar petate colgar": (
        rf"{_QUIERO} (?:morir|morirme|morirse|morirce){_NO_FIGURA}",
        rf"{_ME_QUIERO} (?:morir|matar|suicidar|ahorcar|quitar la vida|dar un tiro|pegar un tiro|disparar){_NO_FIGURA}",
        rf"{_ME_QUIERO} petatear|petatear(?:me|se)",
        rf"{_ME_QUIERO} colgar(?! (?:el|la|los|las|un|una|unos|unas|al telefono)\b)",
        rf"(?:matarme|matarse|matarce|matarte){_NO_FIGURA}",
        rf"(?:morirme|morirse|morirce)(?! de\b){_NO_FIGURA}",
    ),
    # no querer vivir ni seguir, en cualquier persona ('vivir con mis papas' no lo es)
    (
        "viv vib biv bib exist despert a_estar estar_viv estar_aqui estar_en segu conmigo consigo respirar descansar dejando "
        "dejarme dejarse insulina medicinas medicamentos pastillas"
    ): (
        r"(?:quisiera|quiero|quiere|preferiria|prefiero|ojala|desearia|deseo|kiero) no (?:existir|haber existido|estar aqui|estar viv[oa])",
        r"(?:quiero|quiere|quisiera|kiero|ganas de|desea|deseo) dejar de respirar",
        r"(?:quiero|quisiera|solo quiero|necesito|quiere) descansar (?:de verdad|para siempre|en paz|eternamente)",
        r"(?:me estoy|se esta|me voy a|se va a|estoy|esta) dejando(?:me|se)? morir|dejar(?:me|se) morir",
        r"ya no me (?:tomo|pongo|inyecto) (?:la|mi|las|mis) (?:insulina|medicinas|pastillas|medicamentos)",
        r"ya no (?:voy|va|vas|iba|ibas|vamos|van) a estar(?! (?:en|con|disponible|libre|trabajando|viviendo|de|del|sol[oa]s?|tan|muy"
        r"|para|el|la|los|las|este|esta|estos|estas|un|una|tranquil\w*|bien|mal|presente|cerca|ahi|alli|juntos|juntas|a cargo|al"
        r"|casad[oa]|enojad[oa]|triste|lejos|aqui (?:el|la|en|para|los|las|cuando|este|esta|porque me))\b)",
        r"no (?:me siento|se siente|te sientes|estoy|esta|me encuentro|se encuentra) (?:a salvo|segur[oa]s?) (?:conmigo|consigo)"
        r"(?: mism[oa]s?)?",
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
        r"no (?:aguanto|aguanta|soporto|soporta|puedo mas con|puede mas con) (?:mas )?(?:la|mi|su|esta) vida",
        r"(?:cansad[oa]s?|hart[oa]s?|agotad[oa]s?) de (?:vivir|la vida|existir|estar viv[oa]|esta vida)(?! (?:de|en|laboral|social"
        r"|universitaria|nocturna|escolar|academica|diaria|familiar|en pareja)\b)",
    ),
    # mejor sin mi, mejor muerto
    # senales escondidas: manga larga con calor, sangre en las sabanas
    "manga sangre": (
        r"manga larga (?:\w+ ){0,3}(?:con este calor|con el calor|en verano|aunque hace calor|en pleno verano|con calor|en julio"
        r"|en agosto)",
        r"sangre en (?:sus|mis|las|su|mi|los) (?:sabanas|toallas|mangas|panuelos|papeles|almohada|ropa|pijama)",
    ),
    "carga estorbo peso mejor_con sin_mi sin_el sin_ella sin_nosotros sobro nadie": (
        r"(?:soy|ser|sea|es|siento que soy|me siento|se siente|era|he sido|me volvi|se volvio) (?:una |un )?(?:carga|estorbo|peso"
        r" muerto)(?! (?:de trabajo|laboral|academica|horaria|viral|emocional para (?:el|la) equipo)\b)",
        r"(?:estarian|estaria|estarias|vivirian|serian|seria) mejor con (?:otra|otro) (?:mama|papa|madre|padre|esposa|esposo|pareja)",
        r"(?:estarian|estaria|estarias|vivirian|serian|seria|estariamos|viviriamos) (?:mas |mucho mas )?(?:tranquil\w*|felices|feliz"
        r"|mejor|en paz|libres|aliviad\w*) sin (?:mi|el|ella|nosotros)\b",
        r"(?:siento que|yo) sobro|sobro en (?:todos lados|todas partes|este mundo|esta casa|esta familia|aqui)",
        r"a nadie le (?:importaria|importa|va a importar|importaria) si (?:desaparezco|me muero|muero|me voy|ya no estoy|no estoy|me mato"
        r"|desapareciera|me muriera|me matara)",
    ),
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
    # ojala estar muerto, no haber nacido, pensar en la muerte, nadie me extranaria, morir como unica salida
    "muert morir": (
        rf"{_QUIERO} (?:estar|estuviera|ser|quedar) muert[oa]s?",
        r"(?:ojala|quisiera|desearia) (?:estar|estuviera) muert[oa]",
        r"(?:pienso|piensa|pensando|pense) (?:mucho |todo el tiempo |siempre )?en (?:la muerte|morir|morirme|morirse)",
    ),
    # morir como unica salida, no ver salida
    "salida solucion opcion forma manera respuesta": (
        r"(?:morir|morirme|morirse|la muerte|matarme|matarse|suicidarme|suicidarse|el suicidio|quitarme la vida|quitarse la vida"
        r"|desaparecer|irme|acabar con (?:todo|mi vida)) (?:es|seria|sea|parece|me parece|veo como) (?:la|mi|su) (?:unica |mejor )?"
        r"(?:salida|solucion|opcion|forma|manera|respuesta)",
        r"no (?:le )?(?:veo|encuentro|ve|encuentra|hay|tengo|tiene) (?:otra |ninguna )?salida(?! (?:a (?:esta|la|mi|su|este|el|los|las)"
        r"|laboral|profesional|economica|del|de la|de este|de esta|para (?:la|el|mi|su))\b)",
    ),
    # que todo se acabe, no haber nacido, nadie me extranaria, que alguien me mate
    "acabe termine ojala nacido nadie mate matara atropell lleve": (
        r"que (?:todo|mi vida|su vida) se (?:acabe|termine)|que se (?:acabe|termine) (?:todo|mi vida|su vida)",
        r"(?:quiero|quisiera|ojala|deseo|necesito) que (?:todo|esto|mi vida|el dolor) (?:se )?(?:acabe|termine)(?! (?:bien|pronto para"
        r"|de una vez (?:la|el))\b)",
        r"ojala (?:yo )?(?:me muera|me muriera|no despierte|no despertara|no existiera|no hubiera nacido)",
        r"ojala (?:me )?(?:diera|de|pegara|agarrara|pasara) (?:un |una )?(?:infarto|paro|cancer|accidente|aneurisma|derrame)",
        r"(?:quisiera|ojala|desearia|deseo|preferiria|prefiero) no haber nacido",
        r"nadie (?:me|lo|la|los) (?:extranaria|echaria de menos|va a extranar|notaria)",
        r"(?:quiero|quiere|ojala|quisiera|deseo) que (?:alguien|algo|dios|un \w+|una \w+) me (?:mate|matara|atropelle|atropellara|lleve)",
    ),
    # dormir o irse para siempre, desaparecer, irse de este mundo
    "siempre mundo desaparec dormir despert": (
        r"(?:dormir|dormirme|dormirse) (?:para siempre|y (?:ya )?(?:no|nunca) (?:volver a )?despertar)",
        r"no (?:volver a )?despertar(?:me|se)? nunca",
        r"(?:quisiera|quiero|quiere|ojala|deseo|espero|prefiero|prefiere) no (?:volver a )?despertar(?:me|se)?",
        r"desaparecer para siempre",
        r"(?:pienso|piensa|pensando|pense|quiero|quiere|kiero|quisiera|ganas de) (?:en )?desaparecer(?! de\b)",
        r"(?:irme|irse|ir|salir|desaparecer) de este mundo",
        r"(?:irme|irse|ir) para siempre(?! (?:de|a|al)\b)",
        r"(?:dejar de sufrir|descansar|dormir) para siempre",
        r"sobr(?:o|a|amos) en este mundo",
    ),
    # despedidas sin la palabra: si manana no aparezco ya saben, cuiden a mi gato si me pasa algo, no se que me detuvo
    "mas_rapido ya_saben ya_sabras ya_sabes no_es perdon detuvo si_me si_ya si_no acaba_todo termina_todo": (
        r"(?:asi|de esta forma|de esta manera) (?:me|se|te) (?:voy|va|vas) a (?:ir|morir|acabar) mas rapido",
        r"si (?:manana |un dia |algun dia |pronto |la proxima semana )?no (?:aparezco|despierto|estoy|me ven|vuelvo|regreso|contesto)"
        r"(?: \w+){0,3} (?:ya saben|ya sabras|ya sabes|no es su culpa|no es tu culpa|perdon|perdonenme)",
        r"(?:no se|no sabe|no sabia) (?:que|quien|como) me detuvo|(?:algo|alguien) me detuvo(?! de (?:comprar|decir|hacer|gastar)\b)",
        r"(?:cuide|cuida|cuidar|cuiden|se quede con|se haga cargo de|se queden con) (?:a )?(?:mi|mis) (?:gato|gatos|perro|perros|hijos"
        r"|mascota|mascotas|plantas)(?: \w+){0,3} si (?:me pasa algo|ya no estoy|no estoy|me voy|me muero)",
        r"(?:hoy|esta noche|ya|manana) se (?:acaba|termina) todo",
    ),
    # miedo de lo que uno pueda hacer(se); ya pense como hacerlo
    "hacer a_punto": (
        r"a punto de (?:matarme|matarse|suicidarme|suicidarse|quitarme la vida|quitarse la vida|tirarme|tirarse|aventarme|aventarse"
        r"|cortarme|cortarse|tomarme|tomarse|ahorcarme|ahorcarse)",
        r"a punto de hacerlo(?: \w+){0,8} todo (?:listo|preparado)|(?:tenia|tengo|tiene) todo (?:listo|preparado)(?: \w+){0,8}"
        r" a punto de hacerlo",
        r"(?:miedo|temo|teme|siento que|me da miedo|le da miedo) (?:de |que )?(?:lo que )?(?:pueda|puedo|pueda llegar a|voy a|vaya a"
        r"|podria|puede|vaya a) hacer(?:me|se|le)?(?: (?:algo|una locura|algo malo|algo peor|algo grave|algo terrible|dano))?"
        r"(?! (?:mal|bien|el ridiculo|en el|en la|algo (?:mal|bien|que|con|para|sin|nuevo|diferente|productivo|asi)|que|con|para|sin"
        r"|los deberes|la tarea|las cosas|lo correcto|cambios|preguntas|amigos|ejercicio)\b)",
        r"(?:ya )?(?:pense|he pensado|tengo pensado|tiene pensado|planee|he planeado|tengo planeado|tiene planeado|decidi)"
        r" (?:exactamente |bien )?(?:como|cuando|donde|el dia|la fecha|el lugar|el metodo|como y cuando|cuando y como)(?: lo)?"
        r"(?: voy a| va a)? hacer(?:lo)?(?! (?:bien|mejor|diferente|de otra)\b)",
        r"ya (?:se|sabe) (?:exactamente |bien )?(?:cuando|donde|el dia|la fecha|el lugar)(?: lo)?(?: voy a| va a)? hacer(?:lo)?",
    ),
    # ya elegi la fecha; ya tengo todo planeado; medir la altura del puente
    "fecha dia hora momento lugar metodo sentido salida esperanza ganas fuerzas remedio puente edificio azotea acantilado": (
        r"(?:elegi|escogi|decidi|fije|eligio|escogio|decidio|fijo|ya tengo|ya tiene) (?:la|el) (?:fecha|dia|hora|momento|lugar|metodo)"
        r"(?! (?:de|del|para|en que (?:me|nos) (?:caso|casamos|mudo|mudamos)|libre)\b)",
        r"(?:sentido|salida|esperanza|ganas|fuerzas|remedio)(?: \w+){0,6} (?:ya )?(?:tengo|tiene) todo (?:planeado|listo|preparado"
        r"|pensado|decidido)",
        r"(?:puente|edificio|azotea|acantilado|balcon|techo|torre)(?: \w+){0,4} (?:medir|calcular|ver|mirar|checar) (?:la altura"
        r"|que tan alto|la caida)",
    ),
    # todo lo que necesito para acabar; un arma conseguida, no para defenderse; un arma a la escuela
    "necesit falta arma pistola revolver escopeta rifle cuchillo navaja": (
        r"todo lo (?:que )?(?:necesito|necesita|necesitaba|hace falta) (?:para|pa) (?:acabar|terminar|hacerlo|matarme|matarse|morir"
        r"|quitarme|quitarse|suicidarme|suicidarse)",
        r"(?:consegui|compre|me compre|consiguio|compro|se compro|ya tengo|ya tiene|encontre|encontro|robe|robo|agarre"
        r"|agarro) (?:un|una|el|la|su|mi) (?:arma|pistola|revolver|escopeta|rifle)(?! (?:de (?:juguete|agua|aire|balines|airsoft"
        r"|paintball)|para (?:cazar|la caza|el trabajo|proteger(?:nos|me)?|defender(?:nos|me)?|tiro)|registrad[oa]|legal|con permiso"
        r"|por (?:mi|su) trabajo|de (?:trabajo|servicio|cacer\w*))\b)",
        r"(?:arma|pistola|revolver|escopeta)(?: \w+){0,6} no (?:es|era) para (?:defender\w*|proteger\w*|cazar|la casa|seguridad"
        r"|defensa)",
        r"(?:llevar|lleva|llevo|llevara|meter|mete|metio) (?:un|una|el|la|su) (?:arma|pistola|cuchillo|navaja|revolver) (?:a|al|en|para)"
        r" (?:la |el )?(?:escuela|colegio|prepa|secundaria|instituto|trabajo|clase|salon|lastimar|matar|herir|disparar|vengarse)",
    ),
    # un tiro, tirarse de un puente
    (
        "tiro balazo disparo tira tire avent avient lanz arroj me_lleva me_lleve me_atropell me_arrolla me_mata me_pega cruzar "
        "chocar estrell estamp"
    ): (
        r"(?:a ver si|ojala|esperando que|para que|y que) (?:un|una|el|algun) (?:carro|coche|auto|camion|tren|bus|autobus) me (?:lleva"
        r"|atropella|arrolla|mata|pega|lleve|atropelle)",
        r"cruzar (?:la calle|la avenida|las vias|la carretera) sin (?:ver|mirar|fijarme)",
        r"(?:pensando|pienso|ganas|quiero|quisiera|voy a|podria) (?:en |de )?(?:chocar|estrellar(?:me)?|estampar(?:me)?) (?:el carro"
        r"|el coche"
        r"|el auto|contra|con)|(?:chocar|estrellar|estampar)(?:me)? (?:el carro|el coche|el auto|contra \w+)(?: \w+){0,4} (?:a proposito"
        r"|adrede|para (?:morir|matarme))",
        r"(?:darme|darse|pegarme|pegarse|meterme|meterse|me doy|se da|me pego|se pega|me meto|se mete) un (?:tiro|balazo|disparo)"
        r"(?! en (?:el|la) pie\b)",
        r"(?:tirarme|tirarse|aventarme|aventarse|lanzarme|lanzarse|arrojarme|arrojarse"
        r"|(?:me|se|te) (?:quiero |quiere |voy a |va a |piensa |pienso |kiero )?(?:tirar|aventar|lanzar|arrojar|tiro|tira|tiras|tire"
        r"|aviento|avienta|lanzo|lanza|arrojo|arroja))"
        r" (?:de|del|por|desde|al|a|bajo|abajo de|debajo de|frente a|a las) (?:un |una |el |la |los )?"
        r"(?:puente|edificio|ventana|balcon|techo|azotea|tren|metro|vias|auto|coche|carro|camion|precipicio|acantilado|barranco|autopista"
        r"|carretera|trailer|piso)",
    ),
    # pastillas tomadas o juntadas, sobredosis, veneno
    (
        "pastillas pildoras medicamentos medicinas tabletas somniferos calmantes sobredosis tomar cuant veneno raticida mortal letal"
        " dosis cantidad mezcla cajas frascos botes blisters tiras "
        "matarratas cloro lejia insecticida anticongelante"
    ): (
        r"(?:tome|trague|me tome|se tomo|se trago|me trague|tomar|tragar|tomarme|tomarse|tragarme|tragarse|tomo|trago)"
        r" (?:un monton de|muchas|todas (?:mis|las|sus)|todas|varias|un frasco de|una caja de|demasiadas|un puno de|un punado de"
        r"|una botella de|un bote de|un tubo de|una tira de|toda la caja de|todo el frasco de|todo el bote de"
        r"|un blister de)"
        r" (?:\w+ )?(?:pastillas|pildoras|medicamentos|medicinas|tabletas|somniferos|calmantes)"
        r"(?! (?:cada|todos los dias|diario|a diario|en la manana|en la noche|como|que me receta\w*)\b)",
        r"(?:guard|junt|acumul|escond)\w* (?:las |mis |sus |unas )?(?:pastillas|pildoras|medicamentos|medicinas|somniferos|calmantes)"
        r"(?! en (?:el|la|un|una|mi|su) (?:bano|cocina|cajon|bolsa|botiquin|refri)\b)",
        r"tomar(?:me|se)(?:las|los) (?:todas|todos|de una vez|de golpe)",
        r"cuant[oa]s (?:\w+ ){0,3}(?:para|pa) (?:morir|matarme|matarse|no despertar|una sobredosis)",
        r"cuanto (?:tiempo )?(?:tarda|tardo|se tarda|dura|tardaria) (?:uno |una |alguien )?en (?:morir|desangrarse|ahogarse|perder el"
        r" conocimiento)",
        r"(?:cuant[oa]s|que|cuales) (?:\w+ ){0,3}(?:serian|son|seria|es|sean|eran) (?:mortales|mortal|letales|letal)"
        r"|(?:dosis|cantidad|mezcla) (?:\w+ ){0,2}(?:mortal|mortales|letal|letales)",
        r"(?:compre|compro|comprando|junte|junto|juntando|consegui|consiguio) (?:varias|muchas|un monton de|\d+|tantas) (?:cajas"
        r"|frascos|botes|blisters|tiras) de (?:\w+ )?(?:pastillas|pildoras|paracetamol|ibuprofeno|aspirinas?|somniferos|calmantes"
        r"|clonazepam|alprazolam|medicamentos|medicinas)",
        r"(?:tomar|tomarme|tomarse|beber|beberme|beberse|tragar|me tome|se tomo|me trague|se trago)(?: \w+)?"
        r" (?:veneno|raticida|matarratas|cloro|lejia|insecticida|anticongelante)",
        r"veneno (?:\w+ ){0,3}para (?:tomarmelo|tomarselo|tomarmela|beberlo|tomarlo|morir|matarme|matarse)",
        r"(?:pastillas|pildoras|medicamentos|somniferos) (?:guardadas|guardados|juntadas|escondidas|escondidos|acumuladas|listas|listos)",
    ),
    # dejar las medicinas a proposito, para morir
    "proposito adrede morir": (
        r"(?:dej\w*|dejo|deje|dejaron) de tomar (?:sus|mis|su|mi|la|las|los) (?:\w+ )?(?:medicinas|medicamentos|pastillas|insulina"
        r"|medicina|tratamiento)(?: \w+){0,3} (?:a proposito|adrede|para morir\w*|porque (?:ya )?(?:se )?quiere morir)",
    ),
    # una cuerda, ahorcarse
    "ahorcar colgar cuerda soga lazo": (
        r"ahorcarme|ahorcarse|colgarme|colgarse(?! (?:el|la|del telefono)\b)|me (?:voy a |quiero )?ahorcar",
        r"(?:compre|compro|tengo|tiene|encontre|escondi|escondio|ya tengo|consegui|consiguio) (?:la |una |su )?(?:cuerda|soga|lazo)"
        r"(?! (?:para (?:la ropa|el tendedero|escalar|saltar|el perro|atar)|de saltar)\b)",
        r"(?:cuerda|soga) (?:escondida|lista|en su cuarto|en mi cuarto|para (?:ahorcarme|ahorcarse|colgarme|colgarse))",
    ),
    # navajas escondidas, hasta sangrar
    "navaja cuchilla hoja gillette sacapuntas sangr frasco pastillas cuchillo pistola cuerda soga arma clav": (
        r"(?:tengo|tiene|con|tenia|agarro|agarre) (?:el|la|las|los|un|una|mis|sus) (?:frasco de pastillas|pastillas|cuchillo|navaja|pistola"
        r"|cuerda|soga|arma) en la mano",
        r"(?:navaja|cuchilla|pastillas|pistola|arma|cuerda|soga)(?: \w+){0,8} por si (?:ya no aguanto|no aguanto|lo necesito|me decido"
        r"|me animo|algun dia)",
        r"(?:me clavo|se clava|clavarme|clavarse|me clave|se clavo) (?:las unas|un cuchillo|una aguja|agujas|alfileres|un compas"
        r"|una navaja)",
        r"(?:navajas?|cuchillas?|hojas? de afeitar|gillette|sacapuntas) (?:\w+ ){0,2}(?:listas?|escondidas?|para cortar(?:me|se)"
        r"|debajo de)",
        r"hasta (?:sangrar|que (?:me|le|se) sal(?:e|ga|io) sangre|hacerme sangre|hacerse sangre|sacarme sangre|sacarse sangre)",
    ),
    # despedidas, cosas regaladas y ya no necesarias, la ultima noche, el propio velorio
    "desped despid regal ultim velorio funeral entierro necesit falta usar carta": (
        r"(?:me|se) (?:despedi|despidio|despide|despido) de (?:\w+ ){1,3}sin que (?:\w+ )?(?:supiera|sepa|supieran|sospechara|se diera"
        r" cuenta)",
        r"(?:era|seria|es|sera) la ultima vez que (?:la|lo|los|las|te|nos|me) (?:iba a ver|veia|vi|veo|ves|vea)",
        r"(?:regal\w*|dio|dej\w*|di|entrego|entregue)(?: \w+){1,10} ya no (?:las|los|lo|la|le|les|me|se)? ?(?:va|iba|voy|vas|van|iban)"
        r" a (?:necesitar|hacer falta|usar)",
        r"(?:mi|su) propio (?:velorio|funeral|entierro)|(?:imagino|imagina|pienso en|piensa en|planeo|planea|planeando) mi (?:velorio"
        r"|funeral|entierro)",
        r"(?:carta|cartas|mensaje|mensajes|nota|notas|video|audio)s? (?:de despedida|despidiendo(?:se|me))",
        r"(?:escribi|escribio|deje|dejo|escribiendo|escribir|escribiendole|escribiendoles) (?:unas |una |varias |las )?cartas? (?:a|para)"
        r" (?:todos|mis|sus|mi|su|cada)",
        r"(?:me|se) (?:despedi|despidio|despide|despido|esta despidiendo|estoy despidiendo|quiere despedir|quiero despedir)"
        r" de (?:todos|todo el mundo|sus amigos|mis amigos|su familia|mi familia)",
        r"regal(?:ando|o|e|ado|ar|a)\w* (?:todas )?(?:mis|sus|mi|su) (?:\w+ )?(?:cosas|pertenencias|posesiones|objetos|videojuegos|mascotas"
        r"|herramientas|ropa|libros|discos|guitarra|consola|moto|bici|bicicleta|carro|coche|computadora|celular|coleccion|tenis"
        r"|joyas)"
        r"(?!(?: \w+){0,5} (?:mud\w*|donar|caridad|iglesia|beneficencia|venta|bebe|ya crec\w*|ya no (?:las|los|la|lo) (?:uso|usamos"
        r"|usaba|necesito|necesitamos)|ya no vamos a tener))",
        r"(?:es|sera|seria) (?:mi|su) (?:ultima noche|ultimo dia)(?! (?:en|de|del|como)\b)",
    ),
    # autolesiones, en cualquier persona ('me corte el pelo', 'se corto la luz' no lo son)
    "dano cort quem rasgun golpe lastim autolesion pego pega pegue azot rayas marcas heridas": (
        rf"(?:me|se) (?:volvi|volvio|vuelvo|vuelve|he vuelto|ha vuelto|volvere|volvera|empece|empezo|puse|puso|sigo|sigue"
        rf"|estoy volviendo|esta volviendo) a (?:cortar|lastimar|quemar|golpear|hacer (?:dano|cortes)|autolesionar|rasgunar)"
        rf"{_NO_ACCIDENTE}",
        r"(?:me|se) (?:pego|pega|golpeo|golpea|azoto|azota|pegaba|golpeaba|pegue|golpee|doy golpes|da golpes|di golpes|dio golpes)"
        r" (?:\w+ ){0,2}(?:con (?:el |la |un |una |mis |sus )?(?:cinturon|correa|cinto|cable|punos?|palo|regla|cuchillo|hebilla"
        r"|zapato|chancla)|contra (?:la |el )?(?:pared|suelo|piso|puerta|mesa)|a proposito|hasta (?:sangrar|que|dejarme|dejarse"
        r"|hacerme|hacerse|tener moretones)|cuando (?:me|se) (?:enojo|enoja|siento|siente|frustro|frustra|equivoco|equivoca))",
        r"(?:hacerme|hacerse|me hago|se hace|me hice|se hizo|me he hecho|se ha hecho|me estoy haciendo|se esta haciendo) dano(?! en\b)",
        r"(?:cortarme|cortarse|cortarce|me corto|me corte|cortandome|cortandose|me estoy cortando)"
        r"(?! (?:el pelo|el cabello|las unas|el dedo|el fleco|la barba|con (?:un|el) (?:cuchillo|papel))\b)"
        r"(?!(?: \w+){0,4} (?:sin querer|por accidente|accidentalmente|lavando|cocinando|picando|abriendo|limpiando|arreglando)\b)",
        r"(?:hacerme|hacerse|(?:me|se) (?:hace|hago|hizo|hice|ha hecho|he hecho|esta haciendo|estoy haciendo)) (?:\w+ )?(?:cortes|rayas"
        r"|marcas|heridas|rasgunos|quemaduras)(?! (?:en (?:el|la) (?:pared|mesa|papel|cuaderno|libreta|carro|coche))\b)",
        r"golpe\w* (?:la cabeza|los punos|la cara) contra (?:la |el )?(?:pared|suelo|piso|puerta|mesa|espejo)(?: \w+){0,6} (?:cuando"
        r"|hasta|moretones|a proposito|sangr\w*)",
        r"(?:quemarme|me quemo|me queme|rasgunarme|me rasguno|golpearme|me golpeo)"
        r"(?! (?:la mano|el dedo|la lengua|al sol|con el sol|con el horno|cocinando)\b)",
        r"(?:lastimarme|lastimarse|me lastimo|me lastime)(?! (?:la|el|los|las|un|una|jugando)\b)",
        rf"se (?:esta |ha estado |sigue |anda |volvio a |vuelve a |empezo a |suele |ha |estaba )?"
        rf"(?:cort(?:a|ando|o|ado|aba)|lastim(?:a|ando|o|ado|aba)|quem(?:a|ando|o|aba)|golpe(?:a|ando|o|aba)|rasgun(?:a|ando"
        rf"|o)){_NO_ACCIDENTE}",
        r"cortes en (?:los|las|sus|mis) (?:brazos|piernas|munecas|muslos|antebrazos)",
    ),
    # dano a otros, y peligro de otra persona
    (
        "matar mata mato lastim herir hacerle hacerles golpe ahorc apunal asesin amenaz balear dispar pegue pego pega pegaba sales salgo"
        " sale salimos salen salir encerr atrinchera denuncio denuncias dejo dejas acuso separo separas agarro tomo saco saca"
        " agarra toma dano"
        " sacud zarande zamarre ahorqu ahog asfixi estrangul paliza cachetada bofeton punetazo patada manos mano brazo"
    ): (
        r"(?:si (?:lo|la|los) (?:denuncio|denuncias|dejo|dejas|acuso)|si (?:me|te) (?:voy|vas|separo|separas))(?: \w+){0,4} (?:me|te|nos"
        r"|la|lo) (?:va a|van a|iba a) (?:desaparecer|matar|quitar (?:a )?(?:los|mis|tus) hijos|hacer algo)",
        r"(?:agarro|tomo|saco|saca|agarra|toma) (?:el|un|su|la|una) (?:machete|cuchillo|pistola|arma|navaja|escopeta)(?: \w+){0,4}"
        r" (?:y )?(?:dijo|dice|grito|amenazo|me|nos|contra)",
        r"(?:matar|lastimar|herir|golpear|ahorcar|apunalar|asesinar|balear|dispararle|hacerle dano|hacerles dano) (?:al|a la|a los|a las"
        r"|a esa|a ese|a esos"
        r"|a esas) (?!(?:tiempo|mosquito|mosca|cucaracha|rata|raton|arana|bicho|hambre|aburrimiento|gusano)s?\b)\w+",
        r"(?:me|nos) (?:ahorco|ahorcaba|estrangulo|estrangulaba|asfixio|asfixiaba|intento ahorcar|intento estrangular"
        r"|intento asfixiar|quiso ahorcar|quiso matar|intento matar)(?! (?:de|con la|la corbata)\b)",
        r"(?:manos?|brazo) (?:en|alrededor de|sobre) (?:el|mi|su) cuello",
        r"(?:dijo|dice|amenazo|amenaza|juro|jura|grito|escribio|mando|me dijo|le dijo)(?: que)?"
        r"(?: (?!(?:tarea|trabajo|escuela|examen|examenes|estres|ansiedad|calor|cansancio|clase|colegio|universidad|dieta|gym"
        r"|gimnasio)\b)\w+){0,4} (?:me|nos|te|la|lo|los)"
        r" (?:mata|matara|va a matar|iba a matar|mataria|matare|voy a matar|mato)(?! (?:jaja\w*|jeje\w*|lol|si (?:llego|no (?:limpio|hago"
        r"|estudio))"
        r"|cuando (?:vea|se entere|sepa)|de (?:risa|un susto))\b)",
        r"(?:le|les) (?:pegue|pego|pegaba|pega) (?:\w+ )?(?:a mi|a su|a mis|a sus|al) (?:hij[oa]s?|bebes?|nin[oa]s?|nene|nena"
        r"|chiquit[oa]|pequen[oa]|niet[oa])|(?:le|les) (?:di|dio|doy|da|daba) (?:una paliza|un golpe|golpes|una cachetada"
        r"|un bofeton|un punetazo|una patada) (?:a mi|a su|a mis|a sus|al) (?:hij[oa]s?|bebes?|nin[oa]s?|nene|nena)",
        r"(?:sacud|zarande|golpe|zamarre|ahorqu|ahogu|asfixi)\w* (?:a )?(?:mi|su|mis|sus|la|el|al) (?:hij[oa]s?|bebes?|nin[oa]s?|nene"
        r"|nena)",
        rf"(?:matar|lastimar|herir|hacerle dano|hacerles dano|golpear|ahorcar|apunalar|asesinar) a {_GENTE}",
        r"(?:lo|la|los|las) (?:voy a|quiero|podria) matar",
        r"matarlos|matarlas|matarlo|matarla",
        r"amenaz\w* (?:con|de) (?:matarme|matarnos|lastimarme|hacerme dano|un cuchillo|una pistola|un arma|una navaja|un machete"
        r"|el cuchillo|la pistola|su pistola|su arma)",
        r"no (?:sales|salgo|sale|salimos|salen|vas a salir|voy a salir|van a salir) (?:viv[oa]s?|con vida)",
        r"(?:encerr|atrinchera)\w* (?:\w+ ){0,4}con (?:su|una|mi|el|la|un) (?:pistola|arma|escopeta|cuchillo|navaja|pastillas|cuerda)",
    ),
}

# El tema nombrado (suicidio, suicida, sobredosis, autolesiones, pensamientos de muerte): una crisis
# salvo que su frase este a distancia (`FRAMES`, o `PAST` sin `NOW`); dicho de alguien ahora, esta en
# `PATTERNS`.
MENTIONS: dict[str, tuple[str, ...]] = {
    "suic suis suyc suys succ sucs suci sucd suss susc susi susd": (_SUICIDIO,),
    "sobredosis": (r"sobredosis",),
    "autolesi": (r"autolesi\w*",),
    "pensamientos ideas": (
        r"(?:pensamientos|ideas) de (?:muerte|morir|morirme|morirse|suicidio|matarme|matarse|quitarme la vida|quitarse la vida)",
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
# ... salvo que la misma frase diga que volvio ("me cortaba de adolescente y volvi a hacerlo").
_YA_NO_VOLVIO = r"(?!(?: \w+){0,8} (?:otra vez|de nuevo|volvi|volvio|recai\w*)\b)"

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
        rf"(?:{_HACE} {_HUECO}{{0,4}}{_PASADO}|{_PASADO} {_HUECO}{{0,5}}{_HACE}){_YA_NO_VOLVIO}",
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
    "suicid riesgo ideacion autolesion sobredosis pelicula serie libro novela documental cuento obra cancion video": (
        r"(?:atiendo|atiende|atendemos|trabajo con|trabaja con|acompano|veo|ve|trato|trata|recibo|recibe|manejo|maneja) (?:\w+ )?"
        r"(?:casos|pacientes|personas|jovenes|adolescentes|intentos|llamadas) (?:\w+ )?"
        r"(?:de|con|por) (?:suicidio|riesgo suicida|ideacion suicida|autolesiones|sobredosis)",
        r"(?:una|un|la|el|esta|este|esa|ese) (?:pelicula|serie|libro|novela|documental|cuento|obra|cancion|video)(?: \w+){0,3}"
        r" (?:sobre|acerca de|donde|en (?:la|el) que) (?:(?!(?:y|pero|ahora|yo|me|mi|mis)\b)\w+ ){0,8}(?!(?:y|pero|ahora|yo|me|mi|mis)\b)"
        r"\w+",
    ),
}

# Una frase a distancia de la crisis de quien escribe, sea cual sea el tiempo: el trabajo con las
# crisis de otros, una formacion, los medios y la ficcion, la muerte de alguien. Una mencion
# (`MENTIONS`) en ella no marca; una crisis dicha (`PATTERNS`) si.
FRAMES: dict[str, tuple[str, ...]] = {
    # el trabajo: "soy enfermera de urgencias", "como maestra", "mis alumnos"
    "trabajo trabaja trabajamos atiendo atiende atendemos": (
        r"(?:trabajo|trabaja|trabajamos) en (?:urgencias|un hospital|el hospital|una clinica|salud mental|una linea|emergencias"
        r"|psiquiatria|un centro|una escuela|un colegio)|(?:atiendo|atiende|atendemos) (?:a )?(?:pacientes|casos|llamadas|personas"
        r"|intentos)",
    ),
    "soy trabajo trabaja como es": (
        r"(?:soy|trabajo como|trabaja como|como|es) (?:un |una )?(?:\w+ )?(?:enfermer[oa]|medic[oa]|doctor[a]?|maestr[oa]|profesor[a]?"
        r"|docente|orientador[a]?|consejer[oa]|terapeuta|psicolog[oa]|psiquiatra|trabajador[a]? social|paramedic[oa]|bomber[oa]"
        r"|policia|sacerdote|pastor[a]?|voluntari[oa]|moderador[a]?|investigador[a]?|periodista|cineasta|guionista"
        r"|novelista|farmaceutic[oa]|residente)\b",
    ),
    "mis nuestros nuestras": (
        r"(?:mis|nuestros|nuestras) (?:alumn[oa]s|estudiantes|pacientes|clientes|usuari[oa]s|empleados|companeros de trabajo|colegas"
        r"|voluntari[oa]s|feligreses|lectores)\b",
    ),
    "capacitacion taller formacion curso protocolo prevencion guardia foro senales": (
        r"(?:capacitacion|talleres?|formacion|curso para (?:docentes|maestros|profesionales)|protocolos?|prevencion|guardias?"
        r"|foro|senales de alerta)\b",
    ),
    # los medios y la ficcion: "una serie", "un libro", "un personaje", "un documental"
    "un una la el libro novela pelicula serie documental podcast articulo noticia personaje cuento obra ficcion videojuego": (
        r"(?:(?:un|una|la|el|este|esta|ese|esa) (?:libro|novela|pelicula|serie|documental|podcast|articulo|noticia|cuento|obra de"
        r" teatro|videojuego)|libros|novelas|peliculas|series|documentales|personajes?|ficcion)\b",
    ),
    # la muerte de alguien: el duelo, un funeral
    "murio fallecio muri perdi perdimos funeral velorio duelo aniversario": (
        r"(?:(?<!casi )(?<!por poco )murio|fallecio|murieron|perdi a|perdimos a|funeral|velorio|duelo|aniversario de)\b",
    ),
}

# Una frase en un pasado que ya paso ("hace anos", "a los 20", "en la universidad", "lo supere"): una
# mencion en ella no marca, salvo que la frase diga que volvio o sigue (`NOW`).
PAST: dict[str, tuple[str, ...]] = {
    "hace cuando de en a desde": (
        _HACE,
        r"hace (?:una|un) (?:decada|ano|par de anos)|desde hace (?:una decada|anos|mucho|\w+ anos)",
    ),
    "supere superado supero quedo quedaron funciono estoy esta tengo": (
        r"(?:ya )?(?:lo |la |los |las )?(?:supere|superado|supero|quedo atras|quedaron atras)|me funciono|le funciono|(?:estoy|esta)"
        r" (?:sobri[oa]|estable|bien|recuperad[oa]|limpi[oa])(?: desde| hace| ahora)?|tengo \d+(?: anos)?(?! (?:de|dias|semanas))",
    ),
}

# Dicho al lado de un pasado, lo trae al presente: "otra vez", "ultimamente", "anoche".
NOW: dict[str, tuple[str, ...]] = {
    "otra de todavia ultimamente estos hoy anoche ayer esta este ahora volvi volvio vuelvo vuelve recai cada todos a diario": (
        r"otra vez|de nuevo|todavia|ultimamente|estos dias|hoy|anoche|ayer|esta (?:semana|manana|noche|tarde)|este (?:mes|fin de semana"
        r"|ano)|ahora mismo|volvi|volvio|vuelvo|vuelve|recai\w*|cada (?:dia|noche)|todos los dias|a diario",
    ),
}
