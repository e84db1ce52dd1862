// The words around a way to be reached that turn it into bait, in English, French and Russian:
// an invitation to get in touch, a support line, a messenger, money to be made. Phrases are
// matched word by word on the skeleton (confusables.ts), so "сall suppоrt" with look-alike
// letters matches too; a trailing "*" stands for any ending.
import { skeleton, type Word } from './confusables.ts';

export type Kind = 'invite' | 'private' | 'support' | 'help' | 'messenger' | 'money';
export type Hit = { kind: Kind; label: string; at: number };

const PHRASES: Record<Kind, string> = {
  invite: `call | dial | text me | text us | text him | text her | contact* | reach out | reach me | reach us |
    reach him | reach her | reach them | message | msg | dm | inbox me | inbox him | inbox her | write to | write me |
    email me | email us | email him | email her | mail me | get in touch | hit me up | hit him up | hit her up | hmu |
    connect with | chat with |
    appel* | ecrivez | ecris moi | ecrire a | joindre | joignez | rejoignez | envoyez |
    звон* | позвон* | пишите | пиши | напишите | напиши | обращайтесь | обращаться | обратитесь | свяжитесь |
    связаться | свяжись | для связи | жми | переходи*`,
  private: `dm me | pm me | inbox me | in my dm* | in my inbox | send me a dm | en mp | par mp | en prive | message prive |
    в лс | в личку | в личные | в личных | в директ`,
  // The bare words also name a cause or a reader's backing ("I support the mayor"): weaker.
  help: 'support | assistance | поддержк*',
  support: `customer support | customer service* | customer care | tech support | technical support |
    support team | support number | support line | support desk | help desk | helpdesk | helpline | help line | hotline |
    hot line | toll free | tollfree | call center | call centre | care number | service number |
    service client* | service apres vente | sav | support technique | numero vert | centre d appel* |
    служба поддержки | службы поддержки | службу поддержки | техподдержк* | горяч* лини* | колл центр*`,
  messenger: `whatsapp | whats app | watsapp | whatapp | telegram* | signal app | viber | wechat | skype | kik | snapchat |
    instagram | insta | ig | facebook messenger | тг | тлг | телег* | вотсап* | ватсап* | вацап* | вайбер* | скайп* |
    инстаграм* | инста | инсту | инсте`,
  money: `earn* | profit* | invest | invests | invested | investing | investment* | investor* | income | forex | fx |
    crypto* | bitcoin* | btc | usdt | trading | trader* | account manager | withdraw* | payout* | make money |
    work from home | financial freedom | financially free | passive income | binary option* | get paid | loan* |
    cash app | cashapp | wealth* | prize* | winner* | jackpot | giveaway | claim your | you have won | you ve won |
    gift card* | reward* |
    gagn* | revenu* | investir | investi | investissement* | investisseur* | benefice* | rentab* | argent facile |
    travail a domicile | gagnant* | cadeau* | lot a gagner |
    заработ* | зарабат* | доход* | прибыл* | инвест* | крипт* | трейд* | биткоин* | пассивн* | без вложени* | приз* | выигр* | розыгрыш* |
    подар*`,
};

type Phrase = { kind: Kind; label: string; words: string[]; stems: boolean[] };

/**
 * Lookup key: a word's first three UTF-16 units (shorter words whole) as one number, so a stem
 * finds its words and no string is built per word of the comment.
 */
const keyOf = (w: string) =>
  (w.charCodeAt(0) * 0x10000 + (w.length > 1 ? w.charCodeAt(1) : 0)) * 0x10000 + (w.length > 2 ? w.charCodeAt(2) : 0);

const BY_KEY = new Map<number, Phrase[]>();
for (const [kind, list] of Object.entries(PHRASES) as [Kind, string][]) {
  for (const source of list.split('|').map((p) => p.trim().replace(/\s+/g, ' '))) {
    const parts = source.split(' ');
    const stems = parts.map((w) => w.endsWith('*'));
    const words = parts.map((w) => skeleton(w.replace(/\*$/, '')));
    // A stem is found through its first three characters: shorter ones would never be looked up.
    if (stems[0] && words[0].length < 3) throw new Error(`stem too short: ${source}`);
    const key = keyOf(words[0]);
    const list = BY_KEY.get(key) ?? [];
    list.push({ kind, label: source.replace(/\*/g, '…'), words, stems });
    BY_KEY.set(key, list);
  }
}
// Longer phrases first: "customer service" is named rather than "customer".
for (const list of BY_KEY.values()) list.sort((a, b) => b.words.length - a.words.length);

function matchesAt(p: Phrase, ws: readonly Word[], i: number): boolean {
  if (i + p.words.length > ws.length) return false;
  for (let j = 0; j < p.words.length; j++) {
    const w = ws[i + j].text;
    if (p.stems[j] ? !w.startsWith(p.words[j]) : w !== p.words[j]) return false;
  }
  return true;
}

/** Every phrase found, at most one per starting word (the longest). */
export function findPhrases(ws: readonly Word[]): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < ws.length; i++) {
    const candidates = BY_KEY.get(keyOf(ws[i].text));
    if (!candidates) continue;
    const p = candidates.find((c) => matchesAt(c, ws, i));
    if (p) hits.push({ kind: p.kind, label: p.label, at: ws[i].at });
  }
  return hits;
}
