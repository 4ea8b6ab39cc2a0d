import type { GroupRole, Horizon, OrganizationKind } from '@app/domain';

/** The demo programme, modelled on the concerted development of territorial digital administration. */
export const DEMO_PASSWORD = 'Concertation-2026';

export const DEMO_ORGANIZATIONS: { key: string; name: string; kind: OrganizationKind }[] = [
  { key: 'dinum', name: 'Ministère de la Transformation et de la Fonction publiques', kind: 'state' },
  { key: 'interieur', name: "Ministère de l'Intérieur", kind: 'state' },
  { key: 'region', name: 'Région Occitanie', kind: 'local_authority' },
  { key: 'agglo', name: "Communauté d'agglomération du Pays de Lunel", kind: 'local_authority' },
  { key: 'amf', name: 'Association des maires de France et des présidents d’intercommunalité', kind: 'association' },
  { key: 'rdf', name: 'Régions de France', kind: 'association' },
  { key: 'syndicat', name: 'Syndicat mixte régional du numérique', kind: 'local_authority' },
  { key: 'expert', name: 'Institut des territoires numériques', kind: 'other' },
];

export const DEMO_USERS: {
  email: string;
  displayName: string;
  org: string;
  role: 'admin' | 'member';
  isRepresentative?: boolean;
  groupRole?: GroupRole;
}[] = [
  { email: 'admin@demo.concertation.fr', displayName: 'Alice Administratrice', org: 'dinum', role: 'admin' },
  { email: 'animatrice@demo.concertation.fr', displayName: 'Claire Martin', org: 'dinum', role: 'member', groupRole: 'facilitator' },
  { email: 'etat@demo.concertation.fr', displayName: 'Paul Durand', org: 'interieur', role: 'member', groupRole: 'participant' },
  { email: 'region@demo.concertation.fr', displayName: 'Sophie Bernard', org: 'region', role: 'member', groupRole: 'participant' },
  { email: 'agglo@demo.concertation.fr', displayName: 'Karim Haddad', org: 'agglo', role: 'member', groupRole: 'participant' },
  { email: 'amf@demo.concertation.fr', displayName: 'Élise Petit', org: 'amf', role: 'member', isRepresentative: true, groupRole: 'participant' },
  { email: 'regions@demo.concertation.fr', displayName: 'Marc Leroy', org: 'rdf', role: 'member', isRepresentative: true, groupRole: 'participant' },
  { email: 'observatrice@demo.concertation.fr', displayName: 'Léa Moreau', org: 'syndicat', role: 'member', groupRole: 'observer' },
  { email: 'expert@demo.concertation.fr', displayName: 'Hugo Lambert', org: 'expert', role: 'member', groupRole: 'participant' },
];

export const DEMO_AXES: { code: string; title: string; description: string; group: string; mandate: string }[] = [
  {
    code: 'AXE-1',
    title: 'Efficacité des échanges entre l’État et les collectivités',
    description: 'Fluidifier les échanges de données et de procédures entre administrations de l’État et collectivités territoriales.',
    group: 'Atelier « Échanges État–collectivités »',
    mandate: 'Proposer des mesures rapides et structurantes pour dématérialiser les échanges entre administrations.',
  },
  {
    code: 'AXE-2',
    title: 'Une seule relation avec l’usager',
    description: 'Offrir aux citoyens une relation unifiée et simple avec l’ensemble des administrations.',
    group: 'Atelier « Relation usager »',
    mandate: 'Simplifier les démarches et la relation entre les usagers et l’administration territoriale.',
  },
  {
    code: 'AXE-3',
    title: 'Données et services partagés',
    description: 'Mutualiser les données de référence et les services numériques entre État et collectivités.',
    group: 'Atelier « Données et services partagés »',
    mandate: 'Identifier les données et services à partager en priorité, et leurs conditions de gouvernance.',
  },
  {
    code: 'AXE-4',
    title: 'Écosystème numérique des territoires',
    description: 'Structurer l’écosystème des acteurs publics du numérique territorial (opérateurs, syndicats, associations).',
    group: 'Atelier « Écosystème numérique territorial »',
    mandate: 'Renforcer la coopération des opérateurs publics de services numériques sur les territoires.',
  },
];

export const DEMO_RECOMMENDATIONS: { axis: string; title: string; horizon: Horizon; text: string[] }[] = [
  {
    axis: 'AXE-1',
    title: 'Un dispositif partagé d’identification et d’authentification des agents et des élus',
    horizon: 'structuring',
    text: [
      'Mettre à disposition des agents publics et des élus locaux un dispositif commun d’identification et d’authentification, reconnu par les services de l’État et des collectivités.',
      'Le dispositif s’appuie sur les fédérations d’identité existantes et garantit un niveau de sécurité adapté aux usages.',
    ],
  },
  {
    axis: 'AXE-1',
    title: 'La dématérialisation des échanges d’état civil',
    horizon: 'structuring',
    text: [
      'Généraliser la dématérialisation des demandes et des transmissions d’actes d’état civil entre communes et administrations, sur la base de la plateforme COMEDEC.',
    ],
  },
  {
    axis: 'AXE-2',
    title: 'Des marchés publics simplifiés',
    horizon: 'quick_win',
    text: [
      'Simplifier la réponse des entreprises aux marchés publics des collectivités par la réutilisation des données déjà détenues par l’administration (« dites-le nous une fois »).',
    ],
  },
  {
    axis: 'AXE-3',
    title: 'Un catalogue de données ouvertes des collectivités',
    horizon: 'quick_win',
    text: [
      'Publier un catalogue commun des jeux de données ouvertes des collectivités, moissonné automatiquement et référencé sur data.gouv.fr.',
    ],
  },
];
