"""Spanish crisis phrasings (see `__init__.py` for how they are matched: accents are folded away,
so "daño" is written "dano" here). The Spanish form reuses this list."""

_QUIERO = r"(?:quiero|kiero|qiero|quisiera|queria|deseo|ganas de|deseos de)"
_GENTE = (
    r"(?:mi (?:esposo|esposa|marido|mujer|pareja|novio|novia|ex|hijo|hija|bebe|mama|madre|papa|padre|jefe|jefa|hermano|hermana"
    r"|suegra|suegro|vecino|vecina|companero|companera|familia)|mis (?:hijos|hijas|papas|padres|hermanos|bebes)"
    r"|alguien|el|ella|ellos|ellas|todos|la gente|otros|otras personas)"
)

PATTERNS: tuple[str, ...] = (
    # suicidio, suicida, suicidarme
    r"suicid\w*",
    # querer morir, matarse
    rf"{_QUIERO} morir(?:me)?",
    r"me (?:quiero|kiero|quisiera|queria) (?:morir|matar|suicidar)",
    r"me voy a (?:matar|suicidar)",
    r"matarme",
    r"morirme(?! de\b)",
    r"dejar de (?:existir|vivir)(?! (?:con|en|aqui|alli|ahi)\b)",
    r"quitarme la vida",
    r"me (?:quiero |voy a )?quitar la vida",
    r"(?:acabar|terminar|acabo|termino|poner fin) (?:con|a) (?:mi vida|todo)(?! (?:el|lo|la|los|las)\b)",
    # no querer vivir ("vivir con mis papas" no lo es)
    r"no (?:quiero|deseo|puedo) (?:seguir )?vivi(?:r|endo)"
    r"(?! (?:con|cerca|sola?|juntos|alli|ahi|aqui|en (?!este mundo)))",
    r"no (?:quiero|deseo) (?:estar|seguir) (?:vivo|viva|aqui|en este mundo)",
    r"no (?:tengo|hay|encuentro|veo) (?:ninguna |ningun )?(?:razon|razones|motivo|motivos|sentido|ganas) (?:para|de) (?:vivir|seguir)",
    r"(?:la|mi) vida (?:ya )?no (?:vale la pena|tiene sentido)",
    r"no (?:le )?(?:encuentro|veo|tiene) sentido (?:a )?(?:la|mi) vida",
    r"no vale la pena (?:vivir|seguir)",
    r"(?:estarian|estaria|estaran|estarias|vivirian|seria) mejor sin mi",
    r"mejor si (?:yo )?no estuviera",
    r"mejor (?:estar |estaria |seria estar )?muert[oa]s?",
    r"cansad[oa]s? de (?:vivir|la vida|existir|estar viv[oa])",
    r"que (?:todo|mi vida) se (?:acabe|termine)",
    r"(?:ojala|quisiera|desearia) (?:estar|estuviera) muert[oa]",
    r"(?:dormir|dormirme) y no (?:volver a )?despertar",
    r"no (?:volver a )?despertar(?:me)? nunca",
    r"(?:quisiera|quiero|ojala|deseo|espero|prefiero) no (?:volver a )?despertar(?:me)?",
    r"desaparecer para siempre",
    r"(?:pienso|pensando|pense|quiero|quisiera|ganas de) (?:en )?desaparecer(?! de\b)",
    r"(?:irme|salir|desaparecer) de este mundo",
    r"ya no (?:quiero|puedo) seguir(?! (?:con|en|trabajando|estudiando)\b)",
    # metodos
    r"(?:tome|trague|me tome|tomar|tragar|tomarme)"
    r" (?:un monton de|muchas|todas (?:mis|las)|varias|un frasco de|una caja de|demasiadas) pastillas",
    r"sobredosis",
    r"(?:guard|junt|acumul|escond)\w* (?:las |mis |unas )?pastillas",
    r"tomarmelas todas",
    r"ahorcarme|colgarme|me (?:voy a |quiero )?(?:ahorcar|colgar)",
    r"(?:tirarme|aventarme|lanzarme|arrojarme) (?:de|por|desde|al|a|bajo|frente a) (?:un |una |el |la |los )?"
    r"(?:puente|edificio|ventana|balcon|techo|azotea|tren|metro|vias|auto|coche|carro|camion|precipicio)",
    # autolesiones ("me corte el pelo" no lo es)
    r"(?:hacerme|me hago|me hice|me he hecho|me estoy haciendo) dano(?! en\b)",
    r"(?:cortarme|me corto|me corte|cortandome|me estoy cortando)(?! (?:el pelo|el cabello|las unas|el dedo|el fleco)\b)",
    r"autolesi\w*",
    r"(?:quemarme|me quemo|me queme|rasgunarme|me rasguno|golpearme|me golpeo)"
    r"(?! (?:la mano|el dedo|la lengua|al sol|con el sol|con el horno|cocinando)\b)",
    r"(?:lastimarme|me lastimo|me lastime)(?! (?:la|el|los|las|un|una)\b)",
    # dano a otros, y peligro de otra persona
    rf"(?:matar|lastimar|herir|hacerle dano|hacerles dano|golpear|ahorcar|apunalar|asesinar) a {_GENTE}",
    r"(?:lo|la|los|las) (?:voy a|quiero|podria) matar",
    r"matarlos|matarlas|matarlo|matarla",
    r"amenaz\w* (?:con|de) (?:matarme|matarnos|lastimarme|hacerme dano)",
)

# Menciones del suicidio de otra persona o del tema: se borran antes de buscar.
CONTEXT: tuple[str, ...] = (
    r"(?:murio|murieron|muere|fallecio|fallecieron|muerte|muertes|perdimos|perdi|perdio) (?:\w+ ){0,4}(?:por|de|al|a causa del?) suicidio",
    r"(?:prevencion|sobrevivientes|duelo|tasas?) (?:del?|por) suicidio",
    r"(?<!\bme )se suicid(?:o|aron)",
)
