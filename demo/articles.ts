// The demo newsroom's articles. Written for Parley; not taken from any publication.

export type Article = {
  slug: string;
  title: string;
  dateline: string;
  date: string;
  standfirst: string;
  paragraphs: string[];
};

export const ARTICLES: Article[] = [
  {
    slug: 'france-russia-syria',
    title: 'France, Russia team on Syrian fight',
    dateline: 'PARIS',
    date: '2026-11-27',
    standfirst:
      'Paris and Moscow agree to share intelligence on militant positions, while differences over the future of Syria remain.',
    paragraphs: [
      'French and Russian officials said on Thursday that their militaries would exchange information on targets in Syria, a step that diplomats in Paris described as practical rather than a change of alliance.',
      'The arrangement, set out after a meeting at the Élysée Palace, covers the coordination of air operations against armed groups in the east of the country and a channel between the two general staffs meant to avoid incidents in crowded airspace.',
      'Both sides stressed the limits of the deal. A French official, speaking on condition of anonymity because the talks were not public, said Paris had not changed its view that a lasting settlement requires a political transition in Damascus.',
      'Russian representatives described the talks as constructive and said further meetings of military experts were planned for the coming weeks.',
      'Humanitarian organisations welcomed any step that might reduce civilian casualties but asked both governments to publish how strikes would be verified.',
    ],
  },
  {
    slug: 'city-budget-libraries',
    title: 'City council keeps libraries open on Sundays',
    dateline: 'LYON',
    date: '2026-11-26',
    standfirst: 'A late amendment finds the money for weekend opening hours in eight neighbourhood libraries.',
    paragraphs: [
      'Councillors voted 41 to 18 on Wednesday evening to fund Sunday opening at eight branch libraries for another year, reversing a cut proposed in the first draft of the budget.',
      'The amendment moves money from a delayed road project. Library staff unions said they would negotiate the rota in January.',
    ],
  },
  {
    slug: 'rail-strike-weekend',
    title: 'Weekend rail services cut as strike continues',
    dateline: 'MARSEILLE',
    date: '2026-11-25',
    standfirst: 'Regional trains will run at about half their usual frequency on Saturday and Sunday.',
    paragraphs: [
      'The regional operator said on Tuesday that about one train in two would run on the coastal line this weekend, with replacement coaches on two inland routes.',
      'Talks between management and unions are scheduled to resume on Monday.',
    ],
  },
];
