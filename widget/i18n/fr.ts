import type { CountWords, WidgetStrings } from './types.ts';

export const count: CountWords = { one: 'commentaire', other: 'commentaires' };

const fr: WidgetStrings = {
  locale: 'fr',
  remember: 'Enregistrer mon nom, mon e-mail et mon site web dans ce navigateur pour mon prochain commentaire.',
  edit: 'Modifier',
  remove: 'Supprimer',
  confirmRemove: 'Supprimer ce commentaire',
  save: 'Enregistrer',
  cancel: 'Annuler',
  removedNotice: 'Votre commentaire a été supprimé.',
  savedNotice: 'Vos modifications sont enregistrées.',
  editLabel: 'Modifier votre commentaire',
  sending: 'Envoi…',
  loadFailed: 'Les commentaires n’ont pas pu être chargés.',
  retry: 'Réessayer',
  networkError: 'Le serveur de commentaires est injoignable. Veuillez réessayer.',
  requiredNote: 'obligatoire',
};
export default fr;
