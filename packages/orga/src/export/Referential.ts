/**
 * Local adapter over the Pix referential the exports need (names of the 16 competences and 5 areas, pix caps,
 * levels, certifiability). It mirrors `@orga/domain`'s referential, which was not exported from the domain's
 * entry point when the exports were written; switch to it when it is.
 *
 * @since 0.1.0
 */

/**
 * An area (domaine) of the referential.
 *
 * @since 0.1.0
 */
export interface Area {
  readonly id: string
  readonly name: string
}

/**
 * A competence of the referential.
 *
 * @since 0.1.0
 */
export interface Competence {
  readonly id: string
  readonly name: string
  readonly areaId: string
}

/** The 5 areas. @since 0.1.0 */
export const areas: ReadonlyArray<Area> = [
  { id: "1", name: "Information et données" },
  { id: "2", name: "Communication et collaboration" },
  { id: "3", name: "Création de contenu" },
  { id: "4", name: "Protection et sécurité" },
  { id: "5", name: "Environnement numérique" }
]

/** The 16 competences, in referential order. @since 0.1.0 */
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

/** A competence by id. @since 0.1.0 */
export const findCompetence = (id: string): Competence | undefined => competences.find((c) => c.id === id)

/** An area by id. @since 0.1.0 */
export const findArea = (id: string): Area | undefined => areas.find((a) => a.id === id)

/** Highest level reachable today. @since 0.1.0 */
export const maxReachableLevel = 5

/** Pix per level. @since 0.1.0 */
export const pixPerLevel = 8

/** Pix of one competence, capped at 8 × the max reachable level. @since 0.1.0 */
export const capPix = (pix: number): number =>
  Number.isFinite(pix) ? Math.min(Math.max(0, Math.floor(pix)), pixPerLevel * maxReachableLevel) : 0

/** floor(pix / 8), capped. @since 0.1.0 */
export const levelFromPix = (pix: number): number => Math.min(Math.floor(capPix(pix) / pixPerLevel), maxReachableLevel)

/** Certifiable: level ≥ 1 in at least 5 competences. @since 0.1.0 */
export const minimumCertifiableCompetences = 5

/** The level a competence needs to count. @since 0.1.0 */
export const minimumCertifiableLevel = 1
