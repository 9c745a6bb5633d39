/**
 * The Pix referential: the 5 areas and 16 competences with their official ids and French names, levels, pix
 * and certifiability.
 *
 * Levels and caps are settings (the highest reachable level is 5 today), so every function that depends on
 * them takes an optional {@link LevelSettings}; the defaults are today's values.
 *
 * @since 0.1.0
 */

/**
 * One of the 5 areas (domaines) of the referential.
 *
 * @since 0.1.0
 */
export interface Area {
  readonly id: string
  readonly name: string
}

/**
 * One of the 16 competences, with the area it belongs to.
 *
 * @since 0.1.0
 */
export interface Competence {
  readonly id: string
  readonly name: string
  readonly areaId: string
}

/**
 * The 5 areas, in the referential's order.
 *
 * @since 0.1.0
 */
export const areas: ReadonlyArray<Area> = [
  { id: "1", name: "Information et données" },
  { id: "2", name: "Communication et collaboration" },
  { id: "3", name: "Création de contenu" },
  { id: "4", name: "Protection et sécurité" },
  { id: "5", name: "Environnement numérique" }
]

/**
 * The 16 competences, in the referential's order.
 *
 * @since 0.1.0
 */
export const competences: ReadonlyArray<Competence> = [
  { id: "1.1", name: "Mener une recherche et une veille d'information", areaId: "1" },
  { id: "1.2", name: "Gérer des données", areaId: "1" },
  { id: "1.3", name: "Traiter des données", areaId: "1" },
  { id: "2.1", name: "Interagir", areaId: "2" },
  { id: "2.2", name: "Partager et publier", areaId: "2" },
  { id: "2.3", name: "Collaborer", areaId: "2" },
  { id: "2.4", name: "S'insérer dans le monde numérique", areaId: "2" },
  { id: "3.1", name: "Développer des documents textuels", areaId: "3" },
  { id: "3.2", name: "Développer des documents multimédia", areaId: "3" },
  { id: "3.3", name: "Adapter les documents à leur finalité", areaId: "3" },
  { id: "3.4", name: "Programmer", areaId: "3" },
  { id: "4.1", name: "Sécuriser l'environnement numérique", areaId: "4" },
  { id: "4.2", name: "Protéger les données personnelles et la vie privée", areaId: "4" },
  { id: "4.3", name: "Protéger la santé, le bien-être et l'environnement", areaId: "4" },
  { id: "5.1", name: "Résoudre des problèmes techniques", areaId: "5" },
  { id: "5.2", name: "Construire un environnement numérique", areaId: "5" }
]

/**
 * The ids of the 16 competences.
 *
 * @since 0.1.0
 */
export const competenceIds: ReadonlyArray<string> = competences.map((competence) => competence.id)

/**
 * Finds a competence by its official id (`"1.1"` …).
 *
 * @since 0.1.0
 */
export const findCompetence = (id: string): Competence | undefined =>
  competences.find((competence) => competence.id === id)

/**
 * Finds an area by its official id (`"1"` … `"5"`).
 *
 * @since 0.1.0
 */
export const findArea = (id: string): Area | undefined => areas.find((area) => area.id === id)

/**
 * Settings of levels: the highest level reachable today (5) and the pix a level is worth (8).
 *
 * @since 0.1.0
 */
export interface LevelSettings {
  readonly maxReachableLevel: number
  readonly pixPerLevel: number
}

/**
 * Today's level settings: max level 5, 8 pix per level.
 *
 * @since 0.1.0
 */
export const defaultLevelSettings: LevelSettings = { maxReachableLevel: 5, pixPerLevel: 8 }

/**
 * The highest level of the framework (a competence has a level from 0 to 8).
 *
 * @since 0.1.0
 */
export const frameworkMaxLevel = 8

/**
 * The pix a competence is worth at most: 8 × max reachable level (40 today).
 *
 * @since 0.1.0
 */
export const maxPixPerCompetence = (settings: LevelSettings = defaultLevelSettings): number =>
  settings.pixPerLevel * settings.maxReachableLevel

/**
 * The pix a whole profile is worth at most: 16 × 40 = 640 today.
 *
 * @since 0.1.0
 */
export const maxPixTotal = (settings: LevelSettings = defaultLevelSettings): number =>
  competences.length * maxPixPerCompetence(settings)

/**
 * Caps the pix of one competence: negative or non-finite counts become 0, the excess above the cap is dropped
 * (Pix's `allowExcessPixAndLevels: false`).
 *
 * @since 0.1.0
 */
export const capPix = (pix: number, settings: LevelSettings = defaultLevelSettings): number =>
  Number.isFinite(pix) ? Math.min(Math.max(0, Math.floor(pix)), maxPixPerCompetence(settings)) : 0

/**
 * The level of a competence: floor(pix / 8), capped at the max reachable level.
 *
 * @since 0.1.0
 */
export const levelFromPix = (pix: number, settings: LevelSettings = defaultLevelSettings): number =>
  Math.min(Math.floor(capPix(pix, settings) / settings.pixPerLevel), settings.maxReachableLevel)

/**
 * Certifiability thresholds: at least 5 competences at level 1 or more.
 *
 * @since 0.1.0
 */
export const minimumCertifiableCompetences = 5

/**
 * The level a competence needs to count towards certifiability.
 *
 * @since 0.1.0
 */
export const minimumCertifiableLevel = 1

/**
 * How many competences count towards certifiability ("compétences certifiables"): those at level ≥ 1.
 *
 * @since 0.1.0
 */
export const certifiableCompetencesCount = (levels: Iterable<number>): number => {
  let count = 0
  for (const level of levels) if (level >= minimumCertifiableLevel) count++
  return count
}

/**
 * Whether a profile is certifiable: level ≥ 1 in at least 5 different competences.
 *
 * @since 0.1.0
 */
export const isCertifiable = (levels: Iterable<number>): boolean =>
  certifiableCompetencesCount(levels) >= minimumCertifiableCompetences
