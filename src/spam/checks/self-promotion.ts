import type { Check } from '../check.ts';
import { countLinks } from './links.ts';
import { unmixed } from '../unmixed.ts';
import { phrase, phraseText } from './phrase-text.ts';

// The comment as an advertisement for its writer: "check out my channel", "subscribe to me",
// "I'll follow you back", "visit my blog". It is the oldest comment spam there is, and the same
// on a video site, a blog or under a news story: readers answer the article, they do not ask
// other readers to go and look at their own page. It takes the writer's own thing ("my channel",
// "our page") or a reciprocal deal: "check out the report" or "subscribe to the paper" are not it.

const W = phrase;

// "chanel", "chhanel", "suscribe", "sucscribe": the words this spam is made of, as it types them.
const CHANNEL = 'ch+an+el+';
const SUBSCRIBE = '(?:subscri?be?|subcribe|suscri?be?|sucscribe|subscibe|subsribe|subscrible|subscirbe|subsrcibe)';
const EN_THING = `(?:new |newest |youtube |yt |insta(?:gram)? |official |music |first |latest |little |gaming )?(?:${CHANNEL}|page|profile|blog|site|website|web site|videos?|vids|music|songs?|tracks?|mixtape|stor(?:y|ies)|account|shop|store|art|stuff|content|podcast|stream|playlist|covers?|app|raps?|rapping|remix(?:es)?|album|beats?)`;
const FR_THING = `(?:cha[iî]ne|page|profil|blog|site|vid[eé]os?|boutique|musique|compte)`;
const RU_THING = String.raw`(?:канал\p{L}*|страниц\p{L}*|профил\p{L}*|блог\p{L}*|сайт\p{L}*|видео|магазин\p{L}*|групп\p{L}*|паблик\p{L}*|аккаунт\p{L}*)`;

/** Asking readers to go and look at, or follow, the writer's own page. */
const ASK = new RegExp(
  [
    W(
      `(?:check|checkout|visit|see|watch|view|look at|go to|come to|stop by|drop by|head over to|hop over to|click on|listen to|take a look at)(?: out)?(?: at)? (?:my|our) ${EN_THING}`,
    ),
    // "like me" and "follow me" are also a reader's words ("they don't like me", "if you follow me"):
    // only a page of the writer's, or a network named, makes them an ask.
    W(`(?:${SUBSCRIBE}|sub)(?: to)? (?:me|us)|(?:${SUBSCRIBE}|sub|follow|like)(?: to)? (?:my|our) ${EN_THING}`),
    // A subscriber goal: "if I get 100 subscribers I'll …", "help me reach 1k subs".
    W(
      String.raw`(?:if i (?:get|reach|hit|make it to)|help me (?:get|reach|hit)|(?:trying|want|wanna|hoping) to (?:get|reach|hit)) (?:to )?\d[\d,. ]*k? (?:subs|subscribers|followers)`,
    ),
    // The writer introduced as a newcomer to be discovered: "I'm a new youtuber", "I am a small rapper".
    W(
      `(?:i'?m|i am) (?:a |an )?(?:new|small|little|young|upcoming|aspiring|up and coming) (?:youtuber|streamer|vlogger|rapper|music producer)`,
    ),
    W(
      `follow (?:me|us) (?:on|at) (?:twitter|x|instagram|insta|ig|youtube|yt|tiktok|twitch|facebook|fb|snapchat|telegram)`,
    ),
    W(`(?:please|plz|pls|pleas) (?:${SUBSCRIBE}|sub|follow me|like my|share my|check (?:out )?my|visit my)`),
    W(`abonne[zr]?[- ]?(?:vous|toi)|suivez[- ]moi|suis[- ]moi`),
    W(
      `(?:allez|venez|passez|visitez|regardez|d[eé]couvrez|jetez un (?:œ|oe)il [àa])(?: voir| sur| faire un tour sur)? (?:ma|mon|notre|nos|mes) ${FR_THING}`,
    ),
    W(`подпиш(?:ись|итесь)`),
    W(
      `(?:заходи|заходите|загляни|загляните|посмотри|посмотрите|переходи|переходите|зацени|зацените)(?: на| в)? (?:мой|мою|моё|мое|мои|наш|нашу|наше|наши) ${RU_THING}`,
    ),
    W(`лайкни(?:те)?`),
  ].join('|'),
  'iu',
);

/** The reciprocal deal: I follow you if you follow me. */
const DEAL = new RegExp(
  [
    W(`(?:i'?ll|i will|and i|i) (?:subscribe|sub|follow|like)(?: to)?(?: you| yours| your channel)? back`),
    W(`sub ?(?:4|for) ?sub|follow ?(?:4|for) ?follow|like ?(?:4|for) ?like|f4f|l4l|s4s`),
    W(`je (?:m'?abonne|te suis|vous suis) en retour|abonnement mutuel`),
    W(String.raw`взаимн\p{L}* подписк\p{L}*|подпишусь в ответ`),
  ].join('|'),
  'iu',
);

const HINT =
  /\b(?:my|our)\b|\bsub|susc|sucs|follow|\blike ?(?:4|for)|youtuber|streamer|vlogger|rapper|producer|abonn|\bsuis\b|suivez|\bma\s|\bmon\s|\bmes\s|\bnotre\b|\bnos\s|мо[йюеёи]|наш|подпи|лайк|f4f|l4l|s4s/iu;

/**
 * Asking readers to look at or follow the writer's own page: 3 points (a hold), 3.5 for a
 * reciprocal deal (sub for sub), +1 with a link in the text. Of the 26,000 legitimate comments
 * in the corpora it fires on none (two Instagram comments labelled legitimate that ask to see a
 * profile): a moderator should see what it finds, not the readers. Never spam on its own: the
 * classifier or another check has to agree.
 */
export const selfPromotion: Check = {
  name: 'self-promotion',
  wording: true,
  explained: "whether the comment asks readers to visit, follow or subscribe to the writer's own page",
  run(ctx) {
    // Every pattern holds one of these words: a comment with none of them, even once its words
    // disguised in two scripts are put back in one, is not read further.
    if (!HINT.test(ctx.body) && !HINT.test(unmixed(ctx.body))) return null;
    // One pass over a plain copy: spaces and apostrophes as the patterns write them (the copy is
    // shared with the advert check).
    const text = phraseText(ctx.body);
    const deal = DEAL.test(text);
    const ask = deal || ASK.test(text);
    if (!ask) return null;
    const linked = countLinks(ctx.body) > 0;
    const parts = [deal ? 'offers to follow readers back' : "asks readers to visit or follow the writer's own page"];
    if (linked) parts.push('with a link');
    return { score: (deal ? 3.5 : 3) + (linked ? 1 : 0), reason: parts.join('; ') };
  },
};
