// Sentences of the kind readers write under news articles, written for Parley's benchmarks.
// Comments are made of one to four of them, so benchmark texts have the length and the
// function words of real comments (which matter to the spam checks' cost) rather than random
// word lists.
const SENTENCES = [
  'I read the whole article twice and I still do not understand why the council waited so long.',
  'The figures in the third paragraph do not match the ones the ministry published last week.',
  'This is the first time I have seen the paper explain the budget in a way that makes sense.',
  'My grandmother lived through the last strike and she says it was worse than anything we see now.',
  'It would help if the reporter had asked the mayor about the railway, which is what most of us care about.',
  'There is a difference between a ceasefire and a treaty, and the headline mixes them up.',
  'We moved to the village ten years ago and the school has been short of teachers ever since.',
  'I agree with most of this, but the point about rents ignores what happened after the market crashed.',
  'Thanks for the clear reporting on a subject that is usually buried in jargon.',
  'The interview with the nurse was the most honest thing I have read about the hospital in months.',
  'Does anyone know whether the new rules apply to people who are already on the waiting list?',
  'The editor should publish a correction, because the vote was not unanimous as the article says.',
  'I was at the meeting and the minister never said that the border would close in the summer.',
  'It is easy to blame the unions, but wages have not kept up with prices for a decade.',
  'The library in our town has been open on Sundays since the spring and it is always full.',
  'Whoever wrote the caption under the photo has never been to the harbour.',
  'We need more of this kind of local journalism and less commentary from people in the capital.',
  'The article is fair, but it leaves out the opinion of the farmers who will lose their land.',
  'My son takes that train every morning and the delays have been getting longer all winter.',
  'If the treaty is signed, the first thing to change will be the price of fuel near the border.',
  'I disagree with the previous comment: the report was commissioned before the election, not after.',
  'How many of the new houses will actually be affordable for families on an ordinary income?',
  'The weather office warned about the floods three days before, and nobody in the town hall listened.',
  'Good question from the journalist at the end, and a very evasive answer from the spokesman.',
  'It is worth reading the full statement, which is more careful than the quotes suggest.',
  'Our street has had no post for two weeks and the company has not said why.',
  'The history of this dispute goes back much further than the article suggests.',
  'I would like to know who paid for the study that the minister keeps quoting.',
  'The teachers I know are not against the reform, they just want to be asked first.',
  'A careful piece on a difficult subject; thank you for not turning it into a shouting match.',
];

/** One comment body from 1–4 sentences; the serial keeps every body distinct. */
export function newsComment(rng: () => number, serial: string): string {
  const n = 1 + Math.floor(rng() * 4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(SENTENCES[Math.floor(rng() * SENTENCES.length)]);
  return `${parts.join(' ')} (${serial})`;
}
