/**
 * The target profiles shipped with Orga, as data: a collège 3e profile and a lycée 2nde profile over the 16
 * competences, each with its stages and badges. A deployment offers them to its organizations and its back
 * office adds more through {@link TargetProfileDefinition.decodeUnknown}.
 *
 * The tubes are named the way Pix names them (`@tube`, skills `@tube1..8`); the 3e profile caps its tubes at
 * levels 2 to 4 (what a collège student is expected to reach) and uses threshold stages; the lycée profile
 * caps them at 3 to 5 and uses level stages with a "first skill" stage, the two ways Pix writes a ladder.
 *
 * @since 0.2.0
 */
import * as Result from "effect/Result"
import type { TargetProfile } from "./TargetProfile.ts"
import * as TargetProfileDefinition from "./TargetProfileDefinition.ts"

/**
 * "Parcours 3e — les 16 compétences": the end-of-collège profile (certification in 3e).
 *
 * @category models
 * @since 0.2.0
 */
export const college3e: TargetProfileDefinition.Definition = {
  id: "tp-college-3e",
  name: "Parcours 3e — les 16 compétences",
  description: "Évalue les 16 compétences du cadre de référence au niveau attendu en fin de collège.",
  areKnowledgeElementsResettable: false,
  tubes: [
    { tube: "@rechercherInfo", competenceId: "1.1", level: 4 },
    { tube: "@evaluerSource", competenceId: "1.1", level: 3 },
    { tube: "@gererFichiers", competenceId: "1.2", level: 4 },
    { tube: "@stockageEnLigne", competenceId: "1.2", level: 2 },
    { tube: "@tableur", competenceId: "1.3", level: 3 },
    { tube: "@graphique", competenceId: "1.3", level: 2 },
    { tube: "@messagerie", competenceId: "2.1", level: 4 },
    { tube: "@visioconference", competenceId: "2.1", level: 2 },
    { tube: "@publier", competenceId: "2.2", level: 3 },
    { tube: "@licences", competenceId: "2.2", level: 2 },
    { tube: "@documentPartage", competenceId: "2.3", level: 3 },
    { tube: "@agendaPartage", competenceId: "2.3", level: 2 },
    { tube: "@identiteNumerique", competenceId: "2.4", level: 3 },
    { tube: "@netiquette", competenceId: "2.4", level: 3 },
    { tube: "@traitementTexte", competenceId: "3.1", level: 4 },
    { tube: "@miseEnPage", competenceId: "3.1", level: 3 },
    { tube: "@retoucheImage", competenceId: "3.2", level: 3 },
    { tube: "@montageSon", competenceId: "3.2", level: 2 },
    { tube: "@formatsFichier", competenceId: "3.3", level: 3 },
    { tube: "@accessibilite", competenceId: "3.3", level: 2 },
    { tube: "@algorithme", competenceId: "3.4", level: 3 },
    { tube: "@programmation", competenceId: "3.4", level: 3 },
    { tube: "@motDePasse", competenceId: "4.1", level: 4 },
    { tube: "@logicielMalveillant", competenceId: "4.1", level: 3 },
    { tube: "@donneesPersonnelles", competenceId: "4.2", level: 4 },
    { tube: "@tracesNumeriques", competenceId: "4.2", level: 3 },
    { tube: "@sante", competenceId: "4.3", level: 3 },
    { tube: "@impactEnvironnement", competenceId: "4.3", level: 2 },
    { tube: "@depannage", competenceId: "5.1", level: 3 },
    { tube: "@peripheriques", competenceId: "5.1", level: 2 },
    { tube: "@systemeExploitation", competenceId: "5.2", level: 3 },
    { tube: "@reseauDomestique", competenceId: "5.2", level: 2 }
  ],
  stages: [
    {
      id: "3e-palier-0",
      threshold: 0,
      title: "Vous avez commencé le parcours",
      message: "Chaque question répondue vous fait progresser : continuez à vous entraîner sur Pix.",
      prescriberTitle: "Palier 0 — Découverte",
      prescriberDescription: "Aucun acquis validé ou presque : l'élève découvre les compétences numériques."
    },
    {
      id: "3e-palier-1",
      threshold: 20,
      title: "Premiers repères",
      message: "Vous avez des premiers repères dans plusieurs compétences.",
      prescriberTitle: "Palier 1 — Premiers repères",
      prescriberDescription: "L'élève maîtrise des gestes simples dans quelques compétences."
    },
    {
      id: "3e-palier-2",
      threshold: 40,
      title: "En progression",
      message: "Vous maîtrisez les bases de la plupart des compétences.",
      prescriberTitle: "Palier 2 — En progression",
      prescriberDescription: "L'élève maîtrise les bases de la plupart des compétences."
    },
    {
      id: "3e-palier-3",
      threshold: 60,
      title: "Niveau attendu en fin de collège",
      message: "Vous avez le niveau attendu en fin de collège : la certification est à votre portée.",
      prescriberTitle: "Palier 3 — Niveau attendu",
      prescriberDescription: "L'élève a le niveau attendu en fin de cycle 4."
    },
    {
      id: "3e-palier-4",
      threshold: 80,
      title: "Au-delà des attendus",
      message: "Vous dépassez le niveau attendu en fin de collège. Bravo !",
      prescriberTitle: "Palier 4 — Au-delà des attendus",
      prescriberDescription: "L'élève dépasse le niveau attendu en fin de cycle 4."
    }
  ],
  badges: [
    {
      id: "3e-badge-info",
      key: "PIX_3E_INFORMATION",
      title: "Chercher et traiter l'information",
      message: "Vous savez chercher, évaluer et organiser l'information.",
      altMessage: "Résultat thématique : chercher et traiter l'information",
      isCertifiable: false,
      isAlwaysVisible: true,
      criteria: [
        {
          scope: "CappedTubes",
          threshold: 60,
          name: "Domaine 1 Information et données",
          cappedTubes: [
            { tube: "@rechercherInfo", level: 4 },
            { tube: "@evaluerSource", level: 3 },
            { tube: "@gererFichiers", level: 4 },
            { tube: "@stockageEnLigne", level: 2 },
            { tube: "@tableur", level: 3 },
            { tube: "@graphique", level: 2 }
          ]
        }
      ]
    },
    {
      id: "3e-badge-securite",
      key: "PIX_3E_SECURITE",
      title: "Se protéger en ligne",
      message: "Vous savez protéger vos équipements, vos données et votre identité en ligne.",
      altMessage: "Résultat thématique : se protéger en ligne",
      isCertifiable: false,
      isAlwaysVisible: false,
      criteria: [
        { scope: "CampaignParticipation", threshold: 40 },
        {
          scope: "CappedTubes",
          threshold: 70,
          name: "Sécurité et données personnelles",
          cappedTubes: [
            { tube: "@motDePasse", level: 4 },
            { tube: "@logicielMalveillant", level: 3 },
            { tube: "@donneesPersonnelles", level: 4 },
            { tube: "@tracesNumeriques", level: 3 }
          ]
        }
      ]
    },
    {
      id: "3e-badge-programmer",
      key: "PIX_3E_PROGRAMMER",
      title: "Programmer",
      message: "Vous savez écrire et corriger un algorithme simple.",
      altMessage: "Résultat thématique : programmer",
      isCertifiable: false,
      isAlwaysVisible: false,
      criteria: [
        {
          scope: "CappedTubes",
          threshold: 70,
          name: "3.4 Programmer",
          cappedTubes: [
            { tube: "@algorithme", level: 3 },
            { tube: "@programmation", level: 3 }
          ]
        }
      ]
    }
  ]
}

/**
 * "Parcours 2nde — les 16 compétences": the lycée profile (certification in terminale, positioning in 2nde).
 *
 * @category models
 * @since 0.2.0
 */
export const lycee2nde: TargetProfileDefinition.Definition = {
  id: "tp-lycee-2nde",
  name: "Parcours 2nde — les 16 compétences",
  description: "Positionne les élèves de seconde sur les 16 compétences, jusqu'au niveau 5.",
  areKnowledgeElementsResettable: true,
  tubes: [
    { tube: "@rechercherInfo", competenceId: "1.1", level: 5 },
    { tube: "@veilleInfo", competenceId: "1.1", level: 4 },
    { tube: "@gererFichiers", competenceId: "1.2", level: 5 },
    { tube: "@sauvegarde", competenceId: "1.2", level: 4 },
    { tube: "@tableur", competenceId: "1.3", level: 5 },
    { tube: "@donneesStructurees", competenceId: "1.3", level: 3 },
    { tube: "@messagerie", competenceId: "2.1", level: 4 },
    { tube: "@reseauxSociaux", competenceId: "2.1", level: 4 },
    { tube: "@publier", competenceId: "2.2", level: 4 },
    { tube: "@licences", competenceId: "2.2", level: 4 },
    { tube: "@documentPartage", competenceId: "2.3", level: 4 },
    { tube: "@gestionProjet", competenceId: "2.3", level: 3 },
    { tube: "@identiteNumerique", competenceId: "2.4", level: 4 },
    { tube: "@eCitoyennete", competenceId: "2.4", level: 4 },
    { tube: "@traitementTexte", competenceId: "3.1", level: 5 },
    { tube: "@stylesDocument", competenceId: "3.1", level: 4 },
    { tube: "@retoucheImage", competenceId: "3.2", level: 4 },
    { tube: "@video", competenceId: "3.2", level: 3 },
    { tube: "@formatsFichier", competenceId: "3.3", level: 4 },
    { tube: "@accessibilite", competenceId: "3.3", level: 4 },
    { tube: "@algorithme", competenceId: "3.4", level: 5 },
    { tube: "@programmation", competenceId: "3.4", level: 5 },
    { tube: "@motDePasse", competenceId: "4.1", level: 5 },
    { tube: "@chiffrement", competenceId: "4.1", level: 4 },
    { tube: "@donneesPersonnelles", competenceId: "4.2", level: 5 },
    { tube: "@rgpd", competenceId: "4.2", level: 4 },
    { tube: "@sante", competenceId: "4.3", level: 4 },
    { tube: "@impactEnvironnement", competenceId: "4.3", level: 4 },
    { tube: "@depannage", competenceId: "5.1", level: 4 },
    { tube: "@ligneDeCommande", competenceId: "5.1", level: 3 },
    { tube: "@systemeExploitation", competenceId: "5.2", level: 4 },
    { tube: "@reseauDomestique", competenceId: "5.2", level: 4 }
  ],
  stages: [
    {
      id: "2nde-palier-0",
      level: 0,
      title: "Parcours commencé",
      message: "Vous n'avez pas encore validé d'acquis : entraînez-vous sur Pix et repassez le parcours.",
      prescriberTitle: "Palier 0",
      prescriberDescription: "Aucun acquis validé."
    },
    {
      id: "2nde-premier-acquis",
      isFirstSkill: true,
      title: "Premier acquis validé",
      message: "Vous avez validé vos premiers acquis.",
      prescriberTitle: "Premier acquis",
      prescriberDescription: "L'élève a validé au moins un acquis."
    },
    {
      id: "2nde-palier-1",
      level: 1,
      title: "Niveau 1",
      message: "Vous maîtrisez les acquis de niveau 1.",
      prescriberTitle: "Palier niveau 1",
      prescriberDescription: "L'élève maîtrise l'équivalent des acquis de niveau 1."
    },
    {
      id: "2nde-palier-2",
      level: 2,
      title: "Niveau 2",
      message: "Vous maîtrisez les acquis jusqu'au niveau 2.",
      prescriberTitle: "Palier niveau 2",
      prescriberDescription: "L'élève maîtrise l'équivalent des acquis jusqu'au niveau 2."
    },
    {
      id: "2nde-palier-3",
      level: 3,
      title: "Niveau 3",
      message: "Vous maîtrisez les acquis jusqu'au niveau 3 : le niveau attendu en fin de lycée est proche.",
      prescriberTitle: "Palier niveau 3",
      prescriberDescription: "L'élève maîtrise l'équivalent des acquis jusqu'au niveau 3."
    },
    {
      id: "2nde-palier-4",
      level: 4,
      title: "Niveau 4",
      message: "Vous maîtrisez les acquis jusqu'au niveau 4. Bravo !",
      prescriberTitle: "Palier niveau 4",
      prescriberDescription: "L'élève maîtrise l'équivalent des acquis jusqu'au niveau 4."
    }
  ],
  badges: [
    {
      id: "2nde-badge-citoyen",
      key: "PIX_2NDE_CITOYENNETE",
      title: "Citoyenneté numérique",
      message: "Vous savez gérer votre identité numérique et protéger votre vie privée.",
      altMessage: "Résultat thématique : citoyenneté numérique",
      isCertifiable: false,
      isAlwaysVisible: true,
      criteria: [
        {
          scope: "CappedTubes",
          threshold: 65,
          name: "2.4 et 4.2",
          cappedTubes: [
            { tube: "@identiteNumerique", level: 4 },
            { tube: "@eCitoyennete", level: 4 },
            { tube: "@donneesPersonnelles", level: 5 },
            { tube: "@rgpd", level: 4 }
          ]
        }
      ]
    },
    {
      id: "2nde-badge-donnees",
      key: "PIX_2NDE_DONNEES",
      title: "Traiter des données",
      message: "Vous savez organiser et exploiter des données dans un tableur.",
      altMessage: "Résultat thématique : traiter des données",
      isCertifiable: false,
      isAlwaysVisible: false,
      criteria: [
        { scope: "CampaignParticipation", threshold: 50 },
        {
          scope: "CappedTubes",
          threshold: 75,
          name: "1.3 Traiter des données",
          cappedTubes: [
            { tube: "@tableur", level: 5 },
            { tube: "@donneesStructurees", level: 3 }
          ]
        }
      ]
    },
    {
      id: "2nde-badge-snt",
      key: "PIX_2NDE_SNT",
      title: "Prêt pour la SNT",
      message: "Vous avez les bases de programmation et de réseau utiles en Sciences numériques et technologie.",
      altMessage: "Résultat thématique : prêt pour la SNT",
      isCertifiable: false,
      isAlwaysVisible: false,
      criteria: [
        {
          scope: "CappedTubes",
          threshold: 60,
          name: "Programmer",
          cappedTubes: [
            { tube: "@algorithme", level: 3 },
            { tube: "@programmation", level: 3 }
          ]
        },
        {
          scope: "CappedTubes",
          threshold: 50,
          name: "Réseau",
          cappedTubes: [
            { tube: "@reseauDomestique", level: 4 },
            { tube: "@ligneDeCommande", level: 3 }
          ]
        }
      ]
    }
  ]
}

/**
 * Every shipped definition, in the order a list offers them.
 *
 * @category models
 * @since 0.2.0
 */
export const definitions: ReadonlyArray<TargetProfileDefinition.Definition> = [college3e, lycee2nde]

/**
 * The shipped target profiles, built (a definition that did not build would be left out; the catalogue's test
 * proves none is).
 *
 * @category models
 * @since 0.2.0
 */
export const profiles: ReadonlyArray<TargetProfile> = definitions.flatMap((definition) => {
  const built = TargetProfileDefinition.build(definition)
  return Result.isSuccess(built) ? [built.success] : []
})

/**
 * Finds a shipped target profile by id.
 *
 * @category getters
 * @since 0.2.0
 */
export const find = (id: string): TargetProfile | undefined => profiles.find((profile) => profile.id === id)
