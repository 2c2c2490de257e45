// The rules a camera can run: French descriptions for the console, what is honestly detectable, and the editable
// thresholds with their defaults. Legal profile = the 8 event types of décret 2023-828; the extended profile adds
// the opt-in detectors.
import { EXTENDED_RULES, LEGAL_RULES, type AnalyticsProfile, type RuleName } from './model.js';

export interface ThresholdSpec {
  readonly value: number;
  readonly description: string;
}

export interface RuleSpec {
  readonly rule: RuleName;
  readonly profile: AnalyticsProfile;
  readonly title: string;
  readonly description: string;
  /** What the detector can and cannot see, said plainly. */
  readonly limits: string;
  readonly thresholds: Readonly<Record<string, ThresholdSpec>>;
}

const t = (value: number, description: string): ThresholdSpec => ({ value, description });
const MERGE = { mergeGapS: t(3, "secondes sans détection avant de clore l'événement (les détections répétées d'un même événement n'en font qu'un)") };

export const RULE_CATALOGUE: Readonly<Record<RuleName, RuleSpec>> = {
  abandoned_object: {
    rule: 'abandoned_object',
    profile: 'legal',
    title: 'Objet abandonné',
    description:
      'Un objet (sac, valise, colis, carton…) déposé par une personne qui s’en éloigne reste immobile dans la zone pendant la durée fixée ; l’événement se termine quand l’objet est repris.',
    limits:
      "Repère tout objet immobile qui tranche sur le fond appris de la scène, quelle que soit sa forme ; un sac reconnu par le modèle COCO (sac à dos, sac à main, valise, parapluie) renforce la confiance. Un objet très petit à l'image, de la couleur du sol, ou déposé dans une foule dense peut échapper ; un objet déposé sans que la personne soit vue n'est signalé que s'il est reconnu comme sac. Les véhicules garés et les personnes immobiles ne sont pas signalés.",
    thresholds: {
      stillS: t(8, "secondes d'immobilité de l'objet"),
      unattendedS: t(5, 'secondes après que la personne qui l’a déposé s’est éloignée'),
      ownerDistance: t(1.5, 'distance de surveillance, en hauteurs de personne'),
      minArea: t(0.0006, 'surface minimale de l’objet, en part de l’image'),
      maxArea: t(0.02, 'surface maximale de l’objet, en part de l’image (au-delà : véhicule, changement de la scène)'),
      ...MERGE,
    },
  },
  weapon: {
    rule: 'weapon',
    profile: 'legal',
    title: 'Présence ou usage d’une arme',
    description: 'Un couteau, une batte ou des ciseaux sont reconnus dans la zone, à plusieurs images de suite.',
    limits: "Meilleur effort : le modèle COCO ne connaît que le couteau, la batte de baseball et les ciseaux ; il n'a pas de classe « arme à feu ». Les petits objets lointains ne sont pas vus.",
    thresholds: { minScore: t(0.35, 'confiance minimale de la détection'), minFrames: t(2, "nombre d'images où l'objet est vu"), ...MERGE },
  },
  wrong_way: {
    rule: 'wrong_way',
    profile: 'legal',
    title: 'Contresens',
    description: "Une personne ou un véhicule circule à l'opposé du sens autorisé (donné, ou appris des passages habituels à cet endroit).",
    limits: "Sans sens donné, le sens habituel s'apprend des premiers passages : rien n'est signalé avant l'apprentissage.",
    thresholds: {
      minSpeed: t(0.04, "vitesse minimale (largeurs d'image par seconde)"),
      minDurationS: t(1.5, 'secondes de circulation à contresens'),
      maxAngle: t(100, 'écart au sens autorisé, en degrés'),
      learnTracks: t(12, 'passages nécessaires pour apprendre le sens habituel'),
      ...MERGE,
    },
  },
  intrusion: {
    rule: 'intrusion',
    profile: 'legal',
    title: 'Intrusion en zone interdite',
    description: 'Une personne entre dans la zone interdite (ou franchit la ligne) et y reste la durée fixée. Sans zone, toute l’image est interdite.',
    limits: 'Les personnes très petites à l’image (moins de 20 pixels de haut environ) peuvent ne pas être vues.',
    thresholds: { dwellS: t(1, 'secondes de présence dans la zone'), minScore: t(0.4, 'confiance minimale'), vehicles: t(0, '1 pour signaler aussi les véhicules'), ...MERGE },
  },
  person_on_ground: {
    rule: 'person_on_ground',
    profile: 'legal',
    title: 'Personne au sol',
    description: 'Une personne reste allongée au sol (après une chute) pendant la durée fixée.',
    limits: 'Estimée par la forme de la silhouette et la posture (articulations) ; une personne assise ou penchée peut tromper la règle, une personne cachée par un obstacle peut échapper.',
    thresholds: {
      holdS: t(1.5, 'secondes au sol'),
      afterFallS: t(0.5, 'secondes au sol suffisantes quand la personne a été vue debout juste avant (chute)'),
      fallS: t(2, 'durée maximale de la chute (debout → au sol), en secondes'),
      aspect: t(1.2, 'largeur/hauteur de la silhouette au-delà de laquelle elle est allongée'),
      fallAspect: t(1, 'largeur/hauteur suffisante quand la personne a été vue debout juste avant (chute)'),
      torsoAngle: t(55, 'inclinaison du buste par rapport à la verticale, en degrés'),
      ...MERGE,
    },
  },
  crowd_movement: {
    rule: 'crowd_movement',
    profile: 'legal',
    title: 'Mouvement de foule',
    description: 'Une part importante des personnes accélère brusquement en même temps (course, dispersion).',
    limits: 'Demande assez de personnes suivies ; dans une foule très dense les personnes se masquent et les vitesses sont moins sûres.',
    thresholds: {
      minPeople: t(6, 'personnes présentes au minimum'),
      factor: t(2.5, 'accélération par rapport à la vitesse habituelle'),
      minSpeed: t(0.12, "vitesse de course (largeurs d'image par seconde)"),
      share: t(0.5, 'part des personnes qui accélèrent'),
      ...MERGE,
    },
  },
  density: {
    rule: 'density',
    profile: 'legal',
    title: 'Densité excessive',
    description: 'Le nombre de personnes dans la zone dépasse le seuil pendant la durée fixée.',
    limits: 'Compte les personnes vues ; dans une foule compacte le compte est sous-estimé (personnes masquées).',
    thresholds: { maxPeople: t(25, 'personnes dans la zone'), perArea: t(0, 'personnes par unité de surface d’image (0 : non utilisé)'), holdS: t(3, 'secondes au-dessus du seuil'), ...MERGE },
  },
  fire: {
    rule: 'fire',
    profile: 'legal',
    title: 'Départ de feu',
    description: 'Des couleurs de flamme qui vacillent, ou une fumée grise qui s’étend, persistent dans l’image.',
    limits: 'Heuristique de couleur et de scintillement, sans modèle appris : un gyrophare ou un reflet orangé peuvent tromper la règle, une fumée claire sur ciel gris peut échapper.',
    thresholds: { flame: t(0.002, 'part de l’image en flammes vacillantes'), smoke: t(0.2, 'part de l’image en fumée'), holdS: t(2, 'secondes de persistance'), ...MERGE },
  },
  aggression: {
    rule: 'aggression',
    profile: 'extended',
    title: 'Gestes agressifs',
    description:
      'Des personnes proches les unes des autres ont des mouvements brusques et répétés : bras et jambes, le groupe qui s’agite sur place, ou l’image qui ne cesse de bouger autour d’elles sur une étendue plus grande qu’une personne.',
    limits:
      'Profil optionnel. Dynamique de la posture et agitation sur place autour de personnes proches, sans reconnaissance de l’action : une danse, un jeu, une bousculade amicale ou des passants qui se croisent lentement peuvent ressembler à une bagarre ; des personnes que ni le modèle de posture ni le détecteur ne trouvent, même un instant, sont manquées, et la bagarre avec elles.',
    thresholds: {
      agitation: t(1.2, 'vitesse des membres par rapport au corps, en tailles de corps par seconde (moyenne sur la fenêtre)'),
      motion: t(0.5, 'part de l’image autour de la personne qui bouge (0 à 1)'),
      closeness: t(1, 'distance entre personnes, en tailles de corps'),
      windowS: t(0.75, 'fenêtre de mesure de l’agitation, en secondes'),
      groupActivity: t(2, 'agitation du groupe de personnes proches (déplacements et changements de taille de son cadre), en tailles de corps par seconde'),
      groupStraightness: t(0.25, 'rectitude du mouvement du groupe au-delà de laquelle il se déplace au lieu de s’agiter (0 : sur place, 1 : en ligne droite)'),
      groupMotion: t(0.2, 'part du cadre du groupe qui bouge (0 à 1)'),
      groupWindowS: t(1, 'fenêtre de mesure de l’agitation du groupe, en secondes'),
      churn: t(1.25, 'étendue de l’image qui bouge sans cesse autour des personnes, en tailles de personne (leur cadre)'),
      churnShare: t(0.7, 'part des images de la fenêtre où cette étendue bouge (0 à 1)'),
      churnWindowS: t(1.5, 'fenêtre de mesure de cette étendue, en secondes'),
      holdS: t(0.4, 'secondes d’agitation'),
      ...MERGE,
    },
  },
  road_accident: {
    rule: 'road_accident',
    profile: 'extended',
    title: 'Accident de la route',
    description: 'Deux véhicules se touchent puis s’arrêtent brusquement, ou une personne est sur la chaussée (zone dessinée).',
    limits: 'Profil optionnel. Sans zone de chaussée dessinée, la présence d’un piéton sur la chaussée n’est pas évaluée.',
    thresholds: {
      minSpeed: t(0.1, "vitesse avant l'arrêt (largeurs d'image par seconde)"),
      stopRatio: t(0.3, "vitesse restante après l'arrêt, en part de la vitesse d'avant"),
      overlap: t(0.02, 'recouvrement des véhicules'),
      ...MERGE,
    },
  },
  tampering: {
    rule: 'tampering',
    profile: 'extended',
    title: 'Sabotage de caméra',
    description: 'L’image devient floue, masquée (noire, uniforme) ou la caméra a été déplacée.',
    limits: 'Profil optionnel. Compare avec l’image habituelle apprise pendant les premières secondes.',
    thresholds: {
      holdS: t(3, 'secondes de persistance'),
      blur: t(0.35, 'netteté restante, en part de la netteté habituelle'),
      dark: t(18, 'luminosité moyenne en dessous de laquelle l’image est masquée (0–255)'),
      uniform: t(6, 'contraste en dessous duquel l’image est uniforme'),
      displaced: t(0.7, 'part de l’image changée durablement'),
      ...MERGE,
    },
  },
};

export function profileRules(profile: AnalyticsProfile): readonly RuleName[] {
  return profile === 'extended' ? [...LEGAL_RULES, ...EXTENDED_RULES] : LEGAL_RULES;
}

/** The thresholds of a rule: the catalogue's defaults overridden by the setting's own. */
export function thresholdsOf(rule: RuleName, overrides: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name, spec] of Object.entries(RULE_CATALOGUE[rule].thresholds)) values[name] = overrides?.[name] ?? spec.value;
  return values;
}
